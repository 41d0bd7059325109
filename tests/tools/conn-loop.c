/* SPDX-License-Identifier: MIT */
/* Test client: connect to each ADDRESS in turn, over and over, and count what happens.
 *   conn-loop [-s SECONDS] [-n MAX] [-e TEXT] [-r READYFILE] ADDRESS...
 * ADDRESS is 127.0.0.1:PORT, [::1]:PORT or /path (unix stream). One connection: connect (5 s at most), shut
 * down the write side, read until EOF (5 s at most); the reply must not be empty and must contain TEXT (-e).
 * Runs until SECONDS (default 30) passed, MAX connections (default unbounded) were made, or SIGTERM, SIGINT
 * or SIGUSR1 came (the connection under way is finished first). READYFILE is created once one connection to
 * every address succeeded. Prints one line per address:
 *   ADDRESS total=N ok=N refused=N reset=N timeout=N bad_reply=N other=N pids=P[,Q...]
 * (pids: the distinct "pid=N" values the replies started with, "-" if none), then the first failure of
 * each address, if any. Exit 0 if every connection succeeded, 1 otherwise, 2 on usage errors. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_ADDRESSES 8
#define MAX_PIDS 16
#define TIMEOUT_MS 5000

typedef enum Outcome { OK, REFUSED, RESET, TIMEOUT, BAD_REPLY, OTHER, _OUTCOME_MAX } Outcome;
static const char *const outcome_name[_OUTCOME_MAX] = {
        "ok", "refused", "reset", "timeout", "bad_reply", "other",
};

typedef struct Target {
        const char *text;
        union {
                struct sockaddr sa;
                struct sockaddr_in in;
                struct sockaddr_in6 in6;
                struct sockaddr_un un;
        } addr;
        socklen_t len;
        unsigned long count[_OUTCOME_MAX];
        long pids[MAX_PIDS];
        size_t n_pids;
        char first_failure[256];
} Target;

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
        stop = 1;
}

static long long now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_address(const char *s, Target *t) {
        const char *colon;
        char host[128];

        t->text = s;
        if (s[0] == '/') {
                if (strlen(s) >= sizeof(t->addr.un.sun_path))
                        return -1;
                t->addr.un.sun_family = AF_UNIX;
                strcpy(t->addr.un.sun_path, s);
                t->len = sizeof(t->addr.un);
                return 0;
        }
        colon = strrchr(s, ':');
        if (!colon || (size_t) (colon - s) >= sizeof(host))
                return -1;
        if (s[0] == '[') {
                if (colon - s < 3 || colon[-1] != ']')
                        return -1;
                memcpy(host, s + 1, (size_t) (colon - s - 2));
                host[colon - s - 2] = '\0';
                t->addr.in6.sin6_family = AF_INET6;
                t->addr.in6.sin6_port = htons((unsigned short) atoi(colon + 1));
                t->len = sizeof(t->addr.in6);
                return inet_pton(AF_INET6, host, &t->addr.in6.sin6_addr) == 1 ? 0 : -1;
        }
        memcpy(host, s, (size_t) (colon - s));
        host[colon - s] = '\0';
        t->addr.in.sin_family = AF_INET;
        t->addr.in.sin_port = htons((unsigned short) atoi(colon + 1));
        t->len = sizeof(t->addr.in);
        return inet_pton(AF_INET, host, &t->addr.in.sin_addr) == 1 ? 0 : -1;
}

static Outcome outcome_of_errno(int e) {
        switch (e) {
        case ECONNREFUSED:
        case ENOENT: /* a unix socket path that is gone */
                return REFUSED;
        case ECONNRESET:
        case EPIPE:
                return RESET;
        case ETIMEDOUT:
                return TIMEOUT;
        default:
                return OTHER;
        }
}

#define IN_SET_TIMEOUT(e) ((e) == EAGAIN || (e) == EINPROGRESS || (e) == ETIMEDOUT)

static void note_pid(Target *t, const char *reply) {
        long pid;

        if (strncmp(reply, "pid=", 4) != 0)
                return;
        pid = strtol(reply + 4, NULL, 10);
        for (size_t i = 0; i < t->n_pids; i++)
                if (t->pids[i] == pid)
                        return;
        if (t->n_pids < MAX_PIDS)
                t->pids[t->n_pids++] = pid;
}

/* One connection: connect, shut down the write side, read the reply until EOF; each step bounded by the socket
 * timeouts (a timed-out connect() fails with EINPROGRESS for TCP, EAGAIN for unix sockets). */
static Outcome one(Target *t, const char *expect, char *why, size_t why_size) {
        struct timeval tv = { .tv_sec = TIMEOUT_MS / 1000 };
        char reply[4096];
        size_t n = 0;
        int fd, e;

        fd = socket(t->addr.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
                snprintf(why, why_size, "socket: %s", strerror(errno));
                return OTHER;
        }
        (void) setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        while (connect(fd, &t->addr.sa, t->len) < 0) {
                e = errno;
                if (e == EINTR)
                        continue;
                snprintf(why, why_size, "connect: %s", strerror(e));
                close(fd);
                return IN_SET_TIMEOUT(e) ? TIMEOUT : outcome_of_errno(e);
        }
        (void) shutdown(fd, SHUT_WR);
        for (;;) {
                ssize_t k = read(fd, reply + n, sizeof(reply) - 1 - n);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        e = errno;
                        snprintf(why, why_size, "read: %s after %zu bytes", strerror(e), n);
                        close(fd);
                        return IN_SET_TIMEOUT(e) ? TIMEOUT : outcome_of_errno(e);
                }
                n += (size_t) k;
                if (k == 0 || n == sizeof(reply) - 1)
                        break;
        }
        close(fd);
        reply[n] = '\0';
        if (n == 0 || (expect && !strstr(reply, expect))) {
                snprintf(why, why_size, "reply without '%s': '%.100s'", expect ? expect : "", reply);
                return BAD_REPLY;
        }
        note_pid(t, reply);
        return OK;
}

int main(int argc, char *argv[]) {
        static Target targets[MAX_ADDRESSES];
        const char *expect = NULL, *ready_file = NULL;
        unsigned long max = 0, total = 0, failed = 0;
        long seconds = 30;
        size_t n = 0, ready_mask = 0;
        long long end;
        struct sigaction sa = { .sa_handler = on_signal };
        int c;

        while ((c = getopt(argc, argv, "s:n:e:r:")) >= 0)
                switch (c) {
                case 's':
                        seconds = atol(optarg);
                        break;
                case 'n':
                        max = strtoul(optarg, NULL, 10);
                        break;
                case 'e':
                        expect = optarg;
                        break;
                case 'r':
                        ready_file = optarg;
                        break;
                default:
                        return 2;
                }
        if (optind >= argc || argc - optind > MAX_ADDRESSES || seconds <= 0 || seconds > 3600) {
                fprintf(stderr, "usage: conn-loop [-s SECONDS] [-n MAX] [-e TEXT] [-r FILE] ADDRESS...\n");
                return 2;
        }
        for (int i = optind; i < argc; i++, n++)
                if (parse_address(argv[i], &targets[n]) < 0) {
                        fprintf(stderr, "conn-loop: invalid address '%s'\n", argv[i]);
                        return 2;
                }
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGUSR1, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        end = now_ms() + seconds * 1000;
        while (!stop && now_ms() < end && (max == 0 || total < max))
                for (size_t i = 0; i < n && !stop && (max == 0 || total < max); i++) {
                        char why[256] = "";
                        Outcome o = one(&targets[i], expect, why, sizeof(why));

                        total++;
                        targets[i].count[o]++;
                        if (o != OK) {
                                failed++;
                                if (!targets[i].first_failure[0])
                                        snprintf(targets[i].first_failure, sizeof(targets[i].first_failure),
                                                 "%s (connection %lu)", why, total);
                        } else if (ready_file && !(ready_mask & (1U << i))) {
                                ready_mask |= 1U << i;
                                if (ready_mask == (1U << n) - 1) {
                                        int fd = open(ready_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
                                        if (fd >= 0)
                                                close(fd);
                                }
                        }
                }

        for (size_t i = 0; i < n; i++) {
                Target *t = &targets[i];
                unsigned long sum = 0;

                for (int o = 0; o < _OUTCOME_MAX; o++)
                        sum += t->count[o];
                printf("%s total=%lu", t->text, sum);
                for (int o = 0; o < _OUTCOME_MAX; o++)
                        printf(" %s=%lu", outcome_name[o], t->count[o]);
                printf(" pids=");
                for (size_t k = 0; k < t->n_pids; k++)
                        printf("%s%ld", k ? "," : "", t->pids[k]);
                printf("%s\n", t->n_pids ? "" : "-");
        }
        for (size_t i = 0; i < n; i++)
                if (targets[i].first_failure[0])
                        printf("first failure at %s: %s\n", targets[i].text, targets[i].first_failure);
        return failed == 0 ? 0 : 1;
}
