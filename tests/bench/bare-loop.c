/* SPDX-License-Identifier: MIT */
/* The physical limit of the Accept=yes benchmark (tests/bench/bench-accept.sh): the least an inetd-style
 * supervisor can do per connection.
 *   bare-loop ADDRESS PORT PROGRAM [ARG...]
 * Listens on ADDRESS:PORT (IPv4), prints "listening" once it does, then for each connection: accept4(),
 * vfork(), and in the child dup2() the connection to stdin and stdout and execv() PROGRAM; the parent closes
 * its copy and reaps whatever children have exited. Runs until killed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* accept4(), memmem(); config.h defines it in the tree's build */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char *argv[]) {
        struct sockaddr_in sa = { .sin_family = AF_INET };
        unsigned long port;
        char *end;
        int one = 1, lfd;

        if (argc < 4) {
                fprintf(stderr, "usage: bare-loop ADDRESS PORT PROGRAM [ARG...]\n");
                return 2;
        }
        errno = 0;
        port = strtoul(argv[2], &end, 10);
        if (errno != 0 || *end != '\0' || port == 0 || port > 65535 ||
            inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) {
                fprintf(stderr, "bare-loop: bad address %s:%s\n", argv[1], argv[2]);
                return 2;
        }
        sa.sin_port = htons((uint16_t) port);
        lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
            bind(lfd, (struct sockaddr *) &sa, sizeof(sa)) < 0 || listen(lfd, SOMAXCONN) < 0) {
                perror("bare-loop: listen");
                return 1;
        }
        /* The children must not inherit an ignored SIGPIPE or a blocked mask from whoever started us. */
        signal(SIGPIPE, SIG_DFL);
        printf("listening\n");
        fflush(stdout);

        for (;;) {
                int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
                pid_t pid;

                if (cfd < 0) {
                        if (errno == EINTR || errno == ECONNABORTED)
                                continue;
                        perror("bare-loop: accept4");
                        return 1;
                }
                pid = vfork();
                if (pid == 0) {
                        /* dup2() clears FD_CLOEXEC on the copies; the original closes at exec. */
                        if (dup2(cfd, STDIN_FILENO) < 0 || dup2(cfd, STDOUT_FILENO) < 0)
                                _exit(126);
                        execve(argv[3], argv + 3, environ);
                        _exit(127);
                }
                if (pid < 0)
                        perror("bare-loop: vfork");
                close(cfd);
                /* Reap what has exited, bounded per connection; a child still running is reaped later. */
                for (int i = 0; i < 1024 && waitpid(-1, NULL, WNOHANG) > 0; i++)
                        ;
        }
}
