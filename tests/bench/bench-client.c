/* SPDX-License-Identifier: MIT */
/* Load generator of the Accept=yes/no benchmark (tests/bench/bench-accept.sh).
 *   bench-client -p PORT [-a ADDRESS] [-n N] [-c C] [-t TIMEOUT_S] [-m MESSAGE] [-s] [-r RETRY_MS]
 * Makes N connections in total (default 1000), C at a time (default 1; one thread each). Each
 * connection: connect to ADDRESS:PORT (default 127.0.0.1), write MESSAGE (default "sockact-bench\n"; with
 * -s then shutdown(SHUT_WR)), read until EOF, close. It counts as ok when the reply contains MESSAGE. Its
 * latency runs from before connect() to EOF. With -r, a refused connect() is retried for up to RETRY_MS
 * (for a listener that is not up yet); the latency counts from the last attempt. Everything stops
 * TIMEOUT_S (default 60) after the start: connections not made by then count as errors. Prints one line:
 *   count=N ok=K errors=E duration_ms=D conn_per_s=R p50_us=P p99_us=Q max_us=M
 * (percentiles by nearest rank over the ok connections) and, on errors, the first error on stderr.
 * Exit status: 0 if every connection was ok, 1 otherwise, 2 on bad usage. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* accept4(), memmem(); config.h defines it in the tree's build */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 10000000UL
#define MAX_THREADS 1024UL
#define REPLY_MAX 4096

static struct sockaddr_in arg_addr = { .sin_family = AF_INET };
static unsigned long arg_n = 1000, arg_c = 1, arg_timeout_s = 60, arg_retry_ms;
static const char *arg_msg = "sockact-bench\n";
static bool arg_shutdown;

static uint64_t *latency_ns; /* per connection; 0 = not ok */
static atomic_ulong next_conn, n_errors;
static uint64_t deadline_ns;
static pthread_mutex_t err_lock = PTHREAD_MUTEX_INITIALIZER;
static char first_error[256];

static uint64_t now_ns(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000000ULL + (uint64_t) ts.tv_nsec;
}

static void note_error(unsigned long i, const char *what, int err) {
        atomic_fetch_add(&n_errors, 1);
        pthread_mutex_lock(&err_lock);
        if (first_error[0] == '\0')
                snprintf(first_error, sizeof(first_error), "connection %lu: %s: %s", i, what,
                         err ? strerror(err) : "reply does not contain the request");
        pthread_mutex_unlock(&err_lock);
}

/* Socket timeouts: what is left until the deadline, at least 1 ms. */
static void set_timeouts(int fd) {
        uint64_t now = now_ns(), left = deadline_ns > now ? deadline_ns - now : 0;
        struct timeval tv;

        if (left < 1000000)
                left = 1000000;
        tv.tv_sec = (time_t) (left / 1000000000ULL);
        tv.tv_usec = (suseconds_t) (left % 1000000000ULL / 1000);
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        (void) setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* One connection; returns its latency in ns, 0 on failure (recorded). */
static uint64_t one_connection(unsigned long i) {
        uint64_t retry_until = now_ns() + (uint64_t) arg_retry_ms * 1000000ULL, t0;
        size_t len = strlen(arg_msg), got = 0;
        char reply[REPLY_MAX + 1];
        int fd;

        for (unsigned attempt = 0;; attempt++) {
                t0 = now_ns();
                fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                if (fd < 0)
                        return note_error(i, "socket", errno), 0;
                set_timeouts(fd);
                if (connect(fd, (struct sockaddr *) &arg_addr, sizeof(arg_addr)) == 0)
                        break;
                int err = errno;
                close(fd);
                /* bounded by RETRY_MS and the deadline: one attempt per ms at most */
                if (err != ECONNREFUSED || t0 >= retry_until || t0 >= deadline_ns || attempt >= 1000000)
                        return note_error(i, "connect", err), 0;
                (void) nanosleep(&(struct timespec) { .tv_nsec = 1000000 }, NULL);
        }
        for (size_t off = 0; off < len;) {
                ssize_t k = write(fd, arg_msg + off, len - off);
                if (k < 0) {
                        int err = errno;
                        close(fd);
                        return note_error(i, "write", err), 0;
                }
                off += (size_t) k;
        }
        if (arg_shutdown)
                (void) shutdown(fd, SHUT_WR);
        for (;;) {
                /* keep the first REPLY_MAX bytes, discard the rest until EOF */
                char sink[REPLY_MAX];
                ssize_t k = got < REPLY_MAX ? read(fd, reply + got, REPLY_MAX - got)
                                            : read(fd, sink, sizeof(sink));
                if (k == 0)
                        break;
                if (k < 0) {
                        int err = errno;
                        if (err == EINTR)
                                continue;
                        close(fd);
                        return note_error(i, "read", err == EAGAIN ? ETIMEDOUT : err), 0;
                }
                if (got < REPLY_MAX)
                        got += (size_t) k;
        }
        uint64_t t1 = now_ns();
        close(fd);
        reply[got] = '\0';
        if (len > 0 && !memmem(reply, got, arg_msg, len))
                return note_error(i, "reply", 0), 0;
        return t1 > t0 ? t1 - t0 : 1;
}

static void *worker(void *userdata) {
        for (;;) {
                unsigned long i = atomic_fetch_add(&next_conn, 1);

                if (i >= arg_n)
                        return NULL;
                if (now_ns() >= deadline_ns) {
                        note_error(i, "not started", ETIMEDOUT);
                        continue;
                }
                latency_ns[i] = one_connection(i);
        }
}

static int cmp_u64(const void *a, const void *b) {
        uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
        return (x > y) - (x < y);
}

static bool parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *ret) {
        char *end;
        unsigned long v;

        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < min || v > max)
                return false;
        *ret = v;
        return true;
}

static double pct_us(const uint64_t *sorted, size_t n, unsigned p) {
        size_t rank = (n * p + 99) / 100; /* nearest rank, 1-based */

        if (n == 0)
                return 0;
        return (double) sorted[rank > 0 ? rank - 1 : 0] / 1000.0;
}

int main(int argc, char *argv[]) {
        const char *addr = "127.0.0.1";
        unsigned long port = 0;
        pthread_t *threads;
        uint64_t start, end;
        size_t ok = 0;
        int opt;

        while ((opt = getopt(argc, argv, "a:p:n:c:t:m:sr:")) != -1) {
                bool good = true;
                switch (opt) {
                case 'a': addr = optarg; break;
                case 'p': good = parse_ulong(optarg, 1, 65535, &port); break;
                case 'n': good = parse_ulong(optarg, 1, MAX_CONNS, &arg_n); break;
                case 'c': good = parse_ulong(optarg, 1, MAX_THREADS, &arg_c); break;
                case 't': good = parse_ulong(optarg, 1, 86400, &arg_timeout_s); break;
                case 'm': arg_msg = optarg; good = strlen(optarg) <= REPLY_MAX; break;
                case 's': arg_shutdown = true; break;
                case 'r': good = parse_ulong(optarg, 0, 600000, &arg_retry_ms); break;
                default: good = false;
                }
                if (!good) {
                        fprintf(stderr, "usage: bench-client -p PORT [-a ADDRESS] [-n N] [-c C] "
                                        "[-t TIMEOUT_S] [-m MESSAGE] [-s] [-r RETRY_MS]\n");
                        return 2;
                }
        }
        if (port == 0 || optind != argc || inet_pton(AF_INET, addr, &arg_addr.sin_addr) != 1) {
                fprintf(stderr, "bench-client: need -p PORT and an IPv4 -a ADDRESS, no operands\n");
                return 2;
        }
        arg_addr.sin_port = htons((uint16_t) port);
        if (arg_c > arg_n)
                arg_c = arg_n;
        latency_ns = calloc(arg_n, sizeof(uint64_t));
        threads = calloc(arg_c, sizeof(pthread_t));
        if (!latency_ns || !threads)
                return perror("bench-client: calloc"), 1;

        start = now_ns();
        deadline_ns = start + (uint64_t) arg_timeout_s * 1000000000ULL;
        unsigned long started = 0;
        for (; started < arg_c; started++)
                if (pthread_create(&threads[started], NULL, worker, NULL) != 0) {
                        if (started == 0)
                                return fprintf(stderr, "bench-client: pthread_create failed\n"), 1;
                        break; /* fewer threads: still bounded, still correct */
                }
        for (unsigned long t = 0; t < started; t++)
                pthread_join(threads[t], NULL);
        end = now_ns();

        for (unsigned long i = 0; i < arg_n; i++)
                if (latency_ns[i] > 0)
                        latency_ns[ok++] = latency_ns[i];
        qsort(latency_ns, ok, sizeof(uint64_t), cmp_u64);
        double secs = (double) (end - start) / 1e9;
        printf("count=%lu ok=%zu errors=%lu duration_ms=%.1f conn_per_s=%.0f p50_us=%.0f p99_us=%.0f "
               "max_us=%.0f\n",
               arg_n, ok, atomic_load(&n_errors), secs * 1000, secs > 0 ? (double) ok / secs : 0,
               pct_us(latency_ns, ok, 50), pct_us(latency_ns, ok, 99),
               ok ? (double) latency_ns[ok - 1] / 1000 : 0);
        if (first_error[0] != '\0')
                fprintf(stderr, "bench-client: %lu error(s), first: %s\n", atomic_load(&n_errors),
                        first_error);
        free(threads);
        free(latency_ns);
        return ok == arg_n ? 0 : 1;
}
