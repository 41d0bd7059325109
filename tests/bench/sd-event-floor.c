/* SPDX-License-Identifier: MIT */
/* The floor of bench-startup's part b: the least a socket-activation daemon built on sd-event does, linked
 * like sockactd against libsystemd and libc. It listens on N TCP sockets on 127.0.0.1 (ports chosen by the
 * kernel), watches them in an sd-event loop with SIGTERM/SIGINT sources, sends READY=1 and waits; its VmRSS
 * is what any such daemon pays before the first line of its own code.
 *   sd-event-floor N */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>
#include <unistd.h>

static int on_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        return 0;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        return sd_event_exit(sd_event_source_get_event(s), 0);
}

int main(int argc, char *argv[]) {
        sd_event *e = NULL;
        sigset_t ss;
        long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
        int r;

        if (n < 0 || n > 1000) {
                fprintf(stderr, "usage: sd-event-floor N (0..1000)\n");
                return 2;
        }
        sigemptyset(&ss);
        sigaddset(&ss, SIGTERM);
        sigaddset(&ss, SIGINT);
        if (sigprocmask(SIG_BLOCK, &ss, NULL) < 0)
                return 1;
        r = sd_event_default(&e);
        if (r < 0) {
                fprintf(stderr, "sd_event_default: %s\n", strerror(-r));
                return 1;
        }
        if (sd_event_add_signal(e, NULL, SIGTERM, on_signal, NULL) < 0 ||
            sd_event_add_signal(e, NULL, SIGINT, on_signal, NULL) < 0)
                return 1;
        for (long i = 0; i < n; i++) {
                struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
                int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

                if (fd < 0 || bind(fd, (struct sockaddr *) &a, sizeof(a)) < 0 || listen(fd, 128) < 0 ||
                    sd_event_add_io(e, NULL, fd, EPOLLIN, on_io, NULL) < 0) {
                        fprintf(stderr, "listener %ld: %m\n", i);
                        return 1;
                }
        }
        (void) sd_notify(0, "READY=1");
        r = sd_event_loop(e);
        sd_event_unref(e);
        return r < 0 ? 1 : 0;
}
