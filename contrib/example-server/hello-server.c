/* SPDX-License-Identifier: MIT */
/*
 * hello-server: a small Accept=no service, the example of units/hello.socket and units/hello.service.
 *
 * It does not open a socket itself. sockactd (or systemd) binds the listeners of the socket unit, starts
 * this program when the first connection arrives, and passes the listening sockets as fds 3, 4, ...; the
 * program takes them with sd_listen_fds_with_names(3), tells the service manager it is ready with
 * sd_notify(3), and then accepts every connection itself, one process for all of them. Each client gets
 * one line:
 *
 *     hello from hello-server (pid 4242): connection 3, on listener "hello"
 *
 * and the connection is closed. The connection counter shows that one process served them all.
 *
 * With --exit-idle=SECONDS the program exits after that long without a connection; the listening socket
 * stays open in the service manager, and the next connection starts the program again. That is the point of
 * socket activation: a service that is not needed does not run, and no connection is lost meanwhile.
 *
 * Build: cc -o hello-server hello-server.c $(pkg-config --cflags --libs libsystemd)
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#define MAX_LISTENERS 64

static unsigned arg_exit_idle_sec; /* 0: never */

static void help(void) {
        printf("Usage: hello-server [--exit-idle=SECONDS]\n"
               "Answer every connection on the listening sockets passed by the service manager\n"
               "(sd_listen_fds(3)) with one line of greeting.\n\n"
               "  -h --help               Show this help\n"
               "     --exit-idle=SECONDS  Exit after SECONDS without a connection (default: never)\n");
}

static int parse_argv(int argc, char *argv[]) {
        enum { ARG_EXIT_IDLE = 0x100 };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "exit-idle", required_argument, NULL, ARG_EXIT_IDLE },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        exit(EXIT_SUCCESS);
                case ARG_EXIT_IDLE: {
                        char *end;
                        unsigned long v;

                        errno = 0;
                        v = strtoul(optarg, &end, 10);
                        if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-' ||
                            v > INT_MAX / 1000) {
                                fprintf(stderr, "hello-server: invalid --exit-idle= value: %s\n", optarg);
                                return -EINVAL;
                        }
                        arg_exit_idle_sec = (unsigned) v;
                        break;
                }
                default:
                        return -EINVAL;
                }
        if (optind < argc) {
                fprintf(stderr, "hello-server: unexpected argument: %s\n", argv[optind]);
                return -EINVAL;
        }
        return 0;
}

/* Answer one connection. The line is short and the socket is new, so it fits into the send buffer: a client
 * that does not read cannot block the server. */
static void greet(int fd, unsigned long long n, const char *name) {
        char line[256];
        int len;

        len = snprintf(line, sizeof(line),
                       "hello from hello-server (pid %ld): connection %llu, on listener \"%s\"\n",
                       (long) getpid(), n, name);
        if (len <= 0 || (size_t) len >= sizeof(line))
                return;
        if (send(fd, line, (size_t) len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
                fprintf(stderr, "hello-server: connection %llu: send failed: %s\n", n, strerror(errno));
}

int main(int argc, char *argv[]) {
        struct pollfd p[MAX_LISTENERS];
        char **names = NULL;
        unsigned long long n_conn = 0;
        int n, r;

        if (parse_argv(argc, argv) < 0)
                return 2;

        /* unset_environment=1: the LISTEN_* variables are not passed on to any child */
        n = sd_listen_fds_with_names(1, &names);
        if (n < 0) {
                fprintf(stderr, "hello-server: sd_listen_fds_with_names() failed: %s\n", strerror(-n));
                return 1;
        }
        if (n == 0) {
                fprintf(stderr, "hello-server: no listening sockets were passed; start me from a socket "
                        "unit (sockactd, systemd) or with systemd-socket-activate -l 127.0.0.1:7778\n");
                return 1;
        }
        if (n > MAX_LISTENERS) {
                fprintf(stderr, "hello-server: %d sockets passed, at most %d are supported\n", n,
                        MAX_LISTENERS);
                return 1;
        }
        for (int i = 0; i < n; i++) {
                int fd = SD_LISTEN_FDS_START + i;

                if (sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0) {
                        fprintf(stderr, "hello-server: fd %d (\"%s\") is not a listening stream socket; "
                                "use ListenStream= with Accept=no\n", fd, names[i]);
                        return 1;
                }
                /* non-blocking: another process may take a connection between poll() and accept() */
                if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
                        fprintf(stderr, "hello-server: fd %d: cannot make it non-blocking: %s\n", fd,
                                strerror(errno));
                        return 1;
                }
                p[i] = (struct pollfd) { .fd = fd, .events = POLLIN };
        }

        sd_notifyf(0, "READY=1\nSTATUS=Waiting for connections on %d listener(s)", n);

        for (;;) {
                bool any = false;

                r = poll(p, (nfds_t) n, arg_exit_idle_sec > 0 ? (int) arg_exit_idle_sec * 1000 : -1);
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        fprintf(stderr, "hello-server: poll() failed: %s\n", strerror(errno));
                        return 1;
                }
                if (r == 0) {
                        sd_notifyf(0, "STOPPING=1\nSTATUS=Idle for %u s, exiting", arg_exit_idle_sec);
                        fprintf(stderr, "hello-server: idle for %u s after %llu connection(s), exiting\n",
                                arg_exit_idle_sec, n_conn);
                        break;
                }
                for (int i = 0; i < n; i++) {
                        if (!(p[i].revents & POLLIN))
                                continue;
                        for (;;) {
                                int c = accept4(p[i].fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

                                if (c < 0) {
                                        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                                            errno != ECONNABORTED)
                                                fprintf(stderr, "hello-server: accept() failed: %s\n",
                                                        strerror(errno));
                                        break;
                                }
                                greet(c, ++n_conn, names[i]);
                                close(c);
                                any = true;
                        }
                }
                if (any)
                        sd_notifyf(0, "STATUS=%llu connection(s) served", n_conn);
        }

        for (int i = 0; i < n; i++)
                free(names[i]);
        free(names);
        return 0;
}
