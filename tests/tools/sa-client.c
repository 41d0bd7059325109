/* SPDX-License-Identifier: MIT */
/* Test client: sa-client ADDRESS [DATA]
 * ADDRESS is 127.0.0.1:PORT, [::1]:PORT or /path (unix stream). Connects, sends DATA (if given), shuts down the
 * write side, prints everything received until EOF; gives up after 10 s. Exit 0 on success, 1 if the
 * connection failed (refused or reset), 2 on usage errors, 3 on timeout. Over IP, failure messages after the
 * connect name the client's own port ("from port N"): an Accept=yes instance is named after it in the
 * daemon's log. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
        union {
                struct sockaddr sa;
                struct sockaddr_in in;
                struct sockaddr_in6 in6;
                struct sockaddr_un un;
        } a = {};
        socklen_t len;
        char host[128], buf[4096];
        const char *colon;
        char from[32] = "";
        int fd;

        if (argc < 2 || argc > 3)
                return fprintf(stderr, "usage: sa-client ADDRESS [DATA]\n"), 2;
        if (argv[1][0] == '/') {
                a.un.sun_family = AF_UNIX;
                snprintf(a.un.sun_path, sizeof(a.un.sun_path), "%s", argv[1]);
                len = sizeof(a.un);
        } else if (argv[1][0] == '[') {
                const char *end = strchr(argv[1], ']');
                if (!end || end[1] != ':' || (size_t) (end - argv[1]) >= sizeof(host))
                        return 2;
                memcpy(host, argv[1] + 1, (size_t) (end - argv[1] - 1));
                host[end - argv[1] - 1] = '\0';
                a.in6.sin6_family = AF_INET6;
                a.in6.sin6_port = htons((unsigned short) atoi(end + 2));
                if (inet_pton(AF_INET6, host, &a.in6.sin6_addr) != 1)
                        return 2;
                len = sizeof(a.in6);
        } else if ((colon = strrchr(argv[1], ':')) && (size_t) (colon - argv[1]) < sizeof(host)) {
                memcpy(host, argv[1], (size_t) (colon - argv[1]));
                host[colon - argv[1]] = '\0';
                a.in.sin_family = AF_INET;
                a.in.sin_port = htons((unsigned short) atoi(colon + 1));
                if (inet_pton(AF_INET, host, &a.in.sin_addr) != 1)
                        return 2;
                len = sizeof(a.in);
        } else
                return 2;

        fd = socket(a.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, &a.sa, len) < 0)
                return fprintf(stderr, "sa-client: connect %s: %s\n", argv[1], strerror(errno)), 1;
        len = sizeof(a);
        if (a.sa.sa_family != AF_UNIX && getsockname(fd, &a.sa, &len) == 0)
                snprintf(from, sizeof(from), " from port %u",
                         ntohs(a.sa.sa_family == AF_INET ? a.in.sin_port : a.in6.sin6_port));
        if (argc == 3 && write(fd, argv[2], strlen(argv[2])) < 0)
                return fprintf(stderr, "sa-client: write%s: %s\n", from, strerror(errno)), 1;
        (void) shutdown(fd, SHUT_WR);
        for (;;) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                ssize_t n;

                if (poll(&p, 1, 10000) <= 0)
                        return fprintf(stderr, "sa-client: timeout%s\n", from), 3;
                n = read(fd, buf, sizeof(buf));
                if (n < 0)
                        return fprintf(stderr, "sa-client: read%s: %s\n", from, strerror(errno)), 1;
                if (n == 0)
                        return 0;
                fwrite(buf, 1, (size_t) n, stdout);
        }
}
