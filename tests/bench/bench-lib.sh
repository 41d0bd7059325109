# shellcheck shell=sh
# SPDX-License-Identifier: MIT
# Shared by the benchmarks that start sockactd on generated unit trees (bench-startup.sh, bench-reload.sh);
# sourced, POSIX sh. pick_sockdir falls back to $dir, the caller's scratch directory.

now_ms() {
        t=$(date +%s%N)
        echo $((t / 1000000))
}

median() { # values...
        printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

verdict() { # VALUE LIMIT: MET when VALUE < LIMIT
        awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 < l + 0) ? "MET" : "MISSED" }'
}

# The AF_UNIX sockets go to a tmpfs, as /run is in production: on a disk file system, creating a node per
# bind() costs more (on ext4, re-creating 5,000 just-deleted nodes took ~0.7 ms per bind() here).
# BENCH_SOCKDIR=DIR overrides.
pick_sockdir() {
        if [ -n "${BENCH_SOCKDIR:-}" ]; then
                mktemp -d "$BENCH_SOCKDIR/sockact-bench.XXXXXX"
                return
        fi
        for d in "${XDG_RUNTIME_DIR:-/nonexistent}" /dev/shm /run; do
                if [ -d "$d" ] && [ -w "$d" ] && [ "$(stat -f -c %T "$d" 2>/dev/null)" = tmpfs ]; then
                        mktemp -d "$d/sockact-bench.XXXXXX" && return
                fi
        done
        echo "${dir:?}" # the caller's scratch directory
}
