#!/bin/sh
# The example units in units/ (what ./quickstart demo runs and `make install` ships) under a real sockactd:
# they verify, and each one answers as its comment says — echo (Accept=yes, /bin/cat), daytime (date), uname
# over a Unix socket in %t, and hello (Accept=no: one hello-server for all connections, sd_listen_fds_with_names,
# Type=notify, gone when idle and started again by the next connection). Only the ports (free ones instead of
# the fixed ones) and the path of hello-server (the built one) are changed, by drop-ins, as the demo does.
. "$(dirname "$0")/lib.sh"

CLIENT="$top_builddir/tests/tools/sa-client"
SERVER="$top_builddir/contrib/example-server/hello-server"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
contains() { case $1 in *"$2"*) return 0 ;; esac; return 1; }

# ---- every shipped unit verifies (hello.service is made by make from hello.service.in) ----
upath="$TMP/units:$top_builddir/units:$top_srcdir/units"
# (in a build in the source tree, units/hello.service is found twice: counted once)
for u in "$top_srcdir"/units/*.socket "$top_srcdir"/units/*.service "$top_builddir"/units/*.service; do
        [ -f "$u" ] && printf '%s\n' "$u"
done | sort -u >"$TMP/units.list"
n=0
while read -r u; do
        n=$((n + 1))
        if ! "$SOCKACTCTL" verify --unit-path="$upath" "$u" >"$TMP/verify.log" 2>&1; then
                fail "sockactctl verify $(basename "$u"):"; cat "$TMP/verify.log"
        elif [ -s "$TMP/verify.log" ]; then
                fail "sockactctl verify $(basename "$u") printed diagnostics:"; cat "$TMP/verify.log"
        else
                pass
        fi
done <"$TMP/units.list"
check "8 example units verified (found $n)" test "$n" -eq 8
check "hello.service names the installed server" \
        grep -q "^ExecStart=/.*/sockact/hello-server --exit-idle=60\$" "$top_builddir/units/hello.service"

# ---- hello-server outside a socket unit: a clear refusal ----
rc=0; "$SERVER" >"$TMP/alone.out" 2>&1 || rc=$?
check "hello-server without sockets exits 1 (got $rc)" test "$rc" -eq 1
check "... saying why" grep -q "no listening sockets were passed" "$TMP/alone.out"
rc=0; "$SERVER" --exit-idle=soon >/dev/null 2>&1 || rc=$?
check "hello-server --exit-idle=soon is a usage error (got $rc)" test "$rc" -eq 2

# ---- the units under sockactd, on free ports ----
pick_ports_slot 7 3 || exit 1
p_echo=$PORT_BASE p_daytime=$((PORT_BASE + 1)) p_hello=$((PORT_BASE + 2))
U="$TMP/units"
for s in "echo:$p_echo" "daytime:$p_daytime" "hello:$p_hello"; do
        mkdir -p "$U/${s%%:*}.socket.d"
        printf '[Socket]\nListenStream=\nListenStream=127.0.0.1:%s\n' "${s#*:}" >"$U/${s%%:*}.socket.d/50-test.conf"
done
mkdir -p "$U/hello.service.d"
printf '[Service]\nExecStart=\nExecStart=%s --exit-idle=1\n' "$SERVER" >"$U/hello.service.d/50-test.conf"
# %t of a user instance: uname.socket puts its socket there
mkdir -p "$TMP/xdg"
XDG_RUNTIME_DIR="$TMP/xdg"
export XDG_RUNTIME_DIR

start_daemon --unit-path="$upath" echo.socket daytime.socket uname.socket hello.socket ||
        { fail "daemon did not start"; finish; }
check "4 socket units listening, 0 failed" grep -q "4 socket unit(s) listening, 0 failed" "$TMP/ready.log"

out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_echo" "hello, sockact") || fail "echo: connection failed"
check "echo.socket: the input comes back ($out)" test "$out" = "hello, sockact"

out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_daytime") || fail "daytime: connection failed"
check "daytime.socket: an RFC 3339 date ($out)" \
        sh -c "printf '%s\n' '$out' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}\$'"

check "uname.socket: the socket is in %t" test -S "$TMP/xdg/sockact-uname.sock"
out=$(bounded 15 "$CLIENT" "$TMP/xdg/sockact-uname.sock") || fail "uname: connection failed"
check "uname.socket: uname -a ($out)" test "$out" = "$(uname -a)"

out1=$(bounded 15 "$CLIENT" "127.0.0.1:$p_hello") || fail "hello: first connection failed"
out2=$(bounded 15 "$CLIENT" "127.0.0.1:$p_hello") || fail "hello: second connection failed"
pid1=$(printf '%s\n' "$out1" | sed -n 's/^hello from hello-server (pid \([0-9]*\)): .*/\1/p')
pid2=$(printf '%s\n' "$out2" | sed -n 's/^hello from hello-server (pid \([0-9]*\)): .*/\1/p')
check "hello.socket: first connection answered ($out1)" \
        test "$out1" = "hello from hello-server (pid $pid1): connection 1, on listener \"hello\""
check "hello.socket: the same process answers the second ($out2)" \
        test "$out2" = "hello from hello-server (pid $pid1): connection 2, on listener \"hello\""
check "hello.socket: the server's pid is not empty" test -n "$pid1"
check "hello.service: Type=notify, the server's READY=1 arrived" grep -q "hello.service: Service is ready." "$TMP/daemon.log"
# idle for a second: the server exits, the socket stays, the next connection starts a new server
check "hello-server exits when idle" wait_for 10 grep -q "idle for 1 s after 2 connection(s), exiting" "$TMP/daemon.log"
check "... and is gone" wait_for 5 sh -c "! kill -0 $pid1"
check "... with exit status 0" \
        wait_for 5 grep -q "hello.service: Main process exited, code=exited, status=0/SUCCESS" "$TMP/daemon.log"
check "... after STOPPING=1" grep -q "hello.service: Service is stopping." "$TMP/daemon.log"
out3=$(bounded 15 "$CLIENT" "127.0.0.1:$p_hello") || fail "hello: connection after the idle exit failed"
pid3=$(printf '%s\n' "$out3" | sed -n 's/^hello from hello-server (pid \([0-9]*\)): .*/\1/p')
check "hello.socket: the next connection starts a new server ($out3)" \
        sh -c "[ -n '$pid3' ] && [ '$pid3' != '$pid1' ] && [ '$out3' = 'hello from hello-server (pid $pid3): connection 1, on listener \"hello\"' ]"
check "hello.service never failed" sh -c "! grep -q 'hello.service: Failed' '$TMP/daemon.log'"

rc=0; stop_daemon TERM || rc=$?
check "daemon exit 0 (got $rc)" test "$rc" -eq 0
check "uname.socket: RemoveOnStop=yes removed the socket file" test ! -e "$TMP/xdg/sockact-uname.sock"
[ "$n_fail" -eq 0 ] || { echo "--- daemon log"; cat "$TMP/daemon.log"; }
finish
