/* SPDX-License-Identifier: MIT */
/* Test service for Accept=no activation, written against the sd_listen_fds(3) protocol by hand:
 *   listen-echo [N]
 * Checks LISTEN_PID and LISTEN_FDS, accepts N connections (default 1) on the first listening stream fd, and
 * answers each with one line: "pid=P fds=N names=NAMES nonblock=0|1 extra_fds=K" followed by what the client
 * sent (up to 1 KiB). extra_fds counts open fds above 2+LISTEN_FDS (must be 0). Exits 0. */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
        const char *pid = getenv("LISTEN_PID"), *nfds = getenv("LISTEN_FDS"), *names = getenv("LISTEN_FDNAMES");
        int n = nfds ? atoi(nfds) : 0, count = argc > 1 ? atoi(argv[1]) : 1, extra = 0, lfd = -1;
        DIR *d;
        struct dirent *de;

        if (!pid || atoi(pid) != (int) getpid() || n <= 0) {
                fprintf(stderr, "listen-echo: not socket-activated (LISTEN_PID=%s LISTEN_FDS=%s)\n", pid ? pid : "",
                        nfds ? nfds : "");
                return 1;
        }
        d = opendir("/proc/self/fd");
        while (d && (de = readdir(d)))
                if (de->d_name[0] != '.' && atoi(de->d_name) > 2 + n && atoi(de->d_name) != dirfd(d))
                        extra++;
        if (d)
                closedir(d);
        struct pollfd p[16];
        int np = 0;
        for (int fd = 3; fd < 3 + n && np < 16; fd++) {
                int type = 0, acc = 0;
                socklen_t l = sizeof(int);
                if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l) == 0 && type == SOCK_STREAM &&
                    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &l) == 0 && acc) {
                        p[np++] = (struct pollfd) { .fd = fd, .events = POLLIN };
                        if (lfd < 0)
                                lfd = fd;
                }
        }
        if (lfd < 0)
                return fprintf(stderr, "listen-echo: no listening stream socket\n"), 1;
        for (int i = 0; i < count; i++) {
                char buf[1024];
                ssize_t k;
                int c = -1;

                if (poll(p, (nfds_t) np, 10000) <= 0)
                        return 1;
                for (int j = 0; j < np && c < 0; j++)
                        if (p[j].revents & POLLIN)
                                c = accept4(p[j].fd, NULL, NULL, SOCK_CLOEXEC);
                if (c < 0)
                        return 1;
                dprintf(c, "pid=%d fds=%d names=%s nonblock=%d extra_fds=%d\n", (int) getpid(), n, names ? names : "",
                        (fcntl(lfd, F_GETFL) & O_NONBLOCK) ? 1 : 0, extra);
                k = read(c, buf, sizeof(buf));
                if (k > 0)
                        (void) write(c, buf, (size_t) k);
                close(c);
        }
        return 0;
}
