#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages: `mandoc -Tlint -Wwarning` is clean on every page, and the directive pages match the
# directive table. A key is documented by a list item whose head holds `Va KEY=` (as in `.It Va Backlog= Ns
# Ar number`; one item may document several keys, `.It Va ConditionHost= Ns Ar name , Va AssertHost= ...`).
#  - every supported key is documented in its page: Unit/Install in sockact.unit.5, Socket in sockact.socket.5,
#    Service/Exec/Kill in sockact.service.5;
#  - every unsupported key is named (`KEY=`) in sockact.socket.5 or sockact.service.5;
#  - every key documented in those three pages is a supported key of a section that belongs to the page,
#    and every key listed under "Not supported" in the socket and service pages is an unsupported key.
# The directive list comes from tests/tools/list-directives ("supported|unsupported SECTION KEY").
# Without mandoc the lint part is skipped; the coverage part still runs and a mismatch still fails.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${MANDOC:=}"
MAN="$top_srcdir/man"
LIST="$top_builddir/tests/tools/list-directives"
LC_ALL=C
export LC_ALL

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sockact-man.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT

n_fail=0
fail() { printf 'FAIL: %s\n' "$*"; n_fail=$((n_fail + 1)); }

# ---- 1. lint ----
lint_skipped=no
if [ -z "$MANDOC" ]; then
        printf 'SKIP: mandoc not found, man pages not linted\n'
        lint_skipped=yes
else
        n_pages=0
        for page in "$MAN"/*.[158]; do
                [ -e "$page" ] || continue
                n_pages=$((n_pages + 1))
                rc=0
                "$MANDOC" -Tlint -Wwarning "$page" >"$TMP/lint" 2>&1 || rc=$?
                if [ "$rc" -ne 0 ] || [ -s "$TMP/lint" ]; then
                        fail "$page: mandoc -Tlint -Wwarning exited $rc:"
                        cat "$TMP/lint"
                fi
        done
        [ "$n_pages" -gt 0 ] || fail "no man pages in $MAN"
fi

# ---- 2. directive coverage ----
UNIT_PAGE=sockact.unit.5
SOCKET_PAGE=sockact.socket.5
SERVICE_PAGE=sockact.service.5

for p in "$UNIT_PAGE" "$SOCKET_PAGE" "$SERVICE_PAGE"; do
        [ -f "$MAN/$p" ] || fail "$MAN/$p is missing"
done

rc=0
"$LIST" >"$TMP/directives" 2>"$TMP/list-stderr" || rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$TMP/directives" ]; then
        fail "$LIST failed (exit $rc) or printed nothing, directive coverage not checked:"
        cat "$TMP/list-stderr"
        exit 1
fi

# "PAGE KEY" for every supported directive; a section the test does not know is reported.
awk -v u="$UNIT_PAGE" -v so="$SOCKET_PAGE" -v se="$SERVICE_PAGE" '
        $1 != "supported" { next }
        $2 == "Unit" || $2 == "Install" { print u, $3; next }
        $2 == "Socket" { print so, $3; next }
        $2 == "Service" || $2 == "Exec" || $2 == "Kill" { print se, $3; next }
        { print "UNKNOWN-SECTION", $2, $3 }
' "$TMP/directives" | sort -u >"$TMP/expected"
if grep -q '^UNKNOWN-SECTION ' "$TMP/expected"; then
        grep '^UNKNOWN-SECTION ' "$TMP/expected" | while read -r _ sec key; do
                printf 'FAIL: list-directives: unknown section %s for %s=\n' "$sec" "$key"
        done
        fail "list-directives printed sections this test does not know"
fi
awk '$1 == "unsupported" { print $3 }' "$TMP/directives" | sort -u >"$TMP/unsupported"

# "PAGE KEY" for every key documented with `Va KEY=` in the head of a list item.
: >"$TMP/documented"
for p in "$UNIT_PAGE" "$SOCKET_PAGE" "$SERVICE_PAGE"; do
        [ -f "$MAN/$p" ] || continue
        awk -v page="$p" '
                /^\.It[ \t]/ {
                        for (i = 2; i < NF; i++)
                                if ($i == "Va" && $(i + 1) ~ /^[A-Za-z0-9]+=$/)
                                        print page, substr($(i + 1), 1, length($(i + 1)) - 1)
                }
        ' "$MAN/$p" >>"$TMP/documented"
done
sort -u -o "$TMP/documented" "$TMP/documented"

# Supported but not documented in its page.
comm -23 "$TMP/expected" "$TMP/documented" | grep -v '^UNKNOWN-SECTION ' >"$TMP/missing"
while read -r page key; do
        fail "$page: supported key $key= is not documented (no '.It Va $key=' item)"
done <"$TMP/missing"

# Documented in a page but not a supported key of that page's sections.
comm -13 "$TMP/expected" "$TMP/documented" >"$TMP/extra"
while read -r page key; do
        fail "$page: documents $key=, which is not a supported key of this page's sections"
done <"$TMP/extra"

# Unsupported keys must be named in the socket or service page.
while read -r key; do
        if ! grep -q -E "(^|[^A-Za-z0-9_])$key=" "$MAN/$SOCKET_PAGE" "$MAN/$SERVICE_PAGE" 2>/dev/null; then
                fail "unsupported key $key= is not listed in $SOCKET_PAGE or $SERVICE_PAGE"
        fi
done <"$TMP/unsupported"

# And the other way round: a key listed under "Not supported" must be an unsupported key.
for p in "$SOCKET_PAGE" "$SERVICE_PAGE"; do
        [ -f "$MAN/$p" ] || continue
        awk '
                /^\.S[sh] / { in_list = ($0 ~ /^\.Ss Not supported/) }
                in_list && /^\.Va / {
                        for (i = 2; i <= NF; i++)
                                if ($i ~ /^[A-Za-z0-9]+=$/)
                                        print substr($i, 1, length($i) - 1)
                }
        ' "$MAN/$p" | while read -r key; do
                grep -q -x -e "$key" "$TMP/unsupported" ||
                        printf '%s: %s= is listed as not supported, but list-directives does not say so\n' "$p" "$key"
        done
done >"$TMP/wrongly-unsupported"
while read -r line; do
        fail "$line"
done <"$TMP/wrongly-unsupported"

n_supported=$(wc -l <"$TMP/expected")
n_unsupported=$(wc -l <"$TMP/unsupported")
printf '%s: %d supported and %d unsupported keys checked, %d failures\n' \
        "$(basename "$0")" "$n_supported" "$n_unsupported" "$n_fail"

[ "$n_fail" -eq 0 ] || exit 1
[ "$lint_skipped" = no ] || exit 77
exit 0
