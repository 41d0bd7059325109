#!/bin/sh
# The control interface (sd-bus peer to peer on $RUNTIME/private), driven from outside with busctl:
# introspection and the object tree, ListUnits/ListSockets after real connections, properties of sockets and
# services, Start/Stop/Restart/ResetFailed with their effect on the listeners and processes, UnitChanged,
# errors, garbage and idle clients, the log ring (GetUnitLog), authorization by SO_PEERCRED, the mode of the
# socket in system mode and the handling of what is found at its path.
. "$(dirname "$0")/lib.sh"

command -v busctl >/dev/null 2>&1 || skip "busctl not found"

CLIENT="$top_builddir/tests/tools/sa-client"
HOLD="$top_builddir/tests/tools/sa-hold"
WATCH="$top_builddir/tests/tools/sa-bus-watch"
ECHO="$top_builddir/tests/tools/listen-echo"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
contains() { case $1 in *"$2"*) return 0 ;; esac; return 1; }

# two ports, not necessarily adjacent (a busy machine may have every other port in TIME-WAIT)
pick_ports_slot 4 1 || exit 1
p_echo=$PORT_BASE p_web=$((PORT_BASE + 1)) n=0
while ! port_free "$p_web" && [ "$n" -lt 100 ]; do p_web=$((p_web + 1)); n=$((n + 1)); done
U="$TMP/units"; mkdir -p "$U/sockets.target.wants"
P="$TMP/run/private"

# Accept=yes on TCP and on a unix socket: one /bin/cat per connection.
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=%s/echo.sock\nAccept=yes\n' "$p_echo" "$TMP" >"$U/echo.socket"
printf '[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' >"$U/echo@.service"
ln -s ../echo.socket "$U/sockets.target.wants/echo.socket"
# Accept=no, not enabled: started and stopped over the bus.
printf '[Unit]\nDescription=Web listener\n[Socket]\nListenStream=127.0.0.1:%s\nListenStream=%s/web.sock\n' "$p_web" "$TMP" >"$U/web.socket"
printf '[Service]\nExecStart=%s 1\n' "$ECHO" >"$U/web.service"
# Type=notify with a status, writing to the log (stdout and stderr).
printf '[Service]\nType=notify\nNotifyAccess=all\nStandardOutput=journal\nExecStart=/bin/sh -c "echo line one; echo line two >&2; systemd-notify --ready --status=serving; exec sleep 600"\n' >"$U/talk.service"
# 150 lines: the ring keeps the last 100.
printf '[Service]\nType=oneshot\nRemainAfterExit=yes\nStandardOutput=journal\nExecStart=/bin/sh -c "i=1; while [ $$i -le 150 ]; do echo n $$i; i=$$((i+1)); done"\n' >"$U/chatty.service"
# Fails at once and restarts until the start limit hits.
printf '[Unit]\nStartLimitIntervalSec=60\nStartLimitBurst=3\n[Service]\nExecStart=/bin/false\nRestart=always\nRestartSec=0.1\n' >"$U/flappy.service"
# Accept=yes, not enabled: every instance writes its own line to the log.
printf '[Socket]\nListenStream=%s/note.sock\nAccept=yes\n' "$TMP" >"$U/note.socket"
printf '[Service]\nStandardInput=socket\nStandardOutput=journal\nExecStart=/bin/sh -c "echo instance $$$$; exec cat"\n' >"$U/note@.service"
# Does not load: no Listen*=.
printf '[Socket]\nAccept=yes\n' >"$U/bad.socket"

start_daemon talk.service || { fail "daemon did not start"; finish; }

B() { bounded 20 busctl --no-pager --address="unix:path=$P" "$@"; }
M() { B call org.sockact1 /org/sockact1 org.sockact1.Manager "$@"; }
# the object path of a unit: every byte but [A-Za-z0-9], and a leading digit, as _XX (sd_bus_path_encode())
upath() {
        printf '%s' "$1" | od -An -v -tx1 | awk '
                BEGIN { for (c = 48; c < 123; c++) if (c < 58 || (c > 64 && c < 91) || c > 96) m[sprintf("%02x", c)] = sprintf("%c", c)
                        printf "/org/sockact1/unit/"; n = 0 }
                { for (i = 1; i <= NF; i++) { d = $i ~ /^3[0-9]$/ && n == 0; printf "%s", ($i in m) && !d ? m[$i] : "_" $i; n++ } }'
}
# get UNIT INTERFACE PROPERTY: the value as busctl prints it, without the type ('s "x"' -> '"x"')
get() { B get-property org.sockact1 "$(upath "$1")" "org.sockact1.$2" "$3" | cut -d' ' -f2-; }
# The D-Bus error name of a failing call (busctl prints only the message; its debug log has the name).
err_of() { (SYSTEMD_LOG_LEVEL=debug; export SYSTEMD_LOG_LEVEL; "$@" 2>&1) | sed -n 's/.*error-name=\([A-Za-z][A-Za-z0-9_]*\.[^ ]*\).*/\1/p' | head -n 1; }
quiet() { "$@" >/dev/null; }
alive() { kill -0 "$DAEMON_PID" 2>/dev/null; }

check "the control socket exists" test -S "$P"
check "user mode: the socket is mode 0666 (the runtime dir protects it)" test "$(stat -c %a "$P")" = 666

# --- introspection and the object tree ---
B introspect org.sockact1 /org/sockact1 >"$TMP/intro" 2>&1 || fail "introspect /org/sockact1 failed"
for m in org.sockact1.Manager .ListUnits .ListSockets .GetUnit .LoadUnit .StartUnit .StopUnit .RestartUnit \
        .ResetFailed .Reload .GetUnitLog .Version .Scope .RuntimeDirectory .UnitPath .NUnits .StartupTimestamp \
        .ReadyTimestamp .UnitChanged .Reloaded; do
        check "introspection of /org/sockact1 shows $m" grep -q "^$m " "$TMP/intro"
done
check "Scope is user" test "$(B get-property org.sockact1 /org/sockact1 org.sockact1.Manager Scope)" = 's "user"'
check "RuntimeDirectory" test "$(B get-property org.sockact1 /org/sockact1 org.sockact1.Manager RuntimeDirectory)" = "s \"$TMP/run\""
check "UnitPath" test "$(B get-property org.sockact1 /org/sockact1 org.sockact1.Manager UnitPath)" = "as 1 \"$U\""
ready=$(B get-property org.sockact1 /org/sockact1 org.sockact1.Manager ReadyTimestamp | cut -d' ' -f2)
check "ReadyTimestamp is realtime usec of now ($ready)" test "$(( $(date +%s) - ready / 1000000 ))" -lt 120
B introspect org.sockact1 "$(upath echo.socket)" >"$TMP/intro" 2>&1 || fail "introspect echo.socket failed"
check "a socket has org.sockact1.Unit" grep -q "^org.sockact1.Unit " "$TMP/intro"
check "... and org.sockact1.Socket" grep -q "^org.sockact1.Socket " "$TMP/intro"
check "... but not org.sockact1.Service" sh -c "! grep -q '^org.sockact1.Service ' '$TMP/intro'"
B introspect org.sockact1 "$(upath talk.service)" >"$TMP/intro" 2>&1 || fail "introspect talk.service failed"
check "a service has org.sockact1.Service" grep -q "^org.sockact1.Service " "$TMP/intro"
check "... and not org.sockact1.Socket" sh -c "! grep -q '^org.sockact1.Socket ' '$TMP/intro'"
B tree org.sockact1 >"$TMP/tree" 2>&1
check "the object tree lists the units" grep -q "/org/sockact1/unit/echo_2esocket" "$TMP/tree"
check "... every one" grep -q "/org/sockact1/unit/talk_2eservice" "$TMP/tree"

# --- ListUnits / ListSockets after real connections ---
for i in 1 2 3; do
        out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_echo" "x$i") || fail "connection $i failed"
        check "Accept=yes instance $i echoes ($out)" test "$out" = "x$i"
done
# two instances that stay, while their connections are open
"$HOLD" "$TMP/echo.sock" 2 30 >"$TMP/hold-echo" 2>&1 &
hold_echo=$!
check "two connections held open" wait_for 10 grep -q "open=2 closed=0" "$TMP/hold-echo"
M ListUnits >"$TMP/units.out" 2>&1 || fail "ListUnits failed"
n=$(cut -d' ' -f2 "$TMP/units.out")
check "ListUnits: 4 rows (echo.socket, talk.service, 2 instances) ($(cat "$TMP/units.out"))" test "$n" = 4
check "ListUnits: echo.socket row" grep -q '"echo.socket" "echo.socket" "loaded" "active" "listening" "/org/sockact1/unit/echo_2esocket"' "$TMP/units.out"
check "ListUnits: talk.service row" grep -q '"talk.service" "talk.service" "loaded" "active" "running" "/org/sockact1/unit/talk_2eservice"' "$TMP/units.out"
check "ListUnits: the instances are running" test "$(grep -o '"echo@[^"]*" "[^"]*" "loaded" "active" "running"' "$TMP/units.out" | wc -l)" -eq 2
check "NUnits says 4" test "$(B get-property org.sockact1 /org/sockact1 org.sockact1.Manager NUnits)" = "u 4"
B --json=short call org.sockact1 /org/sockact1 org.sockact1.Manager ListSockets >"$TMP/sockets.out" 2>&1 || fail "ListSockets failed"
check "ListSockets: the TCP listener, 5 accepted, 2 connections ($(cat "$TMP/sockets.out"))" \
        grep -q "\[\"127.0.0.1:$p_echo\",\"Stream\",\"echo.socket\",\"echo@.service\",\"listening\",5,0,2\]" "$TMP/sockets.out"
check "ListSockets: the unix listener, second" \
        grep -q "\[\"127.0.0.1:$p_echo\",[^]]*\],\[\"$TMP/echo.sock\",\"Stream\",\"echo.socket\",\"echo@.service\",\"listening\",5,0,2\]" "$TMP/sockets.out"
check "ListSockets: 2 rows" test "$(grep -o '"Stream"' "$TMP/sockets.out" | wc -l)" -eq 2
inst=$(grep -o '"echo@[^"]*"' "$TMP/units.out" | head -n 1 | tr -d '"')
check "an instance: Socket is echo.socket" test "$(get "$inst" Service Socket)" = '"echo.socket"'
check "an instance: TriggeredBy echo.socket" test "$(get "$inst" Service TriggeredBy)" = '1 "echo.socket"'
kill "$hold_echo" 2>/dev/null; wait "$hold_echo" 2>/dev/null
check "the instances go when their connections close" wait_for 10 sh -c "test \"\$(busctl --no-pager --address=unix:path=$P get-property org.sockact1 /org/sockact1 org.sockact1.Manager NUnits)\" = 'u 2'"
check "NConnections back to 0" wait_for 5 sh -c "test \"\$(busctl --no-pager --address=unix:path=$P get-property org.sockact1 $(upath echo.socket) org.sockact1.Socket NConnections)\" = 'u 0'"

# clients connect while units change state all the time: busctl (which says Hello() first and fails on
# anything that comes before the reply) must never see a signal too early
(i=0; while [ "$i" -lt 150 ]; do "$CLIENT" "127.0.0.1:$p_echo" y >/dev/null 2>&1; i=$((i + 1)); done) &
burst=$!
n_bad=0; i=0
while [ "$i" -lt 30 ]; do quiet M GetUnit s echo.socket 2>>"$TMP/burst.err" || n_bad=$((n_bad + 1)); i=$((i + 1)); done
wait "$burst"
check "30 calls during 150 activations (below the trigger limit) all answered ($n_bad failed: $(sort -u "$TMP/burst.err"))" test "$n_bad" -eq 0

# --- properties ---
check "Socket.NAccepted" test "$(get echo.socket Socket NAccepted)" = 155
check "Socket.Accept" test "$(get echo.socket Socket Accept)" = true
check "Socket.Service" test "$(get echo.socket Socket Service)" = '"echo@.service"'
check "Socket.Listen" test "$(get echo.socket Socket Listen)" = "2 \"Stream\" \"127.0.0.1:$p_echo\" \"Stream\" \"$TMP/echo.sock\""
check "Socket.Result" test "$(get echo.socket Socket Result)" = '"success"'
check "Unit.FragmentPath" test "$(get echo.socket Unit FragmentPath)" = "\"$U/echo.socket\""
mainpid=$(get talk.service Service MainPID)
check "MainPID is the running sleep ($mainpid)" test "$(ps -o comm= -p "$mainpid")" = sleep
check "... a child of the daemon" test "$(ps -o ppid= -p "$mainpid" | tr -d ' ')" = "$DAEMON_PID"
check "Type" test "$(get talk.service Service Type)" = '"notify"'
check "StatusText from STATUS=" test "$(get talk.service Service StatusText)" = '"serving"'
check "NRestarts 0" test "$(get talk.service Service NRestarts)" = 0
check "ActiveState/SubState" test "$(get talk.service Unit ActiveState) $(get talk.service Unit SubState)" = '"active" "running"'
ts=$(get talk.service Service ExecMainStartTimestamp)
check "ExecMainStartTimestamp is realtime usec ($ts)" test "$(( $(date +%s) - ts / 1000000 ))" -lt 120
check "ActiveEnterTimestamp set" test "$(get talk.service Unit ActiveEnterTimestamp)" -ge "$ts"
check "ExecMainExitTimestamp 0 while running" test "$(get talk.service Service ExecMainExitTimestamp)" = 0
check "a GetAll of the Service interface works" quiet B call org.sockact1 "$(upath talk.service)" org.freedesktop.DBus.Properties GetAll s org.sockact1.Service

# --- UnitChanged, Start/Stop ---
"$WATCH" "$P" 30 >"$TMP/watch" 2>&1 &
watch=$!
wait_for 10 grep -q ready "$TMP/watch" || fail "sa-bus-watch did not connect"
check "web.socket does not listen before StartUnit" sh -c "! ss -Hltn 'sport = :$p_web' | grep -q ."
check "StartUnit web.socket" quiet M StartUnit s web.socket
check "... it listens on TCP" wait_for 5 daemon_listens_tcp 127.0.0.1 "$p_web"
check "... and on its unix socket" test -S "$TMP/web.sock"
check "... active" test "$(get web.socket Unit ActiveState)" = '"active"'
check "Description" test "$(get web.socket Unit Description)" = '"Web listener"'
check "StopUnit web.socket" quiet M StopUnit s web.socket
check "... the listener is gone" wait_for 5 sh -c "! ss -Hltn 'sport = :$p_web' | grep -q ."
check "... inactive dead" test "$(get web.socket Unit ActiveState) $(get web.socket Unit SubState)" = '"inactive" "dead"'
check "... ActiveExitTimestamp set" test "$(get web.socket Unit ActiveExitTimestamp)" -gt 0
check "... InactiveEnterTimestamp set" test "$(get web.socket Unit InactiveEnterTimestamp)" -gt 0
check "Unit.Start on the object starts it again" quiet B call org.sockact1 "$(upath web.socket)" org.sockact1.Unit Start
check "... it listens" wait_for 5 daemon_listens_tcp 127.0.0.1 "$p_web"
check "UnitChanged: web.socket listening" wait_for 5 grep -q "^UnitChanged web.socket active listening$" "$TMP/watch"
check "UnitChanged: web.socket dead" grep -q "^UnitChanged web.socket inactive dead$" "$TMP/watch"
kill "$watch" 2>/dev/null; wait "$watch" 2>/dev/null

# RestartUnit: a new main process, the log of both runs
check "RestartUnit talk.service" quiet M RestartUnit s talk.service
check "... a new main process" wait_for 10 sh -c "p=\$(busctl --no-pager --address=unix:path=$P get-property org.sockact1 $(upath talk.service) org.sockact1.Service MainPID | cut -d' ' -f2); [ \"\$p\" != 0 ] && [ \"\$p\" != $mainpid ]"
check "... the old one is gone" wait_for 5 sh -c "! kill -0 $mainpid 2>/dev/null"
check "... running again" wait_for 5 sh -c "busctl --no-pager --address=unix:path=$P get-property org.sockact1 $(upath talk.service) org.sockact1.Unit SubState | grep -q running"

# Restart= until the start limit, then ResetFailed
check "StartUnit flappy.service" quiet M StartUnit s flappy.service
check "... fails at the start limit" wait_for 10 sh -c "busctl --no-pager --address=unix:path=$P get-property org.sockact1 $(upath flappy.service) org.sockact1.Unit ActiveState | grep -q failed"
check "... Result start-limit-hit" test "$(get flappy.service Service Result)" = '"start-limit-hit"'
check "... NRestarts counted ($(get flappy.service Service NRestarts))" test "$(get flappy.service Service NRestarts)" -ge 2
check "... ExecMainCode exited, status 1" test "$(get flappy.service Service ExecMainCode) $(get flappy.service Service ExecMainStatus)" = "1 1"
check "ResetFailed flappy.service" quiet M ResetFailed s flappy.service
check "... inactive dead" test "$(get flappy.service Unit ActiveState) $(get flappy.service Unit SubState)" = '"inactive" "dead"'
check "... result and counters cleared" test "$(get flappy.service Service Result) $(get flappy.service Service NRestarts)" = '"success" 0'
check "... and it can start again (start limit reset)" quiet M StartUnit s flappy.service
check "... it ran again" wait_for 5 sh -c "[ \$(grep -c 'flappy.service: Main process exited' '$TMP/daemon.log') -ge 4 ]"
check "StopUnit flappy.service" quiet M StopUnit s flappy.service

# --- errors ---
check "GetUnit of an unknown unit: NoSuchUnit" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager GetUnit s nope.socket)" = org.sockact1.Error.NoSuchUnit
out=$(M GetUnit s nope.socket 2>&1)
check "... with the message ($out)" test "$out" = "Call failed: Unit nope.socket not found."
n=$(B get-property org.sockact1 /org/sockact1 org.sockact1.Manager NUnits)
check "LoadUnit of a missing file: NoSuchUnit" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager LoadUnit s nope.service)" = org.sockact1.Error.NoSuchUnit
check "... not kept in the registry" wait_for 5 sh -c "test \"\$(busctl --no-pager --address=unix:path=$P get-property org.sockact1 /org/sockact1 org.sockact1.Manager NUnits)\" = '$n'"
check "StartUnit of a missing file: NoSuchUnit" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager StartUnit s nope.service)" = org.sockact1.Error.NoSuchUnit
check "GetUnit of an invalid name: InvalidName" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager GetUnit s 'no such')" = org.sockact1.Error.InvalidName
check "LoadUnit of a template: InvalidName" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager LoadUnit s 'echo@.service')" = org.sockact1.Error.InvalidName
check "StartUnit of a unit that fails to load: LoadFailed" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager StartUnit s bad.socket)" = org.sockact1.Error.LoadFailed
check "LoadUnit of it works: LoadState bad-setting" test "$(get bad.socket Unit LoadState)" = '"bad-setting"'
check "... with a LoadError" sh -c "[ \"\$(busctl --no-pager --address=unix:path=$P get-property org.sockact1 $(upath bad.socket) org.sockact1.Unit LoadError)\" != 's \"\"' ]"
check "a wrong argument signature: InvalidArgs" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager GetUnit u 5)" = org.freedesktop.DBus.Error.InvalidArgs
check "missing arguments: InvalidArgs" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager StartUnit)" = org.freedesktop.DBus.Error.InvalidArgs
check "an unknown method: UnknownMethod" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager Frobnicate)" = org.freedesktop.DBus.Error.UnknownMethod
check "an unknown unit object: UnknownObject" test "$(err_of B call org.sockact1 "$(upath nope.socket)" org.sockact1.Unit Start)" = org.freedesktop.DBus.Error.UnknownObject
check "the Socket interface on a service: unknown" test "$(err_of B get-property org.sockact1 "$(upath talk.service)" org.sockact1.Socket Accept)" != ""
check "the daemon is alive after the errors" alive

# --- garbage and idle clients ---
out=$("$HOLD" "$P" 3 0 "this is not D-Bus")
check "garbage before authentication: the connection is closed ($out)" test "$out" = "open=0 closed=3 failed=0"
uidhex=$(printf '%s' "$(id -u)" | od -An -tx1 | tr -d ' \n')
auth="hex:00$(printf 'AUTH EXTERNAL %s\r\nBEGIN\r\n' "$uidhex" | od -An -tx1 | tr -d ' \n')"
out=$("$HOLD" "$P" 1 0 "$auth" "hex:ffffffff00000000deadbeefdeadbeef0102030405060708")
check "garbage after authentication: the connection is closed ($out)" test "$out" = "open=0 closed=1 failed=0"
check "the daemon answers the next busctl" quiet M GetUnit s talk.service
"$HOLD" "$P" 60 30 >"$TMP/hold60" 2>&1 &
hold=$!
check "60 idle connections are kept" wait_for 10 grep -q "open=60 closed=0" "$TMP/hold60"
check "... and busctl is answered meanwhile" quiet M GetUnit s talk.service
kill "$hold" 2>/dev/null; wait "$hold" 2>/dev/null
sleep 0.5
"$HOLD" "$P" 70 30 >"$TMP/hold70" 2>&1 &
hold=$!
check "70 idle connections: 64 kept, 6 closed at once ($(cat "$TMP/hold70"))" wait_for 10 grep -q "open=64 closed=6 failed=0" "$TMP/hold70"
check "... a further client is closed too" sh -c "! busctl --no-pager --address=unix:path=$P get-property org.sockact1 /org/sockact1 org.sockact1.Manager NUnits >/dev/null 2>&1"
check "... the daemon is alive" alive
kill "$hold" 2>/dev/null; wait "$hold" 2>/dev/null
check "... and answers once they are gone" wait_for 5 quiet M GetUnit s talk.service

# --- the log ring ---
B call org.sockact1 /org/sockact1 org.sockact1.Manager GetUnitLog su talk.service 0 >"$TMP/log.out" 2>&1
check "GetUnitLog: stdout and stderr of both runs, in order ($(cat "$TMP/log.out"))" \
        grep -q '^a(ts) 4 [0-9]* "line one" [0-9]* "line two" [0-9]* "line one" [0-9]* "line two"$' "$TMP/log.out"
ts=$(cut -d' ' -f3 "$TMP/log.out")
check "... realtime timestamps ($ts)" test "$(( $(date +%s) - ts / 1000000 ))" -lt 120
out=$(B call org.sockact1 "$(upath talk.service)" org.sockact1.Unit GetLog u 1)
check "Unit.GetLog with max_lines=1: the last line ($out)" sh -c "echo '$out' | grep -q '^a(ts) 1 [0-9]* \"line two\"$'"
check "StartUnit chatty.service" quiet M StartUnit s chatty.service
check "... it wrote 150 lines" wait_for 10 grep -q "chatty.service: n 150" "$TMP/daemon.log"
B --json=short call org.sockact1 /org/sockact1 org.sockact1.Manager GetUnitLog su chatty.service 0 >"$TMP/log.out" 2>&1
check "GetUnitLog keeps the last 100 lines" test "$(grep -o '"n [0-9]*"' "$TMP/log.out" | wc -l)" -eq 100
check "... from 51" test "$(grep -o '"n [0-9]*"' "$TMP/log.out" | head -n 1)" = '"n 51"'
check "... to 150" test "$(grep -o '"n [0-9]*"' "$TMP/log.out" | tail -n 1)" = '"n 150"'
check "StartUnit note.socket" quiet M StartUnit s note.socket
"$HOLD" "$TMP/note.sock" 2 30 >"$TMP/hold-note" 2>&1 &
hold=$!
check "two Accept=yes instances run" wait_for 10 grep -q "open=2 closed=0" "$TMP/hold-note"
M ListUnits | grep -o '"note@[^"]*"' | tr -d '"' | sort -u >"$TMP/notes"
check "... listed" test "$(wc -l <"$TMP/notes")" -eq 2
for inst in $(cat "$TMP/notes"); do
        pid=$(B get-property org.sockact1 "$(upath "$inst")" org.sockact1.Service MainPID | cut -d' ' -f2)
        out=$(M GetUnitLog su "$inst" 0)
        check "an instance has its own log: its line only ($out, main PID $pid)" \
                sh -c "echo '$out' | grep -q '^a(ts) 1 [0-9]* \"instance $pid\"\$'"
done
kill "$hold" 2>/dev/null; wait "$hold" 2>/dev/null
check "GetUnitLog of a unit that does not exist: NoSuchUnit" test "$(err_of B call org.sockact1 /org/sockact1 org.sockact1.Manager GetUnitLog su nope.service 0)" = org.sockact1.Error.NoSuchUnit

# --- authorization: another user may read, not change ---
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
        chmod o+x "$TMP" "$TMP/run"
        NB() { bounded 20 setpriv --reuid=65534 --regid=65534 --clear-groups busctl --no-pager --address="unix:path=$P" "$@"; }
        check "another user reads a property" test "$(NB get-property org.sockact1 /org/sockact1 org.sockact1.Manager Scope)" = 's "user"'
        check "another user lists the units" quiet NB call org.sockact1 /org/sockact1 org.sockact1.Manager ListUnits
        out=$(NB call org.sockact1 /org/sockact1 org.sockact1.Manager StopUnit s talk.service 2>&1)
        check "another user cannot StopUnit: Access denied ($out)" test "$out" = "Call failed: Access denied"
        check "... AccessDenied" test "$(err_of NB call org.sockact1 /org/sockact1 org.sockact1.Manager StartUnit s web.socket)" = org.freedesktop.DBus.Error.AccessDenied
        check "... nor Unit.Stop" test "$(err_of NB call org.sockact1 "$(upath talk.service)" org.sockact1.Unit Stop)" = org.freedesktop.DBus.Error.AccessDenied
        check "... nor Reload" test "$(err_of NB call org.sockact1 /org/sockact1 org.sockact1.Manager Reload)" = org.freedesktop.DBus.Error.AccessDenied
        check "... nor ResetFailed" test "$(err_of NB call org.sockact1 /org/sockact1 org.sockact1.Manager ResetFailed s talk.service)" = org.freedesktop.DBus.Error.AccessDenied
        check "... talk.service still runs" test "$(get talk.service Unit SubState)" = '"running"'
        chmod o-x "$TMP" "$TMP/run"
else
        skip_part "authorization checks need root (and setpriv)"
fi

rc=0; stop_daemon TERM || rc=$?
check "SIGTERM: exit 0 (got $rc)" test "$rc" -eq 0
check "the control socket is removed on exit" test ! -e "$P"

# a user instance creates its runtime directory 0700: the 0666 socket in it is not open to other users
"$SOCKACTD" --user --unit-path="$U" --runtime-dir="$TMP/fresh/run" --config="$TMP/sockactd.conf" \
        --log-target=console >"$TMP/fresh.log" 2>&1 &
fresh=$!
check "a user instance in a new runtime directory starts" wait_for 20 test -S "$TMP/fresh/run/private"
check "... the directory is mode 0700" test "$(stat -c %a "$TMP/fresh/run")" = 700
kill "$fresh" 2>/dev/null; wait "$fresh" 2>/dev/null

# --- system mode: mode 0600; what is found at the path ---
if [ "$(id -u)" -eq 0 ]; then
        S="$TMP/sys"; mkdir -p "$S/units" "$S/run"
        start_system() {
                rm -f "$TMP/ready"
                "$NOTIFY_WAIT" "$TMP/ready" 20 -- "$SOCKACTD" --system --unit-path="$S/units" --runtime-dir="$S/run" \
                        --config="$TMP/sockactd.conf" --log-target=console --log-level=debug >"$TMP/sys.log" 2>&1 &
                DAEMON_WAITER=$!
                wait_for 20 test -s "$TMP/ready" || return 1
                DAEMON_PID=$(cat "$TMP/ready")
        }
        check "system mode starts" start_system
        check "system mode: the socket is mode 0600" test "$(stat -c %a "$S/run/private")" = 600
        check "system mode: Scope is system" test "$(busctl --no-pager --address="unix:path=$S/run/private" get-property org.sockact1 /org/sockact1 org.sockact1.Manager Scope)" = 's "system"'
        rc=0; bounded 20 "$SOCKACTD" --system --unit-path="$S/units" --runtime-dir="$S/run" --config="$TMP/sockactd.conf" \
                --log-target=console >"$TMP/second.log" 2>&1 || rc=$?
        check "a second daemon on the same runtime dir refuses (exit $rc)" test "$rc" -eq 1
        check "... and says why" grep -q "Another sockactd is running" "$TMP/second.log"
        check "... the first one still answers" quiet busctl --no-pager --address="unix:path=$S/run/private" get-property org.sockact1 /org/sockact1 org.sockact1.Manager Scope
        # killed: the socket file stays behind, the next daemon replaces it
        kill -KILL "$DAEMON_PID"; wait "$DAEMON_WAITER" 2>/dev/null; DAEMON_PID=""
        check "a killed daemon leaves its socket file" test -S "$S/run/private"
        check "the next daemon replaces the stale socket" start_system
        check "... and answers on it" quiet busctl --no-pager --address="unix:path=$S/run/private" get-property org.sockact1 /org/sockact1 org.sockact1.Manager Scope
        stop_daemon TERM || true
        # not a socket: left alone, the daemon refuses to start
        echo keep >"$S/run/private"
        rc=0; bounded 20 "$SOCKACTD" --system --unit-path="$S/units" --runtime-dir="$S/run" --config="$TMP/sockactd.conf" \
                --log-target=console >"$TMP/file.log" 2>&1 || rc=$?
        check "a regular file at the path: the daemon refuses (exit $rc)" test "$rc" -eq 1
        check "... says why" grep -q "exists and is not a socket" "$TMP/file.log"
        check "... and leaves the file alone" test "$(cat "$S/run/private")" = keep
else
        skip_part "system mode checks need root"
fi
finish
