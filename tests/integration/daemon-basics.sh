#!/bin/sh
# sockactd as a process: command line, readiness, runtime directory, enabled units, a broken unit that does
# not harm the others, RLIMIT_NOFILE, and an orderly stop on SIGTERM and SIGINT.
. "$(dirname "$0")/lib.sh"

check() { # label command...
        label=$1; shift
        if "$@"; then pass; else fail "$label"; fi
}

# Command line.
rc=0; "$SOCKACTD" --help >"$TMP/out" 2>&1 || rc=$?
check "--help exits 0" test "$rc" -eq 0
check "--help shows the synopsis" grep -q -- "--runtime-dir=DIR" "$TMP/out"
rc=0; "$SOCKACTD" --version >"$TMP/out" 2>&1 || rc=$?
check "--version" grep -q "^sockactd [0-9]" "$TMP/out"
rc=0; "$SOCKACTD" --frobnicate >/dev/null 2>&1 || rc=$?
check "unknown option exits 2" test "$rc" -eq 2
rc=0; "$SOCKACTD" --log-level=loud >/dev/null 2>&1 || rc=$?
check "bad --log-level exits 2" test "$rc" -eq 2
rc=0; "$SOCKACTD" --runtime-dir=relative >/dev/null 2>&1 || rc=$?
check "relative --runtime-dir exits 2" test "$rc" -eq 2
rc=0; env -u XDG_RUNTIME_DIR "$SOCKACTD" --user --unit-path="$TMP" >"$TMP/out" 2>&1 || rc=$?
check "user instance without XDG_RUNTIME_DIR exits 1" test "$rc" -eq 1
check "... and says why" grep -q "XDG_RUNTIME_DIR" "$TMP/out"
rc=0; "$SOCKACTD" --user --unit-path="$TMP" --runtime-dir="$TMP/x" --config="$TMP/nonexistent.conf" >"$TMP/out" 2>&1 || rc=$?
check "missing --config file exits 1" test "$rc" -eq 1

# Units: one enabled, one named on the command line, one broken, one whose address is taken.
pick_ports_slot 0 3 || exit 1
port1=$PORT_BASE; port2=$((port1 + 1)); port3=$((port1 + 2))
mkdir -p "$TMP/units/sockets.target.wants"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$port1" >"$TMP/units/one.socket"
printf '[Service]\nExecStart=/bin/cat\n' >"$TMP/units/one.service"
ln -s ../one.socket "$TMP/units/sockets.target.wants/one.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$port2" >"$TMP/units/two.socket"
printf '[Socket]\nListenStream=garbage\n' >"$TMP/units/broken.socket"
ln -s ../broken.socket "$TMP/units/sockets.target.wants/broken.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=127.0.0.1:%s\n' "$port3" "$port1" >"$TMP/units/taken.socket"

if start_daemon two.socket taken.socket nosuch.socket; then
        pass
        check "enabled socket listens" daemon_listens_tcp 127.0.0.1 "$port1"
        check "socket named on the command line listens" daemon_listens_tcp 127.0.0.1 "$port2"
        check "runtime directory created" test -d "$TMP/run"
        check "broken unit reported with file and line" grep -q "broken.socket:2: Failed to parse address value in 'garbage', refusing" "$TMP/daemon.log"
        check "address in use fails that unit" grep -q "taken.socket: Failed to listen on 127.0.0.1:$port1" "$TMP/daemon.log"
        check "... and releases its other listener" sh -c "! ss -Hltn 'sport = :$port3' | grep -q ."
        check "missing unit reported" grep -q "nosuch.socket: Unit failed to load: Unit nosuch.socket not found." "$TMP/daemon.log"
        check "READY=1 carries a status" grep -q "STATUS=2 socket unit(s) listening, 3 failed" "$TMP/ready.log"
        soft=$(awk '/Max open files/ {print $4}' "/proc/$DAEMON_PID/limits")
        hard=$(awk '/Max open files/ {print $5}' "/proc/$DAEMON_PID/limits")
        check "RLIMIT_NOFILE raised to the hard limit ($soft/$hard)" test "$soft" = "$hard"
        rc=0; stop_daemon TERM || rc=$?
        check "SIGTERM: exit 0 (got $rc)" test "$rc" -eq 0
        check "listeners closed after stop" sh -c "! ss -Hltn 'sport = :$port1' | grep -q ."
else
        fail "daemon did not start"
fi

if start_daemon; then
        rc=0; stop_daemon INT || rc=$?
        check "SIGINT: exit 0 (got $rc)" test "$rc" -eq 0
else
        fail "daemon did not start (second run)"
fi

# sockactd.conf(5): LogTime= puts the time first on the console; LogColor= colours warnings on a terminal
# (not elsewhere). The warning: an unknown key in a unit file.
mkdir -p "$TMP/lt/units"
printf '[Socket]\nListenStream=%s/lt.sock\nNoSuchKey=1\n' "$TMP/lt" >"$TMP/lt/units/lt.socket"
printf '[Manager]\nLogTime=yes\nLogColor=yes\n' >"$TMP/lt/conf"
# run_lt LOG: sockactd on those units for a second, its console in LOG
run_lt() {
        "$SOCKACTD" --user --unit-path="$TMP/lt/units" --runtime-dir="$TMP/lt/run.$$" --config="$TMP/lt/conf" \
                --log-target=console lt.socket >"$1" 2>&1 &
        lt_pid=$!
        sleep 1
        kill "$lt_pid" 2>/dev/null; wait "$lt_pid" 2>/dev/null
}
run_lt "$TMP/lt/log"
check "LogTime=yes: the time first ($(head -n 1 "$TMP/lt/log"))" \
        grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} sockactd .* starting' "$TMP/lt/log"
check "LogColor=yes, not a terminal: no colour" sh -c "! grep -q \"\$(printf '\\033')\" '$TMP/lt/log'"
if command -v script >/dev/null 2>&1; then
        # on a terminal (script(1)'s pseudo-terminal), the same run
        cat >"$TMP/lt/run.sh" <<EOF
"$SOCKACTD" --user --unit-path="$TMP/lt/units" --runtime-dir="$TMP/lt/run.tty" --config="$TMP/lt/conf" --log-target=console lt.socket &
p=\$!
sleep 1
kill \$p
wait \$p
EOF
        bounded 20 script -qec "sh $TMP/lt/run.sh" "$TMP/lt/tty.log" >/dev/null 2>&1 || true
        check "LogColor=yes on a terminal: the warning in yellow" \
                grep -q "$(printf '\033')\[33;1m.*NoSuchKey" "$TMP/lt/tty.log"
else
        skip_part "no script(1): LogColor= on a terminal not tested"
fi
finish
