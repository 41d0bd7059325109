/* SPDX-License-Identifier: MIT */
/* Test service linked against libsystemd: takes its listeners with sd_listen_fds_with_names(), accepts one
 * connection on whichever listening stream socket gets it and answers "n=N names=A:B is_socket=1 unset=1" where
 * unset says sd_listen_fds_with_names(1, ...) removed the LISTEN_* variables as documented. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

int main(void) {
        char **names = NULL;
        int n, c, lfd = -1;

        n = sd_listen_fds_with_names(1, &names);
        if (n <= 0) {
                fprintf(stderr, "sd-listen-report: sd_listen_fds_with_names() = %d\n", n);
                return 1;
        }
        /* wait on every passed listener: the connection may come to any of them */
        struct pollfd p[16];
        int np = 0;
        for (int i = 0; i < n && np < 16; i++)
                if (sd_is_socket(SD_LISTEN_FDS_START + i, 0, SOCK_STREAM, 1) > 0)
                        p[np++] = (struct pollfd) { .fd = SD_LISTEN_FDS_START + i, .events = POLLIN };
        if (np == 0 || poll(p, (nfds_t) np, 10000) <= 0)
                return 1;
        for (int i = 0; i < np && lfd < 0; i++)
                if (p[i].revents & POLLIN)
                        lfd = p[i].fd;
        if (lfd < 0)
                return 1;
        c = accept(lfd, NULL, NULL);
        if (c < 0)
                return 1;
        dprintf(c, "n=%d names=", n);
        for (int i = 0; i < n; i++)
                dprintf(c, "%s%s", i ? ":" : "", names[i]);
        dprintf(c, " is_socket=%d unset=%d\n", sd_is_socket(lfd, 0, SOCK_STREAM, 1) > 0,
                !getenv("LISTEN_FDS") && !getenv("LISTEN_PID") && !getenv("LISTEN_FDNAMES"));
        close(c);
        for (int i = 0; names[i]; i++)
                free(names[i]);
        free(names);
        return 0;
}
