#!/bin/sh
# Run the loader benchmark and check that each search directory is read once (strace, when installed).
# Usage: tests/bench/bench-load.sh BUILDDIR [N]
set -eu
build=${1:?usage: bench-load.sh BUILDDIR [N]}
n=${2:-10000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/sockact-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

make -s -C "$build" tests/bench/bench-load >/dev/null
# Generate the tree once (first run), then measure on a warm page cache, pinned to one core.
"$build/tests/bench/bench-load" "$dir/units" "$n" >/dev/null
echo "== sockact loader: $n socket+service pairs with drop-ins"
taskset -c 0 "$build/tests/bench/bench-load" "$dir/units" "$n"

if command -v strace >/dev/null 2>&1; then
        strace -f -qq -e trace=openat -o "$dir/trace" "$build/tests/bench/bench-load" "$dir/units" "$n" >/dev/null
        for d in "$dir/units/etc" "$dir/units/lib"; do
                # (opendir() or open(O_DIRECTORY) of the directory itself: the listing)
                c=$(grep -c "\"$d\", O_RDONLY[A-Z_|]*O_DIRECTORY" "$dir/trace" || true)
                echo "search directory $d opened $c time(s) for listing"
                [ "$c" -le 2 ] || { echo "FAIL: read more than once"; exit 1; }
        done
fi
