#!/bin/sh
# `sockactctl verify` as a user sees it: diagnostics, exit codes, --dump after drop-ins and specifiers,
# the service a socket activates, --help and --version.
. "$(dirname "$0")/lib.sh"

expect_rc() { # expected-rc label command...
        want=$1 label=$2; shift 2
        rc=0
        "$@" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
        if [ "$rc" -eq "$want" ]; then pass; else fail "$label: exit $rc, expected $want"; cat "$TMP/stderr"; fi
}
expect_grep() { # file pattern label
        if grep -q -- "$2" "$1"; then pass; else fail "$3: no '$2' in output:"; cat "$1"; fi
}
expect_no_grep() {
        if grep -q -- "$2" "$1"; then fail "$3: unexpected '$2' in output"; else pass; fi
}

U="$TMP/units"
mkdir -p "$U/web.socket.d" "$U/socket.d"
cat >"$U/web.socket" <<'UNIT'
[Unit]
Description=Web socket for %n
[Socket]
ListenStream=127.0.0.1:8080
Backlog=lots
FooBar=1
SmackLabel=x
[Install]
WantedBy=sockets.target
UNIT
printf '[Socket]\nBacklog=32\nListenStream=/run/%%p.sock\n' >"$U/web.socket.d/10-more.conf"
printf '[Socket]\nKeepAlive=yes\n' >"$U/socket.d/50-all.conf"
printf '[Service]\nExecStart=/bin/cat\n' >"$U/web.service"

expect_rc 0 "valid socket with warnings" "$SOCKACTCTL" verify "$U/web.socket"
expect_grep "$TMP/stderr" "$U/web.socket:5: Failed to parse Backlog= value, ignoring: lots" "warning names file and line"
expect_grep "$TMP/stderr" "$U/web.socket:6: Unknown key 'FooBar' in section \[Socket\], ignoring." "unknown key"
expect_grep "$TMP/stderr" "$U/web.socket:7: SmackLabel= is not supported by sockact, ignoring." "unsupported key"

expect_rc 0 "dump" "$SOCKACTCTL" verify --dump "$U/web.socket"
expect_grep "$TMP/stdout" "^Description=Web socket for web.socket$" "specifier expanded in dump"
expect_grep "$TMP/stdout" "^Backlog=32$" "drop-in applied after the bad line"
expect_grep "$TMP/stdout" "^ListenStream=127.0.0.1:8080$" "first listener"
expect_grep "$TMP/stdout" "^ListenStream=/run/web.sock$" "drop-in listener"
expect_grep "$TMP/stdout" "^KeepAlive=yes$" "type-wide drop-in"
expect_grep "$TMP/stdout" "^# drop-in: $U/web.socket.d/10-more.conf$" "drop-in listed"
expect_grep "$TMP/stdout" "^ExecStart=/bin/cat$" "activated service dumped"
expect_grep "$TMP/stdout" "^MaxConnections=64$" "defaults shown"

# A socket whose service is missing cannot work.
mkdir -p "$TMP/lonely"
printf '[Socket]\nListenStream=127.0.0.1:1\n' >"$TMP/lonely/lonely.socket"
expect_rc 1 "missing service" "$SOCKACTCTL" verify --unit-path="$TMP/empty" "$TMP/lonely/lonely.socket"
expect_grep "$TMP/stderr" "Service lonely.service not found" "missing service named"
# Accept=yes activates the template.
printf '[Socket]\nListenStream=127.0.0.1:1\nAccept=yes\n' >"$TMP/lonely/acc.socket"
printf '[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' >"$TMP/lonely/acc@.service"
expect_rc 0 "Accept=yes finds the template" "$SOCKACTCTL" verify --unit-path="$TMP/empty" "$TMP/lonely/acc.socket"
# Service= names another service.
printf '[Socket]\nListenStream=127.0.0.1:1\nService=acc@x.service\n' >"$TMP/lonely/named.socket"
expect_rc 0 "Service= instance of a template" "$SOCKACTCTL" verify --unit-path="$TMP/empty" "$TMP/lonely/named.socket"

# Fail closed: a bad SocketUser= refuses the unit.
printf '[Socket]\nListenStream=127.0.0.1:1\nSocketUser=bad:user\n' >"$TMP/lonely/closed.socket"
printf '[Service]\nExecStart=/bin/cat\n' >"$TMP/lonely/closed.service"
expect_rc 1 "fail closed" "$SOCKACTCTL" verify "$TMP/lonely/closed.socket"
expect_grep "$TMP/stderr" "closed.socket:3: Invalid user/group name or numeric ID, refusing: bad:user" "refusal names the line"

# Load errors of the file itself.
printf '[Socket\nListenStream=1\n' >"$TMP/lonely/broken.socket"
expect_rc 1 "bad section header" "$SOCKACTCTL" verify "$TMP/lonely/broken.socket"
expect_grep "$TMP/stderr" "broken.socket:1: Invalid section header '\[Socket'" "header error"
expect_rc 1 "not found" "$SOCKACTCTL" verify --unit-path="$TMP/empty" nothere.socket
expect_grep "$TMP/stderr" "Unit nothere.socket not found." "not found message"
expect_rc 1 "bad name" "$SOCKACTCTL" verify "bad name.socket"

# Usage.
expect_rc 2 "no command" "$SOCKACTCTL"
expect_rc 2 "unknown command" "$SOCKACTCTL" frobnicate
expect_rc 2 "verify without files" "$SOCKACTCTL" verify
expect_rc 2 "unknown option" "$SOCKACTCTL" --frobnicate verify x.socket
expect_rc 0 "help" "$SOCKACTCTL" --help
expect_grep "$TMP/stdout" "verify FILE|UNIT" "help lists verify"
expect_rc 0 "version" "$SOCKACTCTL" --version
expect_grep "$TMP/stdout" "^sockactctl [0-9]" "version printed"
finish
