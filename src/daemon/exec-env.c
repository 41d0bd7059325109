/* SPDX-License-Identifier: MIT */
/* The parent's look-ups for a spawn: the manager environment, User=/Group= credentials, EnvironmentFile=
 * and the environment of the process (systemd 252's build_environment() and friends). */

#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>

#include "env-util.h"
#include "exec-internal.h"
#include "fileio.h"
#include "exit-status.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "user-util.h"

extern char **environ;

/* Largest EnvironmentFile= we read. */
#define ENV_FILE_MAX (64U * 1024U * 1024U)

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

int exec_environment_index(char *const *env, Hashmap **ret) {
        Hashmap *h = hashmap_new();
        size_t i = 0;

        if (!h)
                return -ENOMEM;
        for (char *const *e = env; e && *e; e++, i++) {
                _cleanup_free_ char *name = strndup(*e, strcspn(*e, "="));

                if (!name || hashmap_replace(h, name, (void *) (uintptr_t) (i + 1), NULL) < 0) {
                        hashmap_free(h, NULL);
                        return -ENOMEM;
                }
        }
        *ret = h;
        return 0;
}

/* ---- credentials (systemd's get_fixed_user()/get_fixed_group() with USER_CREDS_CLEAN) ---- */

void exec_creds_done(ExecCreds *cr) {
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

int exec_creds_resolve(const ExecContext *c, const char *unit, ExecCreds *cr, int *ret_error) {
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

        if (fd < 0)
                return -errno;
        return read_fd_bounded(fd, ENV_FILE_MAX, false, 0, ret, ret_size);
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
int exec_load_environment_files(const ExecContext *c, char ***ret) {
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

const char *exec_directory_root(const ExecParameters *p, ExecDirectoryType t) {
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
        return exec_is_terminal_input(c->std_input) || exec_is_terminal_output(c->std_output) ||
                exec_is_terminal_output(c->std_error) || c->tty_path;
}

/* ---- the assignments of one spawn ----
 *
 * The assignments other than the manager environment's are collected in merge order in a list of pointers,
 * each replacing an earlier one of the same name in its place (strv_env_merge()'s "the last wins"). None is
 * copied: they point into the unit's settings, the EnvironmentFile= contents and ExecParameters, which outlive
 * the spawn, or to the strings made here, which ExecEnv.own keeps. */

/* The most strings manager_defined_env() makes: LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES, WATCHDOG_PID,
 * WATCHDOG_USEC, SYSTEMD_EXEC_PID, HOME, LOGNAME, USER, SHELL, TERM and one per directory type. */
#define MANAGER_DEFINED_MAX (11U + _EXEC_DIRECTORY_TYPE_MAX)

typedef struct EnvSet {
        const char **v;
        size_t n;
        ExecEnv *env; /* where the strings made go */
} EnvSet;

/* The index of the entry of l that assigns the variable of assignment a, or -1. */
static ssize_t env_find(const char *const *l, size_t n_l, const char *a) {
        size_t n = strcspn(a, "=") + 1; /* with the '=' */

        for (size_t i = 0; i < n_l; i++)
                if (l[i][0] == a[0] && strneq(l[i], a, n))
                        return (ssize_t) i;
        return -1;
}

/* The index of the manager's assignment of the variable of a, or -1. */
static ssize_t manager_find(const ExecParameters *p, size_t n_manager, const char *a) {
        size_t n = strcspn(a, "=");
        char name[128];

        if (!p->manager_environment_index || n >= sizeof(name))
                return env_find((const char *const *) p->manager_environment, n_manager, a);
        memcpy(name, a, n);
        name[n] = '\0';
        return (ssize_t) (uintptr_t) hashmap_get(p->manager_environment_index, name) - 1;
}

static void env_set(EnvSet *set, const char *a) {
        ssize_t i = env_find(set->v, set->n, a);

        if (i >= 0)
                set->v[i] = a;
        else
                set->v[set->n++] = a;
}

static void env_set_all(EnvSet *set, char *const *l) {
        STRV_FOREACH(a, l)
                env_set(set, *a);
}

/* name=value, made here; returns the string (for the pid slots) or NULL for -ENOMEM. */
static char *env_make(EnvSet *set, const char *name, const char *value) {
        char *a = strjoin(name, "=", value);

        if (!a)
                return NULL;
        set->env->own[set->env->n_own++] = a;
        env_set(set, a);
        return a;
}

/* What the manager defines itself (systemd's build_environment()). */
static int manager_defined_env(const ExecContext *c, const ExecParameters *p, size_t n_fds,
                               const ExecCreds *cr, const char *home, EnvSet *set) {
        char buf[DECIMAL_STR_MAX_U64];
        char *listen_pid = NULL;

        if (p->pass_listen_env && n_fds > 0) {
                listen_pid = env_make(set, "LISTEN_PID", EXEC_PID_PLACEHOLDER);
                if (!listen_pid || !env_make(set, "LISTEN_FDS", format_u64(buf, n_fds)))
                        return -ENOMEM;
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
                        if (!env_make(set, "LISTEN_FDNAMES", joined))
                                return -ENOMEM;
                }
        }
        set->env->listen_pid_slot = listen_pid;
        if (p->watchdog_usec > 0) {
                set->env->watchdog_pid_slot = env_make(set, "WATCHDOG_PID", EXEC_PID_PLACEHOLDER);
                if (!set->env->watchdog_pid_slot ||
                    !env_make(set, "WATCHDOG_USEC", format_u64(buf, p->watchdog_usec)))
                        return -ENOMEM;
        }
        set->env->exec_pid_slot = env_make(set, "SYSTEMD_EXEC_PID", EXEC_PID_PLACEHOLDER);
        if (!set->env->exec_pid_slot)
                return -ENOMEM;
        if (home && !env_make(set, "HOME", home))
                return -ENOMEM;
        if (cr->user_name &&
            (!env_make(set, "LOGNAME", cr->user_name) || !env_make(set, "USER", cr->user_name)))
                return -ENOMEM;
        if (cr->shell && !env_make(set, "SHELL", cr->shell))
                return -ENOMEM;
        if (exec_context_needs_term(c) && !env_make(set, "TERM", term_for_tty(exec_tty_path(c))))
                return -ENOMEM;
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
                if (!env_make(set, exec_directory_env[t], joined))
                        return -ENOMEM;
        }
        return 0;
}

void exec_env_done(ExecEnv *e) {
        e->own = strv_free(e->own);
        e->envp = mfree_ptr(e->envp);
}

/* UnsetEnvironment=: "NAME" matches "NAME=...", "NAME=value" only itself (as strv_env_unset()). */
static bool env_unset_matches(const char *entry, const char *pattern) {
        size_t n;

        if (streq(entry, pattern))
                return true;
        if (strchr(pattern, '='))
                return false;
        n = strlen(pattern);
        return strneq(entry, pattern, n) && entry[n] == '=';
}

/* The pid slot s (a string of own) if it is still in envp: a later assignment or UnsetEnvironment= may have
 * removed it. Its value part, which the child overwrites. */
static char *pid_slot(char *s, char *const *envp, size_t n) {
        if (!s)
                return NULL;
        for (size_t i = 0; i < n; i++)
                if (envp[i] == s)
                        return strchr(s, '=') + 1;
        return NULL;
}

/* The result is what copying the manager environment, merging every other source into it in order
 * (strv_env_merge()) and cleaning it (strv_env_clean()) would give, but the manager's strings are borrowed,
 * not copied or validated again: the other sources are merged among themselves first (set), then each
 * manager entry is taken as it is or replaced in its place by set's assignment of the same name, and set's
 * other assignments follow in their order (test-exec's environment tests hold both to this). */
int exec_env_build(const ExecContext *c, const ExecParameters *p, size_t n_fds, const ExecCreds *cr,
                   const char *home, char *const *files_env, ExecEnv *ret) {
        _cleanup_(exec_env_done) ExecEnv e = {};
        _cleanup_free_ void *scratch = NULL;
        size_t n_manager = strv_length(p->manager_environment), n_pass = strv_length(c->pass_environment);
        size_t cap = strv_length(p->extra_environment) + MANAGER_DEFINED_MAX + n_pass +
                strv_length(c->environment) + strv_length(files_env);
        EnvSet set = { .env = &e };
        ssize_t *at;
        size_t *by, k = 0;
        int r;

        /* set's entries, where each replaces the manager's (at), and which replaces each of the manager's (by:
         * 1 + the last of set's that does, 0 for none), in one block */
        scratch = malloc(cap * (sizeof(char *) + sizeof(ssize_t)) + (n_manager + 1) * sizeof(size_t));
        e.own = calloc(MANAGER_DEFINED_MAX + n_pass + 1, sizeof(char *));
        e.envp = malloc((n_manager + cap + 1) * sizeof(char *));
        if (!scratch || !e.own || !e.envp)
                return -ENOMEM;
        set.v = scratch;
        at = (ssize_t *) (set.v + cap);
        by = (size_t *) (at + cap);
        memset(by, 0, (n_manager + 1) * sizeof(size_t));

        env_set_all(&set, p->extra_environment);
        r = manager_defined_env(c, p, n_fds, cr, home, &set);
        if (r < 0)
                return r;
        STRV_FOREACH(n, c->pass_environment) {
                const char *v = getenv(*n);

                if (v && env_value_is_valid(v) && !env_make(&set, *n, v))
                        return -ENOMEM;
        }
        env_set_all(&set, c->environment);
        env_set_all(&set, files_env);

        for (size_t j = 0; j < set.n; j++) {
                at[j] = manager_find(p, n_manager, set.v[j]);
                if (at[j] >= 0 && by[at[j]] == 0)
                        by[at[j]] = j + 1;
        }
        for (size_t i = 0; i < n_manager; i++) {
                ssize_t o = (ssize_t) by[i] - 1;

                if (o < 0)
                        e.envp[k++] = p->manager_environment[i];
                /* an invalid assignment replaces the manager's and is then dropped, as strv_env_clean() */
                else if (env_assignment_is_valid(set.v[o]))
                        e.envp[k++] = (char *) set.v[o];
        }
        for (size_t j = 0; j < set.n; j++)
                if (at[j] < 0 && env_assignment_is_valid(set.v[j]))
                        e.envp[k++] = (char *) set.v[j];
        e.envp[k] = NULL;

        STRV_FOREACH(u, c->unset_environment) {
                size_t w = 0;

                for (size_t i = 0; i < k; i++)
                        if (!env_unset_matches(e.envp[i], *u))
                                e.envp[w++] = e.envp[i];
                k = w;
                e.envp[k] = NULL;
        }
        e.listen_pid_slot = pid_slot(e.listen_pid_slot, e.envp, k);
        e.watchdog_pid_slot = pid_slot(e.watchdog_pid_slot, e.envp, k);
        e.exec_pid_slot = pid_slot(e.exec_pid_slot, e.envp, k);
        *ret = e;
        e = (ExecEnv) {};
        return 0;
}

int exec_home(const ExecContext *c, const ExecCreds *cr, char **ret) {
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
        _cleanup_(exec_env_done) ExecEnv env = {};
        _cleanup_strv_free_ char **files_env = NULL, **l = NULL;
        _cleanup_free_ char *home = NULL;
        int r, error = 0;

        r = exec_load_environment_files(c, &files_env);
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
        r = exec_env_build(c, p, exec_passed_fds(c, p), &cr, home, files_env, &env);
        if (r < 0)
                return r;
        l = strv_copy(env.envp);
        if (!l)
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

