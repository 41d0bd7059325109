#!/bin/sh
# BindToDevice= and interface scopes, in a private network namespace of our own: the script re-executes
# itself under `unshare --net`, checks that it really is in a new namespace, creates a device d0 there (a
# dummy device, else a veth pair, both ends inside), and runs sockactd and sockopt-probe in it. Addresses
# other than loopback exist only inside that namespace, and no packet leaves it; the namespace and its
# devices vanish with the last process. Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN), ip(8) and unshare(1).
if [ -z "${SOCKACT_NETNS_INNER:-}" ]; then
        if [ "$(id -u)" -ne 0 ]; then
                echo "SKIP: needs root: creates a network namespace and a network device"; exit 77
        fi
        for tool in ip unshare ss; do
                command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: needs $tool"; exit 77; }
        done
        if ! unshare --net true 2>/dev/null; then
                echo "SKIP: needs root: unshare --net is not permitted here"; exit 77
        fi
        SOCKACT_OUTER_NETNS=$(readlink /proc/self/ns/net)
        export SOCKACT_OUTER_NETNS
        SOCKACT_NETNS_INNER=1 exec unshare --net /bin/sh "$0" "$@"
fi

. "$(dirname "$0")/lib.sh"

PROBE="$top_builddir/tests/tools/sockopt-probe"

ok() { pass; printf 'ok: %s\n' "$*"; }
note_skip() { printf 'SKIP (part): %s\n' "$*"; }
check() { # LABEL COMMAND...
        label=$1; shift
        if "$@"; then ok "$label"; else fail "$label"; fi
}
expect() { # LABEL GOT WANT
        if [ "$2" = "$3" ]; then ok "$1 = $3"; else fail "$1: expected '$3', got '$2'"; fi
}
line_of() { awk -v w="$1" '{ for (i = 2; i <= NF; i++) if ($i == w) { print; exit } }' "$TMP/probe.out"; }
opt() { # SELECTOR KEY
        line_of "$1" | awk -v k="$2=" '{ for (i = 1; i <= NF; i++) if (index($i, k) == 1) { print substr($i, length(k) + 1); exit } }'
}
expect_opt() { expect "$1: $2" "$(opt "$1" "$2")" "$3"; }
# shellcheck disable=SC2317 # called through check()
logged() { grep -qF -- "$1" "$TMP/daemon.log"; }
unit() { cat >"$TMP/units/$1"; }

# Never touch a namespace we did not create.
ns=$(readlink /proc/self/ns/net)
if [ -z "${SOCKACT_OUTER_NETNS:-}" ] || [ "$ns" = "$SOCKACT_OUTER_NETNS" ]; then
        fail "not in a private network namespace ($ns), refusing to create devices"
        finish
fi
printf 'in network namespace %s (outside: %s)\n' "$ns" "$SOCKACT_OUTER_NETNS"
[ "$(ip -o link show | wc -l)" -eq 1 ] || { fail "the new namespace has devices besides lo"; finish; }

ip link set lo up || { fail "cannot bring lo up"; finish; }
if ip link add d0 type dummy 2>/dev/null; then
        printf 'device d0: dummy\n'
elif ip link add d0 type veth peer name d0peer 2>/dev/null; then
        ip link set d0peer up
        printf 'device d0: veth (no dummy driver; the peer d0peer is in this namespace too)\n'
else
        skip "cannot create a dummy or veth device in the namespace"
fi
if ! ip link set d0 up || ! ip addr add 10.200.0.1/24 dev d0; then fail "cannot configure d0"; finish; fi
has_ipv6=0
if [ -e /proc/sys/net/ipv6 ] && ip -6 addr add fe80::1/64 dev d0 nodad 2>/dev/null; then has_ipv6=1; else
        note_skip "no IPv6: interface scopes not tested"; fi
ip -o addr show | sed 's/^/  /'

P=20000
mkdir -p "$TMP/units"
printf '[Socket]\nListenStream=0.0.0.0:%s\nBindToDevice=d0\n' "$P" | unit bind.socket
printf '[Socket]\nListenDatagram=10.200.0.1:%s\nBindToDevice=d0\n' $((P + 1)) | unit bind-udp.socket
printf '[Socket]\nListenStream=127.0.0.1:%s\nBindToDevice=lo\n' $((P + 2)) | unit bind-lo.socket
printf '[Socket]\nListenStream=0.0.0.0:%s\n' $((P + 3)) | unit plain.socket
printf '[Socket]\nListenStream=0.0.0.0:%s\nBindToDevice=nosuchdev\n' $((P + 4)) | unit nodev.socket
n_units=5; n_failed=1
if [ "$has_ipv6" -eq 1 ]; then
        printf '[Socket]\nListenStream=[::]:%s\nBindToDevice=d0\n' $((P + 5)) | unit bind6.socket
        # "%%" in a unit file is a literal "%" (specifiers); the interface follows the port.
        printf '[Socket]\nListenStream=%s\n' "[fe80::1]:$((P + 6))%%d0" | unit scope.socket
        printf '[Socket]\nListenStream=%s\n' "[fe80::1]:$((P + 7))%%nosuchdev" | unit scope-nodev.socket
        n_units=$((n_units + 3)); n_failed=$((n_failed + 1))
fi

UNITS=$(cd "$TMP/units" && ls)
# shellcheck disable=SC2086
# Every socket gets a service that just runs, so that a test connection activates something real instead of
# failing the socket (which would close the listener and reset the connection).
for s in $UNITS; do
        [ -e "$TMP/units/${s%.socket}.service" ] ||
                printf '[Service]\nExecStart=/bin/sleep 600\nNonBlocking=yes\n' >"$TMP/units/${s%.socket}.service"
done
if ! start_daemon $UNITS; then
        fail "daemon did not start"
        finish
fi
rc=0; "$PROBE" "$DAEMON_PID" >"$TMP/probe.out" 2>"$TMP/probe.err" || rc=$?
if [ "$rc" -eq 77 ]; then
        why=$(cat "$TMP/probe.err")
        stop_daemon || true
        skip "cannot inspect the daemon's fds: $why"
fi
check "sockopt-probe exits 0 (got $rc: $(cat "$TMP/probe.err"))" test "$rc" -eq 0
printf -- '--- probe output ---\n'; cat "$TMP/probe.out"; printf -- '---\n'

expect "units listening/failed" \
        "$(sed -n 's/.*STATUS=\([0-9]*\) socket unit(s) listening, \([0-9]*\) failed.*/\1\/\2/p' "$TMP/ready.log")" \
        "$((n_units - n_failed))/$n_failed"

expect_opt "local=0.0.0.0:$P" SO_BINDTODEVICE d0
expect_opt "local=0.0.0.0:$P" listening 1
expect_opt "local=10.200.0.1:$((P + 1))" SO_BINDTODEVICE d0
expect_opt "local=127.0.0.1:$((P + 2))" SO_BINDTODEVICE lo
expect_opt "local=0.0.0.0:$((P + 3))" SO_BINDTODEVICE -
check "BindToDevice=nosuchdev fails the unit with a clear message" \
        logged "nodev.socket: Failed to listen on 0.0.0.0:$((P + 4)): BindToDevice=nosuchdev: No such device"
check "... and nothing listens on its port" sh -c "! ss -Hltn 'sport = :$((P + 4))' | grep -q ."
if [ "$has_ipv6" -eq 1 ]; then
        expect_opt "local=[::]:$((P + 5))" SO_BINDTODEVICE d0
        expect_opt "local=[fe80::1]:$((P + 6))%d0" listening 1
        # systemd 252 resolves the name when it loads the unit ("Failed to parse address value ...: No such
        # device"); sockact's config layer has no side effects and resolves it when it opens the listener.
        check "an unknown interface scope fails the unit with a clear message" \
                logged "scope-nodev.socket: Failed to listen on [fe80::1]:$((P + 7))%nosuchdev: no network interface nosuchdev: No such device"
fi

# What binding to a device means: traffic that arrives on another device does not reach the socket. Local
# traffic to 127.0.0.1 arrives on lo.
check "a socket bound to lo accepts a connection over lo" "$PROBE" --connect 127.0.0.1 $((P + 2))
check "an unbound 0.0.0.0 socket accepts a connection over lo" "$PROBE" --connect 127.0.0.1 $((P + 3))
rc=0; "$PROBE" --connect 127.0.0.1 "$P" >"$TMP/conn.out" 2>&1 || rc=$?
check "a socket bound to d0 does not get a connection over lo ($(cat "$TMP/conn.out"))" test "$rc" -eq 1

rc=0; stop_daemon TERM || rc=$?
check "SIGTERM: exit 0 (got $rc)" test "$rc" -eq 0
finish
