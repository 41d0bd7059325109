/* SPDX-License-Identifier: MIT */
/* Test service: describe the process it runs in, for tests of how services are started.
 *   exec-report FILE|- [echo|exit N|sleep]
 * Writes a report to FILE (or to stdout for "-"), one fact per line, "key value":
 *   pid P / ppid P / argc N / argv[I] VALUE / env NAME=VALUE (sorted)
 *   fd N TARGET                     every open fd, TARGET from readlink(/proc/self/fd/N)
 *   fdflags N cloexec=0|1 nonblock=0|1 access=r|w|rw append=0|1
 *   fdsock N type=stream|dgram|seqpacket|raw|T family=unix|inet|inet6|F listening=0|1   (sockets only)
 *   listen_fds VALUE|unset / listen_fdnames VALUE|unset / listen_pid match|mismatch|unset
 *   exec_pid match|mismatch|unset   ($SYSTEMD_EXEC_PID)
 *   umask 0022 / nice N / oom_score_adj N / cwd PATH / ioprio N (ioprio_get()) / timerslack NSEC
 *   sched policy=N priority=N reset_on_fork=0|1
 *   rlimit NAME SOFT HARD           (numbers or "infinity"), for every resource
 *   uid R E S / gid R E S / groups G... (ascending) / no_new_privs 0|1
 *   session_leader yes|no / pgrp_leader yes|no
 *   sigmask empty|N N ...           the blocked signals
 *   sigdisp N ignored|handler       every signal 1..31 whose disposition is not the default
 * All facts are collected before the report file is opened, so that fd does not show up.
 * Then "echo" copies stdin to stdout, "exit N" exits with N, "sleep" pauses until killed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static const struct {
        int resource;
        const char *name;
} rlimits[] = {
        { RLIMIT_CPU, "CPU" },       { RLIMIT_FSIZE, "FSIZE" },     { RLIMIT_DATA, "DATA" },
        { RLIMIT_STACK, "STACK" },   { RLIMIT_CORE, "CORE" },       { RLIMIT_RSS, "RSS" },
        { RLIMIT_NOFILE, "NOFILE" }, { RLIMIT_AS, "AS" },           { RLIMIT_NPROC, "NPROC" },
        { RLIMIT_MEMLOCK, "MEMLOCK" }, { RLIMIT_LOCKS, "LOCKS" },   { RLIMIT_SIGPENDING, "SIGPENDING" },
        { RLIMIT_MSGQUEUE, "MSGQUEUE" }, { RLIMIT_NICE, "NICE" },   { RLIMIT_RTPRIO, "RTPRIO" },
        { RLIMIT_RTTIME, "RTTIME" },
};

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static int cmp_gid(const void *a, const void *b) {
        gid_t x = *(const gid_t *) a, y = *(const gid_t *) b;
        return x < y ? -1 : x > y;
}

static void print_limit(FILE *f, rlim_t v) {
        if (v == RLIM_INFINITY)
                fputs("infinity", f);
        else
                fprintf(f, "%llu", (unsigned long long) v);
}

static void report_pid_var(FILE *f, const char *key, const char *var) {
        const char *v = getenv(var);
        char buf[32];

        snprintf(buf, sizeof(buf), "%ld", (long) getpid());
        fprintf(f, "%s %s\n", key, !v ? "unset" : strcmp(v, buf) == 0 ? "match" : "mismatch");
}

static void report_fd(FILE *f, int fd) {
        char path[64], target[PATH_MAX + 1];
        int fdfl = fcntl(fd, F_GETFD), fl = fcntl(fd, F_GETFL), type = 0, acc = 0;
        struct sockaddr_storage sa = {};
        socklen_t len = sizeof(int);
        struct stat st;
        ssize_t n;

        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
        n = readlink(path, target, sizeof(target) - 1);
        target[n < 0 ? 0 : n] = '\0';
        fprintf(f, "fd %d %s\n", fd, target);
        fprintf(f, "fdflags %d cloexec=%d nonblock=%d access=%s append=%d\n", fd, !!(fdfl & FD_CLOEXEC),
                !!(fl & O_NONBLOCK),
                (fl & O_ACCMODE) == O_RDONLY ? "r" : (fl & O_ACCMODE) == O_WRONLY ? "w" : "rw",
                !!(fl & O_APPEND));
        if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode))
                return;
        (void) getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
        len = sizeof(int);
        (void) getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len);
        len = sizeof(sa);
        (void) getsockname(fd, (struct sockaddr *) &sa, &len);
        fprintf(f, "fdsock %d type=", fd);
        if (type == SOCK_STREAM)
                fputs("stream", f);
        else if (type == SOCK_DGRAM)
                fputs("dgram", f);
        else if (type == SOCK_SEQPACKET)
                fputs("seqpacket", f);
        else if (type == SOCK_RAW)
                fputs("raw", f);
        else
                fprintf(f, "%d", type);
        fputs(" family=", f);
        if (sa.ss_family == AF_UNIX)
                fputs("unix", f);
        else if (sa.ss_family == AF_INET)
                fputs("inet", f);
        else if (sa.ss_family == AF_INET6)
                fputs("inet6", f);
        else
                fprintf(f, "%d", sa.ss_family);
        fprintf(f, " listening=%d\n", !!acc);
}

static void report_fds(FILE *f) {
        int fds[4096];
        size_t n = 0;
        DIR *d = opendir("/proc/self/fd");
        struct dirent *de;

        if (!d) {
                fprintf(f, "fd-error %s\n", strerror(errno));
                return;
        }
        while ((de = readdir(d)) && n < sizeof(fds) / sizeof(fds[0])) {
                char *end;
                long v = strtol(de->d_name, &end, 10);

                if (de->d_name[0] == '.' || *end || v == dirfd(d))
                        continue;
                fds[n++] = (int) v;
        }
        closedir(d);
        for (size_t i = 1; i < n; i++) /* ascending */
                for (size_t j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
                        int t = fds[j];
                        fds[j] = fds[j - 1];
                        fds[j - 1] = t;
                }
        for (size_t i = 0; i < n; i++)
                report_fd(f, fds[i]);
}

static void report(FILE *f, int argc, char *argv[]) {
        size_t n_env = 0;
        char **env, cwd[PATH_MAX];
        gid_t groups[NGROUPS_MAX + 1];
        uid_t ru, eu, su;
        gid_t rg, eg, sg;
        sigset_t mask;
        mode_t um;
        int ng, c;
        FILE *oom;

        fprintf(f, "pid %ld\nppid %ld\nargc %d\n", (long) getpid(), (long) getppid(), argc);
        for (int i = 0; i < argc; i++)
                fprintf(f, "argv[%d] %s\n", i, argv[i]);

        while (environ[n_env])
                n_env++;
        env = calloc(n_env + 1, sizeof(char *));
        if (env) {
                memcpy(env, environ, n_env * sizeof(char *));
                qsort(env, n_env, sizeof(char *), cmp_str);
                for (size_t i = 0; i < n_env; i++)
                        fprintf(f, "env %s\n", env[i]);
                free(env);
        }

        report_fds(f);
        fprintf(f, "listen_fds %s\n", getenv("LISTEN_FDS") ?: "unset");
        fprintf(f, "listen_fdnames %s\n", getenv("LISTEN_FDNAMES") ?: "unset");
        report_pid_var(f, "listen_pid", "LISTEN_PID");
        report_pid_var(f, "exec_pid", "SYSTEMD_EXEC_PID");

        um = umask(0);
        umask(um);
        fprintf(f, "umask %04o\n", (unsigned) um);
        errno = 0;
        c = getpriority(PRIO_PROCESS, 0);
        fprintf(f, "nice %d\n", c);
        oom = fopen("/proc/self/oom_score_adj", "re");
        if (oom) {
                if (fscanf(oom, "%d", &c) == 1)
                        fprintf(f, "oom_score_adj %d\n", c);
                fclose(oom);
        }
        fprintf(f, "cwd %s\n", getcwd(cwd, sizeof(cwd)) ?: "?");
        fprintf(f, "ioprio %ld\n", syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0));
        fprintf(f, "timerslack %d\n", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
        c = sched_getscheduler(0);
        {
                struct sched_param sp = {};

                (void) sched_getparam(0, &sp);
                fprintf(f, "sched policy=%d priority=%d reset_on_fork=%d\n", c & ~SCHED_RESET_ON_FORK,
                        sp.sched_priority, !!(c & SCHED_RESET_ON_FORK));
        }
        for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++) {
                struct rlimit rl;

                if (getrlimit(rlimits[i].resource, &rl) < 0)
                        continue;
                fprintf(f, "rlimit %s ", rlimits[i].name);
                print_limit(f, rl.rlim_cur);
                fputc(' ', f);
                print_limit(f, rl.rlim_max);
                fputc('\n', f);
        }

        getresuid(&ru, &eu, &su);
        getresgid(&rg, &eg, &sg);
        fprintf(f, "uid %u %u %u\ngid %u %u %u\ngroups", ru, eu, su, rg, eg, sg);
        ng = getgroups(NGROUPS_MAX + 1, groups);
        if (ng > 0) {
                qsort(groups, (size_t) ng, sizeof(gid_t), cmp_gid);
                for (int i = 0; i < ng; i++)
                        fprintf(f, " %u", groups[i]);
        }
        fputc('\n', f);
        fprintf(f, "no_new_privs %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
        fprintf(f, "session_leader %s\n", getsid(0) == getpid() ? "yes" : "no");
        fprintf(f, "pgrp_leader %s\n", getpgrp() == getpid() ? "yes" : "no");

        sigprocmask(SIG_SETMASK, NULL, &mask);
        fputs("sigmask", f);
        c = 0;
        for (int sig = 1; sig < NSIG; sig++)
                if (sigismember(&mask, sig) == 1) {
                        fprintf(f, " %d", sig);
                        c++;
                }
        fputs(c ? "\n" : " empty\n", f);
        for (int sig = 1; sig < 32; sig++) {
                struct sigaction sa;

                if (sigaction(sig, NULL, &sa) < 0 || sa.sa_handler == SIG_DFL)
                        continue;
                fprintf(f, "sigdisp %d %s\n", sig, sa.sa_handler == SIG_IGN ? "ignored" : "handler");
        }
}

int main(int argc, char *argv[]) {
        char *buf = NULL;
        size_t size = 0;
        FILE *mem;
        int fd;

        if (argc < 2) {
                fprintf(stderr, "usage: exec-report FILE|- [echo|exit N|sleep]\n");
                return 2;
        }
        mem = open_memstream(&buf, &size);
        if (!mem)
                return 3;
        report(mem, argc, argv);
        if (fclose(mem) != 0)
                return 3;

        if (strcmp(argv[1], "-") == 0)
                fd = STDOUT_FILENO;
        else {
                fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                if (fd < 0) {
                        fprintf(stderr, "exec-report: %s: %s\n", argv[1], strerror(errno));
                        return 4;
                }
        }
        for (size_t done = 0; done < size;) {
                ssize_t k = write(fd, buf + done, size - done);

                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return 5;
                }
                done += (size_t) k;
        }
        free(buf);
        if (fd != STDOUT_FILENO && close(fd) < 0)
                return 5;

        if (argc > 2 && strcmp(argv[2], "echo") == 0) {
                char b[4096];
                ssize_t k;

                while ((k = read(STDIN_FILENO, b, sizeof(b))) > 0)
                        if (write(STDOUT_FILENO, b, (size_t) k) != k)
                                return 5;
        } else if (argc > 3 && strcmp(argv[2], "exit") == 0)
                return atoi(argv[3]);
        else if (argc > 2 && strcmp(argv[2], "sleep") == 0)
                for (;;)
                        pause();
        return 0;
}
