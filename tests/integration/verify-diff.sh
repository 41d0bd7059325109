#!/bin/sh
# Differential test: for every case in tests/data/verify-diff, the set of FILE:LINE locations that
# `sockactctl verify` flags equals the set `systemd-analyze verify` flags, except the deliberate differences
# listed in tests/data/verify-diff/DIFFERENCES (fail-closed settings and the like; each says why).
. "$(dirname "$0")/lib.sh"

SA=${SYSTEMD_ANALYZE:-}
[ -n "$SA" ] && [ -x "$SA" ] || skip "systemd-analyze is not installed (Debian package systemd)"

cases="$TMP/cases"
cp -r "$top_srcdir/tests/data/verify-diff" "$cases"
chmod -R u+w "$cases"
allowed="$cases/DIFFERENCES"

locations() { # extract "basename:line" from FILE:LINE: diagnostics under $cases
        sed -n "s|^$cases/\([^:]*\):\([0-9][0-9]*\):.*|\1:\2|p" | sort -u
}

n=0
for f in "$cases"/*.socket "$cases"/*.service; do
        [ -f "$f" ] || continue
        case $(basename "$f") in *@.service) continue ;; esac # templates are checked through their sockets
        n=$((n + 1))
        bounded 60 "$SA" verify --man=no "$f" 2>&1 | locations >"$TMP/sd" || true
        # Notes about keys sockact does not implement have no systemd counterpart (sockact.unit(5)).
        bounded 60 "$SOCKACTCTL" verify --unit-path="$cases" "$f" 2>&1 | grep -v 'is not supported by sockact, ignoring\.$' |
                locations >"$TMP/sa" || true
        # only-systemd and only-sockact locations, minus the documented differences
        comm -23 "$TMP/sd" "$TMP/sa" >"$TMP/only-sd"
        comm -13 "$TMP/sd" "$TMP/sa" >"$TMP/only-sa"
        bad=0
        while read -r loc; do
                grep -q "^$loc systemd-only " "$allowed" || { fail "$loc: flagged by systemd-analyze, not by sockactctl"; bad=1; }
        done <"$TMP/only-sd"
        while read -r loc; do
                grep -q "^$loc sockact-only " "$allowed" || { fail "$loc: flagged by sockactctl, not by systemd-analyze"; bad=1; }
        done <"$TMP/only-sa"
        if [ "$bad" -ne 0 ]; then
                echo "--- systemd-analyze verify $(basename "$f"):"
                bounded 60 "$SA" verify --man=no "$f" 2>&1 | grep "^$cases" | head -n 20
                echo "--- sockactctl verify $(basename "$f"):"
                bounded 60 "$SOCKACTCTL" verify --unit-path="$cases" "$f" 2>&1 | head -n 20
        else
                pass
        fi
done
# Every documented difference must still be one (a stale entry hides nothing).
while read -r loc who reason; do
        case $loc in ''|\#*) continue ;; esac
        : "$reason"
        unit=${loc%%:*}
        [ -f "$cases/$unit" ] || { fail "DIFFERENCES names a missing file: $loc"; continue; }
done <"$allowed"
[ "$n" -gt 0 ] || fail "no cases found"
finish
