#!/bin/sh
# Services started by sockactd: ExecStartPre/ExecStart (oneshot: several, in turn)/ExecStartPost/ExecStop/
# ExecStopPost in systemd's order, '-' prefixes, $MAINPID, restart policy bounded by the start limit, Type=notify
# readiness and start timeout, and output going to the daemon's log with the unit name in front.
. "$(dirname "$0")/lib.sh"

check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
U="$TMP/units"; L="$TMP/events"; mkdir -p "$U"; : >"$L"
log_cmd() { printf "/bin/sh -c 'echo %s >>%s'" "$1" "$L"; }

# oneshot: the whole sequence, in order
{
        printf '[Service]\nType=oneshot\n'
        printf 'ExecStartPre=%s\n' "$(log_cmd one-pre)"
        printf 'ExecStart=%s\nExecStart=%s\n' "$(log_cmd one-start1)" "$(log_cmd one-start2)"
        printf 'ExecStartPost=%s\nExecStopPost=%s\n' "$(log_cmd one-post)" "$(log_cmd one-stop-post)"
} >"$U/one.service"
# simple: ExecStop= sees $MAINPID, runs before the main process is signalled
{
        printf '[Service]\nExecStart=/bin/sleep 600\n'
        printf "ExecStop=/bin/sh -c 'echo simple-stop \$\$MAINPID >>%s'\n" "$L"
        printf 'ExecStopPost=%s\n' "$(log_cmd simple-stop-post)"
} >"$U/simple.service"
# a failing ExecStartPre= keeps the main process from starting; ExecStopPost= still runs
{
        printf '[Service]\nExecStartPre=/bin/false\nExecStart=%s\nExecStopPost=%s\n' "$(log_cmd prefail-start)" "$(log_cmd prefail-stop-post)"
} >"$U/prefail.service"
# ... unless it carries '-'
printf '[Service]\nType=oneshot\nExecStartPre=-/bin/false\nExecStart=%s\n' "$(log_cmd dash-start)" >"$U/dash.service"
# Restart=on-failure, bounded by StartLimitBurst=3
printf '[Unit]\nStartLimitBurst=3\nStartLimitIntervalSec=60\n[Service]\nExecStart=/bin/sh -c "echo restart-start >>%s; exit 3"\nRestart=on-failure\nRestartSec=100ms\n' "$L" >"$U/restart.service"
# Type=notify: ExecStartPost= runs only after READY=1
printf '[Service]\nType=notify\nNotifyAccess=all\nExecStart=/bin/sh -c "sleep 0.3; systemd-notify --ready; exec sleep 600"\nExecStartPost=%s\n' "$(log_cmd notify-ready)" >"$U/notify.service"
printf '[Service]\nType=notify\nExecStart=/bin/sleep 600\nTimeoutStartSec=1\nExecStopPost=%s\n' "$(log_cmd notready-stop-post)" >"$U/notready.service"
# RELOADING=1 ... READY=1: the reload sub-state and back
printf '[Service]\nType=notify\nNotifyAccess=all\nExecStart=/bin/sh -c "systemd-notify --ready; sleep 0.3; systemd-notify RELOADING=1; sleep 0.3; systemd-notify --ready; sleep 0.3"\n' >"$U/reloading.service"
# Type=forking: the start command leaves a daemon behind and names it in PIDFile= (or we guess it)
printf "[Service]\nType=forking\nPIDFile=%s/fork.pid\nExecStart=/bin/sh -c 'sleep 600 & echo \$\$! >%s/fork.pid'\nExecStartPost=%s\n" \
        "$TMP" "$TMP" "$(log_cmd fork-post)" >"$U/fork.service"
printf "[Service]\nType=forking\nExecStart=/bin/sh -c 'sleep 600 &'\nExecStartPost=%s\n" "$(log_cmd guess-post)" >"$U/guess.service"
# fd store: the first run stores a memfd and fails; the restarted service gets it back after its listeners
pick_ports_slot 3 3 || exit 1
p_fds=$PORT_BASE
printf '[Socket]\nListenStream=127.0.0.1:%s\nService=fds.service\n' "$p_fds" >"$U/fds.socket"
printf '[Service]\nExecStart=%s %s\nRestart=on-failure\nRestartSec=100ms\nNotifyAccess=main\nFileDescriptorStoreMax=4\n' \
        "$top_builddir/tests/tools/fdstore-test" "$TMP/fds.log" >"$U/fds.service"
# ExecCondition=: 1..254 skips the start without failing, 255 fails
printf '[Service]\nExecCondition=/bin/sh -c "exit 1"\nExecStart=%s\n' "$(log_cmd cond-skip-start)" >"$U/condskip.service"
printf '[Service]\nExecCondition=/bin/sh -c "exit 255"\nExecStart=%s\n' "$(log_cmd cond-fail-start)" >"$U/condfail.service"
printf '[Service]\nType=oneshot\nExecCondition=/bin/true\nExecStart=%s\n' "$(log_cmd cond-ok-start)" >"$U/condok.service"
# the socket's own commands around opening and closing its listeners
p_sc=$((p_fds + 1)); p_scf=$((p_fds + 2))
{
        printf '[Socket]\nListenStream=127.0.0.1:%s\n' "$p_sc"
        printf 'ExecStartPre=%s\nExecStartPost=%s\n' "$(log_cmd sock-start-pre)" "$(log_cmd sock-start-post)"
        printf 'ExecStopPre=%s\nExecStopPost=%s\n' "$(log_cmd sock-stop-pre)" "$(log_cmd sock-stop-post)"
} >"$U/sc.socket"
printf '[Service]\nExecStart=/bin/true\n' >"$U/sc.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\nExecStartPre=/bin/false\nExecStopPost=%s\n' "$p_scf" "$(log_cmd scf-stop-post)" >"$U/scf.socket"
printf '[Service]\nExecStart=/bin/true\n' >"$U/scf.service"
# output to the daemon's log
printf '[Service]\nType=oneshot\nExecStart=/bin/echo hello from a service\n' >"$U/hello.service"
# WatchdogSec=: the main process gets WATCHDOG_USEC and its own pid in WATCHDOG_PID (sd_watchdog_enabled()
# reads them), a control process does not
{
        printf '[Service]\nWatchdogSec=30\n'
        printf "ExecStartPre=/bin/sh -c 'echo \"wd-pre [\$\${WATCHDOG_USEC-unset}] [\$\${WATCHDOG_PID-unset}]\" >>%s'\n" "$L"
        printf "ExecStart=/bin/sh -c 'echo \"wd-main \$\$WATCHDOG_USEC \$\$WATCHDOG_PID \$\$\$\$\" >>%s'\n" "$L"
} >"$U/wd.service"
# INVOCATION_ID for every process of a start; SERVICE_RESULT, EXIT_CODE, EXIT_STATUS for ExecStopPost=
{
        printf "[Service]\nExecStart=/bin/sh -c 'echo \"res-main \$\$INVOCATION_ID\" >>%s; exit 3'\n" "$L"
        printf "ExecStopPost=/bin/sh -c 'echo \"res-post \$\$SERVICE_RESULT \$\$EXIT_CODE \$\$EXIT_STATUS \$\$INVOCATION_ID\" >>%s'\n" "$L"
} >"$U/res.service"
# NotifyAccess=main (Type=notify's default): READY=1 from another process of the service is refused, with a
# warning as systemd's
printf '[Service]\nType=notify\nExecStart=/bin/sh -c "systemd-notify --ready; sleep 1"\n' >"$U/notmain.service"
# MAINPID=: the main process names its child and exits; the child, ours once its parent is gone, is the main
# process from then on
printf "[Service]\nType=notify\nNotifyAccess=all\nExecStart=/bin/sh -c '/usr/bin/tail -f /dev/null -s 5 & echo \$\$! >%s/mainpid.pid; systemd-notify --pid=\$\$! --ready; sleep 0.2'\n" "$TMP" >"$U/mainpid.service"
# a socket unit's commands share an INVOCATION_ID too
{
        printf '[Socket]\nListenStream=%s/inv.sock\n' "$TMP"
        printf "ExecStartPre=/bin/sh -c 'echo \"sock-inv-pre \$\$INVOCATION_ID\" >>%s'\n" "$L"
        printf "ExecStartPost=/bin/sh -c 'echo \"sock-inv-post \$\$INVOCATION_ID\" >>%s'\n" "$L"
} >"$U/inv.socket"
printf '[Service]\nExecStart=/bin/true\n' >"$U/inv.service"
# what the main process leaves behind in its process group is stopped when it exits (KillMode=control-group)
printf "[Service]\nExecStart=/bin/sh -c 'sleep 307 & echo \$\$! >%s/left.pid; sleep 0.2'\n" "$TMP" >"$U/left.service"
# ... and at the stop of a Type=oneshot service with RemainAfterExit=yes, long after its main process exited
printf "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c '/usr/bin/tail -f /dev/null -s 9 & echo \$\$! >%s/rae.pid'\n" "$TMP" >"$U/rae.service"
# ... also when ExecStop= runs first
printf "[Service]\nExecStart=/bin/sh -c 'sleep 308 & echo \$\$! >%s/left2.pid; sleep 0.2'\nExecStop=/bin/true\n" "$TMP" >"$U/left2.service"
# Restart=on-failure: SIGTERM from someone else is a clean end for a service that is not Type=oneshot (no
# restart), SIGKILL is not (restart)
printf '[Service]\nExecStart=/usr/bin/tail -f /dev/null\nRestart=on-failure\nRestartSec=100ms\n' >"$U/termed.service"
printf '[Service]\nExecStart=/usr/bin/tail -F /dev/null\nRestart=on-failure\nRestartSec=100ms\n' >"$U/killed.service"

start_daemon one.service simple.service prefail.service dash.service restart.service notify.service notready.service hello.service reloading.service \
        fork.service guess.service fds.socket fds.service condskip.service condfail.service condok.service \
        sc.socket scf.socket termed.service killed.service wd.service left.service res.service notmain.service mainpid.service inv.socket left2.service rae.service ||
        { fail "daemon did not start"; finish; }

order() { tr '\n' ' ' <"$L"; }
check "oneshot: pre, start 1, start 2, post, stop-post in order ($(order))" wait_for 5 sh -c \
        "grep -o 'one-[a-z0-9-]*' '$L' | tr '\n' ' ' | grep -qx 'one-pre one-start1 one-start2 one-post one-stop-post '"
check "failing ExecStartPre=: no main process" sh -c "! grep -q prefail-start '$L'"
check "failing ExecStartPre=: ExecStopPost= still runs" wait_for 5 grep -q prefail-stop-post "$L"
check "'-' ignores a failing ExecStartPre=" wait_for 5 grep -q dash-start "$L"
check "restart: started exactly 3 times (StartLimitBurst=3)" wait_for 10 sh -c "[ \$(grep -c restart-start '$L') -eq 3 ] && grep -q 'restart.service: Start request repeated too quickly.' '$TMP/daemon.log'"
sleep 0.5
check "restart: no fourth start" test "$(grep -c restart-start "$L")" -eq 3
check "Type=notify: ExecStartPost= after READY=1" wait_for 5 grep -q notify-ready "$L"
check "Type=notify without READY=1: start timeout" wait_for 5 grep -q "notready.service: Start operation timed out. Terminating." "$TMP/daemon.log"
check "... and ExecStopPost= runs" wait_for 5 grep -q notready-stop-post "$L"
check "RELOADING=1: running -> reload, READY=1: reload -> running" wait_for 5 sh -c \
        "grep -q 'reloading.service: changed running -> reload' '$TMP/daemon.log' && grep -q 'reloading.service: changed reload -> running' '$TMP/daemon.log'"
check "output in the daemon's log, prefixed with the unit" grep -q "^hello.service: hello from a service$" "$TMP/daemon.log"

check "fd store: stored, restarted, passed back after the listener, named" wait_for 5 sh -c \
        "grep -qx stored '$TMP/fds.log' && grep -qx 'found: generation 1 names=fds.socket:mystate' '$TMP/fds.log'"
check "ExecCondition= exit 0: started" wait_for 5 grep -q cond-ok-start "$L"
check "ExecCondition= exit 1: skipped, not failed" sh -c "grep -q 'condskip.service: Skipped due to .exec-condition.' '$TMP/daemon.log' && ! grep -q cond-skip-start '$L' && ! grep -q 'condskip.service: Failed' '$TMP/daemon.log'"
check "ExecCondition= exit 255: failed" sh -c "grep -q \"condfail.service: Failed with result 'exit-code'\" '$TMP/daemon.log' && ! grep -q cond-fail-start '$L'"
check "socket: ExecStartPre=, then ExecStartPost=, then listening" wait_for 5 sh -c \
        "grep -o 'sock-start-[a-z]*' '$L' | tr '\n' ' ' | grep -qx 'sock-start-pre sock-start-post ' && ss -Hltn 'sport = :$p_sc' | grep -q ."
check "socket: a failing ExecStartPre= fails it, ExecStopPost= runs, nothing listens" wait_for 5 sh -c \
        "grep -q \"scf.socket: Failed with result 'exit-code'\" '$TMP/daemon.log' && grep -q scf-stop-post '$L' && ! ss -Hltn 'sport = :$p_scf' | grep -q ."
check "Type=forking: started (ExecStartPost= ran)" wait_for 5 grep -q fork-post "$L"
check "Type=forking: the PIDFile= process is supervised" wait_for 5 grep -q "fork.service: Supervising process $(cat "$TMP/fork.pid" 2>/dev/null)\.$" "$TMP/daemon.log"
check "Type=forking without PIDFile=: the only child is guessed" wait_for 5 grep -q "guess.service: Supervising process [0-9]*\.$" "$TMP/daemon.log"
check "WatchdogSec=: a control process gets no WATCHDOG_* ($(grep wd-pre "$L"))" wait_for 5 grep -qx 'wd-pre \[unset\] \[unset\]' "$L"
check "WatchdogSec=: the main process gets WATCHDOG_USEC=30000000 and WATCHDOG_PID = its pid ($(grep wd-main "$L"))" \
        wait_for 5 sh -c "grep -q '^wd-main ' '$L' && awk '/^wd-main / { exit !(\$2 == 30000000 && \$3 == \$4) }' '$L'"
check "the main process left a process behind" wait_for 5 test -s "$TMP/left.pid"
left=$(cat "$TMP/left.pid")
check "... it is stopped with the service (KillMode=control-group)" wait_for 5 sh -c "! kill -0 $left 2>/dev/null"
check "with ExecStop=: the main process left a process behind" wait_for 5 test -s "$TMP/left2.pid"
left2=$(cat "$TMP/left2.pid")
check "... it is stopped after ExecStop=" wait_for 5 sh -c "! kill -0 $left2 2>/dev/null"
check "ExecStopPost= learns SERVICE_RESULT, EXIT_CODE, EXIT_STATUS ($(grep res- "$L" | tr '\n' ' '))" wait_for 5 \
        grep -q '^res-post exit-code exited 3 ' "$L"
id=$(sed -n 's/^res-main \([0-9a-f]\{32\}\)$/\1/p' "$L")
check "INVOCATION_ID: 32 hex digits ($id)" test -n "$id"
check "... the same for every process of the start" grep -qx "res-post exit-code exited 3 $id" "$L"
check "NotifyAccess=main: a notification from another process is refused with a warning" wait_for 5 grep -q \
        "notmain.service: Got notification message from PID [0-9]*, but reception only permitted for main PID [0-9]*" "$TMP/daemon.log"
check "MAINPID=: the child named" wait_for 5 test -s "$TMP/mainpid.pid"
mp=$(cat "$TMP/mainpid.pid")
check "MAINPID=: supervised as the main process once its parent exited ($mp)" wait_for 5 grep -q "mainpid.service: Supervising process $mp\.$" "$TMP/daemon.log"
check "... the service runs on" sh -c "! grep -q 'mainpid.service: changed running -> ' '$TMP/daemon.log'"
check "socket commands: one INVOCATION_ID for both ($(grep sock-inv "$L" | tr '\n' ' '))" wait_for 5 sh -c \
        "[ \$(sed -n 's/^sock-inv-pre \([0-9a-f]\{32\}\)\$/\1/p' '$L') = \$(sed -n 's/^sock-inv-post \([0-9a-f]\{32\}\)\$/\1/p' '$L') ]"
check "RemainAfterExit=yes: its main process left a process behind" wait_for 5 test -s "$TMP/rae.pid"
rae=$(cat "$TMP/rae.pid")
check "... running while the service is active" kill -0 "$rae"
main_of() { ps -o pid=,args= --ppid "$DAEMON_PID" | awk -v a="$1" '$0 ~ a { print $1; exit }'; }
check "termed.service and killed.service run" wait_for 5 sh -c "[ -n \"\$(ps -o args= --ppid $DAEMON_PID | grep -x '/usr/bin/tail -f /dev/null')\" ]"
termed=$(main_of 'tail -f /dev/null$'); killed=$(main_of 'tail -F /dev/null$')
kill -TERM "$termed"; kill -KILL "$killed"
check "Restart=on-failure: SIGKILL from outside restarts" wait_for 5 grep -q "killed.service: Scheduled restart job" "$TMP/daemon.log"
check "Restart=on-failure: SIGTERM from outside ends the service cleanly" wait_for 5 grep -q "termed.service: changed running -> dead" "$TMP/daemon.log"
check "... without a restart" sh -c "! grep -q 'termed.service: Scheduled restart' '$TMP/daemon.log'"
check "... and not failed" sh -c "! grep -q 'termed.service: Failed' '$TMP/daemon.log'"
killed2=$(main_of 'tail -F /dev/null$')
check "killed.service runs again ($killed -> $killed2)" sh -c "[ -n '$killed2' ] && [ '$killed2' != '$killed' ]"
kill -TERM "$killed2" 2>/dev/null
check "killed.service: SIGTERM then ends it" wait_for 5 grep -q "killed.service: changed running -> dead" "$TMP/daemon.log"

# the main processes still running: the sleeps of simple, notify, fork and guess (the forked ones are
# re-parented to sockactd, its subreaper)
pids=$(ps -o pid=,comm= --ppid "$DAEMON_PID" | awk '$2 == "sleep" { print $1 }' | tr '\n' ' ')
check "four services still running before the stop ($pids)" test "$(echo $pids | wc -w)" -eq 4
rc=0; stop_daemon TERM || rc=$?
check "daemon exit 0 after stopping the services (got $rc)" test "$rc" -eq 0
stop_pid=$(sed -n 's/^simple-stop \([0-9][0-9]*\)$/\1/p' "$L")
check "ExecStop= ran with \$MAINPID = the main process ($stop_pid in: $pids)" sh -c "[ -n '$stop_pid' ] && echo ' $pids ' | grep -q ' $stop_pid '"
check "socket: ExecStopPre= and ExecStopPost= at stop" sh -c "grep -o 'sock-stop-[a-z]*' '$L' | tr '\n' ' ' | grep -qx 'sock-stop-pre sock-stop-post '"
check "ExecStopPost= after ExecStop=" sh -c "grep -o 'simple-[a-z-]*' '$L' | tr '\n' ' ' | grep -qx 'simple-stop simple-stop-post '"
for p in $pids; do
        check "service process $p is gone after the stop" sh -c "! kill -0 $p 2>/dev/null"
done
check "MAINPID=: the named main process is stopped with its service" sh -c "! kill -0 $mp 2>/dev/null"
check "RemainAfterExit=yes: what its main process left is stopped with the service" sh -c "! kill -0 $rae 2>/dev/null"
finish
