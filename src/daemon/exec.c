/* SPDX-License-Identifier: MIT */
/* Spawning service processes. The parent prepares a ChildPlan (argv, envp, credentials, stdio sources, ...);
 * after fork() the child only makes system calls on that plan: no allocation, no stdio, no locks, so that the
 * fork could later become a vfork-style clone. The order of the child's steps follows systemd 252's
 * exec_child(); each failing step ends the child with systemd's exit code for it. */

#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "env-util.h"
#include "exec.h"
#include "exit-status.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "user-util.h"

extern char **environ;

/* Largest EnvironmentFile= we read. */
#define ENV_FILE_MAX (64U * 1024U * 1024U)
/* The fallback close loop (kernels without close_range()) stops here. */
#define CLOSE_LOOP_MAX 65536

/* ---- the manager environment ---- */

/* What systemd's sanitize_environment() removes from a manager's environment: variables it sets itself per
 * service. */
static const char *const manager_private_vars[] = {
        "EXIT_CODE",   "EXIT_STATUS", "INVOCATION_ID",  "JOURNAL_STREAM", "LISTEN_FDNAMES", "LISTEN_FDS",
        "LISTEN_PID",  "MAINPID",     "MANAGERPID",     "NOTIFY_SOCKET",  "PIDFILE",        "REMOTE_ADDR",
        "REMOTE_PORT", "SERVICE_RESULT", "WATCHDOG_PID", "WATCHDOG_USEC", "SYSTEMD_EXEC_PID",
};

static bool is_locale_var(const char *assignment) {
        return startswith(assignment, "LANG=") || startswith(assignment, "LANGUAGE=") ||
                startswith(assignment, "LC_");
}

int exec_manager_environment(bool user_instance, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        for (char **e = environ; e && *e; e++) {
                if (!env_assignment_is_valid(*e))
                        continue;
                if (!user_instance && !is_locale_var(*e))
                        continue;
                r = strv_env_replace_strdup(&l, *e);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(manager_private_vars); i++)
                (void) strv_env_unset(l, manager_private_vars[i]);
        r = strv_env_replace_strdup(&l, "PATH=" EXEC_SEARCH_PATH_DEFAULT);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

/* ---- credentials (systemd's get_fixed_user()/get_fixed_group() with USER_CREDS_CLEAN) ---- */

typedef struct ExecCreds {
        char *user_name; /* NULL without User= */
        char *home;      /* NULL: $HOME not set */
        char *shell;
        uid_t uid;       /* (uid_t) -1: not changed */
        gid_t gid;       /* (gid_t) -1: not changed */
        gid_t *groups;   /* the supplementary groups to set, if set_groups */
        size_t n_groups;
        bool set_groups;
} ExecCreds;

static void exec_creds_done(ExecCreds *cr) {
        free(cr->user_name);
        free(cr->home);
        free(cr->shell);
        free(cr->groups);
}

static bool is_nologin_shell(const char *s) {
        return STR_IN_SET(s, "/bin/nologin", "/sbin/nologin", "/usr/bin/nologin", "/usr/sbin/nologin",
                          "/bin/false", "/usr/bin/false", "/bin/true", "/usr/bin/true");
}

static int creds_set_user(ExecCreds *cr, const char *name, uid_t uid, gid_t gid, const char *home,
                          const char *shell) {
        /* USER_CREDS_CLEAN: no $HOME for "/" or a relative path, no $SHELL for nologin shells. */
        if (isempty(home) || home[0] != '/' || streq(home, "/"))
                home = NULL;
        if (isempty(shell) || shell[0] != '/' || is_nologin_shell(shell))
                shell = NULL;
        cr->user_name = strdup(name);
        cr->home = home ? strdup(home) : NULL;
        cr->shell = shell ? strdup(shell) : NULL;
        if (!cr->user_name || (home && !cr->home) || (shell && !cr->shell))
                return -ENOMEM;
        cr->uid = uid;
        cr->gid = gid;
        return 0;
}

static int lookup_user(ExecCreds *cr, const char *name) {
        struct passwd *pw;
        uid_t uid;

        if (STR_IN_SET(name, "root", "0"))
                return creds_set_user(cr, "root", 0, 0, "/root", "/bin/sh");
        if (STR_IN_SET(name, "nobody", "65534"))
                return creds_set_user(cr, "nobody", 65534, 65534, NULL, NULL);
        errno = 0;
        if (parse_uid(name, &uid) >= 0)
                pw = getpwuid(uid); /* a numeric User= gets the real name in $USER */
        else
                pw = getpwnam(name);
        if (!pw)
                return errno > 0 ? -errno : -ESRCH;
        return creds_set_user(cr, pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir, pw->pw_shell);
}

static int lookup_group(const char *name, gid_t *ret) {
        struct group *gr;
        gid_t gid;

        if (STR_IN_SET(name, "root", "0")) {
                *ret = 0;
                return 0;
        }
        if (STR_IN_SET(name, "nogroup", "65534")) {
                *ret = 65534;
                return 0;
        }
        errno = 0;
        if (parse_gid(name, &gid) >= 0)
                gr = getgrgid(gid);
        else
                gr = getgrnam(name);
        if (!gr)
                return errno > 0 ? -errno : -ESRCH;
        *ret = gr->gr_gid;
        return 0;
}

/* The supplementary groups as systemd's get_supplementary_groups(): the user's groups (initgroups()) when
 * User= is set with a primary group other than root's, plus SupplementaryGroups=. */
static int lookup_supplementary_groups(ExecCreds *cr, const ExecContext *c) {
        long max;
        size_t n = 0;
        int r;

        /* nothing to do without User= or SupplementaryGroups= (checked first: sysconf() reads /proc) */
        if (!(cr->user_name && cr->gid != (gid_t) -1 && cr->gid != 0) && !c->supplementary_groups)
                return 0;
        max = sysconf(_SC_NGROUPS_MAX);
        if (max <= 0)
                max = NGROUPS_MAX;
        cr->groups = calloc((size_t) max, sizeof(gid_t));
        if (!cr->groups)
                return -ENOMEM;
        if (cr->user_name && cr->gid != (gid_t) -1 && cr->gid != 0) {
                int k = (int) max;

                if (getgrouplist(cr->user_name, cr->gid, cr->groups, &k) < 0)
                        return -E2BIG;
                n = (size_t) k;
        }
        STRV_FOREACH(g, c->supplementary_groups) {
                if (n >= (size_t) max)
                        return -E2BIG;
                r = lookup_group(*g, &cr->groups[n]);
                if (r < 0)
                        return r;
                n++;
        }
        cr->n_groups = n;
        cr->set_groups = n > 0;
        return 0;
}

/* Returns 0, or the systemd exit code (EXIT_USER, EXIT_GROUP) with the error in *ret_error and the message
 * logged; -ENOMEM. */
static int exec_creds_resolve(const ExecContext *c, const char *unit, ExecCreds *cr, int *ret_error) {
        int r;

        *cr = (ExecCreds) { .uid = (uid_t) -1, .gid = (gid_t) -1 };
        if (c->user) {
                r = lookup_user(cr, c->user);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        *ret_error = log_error_errno(r, "%s: Failed to determine user credentials: %m", unit);
                        return EXIT_USER;
                }
        }
        if (c->group) {
                r = lookup_group(c->group, &cr->gid);
                if (r < 0) {
                        *ret_error = log_error_errno(r, "%s: Failed to determine group credentials: %m",
                                                     unit);
                        return EXIT_GROUP;
                }
        }
        r = lookup_supplementary_groups(cr, c);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                *ret_error = log_error_errno(r, "%s: Failed to determine supplementary groups: %m", unit);
                return EXIT_GROUP;
        }
        return 0;
}

/* The home directory for WorkingDirectory=~ without a usable one from User= (systemd's acquire_home()). */
static int manager_home(char **ret) {
        const char *h = getenv("HOME");
        struct passwd *pw;

        if (getuid() == 0)
                h = "/root";
        else if (isempty(h) || h[0] != '/') {
                pw = getpwuid(getuid());
                if (!pw || isempty(pw->pw_dir) || pw->pw_dir[0] != '/')
                        return -ENXIO;
                h = pw->pw_dir;
        }
        *ret = strdup(h);
        return *ret ? 0 : -ENOMEM;
}

/* ---- EnvironmentFile= ---- */

static int read_file_bounded(const char *path, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        _cleanup_free_ char *buf = NULL;
        size_t n = 0, alloc = 0;

        if (fd < 0)
                return -errno;
        for (;;) {
                ssize_t k;

                if (n + 4096 > alloc) {
                        char *b;

                        if (alloc >= ENV_FILE_MAX)
                                return -E2BIG;
                        alloc = MAX(alloc * 2, (size_t) 16384);
                        b = realloc(buf, alloc + 1);
                        if (!b)
                                return -ENOMEM;
                        buf = b;
                }
                k = read(fd, buf + n, alloc - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        if (!buf && !(buf = malloc(1)))
                return -ENOMEM;
        buf[n] = '\0';
        *ret = TAKE_PTR(buf);
        *ret_size = n;
        return 0;
}

static int load_env_path(const char *path, char ***env) {
        _cleanup_free_ char *text = NULL;
        _cleanup_strv_free_ char **l = NULL;
        size_t size = 0;
        int r;

        r = read_file_bounded(path, &text, &size);
        if (r < 0)
                return r;
        r = env_file_parse(text, size, path, &l);
        if (r < 0)
                return r;
        return strv_env_merge(env, l);
}

/* EnvironmentFile= as systemd 252's exec_context_load_environment(): each entry is a glob, its matches are
 * read in order; "-" in front ignores any error for that entry. */
static int load_environment_files(const ExecContext *c, char ***ret) {
        _cleanup_strv_free_ char **env = NULL;
        int r;

        STRV_FOREACH(e, c->environment_files) {
                const char *fn = *e;
                bool ignore = fn[0] == '-';
                glob_t g = {};

                if (ignore)
                        fn++;
                r = glob(fn, GLOB_NOSORT, NULL, &g);
                if (r != 0) {
                        globfree(&g);
                        if (r == GLOB_NOSPACE)
                                return -ENOMEM;
                        if (ignore)
                                continue;
                        return r == GLOB_NOMATCH ? -ENOENT : -EIO;
                }
                strv_sort(g.gl_pathv); /* byte order, not the locale's collation */
                for (size_t i = 0; i < g.gl_pathc; i++) {
                        r = load_env_path(g.gl_pathv[i], &env);
                        if (r == -ENOMEM || (r < 0 && !ignore)) {
                                globfree(&g);
                                return r;
                        }
                }
                globfree(&g);
        }
        *ret = TAKE_PTR(env);
        return 0;
}

/* ---- the environment ---- */

static const char *const exec_directory_env[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "RUNTIME_DIRECTORY",
        [EXEC_DIRECTORY_STATE] = "STATE_DIRECTORY",
        [EXEC_DIRECTORY_CACHE] = "CACHE_DIRECTORY",
        [EXEC_DIRECTORY_LOGS] = "LOGS_DIRECTORY",
        [EXEC_DIRECTORY_CONFIGURATION] = "CONFIGURATION_DIRECTORY",
};

static const int exec_directory_exit_status[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = EXIT_RUNTIME_DIRECTORY,
        [EXEC_DIRECTORY_STATE] = EXIT_STATE_DIRECTORY,
        [EXEC_DIRECTORY_CACHE] = EXIT_CACHE_DIRECTORY,
        [EXEC_DIRECTORY_LOGS] = EXIT_LOGS_DIRECTORY,
        [EXEC_DIRECTORY_CONFIGURATION] = EXIT_CONFIGURATION_DIRECTORY,
};

static const char *exec_directory_root(const ExecParameters *p, ExecDirectoryType t) {
        switch (t) {
        case EXEC_DIRECTORY_RUNTIME:
                return p->runtime_dir_root;
        case EXEC_DIRECTORY_STATE:
                return p->state_dir_root;
        case EXEC_DIRECTORY_CACHE:
                return p->cache_dir_root;
        case EXEC_DIRECTORY_LOGS:
                return p->logs_dir_root;
        case EXEC_DIRECTORY_CONFIGURATION:
                return p->config_dir_root;
        default:
                return NULL;
        }
}

static bool is_terminal_input(ExecInput i) {
        return IN_SET(i, EXEC_INPUT_TTY, EXEC_INPUT_TTY_FORCE, EXEC_INPUT_TTY_FAIL);
}

static bool is_terminal_output(ExecOutput o) {
        return IN_SET(o, EXEC_OUTPUT_TTY, EXEC_OUTPUT_KMSG_AND_CONSOLE, EXEC_OUTPUT_JOURNAL_AND_CONSOLE,
                      EXEC_OUTPUT_SYSLOG_AND_CONSOLE);
}

static const char *tty_path(const ExecContext *c) {
        return c->tty_path ?: "/dev/console";
}

/* The last word of a sysfs "active" file, into buf. */
static bool read_active_console(const char *path, char *buf, size_t size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t n;
        char *w;

        if (fd < 0)
                return false;
        n = read(fd, buf, size - 1);
        if (n <= 0)
                return false;
        buf[n] = '\0';
        delete_trailing_chars(buf, WHITESPACE);
        w = strrchr(buf, ' ');
        if (w)
                memmove(buf, w + 1, strlen(w + 1) + 1);
        return buf[0] != '\0';
}

/* $TERM for a tty unit, as systemd 252: the manager's $TERM on /dev/console, "linux" on a virtual console,
 * else "vt220". */
static const char *term_for_tty(const char *path) {
        const char *n = startswith(path, "/dev/") ?: path;
        char active[256];

        if (streq(n, "console")) {
                const char *t = getenv("TERM");

                if (!isempty(t))
                        return t;
                if (!read_active_console("/sys/class/tty/console/active", active, sizeof(active)))
                        return "vt220";
                if (streq(active, "tty0") &&
                    !read_active_console("/sys/class/tty/tty0/active", active, sizeof(active)))
                        return "vt220";
                n = active;
        }
        n = startswith(n, "tty");
        return n && n[0] != '\0' && in_charset(n, DIGITS) ? "linux" : "vt220";
}

static bool exec_context_needs_term(const ExecContext *c) {
        return is_terminal_input(c->std_input) || is_terminal_output(c->std_output) ||
                is_terminal_output(c->std_error) || c->tty_path;
}

static bool uses_socket_stdio(const ExecContext *c) {
        return c->std_input == EXEC_INPUT_SOCKET || c->std_output == EXEC_OUTPUT_SOCKET ||
                c->std_error == EXEC_OUTPUT_SOCKET;
}

static int env_add(char ***l, const char *name, const char *value) {
        char *a = strjoin(name, "=", value);

        if (!a)
                return -ENOMEM;
        return strv_consume(l, a);
}

/* What the manager defines itself (systemd's build_environment()). */
static int manager_defined_env(const ExecContext *c, const ExecParameters *p, size_t n_fds,
                               const ExecCreds *cr, const char *home, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        char buf[32];
        int r;

        if (p->pass_listen_env && n_fds > 0) {
                r = env_add(&l, "LISTEN_PID", EXEC_PID_PLACEHOLDER);
                if (r < 0)
                        return r;
                (void) snprintf(buf, sizeof(buf), "%zu", n_fds);
                r = env_add(&l, "LISTEN_FDS", buf);
                if (r < 0)
                        return r;
                if (p->fd_names) {
                        _cleanup_free_ char *joined = NULL;
                        size_t n = strv_length(p->fd_names);

                        for (size_t i = 0; i < n_fds; i++) {
                                const char *name = i < n ? p->fd_names[i] : "unknown";
                                char *j = joined ? strjoin(joined, ":", name) : strdup(name);

                                if (!j)
                                        return -ENOMEM;
                                free_and_replace_str(&joined, j);
                        }
                        r = env_add(&l, "LISTEN_FDNAMES", joined);
                        if (r < 0)
                                return r;
                }
        }
        r = env_add(&l, "SYSTEMD_EXEC_PID", EXEC_PID_PLACEHOLDER);
        if (r < 0)
                return r;
        if (home) {
                r = env_add(&l, "HOME", home);
                if (r < 0)
                        return r;
        }
        if (cr->user_name) {
                r = env_add(&l, "LOGNAME", cr->user_name);
                if (r >= 0)
                        r = env_add(&l, "USER", cr->user_name);
                if (r < 0)
                        return r;
        }
        if (cr->shell) {
                r = env_add(&l, "SHELL", cr->shell);
                if (r < 0)
                        return r;
        }
        if (exec_context_needs_term(c)) {
                r = env_add(&l, "TERM", term_for_tty(tty_path(c)));
                if (r < 0)
                        return r;
        }
        for (int t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                const char *root = exec_directory_root(p, t);
                _cleanup_free_ char *joined = NULL;

                if (!root || !c->directories[t].paths)
                        continue;
                STRV_FOREACH(d, c->directories[t].paths) {
                        char *j = strjoin(strempty(joined), joined ? ":" : "", root, "/", *d);

                        if (!j)
                                return -ENOMEM;
                        free_and_replace_str(&joined, j);
                }
                r = env_add(&l, exec_directory_env[t], joined);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

static int build_env(const ExecContext *c, const ExecParameters *p, size_t n_fds, const ExecCreds *cr,
                     const char *home, char *const *files_env, char ***ret) {
        _cleanup_strv_free_ char **l = NULL, **ours = NULL;
        int r;

        l = strv_copy(p->manager_environment);
        if (!l && p->manager_environment)
                return -ENOMEM;
        r = strv_env_merge(&l, p->extra_environment);
        if (r < 0)
                return r;
        r = manager_defined_env(c, p, n_fds, cr, home, &ours);
        if (r < 0)
                return r;
        r = strv_env_merge(&l, ours);
        if (r < 0)
                return r;
        STRV_FOREACH(n, c->pass_environment) {
                const char *v = getenv(*n);

                if (v && env_value_is_valid(v)) {
                        r = strv_env_assign(&l, *n, v);
                        if (r < 0)
                                return r;
                }
        }
        r = strv_env_merge(&l, c->environment);
        if (r < 0)
                return r;
        r = strv_env_merge(&l, files_env);
        if (r < 0)
                return r;
        r = strv_env_clean(l);
        if (r < 0)
                return r;
        STRV_FOREACH(u, c->unset_environment)
                (void) strv_env_unset(l, *u);
        if (!l && !(l = calloc(1, sizeof(char *))))
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

static size_t passed_fds(const ExecContext *c, const ExecParameters *p) {
        /* With StandardInput/Output/Error=socket the connection goes to stdio and nothing is passed. */
        return uses_socket_stdio(c) ? 0 : p->n_fds;
}

/* The home directory for $HOME and WorkingDirectory=~: from User=, else for '~' the manager's. */
static int exec_home(const ExecContext *c, const ExecCreds *cr, char **ret) {
        if (cr->home) {
                *ret = strdup(cr->home);
                return *ret ? 0 : -ENOMEM;
        }
        if (!c->working_directory_home) {
                *ret = NULL;
                return 0;
        }
        return manager_home(ret);
}

int exec_build_environment(const ExecContext *c, const ExecParameters *p, char ***ret) {
        _cleanup_(exec_creds_done) ExecCreds cr = {};
        _cleanup_strv_free_ char **files_env = NULL;
        _cleanup_free_ char *home = NULL;
        int r, error = 0;

        r = load_environment_files(c, &files_env);
        if (r < 0)
                return r;
        r = exec_creds_resolve(c, strna(p->unit), &cr, &error);
        if (r < 0)
                return r;
        if (r > 0)
                return error;
        r = exec_home(c, &cr, &home);
        if (r == -ENOMEM)
                return r;
        return build_env(c, p, passed_fds(c, p), &cr, home, files_env, ret);
}

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

/* ---- the plan for the child ---- */

typedef enum StdioKind {
        STDIO_OPEN,       /* open(path, flags, mode) */
        STDIO_SOURCE,     /* dup2(the source fd, n) */
        STDIO_DUP_STDIN,  /* dup2(0, n) */
        STDIO_DUP_STDOUT, /* dup2(1, n) */
} StdioKind;

typedef enum StdioSource {
        SOURCE_SOCKET,
        SOURCE_LOG,
        SOURCE_DATA,
} StdioSource;

typedef struct StdioPlan {
        StdioKind kind;
        const char *path;
        int flags;
        StdioSource source;
} StdioPlan;

typedef struct ChildPlan {
        const char *unit;
        bool exit_early; /* a step failed in the parent (and logged why): the child exits at once */
        int early_status;
        const char *path;
        char **argv;
        char **envp;
        bool ignore_enoent;
        char *listen_pid_slot;
        char *exec_pid_slot;

        int *fds; /* the fds to pass (moved around by the child) */
        size_t n_fds;
        bool non_blocking;
        int socket_fd;
        int log_fd;
        int data_fd;
        int err_fd;
        StdioPlan stdio[3];
        mode_t file_mode;

        bool ignore_sigpipe;
        int oom_score_adjust;
        bool oom_score_adjust_set;
        int nice;
        bool nice_set;
        bool sched_set;
        int sched_policy;
        int sched_priority;
        int ioprio; /* -1: unchanged */
        bool timer_slack_set;
        unsigned long timer_slack;
        mode_t umask;
        const struct rlimit *const *rlimits; /* N_RLIMITS entries, NULL: unchanged */
        bool sandbox;                        /* rlimits, NoNewPrivileges= (not for '+') */
        bool no_new_privileges;
        bool set_uid;
        uid_t uid;
        gid_t gid;
        const gid_t *groups;
        size_t n_groups;
        bool set_groups;
        const char *root_directory;
        const char *working_directory; /* NULL: "/" */
        bool working_directory_missing_ok;
} ChildPlan;

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
                stdio_plan_open(s, tty_path(c), O_RDWR | O_NOCTTY);
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
                if (is_terminal_input(i))
                        *s = (StdioPlan) { .kind = STDIO_DUP_STDIN };
                else
                        stdio_plan_open(s, tty_path(c), O_WRONLY | O_NOCTTY);
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
        /* keep the daemon's stderr for our own failure messages; CLOEXEC, so the service never sees it */
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
        if (pl->socket_fd >= 0)
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

        /* 1. signals: every disposition to default (IgnoreSIGPIPE=yes ignores SIGPIPE), then an empty mask */
        for (int sig = 1; sig < _NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        (void) sigaction(sig, &sa, NULL);
        if (pl->ignore_sigpipe) {
                sa.sa_handler = SIG_IGN;
                (void) sigaction(SIGPIPE, &sa, NULL);
        }
        if (sigemptyset(&empty) < 0 || sigprocmask(SIG_SETMASK, &empty, NULL) < 0)
                _exit(EXIT_SIGNAL_MASK);

        /* a step that already failed in the parent (it logged why) */
        if (pl->exit_early)
                _exit(pl->early_status);

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
                if (pl->set_groups && setgroups(pl->n_groups, pl->groups) < 0)
                        child_fail(pl, EXIT_GROUP, errno);
                if (pl->gid != (gid_t) -1 && setresgid(pl->gid, pl->gid, pl->gid) < 0)
                        child_fail(pl, EXIT_GROUP, errno);
        }
        if (pl->root_directory && chroot(pl->root_directory) < 0)
                child_fail(pl, EXIT_CHROOT, errno);
        if (pl->set_uid && pl->uid != (uid_t) -1 && setresuid(pl->uid, pl->uid, pl->uid) < 0)
                child_fail(pl, EXIT_USER, errno);
        if (chdir(pl->working_directory ?: "/") < 0) {
                if (!pl->working_directory_missing_ok)
                        child_fail(pl, EXIT_CHDIR, errno);
                (void) chdir("/"); /* where systemd's PID 1 is */
        }
        if (pl->sandbox && pl->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                child_fail(pl, EXIT_NO_NEW_PRIVILEGES, errno);

        /* 6. exec */
        if (pl->listen_pid_slot)
                child_format_pid(pl->listen_pid_slot, getpid());
        if (pl->exec_pid_slot)
                child_format_pid(pl->exec_pid_slot, getpid());
        execve(pl->path, pl->argv, pl->envp);
        if (errno == ENOENT && pl->ignore_enoent)
                _exit(EXIT_SUCCESS); /* systemd: "Executable %s missing, skipping" */
        child_fail(pl, EXIT_EXEC, errno);
}

/* ---- exec_spawn ---- */

static char *find_pid_slot(char **envp, const char *name) {
        size_t n = strlen(name);

        STRV_FOREACH(e, envp)
                if (strneq(*e, name, n) && (*e)[n] == '=' && streq(*e + n + 1, EXEC_PID_PLACEHOLDER))
                        return *e + n + 1;
        return NULL;
}

static int log_deferred(const ExecCommand *cmd, const char *unit, int status, int error) {
        return log_error_errno(error, "%s: Failed at step %s spawning %s: %m", unit,
                               strna(exit_status_to_string(status)), cmd->path);
}

static int spawn_plan(ChildPlan *plan, const char *unit, pid_t *ret_pid) {
        pid_t pid = fork();

        if (pid < 0)
                return log_error_errno(errno, "%s: Failed to fork: %m", unit);
        if (pid == 0)
                child_run(plan); /* on our own copy of the memory */
        *ret_pid = pid;
        return 0;
}

int exec_spawn(const ExecCommand *cmd, const ExecContext *c, const ExecParameters *p, pid_t *ret_pid) {
        _cleanup_(exec_creds_done) ExecCreds cr = {};
        _cleanup_strv_free_ char **files_env = NULL, **envp = NULL, **argv = NULL;
        _cleanup_free_ char *path = NULL, *home = NULL, *wd = NULL;
        _cleanup_free_ int *fds = NULL;
        _cleanup_close_ int data_fd = -EBADF;
        const char *unit = strna(p->unit);
        int r, error = 0, socket_fd = -EBADF;
        size_t n_fds;
        ChildPlan plan;

        if (!cmd || !cmd->path || !cmd->argv || !c || !p || !ret_pid || (p->n_fds > 0 && !p->fds))
                return -EINVAL;

        if (uses_socket_stdio(c)) {
                if (p->stdin_fd >= 0)
                        socket_fd = p->stdin_fd;
                else if (p->n_fds == 1)
                        socket_fd = p->fds[0];
                else
                        return log_error_errno(EINVAL, "%s: %s", unit,
                                               p->n_fds > 1 ? "Got more than one socket." : "Got no socket.");
        }
        n_fds = passed_fds(c, p);

        r = load_environment_files(c, &files_env);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to load environment files: %m", unit);

        plan = (ChildPlan) {
                .unit = unit,
                .path = cmd->path,
                .socket_fd = socket_fd,
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

        r = build_env(c, p, n_fds, &cr, home, files_env, &envp);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to build the environment: %m", unit);
        if (cmd->flags & EXEC_COMMAND_NO_ENV_EXPAND)
                argv = strv_copy(cmd->argv);
        else if (replace_env_argv(cmd->argv, envp, &argv) < 0)
                argv = NULL;
        if (!argv)
                return log_oom();

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
                _cleanup_free_ char *line = strv_join(argv, " ");

                log_debug("%s: About to execute %s: %s", unit, path ?: cmd->path, strna(line));
        }

        plan.path = path;
        plan.argv = argv;
        plan.envp = envp;
        plan.ignore_enoent = cmd->flags & EXEC_COMMAND_IGNORE_FAILURE;
        plan.listen_pid_slot = find_pid_slot(envp, "LISTEN_PID");
        plan.exec_pid_slot = find_pid_slot(envp, "SYSTEMD_EXEC_PID");
        plan.fds = fds;
        plan.n_fds = n_fds;
        plan.non_blocking = p->non_blocking;
        plan.file_mode = 0666 & ~c->umask;
        plan.ignore_sigpipe = c->ignore_sigpipe;
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
        plan.rlimits = (const struct rlimit *const *) c->rlimit;
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
