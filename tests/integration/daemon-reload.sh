#!/bin/sh
# Reloading on SIGHUP, checked from outside on the daemon's real listeners (tests/tools/sockopt-probe reads
# their options; the inode of a listening socket, /proc/PID/fd -> socket:[INODE], tells whether it is still
# the same socket): a changed option is applied; an unchanged socket, and an unchanged listener of a changed
# socket, keep their socket; a removed unit stops listening; a newly enabled one listens; a running Accept=no
# service keeps its PID; a broken edit is reported with file:line and the socket keeps listening. Then the
# no-drop test: a client connects over and over to an Accept=yes and an Accept=no socket while 100 reloads
# happen (each waited for, by its "Reloaded in" log line); not one connection may be refused, reset or fail,
# and the listeners are the same sockets afterwards. Also: READY=1 comes only once a socket with ExecStartPre=
# listens; an Accept=yes instance that runs across a reload finishes its connection. Between reloads a unit
# that is not loaded yet is looked up in the file system (sockactd(8), "Search path"): a template and its
# drop-in written after the start, and a socket unit written after a reload, are found without a reload.
. "$(dirname "$0")/lib.sh"

PROBE="$top_builddir/tests/tools/sockopt-probe"
CLIENT="$top_builddir/tests/tools/sa-client"
ECHO="$top_builddir/tests/tools/listen-echo"
LOOP="$top_builddir/tests/tools/conn-loop"
U="$TMP/units"
LOOP_PID=""

check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
expect() { # LABEL GOT WANT
        if [ "$2" = "$3" ]; then pass; else fail "$1: expected '$3', got '$2'"; fi
}
enable_unit() { mkdir -p "$U/sockets.target.wants"; ln -sf "../$1" "$U/sockets.target.wants/$1"; }

# The probe line of the daemon's listener whose local address is exactly $1, and a value from it.
probe() { "$PROBE" "$DAEMON_PID" >"$TMP/probe.out" 2>"$TMP/probe.err"; }
line_of() { awk -v w="local=$1" '{ for (i = 2; i <= NF; i++) if ($i == w) { print; exit } }' "$TMP/probe.out"; }
opt() { # ADDRESS KEY
        line_of "$1" | awk -v k="$2=" '{ for (i = 1; i <= NF; i++) if (index($i, k) == 1) { print substr($i, length(k) + 1); exit } }'
}
# The inode of the daemon's listening socket on ADDRESS (empty if there is none).
ino_of() {
        probe || return 0
        io_fd=$(opt "$1" fd)
        [ -n "$io_fd" ] || return 0
        readlink "/proc/$DAEMON_PID/fd/$io_fd" | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p'
}
tcp_backlog() { ss -Hltn 2>/dev/null | awk -v a="$1" '$4 == a { print $3; exit }'; }

n_reloads() { c=$(grep -c 'Reloaded in' "$TMP/daemon.log" 2>/dev/null) || true; echo "${c:-0}"; }
# reload: send SIGHUP and wait (at most 10 s) for its "Reloaded in" line.
# (Functions share the caller's variables: theirs have a prefix of their own.)
reload() {
        rl_want=$(($(n_reloads) + 1))
        kill -HUP "$DAEMON_PID"
        rl_i=0
        while [ "$(n_reloads)" -lt "$rl_want" ] && [ "$rl_i" -lt 1000 ]; do
                sleep 0.01
                rl_i=$((rl_i + 1))
        done
        [ "$(n_reloads)" -ge "$rl_want" ]
}

cleanup_loop() { [ -z "$LOOP_PID" ] || { kill "$LOOP_PID" 2>/dev/null; wait "$LOOP_PID" 2>/dev/null; }; cleanup_daemon; }
trap cleanup_loop EXIT

# ---- prerequisites ----
command -v ss >/dev/null 2>&1 || skip "needs ss (iproute2)"
# (other tests' TIME-WAIT connections may hold ports of the slot for a minute: try for up to 30 s)
tries=0
until pick_ports_slot 5 14 >/dev/null; do
        tries=$((tries + 1))
        [ "$tries" -lt 10 ] || skip "no 14 free ports in slot 5"
        sleep 3
done
P=$PORT_BASE
rc=0; "$PROBE" $$ >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 77 ] || skip "pidfd_getfd() is not permitted here (sockopt-probe)"

# ---- units ----
mkdir -p "$U"
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=%s/keep.sock\n' "$P" "$TMP" >"$U/keep.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' $((P + 1)) >"$U/opt.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=127.0.0.1:%s\n' $((P + 2)) $((P + 3)) >"$U/multi.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' $((P + 5)) >"$U/gone.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' $((P + 7)) >"$U/svc.socket"
printf '[Service]\nExecStart=%s 1000000\n' "$ECHO" >"$U/svc.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\nExecStartPre=/bin/sleep 1\n' $((P + 8)) >"$U/pre.socket"
# (no trigger limit: the client below connects as fast as it can)
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=%s/acc.sock\nAccept=yes\nTriggerLimitIntervalSec=0\n' \
        $((P + 9)) "$TMP" >"$U/acc.socket"
printf '[Service]\nExecStart=/bin/echo served\nStandardInput=socket\n' >"$U/acc@.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\nBacklog=20\n' $((P + 10)) >"$U/broken.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\nBacklog=10\n' $((P + 11)) >"$U/churn.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\nBacklog=10\n' $((P + 12)) >"$U/svc2.socket"
printf '[Service]\nExecStart=%s 2\n' "$ECHO" >"$U/svc2.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' $((P + 13)) >"$U/slow.socket"
printf '[Service]\nExecStart=/bin/sh -c "sleep 1; echo late"\nStandardInput=socket\n' >"$U/slow@.service"
# (its template late@.service is written only after the start)
printf '[Socket]\nListenStream=%s/late.sock\nAccept=yes\n' "$TMP" >"$U/late.socket"
# (Service= changes at the reload: the new service is started, and the socket listens again after each run)
printf '[Socket]\nListenStream=%s/redir.sock\nService=redir-a.service\n' "$TMP" >"$U/redir.socket"
printf '[Service]\nExecStart=%s 1\n' "$ECHO" >"$U/redir-a.service"
printf '[Service]\nExecStart=%s 1\n' "$ECHO" >"$U/redir-b.service"
for s in keep opt multi gone svc pre acc broken churn svc2 slow late redir; do enable_unit "$s.socket"; done

start_daemon || { fail "daemon did not start"; finish; }

# ---- READY=1 waits for the socket whose ExecStartPre= runs for a second ----
check "READY=1 only once pre.socket (ExecStartPre=) listens" daemon_listens_tcp 127.0.0.1 $((P + 8))

# ---- units not loaded yet are found in the file system as it is now, without a reload ----
out=$(bounded 15 "$CLIENT" "$TMP/late.sock") || true
check "late.socket: no template at the start, the connection is not served ($out)" test -z "$out"
mkdir -p "$U/late@.service.d"
# shellcheck disable=SC2016 # "$$WHO" is for the unit file, where $$ is a plain $
printf '[Service]\nExecStart=/bin/sh -c "echo late-$$WHO"\nStandardInput=socket\nEnvironment=WHO=file\n' \
        >"$U/late@.service"
printf '[Service]\nEnvironment=WHO=dropin\n' >"$U/late@.service.d/who.conf"
out=$(bounded 15 "$CLIENT" "$TMP/late.sock") || fail "late.socket: connection failed"
expect "late.socket: the template and drop-in written after the start are used" "$out" late-dropin
check "late.socket: no reload happened meanwhile" test "$(n_reloads)" -eq 0

# ---- first reload: option changed, listener replaced, unit removed, unit added, service edited ----
for a in "127.0.0.1:$P" "$TMP/keep.sock" "127.0.0.1:$((P + 1))" "127.0.0.1:$((P + 2))" "127.0.0.1:$((P + 3))" \
        "127.0.0.1:$((P + 10))"; do
        check "listening on $a" test -n "$(ino_of "$a")"
done
keep_tcp=$(ino_of "127.0.0.1:$P")
keep_unix=$(ino_of "$TMP/keep.sock")
opt_ino=$(ino_of "127.0.0.1:$((P + 1))")
multi_ino=$(ino_of "127.0.0.1:$((P + 2))")
broken_ino=$(ino_of "127.0.0.1:$((P + 10))")
probe
expect "opt.socket before: SO_KEEPALIVE" "$(opt "127.0.0.1:$((P + 1))" SO_KEEPALIVE)" 0
expect "opt.socket before: TCP_NODELAY" "$(opt "127.0.0.1:$((P + 1))" TCP_NODELAY)" 0

out=$(bounded 15 "$CLIENT" "127.0.0.1:$((P + 7))") || fail "svc.socket: connection failed"
svc_pid=$(echo "$out" | sed -n '1s/^pid=\([0-9]*\) .*/\1/p')
check "svc.service runs (pid '$svc_pid')" test -n "$svc_pid"

printf '[Socket]\nListenStream=127.0.0.1:%s\nKeepAlive=yes\nNoDelay=yes\nBacklog=7\n' $((P + 1)) >"$U/opt.socket"
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=127.0.0.1:%s\n' $((P + 2)) $((P + 4)) >"$U/multi.socket"
rm "$U/gone.socket" # the link in sockets.target.wants/ stays, dangling
printf '[Socket]\nListenStream=127.0.0.1:%s\n' $((P + 6)) >"$U/new.socket"
enable_unit new.socket
printf '[Unit]\nDescription=edited\n[Socket]\nListenStream=127.0.0.1:%s\n' $((P + 7)) >"$U/svc.socket"
printf '[Service]\nExecStart=%s 1000000\nEnvironment=EDITED=1\n' "$ECHO" >"$U/svc.service"
printf '[Socket]\nListenStream=%s/redir.sock\nService=redir-b.service\n' "$TMP" >"$U/redir.socket"
check "first reload finished" reload
for k in 1 2; do
        out=$(bounded 15 "$CLIENT" "$TMP/redir.sock" "r$k") || true
        check "redir.socket: Service= changed at the reload, connection $k served ($out)" \
                sh -c "echo '$out' | grep -q '^pid=.* names=redir.socket ' && echo '$out' | grep -q 'r$k'"
done
check "redir.socket: the new service ran, the old one never" sh -c \
        "grep -q 'redir-b.service: changed' '$TMP/daemon.log' && ! grep -q 'redir-a.service: changed' '$TMP/daemon.log'"

probe
expect "opt.socket: KeepAlive=yes applied" "$(opt "127.0.0.1:$((P + 1))" SO_KEEPALIVE)" 1
expect "opt.socket: NoDelay=yes applied" "$(opt "127.0.0.1:$((P + 1))" TCP_NODELAY)" 1
expect "opt.socket: Backlog=7 applied" "$(tcp_backlog "127.0.0.1:$((P + 1))")" 7
check "opt.socket: its listener was re-created" test "$(ino_of "127.0.0.1:$((P + 1))")" != "$opt_ino"
expect "keep.socket: same TCP listener" "$(ino_of "127.0.0.1:$P")" "$keep_tcp"
expect "keep.socket: same unix listener" "$(ino_of "$TMP/keep.sock")" "$keep_unix"
expect "multi.socket: the unchanged listener kept" "$(ino_of "127.0.0.1:$((P + 2))")" "$multi_ino"
check "multi.socket: the removed listener closed" test -z "$(ino_of "127.0.0.1:$((P + 3))")"
check "multi.socket: the added listener listens" daemon_listens_tcp 127.0.0.1 $((P + 4))
check "gone.socket: no longer listening" sh -c "! ss -Hltn 'sport = :$((P + 5))' | grep -q ."
check "new.socket: listening" daemon_listens_tcp 127.0.0.1 $((P + 6))
check "svc.service: still running (pid $svc_pid)" kill -0 "$svc_pid"
out=$(bounded 15 "$CLIENT" "127.0.0.1:$((P + 7))") || fail "svc.socket: connection after reload failed"
check "svc.service: the same process serves after the reload ($out)" sh -c "echo '$out' | grep -q '^pid=$svc_pid '"
check "log: the removal" grep -q 'gone.socket: Unit file removed' "$TMP/daemon.log"
check "log: the running service keeps its settings" grep -q 'svc.service: Unit file changed; the running service keeps' "$TMP/daemon.log"

# ---- a loaded, inactive service whose file is removed is forgotten at the next reload (the reload read the
# freed configuration of such a unit; the ASan build caught it) ----
printf '[Service]\nExecStart=/bin/true\n' >"$U/idle.service"
"$SOCKACTCTL" --user --runtime-dir="$TMP/run" --unit-path="$U" status idle.service >/dev/null 2>&1 || true
check "idle.service: listed" sh -c "'$SOCKACTCTL' --user --runtime-dir='$TMP/run' --unit-path='$U' list-units --no-legend | grep -q '^idle.service'"
rm "$U/idle.service"
check "reload after removing a loaded service finished" reload
check "... the daemon still runs" kill -0 "$DAEMON_PID"
check "... idle.service is forgotten" sh -c "! '$SOCKACTCTL' --user --runtime-dir='$TMP/run' --unit-path='$U' list-units --no-legend | grep -q '^idle.service'"

# ---- a socket whose service runs keeps its listener until the service ends, then takes the new settings ----
svc2_ino=$(ino_of "127.0.0.1:$((P + 12))")
"$CLIENT" "127.0.0.1:$((P + 12))" >"$TMP/svc2.out" 2>&1 & # the service serves two connections, then exits
svc2_client=$!
check "svc2.service started" wait_for 10 grep -q 'svc2.socket: changed listening -> running' "$TMP/daemon.log"
printf '[Socket]\nListenStream=127.0.0.1:%s\nBacklog=5\n' $((P + 12)) >"$U/svc2.socket"
check "reload while svc2.service runs finished" reload
expect "svc2.socket: same listener while its service runs" "$(ino_of "127.0.0.1:$((P + 12))")" "$svc2_ino"
expect "svc2.socket: old Backlog= while its service runs" "$(tcp_backlog "127.0.0.1:$((P + 12))")" 10
out=$(bounded 15 "$CLIENT" "127.0.0.1:$((P + 12))") || fail "svc2.socket: second connection failed"
wait "$svc2_client" || fail "svc2.socket: first connection failed ($(cat "$TMP/svc2.out"))"
check "svc2.socket: Backlog=5 once the service ended" wait_for 10 sh -c \
        "ss -Hltn | awk '\$4 == \"127.0.0.1:$((P + 12))\" && \$3 == 5 { f = 1 } END { exit !f }'"
check "svc2.socket: its listener re-created then" test "$(ino_of "127.0.0.1:$((P + 12))")" != "$svc2_ino"

# ---- an Accept=yes instance that runs across a reload of its socket and template ----
"$CLIENT" "127.0.0.1:$((P + 13))" >"$TMP/slow.out" 2>&1 &
slow_client=$!
check "slow@.service instance started" wait_for 10 grep -q 'slow@0-.*changed dead -> running' "$TMP/daemon.log"
printf '[Unit]\nDescription=edited\n[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' $((P + 13)) >"$U/slow.socket"
printf '[Service]\nExecStart=/bin/sh -c "echo new"\nStandardInput=socket\n' >"$U/slow@.service"
check "reload while an Accept=yes instance runs finished" reload
wait "$slow_client" || fail "slow.socket: the connection failed"
expect "Accept=yes: the running instance finished its connection" "$(cat "$TMP/slow.out")" late
out=$(bounded 15 "$CLIENT" "127.0.0.1:$((P + 13))") || fail "slow.socket: connection after reload failed"
expect "Accept=yes: a new connection gets an instance of the new template" "$out" new

# ---- a broken edit: reported with file:line, the daemon and the socket's listener carry on ----
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=not-an-address\nBacklog=20\n' $((P + 10)) >"$U/broken.socket"
check "reload after a broken edit finished" reload
check "broken edit reported as FILE:LINE" grep -q "$U/broken.socket:3: " "$TMP/daemon.log"
check "daemon survives the broken edit" kill -0 "$DAEMON_PID"
expect "broken.socket: keeps its listener" "$(ino_of "127.0.0.1:$((P + 10))")" "$broken_ino"
check "broken.socket: still listening" daemon_listens_tcp 127.0.0.1 $((P + 10))

# ---- an Accept=yes socket unit made anew counts from 0 again: a connection whose instance name a running
# instance still has is refused (as systemd), and that instance is left alone. One process (zsh's socket
# module) connects to again.sock, waits until the unit was removed and put back, and connects again: both
# connections are named again@0-PID-UID. ----
if command -v zsh >/dev/null 2>&1 && zsh -c 'zmodload zsh/net/socket' 2>/dev/null; then
        printf '[Socket]\nListenStream=%s/again.sock\nAccept=yes\n' "$TMP" >"$U/again.socket"
        printf '[Service]\nExecStart=/bin/sh -c "echo served; exec sleep 30"\nStandardInput=socket\n' >"$U/again@.service"
        enable_unit again.socket
        check "again.socket: reload that adds it finished" reload
        check "again.socket: listening" wait_for 10 test -S "$TMP/again.sock"
        zsh -c 'zmodload zsh/net/socket
                zsocket "$1" || exit 4; a=$REPLY
                read -t 10 -u $a line; print -r -- "first=${line:-none}"
                : >"$2"
                for i in {1..200}; do [[ -e $3 ]] && break; sleep 0.05; done
                zsocket "$1" || { print "second=refused"; exit 0; }; b=$REPLY
                read -t 5 -u $b line2; print -r -- "second=${line2:-closed}"' \
                zsh "$TMP/again.sock" "$TMP/again.first" "$TMP/again.go" >"$TMP/again.out" 2>&1 &
        again_pid=$!
        check "again.socket: first connection made" wait_for 10 test -e "$TMP/again.first"
        rm -f "$U/again.socket" "$U/sockets.target.wants/again.socket"
        check "again.socket: reload that removes it finished" reload
        printf '[Socket]\nListenStream=%s/again.sock\nAccept=yes\n' "$TMP" >"$U/again.socket"
        enable_unit again.socket
        check "again.socket: reload that puts it back finished" reload
        : >"$TMP/again.go"
        wait "$again_pid" || fail "again.socket: the client failed ($(cat "$TMP/again.out"))"
        check "again.socket: the first connection was served ($(cat "$TMP/again.out"))" grep -q '^first=served$' "$TMP/again.out"
        check "again.socket: the second, same name, was closed unserved" grep -q '^second=closed$' "$TMP/again.out"
        check "again.socket: ... and logged" grep -q "again.socket: again@0-$again_pid-$(id -u).service still serves an earlier connection, dropping the new one." "$TMP/daemon.log"
        check "again.socket: the first instance still runs" grep -q "again@0-$again_pid-$(id -u).service: changed dead -> running" "$TMP/daemon.log"
else
        skip_part "no zsh with zsh/net/socket: a taken Accept=yes instance name not tested"
fi

# ---- no dropped connection across 100 reloads ----
acc_tcp=$(ino_of "127.0.0.1:$((P + 9))")
acc_unix=$(ino_of "$TMP/acc.sock")
svc_ino=$(ino_of "127.0.0.1:$((P + 7))")
"$LOOP" -s 50 -r "$TMP/loop.ready" "127.0.0.1:$((P + 9))" "$TMP/acc.sock" "127.0.0.1:$((P + 7))" >"$TMP/loop.out" 2>&1 &
LOOP_PID=$!
check "client loop connected to every address" wait_for 15 test -e "$TMP/loop.ready"
t0=$(date +%s)
i=1
while [ "$i" -le 100 ]; do
        # every reload has work: a listener re-created elsewhere, and the Accept=yes socket's file rewritten
        # with the same listeners (it is read again, its listeners kept)
        printf '[Socket]\nListenStream=127.0.0.1:%s\nBacklog=%s\n' $((P + 11)) $((10 + i % 50)) >"$U/churn.socket"
        printf '[Unit]\nDescription=round %s\n[Socket]\nListenStream=127.0.0.1:%s\nListenStream=%s/acc.sock\n' \
                "$i" $((P + 9)) "$TMP" >"$U/acc.socket"
        printf 'Accept=yes\nTriggerLimitIntervalSec=0\n' >>"$U/acc.socket"
        reload || { fail "reload $i did not finish"; break; }
        i=$((i + 1))
done
echo "100 reloads in $(($(date +%s) - t0)) s"
kill -USR1 "$LOOP_PID"
rc=0; wait "$LOOP_PID" || rc=$?
LOOP_PID=""
cat "$TMP/loop.out"
expect "client loop: no refused, reset or failed connection" "$rc" 0
for a in "127.0.0.1:$((P + 9))" "$TMP/acc.sock" "127.0.0.1:$((P + 7))"; do
        n=$(awk -v a="$a" '$1 == a { sub("total=", "", $2); print $2 }' "$TMP/loop.out")
        check "client loop: at least 20 connections to $a (${n:-0})" test "${n:-0}" -ge 20
done
expect "Accept=no: one process served every connection" \
        "$(awk -v a="127.0.0.1:$((P + 7))" '$1 == a { print $NF }' "$TMP/loop.out")" "pids=$svc_pid"
expect "Accept=yes: same TCP listener after 100 reloads" "$(ino_of "127.0.0.1:$((P + 9))")" "$acc_tcp"
expect "Accept=yes: same unix listener after 100 reloads" "$(ino_of "$TMP/acc.sock")" "$acc_unix"
expect "Accept=no: same listener after 100 reloads" "$(ino_of "127.0.0.1:$((P + 7))")" "$svc_ino"
expect "churn.socket: the last Backlog= applied" "$(tcp_backlog "127.0.0.1:$((P + 11))")" $((10 + 100 % 50))
check "daemon still running" kill -0 "$DAEMON_PID"
grep 'Reloaded in' "$TMP/daemon.log" | tail -n 1

# ---- a unit file written after the last reload is found by a start, without another reload ----
printf '[Socket]\nListenStream=%s/added.sock\n' "$TMP" >"$U/added.socket"
rc=0; bounded 30 "$SOCKACTCTL" --runtime-dir="$TMP/run" start added.socket >"$TMP/ctl.out" 2>&1 || rc=$?
expect "added.socket: sockactctl start of a file written after the reload ($(cat "$TMP/ctl.out"))" "$rc" 0
check "added.socket: listening" wait_for 10 test -S "$TMP/added.sock"

rc=0; stop_daemon || rc=$?
expect "daemon exits 0 on SIGTERM" "$rc" 0
finish
