#!/bin/sh
# SPDX-License-Identifier: MIT
# Start-up benchmark of sockactd (not part of make check; run by `make bench-startup`). Prints a table with
# every figure next to its target and MET/MISSED; the exit status is 0 unless the benchmark could not run.
#   a. N socket units (half TCP on 127.0.0.1, half AF_UNIX; each with a .service), all enabled: time from
#      the exec of sockactd to READY=1 (target < 1 s) and VmRSS right after READY (target < 32 MiB), RUNS runs.
#   b. 10 units: VmRSS after READY (target < 2 MiB), RUNS runs, split into RssAnon/RssFile, with the largest
#      mappings next to those of tests/bench/sd-event-floor: the smallest sd-event daemon linked the same way,
#      i.e. what the libraries cost before any code of sockactd runs.
#   c. the same daemon idle for IDLE_SECONDS under strace: target zero system calls.
#   d. systemd-socket-activate for comparison: VmRSS with 10 listeners, time to listen on N.
# Usage: tests/bench/bench-startup.sh BUILDDIR
# Environment: BENCH_UNITS (10000), BENCH_RUNS (3), IDLE_SECONDS (60), BENCH_TIMEOUT (60 s per start).
set -eu
build=${1:?usage: bench-startup.sh BUILDDIR}
N=${BENCH_UNITS:-10000}
RUNS=${BENCH_RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-60}
LIMIT=${BENCH_TIMEOUT:-60}
SMALL=10
SOCKET_ACTIVATE=${SOCKET_ACTIVATE:-systemd-socket-activate}

case "$N$RUNS$IDLE_SECONDS$LIMIT" in
*[!0-9]*) echo "BENCH_UNITS, BENCH_RUNS, IDLE_SECONDS and BENCH_TIMEOUT must be numbers" >&2; exit 2 ;;
esac
if [ "$N" -lt 2 ] || [ "$N" -gt 50000 ] || [ "$RUNS" -lt 1 ] || [ "$RUNS" -gt 20 ] || [ "$LIMIT" -lt 1 ]; then
        echo "BENCH_UNITS must be 2..50000, BENCH_RUNS 1..20, BENCH_TIMEOUT >= 1" >&2
        exit 2
fi

make -s -C "$build" sockactd tests/tools/notify-wait tests/bench/sd-event-floor >/dev/null
SOCKACTD=$build/sockactd
NOTIFY_WAIT=$build/tests/tools/notify-wait
FLOOR=$build/tests/bench/sd-event-floor

# A short scratch path: AF_UNIX paths are limited to 107 bytes.
dir=$(mktemp -d /tmp/sockact-bench.XXXXXX)
: >"$dir/sockactd.conf"
sockdir=""

# shellcheck source=tests/bench/bench-lib.sh
. "$(dirname "$0")/bench-lib.sh" # now_ms, median, verdict, pick_sockdir, stop_pid, start_ready

# ---- processes: every one we start is recorded and stopped by PID ----
DAEMON_PID=""
WAITER_PID=""
SA_PID=""
SA_WAITER=""

cleanup() {
        # A daemon whose READY=1 never came is still notify-wait's child: find it by the waiter's PID.
        if [ -z "$DAEMON_PID" ] && [ -n "$WAITER_PID" ] && [ -r "/proc/$WAITER_PID/task/$WAITER_PID/children" ]; then
                DAEMON_PID=$(cat "/proc/$WAITER_PID/task/$WAITER_PID/children")
        fi
        for p in $DAEMON_PID $SA_PID; do
                stop_pid "$p" KILL
        done
        for p in $WAITER_PID $SA_WAITER; do
                wait "$p" 2>/dev/null || true
        done
        [ -z "$sockdir" ] || rm -rf "$sockdir"
        rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Modification time of FILE in ms (the kernel's coarse clock: a few ms of granularity).
mtime_ms() {
        t=$(stat -c %.3Y "$1")
        echo "${t%.*}${t#*.}"
}

cpu_ms() { # PID: user+system CPU time so far, in ms (clock-tick resolution)
        awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat" 2>/dev/null || true
}

kib_of() { # PID FIELD: a field of /proc/PID/status in KiB
        awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

rss_by_object() { # PID: "RSS ANON OBJECT" per mapped object (file name, [heap], [stack], [anon]), largest first
        awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6) ? $6 : "[anon]"; sub(".*/", "", name) }
             $1 == "Rss:" { rss[name] += $2 }
             $1 == "Anonymous:" { an[name] += $2 }
             END { for (n in rss) if (rss[n] > 0) printf "%d %d %s\n", rss[n], an[n], n }' \
                "/proc/$1/smaps" 2>/dev/null | sort -rn
}

mib() { # KIB -> MiB with one decimal
        awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

TABLE=$dir/table
: >"$TABLE"
row() { # PART WHAT FIGURE TARGET RESULT
        printf '%-2s %-52s %-30s %-10s %s\n' "$1" "$2" "$3" "$4" "$5" >>"$TABLE"
}

# ---- unit trees ----

# Are the TCP ports BASE..BASE+COUNT-1 unused on this host?
ports_free() { # BASE COUNT
        command -v ss >/dev/null 2>&1 || return 0
        ss -Htan 2>/dev/null | awk -v lo="$1" -v hi="$(($1 + $2 - 1))" '
                { n = split($4, a, ":"); p = a[n] + 0; if (p >= lo && p <= hi) bad = 1 }
                END { exit bad }'
}

# A base port with COUNT free ports below the ephemeral range, or nothing.
pick_ports() { # COUNT
        for base in 10000 15000 20000 25000 5000 2000; do
                [ $((base + $1)) -le 32768 ] || continue
                if ports_free "$base" "$1"; then
                        echo "$base"
                        return 0
                fi
        done
        return 1
}

# UNITDIR COUNT PORTBASE SOCKDIR: COUNT enabled socket units, the first half TCP, the rest AF_UNIX.
gen_units() {
        rm -rf "$1"
        mkdir -p "$1/sockets.target.wants"
        half=$(($2 / 2))
        i=0
        while [ "$i" -lt "$2" ]; do
                if [ "$i" -lt "$half" ]; then
                        addr=127.0.0.1:$(($3 + i))
                else
                        addr=$4/u$i.sock
                fi
                printf '[Unit]\nDescription=Benchmark socket %s\n\n[Socket]\nListenStream=%s\nBacklog=128\n\n[Install]\nWantedBy=sockets.target\n' \
                        "$i" "$addr" >"$1/bench$i.socket"
                printf '[Unit]\nDescription=Benchmark service %s\n\n[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' \
                        "$i" >"$1/bench$i.service"
                i=$((i + 1))
        done
        (cd "$1/sockets.target.wants" && find .. -maxdepth 1 -name '*.socket' -printf '../%f\n' | xargs ln -s -t .)
}

# ---- the daemon ----

# UNITDIR: start sockactd under notify-wait; sets DAEMON_PID, WAITER_PID, START_MS (exec to READY=1) and
# STATUS (the STATUS= it sent with READY=1). Returns 1 if it did not become ready.
start_daemon() {
        start_ready_timed "$SOCKACTD" --user --unit-path="$1" --runtime-dir="$dir/run" --config="$dir/sockactd.conf" \
                --log-target=console
}

# COMMAND...: start_daemon for any program that sends READY=1 (start_ready of bench-lib.sh, and the figures).
start_ready_timed() {
        rm -rf "$dir/run"
        if ! start_ready "$@"; then
                cleanup_waiter
                return 1
        fi
        START_MS=$(($(mtime_ms "$dir/ready") - READY_T0))
        STATUS=$(sed -n 's/^STATUS=//p' "$dir/ready.log" | head -n 1)
}

cleanup_waiter() {
        if [ -z "$DAEMON_PID" ] && [ -r "/proc/$WAITER_PID/task/$WAITER_PID/children" ]; then
                DAEMON_PID=$(cat "/proc/$WAITER_PID/task/$WAITER_PID/children")
        fi
        stop_daemon
}

stop_daemon() {
        stop_pid "$DAEMON_PID" TERM
        [ -z "$WAITER_PID" ] || wait "$WAITER_PID" 2>/dev/null || true
        DAEMON_PID=""
        WAITER_PID=""
}

echo "== sockactd start-up benchmark: $N units, $RUNS runs; $SMALL units idle for ${IDLE_SECONDS}s"
echo "   sockactd: $SOCKACTD ($(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
sockdir=$(pick_sockdir)
echo "   AF_UNIX sockets under $sockdir ($(stat -f -c %T "$sockdir"))"

# ---- the file descriptor limit: the daemon raises its soft limit to the hard limit ----
# This shell's limits (POSIX sh has no ulimit -H): "Max open files SOFT HARD files".
nofile() { # soft|hard
        awk -v f="$1" '/^Max open files/ { print (f == "soft") ? $4 : $5 }' "/proc/$$/limits"
}
need=$((N + 1000))
hard=$(nofile hard)
can_run_a=yes
if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
        echo "   RLIMIT_NOFILE hard limit $hard < $need needed for $N listeners; raising it"
        if prlimit --pid $$ --nofile="$(nofile soft):$need" 2>/dev/null; then
                echo "   raised the hard limit to $(nofile hard)"
        else
                echo "   cannot raise it (prlimit: not permitted without CAP_SYS_RESOURCE): part a cannot run"
                can_run_a=no
        fi
fi
echo "   RLIMIT_NOFILE: soft $(nofile soft), hard $(nofile hard) (sockactd raises its soft limit to the hard one)"

# ---- a. N units ----
half=$((N / 2))
if [ "$can_run_a" = yes ] && base=$(pick_ports "$half"); then
        t0=$(now_ms)
        gen_units "$dir/big" "$N" "$base" "$sockdir/s"
        echo "   generated $N .socket + $N .service files and $N links in $(($(now_ms) - t0)) ms" \
                "(TCP 127.0.0.1:$base-$((base + half - 1)), AF_UNIX $sockdir/s/)"
        times=""
        cpus=""
        rsss=""
        hwms=""
        stops=""
        r=1
        while [ "$r" -le "$RUNS" ]; do
                rm -rf "$sockdir/s"
                if ! start_daemon "$dir/big"; then
                        row a "exec -> READY=1, $N units, run $r" "did not start" "< 1000 ms" MISSED
                        r=$((r + 1))
                        continue
                fi
                cpu=$(cpu_ms "$DAEMON_PID")
                rss=$(kib_of "$DAEMON_PID" VmRSS)
                hwm=$(kib_of "$DAEMON_PID" VmHWM)
                anon=$(kib_of "$DAEMON_PID" RssAnon)
                file=$(kib_of "$DAEMON_PID" RssFile)
                nfd=$(find "/proc/$DAEMON_PID/fd" -mindepth 1 | wc -l)
                echo "   run $r: READY=1 after $START_MS ms (CPU $cpu ms); VmRSS $rss KiB (anon $anon, file $file), VmHWM $hwm KiB," \
                        "$nfd fds; STATUS=$STATUS"
                case "$STATUS" in
                "$N socket unit(s) listening, 0 failed") ;;
                *) echo "   run $r: not every unit listens (a port taken meanwhile?); see below"
                   grep -m 3 -i fail "$dir/daemon.log" || true ;;
                esac
                t1=$(now_ms)
                stop_daemon
                stops="$stops $(($(now_ms) - t1))"
                times="$times $START_MS"
                cpus="$cpus $cpu"
                rsss="$rsss $rss"
                hwms="$hwms $hwm"
                r=$((r + 1))
        done
        if [ -n "$times" ]; then
                # shellcheck disable=SC2086 # word splitting wanted
                {
                        mt=$(median $times)
                        mc=$(median $cpus)
                        mr=$(median $rsss)
                        mh=$(median $hwms)
                        ms=$(median $stops)
                }
                row a "exec -> READY=1, $N units (ms)" "$(echo "${times# }" | tr ' ' /) med $mt" "< 1000" \
                        "$(verdict "$mt" 1000)"
                row a "  CPU time (user+sys) until READY=1 (ms)" "$(echo "${cpus# }" | tr ' ' /) med $mc" "-" \
                        "(info)"
                row a "  SIGTERM -> exit, $N units (ms)" "$(echo "${stops# }" | tr ' ' /) med $ms" "-" "(info)"
                row a "VmRSS after READY, $N units (MiB)" \
                        "$(for k in $rsss; do printf '%s/' "$(mib "$k")"; done | sed 's|/$||') med $(mib "$mr")" \
                        "< 32" "$(verdict "$mr" 32768)"
                row a "  VmHWM (peak RSS) (MiB)" \
                        "$(for k in $hwms; do printf '%s/' "$(mib "$k")"; done | sed 's|/$||') med $(mib "$mh")" \
                        "-" "(info)"
        fi
elif [ "$can_run_a" = yes ]; then
        echo "   no $half free TCP ports below 32768: part a skipped"
        row a "exec -> READY=1, $N units" "not run (no free ports)" "< 1000 ms" "NOT RUN"
else
        row a "exec -> READY=1, $N units" "not run (RLIMIT_NOFILE)" "< 1000 ms" "NOT RUN"
fi

# ---- b. 10 units: memory ----
small_base=$(pick_ports $((SMALL / 2))) || small_base=""
if [ -z "$small_base" ]; then
        echo "   no free TCP ports for part b"
        row b "VmRSS, $SMALL units" "not run (no free ports)" "< 2 MiB" "NOT RUN"
else
        gen_units "$dir/small" "$SMALL" "$small_base" "$sockdir/s10"
        # The floor first: RUNS starts, medians; its mappings are kept for the table below.
        frsss=""
        r=1
        while [ "$r" -le "$RUNS" ] && start_ready_timed "$FLOOR" "$SMALL"; do
                frsss="$frsss $(kib_of "$DAEMON_PID" VmRSS)"
                fanon=$(kib_of "$DAEMON_PID" RssAnon)
                ffile=$(kib_of "$DAEMON_PID" RssFile)
                rss_by_object "$DAEMON_PID" >"$dir/floor.maps"
                stop_daemon
                r=$((r + 1))
        done
        # sockactd RUNS times; the last one stays for part c.
        rsss=""
        r=1
        started=no
        while [ "$r" -le "$RUNS" ]; do
                [ "$started" = no ] || stop_daemon
                rm -rf "$sockdir/s10"
                start_daemon "$dir/small" || { started=no; break; }
                started=yes
                rsss="$rsss $(kib_of "$DAEMON_PID" VmRSS)"
                r=$((r + 1))
        done
        if [ "$started" = yes ]; then
                anon=$(kib_of "$DAEMON_PID" RssAnon)
                file=$(kib_of "$DAEMON_PID" RssFile)
                shmem=$(kib_of "$DAEMON_PID" RssShmem)
                pss=$(awk '$1 == "Pss:" { print $2 }' "/proc/$DAEMON_PID/smaps_rollup" 2>/dev/null || echo "?")
                # shellcheck disable=SC2086 # word splitting wanted
                mr=$(median $rsss)
                echo "   $SMALL units: READY=1 after $START_MS ms; STATUS=$STATUS"
                row b "VmRSS after READY, $SMALL units (KiB)" "$(echo "${rsss# }" | tr ' ' /) med $mr" "< 2048" \
                        "$(verdict "$mr" 2048)"
                row b "  RssAnon / RssFile / RssShmem (KiB, last run)" "$anon / $file / $shmem" "-" "(info)"
                row b "  Pss (smaps_rollup; shared pages divided) (KiB)" "$pss" "-" "(info)"
                if [ -n "$frsss" ]; then
                        # shellcheck disable=SC2086 # word splitting wanted
                        mf=$(median $frsss)
                        row b "  floor: sd-event-floor $SMALL, VmRSS (KiB)" "$(echo "${frsss# }" | tr ' ' /) med $mf" \
                                "-" "(info)"
                        row b "  floor: RssAnon / RssFile (KiB, last run)" "$fanon / $ffile" "-" "(info)"
                        row b "  sockactd above the floor (KiB)" "$(awk -v a="$mr" -v b="$mf" 'BEGIN { print a - b }')" \
                                "-" "(info)"
                else
                        : >"$dir/floor.maps"
                fi
                echo "   sockactd's NEEDED: $(readelf -d "$SOCKACTD" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
                echo "   mappings of the $SMALL-unit daemon and of the floor (Rss KiB by object; anon part in brackets):"
                rss_by_object "$DAEMON_PID" >"$dir/daemon.maps"
                awk -v floor="$dir/floor.maps" '
                     BEGIN { while ((getline l < floor) > 0) { split(l, a, " "); f[a[3]] = a[1]; fa[a[3]] = a[2] }
                             printf "     %-14s %-14s %s\n", "sockactd", "floor", "object" }
                     { printf "     %6d (%4d)  %-14s %s\n", $1, $2, ($3 in f) ? sprintf("%6d (%4d)", f[$3], fa[$3]) : "     -", $3
                       seen[$3] = 1 }
                     END { for (n in f) if (!(n in seen)) printf "     %-14s %6d (%4d)  %s\n", "     -", f[n], fa[n], n }' \
                        "$dir/daemon.maps"

                # ---- c. idle ----
                # Let it reach its event loop (READY=1 is sent just before), then count context switches
                # without ptrace: a process that makes no system call is never switched.
                sleep 1
                win=$((IDLE_SECONDS < 10 ? IDLE_SECONDS : 10))
                cs0=$(awk '/ctxt_switches/ { s += $2 } END { print s }' "/proc/$DAEMON_PID/status")
                sleep "$win"
                cs1=$(awk '/ctxt_switches/ { s += $2 } END { print s }' "/proc/$DAEMON_PID/status")
                if ! command -v strace >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
                        echo "   installing strace (apt-get)"
                        timeout 300 apt-get install -y -qq strace >/dev/null 2>&1 || echo "   apt-get install strace failed"
                fi
                if command -v strace >/dev/null 2>&1; then
                        rc=0
                        timeout -k 5 -s INT "$IDLE_SECONDS" strace -f -tt -p "$DAEMON_PID" -o "$dir/idle.trace" \
                                2>"$dir/strace.err" || rc=$?
                        if [ ! -s "$dir/idle.trace" ] && [ -s "$dir/strace.err" ]; then
                                echo "   strace failed ($rc):"; head -n 3 "$dir/strace.err"
                                row c "syscalls while idle ${IDLE_SECONDS}s" "strace failed" "0" "NOT RUN"
                        else
                                # Attaching stops the daemon, and a stopped epoll_wait() returns EINTR when resumed
                                # (signal(7)): the loop goes round once (sd_event_prepare()'s gettid()) and blocks
                                # again. That round is strace's doing; every line after the first epoll_wait() and
                                # that epoll_wait() returning are the daemon's own activity.
                                awk '!seen && /epoll_wait\(/ { seen = 1; if ($0 ~ /\) += /) late++; else blocked = 1; next }
                                     !seen { early++; next }
                                     NF { late++ }
                                     END { print early + 0, late + 0, seen + 0, blocked + 0 }' \
                                        "$dir/idle.trace" >"$dir/idle.count"
                                read -r early late seen blocked <"$dir/idle.count"
                                echo "   idle ${IDLE_SECONDS}s under strace -f -p $DAEMON_PID ($(wc -l <"$dir/idle.trace") lines;" \
                                        "$early before the first epoll_wait() are the attach's loop round):"
                                head -n 8 "$dir/idle.trace" | sed 's/^/     /'
                                if [ "$seen" -eq 0 ]; then
                                        row c "syscalls while idle ${IDLE_SECONDS}s (strace)" "no epoll_wait seen" "0" MISSED
                                else
                                        row c "syscalls while idle ${IDLE_SECONDS}s (strace)" \
                                                "$late (+$early at attach, $blocked blocked)" "0" \
                                                "$([ "$late" -eq 0 ] && echo MET || echo MISSED)"
                                fi
                        fi
                else
                        echo "   strace is not installed (Debian package strace; needs root to install): part c's strace skipped"
                        row c "syscalls while idle" "not run (no strace)" "0" "NOT RUN"
                fi
                row c "  context switches while idle ${win}s (no strace)" "$((cs1 - cs0))" "0" \
                        "$([ $((cs1 - cs0)) -eq 0 ] && echo MET || echo MISSED)"
                stop_daemon
        else
                row b "VmRSS, $SMALL units" "did not start" "< 2 MiB" MISSED
        fi
fi

# ---- d. systemd-socket-activate ----

listening_count() { # the "Listening on" lines in sa.log so far (0 before it exists)
        c=$(grep -c '^Listening on' "$dir/sa.log" 2>/dev/null) || true
        echo "${c:-0}"
}

# COUNT PORTBASE SOCKDIR: run systemd-socket-activate on COUNT listeners (same split as gen_units) until
# it listens on all of them, failed, or LIMIT s passed. Sets SA_MS, SA_RSS, SA_RESULT.
run_socket_activate() {
        rm -rf "$3" "$dir/sa.log" "$dir/sa.pid"
        mkdir -p "$3"
        i=0
        half=$(($1 / 2))
        while [ "$i" -lt "$1" ]; do
                if [ "$i" -lt "$half" ]; then echo "-l"; echo "127.0.0.1:$(($2 + i))"
                else echo "-l"; echo "$3/u$i.sock"; fi
                i=$((i + 1))
        done >"$dir/sa.args"
        echo /bin/true >>"$dir/sa.args"
        t0=$(now_ms)
        # One process for all listeners: xargs -x fails rather than split the command line.
        # shellcheck disable=SC2016 # $$ and $@ are for the inner shell
        xargs -x -s 2000000 -d '\n' -a "$dir/sa.args" \
                sh -c 'echo $$ >"$0.pid"; exec "$@"' "$dir/sa" "$SOCKET_ACTIVATE" \
                >"$dir/sa.log" 2>&1 </dev/null &
        SA_WAITER=$!
        SA_PID=""
        i=0
        # sa.log and sa.pid appear only once the background job runs: until then 0 listen and the PID is unknown.
        while [ "$i" -lt $((LIMIT * 20)) ] && kill -0 "$SA_WAITER" 2>/dev/null; do
                [ -n "$SA_PID" ] || SA_PID=$(cat "$dir/sa.pid" 2>/dev/null || true)
                [ "$(listening_count)" -lt "$1" ] || break
                sleep 0.05
                i=$((i + 1))
        done
        [ -n "$SA_PID" ] || SA_PID=$(cat "$dir/sa.pid" 2>/dev/null || true)
        [ -n "$SA_PID" ] || SA_PID=$(cat "/proc/$SA_WAITER/task/$SA_WAITER/children" 2>/dev/null || true)
        n=$(listening_count)
        SA_MS=0
        [ ! -e "$dir/sa.log" ] || SA_MS=$(($(mtime_ms "$dir/sa.log") - t0))
        SA_RSS=""
        if [ "$n" -ge "$1" ] && [ -n "$SA_PID" ] && kill -0 "$SA_PID" 2>/dev/null; then
                sleep 0.2 # from the last "Listening on" line to its epoll_wait()
                SA_RSS=$(kib_of "$SA_PID" VmRSS)
                SA_ANON=$(kib_of "$SA_PID" RssAnon)
                SA_FILE=$(kib_of "$SA_PID" RssFile)
                SA_RESULT="listening on $n"
        elif kill -0 "$SA_WAITER" 2>/dev/null; then
                SA_RESULT="only $n listening after ${LIMIT}s"
        else
                SA_RESULT="exited: $(grep -v '^Listening on' "$dir/sa.log" | head -n 1) (soft RLIMIT_NOFILE $(nofile soft))"
        fi
        stop_pid "$SA_PID" TERM
        [ -n "$SA_PID" ] || stop_pid "$SA_WAITER" TERM # never started: do not wait for it forever
        wait "$SA_WAITER" 2>/dev/null || true
        SA_PID=""
        SA_WAITER=""
        rm -rf "$3"
}

if command -v "$SOCKET_ACTIVATE" >/dev/null 2>&1; then
        if base=$(pick_ports $((SMALL / 2))); then
                run_socket_activate "$SMALL" "$base" "$sockdir/sa10"
                echo "   $SOCKET_ACTIVATE, $SMALL listeners: $SA_RESULT"
                row d "$SOCKET_ACTIVATE VmRSS, $SMALL listeners (KiB)" "${SA_RSS:-?}" "(cmp b)" "(info)"
                [ -z "$SA_RSS" ] || row d "  RssAnon / RssFile (KiB)" "$SA_ANON / $SA_FILE" "-" "(info)"
        fi
        if base=$(pick_ports "$half"); then
                run_socket_activate "$N" "$base" "$sockdir/sa"
                echo "   $SOCKET_ACTIVATE, $N listeners: $SA_RESULT after $SA_MS ms"
                row d "$SOCKET_ACTIVATE, $N listeners (ms)" "$SA_MS ($SA_RESULT)" "(cmp a)" "(info)"
                [ -z "$SA_RSS" ] || row d "$SOCKET_ACTIVATE VmRSS, $N listeners (MiB)" "$(mib "$SA_RSS")" \
                        "(cmp a)" "(info)"
        fi
else
        echo "   $SOCKET_ACTIVATE is not installed: part d skipped"
fi

echo
printf '%-2s %-52s %-30s %-10s %s\n' "" "measurement" "figure (runs; median)" "target" "result"
cat "$TABLE"
