#!/bin/sh
# File-system nodes of socket units, checked with stat/readlink/ss on a running sockactd: SocketUser=,
# SocketGroup=, SocketMode=, DirectoryMode= (exact, whatever the daemon's umask), Symlinks=, RemoveOnStop=
# (yes removes the socket files, FIFOs and Symlinks= links on SIGTERM; no, the default, leaves them all;
# message queues are checked in daemon-listeners.sh), a node replaced behind the daemon's back survives the
# stop, a stale socket node is replaced on the next start, a unit whose second listener fails closes the
# first, and a symlink, regular file or directory planted at a listener's path is never followed, removed,
# chmod'ed or chown'ed: that unit fails with "Failed to listen on PATH" while the other units listen.
. "$(dirname "$0")/lib.sh"

# ---- helpers ----
ok() { pass; printf 'ok: %s\n' "$*"; }
check() { # LABEL COMMAND...
        label=$1; shift
        if "$@"; then ok "$label"; else fail "$label"; fi
}
expect() { # LABEL GOT WANT
        if [ "$2" = "$3" ]; then ok "$1 = $3"; else fail "$1: expected '$3', got '$2'"; fi
}
have_cap() {
        capeff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
        [ -n "$capeff" ] && [ $(( (0x$capeff >> $1) & 1 )) -eq 1 ]
}
mode_of() { stat -c %a "$1" 2>/dev/null || echo none; }
owner_of() { stat -c %u:%g "$1" 2>/dev/null || echo none; }
ino_of() { stat -c %i "$1" 2>/dev/null || echo none; }
type_of() { # the node itself, never what a symlink points to
        if [ -L "$1" ]; then echo symlink; elif [ -S "$1" ]; then echo socket; elif [ -p "$1" ]; then echo fifo
        elif [ -d "$1" ]; then echo directory; elif [ -f "$1" ]; then echo file; elif [ -e "$1" ]; then echo other
        else echo none; fi
}
link_of() { readlink "$1" 2>/dev/null || echo none; }
# Is some process listening on the unix socket PATH? (ss -x: Send-Q is the backlog, column 5 the path)
# shellcheck disable=SC2317 # called through check()
unix_listening() { ss -Hlx 2>/dev/null | awk -v a="$1" '$5 == a { f = 1 } END { exit !f }'; }
# shellcheck disable=SC2317 # called through check()
logged() { grep -qF -- "$1" "$TMP/daemon.log"; }
unit() { cat >"$TMP/units/$1"; } # the unit text on stdin
ready_status() { sed -n 's/.*STATUS=\([0-9]*\) socket unit(s) listening, \([0-9]*\) failed.*/\1\/\2/p' "$TMP/ready.log"; }

command -v ss >/dev/null 2>&1 || skip "needs ss (iproute2) to see the daemon's unix listeners"

uid=$(id -u); gid=$(id -g)
can_chown=0; have_cap 0 && can_chown=1 # CAP_CHOWN
printf 'running as uid %s (CAP_CHOWN: %s)\n' "$uid" "$can_chown"

# The daemon must give nodes exactly SocketMode=/DirectoryMode=, so run it with a restrictive umask.
umask 077

mkdir -p "$TMP/units" "$TMP/n" "$TMP/r" "$TMP/p" "$TMP/s"
N=$TMP/n R=$TMP/r PL=$TMP/p S=$TMP/s

# ---- SocketMode= / DirectoryMode= ----
printf '[Socket]\nListenStream=%s\nListenFIFO=%s\n' "$N/default.sock" "$N/default.fifo" | unit default.socket
printf '[Socket]\nListenStream=%s\nSocketMode=0640\n' "$N/mode.sock" | unit mode.socket
printf '[Socket]\nListenFIFO=%s\nSocketMode=0604\n' "$N/mode.fifo" | unit mode-fifo.socket
printf '[Socket]\nListenStream=%s\nDirectoryMode=0770\n' "$TMP/dm/a/b/s.sock" | unit dirmode.socket
printf '[Socket]\nListenFIFO=%s\nDirectoryMode=0711\n' "$TMP/dmf/x/f.fifo" | unit dirmode-fifo.socket
printf '[Socket]\nListenStream=%s\n' "$TMP/dd/c/s.sock" | unit dirmode-default.socket
mkdir "$TMP/ex" && chmod 0701 "$TMP/ex"
printf '[Socket]\nListenStream=%s\nDirectoryMode=0750\n' "$TMP/ex/new/s.sock" | unit dirmode-existing.socket

# ---- SocketUser= / SocketGroup= ----
nogroup=$(getent group nogroup >/dev/null 2>&1 && echo nogroup || echo nobody)
nobody_ids="$(id -u nobody 2>/dev/null):$(getent group "$nogroup" | cut -d: -f3)"
other_user=""
for u in sockacttester nobody; do
        if id "$u" >/dev/null 2>&1 && [ "$(id -u "$u")" != "$uid" ]; then other_user=$u; break; fi
done
if [ "$can_chown" -eq 1 ]; then
        printf '[Socket]\nListenStream=%s\nSocketUser=nobody\nSocketGroup=%s\n' "$N/owner.sock" "$nogroup" |
                unit owner.socket
        printf '[Socket]\nListenFIFO=%s\nSocketUser=nobody\nSocketGroup=%s\n' "$N/owner.fifo" "$nogroup" |
                unit owner-fifo.socket
        printf '[Socket]\nListenStream=%s\nSocketGroup=%s\n' "$N/group.sock" "$nogroup" | unit owner-group.socket
        if [ -n "$other_user" ]; then
                printf '[Socket]\nListenStream=%s\nSocketUser=%s\n' "$N/user.sock" "$other_user" | unit owner-user.socket
        fi
else
        printf '[Socket]\nListenStream=%s\nSocketUser=%s\nSocketGroup=%s\n' "$N/owner.sock" "$uid" "$gid" |
                unit owner.socket
        printf '[Socket]\nListenFIFO=%s\nSocketUser=%s\nSocketGroup=%s\n' "$N/owner.fifo" "$uid" "$gid" |
                unit owner-fifo.socket
        printf '[Socket]\nListenStream=%s\nSocketUser=root\n' "$N/other.sock" | unit owner-other.socket
        printf '[Socket]\nListenFIFO=%s\nSocketUser=root\n' "$N/other.fifo" | unit owner-other-fifo.socket
fi
printf '[Socket]\nListenStream=%s\nSocketUser=sockact-no-such-user\n' "$N/unknown.sock" | unit owner-unknown.socket

# ---- RemoveOnStop= and Symlinks= ----
printf '[Socket]\nListenStream=%s\nRemoveOnStop=yes\nSymlinks=%s %s\n' "$R/yes.sock" "$R/yes.link" "$R/links/yes2.link" |
        unit ros-yes.socket
printf '[Socket]\nListenFIFO=%s\nRemoveOnStop=yes\nSymlinks=%s\n' "$R/yes.fifo" "$R/yesfifo.link" | unit ros-yes-fifo.socket
printf '[Socket]\nListenStream=%s\nSymlinks=%s\n' "$R/no.sock" "$R/no.link" | unit ros-no.socket
printf '[Socket]\nListenFIFO=%s\nSymlinks=%s\n' "$R/no.fifo" "$R/nofifo.link" | unit ros-no-fifo.socket
printf '[Socket]\nListenStream=%s\nRemoveOnStop=yes\nSymlinks=%s\n' "$R/rep.sock" "$R/rep.link" | unit replaced.socket
printf '[Socket]\nListenFIFO=%s\nRemoveOnStop=yes\n' "$R/rep.fifo" | unit replaced-fifo.socket
printf '[Socket]\nListenStream=%s\nSymlinks=%s %s\nDirectoryMode=0750\n' "$S/sym.sock" "$S/l1" "$S/deep/er/l2" |
        unit symlinks.socket
ln -s /nonexistent/old-target "$S/l1" # a stale link from an earlier configuration: replaced

# ---- things planted at the paths (all with RemoveOnStop=yes: nothing of them may go either) ----
victim_owner_opt=""
[ "$can_chown" -eq 1 ] && victim_owner_opt="SocketUser=nobody"
ln -s "$PL/nowhere" "$PL/dangling.sock"
printf 'victim\n' >"$PL/victim"; chmod 0640 "$PL/victim"
ln -s "$PL/victim" "$PL/tofile.sock"
printf 'file\n' >"$PL/file.sock"; chmod 0640 "$PL/file.sock"
mkdir "$PL/dir.sock"; : >"$PL/dir.sock/keep"; chmod 0700 "$PL/dir.sock"
mkfifo -m 0600 "$PL/victim.fifo"
ln -s "$PL/victim.fifo" "$PL/link.fifo"
printf 'file\n' >"$PL/file.fifo"; chmod 0640 "$PL/file.fifo"
mkdir "$PL/dir.fifo"; chmod 0700 "$PL/dir.fifo"
printf 'taken\n' >"$PL/taken.link"; chmod 0640 "$PL/taken.link"
for spec in "pl-dangling:ListenStream:dangling.sock" "pl-tofile:ListenStream:tofile.sock" \
        "pl-file:ListenStream:file.sock" "pl-dir:ListenStream:dir.sock" "pl-fifo-link:ListenFIFO:link.fifo" \
        "pl-fifo-file:ListenFIFO:file.fifo" "pl-fifo-dir:ListenFIFO:dir.fifo"; do
        name=${spec%%:*}; rest=${spec#*:}; kind=${rest%%:*}; path=$PL/${rest#*:}
        printf '[Socket]\n%s=%s\nSocketMode=0666\nRemoveOnStop=yes\n%s\n' "$kind" "$path" "$victim_owner_opt" |
                unit "$name.socket"
done
printf '[Socket]\nListenStream=%s\nRemoveOnStop=yes\nSymlinks=%s %s\n' "$PL/ok.sock" "$PL/taken.link" "$PL/good.link" |
        unit pl-symlinks.socket

# A unit whose second listener fails closes its first one; RemoveOnStop=yes also removes its node.
printf '[Socket]\nListenStream=%s\nListenStream=%s\n' "$N/partial.sock" "$PL/file.sock" | unit partial.socket
printf '[Socket]\nListenStream=%s\nListenFIFO=%s\nRemoveOnStop=yes\n' "$N/partial-ros.sock" "$PL/file.fifo" |
        unit partial-ros.socket

UNITS=$(cd "$TMP/units" && ls)
n_units=$(printf '%s\n' "$UNITS" | wc -l)
n_failed=10 # owner-unknown, the 7 planted units, partial, partial-ros
[ "$can_chown" -eq 0 ] && n_failed=$((n_failed + 2)) # owner-other, owner-other-fifo

# ===================== run A =====================
# shellcheck disable=SC2086
if ! start_daemon $UNITS; then
        fail "daemon did not start"
        finish
fi
expect "units listening/failed" "$(ready_status)" "$((n_units - n_failed))/$n_failed"

# -- modes --
expect "default SocketMode= on socket" "$(type_of "$N/default.sock") $(mode_of "$N/default.sock")" "socket 666"
expect "default SocketMode= on FIFO" "$(type_of "$N/default.fifo") $(mode_of "$N/default.fifo")" "fifo 666"
expect "SocketMode=0640 on socket" "$(mode_of "$N/mode.sock")" 640
expect "SocketMode=0604 on FIFO" "$(mode_of "$N/mode.fifo")" 604
check "socket with SocketMode=0640 listens" unix_listening "$N/mode.sock"
for d in "$TMP/dm" "$TMP/dm/a" "$TMP/dm/a/b"; do expect "DirectoryMode=0770: $d" "$(mode_of "$d")" 770; done
for d in "$TMP/dmf" "$TMP/dmf/x"; do expect "DirectoryMode=0711: $d" "$(mode_of "$d")" 711; done
for d in "$TMP/dd" "$TMP/dd/c"; do expect "default DirectoryMode=: $d" "$(mode_of "$d")" 755; done
expect "existing parent left alone" "$(mode_of "$TMP/ex")" 701
expect "missing parent under it created" "$(mode_of "$TMP/ex/new")" 750
check "socket in created directories listens" unix_listening "$TMP/dm/a/b/s.sock"

# -- owners --
if [ "$can_chown" -eq 1 ]; then
        expect "SocketUser=nobody SocketGroup=$nogroup on socket" "$(owner_of "$N/owner.sock")" "$nobody_ids"
        expect "SocketUser=nobody SocketGroup=$nogroup on FIFO" "$(owner_of "$N/owner.fifo")" "$nobody_ids"
        expect "SocketGroup=$nogroup alone" "$(owner_of "$N/group.sock")" "$uid:${nobody_ids#*:}"
        if [ -n "$other_user" ]; then
                expect "SocketUser=$other_user alone: its primary group" "$(owner_of "$N/user.sock")" \
                        "$(id -u "$other_user"):$(id -g "$other_user")"
        fi
        check "chowned socket listens" unix_listening "$N/owner.sock"
else
        expect "numeric SocketUser=$uid SocketGroup=$gid on socket" "$(owner_of "$N/owner.sock")" "$uid:$gid"
        expect "numeric SocketUser=$uid SocketGroup=$gid on FIFO" "$(owner_of "$N/owner.fifo")" "$uid:$gid"
        check "socket with own SocketUser= listens" unix_listening "$N/owner.sock"
        check "SocketUser=root fails the socket unit with a clear message" \
                logged "owner-other.socket: Failed to listen on $N/other.sock: cannot change owner of $N/other.sock: Operation not permitted"
        check "SocketUser=root fails the FIFO unit with a clear message" \
                logged "owner-other-fifo.socket: Failed to listen on $N/other.fifo: cannot change owner of $N/other.fifo: Operation not permitted"
        expect "... and its socket node is removed again" "$(type_of "$N/other.sock")" none
        expect "... and its FIFO is removed again" "$(type_of "$N/other.fifo")" none
fi
check "unknown SocketUser= fails the unit with a clear message" \
        logged "owner-unknown.socket: Failed to listen on $N/unknown.sock: cannot resolve SocketUser=sockact-no-such-user"
expect "... and creates no node" "$(type_of "$N/unknown.sock")" none

# -- Symlinks= --
expect "Symlinks=: link 1 (was a stale symlink) points to the socket" "$(link_of "$S/l1")" "$S/sym.sock"
expect "Symlinks=: link 2 (in new directories) points to the socket" "$(link_of "$S/deep/er/l2")" "$S/sym.sock"
expect "Symlinks=: directories created with DirectoryMode=0750" "$(mode_of "$S/deep") $(mode_of "$S/deep/er")" "750 750"
expect "Symlinks= of a FIFO" "$(link_of "$R/yesfifo.link")" "$R/yes.fifo"
expect "Symlinks= of ros-yes" "$(link_of "$R/yes.link") $(link_of "$R/links/yes2.link")" "$R/yes.sock $R/yes.sock"
expect "Symlinks= of ros-no" "$(link_of "$R/no.link")" "$R/no.sock"
check "a regular file where a link should go is left alone (warning)" \
        logged "pl-symlinks.socket: Failed to create symlink $PL/taken.link -> $PL/ok.sock"
check "... and the unit listens anyway" unix_listening "$PL/ok.sock"
expect "... with its other link" "$(link_of "$PL/good.link")" "$PL/ok.sock"

# -- planted nodes --
check "pl-dangling: Failed to listen" logged "pl-dangling.socket: Failed to listen on $PL/dangling.sock: $PL/dangling.sock exists and is a symlink"
check "pl-tofile: Failed to listen" logged "pl-tofile.socket: Failed to listen on $PL/tofile.sock: $PL/tofile.sock exists and is a symlink"
check "pl-file: Failed to listen" logged "pl-file.socket: Failed to listen on $PL/file.sock: $PL/file.sock exists and is a regular file"
check "pl-dir: Failed to listen" logged "pl-dir.socket: Failed to listen on $PL/dir.sock: $PL/dir.sock exists and is a directory"
check "pl-fifo-link: Failed to listen" logged "pl-fifo-link.socket: Failed to listen on $PL/link.fifo: $PL/link.fifo exists and is a symlink"
check "pl-fifo-file: Failed to listen" logged "pl-fifo-file.socket: Failed to listen on $PL/file.fifo: $PL/file.fifo exists and is a regular file"
check "pl-fifo-dir: Failed to listen" logged "pl-fifo-dir.socket: Failed to listen on $PL/dir.fifo: $PL/dir.fifo exists and is a directory"

planted_intact() { # WHEN
        expect "$1: dangling symlink kept" "$(type_of "$PL/dangling.sock") $(link_of "$PL/dangling.sock")" "symlink $PL/nowhere"
        expect "$1: its target not created" "$(type_of "$PL/nowhere")" none
        expect "$1: symlink to a file kept" "$(link_of "$PL/tofile.sock")" "$PL/victim"
        expect "$1: the file behind it untouched" "$(type_of "$PL/victim") $(mode_of "$PL/victim") $(owner_of "$PL/victim") $(cat "$PL/victim")" \
                "file 640 $uid:$gid victim"
        expect "$1: planted regular file untouched" "$(type_of "$PL/file.sock") $(mode_of "$PL/file.sock") $(cat "$PL/file.sock")" "file 640 file"
        expect "$1: planted directory untouched" "$(type_of "$PL/dir.sock") $(mode_of "$PL/dir.sock") $(ls "$PL/dir.sock")" "directory 700 keep"
        expect "$1: symlink to a FIFO kept" "$(link_of "$PL/link.fifo")" "$PL/victim.fifo"
        expect "$1: the FIFO behind it untouched" "$(type_of "$PL/victim.fifo") $(mode_of "$PL/victim.fifo") $(owner_of "$PL/victim.fifo")" \
                "fifo 600 $uid:$gid"
        expect "$1: regular file at a FIFO path untouched" "$(type_of "$PL/file.fifo") $(mode_of "$PL/file.fifo") $(cat "$PL/file.fifo")" "file 640 file"
        expect "$1: directory at a FIFO path untouched" "$(type_of "$PL/dir.fifo") $(mode_of "$PL/dir.fifo")" "directory 700"
        expect "$1: regular file at a Symlinks= path untouched" "$(type_of "$PL/taken.link") $(mode_of "$PL/taken.link") $(cat "$PL/taken.link")" \
                "file 640 taken"
}
check "partial: Failed to listen on its second listener" logged "partial.socket: Failed to listen on $PL/file.sock"
check "partial: its first listener is closed" sh -c "! ss -Hlx | grep -qF '$N/partial.sock '"
expect "partial: its node stays (RemoveOnStop=no)" "$(type_of "$N/partial.sock")" socket
check "partial-ros: Failed to listen on its second listener" logged "partial-ros.socket: Failed to listen on $PL/file.fifo"
expect "partial-ros: its first node is removed (RemoveOnStop=yes)" "$(type_of "$N/partial-ros.sock")" none
planted_intact "while running"
check "the daemon does not listen on a planted path" sh -c "! ss -Hlx | grep -qF '$PL/victim'"

# -- replace nodes behind the daemon's back (all RemoveOnStop=yes) --
check "replaced.socket listens" unix_listening "$R/rep.sock"
rm -f "$R/rep.sock" && printf 'precious\n' >"$R/rep.sock"
rm -f "$R/rep.link" && ln -s /nonexistent/elsewhere "$R/rep.link"
old_fifo_ino=$(ino_of "$R/rep.fifo")
rm -f "$R/rep.fifo" && mkfifo "$R/rep.fifo"
new_fifo_ino=$(ino_of "$R/rep.fifo")

# ---- stop ----
rc=0; stop_daemon TERM || rc=$?
check "SIGTERM: exit 0 (got $rc)" test "$rc" -eq 0

# RemoveOnStop=yes removes the nodes it created and the links.
expect "RemoveOnStop=yes: socket removed" "$(type_of "$R/yes.sock")" none
expect "RemoveOnStop=yes: its Symlinks= removed" "$(type_of "$R/yes.link") $(type_of "$R/links/yes2.link")" "none none"
expect "RemoveOnStop=yes: FIFO removed" "$(type_of "$R/yes.fifo")" none
expect "RemoveOnStop=yes: the FIFO's Symlinks= removed" "$(type_of "$R/yesfifo.link")" none
expect "RemoveOnStop=yes: socket of pl-symlinks removed" "$(type_of "$PL/ok.sock")" none
expect "RemoveOnStop=yes: the link of pl-symlinks that was created removed" "$(type_of "$PL/good.link")" none
# RemoveOnStop=no (the default) leaves them, links included (systemd.socket(5), RemoveOnStop=).
expect "RemoveOnStop=no: socket left" "$(type_of "$R/no.sock")" socket
expect "RemoveOnStop=no: FIFO left" "$(type_of "$R/no.fifo")" fifo
expect "RemoveOnStop=no: Symlinks= of the socket left" "$(link_of "$R/no.link")" "$R/no.sock"
expect "RemoveOnStop=no: Symlinks= of the FIFO left" "$(link_of "$R/nofifo.link")" "$R/no.fifo"
expect "RemoveOnStop=no: Symlinks= in new directories left" "$(link_of "$S/l1") $(link_of "$S/deep/er/l2")" "$S/sym.sock $S/sym.sock"
expect "RemoveOnStop=no: other sockets left" "$(type_of "$N/mode.sock") $(type_of "$TMP/dm/a/b/s.sock")" "socket socket"
# What replaced our nodes survives.
expect "a file put in place of the socket survives" "$(type_of "$R/rep.sock") $(cat "$R/rep.sock")" "file precious"
expect "a foreign symlink in place of a link survives" "$(link_of "$R/rep.link")" /nonexistent/elsewhere
expect "a new FIFO in place of ours survives" "$(type_of "$R/rep.fifo") $(ino_of "$R/rep.fifo")" "fifo $new_fifo_ino"
check "(it is a different FIFO: $old_fifo_ino -> $new_fifo_ino)" test "$old_fifo_ino" != "$new_fifo_ino"
planted_intact "after stop"

# ===================== run B: the nodes left by run A =====================
# A second name keeps the stale inode alive, so that the new node cannot get its number back.
ln "$R/no.sock" "$R/no.sock.old"
stale_ino=$(ino_of "$R/no.sock")
fifo_ino=$(ino_of "$R/no.fifo")
chmod 0600 "$R/no.fifo"
if ! start_daemon ros-no.socket ros-no-fifo.socket; then
        fail "daemon did not start (run B)"
        finish
fi
expect "run B: units listening/failed" "$(ready_status)" "2/0"
check "stale socket replaced: the unit listens" unix_listening "$R/no.sock"
new_ino=$(ino_of "$R/no.sock")
check "stale socket replaced by a new node (inode $stale_ino -> $new_ino)" test "$new_ino" != "$stale_ino"
expect "new socket has SocketMode=" "$(mode_of "$R/no.sock")" 666
expect "the stale node itself was only unlinked" "$(type_of "$R/no.sock.old") $(ino_of "$R/no.sock.old")" "socket $stale_ino"
expect "existing FIFO reused" "$(type_of "$R/no.fifo") $(ino_of "$R/no.fifo")" "fifo $fifo_ino"
expect "existing FIFO gets SocketMode= again" "$(mode_of "$R/no.fifo")" 666
expect "Symlinks= still point to the socket" "$(link_of "$R/no.link")" "$R/no.sock"
rc=0; stop_daemon TERM || rc=$?
check "run B: SIGTERM: exit 0 (got $rc)" test "$rc" -eq 0
finish
