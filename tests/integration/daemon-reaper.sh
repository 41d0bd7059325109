#!/bin/sh
# sockactd is a child subreaper: a process a service leaves behind (its parent exits first) is re-parented to
# the daemon and reaped when it exits — no zombies. As root, the same daemon is also run as PID 1 of a new
# PID namespace (a container), where every orphan of the namespace comes to it.
. "$(dirname "$0")/lib.sh"

check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
U="$TMP/units"; mkdir -p "$U"
# the subshell starts "sleep 1.5" in the background and exits at once: the sleep is orphaned
printf "[Service]\nExecStart=/bin/sh -c '(sleep 1.5 &); exec sleep 600'\n" >"$U/orphans.service"

start_daemon orphans.service || { fail "daemon did not start"; finish; }
children() { ps -o stat=,comm= --ppid "$DAEMON_PID"; }
check "the orphan was re-parented to sockactd (children: $(children | tr '\n' ' '))" \
        wait_for 5 sh -c "[ \$(ps -o comm= --ppid $DAEMON_PID | grep -c '^sleep$') -eq 2 ]"
check "after it exited: reaped, no zombie, the service still runs" \
        wait_for 5 sh -c "[ \$(ps -o comm= --ppid $DAEMON_PID | grep -c '^sleep$') -eq 1 ] && ! ps -o stat= --ppid $DAEMON_PID | grep -q Z"
check "the service's main process is still tracked (daemon log has no exit for it)" \
        sh -c "! grep -q 'orphans.service: Main process exited' '$TMP/daemon.log'"
rc=0; stop_daemon TERM || rc=$?
check "daemon exit 0 (got $rc)" test "$rc" -eq 0

# PID 1 of a container
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1; then
        skip_part "running as PID 1 of a PID namespace needs root and unshare"
        finish
fi
rm -f "$TMP/ready"
"$NOTIFY_WAIT" "$TMP/ready" 20 -- unshare --pid --fork --kill-child --mount-proc "$SOCKACTD" --user \
        --unit-path="$TMP/units" --runtime-dir="$TMP/run" --config="$TMP/sockactd.conf" --log-target=console \
        --log-level=debug orphans.service >"$TMP/pid1.log" 2>&1 &
waiter=$!
if ! wait_for 20 test -s "$TMP/ready"; then
        fail "sockactd as PID 1 did not become ready"; cat "$TMP/pid1.log"; finish
fi
unshare_pid=$(cat "$TMP/ready")
pid1=$(ps -o pid= --ppid "$unshare_pid" | tr -d ' ' | head -n 1)
check "sockactd runs as PID 1 of its namespace" grep -q "^NSpid:.*[[:space:]]1$" "/proc/$pid1/status"
check "as PID 1: orphan re-parented and reaped, no zombie" \
        wait_for 6 sh -c "[ \$(ps -o comm= --ppid $pid1 | grep -c '^sleep$') -eq 1 ] && ! ps -o stat= --ppid $pid1 | grep -q Z"
kill -TERM "$pid1"
rc=0; wait "$waiter" || rc=$?
check "as PID 1: SIGTERM stops it cleanly (exit $rc)" test "$rc" -eq 0
finish
