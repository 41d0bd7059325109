# shellcheck shell=sh
# SPDX-License-Identifier: MIT
# Shared by the benchmarks (bench-startup.sh, bench-reload.sh, bench-accept.sh); sourced, POSIX sh.
# pick_sockdir falls back to $dir, the caller's scratch directory.

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

# proc_id PID: the start time of process PID (clock ticks after boot), empty if it is gone or a zombie. A PID
# and its start time name one process: a PID that another process took after ours ended is not ours. Shell
# built-ins only (no awk per call): stop_pid polls it every 10 ms.
proc_id() {
        pi_line=""
        { read -r pi_line <"/proc/$1/stat"; } 2>/dev/null || return 0
        # shellcheck disable=SC2086 # the fields after "PID (COMM) ", split on purpose
        set -- ${pi_line##*) }
        [ "$1" != Z ] || return 0
        echo "${20}"
}

# stop_pid PID SIGNAL: send SIGNAL to PID, if it is running, and wait for it to go (at most 10 s, polled every
# 10 ms, which the SIGTERM -> exit figure of bench-startup is taken through); KILL after 5 s. Only the process
# that had PID when called is signalled.
stop_pid() {
        [ -n "$1" ] || return 0
        sp_id=$(proc_id "$1")
        [ -n "$sp_id" ] || return 0
        kill -"$2" "$1" 2>/dev/null || return 0
        sp_i=0
        while [ "$(proc_id "$1")" = "$sp_id" ] && [ "$sp_i" -lt 1000 ]; do
                [ "$sp_i" -eq 500 ] && kill -KILL "$1" 2>/dev/null
                sleep 0.01
                sp_i=$((sp_i + 1))
        done
}

# start_ready COMMAND...: run COMMAND under notify-wait ($NOTIFY_WAIT, with the caller's $LIMIT and $dir), its
# output in $dir/daemon.log, and wait for READY=1 (polled every 50 ms). Sets WAITER_PID, DAEMON_PID (the PID
# that sent READY=1) and READY_T0 (now_ms before the start). Returns 1, after printing the end of the log,
# if READY=1 did not come.
# shellcheck disable=SC2034 # the variables it sets are for the caller
start_ready() {
        rm -f "$dir/ready" "$dir/ready.log"
        READY_T0=$(now_ms)
        "$NOTIFY_WAIT" "$dir/ready" "$LIMIT" -- "$@" >"$dir/daemon.log" 2>&1 &
        WAITER_PID=$!
        sr_i=0
        while [ ! -s "$dir/ready" ] && [ "$sr_i" -lt $((LIMIT * 20 + 20)) ] && kill -0 "$WAITER_PID" 2>/dev/null; do
                sleep 0.05
                sr_i=$((sr_i + 1))
        done
        if [ ! -s "$dir/ready" ]; then
                echo "   sockactd did not become ready; the end of its log:"
                tail -n 5 "$dir/daemon.log"
                return 1
        fi
        DAEMON_PID=$(cat "$dir/ready")
}
