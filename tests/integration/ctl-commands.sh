#!/bin/sh
# sockactctl against the real sockactd: every command of DESIGN.md's table, its output (tables, JSON checked
# with tests/tools/json-check), its exit codes as systemctl's, the offline commands without a daemon, and the
# message when the daemon is not running.
. "$(dirname "$0")/lib.sh"

CLIENT="$top_builddir/tests/tools/sa-client"
JSON="$top_builddir/tests/tools/json-check"
U="$TMP/units"

check() { # label command...
        label=$1; shift
        if "$@"; then pass; else fail "$label"; fi
}
# run EXPECTED-RC LABEL sockactctl-args...: stdout in $TMP/out, stderr in $TMP/err
run() {
        want=$1 label=$2; shift 2
        rc=0
        bounded 60 "$SOCKACTCTL" --user --runtime-dir="$TMP/run" --unit-path="$U" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
        if [ "$rc" -eq "$want" ]; then
                pass
        else
                fail "$label: 'sockactctl $*' exited $rc, expected $want; stdout, stderr:"
                cat "$TMP/out" "$TMP/err"
        fi
}
out_has() { # label fixed-string (a whole line of stdout)
        if grep -qxF -- "$2" "$TMP/out"; then pass; else fail "$1: no line '$2' in:"; cat "$TMP/out"; fi
}
out_matches() { # label regexp (a line of stdout)
        if grep -qE -- "$2" "$TMP/out"; then pass; else fail "$1: nothing matches '$2' in:"; cat "$TMP/out"; fi
}
err_has() { # label fixed-string (in a line of stderr)
        if grep -qF -- "$2" "$TMP/err"; then pass; else fail "$1: no '$2' in stderr:"; cat "$TMP/err"; fi
}
# json LABEL PATH EXPECTED: stdout is one valid JSON document whose value at PATH is EXPECTED
json() {
        got=$("$JSON" "$2" <"$TMP/out" 2>"$TMP/json-err") || { fail "$1: json-check $2: $(cat "$TMP/json-err")"; cat "$TMP/out"; return; }
        if [ "$got" = "$3" ]; then pass; else fail "$1: $2 is '$got', expected '$3'"; fi
}
json_valid() {
        if "$JSON" <"$TMP/out" 2>"$TMP/json-err"; then pass; else fail "$1: $(cat "$TMP/json-err")"; cat "$TMP/out"; fi
}
listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

pick_ports_slot 6 4 || exit 1
p_echo=$PORT_BASE; p_web=$((PORT_BASE + 1)); p_hold=$((PORT_BASE + 2)); p_later=$((PORT_BASE + 3))

mkdir -p "$U/web.socket.d"
printf '[Unit]\nDescription=Echo\n[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$p_echo" >"$U/echo.socket"
printf '[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' >"$U/echo@.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_web" >"$U/web.socket"
printf '[Unit]\nDescription=Web from drop-in\n' >"$U/web.socket.d/10-desc.conf"
printf '[Service]\nExecStart=/bin/cat\n' >"$U/web.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$p_hold" >"$U/hold.socket"
printf '[Service]\nExecStart=/bin/sleep 60\nStandardInput=socket\n' >"$U/hold@.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_later" >"$U/later.socket"
printf '[Service]\nExecStart=/bin/cat\n' >"$U/later.service"
printf '[Socket]\nListenStream=garbage\n' >"$U/broken.socket"
printf '[Unit]\nDescription=odd\033[31mname\n[Socket]\nListenStream=127.0.0.1:%s\n' "$p_later" >"$U/odd.socket"
printf '[Socket]\nListenStream=127.0.0.1:1\nAccept=yes\n[Install]\nDefaultInstance=main\n' >"$U/tpl@.socket"
printf '[Service]\nType=oneshot\nExecStart=/bin/false\n' >"$U/fails.service"
printf '[Service]\nExecStart=/bin/sh -c "trap \x27echo hup >>%s/rl.log\x27 HUP; while :; do sleep 0.1; done"\nExecReload=/bin/kill -HUP $MAINPID\n' "$TMP" >"$U/rl.service"
printf '[Socket]\nListenStream=%s/busy.sock\n' "$TMP" >"$U/busy.socket"
printf '[Service]\nExecStart=/bin/sleep 60\n' >"$U/busy.service"
printf '[Service]\nExecStartPre=/bin/sleep 1\nExecStart=/bin/sleep 60\nExecStopPost=/bin/sleep 1\n' >"$U/slowpre.service"
printf '[Service]\nExecStart=/bin/sh -c "exit 1"\nRestart=on-failure\nRestartSec=60\n' >"$U/autorst.service"
printf '[Service]\nExecStart=/bin/sh -c "exit 1"\nRestart=always\nRestartSec=3\n' >"$U/crashloop.service"
mkdir -p "$U/two.socket.d"
printf '[Socket]\nListenStream=%s/two-a.sock\nListenStream=%s/two-b.sock\n' "$TMP" "$TMP" >"$U/two.socket"
printf '[Unit]\nDescription=two\n' >"$U/two.socket.d/10-a.conf"
printf '[Unit]\nDocumentation=man:sockactd(8)\n' >"$U/two.socket.d/20-b.conf"
printf '[Service]\nExecStart=/bin/sleep 60\nExecReload=/bin/sh -c "exit 3"\n' >"$U/badrl.service"
printf '[Unit]\nStartLimitBurst=1\nStartLimitIntervalSec=600\n[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$U/limited.service"
cat >"$U/talker.service" <<'UNIT'
[Unit]
Description=Talks to the journal
[Service]
ExecStart=/bin/sh -c 'echo line-one; echo line-two; exec sleep 60'
StandardOutput=journal
UNIT

# ---- usage ----
run 2 "no command"
run 2 "unknown command" frobnicate
run 2 "status needs a unit" status
run 2 "logs takes one unit" logs a.service b.service
run 2 "bad -n" logs -n many a.service
run 0 "--help" --help
for verb in list-sockets list-units status show cat start stop restart reload reset-failed enable disable is-active logs verify; do
        out_matches "--help lists $verb" "^  $verb( |$)"
        check "man page documents $verb" grep -q "^\.It Cm $verb\( \|$\)" "$top_srcdir/man/sockactctl.1"
done

# ---- without a daemon ----
run 1 "not running" list-units
err_has "not running: one clear line" "Failed to connect to sockactd at $TMP/run/private: No such file or directory (is sockactd running?)"
check "not running: only that line" test "$(wc -l <"$TMP/err")" -eq 1
run 1 "not running: status" status echo.socket
err_has "not running: status says so" "(is sockactd running?)"
rc=0; env -u XDG_RUNTIME_DIR "$SOCKACTCTL" --user is-active echo.socket >/dev/null 2>"$TMP/err" || rc=$?
check "--user without XDG_RUNTIME_DIR fails" test "$rc" -eq 1
err_has "... and says why" "XDG_RUNTIME_DIR is not set"

# enable/disable work offline
run 0 "enable offline" enable echo.socket web.socket hold.socket
err_has "enable prints the link" "Created symlink $U/sockets.target.wants/echo.socket → $U/echo.socket."
check "enable links ../NAME" test "$(readlink "$U/sockets.target.wants/echo.socket")" = "../echo.socket"
check "enable links the second unit" test -L "$U/sockets.target.wants/web.socket"
run 0 "enable again" enable echo.socket
check "enable again is quiet" test ! -s "$TMP/err"
run 1 "enable a missing unit" enable nosuch.socket
err_has "enable a missing unit says so" "Unit file nosuch.socket does not exist."
run 0 "enable a template uses DefaultInstance=" enable tpl@.socket
check "... the instance is linked to the template" test "$(readlink "$U/sockets.target.wants/tpl@main.socket")" = "../tpl@.socket"
run 0 "enable an instance" enable tpl@other.socket
run 0 "disable a template removes its instances" disable tpl@.socket
err_has "disable prints what it removed" "Removed \"$U/sockets.target.wants/tpl@main.socket\"."
check "... all of them" test ! -e "$U/sockets.target.wants/tpl@main.socket" -a ! -e "$U/sockets.target.wants/tpl@other.socket"
run 0 "disable a unit that is not enabled" disable later.socket
run 1 "disable a missing unit" disable nosuch.socket
run 0 "enable --json" --json enable later.socket
json "enable --json: the change" "changes/0/path" "$U/sockets.target.wants/later.socket"
json "enable --json: its type" "changes/0/type" "symlink"
run 0 "disable --json" --json disable later.socket
json "disable --json: the change" "changes/0/type" "unlink"
check "disable removed the link" test ! -e "$U/sockets.target.wants/later.socket"

# cat works offline, with the drop-in, as systemctl cat prints it
run 0 "cat" cat web.socket
printf '# %s\n[Socket]\nListenStream=127.0.0.1:%s\n\n# %s\n[Unit]\nDescription=Web from drop-in\n' \
        "$U/web.socket" "$p_web" "$U/web.socket.d/10-desc.conf" >"$TMP/expected"
check "cat prints the file and its drop-in" cmp -s "$TMP/out" "$TMP/expected"
run 1 "cat a missing unit" cat nosuch.socket
err_has "cat a missing unit says so" "No files found for nosuch.socket."
run 0 "cat --json" --json cat web.socket
json "cat --json: the drop-in" "1/path" "$U/web.socket.d/10-desc.conf"
json "cat --json: its text" "1/content" "[Unit]
Description=Web from drop-in"
run 0 "verify still works" verify "$U/web.socket"
run 1 "verify --json" --json verify web.socket broken.socket
json "verify --json: the socket" "0/result" "ok"
json "verify --json: its service" "1/unit" "web.service"
json "verify --json: the broken unit" "2/result" "failed"
json "verify --json: why" "2/error" "$U/broken.socket:2: Failed to parse address value in 'garbage', refusing: Invalid argument"
err_has "verify --json: diagnostics still on stderr" "broken.socket:2:"
run 2 "verify --json --dump" --json --dump verify web.socket

# ---- with the daemon ----
if ! start_daemon; then
        fail "daemon did not start"
        finish
fi

check "enabled socket listens" wait_for 5 listening "$p_echo"
check "second enabled socket listens" listening "$p_web"

# list-sockets, after a connection and with one held open
got=$(bounded 15 "$CLIENT" "127.0.0.1:$p_echo" hello 2>&1)
check "echo.socket answers" test "$got" = hello
connections() { # unit: its CONNECTIONS column
        "$SOCKACTCTL" --runtime-dir="$TMP/run" list-sockets --no-legend | awk -v u="$1" '$3 == u { print $6 }'
}
echo_idle() { [ "$(connections echo.socket)" = 0 ]; }
hold_busy() { [ "$(connections hold.socket)" = 1 ]; }
check "the finished connection is no longer counted" wait_for 10 echo_idle
bounded 15 "$CLIENT" "127.0.0.1:$p_hold" >/dev/null 2>&1 &
holder=$!
check "the held connection is counted" wait_for 10 hold_busy
run 0 "list-sockets" list-sockets
check "header" test "$(head -n 1 "$TMP/out" | tr -s ' ')" = "LISTEN TYPE UNIT ACTIVATES STATE CONNECTIONS"
out_matches "echo.socket row" "^127\.0\.0\.1:$p_echo +Stream +echo\.socket +echo@\.service +listening +0$"
out_matches "web.socket row" "^127\.0\.0\.1:$p_web +Stream +web\.socket +web\.service +listening +0$"
out_matches "hold.socket row with its connection" "^127\.0\.0\.1:$p_hold +Stream +hold\.socket +hold@\.service +listening +1$"
out_has "footer" "3 sockets listed."
# every column starts where its header starts
aligned() { # file header: in every row, the field under that header starts where the header starts
        awk -v h="$2" '
                function fpos(s, n,   i, off) {
                        off = 0
                        for (i = 1; i <= n; i++) {
                                if (!match(s, /[^ ]+/)) return -1
                                if (i == n) return off + RSTART
                                off += RSTART + RLENGTH - 1
                                s = substr(s, RSTART + RLENGTH)
                        }
                }
                NR == 1 { for (i = 1; i <= NF; i++) if ($i == h) f = i; c = fpos($0, f); next }
                NF >= f && fpos($0, f) != c { bad++ }
                END { exit bad > 0 || f == 0 }' "$1"
}
check "columns aligned" aligned "$TMP/out" ACTIVATES
check "last column aligned" aligned "$TMP/out" CONNECTIONS
check "no colour when not a tty" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$TMP/out"
run 0 "list-sockets --no-legend" list-sockets --no-legend
check "--no-legend: only the rows" test "$(wc -l <"$TMP/out")" -eq 3
run 0 "list-sockets --json" --json list-sockets
json "list-sockets --json: sorted by unit" "0/unit" "echo.socket"
json "list-sockets --json: address" "0/listen" "127.0.0.1:$p_echo"
json "list-sockets --json: accepted" "0/accepted" "1"
json "list-sockets --json: open connections" "1/connections" "1"
json "list-sockets --json: type" "1/type" "Stream"
json "list-sockets --json: entries" "#" "3"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

# list-units: table, --no-legend for scripts and completion, JSON in the same order
run 0 "list-units" list-units
check "list-units header" test "$(head -n 1 "$TMP/out" | tr -s ' ')" = "UNIT LOAD ACTIVE SUB DESCRIPTION"
out_matches "echo.socket in list-units" "^echo\.socket +loaded +active +listening +Echo$"
out_matches "footer" "^[0-9]+ loaded units listed\.$"
run 0 "list-units --no-legend" list-units --no-legend
cut -d' ' -f1 "$TMP/out" >"$TMP/names"
check "--no-legend: first column is the unit name" grep -qx "web.socket" "$TMP/names"
check "--no-legend: no header or footer" sh -c '! grep -q "UNIT\|listed" "$1"' _ "$TMP/out"
check "--no-legend: sorted" sh -c 'sort -c "$1"' _ "$TMP/names"
run 0 "list-units --json" --json list-units
json_valid "list-units --json"
i=0; ok=1
while read -r name; do
        [ "$("$JSON" "$i/unit" <"$TMP/out")" = "$name" ] || ok=0
        i=$((i + 1))
done <"$TMP/names"
check "list-units --json lists the same units in the same order" test "$ok" -eq 1 -a "$("$JSON" "#" <"$TMP/out")" -eq "$i"

# status and its exit codes
run 0 "status of an active socket" status echo.socket
out_has "status headline" "● echo.socket - Echo"
out_has "status Loaded:" "     Loaded: loaded ($U/echo.socket; enabled)"
out_matches "status Active:" "^     Active: active \(listening\) since [A-Z][a-z][a-z] [0-9-]+ [0-9:]+ [A-Z]+; .* ago$"
out_has "status Listen:" "     Listen: 127.0.0.1:$p_echo (Stream)"
out_has "status counts" "   Accepted: 1; Connected: 0; Refused: 0"
run 0 "status of a socket with a drop-in" status web.socket
out_has "status Drop-In:" "    Drop-In: $U/web.socket.d/10-desc.conf"
# continuation lines are indented under the value, without a label, as systemctl's
run 3 "status of a socket with two listeners and two drop-ins" status two.socket
out_has "... first listener" "     Listen: $TMP/two-a.sock (Stream)"
out_has "... second listener" "             $TMP/two-b.sock (Stream)"
out_has "... first drop-in" "    Drop-In: $U/two.socket.d/10-a.conf"
out_has "... second drop-in" "             $U/two.socket.d/20-b.conf"
run 3 "status of an inactive socket" status later.socket
out_has "inactive, not enabled" "     Loaded: loaded ($U/later.socket; disabled)"
out_matches "inactive state" "^     Active: inactive \(dead\)"
run 3 "status of a unit that failed to load" status broken.socket
run 4 "status of a missing unit" status nosuch.socket
err_has "status of a missing unit says so" "Unit nosuch.socket could not be found."
run 4 "status: the worst of several" status echo.socket nosuch.socket
run 0 "status --json" --json status echo.socket
json "status --json: state" "echo.socket/ActiveState" "active"
json "status --json: enabled" "echo.socket/Enabled" "true"
json "status --json: listener" "echo.socket/Listen/0/1" "127.0.0.1:$p_echo"

# show
run 0 "show -p" show echo.socket -p Id,ActiveState
check "show -p prints just those, sorted" test "$(cat "$TMP/out")" = "ActiveState=active
Id=echo.socket"
run 0 "show -p Listen" show -p Listen echo.socket
out_has "show Listen=" "Listen=127.0.0.1:$p_echo (Stream)"
run 0 "show -p from a drop-in" show web.socket -p Description -p Accept
check "show: drop-in description, boolean as no" test "$(cat "$TMP/out")" = "Accept=no
Description=Web from drop-in"
run 0 "show all" show echo.socket
out_matches "show: a timestamp" "^ActiveEnterTimestamp=[A-Z][a-z][a-z] [0-9]{4}-"
out_has "show: a counter" "NAccepted=1"
run 4 "show a missing unit" show nosuch.socket
run 0 "show --json" --json show echo.socket
json "show --json: counter is a number" "NAccepted" "1"
json "show --json: Accept is a boolean" "Accept" "true"
run 0 "show the manager" show -p Scope
out_has "manager scope" "Scope=user"

# changing state needs root or the daemon's own user (exit 4, as systemctl); reading does not
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
        chmod o+x "$TMP" "$TMP/run"
        as_nobody() {
                rc=0
                setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKACTCTL" --runtime-dir="$TMP/run" "$@" \
                        >"$TMP/out" 2>"$TMP/err" || rc=$?
        }
        as_nobody start later.socket
        check "start as another user exits 4" test "$rc" -eq 4
        err_has "... access denied" "Failed to start later.socket: Access denied"
        check "... and did not start it" sh -c '! ss -Hltn "sport = :$1" | grep -q .' _ "$p_later"
        as_nobody is-active echo.socket
        check "is-active as another user works" test "$rc" -eq 0
        chmod o-x "$TMP/run"
else
        skip_part "access checks as another user need root (and setpriv)"
fi

# start, stop, restart, is-active: visible with ss
run 0 "start" start later.socket
check "started socket listens" listening "$p_later"
run 0 "is-active" is-active later.socket
out_has "is-active prints active" "active"
run 0 "stop" stop later.socket
check "stopped socket does not listen" sh -c '! ss -Hltn "sport = :$1" | grep -q .' _ "$p_later"
run 3 "is-active of an inactive unit" is-active later.socket
out_has "is-active prints inactive" "inactive"
run 4 "is-active of a missing unit" is-active nosuch.socket
run 3 "is-active of several" is-active echo.socket later.socket
check "is-active prints one state per unit" test "$(cat "$TMP/out")" = "active
inactive"
run 3 "is-active --json" --json is-active echo.socket later.socket
json "is-active --json" "later.socket" "inactive"
run 5 "start a missing unit" start nosuch.socket
err_has "start a missing unit says so" "Failed to start nosuch.socket: Unit nosuch.socket not found."
run 0 "restart" restart echo.socket
check "restarted socket listens" listening "$p_echo"
run 0 "start --json" --json start later.socket
json "start --json: result" "0/result" "done"
json "start --json: state" "0/state" "active"
run 0 "stop --json" --json stop later.socket

# enable/disable --now through the daemon
run 0 "enable --now" enable --now later.socket
check "enable --now linked" test -L "$U/sockets.target.wants/later.socket"
check "enable --now started" listening "$p_later"
run 0 "disable --now" disable --now later.socket
check "disable --now unlinked" test ! -e "$U/sockets.target.wants/later.socket"
# a socket whose service runs (started on its own, or still holding the listeners of a socket being restarted)
# is not started, as in systemd: a new unix socket at the path would take the service's traffic away
run 0 "start a service on its own" start busy.service
run 1 "start its socket while it runs" start busy.socket
err_has "... refused" "Unit busy.socket not started: its service is still running with its listeners."
check "... logged as systemd words it" grep -q "busy.socket: Socket service busy.service already active, refusing." "$TMP/daemon.log"
check "... no socket made at the path" test ! -e "$TMP/busy.sock"
run 0 "stop the service" stop busy.service
run 0 "then the socket starts" start busy.socket
check "... and listens at the path" test -S "$TMP/busy.sock"
run 0 "stop it again" stop busy.socket
# ExecStartPre= and ExecStopPost= are part of the start and the stop (activating, deactivating): start and
# stop return when they are done, as systemctl's
run 0 "start waits for ExecStartPre= and the start" --json start slowpre.service
json "... active then" "0/state" "active"
run 0 "... is-active right after" is-active slowpre.service
run 0 "stop waits for ExecStopPost=" --json stop slowpre.service
json "... inactive then" "0/state" "inactive"
# start of a service that fails and waits to be restarted returns (as systemctl's: the start itself is done)
run 0 "start of a crash-looping service returns" start crashloop.service
run 0 "... stop it" stop crashloop.service
# a stop while a restart is pending calls it off: inactive, not failed (as systemd)
run 0 "start a service that fails and waits to restart" --no-block start autorst.service
check "... its restart is pending" wait_for 10 grep -q "autorst.service: changed running -> auto-restart" "$TMP/daemon.log"
run 0 "stop it while it waits" stop autorst.service
run 3 "... is-active" is-active autorst.service
out_has "... inactive, not failed" "inactive"
# a unit name without a type means the service, as with systemctl
run 0 "cat without .service" cat limited
out_has "... the service's file" "Type=oneshot"
run 3 "is-active without .service" is-active limited
# reset-failed: a unit stopped by its start limit can be started again at once
run 0 "start a unit whose start limit is 1" start limited.service
run 1 "... its second start hits the limit" start limited.service
run 3 "... is-active" is-active limited.service
out_has "... failed" "failed"
run 0 "reset-failed" reset-failed limited.service
run 3 "... is-active after reset-failed" is-active limited.service
out_has "... inactive" "inactive"
run 0 "... it starts again" start limited.service
run 5 "reset-failed of a missing unit (as start)" reset-failed nosuch.service
err_has "... said so" "Failed to reset the failed state of nosuch.service: Unit nosuch.service not found."
# stopping a running Accept=yes instance: done, though the instance is removed as it ends
inst=$("$SOCKACTCTL" --runtime-dir="$TMP/run" list-units --no-legend | awk '$1 ~ /^hold@/ { print $1; exit }')
check "a hold@ instance still runs ($inst)" test -n "$inst"
run 0 "stop a running Accept=yes instance" stop "$inst"
run 0 "... and it is not listed again afterwards" list-units --no-legend
check "... not in list-units" sh -c "! grep -q '^hold@' '$TMP/out'"
check "disable --now stopped" sh -c '! ss -Hltn "sport = :$1" | grep -q .' _ "$p_later"

# logs and status of a service that writes to the journal
run 0 "start a service" start talker.service
talked() { "$SOCKACTCTL" --runtime-dir="$TMP/run" logs talker.service | grep -q line-two; }
check "its output is kept" wait_for 10 talked
run 0 "logs" logs talker.service
out_matches "logs: timestamp and line" "^[A-Z][a-z][a-z] [0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} line-one$"
run 0 "logs -n 1" logs -n 1 talker.service
check "logs -n 1 prints the last line only" sh -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q "line-two$" "$1"' _ "$TMP/out"
run 0 "logs --json" --json logs talker.service
json "logs --json: lines" "#" "2"
json "logs --json: message" "1/message" "line-two"
run 0 "status of a running service" status talker.service
out_matches "status: Main PID with its name" "^   Main PID: [0-9]+ \(sleep\)$"
out_matches "status: recent log lines" " line-two$"
run 0 "stop the service" stop talker.service
run 3 "status of a stopped service" status talker.service
out_matches "status: killed by SIGTERM" "^  Last exit: code=killed, signal=TERM"
run 4 "logs of a missing unit" logs nosuch.service

# a job that fails
run 1 "start of a failing service" start fails.service
err_has "start of a failing service says so" "fails.service"
run 3 "status of a failed service" status fails.service
out_matches "failed: the result instead of the sub-state" "^     Active: failed \(Result: exit-code\) since "
out_matches "failed: the exit status" "^  Last exit: code=exited, status=1/FAILURE at "
run 3 "is-active of a failed service" is-active fails.service
out_has "is-active prints failed" "failed"

# reload
run 0 "reload" reload
run 0 "still there after reload" is-active echo.socket
run 0 "reload --json" --json reload
json_valid "reload --json"

# reload UNIT: ExecReload= (here: kill -HUP $MAINPID)
run 0 "start a service with ExecReload=" start rl.service
run 0 "reload UNIT" reload rl.service
check "ExecReload= signalled \$MAINPID" wait_for 5 grep -qx hup "$TMP/rl.log"
run 0 "... the service still runs" is-active rl.service
run 1 "reload of a unit without ExecReload=" reload talker.service
err_has "... says why" "Job type reload is not applicable for unit talker.service."
run 1 "reload of a socket" reload echo.socket
run 0 "stop it" stop rl.service
# a reload whose ExecReload= fails: the service runs on, the reload reports the failure, as systemctl's
run 0 "start a service whose ExecReload= fails" start badrl.service
run 1 "... its reload fails" reload badrl.service
err_has "... Job for ... failed." "Job for badrl.service failed."
run 0 "... it still runs" is-active badrl.service
run 0 "stop it" stop badrl.service
run 1 "reload of a service that is not running" reload rl.service
err_has "... says why" "Unit rl.service cannot be reloaded because it is not running."

# text from unit files cannot act on the terminal; JSON escapes it
run 3 "status of a unit with a control character" status odd.socket
out_has "control character shown as ?" "● odd.socket - odd?[31mname"
run 0 "list-units --json with a control character" --json list-units
json_valid "list-units --json with a control character"
check "the control character is escaped" grep -qF 'odd\u001b[31mname' "$TMP/out"

# colour only on a tty, and not with NO_COLOR
if command -v script >/dev/null 2>&1; then
        script -qec "$SOCKACTCTL --runtime-dir=$TMP/run list-units" /dev/null >"$TMP/tty" 2>&1
        check "colour on a tty" grep -q "$(printf '\033')\[0;1;32mactive" "$TMP/tty"
        NO_COLOR=1 script -qec "$SOCKACTCTL --runtime-dir=$TMP/run list-units" /dev/null >"$TMP/tty" 2>&1
        check "no colour with NO_COLOR" sh -c '! grep -q "$(printf "\033")\[0;1;32m" "$1"' _ "$TMP/tty"
fi

check "daemon exits 0 on SIGTERM" stop_daemon
run 1 "after the daemon stopped" list-sockets
err_has "after the daemon stopped: clear message" "Failed to connect to sockactd at $TMP/run/private"
finish
