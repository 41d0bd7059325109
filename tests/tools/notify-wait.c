/* SPDX-License-Identifier: MIT */
/* Test helper: run a command as a supervisor would, with NOTIFY_SOCKET pointing to a private socket.
 *   notify-wait READYFILE TIMEOUT_SEC -- COMMAND [ARG...]
 * When the command sends READY=1, its PID is written to READYFILE (atomically). notify-wait then keeps
 * supervising it and exits with its exit status (128+N if killed by signal N); 124 if READY=1 did not come
 * within TIMEOUT_SEC (the command is killed then). Every received notification is appended to READYFILE.log. */
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char *argv[]) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        char path[4096], tmp[4200], logp[4200], buf[4096];
        long long deadline;
        int fd, status;
        pid_t pid;
        int one = 1;
        FILE *log;

        if (argc < 5 || strcmp(argv[3], "--") != 0) {
                fprintf(stderr, "usage: notify-wait READYFILE TIMEOUT_SEC -- COMMAND [ARG...]\n");
                return 2;
        }
        snprintf(path, sizeof(path), "%s", argv[1]);
        snprintf(tmp, sizeof(tmp), "%s.tmp", path);
        snprintf(logp, sizeof(logp), "%s.log", path);
        deadline = now_ms() + atol(argv[2]) * 1000;

        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return perror("socket"), 1;
        /* abstract address, unique per process */
        snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1, "sockact-notify-wait/%d", (int) getpid());
        if (bind(fd, (struct sockaddr *) &sa, sizeof(sa.sun_family) + 1 + strlen(sa.sun_path + 1)) < 0)
                return perror("bind"), 1;
        (void) setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
        snprintf(buf, sizeof(buf), "@%s", sa.sun_path + 1);
        setenv("NOTIFY_SOCKET", buf, 1);
        log = fopen(logp, "we");

        pid = fork();
        if (pid < 0)
                return perror("fork"), 1;
        if (pid == 0) {
                execvp(argv[4], argv + 4);
                perror(argv[4]);
                _exit(127);
        }

        for (bool ready = false;;) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                int timeout = ready ? 200 : (int) (deadline - now_ms());
                pid_t w;

                w = waitpid(pid, &status, WNOHANG);
                if (w == pid)
                        break;
                if (!ready && timeout <= 0) {
                        fprintf(stderr, "notify-wait: no READY=1 within %s s\n", argv[2]);
                        kill(pid, SIGKILL);
                        waitpid(pid, &status, 0);
                        return 124;
                }
                if (poll(&p, 1, timeout > 200 ? 200 : timeout) > 0) {
                        ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);
                        if (n > 0) {
                                buf[n] = '\0';
                                if (log) {
                                        fprintf(log, "%s\n--\n", buf);
                                        fflush(log);
                                }
                                if (!ready && (strncmp(buf, "READY=1", 7) == 0 || strstr(buf, "\nREADY=1"))) {
                                        FILE *f = fopen(tmp, "we");
                                        if (!f || fprintf(f, "%d\n", (int) pid) < 0 || fclose(f) != 0 ||
                                            rename(tmp, path) < 0)
                                                return perror(path), 1;
                                        ready = true;
                                }
                        }
                }
        }
        if (log)
                fclose(log);
        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        return 128 + WTERMSIG(status);
}
