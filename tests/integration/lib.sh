# Shared helpers for the integration tests (POSIX sh). Sourced; the test harness exports top_srcdir,
# top_builddir, SOCKACT_CORPUS, MANDOC, SYSTEMD_ANALYZE, VALGRIND, SHELLCHECK.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
SOCKACTCTL="$top_builddir/sockactctl"

# Every failure is counted and printed; the test ends with `finish`.
n_fail=0
n_pass=0
n_skip=0
fail() { printf 'FAIL: %s\n' "$*"; n_fail=$((n_fail + 1)); }
pass() { n_pass=$((n_pass + 1)); }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }
# skip_part REASON: a part that cannot run here (e.g. it needs root). The other checks still count, a failure
# still fails the test; otherwise the test is reported as skipped (exit 77), never as passed.
skip_part() { printf 'SKIP (part): %s\n' "$*"; n_skip=$((n_skip + 1)); }
finish() {
        if [ "$n_fail" -gt 0 ] && [ -s "${TMP:-/nonexistent}/daemon.log" ]; then
                echo "---- the daemon's failures, and the last lines of its log ----"
                grep -E "Failed|failed to|refusing" "$TMP/daemon.log" | head -n 20
                echo "----"
                tail -n 40 "$TMP/daemon.log"
        fi
        printf '%s: %d checks passed, %d failed, %d part(s) skipped\n' "$(basename "$0")" "$n_pass" "$n_fail" \
                "$n_skip"
        [ "$n_fail" -eq 0 ] || exit 1
        [ "$n_skip" -eq 0 ] || exit 77
        exit 0
}

# A private scratch directory, removed on exit.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sockact-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Run a command with a time limit; a hang is a failure, not a stuck test suite.
bounded() {
        limit=$1; shift
        timeout -k 5 "$limit" "$@"
}

# ---- running the daemon ----
SOCKACTD="$top_builddir/sockactd"
NOTIFY_WAIT="$top_builddir/tests/tools/notify-wait"
DAEMON_PID=""
DAEMON_WAITER=""

# wait_for TIMEOUT_SEC COMMAND...: poll until COMMAND succeeds (bounded).
wait_for() {
        limit=$(( $1 * 10 )); shift
        i=0
        while [ "$i" -lt "$limit" ]; do
                "$@" 2>/dev/null && return 0
                sleep 0.1
                i=$((i + 1))
        done
        return 1
}

# start_daemon [ARGS...]: run sockactd --user with its own unit path ($TMP/units) and runtime dir
# ($TMP/run) under notify-wait; returns when it sent READY=1. The log is $TMP/daemon.log.
start_daemon() {
        mkdir -p "$TMP/units" "$TMP/run"
        rm -f "$TMP/ready"
        "$NOTIFY_WAIT" "$TMP/ready" 20 -- "$SOCKACTD" --user --unit-path="$TMP/units" --runtime-dir="$TMP/run" \
                --config="$TMP/sockactd.conf" --log-target=console --log-level=debug "$@" >"$TMP/daemon.log" 2>&1 &
        DAEMON_WAITER=$!
        if ! wait_for 20 test -s "$TMP/ready"; then
                echo "daemon did not become ready; log:"; cat "$TMP/daemon.log"
                return 1
        fi
        DAEMON_PID=$(cat "$TMP/ready")
}

# stop_daemon [SIGNAL]: send SIGNAL (TERM) and return the daemon's exit status.
stop_daemon() {
        [ -n "$DAEMON_PID" ] || return 0
        kill -"${1:-TERM}" "$DAEMON_PID" 2>/dev/null || true
        rc=0
        wait "$DAEMON_WAITER" || rc=$?
        DAEMON_PID=""
        return "$rc"
}

# Kill a daemon left running by a failed test.
cleanup_daemon() {
        if [ -n "$DAEMON_PID" ]; then
                kill -KILL "$DAEMON_PID" 2>/dev/null || true
                wait "$DAEMON_WAITER" 2>/dev/null || true
        fi
        rm -rf "$TMP"
}
trap cleanup_daemon EXIT
: >"${TMP}/sockactd.conf"

# Is there a listening TCP socket on ADDR:PORT owned by the daemon?
daemon_listens_tcp() {
        ss -Hltnp "sport = :$2" 2>/dev/null | grep -q "$1:$2 .*pid=$DAEMON_PID,"
}

# ---- ports ----
# (a port whose only sockets are in TIME-WAIT is free: listeners set SO_REUSEADDR, as systemd's do)
port_free() { ! ss -Htuan exclude time-wait "sport = :$1" 2>/dev/null | grep -q .; }
# pick_ports_slot SLOT N: set PORT_BASE so that PORT_BASE .. PORT_BASE+N-1 are free, inside a range of 1800
# ports that belongs to this test alone (SLOT 0..8 from 2000 on; tests run in parallel must not collide).
# The ranges stay below the kernel's ephemeral ports (32768 and up by default), where any client's outgoing
# connection could take a port between our check and the daemon's bind(); daemon-listeners.sh uses
# 20000..31000.
pick_ports_slot() {
        lo=$((2000 + $1 * 1900)); span=1800
        base=$((lo + ($$ * 37) % span)); tries=0
        while [ "$tries" -lt 40 ]; do
                i=0; free=1
                while [ "$i" -lt "$2" ]; do
                        port_free $((base + i)) || { free=0; break; }
                        i=$((i + 1))
                done
                if [ "$free" -eq 1 ]; then PORT_BASE=$base; return 0; fi
                base=$((lo + (base - lo + $2 + 53) % span)); tries=$((tries + 1))
        done
        echo "no $2 free ports in slot $1"
        return 1
}
