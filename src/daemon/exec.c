/* SPDX-License-Identifier: MIT */
/* Spawning service processes, the parent's side: the parent prepares a ChildPlan (argv, envp, credentials,
 * stdio sources, directories, ...) and exec-child.c starts the child that carries it out. */

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "env-util.h"
#include "exec-internal.h"
#include "exit-status.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"

/* ---- RuntimeDirectory= and friends ---- */

static const int exec_directory_exit_status[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = EXIT_RUNTIME_DIRECTORY,
        [EXEC_DIRECTORY_STATE] = EXIT_STATE_DIRECTORY,
        [EXEC_DIRECTORY_CACHE] = EXIT_CACHE_DIRECTORY,
        [EXEC_DIRECTORY_LOGS] = EXIT_LOGS_DIRECTORY,
        [EXEC_DIRECTORY_CONFIGURATION] = EXIT_CONFIGURATION_DIRECTORY,
};

/* ---- RuntimeDirectory= and friends ---- */

static int mkdir_parents(const char *path) {
        _cleanup_free_ char *buf = strdup(path);

        if (!buf)
                return -ENOMEM;
        for (char *s = strchr(buf + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = '\0';
                if (mkdir(buf, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = '/';
        }
        return 0;
}

/* Create one directory with its mode, owned by the service's user (system instance, except for an existing
 * ConfigurationDirectory=, which systemd leaves alone). Symlinks are not followed at the last component. */
static int setup_exec_directory(const char *path, ExecDirectoryType t, mode_t mode, const ExecCreds *cr,
                                const char *unit) {
        _cleanup_close_ int fd = -EBADF;
        bool existed = false;
        struct stat st;
        int r;

        r = mkdir_parents(path);
        if (r < 0)
                return r;
        if (mkdir(path, mode) < 0) {
                if (errno != EEXIST)
                        return -errno;
                existed = true;
        }
        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (existed && t == EXEC_DIRECTORY_CONFIGURATION) {
                if (fstat(fd, &st) >= 0 && ((st.st_mode ^ mode) & 07777) != 0)
                        log_warning("%s: %s '%s' already exists but the mode is different. "
                                    "(File system: %o ConfigurationDirectoryMode: %o)",
                                    unit, "Configuration directory", path, st.st_mode & 07777, mode);
                return 0;
        }
        if (fchmod(fd, mode) < 0)
                return -errno;
        if (geteuid() == 0) {
                uid_t uid = cr->uid == (uid_t) -1 ? 0 : cr->uid;
                gid_t gid = cr->gid == (gid_t) -1 ? 0 : cr->gid;

                if (fstat(fd, &st) < 0)
                        return -errno;
                if ((st.st_uid != uid || st.st_gid != gid) && fchown(fd, uid, gid) < 0)
                        return -errno;
        }
        return 0;
}

/* Returns 0, or the systemd exit code with the error logged in *ret_error; -ENOMEM. */
static int setup_exec_directories(const ExecContext *c, const ExecParameters *p, const ExecCreds *cr,
                                  int *ret_error) {
        for (int t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                const char *root = exec_directory_root(p, t);

                if (!root)
                        continue;
                STRV_FOREACH(d, c->directories[t].paths) {
                        _cleanup_free_ char *path = strjoin(root, "/", *d);
                        int r;

                        if (!path)
                                return -ENOMEM;
                        r = setup_exec_directory(path, t, c->directories[t].mode, cr, strna(p->unit));
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0) {
                                *ret_error = log_error_errno(
                                        r, "%s: Failed to set up special execution directory in %s: %m",
                                        strna(p->unit), root);
                                return exec_directory_exit_status[t];
                        }
                }
        }
        return 0;
}

/* ---- the executable ---- */

/* A bare name is looked up on EXEC_SEARCH_PATH_DEFAULT (inside root, if set); the result is the path to pass
 * to execve() after the chroot. */
static int resolve_executable(const char *name, const char *root, char **ret) {
        const char *p = EXEC_SEARCH_PATH_DEFAULT;
        int last = -ENOENT;

        if (name[0] == '/') {
                *ret = strdup(name);
                return *ret ? 0 : -ENOMEM;
        }
        while (*p) {
                size_t n = strcspn(p, ":");
                _cleanup_free_ char *dir = strndup(p, n), *full = NULL, *inside = NULL;
                struct stat st;

                p += n + (p[n] == ':');
                if (!dir)
                        return -ENOMEM;
                inside = strjoin(dir, "/", name);
                full = root ? strjoin(root, inside) : strdup(inside);
                if (!inside || !full)
                        return -ENOMEM;
                if (stat(full, &st) < 0) {
                        if (errno != ENOENT && errno != ENOTDIR)
                                last = -errno;
                        continue;
                }
                if (!S_ISREG(st.st_mode)) {
                        last = -EACCES;
                        continue;
                }
                if (access(full, X_OK) < 0) {
                        last = -errno;
                        continue;
                }
                *ret = TAKE_PTR(inside);
                return 0;
        }
        return last;
}

/* ---- standard input, output and error ---- */

static void stdio_plan_open(StdioPlan *s, const char *path, int flags) {
        *s = (StdioPlan) { .kind = STDIO_OPEN, .path = path, .flags = flags };
}

static int plan_input(const ExecContext *c, ChildPlan *pl, ExecInput i) {
        StdioPlan *s = &pl->stdio[STDIN_FILENO];

        switch (i) {
        case EXEC_INPUT_NULL:
                stdio_plan_open(s, "/dev/null", O_RDONLY);
                return 0;
        case EXEC_INPUT_TTY:
        case EXEC_INPUT_TTY_FORCE:
        case EXEC_INPUT_TTY_FAIL:
                stdio_plan_open(s, exec_tty_path(c), O_RDWR | O_NOCTTY);
                return 0;
        case EXEC_INPUT_SOCKET:
                *s = (StdioPlan) { .kind = STDIO_SOURCE, .source = SOURCE_SOCKET };
                return 0;
        case EXEC_INPUT_DATA:
                *s = (StdioPlan) { .kind = STDIO_SOURCE, .source = SOURCE_DATA };
                return 0;
        case EXEC_INPUT_FILE: {
                /* the same file as stdout or stderr is opened read-write, and shared */
                bool rw = (c->std_output == EXEC_OUTPUT_FILE &&
                           streq_ptr(c->stdio_file[0], c->stdio_file[1])) ||
                          (c->std_error == EXEC_OUTPUT_FILE && streq_ptr(c->stdio_file[0], c->stdio_file[2]));

                if (!c->stdio_file[0])
                        return -EINVAL;
                stdio_plan_open(s, c->stdio_file[0], rw ? O_RDWR | O_CREAT : O_RDONLY);
                return 0;
        }
        default:
                return -EOPNOTSUPP; /* fd: needs named fds from the socket units */
        }
}

static int plan_output(const ExecContext *c, ChildPlan *pl, ExecInput i, ExecOutput o, int n) {
        StdioPlan *s = &pl->stdio[n];

        switch (o) {
        case EXEC_OUTPUT_INHERIT:
                /* we act as PID 1: inherit stdin unless that is /dev/null or data, else /dev/null */
                if (IN_SET(i, EXEC_INPUT_NULL, EXEC_INPUT_DATA))
                        stdio_plan_open(s, "/dev/null", O_WRONLY);
                else
                        *s = (StdioPlan) { .kind = STDIO_DUP_STDIN };
                return 0;
        case EXEC_OUTPUT_NULL:
                stdio_plan_open(s, "/dev/null", O_WRONLY);
                return 0;
        case EXEC_OUTPUT_TTY:
                if (exec_is_terminal_input(i))
                        *s = (StdioPlan) { .kind = STDIO_DUP_STDIN };
                else
                        stdio_plan_open(s, exec_tty_path(c), O_WRONLY | O_NOCTTY);
                return 0;
        case EXEC_OUTPUT_KMSG:
        case EXEC_OUTPUT_KMSG_AND_CONSOLE:
        case EXEC_OUTPUT_JOURNAL:
        case EXEC_OUTPUT_JOURNAL_AND_CONSOLE:
        case EXEC_OUTPUT_SYSLOG:
        case EXEC_OUTPUT_SYSLOG_AND_CONSOLE:
                if (pl->log_fd >= 0)
                        *s = (StdioPlan) { .kind = STDIO_SOURCE, .source = SOURCE_LOG };
                else
                        stdio_plan_open(s, "/dev/null", O_WRONLY);
                return 0;
        case EXEC_OUTPUT_SOCKET:
                *s = (StdioPlan) { .kind = STDIO_SOURCE, .source = SOURCE_SOCKET };
                return 0;
        case EXEC_OUTPUT_FILE:
        case EXEC_OUTPUT_FILE_APPEND:
        case EXEC_OUTPUT_FILE_TRUNCATE:
                if (!c->stdio_file[n])
                        return -EINVAL;
                if (i == EXEC_INPUT_FILE && streq_ptr(c->stdio_file[n], c->stdio_file[0])) {
                        *s = (StdioPlan) { .kind = STDIO_DUP_STDIN };
                        return 0;
                }
                stdio_plan_open(s, c->stdio_file[n],
                                O_WRONLY | O_CREAT | O_NOCTTY |
                                        (o == EXEC_OUTPUT_FILE_APPEND ? O_APPEND : 0) |
                                        (o == EXEC_OUTPUT_FILE_TRUNCATE ? O_TRUNC : 0));
                return 0;
        default:
                return -EOPNOTSUPP;
        }
}

/* systemd's can_inherit_stderr_from_stdout() */
static bool stderr_from_stdout(const ExecContext *c, ExecOutput o, ExecOutput e) {
        if (e == EXEC_OUTPUT_INHERIT)
                return true;
        if (e != o)
                return false;
        if (IN_SET(e, EXEC_OUTPUT_NAMED_FD, EXEC_OUTPUT_FILE, EXEC_OUTPUT_FILE_APPEND,
                   EXEC_OUTPUT_FILE_TRUNCATE))
                return streq_ptr(c->stdio_file[1], c->stdio_file[2]);
        return true;
}

/* Returns 0, or the exit code with *ret_error set and logged; -ENOMEM. */
static int plan_stdio(const ExecContext *c, const ExecParameters *p, ChildPlan *pl, int *ret_error) {
        ExecInput i = c->std_input;
        ExecOutput o = c->std_output, e = c->std_error;
        static const char *const names[3] = { "StandardInput", "StandardOutput", "StandardError" };
        static const int status[3] = { EXIT_STDIN, EXIT_STDOUT, EXIT_STDERR };
        int r, n = 0;

        r = plan_input(c, pl, i);
        if (r >= 0) {
                n = 1;
                r = plan_output(c, pl, i, o, STDOUT_FILENO);
        }
        if (r >= 0) {
                n = 2;
                if (stderr_from_stdout(c, o, e))
                        pl->stdio[STDERR_FILENO] = (StdioPlan) { .kind = STDIO_DUP_STDOUT };
                else
                        r = plan_output(c, pl, i, e, STDERR_FILENO);
        }
        if (r < 0) {
                if (r == -EOPNOTSUPP)
                        log_error("%s: %s=fd:%s is not supported.", strna(p->unit), names[n],
                                  strna(c->stdio_file[n]));
                *ret_error = log_error_errno(r, "%s: Failed to set up standard %s: %m", strna(p->unit),
                                             n == 0 ? "input" : n == 1 ? "output" : "error output");
                return status[n];
        }
        return 0;
}

/* A read-only, sealed memfd holding StandardInputData=. */
static int make_data_fd(const void *data, size_t size) {
        _cleanup_close_ int fd = memfd_create("exec-stdin-data", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        const char *d = data;
        char proc[64];
        int ro;

        if (fd < 0)
                return -errno;
        while (size > 0) {
                ssize_t k = write(fd, d, size);

                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                d += k;
                size -= (size_t) k;
        }
        if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
                return -errno;
        if (lseek(fd, 0, SEEK_SET) < 0)
                return -errno;
        (void) snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        ro = open(proc, O_RDONLY | O_CLOEXEC);
        if (ro >= 0)
                return ro;
        return TAKE_FD(fd);
}

/* ---- exec_spawn ---- */

static int log_deferred(const ExecCommand *cmd, const char *unit, int status, int error) {
        return log_error_errno(error, "%s: Failed at step %s spawning %s: %m", unit,
                               strna(exit_status_to_string(status)), cmd->path);
}

static int spawn_plan(ChildPlan *plan, const char *unit, pid_t *ret_pid) {
        int r = exec_child_spawn(plan, ret_pid);

        if (r < 0)
                return log_error_errno(r, "%s: Failed to spawn a process: %m", unit);
        return 0;
}

int exec_spawn(const ExecCommand *cmd, const ExecContext *c, const ExecParameters *p, pid_t *ret_pid) {
        _cleanup_(exec_creds_done) ExecCreds cr = {};
        _cleanup_(exec_env_done) ExecEnv env = {};
        _cleanup_strv_free_ char **files_env = NULL, **argv = NULL;
        _cleanup_free_ char *path = NULL, *home = NULL, *wd = NULL;
        _cleanup_free_ int *fds = NULL;
        _cleanup_close_ int data_fd = -EBADF;
        const char *unit = strna(p->unit);
        int r, error = 0, socket_fd = -EBADF;
        const struct rlimit *rlimits[N_RLIMITS];
        char *const *args;
        size_t n_fds;
        ChildPlan plan;

        if (!cmd || !cmd->path || !cmd->argv || !c || !p || !ret_pid || (p->n_fds > 0 && !p->fds))
                return -EINVAL;

        if (exec_uses_socket_stdio(c)) {
                if (p->stdin_fd >= 0)
                        socket_fd = p->stdin_fd;
                else if (p->n_fds == 1)
                        socket_fd = p->fds[0];
                else
                        return log_error_errno(EINVAL, "%s: %s", unit,
                                               p->n_fds > 1 ? "Got more than one socket." : "Got no socket.");
        }
        n_fds = exec_passed_fds(c, p);
        args = cmd->argv;

        r = exec_load_environment_files(c, &files_env);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to load environment files: %m", unit);

        plan = (ChildPlan) {
                .unit = unit,
                .path = cmd->path,
                .socket_fd = socket_fd,
                .socket_fd_blocking = socket_fd >= 0 && socket_fd == p->stdin_fd && p->stdin_fd_blocking,
                .log_fd = p->log_fd,
                .data_fd = -EBADF,
                .err_fd = -EBADF,
        };

        r = exec_creds_resolve(c, unit, &cr, &error);
        if (r == 0)
                r = setup_exec_directories(c, p, &cr, &error);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to prepare the process: %m", unit);
        if (r > 0) {
                log_deferred(cmd, unit, r, error);
                plan.exit_early = true;
                plan.early_status = r;
                return spawn_plan(&plan, unit, ret_pid);
        }

        r = exec_home(c, &cr, &home);
        if (r == -ENOMEM)
                return log_oom();
        if (c->working_directory_home) {
                if (!home) {
                        log_deferred(cmd, unit, EXIT_CHDIR, ENXIO);
                        plan.exit_early = true;
                        plan.early_status = EXIT_CHDIR;
                        return spawn_plan(&plan, unit, ret_pid);
                }
                wd = strdup(home);
        } else
                wd = c->working_directory ? strdup(c->working_directory) : NULL;
        if ((c->working_directory_home || c->working_directory) && !wd)
                return log_oom();

        r = exec_env_build(c, p, n_fds, &cr, home, files_env, &env);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to build the environment: %m", unit);
        /* a command line without "$" is passed as it is, not copied word by word */
        if (!(cmd->flags & EXEC_COMMAND_NO_ENV_EXPAND) && strv_has_char(cmd->argv, '$')) {
                if (replace_env_argv(cmd->argv, env.envp, &argv) < 0)
                        return log_oom();
                args = argv;
        }

        r = resolve_executable(cmd->path, c->root_directory, &path);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                plan.exit_early = true;
                if (cmd->flags & EXEC_COMMAND_IGNORE_FAILURE) {
                        log_info_errno(r, "%s: Executable %s missing, skipping: %m", unit, cmd->path);
                        plan.early_status = EXIT_SUCCESS;
                } else {
                        log_error_errno(r, "%s: Failed to locate executable %s: %m", unit, cmd->path);
                        log_deferred(cmd, unit, EXIT_EXEC, r);
                        plan.early_status = EXIT_EXEC;
                }
                return spawn_plan(&plan, unit, ret_pid);
        }

        r = plan_stdio(c, p, &plan, &error);
        if (r < 0)
                return log_oom();
        if (r > 0) {
                log_deferred(cmd, unit, r, error);
                plan.exit_early = true;
                plan.early_status = r;
                return spawn_plan(&plan, unit, ret_pid);
        }
        if (c->std_input == EXEC_INPUT_DATA) {
                data_fd = make_data_fd(c->std_input_data, c->std_input_data_size);
                if (data_fd < 0) {
                        log_error_errno(data_fd, "%s: Failed to set up standard input: %m", unit);
                        log_deferred(cmd, unit, EXIT_STDIN, data_fd);
                        plan.exit_early = true;
                        plan.early_status = EXIT_STDIN;
                        return spawn_plan(&plan, unit, ret_pid);
                }
                plan.data_fd = data_fd;
        }
        if (n_fds > 0) {
                fds = calloc(n_fds, sizeof(int));
                if (!fds)
                        return log_oom();
                memcpy(fds, p->fds, n_fds * sizeof(int));
        }

        if (log_get_max_level() >= LOG_DEBUG) {
                _cleanup_free_ char *line = strv_join(args, " ");

                log_debug("%s: About to execute %s: %s", unit, path ?: cmd->path, strna(line));
        }

        plan.path = path;
        plan.argv = args;
        plan.envp = env.envp;
        plan.ignore_enoent = cmd->flags & EXEC_COMMAND_IGNORE_FAILURE;
        plan.listen_pid_slot = env.listen_pid_slot;
        plan.watchdog_pid_slot = env.watchdog_pid_slot;
        plan.exec_pid_slot = env.exec_pid_slot;
        plan.fds = fds;
        plan.n_fds = n_fds;
        plan.non_blocking = p->non_blocking;
        plan.file_mode = 0666 & ~c->umask;
        exec_plan_signals(&plan, p->signals, c->ignore_sigpipe);
        plan.oom_score_adjust = c->oom_score_adjust;
        plan.oom_score_adjust_set = c->oom_score_adjust_set;
        plan.nice = c->nice;
        plan.nice_set = c->nice_set;
        plan.sched_set = c->cpu_sched_policy >= 0 || c->cpu_sched_priority != 0 || c->cpu_sched_reset_on_fork;
        plan.sched_policy = (c->cpu_sched_policy >= 0 ? c->cpu_sched_policy : SCHED_OTHER) |
                (c->cpu_sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
        plan.sched_priority = c->cpu_sched_priority;
        /* IOSchedulingClass= (IOSchedulingPriority= alone means best-effort); idle and none take no level */
        if (c->ioprio_class >= 0 || c->ioprio_priority != 4) {
                int class = c->ioprio_class >= 0 ? c->ioprio_class : 2;

                plan.ioprio = (class << 13) | (IN_SET(class, 1, 2) ? c->ioprio_priority : 0);
        } else
                plan.ioprio = -1;
        plan.timer_slack_set = c->timer_slack_nsec != NSEC_INFINITY;
        plan.timer_slack = (unsigned long) c->timer_slack_nsec;
        plan.umask = c->umask;
        for (size_t i = 0; i < N_RLIMITS; i++)
                rlimits[i] = c->rlimit[i] ?: (p->default_rlimits ? p->default_rlimits[i] : NULL);
        plan.rlimits = rlimits;
        plan.sandbox = !(cmd->flags & EXEC_COMMAND_FULLY_PRIVILEGED);
        plan.no_new_privileges = c->no_new_privileges;
        plan.set_uid = p->apply_credentials && plan.sandbox && !(cmd->flags & EXEC_COMMAND_NO_SETUID);
        plan.uid = cr.uid;
        plan.gid = cr.gid;
        plan.groups = cr.groups;
        plan.n_groups = cr.n_groups;
        plan.set_groups = cr.set_groups;
        plan.root_directory = c->root_directory;
        plan.working_directory = wd;
        plan.working_directory_missing_ok = c->working_directory_missing_ok;

        return spawn_plan(&plan, unit, ret_pid);
}
