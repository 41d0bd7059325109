#!/bin/sh
# contrib/: every shell script (init scripts, service directories, the container's set-up script) is
# executable and shellcheck-clean, the bash completion is shellcheck-clean as bash, the zsh completion parses
# (zsh -n), and the bash completion, sourced into bash, completes commands, options, the daemon's units (from
# `sockactctl list-units --no-legend`, here a stand-in that records its arguments) and unit files.
. "$(dirname "$0")/lib.sh"

: "${SHELLCHECK:=}"
check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
C="$top_srcdir/contrib"
BASH_COMPLETION="$top_builddir/contrib/completion/sockactctl"
ZSH_COMPLETION="$top_builddir/contrib/completion/_sockactctl"

# ---- the scripts: every file under contrib/ that starts with "#!" ----
find "$C" -type f | sort | while read -r f; do
        head -c 2 "$f" | grep -q '^#!' && printf '%s\n' "$f"
done >"$TMP/scripts"
n=$(wc -l <"$TMP/scripts")
# openrc, runit run/check/log, s6 run/data/check/log, sysvinit, container set-up
check "at least 9 shell scripts found in contrib/ (found $n)" test "$n" -ge 9
while read -r f; do
        check "${f#"$C"/} is executable" test -x "$f"
done <"$TMP/scripts"

if [ -z "$SHELLCHECK" ] && command -v shellcheck >/dev/null 2>&1; then SHELLCHECK=shellcheck; fi
if [ -n "$SHELLCHECK" ]; then
        while read -r f; do
                # openrc-run scripts say "# shellcheck shell=sh" themselves
                if "$SHELLCHECK" -x "$f" >"$TMP/sc.log" 2>&1; then
                        pass
                else
                        fail "shellcheck ${f#"$C"/}:"; cat "$TMP/sc.log"
                fi
        done <"$TMP/scripts"
        for f in "$C/completion/sockactctl.bash.in" "$BASH_COMPLETION"; do
                if "$SHELLCHECK" -s bash "$f" >"$TMP/sc.log" 2>&1; then
                        pass
                else
                        fail "shellcheck -s bash $f:"; cat "$TMP/sc.log"
                fi
        done
else
        echo "SKIP (part): shellcheck not found"
        shellcheck_skipped=yes
fi

if command -v zsh >/dev/null 2>&1; then
        for f in "$C/completion/_sockactctl.in" "$ZSH_COMPLETION"; do
                if zsh -n "$f" >"$TMP/zsh.log" 2>&1; then
                        pass
                else
                        fail "zsh -n $f:"; cat "$TMP/zsh.log"
                fi
        done
        check "the zsh completion starts with #compdef sockactctl" \
                sh -c "head -n 1 '$ZSH_COMPLETION' | grep -qx '#compdef sockactctl'"
else
        echo "SKIP (part): zsh not found"
fi
check "no @...@ left in the built completions" \
        sh -c "! grep -n '@[a-z]*@' '$BASH_COMPLETION' '$ZSH_COMPLETION'"

# ---- bash completion smoke test ----
if ! command -v bash >/dev/null 2>&1; then
        fail "bash not found: the bash completion cannot be tested"
        finish
fi
# a stand-in for sockactctl: records its arguments, prints what `list-units --no-legend` prints
cat >"$TMP/fakectl" <<EOF
#!/bin/sh
echo "\$*" >>"$TMP/fakectl.args"
[ "\$*" = "\${*%list-units --no-legend}list-units --no-legend" ] || exit 1
printf 'echo.socket   loaded active listening Echo server\n'
printf 'echo@1.service loaded active running   Echo connection\n'
printf '* broken.service loaded failed failed Broken\n'
EOF
chmod +x "$TMP/fakectl"
mkdir -p "$TMP/u1" "$TMP/u2" "$TMP/dir-a" "$TMP/dir-b"
: >"$TMP/u1/web.socket"; : >"$TMP/u1/web.service"; : >"$TMP/u2/db.socket"; : >"$TMP/u2/notes.txt"

# complete WORD...: the words of the command line, the last one being completed; prints COMPREPLY sorted,
# space-separated. With BC=1, bash-completion's own library is loaded first (its _init_completion path).
complete_words() {
        bash -c '
                [ "$1" = 1 ] && . /usr/share/bash-completion/bash_completion
                . "$2"; shift 2
                COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
                COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                _sockactctl
                printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ \$//"
        ' complete "$BC" "$BASH_COMPLETION" "$@"
}
expect() {
        label=$1 want=$2; shift 2
        got=$(complete_words "$@" 2>"$TMP/bash.err")
        if [ "$got" = "$want" ] && [ ! -s "$TMP/bash.err" ]; then
                pass
        else
                fail "$label: completing '$*' gave '$got', expected '$want'"; cat "$TMP/bash.err"
        fi
}
modes=0
[ -r /usr/share/bash-completion/bash_completion ] && modes="0 1"
for BC in $modes; do
        m="(bash-completion loaded: $BC)"
        expect "commands $m" "start status stop" sockactctl st
        all="cat disable enable is-active list-sockets list-units logs reload reset-failed restart show start status stop"
        expect "all 15 commands $m" "$all verify" sockactctl ""
        expect "commands after options $m" "list-sockets list-units" sockactctl --user --json list-
        expect "options $m" "--unit-path= --user" sockactctl --u
        expect "options after the command $m" "--no-legend" "$TMP/fakectl" status --no
        : >"$TMP/fakectl.args"
        expect "units of the daemon $m" "broken.service echo.socket echo@1.service" "$TMP/fakectl" status ""
        expect "units of the daemon, by prefix $m" "echo.socket echo@1.service" "$TMP/fakectl" restart ec
        check "... asked with list-units --no-legend ($(cat "$TMP/fakectl.args"))" \
                grep -qx "list-units --no-legend" "$TMP/fakectl.args"
        : >"$TMP/fakectl.args"
        expect "the scope is passed on $m" "echo.socket echo@1.service" \
                "$TMP/fakectl" --user --runtime-dir="$TMP/run" stop e
        check "... as --user --runtime-dir= ($(cat "$TMP/fakectl.args"))" \
                grep -qx -- "--user --runtime-dir=$TMP/run list-units --no-legend" "$TMP/fakectl.args"
        expect "enable: unit files of --unit-path $m" "db.socket web.service web.socket" \
                sockactctl --unit-path="$TMP/u1:$TMP/u2" enable ""
        expect "enable: --unit-path as two words $m" "web.service web.socket" \
                sockactctl --unit-path "$TMP/u1" enable w
        SOCKACT_UNIT_PATH="$TMP/u2"
        export SOCKACT_UNIT_PATH
        expect "enable: \$SOCKACT_UNIT_PATH $m" "db.socket" sockactctl enable ""
        expect "enable: --unit-path= replaces \$SOCKACT_UNIT_PATH $m" "web.service web.socket" \
                sockactctl --unit-path="$TMP/u1" enable ""
        unset SOCKACT_UNIT_PATH
        expect "verify: unit names and files $m" "$TMP/u2/db.socket $TMP/u2/notes.txt" \
                sockactctl --unit-path="$TMP/u1" verify "$TMP/u2/"
        expect "--runtime-dir=: directories $m" "$TMP/dir-a $TMP/dir-b" sockactctl --runtime-dir="$TMP/dir-"
done
# Without shellcheck the main point of this test is missed: it is skipped, even if the rest passed
if [ "${shellcheck_skipped:-no}" = yes ] && [ "$n_fail" -eq 0 ]; then
        skip "shellcheck not found ($n_pass other checks passed)"
fi
finish
