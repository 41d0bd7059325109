#!/bin/sh
# SPDX-License-Identifier: MIT
# Reload benchmark of sockactd (not part of make check; run by `make bench-reload`). N socket units (half TCP on
# 127.0.0.1, half AF_UNIX; each with a .service; all enabled: the tree bench-startup.sh generates), the daemon
# started on them; then, RUNS times: one unit file changed (its Backlog=, so its listener is re-created),
# SIGHUP, and the time the reload took as the daemon logs it ("Reloaded in X ms", from the signal's dispatch to
# the end of the reload). Target: < 100 ms with 10,000 units. Also shown: the CPU time the daemon spent on
# it (the wall time on a busy machine includes waiting for a CPU), reloads with nothing changed, and the time
# from kill -HUP to the log line as seen from this shell (a few ms of polling included). Then, with the same
# daemon: `sockactctl list-sockets` (one row per listener; target < 200 ms with 10,000 units) and
# `sockactctl reload`, timed from this shell (the whole command: start, connect, call, print, exit).
# Prints a table with each figure next to its target and MET/MISSED; the exit status is 0 unless the
# benchmark could not run.
# Usage: tests/bench/bench-reload.sh BUILDDIR
# Environment: BENCH_UNITS (10000), BENCH_RUNS (5), BENCH_TIMEOUT (60 s for the start-up).
set -eu
build=${1:?usage: bench-reload.sh BUILDDIR}
N=${BENCH_UNITS:-10000}
RUNS=${BENCH_RUNS:-5}
LIMIT=${BENCH_TIMEOUT:-60}
TARGET_MS=100

case "$N$RUNS$LIMIT" in
*[!0-9]*) echo "BENCH_UNITS, BENCH_RUNS and BENCH_TIMEOUT must be numbers" >&2; exit 2 ;;
esac
if [ "$N" -lt 2 ] || [ "$N" -gt 50000 ] || [ "$RUNS" -lt 1 ] || [ "$RUNS" -gt 50 ] || [ "$LIMIT" -lt 1 ]; then
        echo "BENCH_UNITS must be 2..50000, BENCH_RUNS 1..50, BENCH_TIMEOUT >= 1" >&2
        exit 2
fi

make -s -C "$build" sockactd sockactctl tests/tools/notify-wait >/dev/null
SOCKACTD=$build/sockactd
SOCKACTCTL=$build/sockactctl
NOTIFY_WAIT=$build/tests/tools/notify-wait

dir=$(mktemp -d /tmp/sockact-bench.XXXXXX)
: >"$dir/sockactd.conf"
sockdir=""
DAEMON_PID=""
WAITER_PID=""

cleanup() {
        if [ -z "$DAEMON_PID" ] && [ -n "$WAITER_PID" ] && [ -r "/proc/$WAITER_PID/task/$WAITER_PID/children" ]; then
                DAEMON_PID=$(cat "/proc/$WAITER_PID/task/$WAITER_PID/children")
        fi
        stop_pid "$DAEMON_PID" TERM
        [ -z "$WAITER_PID" ] || wait "$WAITER_PID" 2>/dev/null || true
        [ -z "$sockdir" ] || rm -rf "$sockdir"
        rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=tests/bench/bench-lib.sh
. "$(dirname "$0")/bench-lib.sh" # now_ms, median, verdict, pick_sockdir, stop_pid, start_ready

TABLE=$dir/table
: >"$TABLE"
row() { # WHAT FIGURE TARGET RESULT
        printf '%-50s %-40s %-8s %s\n' "$1" "$2" "$3" "$4" >>"$TABLE"
}

# ---- the unit tree (as bench-startup.sh makes it) ----

ports_free() { # BASE COUNT
        command -v ss >/dev/null 2>&1 || return 0
        ss -Htan 2>/dev/null | awk -v lo="$1" -v hi="$(($1 + $2 - 1))" '
                { n = split($4, a, ":"); p = a[n] + 0; if (p >= lo && p <= hi) bad = 1 }
                END { exit bad }'
}

pick_ports() { # COUNT: a base port with COUNT free ports below the ephemeral range
        for base in 10000 15000 20000 25000 5000 2000; do
                [ $((base + $1)) -le 32768 ] || continue
                if ports_free "$base" "$1"; then
                        echo "$base"
                        return 0
                fi
        done
        return 1
}

socket_unit() { # I ADDRESS BACKLOG
        printf '[Unit]\nDescription=Benchmark socket %s\n\n[Socket]\nListenStream=%s\nBacklog=%s\n\n[Install]\nWantedBy=sockets.target\n' \
                "$1" "$2" "$3"
}

address_of() { # I
        if [ "$1" -lt $((N / 2)) ]; then echo "127.0.0.1:$((base + $1))"; else echo "$sockdir/s/u$1.sock"; fi
}

# UNITDIR: N enabled socket units, the first half TCP, the rest AF_UNIX, each with its service.
gen_units() {
        rm -rf "$1"
        mkdir -p "$1/sockets.target.wants"
        i=0
        while [ "$i" -lt "$N" ]; do
                socket_unit "$i" "$(address_of "$i")" 128 >"$1/bench$i.socket"
                printf '[Unit]\nDescription=Benchmark service %s\n\n[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' \
                        "$i" >"$1/bench$i.service"
                i=$((i + 1))
        done
        (cd "$1/sockets.target.wants" && find .. -maxdepth 1 -name '*.socket' -printf '../%f\n' | xargs ln -s -t .)
}

nofile() { # soft|hard: this shell's RLIMIT_NOFILE
        awk -v f="$1" '/^Max open files/ { print (f == "soft") ? $4 : $5 }' "/proc/$$/limits"
}

n_reloads() { c=$(grep -c 'Reloaded in' "$dir/daemon.log" 2>/dev/null) || true; echo "${c:-0}"; }

# Send SIGHUP and wait (at most 30 s) for the next "Reloaded in" line; sets RELOAD_MS (the daemon's figure),
# RELOAD_CPU (the daemon's CPU time in it), SEEN_MS (kill -> line seen here) and RELOAD_LINE.
reload() {
        want=$(($(n_reloads) + 1))
        t0=$(now_ms)
        kill -HUP "$DAEMON_PID"
        k=0
        while [ "$(n_reloads)" -lt "$want" ] && [ "$k" -lt 30000 ]; do
                k=$((k + 1))
        done
        SEEN_MS=$(($(now_ms) - t0))
        [ "$(n_reloads)" -ge "$want" ] || return 1
        RELOAD_LINE=$(grep 'Reloaded in' "$dir/daemon.log" | tail -n 1)
        RELOAD_MS=$(echo "$RELOAD_LINE" | sed -n 's/.*Reloaded in \([0-9.]*\) ms.*/\1/p')
        RELOAD_CPU=$(echo "$RELOAD_LINE" | sed -n 's/.*(CPU \([0-9.]*\) ms).*/\1/p')
}

echo "== sockactd reload benchmark: $N units, $RUNS runs"
echo "   sockactd: $SOCKACTD ($(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
need=$((N + 1000))
hard=$(nofile hard)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
        prlimit --pid $$ --nofile="$(nofile soft):$need" 2>/dev/null ||
                { echo "   RLIMIT_NOFILE hard limit $hard < $need and cannot be raised: not run"; exit 1; }
fi
half=$((N / 2))
base=$(pick_ports "$half") || { echo "   no $half free TCP ports below 32768: not run"; exit 1; }
sockdir=$(pick_sockdir)
t0=$(now_ms)
gen_units "$dir/units"
echo "   generated $N .socket + $N .service files and $N links in $(($(now_ms) - t0)) ms" \
        "(TCP 127.0.0.1:$base-$((base + half - 1)), AF_UNIX $sockdir/s/ on $(stat -f -c %T "$sockdir"))"
# Unit files changed less than 2 s before the daemon read them are read again at the next reload (a change
# in the same tick of the file-time clock would not show, see unit_loader_unit_is_current()). Files on a
# real system are older than that: wait it out.
sleep 2.1

start_ready "$SOCKACTD" --user --unit-path="$dir/units" --runtime-dir="$dir/run" \
        --config="$dir/sockactd.conf" --log-target=console --log-level=info || exit 1
echo "   READY=1 after $(($(now_ms) - READY_T0)) ms: $(sed -n 's/^STATUS=//p' "$dir/ready.log" | head -n 1)"

# Nothing changed.
idle=""
r=1
while [ "$r" -le "$RUNS" ]; do
        reload || { echo "   reload did not finish"; exit 1; }
        idle="$idle $RELOAD_MS"
        r=$((r + 1))
done
echo "   nothing changed: $RELOAD_LINE"

# One unit changed per run: a TCP one, then an AF_UNIX one, and so on.
times=""
cpus=""
seen=""
r=1
while [ "$r" -le "$RUNS" ]; do
        if [ $((r % 2)) -eq 1 ]; then u=$((r * 7 % half)); else u=$((half + r * 7 % (N - half))); fi
        socket_unit "$u" "$(address_of "$u")" $((128 + r)) >"$dir/units/bench$u.socket"
        reload || { echo "   reload did not finish"; exit 1; }
        echo "   run $r: changed bench$u.socket (Backlog=$((128 + r))): $RELOAD_LINE; seen after $SEEN_MS ms"
        grep -q "bench$u.socket: Listener settings changed" "$dir/daemon.log" ||
                echo "   run $r: bench$u.socket was not re-created!"
        times="$times $RELOAD_MS"
        cpus="$cpus $RELOAD_CPU"
        seen="$seen $SEEN_MS"
        r=$((r + 1))
done
# sockactctl against the same daemon: list-sockets (every listener, one row each) and reload, both as a user
# runs them (connect, call, format, exit).
lists=""
ctlreloads=""
r=1
while [ "$r" -le "$RUNS" ]; do
        t0=$(now_ms)
        "$SOCKACTCTL" --user --runtime-dir="$dir/run" --no-legend list-sockets >"$dir/list.out" ||
                { echo "   sockactctl list-sockets failed"; exit 1; }
        lists="$lists $(($(now_ms) - t0))"
        t0=$(now_ms)
        "$SOCKACTCTL" --user --runtime-dir="$dir/run" reload || { echo "   sockactctl reload failed"; exit 1; }
        ctlreloads="$ctlreloads $(($(now_ms) - t0))"
        r=$((r + 1))
done
rows=$(wc -l <"$dir/list.out")
echo "   sockactctl list-sockets printed $rows rows"
[ "$rows" -eq "$N" ] || echo "   list-sockets: expected $N rows!"

failed=$(grep -c 'Failed' "$dir/daemon.log" || true)
[ "$failed" -eq 0 ] || { echo "   the daemon log has $failed failure line(s):"; grep -m 3 Failed "$dir/daemon.log"; }
echo "   sockactd: VmRSS $(awk '$1 == "VmRSS:" { print $2 }' "/proc/$DAEMON_PID/status") KiB," \
        "$(find "/proc/$DAEMON_PID/fd" -mindepth 1 | wc -l) fds"

# shellcheck disable=SC2086 # word splitting wanted
{
        mt=$(median $times)
        mc=$(median $cpus)
        mi=$(median $idle)
        ms=$(median $seen)
        ml=$(median $lists)
        mr=$(median $ctlreloads)
}
row "reload, 1 of $N units changed (ms, daemon's own)" "$(echo "${times# }" | tr ' ' /) med $mt" "< $TARGET_MS" \
        "$(verdict "$mt" "$TARGET_MS")"
row "  its CPU time (ms)" "$(echo "${cpus# }" | tr ' ' /) med $mc" "-" "(info)"
row "  reload, nothing changed (ms)" "$(echo "${idle# }" | tr ' ' /) med $mi" "-" "(info)"
row "  kill -HUP -> log line seen by the shell (ms)" "$(echo "${seen# }" | tr ' ' /) med $ms" "-" "(info)"
row "sockactctl list-sockets, $N listeners (ms)" "$(echo "${lists# }" | tr ' ' /) med $ml" "< 200" "$(verdict "$ml" 200)"
row "  sockactctl reload, nothing changed (ms)" "$(echo "${ctlreloads# }" | tr ' ' /) med $mr" "-" "(info)"
echo
printf '%-50s %-40s %-8s %s\n' "measurement" "figure (runs; median)" "target" "result"
cat "$TABLE"
