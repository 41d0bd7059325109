#!/bin/sh
# The container example without a container runtime: the ENTRYPOINT of contrib/container/Containerfile runs
# as PID 1 of new PID, mount and network namespaces (unshare), on the unit set the image gets
# (contrib/container/setup-units.sh on the example units), with /etc/sockact and /run private to the
# namespace as in the image. It must come up as PID 1 in system mode, serve every example unit on the
# container's addresses, and stop cleanly on SIGTERM (what `podman stop` sends), taking its services along.
# Only the program's path differs (the built sockactd) and hello.service runs the built hello-server.
. "$(dirname "$0")/lib.sh"

CLIENT="$top_builddir/tests/tools/sa-client"
CF="$top_srcdir/contrib/container/Containerfile"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }

[ "$(id -u)" -eq 0 ] || skip "needs root (unshare of PID, mount and network namespaces)"
for c in unshare nsenter ip ss; do
        command -v "$c" >/dev/null 2>&1 || skip "$c not found"
done

# ---- the entry point, as the Containerfile says ----
ep=$(sed -n 's/^ENTRYPOINT *\[\(.*\)\] *$/\1/p' "$CF")
check "the Containerfile has an exec-form ENTRYPOINT ($ep)" test -n "$ep"
printf '%s\n' "$ep" | tr ',' '\n' | sed 's/^ *"//; s/" *$//' >"$TMP/entrypoint"
check "ENTRYPOINT runs /usr/sbin/sockactd in system mode ($(tr '\n' ' ' <"$TMP/entrypoint"))" \
        sh -c "[ \"\$(head -n 1 '$TMP/entrypoint')\" = /usr/sbin/sockactd ] &&
               grep -qx -- --system '$TMP/entrypoint'"
set --
while read -r a; do
        [ "$a" = /usr/sbin/sockactd ] && a=$SOCKACTD
        set -- "$@" "$a"
done <"$TMP/entrypoint"

# ---- the image's units: the installed examples, set up by the image's own script ----
mkdir -p "$TMP/examples" "$TMP/etc-sockact/system"
cp "$top_srcdir"/units/*.socket "$top_srcdir"/units/*.service "$TMP/examples/"
cp "$top_builddir"/units/*.service "$TMP/examples/"
rc=0
sh "$top_srcdir/contrib/container/setup-units.sh" "$TMP/examples" "$TMP/etc-sockact/system" \
        "$top_srcdir/contrib/container/units" >"$TMP/setup.log" 2>&1 || rc=$?
check "setup-units.sh exits 0 (got $rc: $(cat "$TMP/setup.log"))" test "$rc" -eq 0
n=$(ls "$TMP/etc-sockact/system/sockets.target.wants" | wc -l)
check "setup-units.sh enabled the 4 example sockets (found $n)" test "$n" -eq 4
mkdir -p "$TMP/etc-sockact/system/hello.service.d"
printf '[Service]\nExecStart=\nExecStart=%s\n' "$top_builddir/contrib/example-server/hello-server" \
        >"$TMP/etc-sockact/system/hello.service.d/60-test.conf"

# /etc/sockact must exist to be mounted over; created here (and removed afterwards) only if missing
created_etc=no
if [ ! -d /etc/sockact ]; then
        mkdir /etc/sockact && created_etc=yes
fi
# The container's network namespace, made first and kept in a file: notify-wait, which receives READY=1,
# must be in it too (a Unix socket is not reachable from another network namespace).
NETNS="$TMP/netns"
: >"$NETNS"
cleanup() {
        umount "$NETNS" 2>/dev/null
        cleanup_daemon
        [ "$created_etc" = yes ] && rmdir /etc/sockact 2>/dev/null
}
trap cleanup EXIT
unshare --net="$NETNS" true && nsenter --net="$NETNS" ip link set lo up ||
        skip "cannot make a persistent network namespace"

rm -f "$TMP/ready"
nsenter --net="$NETNS" "$NOTIFY_WAIT" "$TMP/ready" 20 -- \
        unshare --pid --fork --kill-child --mount-proc --propagation private \
        sh -c 'mount --bind "$1" /etc/sockact && mount -t tmpfs tmpfs /run && shift && exec "$@"' \
        sh "$TMP/etc-sockact" "$@" >"$TMP/pid1.log" 2>&1 &
waiter=$!
if ! wait_for 20 test -s "$TMP/ready"; then
        fail "the entry point did not become ready:"; cat "$TMP/pid1.log"
        kill "$waiter" 2>/dev/null; wait "$waiter" 2>/dev/null
        finish
fi
unshare_pid=$(cat "$TMP/ready")
pid1=$(ps -o pid= --ppid "$unshare_pid" | tr -d ' ' | head -n 1)
DAEMON_PID=$pid1 DAEMON_WAITER=$waiter # cleaned up by lib.sh should the test fail half-way
check "sockactd runs as PID 1 of its namespace" grep -q "^NSpid:.*[[:space:]]1$" "/proc/$pid1/status"
check "... it is sockactd itself, not a shell" test "$(cat "/proc/$pid1/comm")" = sockactd
check "... in system mode, runtime directory /run/sockact" \
        grep -q "starting (system instance, runtime directory /run/sockact)" "$TMP/pid1.log"
check "... with the 4 enabled example sockets listening" \
        grep -q "4 socket unit(s) listening, 0 failed" "$TMP/pid1.log"

# clients in the container's network namespace only: in its mount namespace /proc shows the container's
# processes, not the client itself (which a sanitizer build of the client needs); the container's /run is
# reached through /proc/PID/root
inside() { bounded 15 nsenter --target "$pid1" --net "$@"; }
check "echo listens on every address of the container (drop-in)" \
        sh -c "nsenter --target $pid1 --net ss -Hltn 'sport = :7777' | grep -q '0.0.0.0:7777'"
out=$(inside "$CLIENT" 127.0.0.1:7777 "from outside") || true
check "echo answers in the container (got '$out')" test "$out" = "from outside"
out=$(inside "$CLIENT" 127.0.0.1:13013) || true
check "daytime answers (got '$out')" sh -c "printf '%s\n' '$out' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} '"
out=$(inside "$CLIENT" "/proc/$pid1/root/run/sockact-uname.sock") || true
check "uname answers on /run/sockact-uname.sock (got '$out')" test "$out" = "$(uname -a)"
out=$(inside "$CLIENT" 127.0.0.1:7778) || true
check "hello answers (got '$out')" sh -c "printf '%s\n' '$out' |
        grep -q '^hello from hello-server (pid [0-9]*): connection 1, on listener \"hello\"\$'"
hello=$(ps -o pid=,comm= --ppid "$pid1" | awk '$2 == "hello-server" { print $1 }')
check "hello-server is a child of PID 1 (pid '$hello')" test -n "$hello"

# `podman stop`: SIGTERM to PID 1
kill -TERM "$pid1"
rc=0; wait "$waiter" || rc=$?
DAEMON_PID=""
check "SIGTERM stops PID 1 cleanly (exit $rc)" test "$rc" -eq 0
check "... after stopping hello-server" sh -c "[ -n '$hello' ] && ! kill -0 '$hello' 2>/dev/null"
check "... as its log says" grep -q "Received SIGTERM, stopping." "$TMP/pid1.log"
[ "$n_fail" -eq 0 ] || { echo "--- log"; cat "$TMP/pid1.log"; }
finish
