#!/bin/sh
# contrib/sysvinit/sockactd against a real sockactd: `start` returns only once the daemon sent READY=1
# (start-stop-daemon --notify-await), so an enabled socket answers at once; the pid file names the daemon;
# `status` follows LSB (0 running, 3 stopped); a second `start` and `reload` (SIGHUP) keep the same daemon;
# `stop` ends it and removes the pid file. The script's settings come from a defaults file of the test's own
# (a user instance in $TMP) instead of /etc/default/sockactd.
. "$(dirname "$0")/lib.sh"

CLIENT="$top_builddir/tests/tools/sa-client"
INIT="$top_srcdir/contrib/sysvinit/sockactd"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }

command -v start-stop-daemon >/dev/null 2>&1 || skip "start-stop-daemon not found"
start-stop-daemon --help 2>&1 | grep -q -- '--notify-await' || skip "start-stop-daemon has no --notify-await"

pick_ports_slot 7 1 || exit 1
U="$TMP/units"
mkdir -p "$U/sockets.target.wants" "$TMP/run"
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$PORT_BASE" >"$U/echo.socket"
printf '[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' >"$U/echo@.service"
ln -s ../echo.socket "$U/sockets.target.wants/echo.socket"
cat >"$TMP/defaults" <<EOF
DAEMON="$SOCKACTD"
PIDFILE="$TMP/sockactd.pid"
DAEMON_ARGS="--user --unit-path=$U --runtime-dir=$TMP/run --config=$TMP/sockactd.conf --log-target=console"
START_TIMEOUT=20
STOP_TIMEOUT=20
EOF
SOCKACTD_DEFAULTS="$TMP/defaults"
export SOCKACTD_DEFAULTS
init() { bounded 40 sh "$INIT" "$@"; }

rc=0; init status >"$TMP/out" 2>&1 || rc=$?
check "status before start: 3 (got $rc: $(cat "$TMP/out"))" test "$rc" -eq 3

rc=0; init start >"$TMP/out" 2>&1 || rc=$?
check "start exits 0 (got $rc: $(cat "$TMP/out"))" test "$rc" -eq 0
# no waiting: start returned after READY=1, so the socket listens now
out=$(bounded 10 "$CLIENT" "127.0.0.1:$PORT_BASE" "ready") || true
check "the enabled socket answers as soon as start returned (got '$out')" test "$out" = "ready"
pid=$(cat "$TMP/sockactd.pid" 2>/dev/null)
DAEMON_PID=$pid # cleaned up by lib.sh should the test fail half-way
check "the pid file names the running sockactd (pid '$pid')" \
        sh -c "[ -n '$pid' ] && [ \"\$(cat /proc/$pid/comm 2>/dev/null)\" = sockactd ]"
check "... which is the daemon listening on the port" daemon_listens_tcp 127.0.0.1 "$PORT_BASE"

rc=0; init status >"$TMP/out" 2>&1 || rc=$?
check "status while running: 0 (got $rc: $(cat "$TMP/out"))" test "$rc" -eq 0

rc=0; init start >"$TMP/out" 2>&1 || rc=$?
check "a second start exits 0 (got $rc: $(cat "$TMP/out"))" test "$rc" -eq 0
check "... saying it already runs" grep -q "already running" "$TMP/out"
check "... and keeps the same daemon" test "$(cat "$TMP/sockactd.pid")" = "$pid"

rc=0; init reload >"$TMP/out" 2>&1 || rc=$?
check "reload exits 0 (got $rc: $(cat "$TMP/out"))" test "$rc" -eq 0
sleep 0.5
check "... and the daemon still runs after SIGHUP" kill -0 "$pid"
out=$(bounded 10 "$CLIENT" "127.0.0.1:$PORT_BASE" "after reload") || true
check "... and still answers (got '$out')" test "$out" = "after reload"

rc=0; init stop >"$TMP/out" 2>&1 || rc=$?
check "stop exits 0 (got $rc: $(cat "$TMP/out"))" test "$rc" -eq 0
check "... the daemon is gone" sh -c "! kill -0 $pid 2>/dev/null"
check "... the pid file is removed" test ! -e "$TMP/sockactd.pid"
check "... the port is closed" sh -c "! '$CLIENT' 127.0.0.1:$PORT_BASE x >/dev/null 2>&1"
DAEMON_PID=""

rc=0; init status >"$TMP/out" 2>&1 || rc=$?
check "status after stop: 3 (got $rc: $(cat "$TMP/out"))" test "$rc" -eq 3
rc=0; init stop >"$TMP/out" 2>&1 || rc=$?
check "stop when stopped exits 0 (got $rc)" test "$rc" -eq 0

# a daemon that cannot start (its settings file is missing): start fails instead of claiming success, once
# START_TIMEOUT has passed (start-stop-daemon does not notice that the daemon exited)
sed -i -e "s|--config=$TMP/sockactd.conf|--config=$TMP/missing.conf|" -e "s|^START_TIMEOUT=.*|START_TIMEOUT=2|" \
        "$TMP/defaults"
rc=0; init start >"$TMP/out" 2>&1 || rc=$?
check "start of a daemon that exits at once fails (got $rc: $(cat "$TMP/out"))" test "$rc" -ne 0
rc=0; init status >/dev/null 2>&1 || rc=$?
check "... and status says it is not running (got $rc)" sh -c "[ $rc -eq 3 ] || [ $rc -eq 1 ]"
finish
