#!/bin/sh
# SPDX-License-Identifier: MIT
# Per-connection benchmark of sockactd against inetd-style peers (not part of make check; run by
# `make bench-accept`). Prints one table from one run, every figure a median over the rounds, and MET/MISSED
# next to each target; the exit status is 0 unless the benchmark could not run.
#   Accept=yes: every supervisor spawns tests/bench/echo-once (static; reads once, writes it back, exits) per
#     connection on 127.0.0.1: sockactd (bench.socket Accept=yes + bench@.service StandardInput=socket), xinetd
#     (-dontfork, private config), tcpserver (ucspi-tcp), systemd-socket-activate --accept --inetd, and
#     tests/bench/bare-loop (accept + vfork/exec, the physical limit). tests/bench/bench-client makes N
#     connections at concurrency 1 and 8 (connect, write, read to EOF) and reports conn/s and p50/p99 latency;
#     the supervisor's own CPU time per connection is utime+stime (/proc/PID/stat fields 14+15) before and after,
#     divided by the connections. Peers alternate: every round runs every peer at each concurrency, the starting
#     peer rotating per round.
#   Accept=no: first-connection latency (connect -> EOF) of a service started by that connection
#     (tests/tools/listen-echo), sockactd against systemd-socket-activate, a fresh supervisor for every run.
# Targets: Accept=yes conn/s >= the best peer's and >= 0.9 x the bare loop at both concurrencies; supervisor CPU
# per connection <= half the best (lowest) peer's; Accept=no first connection no slower than
# systemd-socket-activate (medians).
# Peers missing from PATH are installed with apt-get when running as root (Debian packages xinetd, ucspi-tcp);
# otherwise they are skipped with a message. systemd-socket-activate ships with systemd.
# Usage: tests/bench/bench-accept.sh BUILDDIR
# Environment: BENCH_CONNS (2000 per run), BENCH_ROUNDS (3), BENCH_FIRST_RUNS (10 Accept=no runs per peer),
#   BENCH_TIMEOUT (60 s per client run or start), BENCH_PROFILE (0; 1: after the table, profile sockactd during
#   one more run at concurrency 8 with strace -c and, when it works, perf), BENCH_SOCKACTD (the sockactd to
#   measure instead of BUILDDIR's, e.g. an experimental build).
set -eu
build=${1:?usage: bench-accept.sh BUILDDIR}
CONNS=${BENCH_CONNS:-2000}
ROUNDS=${BENCH_ROUNDS:-3}
FIRST_RUNS=${BENCH_FIRST_RUNS:-10}
LIMIT=${BENCH_TIMEOUT:-60}
PROFILE=${BENCH_PROFILE:-0}
CONCURRENCIES="1 8"
SOCKET_ACTIVATE=${SOCKET_ACTIVATE:-systemd-socket-activate}

case "$CONNS$ROUNDS$FIRST_RUNS$LIMIT$PROFILE" in
*[!0-9]*) echo "BENCH_CONNS, BENCH_ROUNDS, BENCH_FIRST_RUNS, BENCH_TIMEOUT and BENCH_PROFILE must be numbers" >&2
          exit 2 ;;
esac
if [ "$CONNS" -lt 10 ] || [ "$CONNS" -gt 100000 ] || [ "$ROUNDS" -lt 1 ] || [ "$ROUNDS" -gt 20 ] ||
   [ "$FIRST_RUNS" -lt 1 ] || [ "$FIRST_RUNS" -gt 200 ] || [ "$LIMIT" -lt 1 ] || [ "$LIMIT" -gt 3600 ]; then
        echo "BENCH_CONNS must be 10..100000, BENCH_ROUNDS 1..20, BENCH_FIRST_RUNS 1..200, BENCH_TIMEOUT 1..3600" >&2
        exit 2
fi
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$build" && pwd)

dir=$(mktemp -d /tmp/sockact-bench-accept.XXXXXX)

# ---- processes: every one we start is recorded and stopped by PID ----
PIDS=""     # supervisors (and notify-wait wrappers) still to stop
PROF_PIDS=""

# shellcheck source=tests/bench/bench-lib.sh
. "$srcdir/tests/bench/bench-lib.sh" # proc_id, stop_pid (its median is replaced below)

# Is PID running? A zombie is not: our own children stay zombies until `wait`.
running() { # PID
        [ -n "$(proc_id "$1")" ]
}

forget_pid() { # PID
        PIDS=$(for p in $PIDS; do [ "$p" = "$1" ] || printf '%s ' "$p"; done)
}

cleanup() {
        for p in $PROF_PIDS; do
                stop_pid "$p" INT
        done
        for p in $PIDS; do
                stop_pid "$p" TERM
        done
        for p in $PIDS $PROF_PIDS; do
                wait "$p" 2>/dev/null || true
        done
        rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

HZ=$(getconf CLK_TCK)

ticks() { # PID: utime+stime in clock ticks ("" once the process is gone)
        awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || true
}

# Wait until PID has no live child (zombies do not count: the bare loop reaps on its next accept), at most 5 s,
# then a little more for the supervisor to finish its bookkeeping (SIGCHLD, unit clean-up).
settle() { # PID
        se_i=0
        while [ "$se_i" -lt 50 ]; do
                se_live=0
                # shellcheck disable=SC2013 # the children files hold space-separated PIDs
                for se_child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
                        se_st=$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$se_child/stat" 2>/dev/null || echo Z)
                        [ "$se_st" = Z ] || se_live=$((se_live + 1))
                done
                [ "$se_live" -eq 0 ] && break
                sleep 0.1
                se_i=$((se_i + 1))
        done
        sleep 0.2
}

median() { # values...
        printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
                END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]
                      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

field() { # LINE KEY: value of KEY=VALUE in a bench-client result line
        printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# ---- the programs ----
if ! make -s -C "$build" sockactd tests/tools/notify-wait tests/tools/listen-echo >"$dir/make.log" 2>&1; then
        cat "$dir/make.log" >&2
        exit 1
fi
SOCKACTD=${BENCH_SOCKACTD:-$build/sockactd}
NOTIFY_WAIT=$build/tests/tools/notify-wait
LISTEN_ECHO=$build/tests/tools/listen-echo
bindir=$build/tests/bench
# A build tree whose Makefile predates mk/bench2.am (make's implicit rules would build them, but without
# -static): build them here.
if ! grep -q 'tests_bench_echo_once_LDFLAGS' "$build/Makefile" 2>/dev/null ||
   ! make -s -C "$build" tests/bench/bench-client tests/bench/bare-loop tests/bench/echo-once >"$dir/make.log" 2>&1; then
        bindir=$dir/bin
        mkdir -p "$bindir"
        CC=${CC:-cc}
        $CC -std=gnu11 -O2 -pthread -o "$bindir/bench-client" "$srcdir/tests/bench/bench-client.c"
        $CC -std=gnu11 -O2 -o "$bindir/bare-loop" "$srcdir/tests/bench/bare-loop.c"
        $CC -std=gnu11 -O2 -static -o "$bindir/echo-once" "$srcdir/tests/bench/echo-once.c" 2>/dev/null ||
                $CC -std=gnu11 -O2 -o "$bindir/echo-once" "$srcdir/tests/bench/echo-once.c"
        echo "   (bench programs built in $bindir: $build has no rules for them)"
fi
CLIENT=$bindir/bench-client
BARE=$bindir/bare-loop
ECHO=$bindir/echo-once

echo "== Accept=yes/no benchmark: $CONNS connections per run, concurrency $CONCURRENCIES, $ROUNDS rounds;" \
        "$FIRST_RUNS Accept=no first connections"
echo "   $(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); CLK_TCK $HZ"
# sockactd's services lead sessions of their own (setsid(), as under systemd); with scheduler autogroups
# on and outside a cpu cgroup each session is scheduled as a group of its own, felt on a saturated CPU.
autogroup=$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo -)
cpu_cgroup=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ || $2 == "" { print $3; exit }' /proc/self/cgroup 2>/dev/null || true)
echo "   kernel.sched_autogroup_enabled=$autogroup, cpu cgroup ${cpu_cgroup:-?}"
if grep -Eq '^SANITIZER_CFLAGS = .*-fsanitize' "$build/Makefile" 2>/dev/null ||
   grep -Eq '^WARN_CFLAGS = .*-O0' "$build/Makefile" 2>/dev/null; then
        echo "   WARNING: $build is a sanitizer or --enable-debug (-O0) build: sockactd's figures are not representative"
fi

# ---- the peers ----
have() { command -v "$1" >/dev/null 2>&1; }
if ! have xinetd || ! have tcpserver; then
        if [ "$(id -u)" -eq 0 ] && have apt-get; then
                echo "   installing the missing peers with apt-get (Debian packages xinetd ucspi-tcp; running as root)"
                export DEBIAN_FRONTEND=noninteractive
                if ! timeout 300 apt-get install -y -qq --no-install-recommends xinetd ucspi-tcp >"$dir/apt.log" 2>&1; then
                        timeout 300 apt-get update -qq >>"$dir/apt.log" 2>&1 || true
                        timeout 300 apt-get install -y -qq --no-install-recommends xinetd ucspi-tcp \
                                >>"$dir/apt.log" 2>&1 || { echo "   apt-get install failed:"; tail -n 3 "$dir/apt.log"; }
                fi
        else
                echo "   not root (or no apt-get): cannot install xinetd/ucspi-tcp; missing ones are skipped"
        fi
fi
PEERS="bare sockactd"
for p in xinetd tcpserver; do
        if have "$p"; then PEERS="$PEERS $p"; else echo "   $p is not installed: skipped"; fi
done
if have "$SOCKET_ACTIVATE"; then PEERS="$PEERS ssa"; else echo "   $SOCKET_ACTIVATE is not installed: skipped"; fi

label() {
        case "$1" in
        bare) echo "bare accept+vfork/exec loop" ;;
        sockactd) echo "sockactd" ;;
        xinetd) echo "xinetd" ;;
        tcpserver) echo "tcpserver" ;;
        ssa) echo "systemd-socket-activate --accept --inetd" ;;
        esac
}

version_of() {
        case "$1" in
        sockactd) "$SOCKACTD" --version 2>/dev/null | head -n 1 ;;
        xinetd) xinetd -version 2>&1 | head -n 1 ;;
        tcpserver) dpkg-query -W -f='ucspi-tcp ${Version}' ucspi-tcp 2>/dev/null || echo "?" ;;
        ssa) "$SOCKET_ACTIVATE" --version 2>/dev/null | head -n 1 ;;
        bare) echo "tests/bench/bare-loop" ;;
        esac
}

# Are the TCP ports BASE..BASE+COUNT-1 unused on this host?
ports_free() { # BASE COUNT
        have ss || return 0
        ss -Htan 2>/dev/null | awk -v lo="$1" -v hi="$(($1 + $2 - 1))" '
                { n = split($4, a, ":"); p = a[n] + 0; if (p >= lo && p <= hi) bad = 1 }
                END { exit bad }'
}
base=""
for b in 19100 21100 23100 25100 12100 8100; do
        if ports_free "$b" 10; then
                base=$b
                break
        fi
done
[ -n "$base" ] || { echo "no 10 free TCP ports found" >&2; exit 1; }
port_of() {
        case "$1" in
        bare) echo "$base" ;;
        sockactd) echo $((base + 1)) ;;
        xinetd) echo $((base + 2)) ;;
        tcpserver) echo $((base + 3)) ;;
        ssa) echo $((base + 4)) ;;
        first-sockactd) echo $((base + 5)) ;;
        first-ssa) echo $((base + 6)) ;;
        esac
}

: >"$dir/sockactd.conf"

# sockactd under notify-wait: UNITDIR RUNDIR LOG; sets DPID (sockactd) and WPID (the wrapper); 1 on failure.
start_sockactd() {
        rm -rf "$2" "$2.ready" "$2.ready.log"
        "$NOTIFY_WAIT" "$2.ready" "$LIMIT" -- "$SOCKACTD" --user --unit-path="$1" --runtime-dir="$2" \
                --config="$dir/sockactd.conf" --log-target=console >"$3" 2>&1 &
        WPID=$!
        PIDS="$PIDS $WPID"
        DPID=""
        ss_i=0
        while [ ! -s "$2.ready" ] && [ "$ss_i" -lt $((LIMIT * 100)) ] && running "$WPID"; do
                sleep 0.01
                ss_i=$((ss_i + 1))
        done
        if [ ! -s "$2.ready" ]; then
                DPID=$(cat "/proc/$WPID/task/$WPID/children" 2>/dev/null || true)
                stop_pid "$DPID" KILL
                stop_pid "$WPID" TERM
                wait "$WPID" 2>/dev/null || true
                forget_pid "$WPID"
                echo "   sockactd did not become ready; the end of its log:"
                tail -n 5 "$3"
                return 1
        fi
        DPID=$(cat "$2.ready")
        PIDS="$PIDS $DPID"
}

# Start the Accept=yes supervisor PEER; sets SUP_<peer> to the PID whose CPU time counts.
start_peer() { # PEER
        port=$(port_of "$1")
        case "$1" in
        bare)
                "$BARE" 127.0.0.1 "$port" "$ECHO" >"$dir/bare.log" 2>&1 &
                pid=$!
                PIDS="$PIDS $pid" ;;
        sockactd)
                u=$dir/units-yes
                mkdir -p "$u/sockets.target.wants"
                # TriggerLimitIntervalSec=0: the default limit (200 per 2 s for Accept=yes) would stop it
                {
                        printf '[Socket]\nListenStream=127.0.0.1:%s\nAccept=yes\n' "$port"
                        printf 'TriggerLimitIntervalSec=0\n\n' # MaxConnections= stays at its default, 64
                        printf '[Install]\nWantedBy=sockets.target\n'
                } >"$u/bench.socket"
                printf '[Service]\nExecStart=%s\nStandardInput=socket\n' "$ECHO" >"$u/bench@.service"
                ln -sf ../bench.socket "$u/sockets.target.wants/bench.socket"
                start_sockactd "$u" "$dir/run-yes" "$dir/sockactd.log" || return 1
                pid=$DPID ;;
        xinetd)
                {
                        echo "service bench"
                        echo "{"
                        echo "        type = UNLISTED"
                        echo "        socket_type = stream"
                        echo "        protocol = tcp"
                        echo "        wait = no"
                        [ "$(id -u)" -ne 0 ] || echo "        user = $(id -un)"
                        echo "        server = $ECHO"
                        echo "        port = $port"
                        echo "        bind = 127.0.0.1"
                        echo "        instances = UNLIMITED"
                        echo "        cps = 100000 1"
                        echo "        per_source = UNLIMITED"
                        echo "}"
                } >"$dir/xinetd.conf"
                xinetd -dontfork -f "$dir/xinetd.conf" -pidfile "$dir/xinetd.pid" >"$dir/xinetd.log" 2>&1 &
                pid=$!
                PIDS="$PIDS $pid" ;;
        tcpserver)
                # -c: at most that many children (default 40); -b: listen backlog (default 20); -R -H -l 0: no
                # ident or DNS look-ups (done in the child, but they would add to latency).
                tcpserver -q -c 100000 -b 1024 -R -H -l 0 127.0.0.1 "$port" "$ECHO" >"$dir/tcpserver.log" 2>&1 &
                pid=$!
                PIDS="$PIDS $pid" ;;
        ssa)
                "$SOCKET_ACTIVATE" --accept --inetd -l "127.0.0.1:$port" "$ECHO" >"$dir/ssa.log" 2>&1 &
                pid=$!
                PIDS="$PIDS $pid" ;;
        esac
        eval "SUP_$1=$pid"
        # Ready when a real request is answered (retrying refused connects); then warm up.
        if ! "$CLIENT" -p "$port" -n 1 -r $((LIMIT * 1000)) -t "$LIMIT" >/dev/null 2>"$dir/warm.err" ||
           ! "$CLIENT" -p "$port" -n 50 -c 2 -t "$LIMIT" >/dev/null 2>>"$dir/warm.err"; then
                echo "   $(label "$1") does not answer on 127.0.0.1:$port: $(head -n 1 "$dir/warm.err")"
                return 1
        fi
        settle "$pid"
}

RES=$dir/results
: >"$RES"
run_one() { # PEER CONC ROUND
        eval "pid=\$SUP_$1"
        port=$(port_of "$1")
        t0=$(ticks "$pid")
        out=$("$CLIENT" -p "$port" -n "$CONNS" -c "$2" -t "$LIMIT" 2>>"$dir/client.err") || true
        settle "$pid"
        t1=$(ticks "$pid")
        if [ -z "$t0" ] || [ -z "$t1" ]; then
                echo "   round $3: $(label "$1") (pid $pid) is gone"
                return 0
        fi
        ok=$(field "$out" ok)
        errors=$(field "$out" errors)
        cpu=$(awk -v d=$((t1 - t0)) -v hz="$HZ" -v n="${ok:-0}" \
                'BEGIN { if (n > 0) printf "%.1f", d * 1e6 / hz / n; else print "" }')
        printf '%s %s %s %s %s %s %s %s %s\n' "$1" "$2" "$3" "$(field "$out" conn_per_s)" "$(field "$out" p50_us)" \
                "$(field "$out" p99_us)" "$cpu" "${ok:-0}" "${errors:-?}" >>"$RES"
        printf '   round %s c=%s %-42s %s; supervisor CPU %s ticks\n' "$3" "$2" "$(label "$1")" "$out" $((t1 - t0))
}

# ---- Accept=yes ----
RUNNING=""
for peer in $PEERS; do
        echo "   $(label "$peer"): $(version_of "$peer"), 127.0.0.1:$(port_of "$peer")"
        if start_peer "$peer"; then
                RUNNING="$RUNNING $peer"
        else
                echo "   $(label "$peer") skipped"
        fi
done
round=1
while [ "$round" -le "$ROUNDS" ]; do
        # rotate the order by one peer per round
        order=$(echo "$RUNNING" | awk -v k="$round" '{ for (i = 0; i < NF; i++) printf "%s ", $(((i + k - 1) % NF) + 1) }')
        for conc in $CONCURRENCIES; do
                for peer in $order; do
                        run_one "$peer" "$conc" "$round"
                done
        done
        round=$((round + 1))
done

# median of column COL for PEER, CONC
med() { # PEER CONC COL
        # shellcheck disable=SC2046 # word splitting wanted
        median $(awk -v p="$1" -v c="$2" -v k="$3" '$1 == p && $2 == c && $k != "" { print $k }' "$RES")
}
errs() { # PEER CONC: total failed connections
        awk -v p="$1" -v c="$2" '$1 == p && $2 == c { s += $9 } END { print s + 0 }' "$RES"
}

# Profile sockactd during one more run at the highest concurrency (BENCH_PROFILE=1).
profile_sockactd() {
        eval "pid=\${SUP_sockactd:-}"
        [ -n "$pid" ] && running "$pid" || return 0
        c=$(echo "$CONCURRENCIES" | awk '{ print $NF }')
        port=$(port_of sockactd)
        if have strace; then
                strace -c -p "$pid" -o "$dir/strace.txt" 2>/dev/null &
                sp=$!
                PROF_PIDS="$PROF_PIDS $sp"
                sleep 0.5
                "$CLIENT" -p "$port" -n "$CONNS" -c "$c" -t "$LIMIT" >/dev/null 2>&1 || true
                settle "$pid"
                stop_pid "$sp" INT
                wait "$sp" 2>/dev/null || true
                echo
                echo "== strace -c of sockactd (not its children) during $CONNS connections at c=$c" \
                        "(per connection: calls / $CONNS):"
                head -n 25 "$dir/strace.txt" 2>/dev/null | sed 's/^/   /'
        fi
        # Children alive or unreaped at once (the client keeps at most c connections open).
        "$CLIENT" -p "$port" -n "$CONNS" -c "$c" -t "$LIMIT" >/dev/null 2>&1 &
        cp=$!
        PROF_PIDS="$PROF_PIDS $cp"
        peak=0
        pk_i=0
        while running "$cp" && [ "$pk_i" -lt $((LIMIT * 200)) ]; do
                pk_i=$((pk_i + 1))
                n=$(wc -w <"/proc/$pid/task/$pid/children" 2>/dev/null || echo 0)
                [ "$n" -le "$peak" ] || peak=$n
                sleep 0.01
        done
        wait "$cp" 2>/dev/null || true
        settle "$pid"
        echo
        echo "== sockactd at c=$c: at most $peak children (running or not yet reaped) at once;" \
                "RssAnon $(awk '$1 == "RssAnon:" { print $2 }' "/proc/$pid/status") KiB"
        if have perf && perf record -o "$dir/perf.test" -e cpu-clock -- true >/dev/null 2>&1; then
                # -i: sockactd only, not its children; dwarf: the build has no frame pointers
                perf record -q -i -e cpu-clock -F 999 --call-graph dwarf,8192 -p "$pid" -o "$dir/perf.data" \
                        >/dev/null 2>&1 &
                pp=$!
                PROF_PIDS="$PROF_PIDS $pp"
                sleep 0.5
                "$CLIENT" -p "$port" -n "$CONNS" -c "$c" -t "$LIMIT" >/dev/null 2>&1 || true
                settle "$pid"
                stop_pid "$pp" INT
                wait "$pp" 2>/dev/null || true
                echo
                echo "== perf (cpu-clock) of sockactd alone during $CONNS connections at c=$c: time including callees"
                timeout 300 perf report -i "$dir/perf.data" --stdio --children --sort symbol -g none 2>/dev/null |
                        grep -v -e '^#' -e '^$' |
                        grep -v -E '\] (sd_event_(loop|run|dispatch)|_start|main|run|__libc_start[a-z_]*|0x[0-9a-f]+) ' |
                        head -n 50 | sed -e 's/ *- *- *$//' -e 's/^/   /'
        fi
}
[ "$PROFILE" -eq 0 ] || profile_sockactd

for peer in $RUNNING; do
        eval "pid=\$SUP_$peer"
        stop_pid "$pid" TERM
        wait "$pid" 2>/dev/null || true
        forget_pid "$pid"
        [ "$peer" != sockactd ] || { wait "$WPID" 2>/dev/null || true; forget_pid "$WPID"; }
done

# ---- Accept=no: the first connection ----
FIRST=$dir/first
: >"$FIRST"
first_sockactd() { # RUN
        u=$dir/units-no
        port=$(port_of first-sockactd)
        mkdir -p "$u/sockets.target.wants"
        printf '[Socket]\nListenStream=127.0.0.1:%s\n\n[Install]\nWantedBy=sockets.target\n' "$port" >"$u/first.socket"
        printf '[Service]\nExecStart=%s 1\n' "$LISTEN_ECHO" >"$u/first.service"
        ln -sf ../first.socket "$u/sockets.target.wants/first.socket"
        start_sockactd "$u" "$dir/run-no" "$dir/sockactd-no.log" || return 0
        sleep 0.1 # from READY=1 to its epoll_wait()
        out=$("$CLIENT" -p "$port" -n 1 -t 10 2>>"$dir/client.err") || true
        stop_pid "$DPID" TERM
        wait "$WPID" 2>/dev/null || true
        forget_pid "$DPID"
        forget_pid "$WPID"
        if [ "$(field "$out" ok)" = 1 ]; then
                echo "sockactd $1 $(field "$out" p50_us)" >>"$FIRST"
        else
                echo "   Accept=no run $1, sockactd: no answer ($out)"
        fi
}
first_ssa() { # RUN
        port=$(port_of first-ssa)
        "$SOCKET_ACTIVATE" -l "127.0.0.1:$port" "$LISTEN_ECHO" 1 >"$dir/ssa-no.log" 2>&1 &
        pid=$!
        PIDS="$PIDS $pid"
        fs_i=0
        while ! grep -q '^Listening on' "$dir/ssa-no.log" && [ "$fs_i" -lt $((LIMIT * 100)) ] && running "$pid"; do
                sleep 0.01
                fs_i=$((fs_i + 1))
        done
        sleep 0.1 # from "Listening on" to its poll()
        out=$("$CLIENT" -p "$port" -n 1 -t 10 2>>"$dir/client.err") || true
        stop_pid "$pid" TERM
        wait "$pid" 2>/dev/null || true
        forget_pid "$pid"
        if [ "$(field "$out" ok)" = 1 ]; then
                echo "ssa $1 $(field "$out" p50_us)" >>"$FIRST"
        else
                echo "   Accept=no run $1, ssa: no answer ($out)"
        fi
}
have_ssa=no
case " $PEERS " in *" ssa "*) have_ssa=yes ;; esac
run=1
while [ "$run" -le "$FIRST_RUNS" ]; do
        if [ $((run % 2)) -eq 1 ] || [ "$have_ssa" = no ]; then
                first_sockactd "$run"
                [ "$have_ssa" = no ] || first_ssa "$run"
        else
                first_ssa "$run"
                first_sockactd "$run"
        fi
        run=$((run + 1))
done
for peer in sockactd ssa; do
        vals=$(awk -v p="$peer" '$1 == p { printf "%s ", $3 }' "$FIRST")
        [ -z "$vals" ] || echo "   Accept=no first connection, $peer (us): $vals"
done

# ---- the table ----
echo
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs; other load skews conn/s and" \
        "latency more than CPU time)"
echo "== Accept=yes: $CONNS connections per run, medians of $ROUNDS rounds (peers alternated)"
printf '   %-42s %4s %9s %9s %9s %12s %7s\n' "supervisor" "conc" "conn/s" "p50 ms" "p99 ms" "CPU us/conn" "errors"
for conc in $CONCURRENCIES; do
        for peer in $RUNNING; do
                printf '   %-42s %4s %9s %9s %9s %12s %7s\n' "$(label "$peer")" "$conc" "$(med "$peer" "$conc" 4)" \
                        "$(awk -v v="$(med "$peer" "$conc" 5)" 'BEGIN { printf "%.2f", v / 1000 }')" \
                        "$(awk -v v="$(med "$peer" "$conc" 6)" 'BEGIN { printf "%.2f", v / 1000 }')" \
                        "$(med "$peer" "$conc" 7)" "$(errs "$peer" "$conc")"
        done
done
# shellcheck disable=SC2046 # word splitting wanted
s_first=$(median $(awk '$1 == "sockactd" { print $3 }' "$FIRST"))
# shellcheck disable=SC2046
a_first=$(median $(awk '$1 == "ssa" { print $3 }' "$FIRST"))
echo
echo "== Accept=no: first connection (connect -> EOF, a fresh supervisor each run), medians of $FIRST_RUNS"
printf '   %-42s %9s\n' "sockactd (ms)" "$(awk -v v="${s_first:-0}" 'BEGIN { printf "%.2f", v / 1000 }')"
[ "$have_ssa" = no ] || printf '   %-42s %9s\n' "systemd-socket-activate (ms)" \
        "$(awk -v v="${a_first:-0}" 'BEGIN { printf "%.2f", v / 1000 }')"

# ---- the targets ----
verdict() { # VALUE OP LIMIT
        awk -v v="$1" -v o="$2" -v l="$3" 'BEGIN {
                if (v == "" || l == "") { print "NOT RUN"; exit }
                ok = (o == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0); print ok ? "MET" : "MISSED" }'
}
echo
echo "== targets"
printf '   %-66s %-14s %-16s %s\n' "target" "sockactd" "limit" "result"
is_running() { case " $RUNNING " in *" $1 "*) return 0 ;; esac; return 1; }
for conc in $CONCURRENCIES; do
        s_cps=$(med sockactd "$conc" 4)
        s_cpu=$(med sockactd "$conc" 7)
        best=""
        best_cps=""
        lean=""
        lean_cpu=""
        for peer in xinetd tcpserver ssa; do
                is_running "$peer" || continue
                val=$(med "$peer" "$conc" 4)
                if [ -n "$val" ] && { [ -z "$best_cps" ] || awk -v a="$val" -v b="$best_cps" 'BEGIN { exit !(a > b) }'; }; then
                        best=$peer
                        best_cps=$val
                fi
                val=$(med "$peer" "$conc" 7)
                if [ -n "$val" ] && { [ -z "$lean_cpu" ] || awk -v a="$val" -v b="$lean_cpu" 'BEGIN { exit !(a < b) }'; }; then
                        lean=$peer
                        lean_cpu=$val
                fi
        done
        bare_cps=$(med bare "$conc" 4)
        printf '   %-66s %-14s %-16s %s\n' "Accept=yes conn/s, c=$conc, >= best peer (${best:-none})" "${s_cps:-?}" \
                ">= ${best_cps:-?}" "$(verdict "$s_cps" ">=" "$best_cps")"
        lim=$(awk -v b="$bare_cps" 'BEGIN { if (b != "") printf "%.0f", 0.9 * b }')
        printf '   %-66s %-14s %-16s %s\n' "Accept=yes conn/s, c=$conc, >= 0.9 x bare loop ($bare_cps)" "${s_cps:-?}" \
                ">= ${lim:-?}" "$(verdict "$s_cps" ">=" "$lim")"
        lim=$(awk -v b="$lean_cpu" 'BEGIN { if (b != "") printf "%.1f", b / 2 }')
        printf '   %-66s %-14s %-16s %s\n' "supervisor CPU us/conn, c=$conc, <= half best peer (${lean:-none} $lean_cpu)" \
                "${s_cpu:-?}" "<= ${lim:-?}" "$(verdict "$s_cpu" "<=" "$lim")"
done
printf '   %-66s %-14s %-16s %s\n' "Accept=no first connection (us) <= systemd-socket-activate" "${s_first:-?}" \
        "<= ${a_first:-?}" "$(verdict "$s_first" "<=" "$a_first")"
if [ -s "$dir/client.err" ]; then
        echo
        echo "   client errors (first 5):"
        head -n 5 "$dir/client.err" | sed 's/^/   /'
fi
