#!/bin/sh
# Replay every fuzz seed (ours and the shared corpus) through the fuzz targets' plain drivers.
. "$(dirname "$0")/lib.sh"

run() {
        target=$1; shift
        if out=$(bounded 300 "$top_builddir/tests/fuzz/$target" "$@" 2>&1); then
                pass
                printf '%s: %s\n' "$target" "$(printf '%s\n' "$out" | tail -n 1)"
        else
                fail "$target $*: exit $?"
                printf '%s\n' "$out" | tail -n 30
        fi
}

run fuzz-unit-parse "$top_srcdir/tests/fuzz/seeds"
run fuzz-unit-load "$top_srcdir/tests/fuzz/seeds"
run fuzz-notify "$top_srcdir/tests/fuzz/seeds-notify"
run fuzz-control "$top_srcdir/tests/fuzz/seeds-control"
if [ -n "${SOCKACT_CORPUS:-}" ] && [ -d "$SOCKACT_CORPUS" ]; then
        run fuzz-unit-parse "$SOCKACT_CORPUS/fuzz-unit-file"
        run fuzz-unit-parse "$SOCKACT_CORPUS/systemd-test-units"
        run fuzz-unit-load "$SOCKACT_CORPUS/fuzz-unit-file"
        run fuzz-env-file "$SOCKACT_CORPUS/fuzz-env-file"
else
        echo "note: the shared corpus was not found at configure time; replayed our own seeds only"
fi
finish
