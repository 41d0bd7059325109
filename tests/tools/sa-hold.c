/* SPDX-License-Identifier: MIT */
/* Test client: sa-hold PATH N SECONDS [DATA [DATA2]]
 * Opens N connections to the unix stream socket PATH, one after the other, and writes DATA (if given) on
 * each ("hex:0041..." writes those bytes, NULs included); DATA2 is written on each 0.3 s later. Then watches them for 1.5 s and prints "open=X closed=Y failed=Z" (closed: the peer closed or reset
 * it; failed: connect() failed), and keeps the open ones, silent, for SECONDS before it exits.
 * Exit 0, or 2 on usage errors. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define N_MAX 1000

static long long now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "hex:..." or the text itself, at most 4096 bytes. */
static int parse_data(const char *s, char *buf, size_t *ret_len) {
        size_t n = 0;

        if (strncmp(s, "hex:", 4) != 0) {
                n = strlen(s);
                if (n > 4096)
                        return -1;
                memcpy(buf, s, n);
                *ret_len = n;
                return 0;
        }
        for (s += 4; s[0] && s[1]; s += 2) {
                unsigned v;
                if (n >= 4096 || sscanf(s, "%2x", &v) != 1)
                        return -1;
                buf[n++] = (char) v;
        }
        *ret_len = n;
        return 0;
}

int main(int argc, char *argv[]) {
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        static struct pollfd p[N_MAX];
        static char data[4096], data2[4096];
        size_t data_len = 0, data2_len = 0;
        int n, seconds, n_open = 0, n_closed = 0, n_failed = 0;
        long long end;

        if (argc < 4 || argc > 6 || strlen(argv[1]) >= sizeof(a.sun_path))
                return fprintf(stderr, "usage: sa-hold PATH N SECONDS [DATA [DATA2]]\n"), 2;
        n = atoi(argv[2]);
        seconds = atoi(argv[3]);
        if (n <= 0 || n > N_MAX || seconds < 0)
                return fprintf(stderr, "sa-hold: N must be 1..%d, SECONDS >= 0\n", N_MAX), 2;
        strcpy(a.sun_path, argv[1]);
        if ((argc >= 5 && parse_data(argv[4], data, &data_len) < 0) ||
            (argc == 6 && parse_data(argv[5], data2, &data2_len) < 0))
                return fprintf(stderr, "sa-hold: bad data\n"), 2;
        for (int i = 0; i < n; i++) {
                int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

                p[i] = (struct pollfd) { .fd = -1 };
                if (fd < 0 || connect(fd, (struct sockaddr *) &a, sizeof(a)) < 0) {
                        if (fd >= 0)
                                close(fd);
                        n_failed++;
                        continue;
                }
                if (data_len > 0 && write(fd, data, data_len) < 0) {
                        close(fd);
                        n_failed++;
                        continue;
                }
                p[i] = (struct pollfd) { .fd = fd, .events = POLLIN | POLLRDHUP };
        }

        if (data2_len > 0) {
                usleep(300 * 1000);
                for (int i = 0; i < n; i++)
                        if (p[i].fd >= 0 && write(p[i].fd, data2, data2_len) < 0) {
                                close(p[i].fd);
                                p[i].fd = -1;
                                n_closed++;
                        }
        }
        /* which ones does the peer close? Anything it sends (an answer to DATA) is read and ignored. */
        end = now_ms() + 1500;
        for (long long left; (left = end - now_ms()) > 0;) {
                if (poll(p, (nfds_t) n, (int) left) <= 0)
                        continue;
                for (int i = 0; i < n; i++) {
                        char buf[4096];
                        ssize_t k;

                        if (p[i].fd < 0 || !p[i].revents)
                                continue;
                        k = read(p[i].fd, buf, sizeof(buf));
                        if (k > 0 || (k < 0 && errno == EAGAIN))
                                continue;
                        close(p[i].fd);
                        p[i].fd = -1;
                        n_closed++;
                }
        }
        for (int i = 0; i < n; i++)
                if (p[i].fd >= 0)
                        n_open++;
        printf("open=%d closed=%d failed=%d\n", n_open, n_closed, n_failed);
        fflush(stdout);
        sleep((unsigned) seconds);
        return 0;
}
