#!/bin/sh
# Activation end to end: Accept=no hands the listeners to the service as sd_listen_fds(3) expects, the
# triggering connection is served, the socket listens again after the service ends; Accept=yes runs one
# instance per connection with the connection as stdin/stdout or fd 3; limits; no zombies.
. "$(dirname "$0")/lib.sh"

CLIENT="$top_builddir/tests/tools/sa-client"
ECHO="$top_builddir/tests/tools/listen-echo"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
contains() { case $1 in *"$2"*) return 0 ;; esac; return 1; }

pick_ports_slot 1 12 || exit 1
base=$PORT_BASE
p_act=$base p_yes=$((base + 1)) p_env=$((base + 2)) p_fd3=$((base + 3)) p_max=$((base + 4)) p_loop=$((base + 5))
U="$TMP/units"; mkdir -p "$U/sockets.target.wants"
enable() { ln -s "../$1" "$U/sockets.target.wants/$1"; }

# Accept=no: two listeners, one service that serves two connections and exits.
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=%s/act.sock\n' "$p_act" "$TMP" >"$U/act.socket"
printf '[Service]\nExecStart=%s 2\n' "$ECHO" >"$U/act.service"
enable act.socket
# Accept=yes: /bin/cat on the connection. (The burst of 1000 connections below would hit the default trigger
# limit of Accept=yes sockets, 200 in 2 s, as under systemd; 0 turns it off. Its 8 clients never have more
# than 8 connections open, so MaxConnections=16 must drop none: an instance that has ended must not count,
# even before its exit is handled (sockactd accepts many connections per wakeup and reaps before refusing
# one; systemd handles exits before each new connection).)
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\nTriggerLimitBurst=0\nMaxConnections=16\n' "$p_yes" >"$U/echo.socket"
printf '[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' >"$U/echo@.service"
enable echo.socket
# Accept=yes: what the instance's environment says. (In a command line "$$" is a literal "$", as in systemd;
# $REMOTE_ADDR is expanded by sockactd itself.)
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$p_env" >"$U/env.socket"
printf '[Service]\nExecStart=/bin/sh -c '"'"'echo "addr=$REMOTE_ADDR port=$REMOTE_PORT fds=$${LISTEN_FDS-unset}"'"'"'\nStandardInput=socket\n' >"$U/env@.service"
enable env.socket
# Accept=yes without StandardInput=socket: the connection is fd 3, named "connection".
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$p_fd3" >"$U/fd3.socket"
printf '[Service]\nExecStart=/bin/sh -c '"'"'echo "fds=$LISTEN_FDS names=$LISTEN_FDNAMES pidok=$([ "$LISTEN_PID" = $$$$ ] && echo yes)" >&3'"'"'\n' >"$U/fd3@.service"
enable fd3.socket
# Sockets=: the service also gets the listeners of a socket it names but that does not activate it; both
# listen again when it ends (side.socket then starts its own service).
p_multi=$((base + 10))
REPORT="$top_builddir/tests/tools/sd-listen-report"
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_multi" >"$U/multi.socket"
printf '[Socket]\nListenStream=%s/side.sock\nFileDescriptorName=side\n' "$TMP" >"$U/side.socket"
printf '[Service]\nSockets=side.socket\nExecStart=%s\n' "$REPORT" >"$U/multi.service"
printf '[Service]\nExecStart=%s\n' "$REPORT" >"$U/side.service"
enable multi.socket
enable side.socket
# Accept=yes on a unix socket: instances named N-PID-UID after the peer, no REMOTE_*.
printf '[Socket]\nListenStream=%s/uenv.sock\nAccept=yes\n' "$TMP" >"$U/uenv.socket"
printf '[Service]\nExecStart=/bin/sh -c '"'"'echo "addr=$${REMOTE_ADDR-unset} port=$${REMOTE_PORT-unset}"'"'"'\nStandardInput=socket\n' >"$U/uenv@.service"
enable uenv.socket
# Accept=yes over IPv6: the instance is named as systemd 252 names it, "N-ADDRESS:PORT-ADDRESS:PORT" without
# brackets; a dual-stack listener names an IPv4 connection with IPv4 addresses.
p_v6=$((base + 7)) p_dual=$((base + 11))
has_ipv6=0
if grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null; then
        has_ipv6=1
        printf '[Socket]\nListenStream=[::1]:%s\nAccept=yes\n' "$p_v6" >"$U/v6.socket"
        printf '[Socket]\nListenStream=%s\nBindIPv6Only=both\nAccept=yes\n' "$p_dual" >"$U/dual.socket"
        for n in v6 dual; do
                printf '[Service]\nExecStart=/bin/sh -c '"'"'echo "addr=$REMOTE_ADDR"'"'"'\nStandardInput=socket\n' >"$U/$n@.service"
        done
        enable v6.socket
        enable dual.socket
else
        note_skip "no IPv6 loopback (::1): Accept=yes over IPv6 not tested"
fi
# MaxConnections=1 with a slow instance.
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\nMaxConnections=1\n' "$p_max" >"$U/max.socket"
printf '[Service]\nExecStart=/bin/sh -c "sleep 2; echo late"\nStandardInput=socket\n' >"$U/max@.service"
enable max.socket
# A service that never takes its connection: the trigger limit must stop the loop (the service's own
# start limit is off here, else it would stop the loop first, as in systemd).
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_loop" >"$U/loop.socket"
printf '[Unit]\nStartLimitIntervalSec=0\n[Service]\nExecStart=/bin/true\n' >"$U/loop.service"
enable loop.socket
p_slimit=$((base + 6))
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_slimit" >"$U/slimit.socket"
printf '[Service]\nExecStart=/bin/true\n' >"$U/slimit.service"
enable slimit.socket

# Conditions: a service whose condition never holds is skipped at every trigger, until the socket's trigger
# limit fails the socket (systemd's TEST-07 issue2467); a condition that holds starts it.
p_cond=$((base + 8)); p_condok=$((base + 9))
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_cond" >"$U/never.socket"
printf '[Unit]\nConditionPathExists=/nonexistent/sockact\n[Service]\nExecStart=/bin/true\n' >"$U/never.service"
enable never.socket
printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_condok" >"$U/condok.socket"
printf '[Unit]\nConditionPathExists=!/nonexistent/sockact\nAssertPathIsDirectory=/\n[Service]\nExecStart=%s\n' "$ECHO" >"$U/condok.service"
enable condok.socket

start_daemon || { fail "daemon did not start"; finish; }

# --- conditions ---
bounded 15 "$CLIENT" "127.0.0.1:$p_cond" >/dev/null 2>&1 || true
check "condition never holds: the service is skipped" wait_for 10 grep -q "never.service: Condition check resulted in never.service being skipped." "$TMP/daemon.log"
check "... the socket ends with trigger-limit-hit, not a busy loop" wait_for 10 grep -q "never.socket: Failed with result 'trigger-limit-hit'." "$TMP/daemon.log"
check "... and the service never ran or failed" sh -c "! grep -q 'never.service: Failed' '$TMP/daemon.log'"
out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_condok" "cond") || fail "condition holds: connection failed"
check "condition and assertion hold: started ($out)" sh -c "echo '$out' | grep -q cond"

# --- Accept=no ---
out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_act" "first") || fail "Accept=no: connection failed"
first_pid=${out#pid=}; first_pid=${first_pid%% *}
check "Accept=no: the triggering connection is served ($out)" contains "$out" "first"
check "Accept=no: LISTEN_FDS=2" contains "$out" "fds=2 "
check "Accept=no: LISTEN_FDNAMES = the socket unit's name, per fd" contains "$out" "names=act.socket:act.socket "
check "Accept=no: O_NONBLOCK cleared (NonBlocking=no)" contains "$out" "nonblock=0"
check "Accept=no: no fd beyond stdio and the passed ones" contains "$out" "extra_fds=0"
out2=$(bounded 15 "$CLIENT" "$TMP/act.sock" "second") || fail "Accept=no: unix connection failed"
check "Accept=no: the same service serves the second listener" contains "$out2" "pid=$first_pid "
# the service exited after two connections: the socket must listen again and start a new one
out3=$(bounded 15 "$CLIENT" "127.0.0.1:$p_act" "third") || fail "Accept=no: re-activation failed"
check "Accept=no: re-activated after the service ended ($out3)" sh -c "! echo '$out3' | grep -q 'pid=$first_pid '"
check "Accept=no: re-activated service served the connection" contains "$out3" "third"

# --- Accept=yes ---
out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_yes" "ping") || fail "Accept=yes: connection failed"
check "Accept=yes: /bin/cat echoes over the connection ($out)" test "$out" = "ping"
check "Accept=yes: instance named N-LOCAL-REMOTE" grep -q "echo@0-127.0.0.1:$p_yes-127.0.0.1:[0-9]*\.service" "$TMP/daemon.log"
out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_env") || fail "Accept=yes env: connection failed"
check "Accept=yes: REMOTE_ADDR/REMOTE_PORT, no LISTEN_* with StandardInput=socket ($out)" sh -c "echo '$out' | grep -q '^addr=127.0.0.1 port=[0-9][0-9]* fds=unset$'"
out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_fd3") || fail "Accept=yes fd3: connection failed"
check "Accept=yes: connection as fd 3, LISTEN_FDS=1, name 'connection', LISTEN_PID = own pid ($out)" test "$out" = "fds=1 names=connection pidok=yes"

out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_multi") || fail "Sockets=: connection failed"
check "Sockets=: the service gets its own and the named socket's listeners ($out)" sh -c \
        "echo '$out' | grep -q -E '^n=2 names=(multi.socket:side|side:multi.socket) '"
check "Sockets=: the named socket listens again after the service ended" wait_for 5 sh -c \
        "! ps -eo args | grep -q '^$REPORT'"
out=$(bounded 15 "$CLIENT" "$TMP/side.sock") || fail "Sockets=: the named socket did not listen again"
check "Sockets=: the named socket starts its own service afterwards ($out)" sh -c "echo '$out' | grep -q '^n=1 names=side '"

"$CLIENT" "$TMP/uenv.sock" >"$TMP/uenv.out" 2>&1 &
upid=$!
wait "$upid" || fail "Accept=yes unix: connection failed"
check "Accept=yes unix: no REMOTE_ADDR/REMOTE_PORT ($(cat "$TMP/uenv.out"))" test "$(cat "$TMP/uenv.out")" = "addr=unset port=unset"
check "Accept=yes unix: instance named N-PID-UID after the peer" grep -q "uenv@0-$upid-$(id -u)\.service" "$TMP/daemon.log"

if [ "$has_ipv6" -eq 1 ]; then
        out=$(bounded 15 "$CLIENT" "[::1]:$p_v6") || fail "Accept=yes IPv6: connection failed"
        check "Accept=yes IPv6: served, REMOTE_ADDR=::1 ($out)" test "$out" = "addr=::1"
        check "Accept=yes IPv6: instance named N-::1:PORT-::1:PORT" grep -q "v6@0-::1:$p_v6-::1:[0-9]*\.service" "$TMP/daemon.log"
        out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_dual") || fail "Accept=yes dual-stack: IPv4 connection failed"
        check "Accept=yes dual-stack: IPv4 peer, REMOTE_ADDR=127.0.0.1 ($out)" test "$out" = "addr=127.0.0.1"
        check "Accept=yes dual-stack: IPv4 peer named with IPv4 addresses" grep -q "dual@0-127.0.0.1:$p_dual-127.0.0.1:[0-9]*\.service" "$TMP/daemon.log"
        out=$(bounded 15 "$CLIENT" "[::1]:$p_dual") || fail "Accept=yes dual-stack: IPv6 connection failed"
        check "Accept=yes dual-stack: IPv6 peer named with IPv6 addresses ($out)" grep -q "dual@1-::1:$p_dual-::1:[0-9]*\.service" "$TMP/daemon.log"
fi

# MaxConnections=1: a second concurrent connection is dropped
bounded 15 "$CLIENT" "127.0.0.1:$p_max" >"$TMP/max1" 2>&1 &
slow=$!
sleep 0.5
out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_max" 2>&1) || true
check "MaxConnections=1: second connection dropped without an answer ($out)" test -z "$out"
check "MaxConnections=1: logged" grep -q "max.socket: Too many incoming connections (1), dropping connection." "$TMP/daemon.log"
wait "$slow" || true
check "MaxConnections=1: first connection still served" grep -q "late" "$TMP/max1"

# trigger limit: the socket fails instead of spinning
bounded 15 "$CLIENT" "127.0.0.1:$p_loop" >/dev/null 2>&1 || true
check "trigger limit hit and logged" wait_for 10 grep -q "loop.socket: Trigger limit hit, refusing further activation." "$TMP/daemon.log"
check "... the socket no longer listens" wait_for 5 sh -c "! ss -Hltn 'sport = :$p_loop' | grep -q ."
# service start limit (5 starts in 10 s): the socket fails with service-start-limit-hit
bounded 15 "$CLIENT" "127.0.0.1:$p_slimit" >/dev/null 2>&1 || true
check "start limit of the service stops the socket" wait_for 10 grep -q "slimit.socket: Failed with result 'service-start-limit-hit'." "$TMP/daemon.log"

# no zombies after a burst of Accept=yes connections
# (8 clients in parallel, 125 connections each, each bounded by sa-client's own 10 s limit; every
# connection must be echoed. A lost one is noted with the client's exit status and output: killed (>128),
# timed out (3), reset or refused (1), or an end of file without the echo (0, nothing on stderr).)
burst() {
        i=0
        while [ "$i" -lt 125 ]; do
                rc=0; out=$("$CLIENT" "127.0.0.1:$p_yes" "x" 2>>"$TMP/bursterr") || rc=$?
                if [ "$out" = x ]; then
                        echo ok
                else
                        echo "client exit status $rc, output '$out'" >>"$TMP/burstlost"
                fi
                i=$((i + 1))
        done
}
bpids=""
for k in 1 2 3 4 5 6 7 8; do burst >"$TMP/burst.$k" & bpids="$bpids $!"; done
for p in $bpids; do wait "$p"; done
served=$(cat "$TMP"/burst.* | wc -l)
check "1000 Accept=yes connections served ($served)" test "$served" -eq 1000
if [ "$served" -ne 1000 ]; then
        echo "---- the lost connections: the clients' view, then the daemon's ----"
        sort "$TMP/burstlost" | uniq -c
        touch "$TMP/bursterr"
        sed -E 's/port [0-9]+/port N/' "$TMP/bursterr" | sort | uniq -c
        # the daemon's lines about the first few connections a client named (the instance names the peer)
        for port in $(sed -n 's/.* from port \([0-9][0-9]*\).*/\1/p' "$TMP/bursterr" | head -n 3); do
                lines=$(grep -F -- "-127.0.0.1:$port.service" "$TMP/daemon.log" | tail -n 6)
                echo "client port $port: ${lines:-no instance of the daemon is named after it}"
        done
        ok0='exited, code=exited, status=0'
        echo "echo@ instances started: $(grep -c 'echo@.*Started main process' "$TMP/daemon.log")," \
             "exited with status 0: $(grep -c "echo@.*$ok0" "$TMP/daemon.log") (1001 expected)"
        grep -E "echo.socket|echo@" "$TMP/daemon.log" | grep -v -E "changed|About to|Started main|$ok0" |
                sed -E 's/echo@[0-9]+-[^ ]*\.service/echo@N-L-R.service/; s/(process|PID) [0-9]+/\1 N/' |
                sort | uniq -c | sort -rn | head -n 20
fi
zombies() { ps -o stat= --ppid "$DAEMON_PID" | grep -c Z || true; }
check "no zombies after 1000 connections" wait_for 5 test "$(zombies)" -eq 0

# stop with a service running: it is terminated, the daemon exits 0
bounded 15 "$CLIENT" "127.0.0.1:$p_max" >/dev/null 2>&1 &
sleep 0.5
rc=0; stop_daemon TERM || rc=$?
check "SIGTERM with a running service: exit 0 (got $rc)" test "$rc" -eq 0
finish
