#!/bin/sh
# The exec context end to end: services started by the real sockactd on first traffic run
# tests/tools/exec-report, which writes down what it got (argv, environment, fds, credentials, umask, nice,
# limits, cwd, session, signal mask and dispositions); the test reads that report.
. "$(dirname "$0")/lib.sh"

check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
U="$TMP/units"; mkdir -p "$U"
R="$top_builddir/tests/tools/exec-report"
has() { grep -qxF -- "$2" "$1"; }

# Accept=no: a unix stream listener and a FIFO, with their names; most exec settings at once.
printf 'FILEVAR=from-file\n# comment\nQUOTED="a b"\n' >"$TMP/env"
mkdir -p "$TMP/work"
{
        printf '[Socket]\nListenStream=%s/a.sock\nListenFIFO=%s/a.fifo\nFileDescriptorName=alpha\n' "$TMP" "$TMP"
} >"$U/a.socket"
{
        printf '[Service]\n'
        printf 'Environment=FOO=foo "WORDS=one two"\n'
        printf 'EnvironmentFile=%s/env\nEnvironmentFile=-%s/missing\n' "$TMP" "$TMP"
        printf 'PassEnvironment=SA_PASSED SA_NOT_SET\nUnsetEnvironment=FOO_GONE\nEnvironment=FOO_GONE=x\n'
        printf 'WorkingDirectory=%s/work\nUMask=0027\nNice=7\nLimitNOFILE=123:456\nLimitCORE=0\n' "$TMP"
        printf 'StandardOutput=journal\nRuntimeDirectory=sa-exec-test\n'
        printf 'ExecStart=%s %s/a.report sleep "two words" $WORDS ${FOO} $$ESCAPED\n' "$R" "$TMP"
} >"$U/a.service"

# Accept=yes: the connection on stdin/stdout (StandardInput=socket), no LISTEN_*; and on fd 3.
pick_ports_slot 8 2 || exit 1
p_in=$PORT_BASE; p_fd=$((PORT_BASE + 1))
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$p_in" >"$U/in.socket"
printf '[Service]\nStandardInput=socket\nExecStart=%s - echo\n' "$R" >"$U/in@.service"
printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$p_fd" >"$U/fd.socket"
printf '[Service]\nExecStart=%s %s/fd.report\n' "$R" "$TMP" >"$U/fd@.service"

# WorkingDirectory=-/missing is ignored; files for StandardOutput=append:/truncate:/file:
echo old >"$TMP/append.out"; echo "old old old" >"$TMP/trunc.out"
printf '[Socket]\nListenFIFO=%s/o.fifo\n' "$TMP" >"$U/o.socket"
{
        printf '[Service]\nWorkingDirectory=-%s/missing\nStandardOutput=append:%s/append.out\n' "$TMP" "$TMP"
        printf 'StandardError=truncate:%s/trunc.out\nExecStart=/bin/sh -c "echo new; echo err >&2; pwd; exec sleep 600"\n' "$TMP"
} >"$U/o.service"

mkdir -p "$TMP/xdg"; XDG_RUNTIME_DIR="$TMP/xdg"
SA_PASSED=passed-through FOO_GONE=still-here SA_OTHER=other
export SA_PASSED FOO_GONE SA_OTHER XDG_RUNTIME_DIR
# sockactd.conf(5): DefaultEnvironment= for every process, DefaultLimit*= where the unit sets no limit
# and DefaultStandardOutput= for the services that set no StandardOutput=
printf '[Manager]\nDefaultEnvironment=DEFVAR=from-conf "DEFSP=two words"\nDefaultLimitNOFILE=1000:2000\n' \
        >"$TMP/sockactd.conf"
printf 'DefaultStandardOutput=null\n' >>"$TMP/sockactd.conf"
printf '[Service]\nType=oneshot\nExecStart=/bin/echo quiet-line\n' >"$U/quiet.service"
printf '[Service]\nType=oneshot\nExecStart=/bin/echo loud-line\nStandardOutput=journal\n' >"$U/loud.service"
start_daemon a.socket in.socket fd.socket o.socket loud.service quiet.service || { fail "daemon did not start"; finish; }

# trigger the Accept=no services through their FIFOs
echo go >"$TMP/a.fifo"
echo go >"$TMP/o.fifo"
A="$TMP/a.report"
check "Accept=no service started on traffic" wait_for 5 test -s "$A"
check "argv: quoting, \$WORDS split, \${FOO} one word, \$\$ a literal \$" sh -c \
        "grep -q '^argc 8$' '$A' && grep -qx 'argv\[3\] two words' '$A' && grep -qx 'argv\[4\] one' '$A' && \
         grep -qx 'argv\[5\] two' '$A' && grep -qx 'argv\[6\] foo' '$A' && grep -qx 'argv\[7\] \$ESCAPED' '$A'"
check "Environment=" has "$A" "env FOO=foo"
check "Environment= with quotes" has "$A" "env WORDS=one two"
check "EnvironmentFile=" has "$A" "env FILEVAR=from-file"
check "EnvironmentFile= quotes" has "$A" "env QUOTED=a b"
check "PassEnvironment=" has "$A" "env SA_PASSED=passed-through"
check "PassEnvironment= of an unset variable" sh -c "! grep -q '^env SA_NOT_SET' '$A'"
check "UnsetEnvironment= (over Environment= and the manager's)" sh -c "! grep -q '^env FOO_GONE' '$A'"
check "a user instance passes its own environment (as systemd --user)" has "$A" "env SA_OTHER=other"
check "... but not its private variables" sh -c "! grep -q '^env XDG_RUNTIME_DIR=$TMP/run\|^env NOTIFY_SOCKET=$' '$A'"
check "PATH is the default search path" grep -q '^env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin' "$A"
check "LISTEN_FDS=2" has "$A" "listen_fds 2"
check "LISTEN_FDNAMES" has "$A" "listen_fdnames alpha:alpha"
check "LISTEN_PID is the service's own PID" has "$A" "listen_pid match"
check "fd 3 is the listening unix socket" sh -c "grep -qx 'fdsock 3 type=stream family=unix listening=1' '$A'"
check "fd 4 is the FIFO" sh -c "grep -q '^fd 4 .*a.fifo' '$A'"
check "no other fds than stdio and the two listeners" sh -c "[ \$(grep -c '^fd [0-9]' '$A') -eq 5 ] && ! grep -q '^fd [5-9]' '$A'"
check "listeners are blocking and not close-on-exec" sh -c "grep -qx 'fdflags 3 cloexec=0 nonblock=0 access=rw append=0' '$A'"
check "WorkingDirectory=" has "$A" "cwd $TMP/work"
check "UMask=" has "$A" "umask 0027"
check "Nice=" has "$A" "nice 7"
check "LimitNOFILE=123:456" has "$A" "rlimit NOFILE 123 456"
check "LimitCORE=0" has "$A" "rlimit CORE 0 0"
check "a new session" has "$A" "session_leader yes"
check "an empty signal mask" has "$A" "sigmask empty"
check "default signal dispositions but SIGPIPE (IgnoreSIGPIPE=yes)" sh -c "[ \"\$(grep '^sigdisp' '$A')\" = 'sigdisp 13 ignored' ]"
check "RuntimeDirectory= exists while it runs" test -d "$XDG_RUNTIME_DIR/sa-exec-test"
check "RUNTIME_DIRECTORY" has "$A" "env RUNTIME_DIRECTORY=$XDG_RUNTIME_DIR/sa-exec-test"

# Accept=yes with StandardInput=socket: the report comes back over the connection
out=$(bounded 10 "$top_builddir/tests/tools/sa-client" "127.0.0.1:$p_in" "") || true
echo "$out" >"$TMP/in.report"
check "Accept=yes StandardInput=socket: stdin/stdout are the connection" sh -c \
        "grep -q '^fdsock 0 type=stream family=inet listening=0$' '$TMP/in.report' && grep -q '^fdsock 1 type=stream family=inet listening=0$' '$TMP/in.report'"
check "... and no LISTEN_FDS" has "$TMP/in.report" "listen_fds unset"
check "... REMOTE_ADDR" has "$TMP/in.report" "env REMOTE_ADDR=127.0.0.1"
check "... REMOTE_PORT" grep -q '^env REMOTE_PORT=[0-9][0-9]*$' "$TMP/in.report"
bounded 10 "$top_builddir/tests/tools/sa-client" "127.0.0.1:$p_fd" "" >/dev/null 2>&1 || true
F="$TMP/fd.report"
check "Accept=yes without StandardInput=socket: fd 3, LISTEN_FDS=1" wait_for 5 has "$F" "listen_fds 1"
check "... named 'connection'" has "$F" "listen_fdnames connection"
check "... fd 3 is the connected socket" has "$F" "fdsock 3 type=stream family=inet listening=0"
check "... stdin is /dev/null" has "$F" "fd 0 /dev/null"
check "StandardOutput=journal: the line in the daemon's log" wait_for 5 grep -q '^loud.service: loud-line$' "$TMP/daemon.log"
check "quiet.service ran" wait_for 5 grep -q 'quiet.service: changed start -> dead' "$TMP/daemon.log"
check "DefaultStandardOutput=null: the output of a service without StandardOutput= is dropped" sh -c \
        "! grep -q '^quiet.service: quiet-line$' '$TMP/daemon.log'"
check "DefaultEnvironment= of sockactd.conf" has "$F" "env DEFVAR=from-conf"
check "... with quotes" has "$F" "env DEFSP=two words"
check "DefaultLimitNOFILE= where the unit sets none" has "$F" "rlimit NOFILE 1000 2000"
check "... a unit's LimitNOFILE= wins" has "$A" "rlimit NOFILE 123 456"
check "... DefaultEnvironment= for the other services too" has "$A" "env DEFVAR=from-conf"

# StandardOutput=append:, StandardError=truncate:, WorkingDirectory=-missing
check "StandardOutput=append: appends" wait_for 5 sh -c "head -2 '$TMP/append.out' | tr '\n' ' ' | grep -qx 'old new '"
check "StandardError=truncate: truncates" wait_for 5 sh -c "[ \"\$(cat '$TMP/trunc.out')\" = err ]"
check "WorkingDirectory=-missing: started anyway" wait_for 5 sh -c "sed -n 3p '$TMP/append.out' | grep -q ."

rc=0; stop_daemon TERM || rc=$?
check "daemon exits 0 (got $rc)" test "$rc" -eq 0
check "RuntimeDirectory= removed at stop" test ! -e "$XDG_RUNTIME_DIR/sa-exec-test"

# User=, Group=, SupplementaryGroups= (root only)
if [ "$(id -u)" -eq 0 ]; then
        printf '[Socket]\nListenFIFO=%s/u.fifo\n' "$TMP" >"$U/u.socket"
        printf '[Service]\nUser=nobody\nGroup=nogroup\nSupplementaryGroups=daemon\nExecStart=%s - sleep\nStandardOutput=file:%s/u.report\n' \
                "$R" "$TMP" >"$U/u.service"
        printf 'PassEnvironment=SA_PASSED\n' >>"$U/u.service"
        chmod 777 "$TMP"
        # the system instance this time: only what PassEnvironment= names comes from its environment
        start_daemon --system u.socket || { fail "daemon did not start (User=)"; finish; }
        echo go >"$TMP/u.fifo"
        nobody=$(id -u nobody); nogroup=$(getent group nogroup | cut -d: -f3); daemon=$(getent group daemon | cut -d: -f3)
        check "User=nobody" wait_for 5 has "$TMP/u.report" "uid $nobody $nobody $nobody"
        check "Group=nogroup" has "$TMP/u.report" "gid $nogroup $nogroup $nogroup"
        check "SupplementaryGroups=daemon" sh -c "grep -q '^groups .*\b$daemon\b' '$TMP/u.report'"
        check "HOME/USER of the user" sh -c "grep -qx 'env USER=nobody' '$TMP/u.report'"
        check "system instance: PassEnvironment= passes what it names" has "$TMP/u.report" "env SA_PASSED=passed-through"
        check "system instance: the rest of its environment is not passed" sh -c "! grep -q '^env SA_OTHER' '$TMP/u.report'"
        stop_daemon TERM || true
else
        skip_part "User=/Group=/SupplementaryGroups= and the system instance's environment need root"
fi
finish
