# Shared helpers for the integration tests (POSIX sh). Sourced; the test harness exports top_srcdir,
# top_builddir, SOCKACT_CORPUS, MANDOC, SYSTEMD_ANALYZE, VALGRIND, SHELLCHECK.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
SOCKACTCTL="$top_builddir/sockactctl"

# Every failure is counted and printed; the test ends with `finish`.
n_fail=0
n_pass=0
fail() { printf 'FAIL: %s\n' "$*"; n_fail=$((n_fail + 1)); }
pass() { n_pass=$((n_pass + 1)); }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }
finish() {
        printf '%s: %d checks passed, %d failed\n' "$(basename "$0")" "$n_pass" "$n_fail"
        [ "$n_fail" -eq 0 ]
        exit $?
}

# A private scratch directory, removed on exit.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sockact-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Run a command with a time limit; a hang is a failure, not a stuck test suite.
bounded() {
        limit=$1; shift
        timeout -k 5 "$limit" "$@"
}
