#!/bin/sh
# Real programs under sockactd: a service linked against libsystemd using sd_listen_fds_with_names(), and
# rsync's daemon in inetd mode (Accept=yes, the connection on stdin/stdout) with the real rsync client.
. "$(dirname "$0")/lib.sh"

check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
CLIENT="$top_builddir/tests/tools/sa-client"
U="$TMP/units"; mkdir -p "$U"
pick_ports_slot 2 2 || exit 1
base=$PORT_BASE; p_sd=$base; p_rsync=$((base + 1))

# libsystemd's own parser of the hand-off: two listeners with FileDescriptorName=, one unnamed socket unit
printf '[Socket]\nListenStream=127.0.0.1:%s\nListenStream=%s/sd.sock\nFileDescriptorName=web\nService=sd.service\n' "$p_sd" "$TMP" >"$U/sd.socket"
printf '[Socket]\nListenStream=%s/extra.sock\nService=sd.service\n' "$TMP" >"$U/extra.socket"
printf '[Service]\nExecStart=%s\n' "$top_builddir/tests/tools/sd-listen-report" >"$U/sd.service"
units="extra.socket sd.socket"

have_rsync=0
if command -v rsync >/dev/null 2>&1; then
        have_rsync=1
        mkdir -p "$TMP/data"
        echo "payload $$" >"$TMP/data/file.txt"
        # as root, rsync would switch to nobody unless told otherwise; as another user it cannot switch at all
        { [ "$(id -u)" -eq 0 ] && printf 'uid = 0\ngid = 0\n'
          printf 'use chroot = no\n[data]\n    path = %s/data\n    read only = yes\n' "$TMP"; } >"$TMP/rsyncd.conf"
        printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$p_rsync" >"$U/rsyncd.socket"
        printf '[Service]\nExecStart=rsync --daemon --config=%s\nStandardInput=socket\n' "$TMP/rsyncd.conf" >"$U/rsyncd@.service"
        units="$units rsyncd.socket"
fi

# shellcheck disable=SC2086
start_daemon $units || { fail "daemon did not start"; finish; }

out=$(bounded 15 "$CLIENT" "127.0.0.1:$p_sd") || fail "libsystemd service: connection failed"
check "sd_listen_fds_with_names(): 3 fds named web:web:extra.socket, in unit order ($out)" \
        sh -c "echo '$out' | grep -Eq '^n=3 names=(web:web:extra.socket|extra.socket:web:web) is_socket=1 unset=1$'"

if [ "$have_rsync" -eq 1 ]; then
        out=$(bounded 30 rsync "rsync://127.0.0.1:$p_rsync/" 2>&1) || true
        check "rsync lists the module through sockactd ($out)" sh -c "echo '$out' | grep -q '^data'"
        rc=0; bounded 30 rsync -q "rsync://127.0.0.1:$p_rsync/data/file.txt" "$TMP/copy.txt" 2>"$TMP/rsync.err" || rc=$?
        check "rsync copies a file through sockactd (rc=$rc $(cat "$TMP/rsync.err"))" cmp -s "$TMP/data/file.txt" "$TMP/copy.txt"
        check "each rsync connection had its own instance" sh -c "[ \$(grep -c 'rsyncd@[0-9]*-127.0.0.1:$p_rsync-127.0.0.1:[0-9]*\.service: Started main process' '$TMP/daemon.log') -ge 2 ]"
else
        echo "SKIP (part): rsync is not installed (Debian package rsync); the real-server check did not run"
        fail "rsync missing: install it (quickstart check does) — a skipped real-server test is not a pass"
fi
rc=0; stop_daemon TERM || rc=$?
check "daemon exit 0 (got $rc)" test "$rc" -eq 0
finish
