/* SPDX-License-Identifier: MIT */
/* The child side of a spawn. The child is started with clone(CLONE_VM | CLONE_VFORK): it runs on a stack of
 * its own but shares the daemon's memory until execve(), while the daemon waits. So it only makes system
 * calls on the ChildPlan the parent prepared: no allocation, no stdio, no locks, nothing that touches libc
 * state (the credentials change with raw system calls: glibc's set*id() wrappers would signal the daemon's
 * threads). Its steps follow systemd 252's exec_child(); each failing one ends the child with systemd's exit
 * code for it. Under AddressSanitizer, whose run time keeps per-thread state the child would share, the child
 * is forked instead and does the same. */

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "exec-internal.h"
#include "exit-status.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define EXEC_SPAWN_FORK 1
#else
#define EXEC_SPAWN_FORK 0
#endif

/* The fallback close loop (kernels without close_range()) stops here. */
#define CLOSE_LOOP_MAX 65536
/* The child's stack (the clone), above one guard page. It needs a few KiB. */
#define CHILD_STACK_SIZE (64U * 1024U)

/* ---- the child: async-signal-safe only ---- */

static size_t child_append(char *buf, size_t at, size_t size, const char *s) {
        while (s && *s && at + 1 < size)
                buf[at++] = *s++;
        return at;
}

static const char *child_strerror(int error) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
        const char *s = strerrordesc_np(error);

        if (s)
                return s;
#endif
        return "error";
}

_noreturn_ static void child_fail(const ChildPlan *pl, int status, int error) {
        char buf[1024];
        size_t n = 0;

        if (pl->err_fd >= 0) {
                n = child_append(buf, n, sizeof(buf), pl->unit);
                n = child_append(buf, n, sizeof(buf), ": Failed at step ");
                n = child_append(buf, n, sizeof(buf), exit_status_to_string(status) ?: "?");
                n = child_append(buf, n, sizeof(buf), " spawning ");
                n = child_append(buf, n, sizeof(buf), pl->path);
                n = child_append(buf, n, sizeof(buf), ": ");
                n = child_append(buf, n, sizeof(buf), child_strerror(error));
                buf[n++] = '\n';
                (void) !write(pl->err_fd, buf, n);
        }
        _exit(status);
}

static void child_format_pid(char *slot, pid_t pid) {
        char tmp[24];
        size_t n = 0;
        unsigned long v = (unsigned long) pid;

        do {
                tmp[n++] = (char) ('0' + v % 10);
                v /= 10;
        } while (v > 0 && n < sizeof(tmp));
        for (size_t i = 0; i < n; i++)
                slot[i] = tmp[n - 1 - i];
        slot[n] = '\0';
}

static int child_set_nonblock(int fd, bool nonblock) {
        int flags = fcntl(fd, F_GETFL), nflags;

        if (flags < 0)
                return -errno;
        nflags = nonblock ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        if (nflags != flags && fcntl(fd, F_SETFL, nflags) < 0)
                return -errno;
        return 0;
}

/* Move fd above the range 0 .. 3 + n_fds - 1 that is about to be overwritten. */
static int child_lift(int *fd, int floor) {
        int nfd;

        if (*fd < 0 || *fd >= floor)
                return 0;
        nfd = fcntl(*fd, F_DUPFD_CLOEXEC, floor);
        if (nfd < 0)
                return -errno;
        *fd = nfd;
        return 0;
}

static int child_setup_stdio(ChildPlan *pl, int n) {
        const StdioPlan *s = &pl->stdio[n];
        int fd;

        switch (s->kind) {
        case STDIO_OPEN:
                fd = open(s->path, s->flags, pl->file_mode);
                if (fd < 0)
                        return -errno;
                if (fd != n) {
                        if (dup2(fd, n) < 0)
                                return -errno;
                        (void) close(fd);
                }
                return 0;
        case STDIO_SOURCE:
                fd = s->source == SOURCE_SOCKET ? pl->socket_fd :
                     s->source == SOURCE_LOG    ? pl->log_fd :
                                                  pl->data_fd;
                return dup2(fd, n) < 0 ? -errno : 0;
        case STDIO_DUP_STDIN:
                return dup2(STDIN_FILENO, n) < 0 ? -errno : 0;
        case STDIO_DUP_STDOUT:
                return dup2(STDOUT_FILENO, n) < 0 ? -errno : 0;
        }
        return -EINVAL;
}

static int child_close_from(int from, int keep) {
#ifdef SYS_close_range
        if (keep < from) {
                if (syscall(SYS_close_range, (unsigned) from, ~0U, 0) >= 0)
                        return 0;
        } else if ((keep == from || syscall(SYS_close_range, (unsigned) from, (unsigned) keep - 1, 0) >= 0) &&
                   syscall(SYS_close_range, (unsigned) keep + 1, ~0U, 0) >= 0)
                return 0;
        if (errno != ENOSYS)
                return -errno;
#endif
        {
                struct rlimit rl;
                int max = CLOSE_LOOP_MAX;

                if (getrlimit(RLIMIT_NOFILE, &rl) >= 0 && rl.rlim_cur < (rlim_t) max)
                        max = (int) rl.rlim_cur;
                for (int fd = from; fd < max; fd++)
                        if (fd != keep)
                                (void) close(fd);
        }
        return 0;
}

static int child_setup_fds(ChildPlan *pl, int *ret_status) {
        int floor = 3 + (int) pl->n_fds, r;

        *ret_status = EXIT_FDS;
        /* keep the daemon's stderr for our own failure messages (unless the daemon keeps a copy above what is
         * overwritten); CLOEXEC, so the service never sees it */
        if (pl->err_fd < 0)
                pl->err_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, floor);
        r = child_lift(&pl->socket_fd, floor);
        if (r >= 0)
                r = child_lift(&pl->log_fd, floor);
        if (r >= 0)
                r = child_lift(&pl->data_fd, floor);
        for (size_t i = 0; r >= 0 && i < pl->n_fds; i++)
                if (pl->fds[i] != 3 + (int) i)
                        r = child_lift(&pl->fds[i], floor);
        if (r < 0)
                return r;

        /* a socket or pipe on stdio must be blocking */
        if (pl->socket_fd >= 0 && !pl->socket_fd_blocking)
                (void) child_set_nonblock(pl->socket_fd, false);
        if (pl->log_fd >= 0)
                (void) child_set_nonblock(pl->log_fd, false);
        for (int n = 0; n < 3; n++) {
                r = child_setup_stdio(pl, n);
                if (r < 0) {
                        *ret_status = n == 0 ? EXIT_STDIN : n == 1 ? EXIT_STDOUT : EXIT_STDERR;
                        return r;
                }
        }

        *ret_status = EXIT_FDS;
        for (size_t i = 0; i < pl->n_fds; i++) {
                int target = 3 + (int) i;

                if (pl->fds[i] == target) {
                        if (fcntl(target, F_SETFD, 0) < 0)
                                return -errno;
                } else if (dup2(pl->fds[i], target) < 0)
                        return -errno;
                r = child_set_nonblock(target, pl->non_blocking);
                if (r < 0)
                        return r;
        }
        return child_close_from(floor, pl->err_fd);
}

static int child_write_oom_score_adjust(int v) {
        char buf[16], tmp[16];
        size_t n = 0, k = 0;
        unsigned u = v < 0 ? (unsigned) -(long) v : (unsigned) v;
        int fd, r = 0;

        if (v < 0)
                buf[n++] = '-';
        do {
                tmp[k++] = (char) ('0' + u % 10);
                u /= 10;
        } while (u > 0 && k < sizeof(tmp));
        while (k > 0)
                buf[n++] = tmp[--k];
        fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (write(fd, buf, n) < 0)
                r = -errno;
        (void) close(fd);
        return r;
}

_noreturn_ static void child_run(ChildPlan *pl) {
        struct sigaction sa = { .sa_handler = SIG_DFL };
        sigset_t empty;
        int r, status;

        /* a step that already failed in the parent (it logged why) */
        if (pl->exit_early)
                _exit(pl->early_status);

        /* 1. signals: the dispositions the daemon changed back to default (IgnoreSIGPIPE=yes ignores
         * SIGPIPE); the mask is emptied last, right before execve(), once no handler of the daemon's is
         * left */
        for (int sig = 1; sig <= 64 && sig < _NSIG; sig++)
                if ((pl->reset_signals & (UINT64_C(1) << (sig - 1))) && sig != SIGKILL && sig != SIGSTOP)
                        (void) sigaction(sig, &sa, NULL);
        if (pl->ignore_sigpipe) {
                sa.sa_handler = SIG_IGN;
                (void) sigaction(SIGPIPE, &sa, NULL);
        }

        /* 2. own session */
        if (setsid() < 0)
                _exit(EXIT_SETSID);

        /* 3. stdio, passed fds at 3.., everything else closed */
        r = child_setup_fds(pl, &status);
        if (r < 0)
                child_fail(pl, status, -r);

        /* 4. process settings */
        if (pl->oom_score_adjust_set) {
                r = child_write_oom_score_adjust(pl->oom_score_adjust);
                if (r < 0 && r != -EPERM && r != -EACCES)
                        child_fail(pl, EXIT_OOM_ADJUST, -r);
        }
        if (pl->nice_set && setpriority(PRIO_PROCESS, 0, pl->nice) < 0)
                child_fail(pl, EXIT_NICE, errno);
        if (pl->sched_set) {
                struct sched_param sp = { .sched_priority = pl->sched_priority };

                if (sched_setscheduler(0, pl->sched_policy, &sp) < 0)
                        child_fail(pl, EXIT_SETSCHEDULER, errno);
        }
        if (pl->ioprio >= 0 && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, pl->ioprio) < 0)
                child_fail(pl, EXIT_IOPRIO, errno);
        if (pl->timer_slack_set && prctl(PR_SET_TIMERSLACK, pl->timer_slack, 0, 0, 0) < 0)
                child_fail(pl, EXIT_TIMERSLACK, errno);
        if (pl->set_umask)
                (void) umask(pl->umask);
        if (pl->sandbox)
                for (int i = 0; i < N_RLIMITS; i++) {
                        const struct rlimit *rl = pl->rlimits[i];
                        struct rlimit cur, fixed;

                        if (!rl || setrlimit(i, rl) >= 0)
                                continue;
                        /* as systemd's setrlimit_closest(): without privileges get as close as allowed */
                        if (errno != EPERM)
                                child_fail(pl, EXIT_LIMITS, errno);
                        if (getrlimit(i, &cur) < 0 || cur.rlim_max == RLIM_INFINITY)
                                child_fail(pl, EXIT_LIMITS, EPERM);
                        fixed.rlim_cur = MIN(rl->rlim_cur, cur.rlim_max);
                        fixed.rlim_max = MIN(rl->rlim_max, cur.rlim_max);
                        if (setrlimit(i, &fixed) < 0)
                                child_fail(pl, EXIT_LIMITS, errno);
                }

        /* 5. credentials and directories: groups, chroot, user, then the working directory as the user */
        if (pl->set_uid) {
                if (pl->set_groups && syscall(SYS_setgroups, pl->n_groups, pl->groups) < 0)
                        child_fail(pl, EXIT_GROUP, errno);
                if (pl->gid != (gid_t) -1 && syscall(SYS_setresgid, pl->gid, pl->gid, pl->gid) < 0)
                        child_fail(pl, EXIT_GROUP, errno);
        }
        if (pl->root_directory && chroot(pl->root_directory) < 0)
                child_fail(pl, EXIT_CHROOT, errno);
        if (pl->set_uid && pl->uid != (uid_t) -1 && syscall(SYS_setresuid, pl->uid, pl->uid, pl->uid) < 0)
                child_fail(pl, EXIT_USER, errno);
        if (chdir(pl->working_directory ?: "/") < 0) {
                if (!pl->working_directory_missing_ok)
                        child_fail(pl, EXIT_CHDIR, errno);
                (void) chdir("/"); /* where systemd's PID 1 is */
        }
        if (pl->sandbox && pl->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                child_fail(pl, EXIT_NO_NEW_PRIVILEGES, errno);

        /* 6. exec */
        if (pl->listen_pid_slot || pl->watchdog_pid_slot || pl->exec_pid_slot) {
                pid_t pid = getpid();

                if (pl->listen_pid_slot)
                        child_format_pid(pl->listen_pid_slot, pid);
                if (pl->watchdog_pid_slot)
                        child_format_pid(pl->watchdog_pid_slot, pid);
                if (pl->exec_pid_slot)
                        child_format_pid(pl->exec_pid_slot, pid);
        }
        if (sigemptyset(&empty) < 0 || sigprocmask(SIG_SETMASK, &empty, NULL) < 0)
                child_fail(pl, EXIT_SIGNAL_MASK, errno);
        execve(pl->path, pl->argv, pl->envp);
        if (errno == ENOENT && pl->ignore_enoent)
                _exit(EXIT_SUCCESS); /* systemd: "Executable %s missing, skipping" */
        child_fail(pl, EXIT_EXEC, errno);
}

/* ---- the spawn ---- */

int exec_signals_snapshot(ExecSignals *ret) {
        ExecSignals s = {};

        for (int sig = 1; sig <= 64 && sig < _NSIG; sig++) {
                struct sigaction sa;

                if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &sa) < 0)
                        continue; /* sigaction() refuses libc's internal signals */
                if (sa.sa_handler == SIG_IGN)
                        s.ignored |= UINT64_C(1) << (sig - 1);
                else if (sa.sa_handler != SIG_DFL)
                        s.caught |= UINT64_C(1) << (sig - 1);
        }
        *ret = s;
        return 0;
}

void exec_plan_signals(ChildPlan *plan, const ExecSignals *signals, bool ignore_sigpipe) {
        const uint64_t pipe = UINT64_C(1) << (SIGPIPE - 1);

        plan->reset_signals = signals ? signals->ignored | signals->caught : UINT64_MAX;
        /* A handler must not run in the child while it shares our memory: with one set (or not knowing),
         * every signal is blocked from before the clone until the child has reset the handlers. */
        plan->block_signals = !signals || signals->caught != 0;
        plan->ignore_sigpipe = false;
        if (ignore_sigpipe) {
                plan->reset_signals &= ~pipe;
                plan->ignore_sigpipe = !signals || !(signals->ignored & pipe);
        }
}

#if !EXEC_SPAWN_FORK
static int child_main(void *userdata) {
        child_run(userdata);
}

/* The child's stack: mapped once and reused, the parent waits (CLONE_VFORK) until the child is done with
 * it. */
static void *child_stack(void) {
        static void *stack = NULL;
        size_t page = (size_t) sysconf(_SC_PAGESIZE);
        void *s;

        if (stack)
                return stack;
        s = mmap(NULL, page + CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (s == MAP_FAILED)
                return NULL;
        if (mprotect(s, page, PROT_NONE) < 0) { /* the guard page below */
                (void) munmap(s, page + CHILD_STACK_SIZE);
                return NULL;
        }
        stack = (char *) s + page + CHILD_STACK_SIZE; /* its top: the stack grows down */
        memset((char *) stack - 4 * page, 0, 4 * page); /* no page faults in the first child */
        return stack;
}
#endif

/* The daemon's umask and a close-on-exec copy of its stderr (-EBADF: none), noted once. */
static mode_t daemon_umask;
static int daemon_err_fd = -EBADF;
static bool daemon_noted;

static void note_daemon(void) {
        if (daemon_noted)
                return;
        daemon_umask = umask(0022);
        (void) umask(daemon_umask);
        daemon_err_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
        if (daemon_err_fd < 0)
                daemon_err_fd = -EBADF; /* each child tries for itself */
        daemon_noted = true;
}

int exec_spawn_prepare(void) {
        note_daemon();
#if !EXEC_SPAWN_FORK
        if (!child_stack())
                return -errno;
#endif
        return 0;
}

int exec_child_spawn(ChildPlan *plan, pid_t *ret_pid) {
        pid_t pid;

        note_daemon();
        plan->set_umask = plan->umask != daemon_umask;
        if (plan->err_fd < 0 && daemon_err_fd >= 3 + (int) plan->n_fds)
                plan->err_fd = daemon_err_fd; /* above the fds the child overwrites */
#if EXEC_SPAWN_FORK
        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                child_run(plan); /* on our own copy of the memory */
#else
        sigset_t all, saved;
        void *stack = child_stack();
        int error;

        if (!stack)
                return -errno;
        if (plan->block_signals) {
                if (sigfillset(&all) < 0 || sigprocmask(SIG_SETMASK, &all, &saved) < 0)
                        return -errno;
        }
        /* We are suspended until the child has called execve() or _exit(). (Exactly vfork()'s flags:
         * valgrind runs no other CLONE_VM combination, e.g. with CLONE_FILES.) */
        pid = clone(child_main, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, plan);
        error = errno; /* only meaningful on failure: the child shares our errno */
        if (plan->block_signals)
                (void) sigprocmask(SIG_SETMASK, &saved, NULL);
        if (pid < 0)
                return -error;
#endif
        *ret_pid = pid;
        return 0;
}
