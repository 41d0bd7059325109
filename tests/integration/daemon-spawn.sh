#!/bin/sh
# Spawning, the fast path checked from outside. Instances share their template as parsed once (Accept=yes
# starts one per connection), but only where that cannot change what an instance gets: specifiers are
# expanded per instance, a drop-in directory of one instance applies to that one only, template drop-ins
# apply to all, and an instance that outlives the others keeps its configuration. Instance names use the
# listener's address only where it is the connection's (not for a wildcard). A service gets default signal
# dispositions and an empty mask although the daemon ignores some signals.
. "$(dirname "$0")/lib.sh"

CLIENT="$top_builddir/tests/tools/sa-client"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }

pick_ports_slot 8 5 || exit 1
p_spec=$PORT_BASE p_plain=$((PORT_BASE + 1)) p_wild=$((PORT_BASE + 2)) p_sig=$((PORT_BASE + 3))
p_nopipe=$((PORT_BASE + 4))
U="$TMP/units"; mkdir -p "$U/sockets.target.wants"
accept_socket() { # NAME PORT
        printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$2" >"$U/$1.socket"
        ln -s "../$1.socket" "$U/sockets.target.wants/$1.socket"
}

# %i: the instance name (N-LOCAL-REMOTE) differs per connection
accept_socket spec "$p_spec"
printf '[Service]\nExecStart=/bin/sh -c "echo inst=%%i"\nStandardInput=socket\n' >"$U/spec@.service"
# a drop-in of one instance (started from the command line, like the two others)
# shellcheck disable=SC2016 # expanded by the service's shell ("$$" is sockactd's "$")
who_cmd='echo "who=$${WHO-none} x=$X" >>'"$TMP/who"
printf '[Service]\nType=oneshot\nExecStart=/bin/sh -c '"'"'%s'"'"'\nEnvironment=X=shared\n' "$who_cmd" >"$U/drop@.service"
mkdir -p "$U/drop@special.service.d"
printf '[Service]\nEnvironment=WHO=special\n' >"$U/drop@special.service.d/who.conf"
# shareable: no specifier, no instance files; a template drop-in applies to every instance
accept_socket plain "$p_plain"
# shellcheck disable=SC2016 # expanded by the service's shell
plain_cmd='read d; sleep "$d"; echo "y=$Y slept=$d"'
printf '[Service]\nExecStart=/bin/sh -c '"'"'%s'"'"'\nStandardInput=socket\n' "$plain_cmd" >"$U/plain@.service"
mkdir -p "$U/plain@.service.d"
printf '[Service]\nEnvironment=Y=dropin\n' >"$U/plain@.service.d/y.conf"

# a wildcard listener: the local address is the connection's
printf '[Socket]\nListenStream=%s\nAccept=yes\n' "$p_wild" >"$U/wild.socket"
ln -s ../wild.socket "$U/sockets.target.wants/wild.socket"
printf '[Service]\nExecStart=/bin/sh -c "echo inst=%%i"\nStandardInput=socket\n' >"$U/wild@.service"
# what a service gets of the signal state (the daemon below ignores SIGUSR2 and SIGPIPE): the blocked mask
# and the ignored signals 1..28 (libc's own 32 and 33 stay as inherited: sigaction() refuses them, also
# for systemd)
status_cmd='awk "/^SigBlk/ { b = \\$2 } /^SigIgn/ { i = substr(\\$2, 10) } END { print b, i }"'
status_cmd="$status_cmd /proc/self/status"
accept_socket sig "$p_sig"
printf '[Service]\nExecStart=/bin/sh -c '"'"'%s'"'"'\nStandardInput=socket\n' "$status_cmd" >"$U/sig@.service"
accept_socket nopipe "$p_nopipe"
printf '[Service]\nExecStart=/bin/sh -c '"'"'%s'"'"'\nStandardInput=socket\nIgnoreSIGPIPE=no\n' "$status_cmd" \
        >"$U/nopipe@.service"

trap '' USR2 PIPE
start_daemon drop@one.service drop@special.service drop@two.service || { fail "daemon did not start"; finish; }

o0=$(bounded 15 "$CLIENT" "127.0.0.1:$p_spec") || fail "spec: connection failed"
o1=$(bounded 15 "$CLIENT" "127.0.0.1:$p_spec") || fail "spec: connection failed"
check "%i expands per instance, first ($o0)" sh -c "echo '$o0' | grep -q '^inst=0-127.0.0.1:$p_spec-127.0.0.1:[0-9]*$'"
check "%i expands per instance, second ($o1)" sh -c "echo '$o1' | grep -q '^inst=1-127.0.0.1:$p_spec-127.0.0.1:[0-9]*$'"

check "three instances ran" wait_for 10 test "$(wc -l <"$TMP/who")" -eq 3
check "an instance's drop-in applies to it only ($(sort "$TMP/who" | tr '\n' ' '))" \
        test "$(sort "$TMP/who" | tr '\n' ' ')" = "who=none x=shared who=none x=shared who=special x=shared "

# one slow instance outlives three quick ones of the same (shared) template
bounded 15 "$CLIENT" "127.0.0.1:$p_plain" 1 >"$TMP/slow" 2>&1 &
slow=$!
sleep 0.3
for i in 1 2 3; do
        o=$(bounded 15 "$CLIENT" "127.0.0.1:$p_plain" 0) || fail "plain: connection $i failed"
        check "template drop-in applies to every instance ($i: $o)" test "$o" = "y=dropin slept=0"
done
wait "$slow" || fail "plain: the slow connection failed"
check "the instance that outlived the others kept its configuration ($(cat "$TMP/slow"))" \
        test "$(cat "$TMP/slow")" = "y=dropin slept=1"

o=$(bounded 15 "$CLIENT" "127.0.0.1:$p_wild") || fail "wild: connection failed"
check "a wildcard listener: the instance is named by the connection's addresses ($o)" \
        sh -c "echo '$o' | grep -q '^inst=0-127.0.0.1:$p_wild-127.0.0.1:[0-9]*$'"

o=$(bounded 15 "$CLIENT" "127.0.0.1:$p_sig") || fail "sig: connection failed"
check "the daemon's ignored SIGUSR2 is not inherited, SIGPIPE ignored (IgnoreSIGPIPE=yes), nothing blocked ($o)" \
        test "$o" = "0000000000000000 0001000"
o=$(bounded 15 "$CLIENT" "127.0.0.1:$p_nopipe") || fail "nopipe: connection failed"
check "IgnoreSIGPIPE=no: nothing ignored ($o)" test "$o" = "0000000000000000 0000000"

check "spec@ and drop@ are loaded instance by instance" sh -c \
        "grep -q 'spec@.service: instances are loaded one by one' '$TMP/daemon.log' &&
         grep -q 'drop@.service: instances are loaded one by one' '$TMP/daemon.log'"
check "plain@ instances share the parsed template" sh -c \
        "! grep -q 'plain@.service: instances are loaded one by one' '$TMP/daemon.log'"

rc=0; stop_daemon TERM || rc=$?
check "daemon exits 0 (got $rc)" test "$rc" -eq 0

# The vfork-style spawn must keep working under valgrind (which runs clone() with CLONE_VM only with
# exactly vfork()'s flags); not in a sanitizer build, where the child is forked anyway.
if [ -z "${VALGRIND:-}" ] || [ -n "${SANITIZER_CFLAGS:-}" ]; then
        echo "SKIP (part): sockactd under valgrind (${SANITIZER_CFLAGS:+sanitizer build}${SANITIZER_CFLAGS:-no valgrind})"
        finish
fi
printf '#!/bin/sh\nexec %s --tool=none -q %s "$@"\n' "$VALGRIND" "$SOCKACTD" >"$TMP/sockactd-vg"
chmod +x "$TMP/sockactd-vg"
SOCKACTD="$TMP/sockactd-vg"
start_daemon || { fail "sockactd under valgrind did not start"; finish; }
o=$(bounded 30 "$CLIENT" "127.0.0.1:$p_plain" 0) || fail "under valgrind: connection failed"
check "under valgrind: an instance is spawned and answers ($o)" test "$o" = "y=dropin slept=0"
rc=0; stop_daemon TERM || rc=$?
check "under valgrind: exits 0 (got $rc)" test "$rc" -eq 0
finish
