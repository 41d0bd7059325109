#!/bin/sh
# sockactd under valgrind's memcheck through the paths every daemon run takes: start-up, Accept=yes
# instances (spawned from the vfork-style clone), an Accept=no activation and re-activation, a service's
# output into the log ring, a Type=notify service, control calls from sockactctl (list, status, show, logs,
# stop/start), a reload that changes, adds and removes units, and the orderly stop. Not one memcheck error may
# be reported, in the daemon or in a child before its exec, and nothing may be definitely or indirectly lost.
# Only unix sockets: no port slot needed. Skipped without valgrind and in a sanitizer build.
. "$(dirname "$0")/lib.sh"

CLIENT="$top_builddir/tests/tools/sa-client"
ECHO="$top_builddir/tests/tools/listen-echo"
U="$TMP/units"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
ctl() { bounded 120 "$SOCKACTCTL" --user --runtime-dir="$TMP/run" --unit-path="$U" "$@" >"$TMP/ctl.out" 2>&1; }

if [ -z "${VALGRIND:-}" ] || [ -n "${SANITIZER_CFLAGS:-}" ]; then
        skip "needs valgrind and a build without sanitizers (${SANITIZER_CFLAGS:+sanitizer build}${SANITIZER_CFLAGS:-no valgrind})"
fi

mkdir -p "$U/sockets.target.wants"
enable() { ln -sf "../$1" "$U/sockets.target.wants/$1"; }
printf '[Socket]\nListenStream=%s/echo.sock\nAccept=yes\n' "$TMP" >"$U/echo.socket"
printf '[Service]\nExecStart=/bin/cat\nStandardInput=socket\nEnvironment=A=1 "B=two words"\n' >"$U/echo@.service"
printf '[Socket]\nListenStream=%s/act.sock\nFileDescriptorName=act\n' "$TMP" >"$U/act.socket"
printf '[Service]\nExecStart=%s 1\nExecStartPre=/bin/echo starting act\n' "$ECHO" >"$U/act.service"
printf '[Socket]\nListenStream=%s/gone.sock\n' "$TMP" >"$U/gone.socket"
printf '[Service]\nExecStart=/bin/false\n' >"$U/gone.service"
printf '[Service]\nType=oneshot\nExecStart=/bin/echo hello from a service\n' >"$U/hello.service"
# a notify service (READY=1, STATUS=) that sockactctl stops
printf '[Service]\nType=notify\nNotifyAccess=all\nExecStart=/bin/sh -c "systemd-notify --ready --status=up; exec sleep 600"\n' >"$U/notify.service"
for s in echo act gone; do enable "$s.socket"; done

# The daemon (and a child between its clone and its exec) under memcheck; one log per process.
vg="$VALGRIND -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
vg="$vg --show-leak-kinds=definite,indirect --log-file=$TMP/vg.%p"
printf '#!/bin/sh\nexec %s %s "$@"\n' "$vg" "$SOCKACTD" >"$TMP/sockactd-vg"
chmod +x "$TMP/sockactd-vg"
SOCKACTD="$TMP/sockactd-vg"
start_daemon hello.service notify.service || { fail "sockactd under memcheck did not start"; finish; }

for k in 1 2 3; do
        out=$(bounded 60 "$CLIENT" "$TMP/echo.sock" "ping$k") || true
        check "Accept=yes instance $k echoes ($out)" test "$out" = "ping$k"
done
for k in 1 2; do
        out=$(bounded 60 "$CLIENT" "$TMP/act.sock" "act$k") || true
        check "Accept=no activation $k served ($out)" sh -c "echo '$out' | grep -q '^pid=.* names=act ' && echo '$out' | grep -q act$k"
done
check "the oneshot's output reached the log" wait_for 60 grep -q 'hello.service: hello from a service' "$TMP/daemon.log"
notify_up() { ctl show -p StatusText notify.service && grep -qx 'StatusText=up' "$TMP/ctl.out"; }
check "the notify service is ready with its status" wait_for 60 notify_up
check "sockactctl stop of the notify service" ctl stop notify.service
check "sockactctl list-units" ctl list-units
check "sockactctl list-sockets --json" ctl list-sockets --json
check "sockactctl status" ctl status echo.socket act.socket
rc=0; ctl status hello.service || rc=$?
check "sockactctl status of the finished oneshot: exit 3 (got $rc)" test "$rc" -eq 3
check "sockactctl show" ctl show act.socket
check "sockactctl logs" ctl logs hello.service
check "sockactctl stop" ctl stop act.socket
check "sockactctl start" ctl start act.socket
rc=0; ctl status no-such.socket || rc=$?
check "sockactctl status of a unit that does not exist: exit 4 (got $rc)" test "$rc" -eq 4

# a reload that changes one unit, removes one, adds one
printf '[Socket]\nListenStream=%s/act.sock\nListenStream=%s/act2.sock\nFileDescriptorName=act\n' "$TMP" "$TMP" >"$U/act.socket"
rm "$U/gone.socket"
printf '[Socket]\nListenStream=%s/new.sock\nAccept=yes\n' "$TMP" >"$U/new.socket"
printf '[Service]\nExecStart=/bin/echo new\nStandardInput=socket\n' >"$U/new@.service"
enable new.socket
check "sockactctl reload" ctl reload
out=$(bounded 60 "$CLIENT" "$TMP/new.sock") || true
check "after the reload: the new socket serves ($out)" test "$out" = "new"
out=$(bounded 60 "$CLIENT" "$TMP/act2.sock" "act3") || true
check "after the reload: the added listener activates ($out)" sh -c "echo '$out' | grep -q '^pid=.* names=act:act '"
rc=0; bounded 60 "$CLIENT" "$TMP/gone.sock" >/dev/null 2>&1 || rc=$?
check "after the reload: the removed socket no longer listens (client exit $rc)" test "$rc" -eq 1

rc=0; stop_daemon TERM || rc=$?
check "exits 0 under memcheck, no error reported (got $rc; 99: memcheck errors)" test "$rc" -eq 0
n_logs=$(find "$TMP" -maxdepth 1 -name 'vg.*' | wc -l)
check "memcheck wrote its logs ($n_logs)" test "$n_logs" -ge 1
if grep -l -E 'ERROR SUMMARY: [1-9]|definitely lost|indirectly lost|Invalid (read|write|free)|uninitialised' \
        "$TMP"/vg.* >"$TMP/vg.bad" 2>/dev/null; then
        fail "memcheck reported problems:"
        while read -r f; do echo "== $f"; head -n 60 "$f"; done <"$TMP/vg.bad"
else
        pass
fi
finish
