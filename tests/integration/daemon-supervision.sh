#!/bin/sh
# Supervision as systemd.service(5)/systemd.kill(5)/systemd.socket(5) describe it, seen from outside:
# Restart=always with RestartPreventExitStatus= and SuccessExitStatus=, WatchdogSec=, EXTEND_TIMEOUT_USEC=,
# STOPPING=1, KillMode=control-group/process/mixed/none, FlushPending= and MaxConnectionsPerSource=.
. "$(dirname "$0")/lib.sh"

check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
U="$TMP/units"; L="$TMP/events"; mkdir -p "$U"; : >"$L"
CLIENT="$top_builddir/tests/tools/sa-client"
count() { grep -c "^$1\$" "$L" || true; }
count_is() { [ "$(count "$1")" -eq "$2" ]; }

# Restart=always restarts after a clean exit; RestartPreventExitStatus=3 stops that; SuccessExitStatus=42
# makes exit 42 a success
printf '[Unit]\nStartLimitIntervalSec=0\n[Service]\nRestart=always\nRestartSec=50ms\nRestartPreventExitStatus=3\n' >"$U/always.service"
printf 'ExecStart=/bin/sh -c "echo always >>%s; [ $$(grep -c always %s) -ge 3 ] && exit 3; exit 0"\n' "$L" "$L" >>"$U/always.service"
printf '[Service]\nSuccessExitStatus=42\nExecStart=/bin/sh -c "exit 42"\n' >"$U/success42.service"
# WatchdogSec=: ready, then silent -> killed with result 'watchdog'
printf '[Service]\nType=notify\nNotifyAccess=all\nWatchdogSec=500ms\nExecStart=/bin/sh -c "systemd-notify --ready; exec sleep 600"\n' >"$U/watchdog.service"
# EXTEND_TIMEOUT_USEC= lets a slow start pass TimeoutStartSec=
printf '[Service]\nType=notify\nNotifyAccess=all\nTimeoutStartSec=1\nExecStartPost=/bin/sh -c "echo extended-ready >>%s"\n' "$L" >"$U/extend.service"
printf 'ExecStart=/bin/sh -c "systemd-notify EXTEND_TIMEOUT_USEC=5000000; sleep 1.8; systemd-notify --ready; exec sleep 600"\n' >>"$U/extend.service"
# STOPPING=1 is noted (and logged at debug level)
printf '[Service]\nType=notify\nNotifyAccess=all\nExecStart=/bin/sh -c "systemd-notify --ready; sleep 0.2; systemd-notify STOPPING=1; exec sleep 600"\n' >"$U/stopping.service"
# KillMode=: a main process (exec sleep 601) with a child in its process group (sleep 602..605)
for mode in control-group process mixed none; do
        n=$(case $mode in control-group) echo 2;; process) echo 3;; mixed) echo 4;; none) echo 5;; esac)
        printf '[Service]\nKillMode=%s\nTimeoutStopSec=2\n' "$mode" >"$U/kill-$mode.service"
        printf 'ExecStart=/bin/sh -c "sleep 60%s & echo $$! >%s/kill-%s.child; echo $$$$ >%s/kill-%s.main; exec sleep 601"\n' \
                "$n" "$TMP" "$mode" "$TMP" "$mode" >>"$U/kill-$mode.service"
done
# FlushPending=: a service that takes one byte from its FIFO and exits; with =no the rest of the data
# triggers it again until the FIFO is empty, with =yes the rest is dropped
for f in yes no; do
        printf '[Socket]\nListenFIFO=%s/flush-%s.fifo\nFlushPending=%s\n' "$TMP" "$f" "$f" >"$U/flush-$f.socket"
        printf '[Service]\nExecStart=/bin/sh -c "dd bs=1 count=1 <&3 2>/dev/null >/dev/null; echo flush-%s >>%s"\n' "$f" "$L" >"$U/flush-$f.service"
done
# MaxConnectionsPerSource=1 on a unix socket: the source is the peer's UID
printf '[Socket]\nListenStream=%s/per.sock\nAccept=yes\nMaxConnectionsPerSource=1\n' "$TMP" >"$U/per.socket"
printf '[Service]\nStandardInput=socket\nExecStart=/bin/sh -c "sleep 1.5; echo late"\n' >"$U/per@.service"

start_daemon always.service success42.service watchdog.service extend.service stopping.service \
        kill-control-group.service kill-process.service kill-mixed.service kill-none.service \
        flush-yes.socket flush-no.socket per.socket || { fail "daemon did not start"; finish; }

check "Restart=always: restarted after exit 0, stopped by RestartPreventExitStatus=3" wait_for 10 sh -c \
        "[ \$(grep -c '^always\$' '$L') -eq 3 ] && grep -q 'always.service: Main process exited, code=exited, status=3' '$TMP/daemon.log'"
sleep 0.3
check "... no fourth start" test "$(count always)" -eq 3
check "SuccessExitStatus=42: exit 42 is a success" wait_for 5 grep -q "success42.service: changed running -> dead" "$TMP/daemon.log"
check "... not a failure" sh -c "! grep -q 'success42.service: Failed' '$TMP/daemon.log'"
check "WatchdogSec=: killed when silent" wait_for 5 grep -q "watchdog.service: Watchdog timeout (limit 500ms)!" "$TMP/daemon.log"
check "... result 'watchdog'" wait_for 5 grep -q "watchdog.service: Failed with result 'watchdog'." "$TMP/daemon.log"
check "EXTEND_TIMEOUT_USEC=: a start slower than TimeoutStartSec= succeeds" wait_for 5 grep -q extended-ready "$L"
check "... without a start timeout" sh -c "! grep -q 'extend.service: Start operation timed out' '$TMP/daemon.log'"
check "STOPPING=1 noted" wait_for 5 grep -q "stopping.service: Service is stopping." "$TMP/daemon.log"

# FlushPending=
echo abc | tr -d '\n' >"$TMP/flush-yes.fifo"
echo abc | tr -d '\n' >"$TMP/flush-no.fifo"
check "FlushPending=no: the queued data triggers the service again (3 runs)" wait_for 5 count_is flush-no 3
check "FlushPending=yes: the rest is dropped (1 run)" wait_for 5 count_is flush-yes 1
sleep 0.5
check "... and stays at 1" test "$(count flush-yes)" -eq 1

# MaxConnectionsPerSource=1
bounded 10 "$CLIENT" "$TMP/per.sock" >"$TMP/per1" 2>&1 &
c1=$!
sleep 0.3
out=$(bounded 10 "$CLIENT" "$TMP/per.sock" 2>&1) || true
check "MaxConnectionsPerSource=1: the second connection of a UID is dropped ($out)" sh -c "! echo '$out' | grep -q late"
check "... logged" grep -q "per.socket: Too many incoming connections (1) from source uid:$(id -u), dropping connection." "$TMP/daemon.log"
wait "$c1"
check "... the first one is served" grep -q late "$TMP/per1"

# KillMode=
for mode in control-group process mixed none; do
        wait_for 5 test -s "$TMP/kill-$mode.child" || fail "kill-$mode: no child pid"
done
rc=0; stop_daemon TERM || rc=$?
check "daemon exit 0 (got $rc)" test "$rc" -eq 0
alive() { kill -0 "$(cat "$TMP/kill-$1.$2")" 2>/dev/null; }
# gone: no such process, or a zombie (a killed child that outlived the daemon is reaped by whoever inherits it)
dead() { p=$(cat "$TMP/kill-$1.$2"); [ ! -e "/proc/$p" ] || grep -q '^State:[[:space:]]*Z' "/proc/$p/status"; }
check "KillMode=control-group: main process stopped" dead control-group main
check "KillMode=control-group: the child is stopped too" wait_for 2 dead control-group child
check "KillMode=mixed: main process stopped" dead mixed main
check "KillMode=mixed: the child is killed at the end" wait_for 2 dead mixed child
check "KillMode=process: the main process is stopped" dead process main
check "KillMode=process: the child survives" alive process child
check "KillMode=none: nothing is signalled, both survive" sh -c "kill -0 $(cat "$TMP/kill-none.main") && kill -0 $(cat "$TMP/kill-none.child")"
for f in process.child none.child none.main; do kill "$(cat "$TMP/kill-$f")" 2>/dev/null || true; done
finish
