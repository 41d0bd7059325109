/* SPDX-License-Identifier: MIT */
/* Condition*= and Assert*=: the path, file, user and group tests, condition_test(), the list semantics.
 * The other tests are in condition-system.c and condition-pressure.c, their helpers in condition-util.c
 * and condition-virt.c. */
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "condition-internal.h"
#include "env-util.h"
#include "log.h"
#include "parse-util.h"
#include "string-util.h"
#include "strv.h"
#include "user-util.h"

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

#define SYSTEM_UID_MAX 999

const char *condition_root = "";

static int path_is_read_only_fs(const char *path) {
        struct statvfs st;

        if (statvfs(path, &st) < 0)
                return -errno;
        if (st.f_flag & ST_RDONLY)
                return true;
        /* Some file systems report EROFS only on access. */
        return access(path, W_OK) < 0 && errno == EROFS;
}

static int test_needs_update(const char *param, char **env) {
        _cleanup_free_ char *stamp = NULL, *usr = NULL;
        struct stat su, so;
        bool b;
        int r;

        r = cond_proc_cmdline_get_bool(env, "systemd.condition-needs-update", &b);
        if (r < 0)
                log_debug_errno(r, "Failed to parse systemd.condition-needs-update= kernel command line argument, ignoring: %m");
        if (r > 0)
                return b;
        if (cond_in_initrd())
                return false;
        if (param[0] != '/')
                return true;
        if (path_is_read_only_fs(param) > 0)
                return false;

        /* Any other failure means an update is needed: better run the update tools once too often. */
        stamp = strjoin(param, "/.updated");
        usr = cond_root_path("/usr/");
        if (!stamp || !usr)
                return -ENOMEM;
        if (lstat(stamp, &so) < 0 || lstat(usr, &su) < 0)
                return true;
        if (su.st_mtim.tv_sec != so.st_mtim.tv_sec)
                return su.st_mtim.tv_sec > so.st_mtim.tv_sec;
        if (su.st_mtim.tv_nsec == 0 || so.st_mtim.tv_nsec > 0)
                return su.st_mtim.tv_nsec > so.st_mtim.tv_nsec;

        /* The stamp's file system has no nanoseconds: systemd-update-done writes them into the file. */
        if (S_ISREG(so.st_mode)) {
                _cleanup_free_ char *text = NULL;
                _cleanup_strv_free_ char **l = NULL;
                const char *ts;
                uint64_t t;
                size_t n;

                if (cond_read_file_bounded(stamp, 65536, false, &text, &n) < 0 || env_file_parse(text, n, stamp, &l) < 0)
                        return true;
                ts = strv_env_get(l, "TIMESTAMP_NSEC");
                if (isempty(ts) || safe_atou64(ts, &t) < 0)
                        return true;
                return (uint64_t) su.st_mtim.tv_sec * 1000000000U + (uint64_t) su.st_mtim.tv_nsec > t;
        }
        return true;
}

static int test_first_boot(const char *param, char **env) {
        bool first_boot;
        int want, r;

        want = parse_boolean(param);
        if (want < 0)
                return want;
        r = cond_proc_cmdline_get_bool(env, "systemd.condition-first-boot", &first_boot);
        if (r < 0)
                log_debug_errno(r, "Failed to parse systemd.condition-first-boot= kernel command line argument, ignoring: %m");
        if (r <= 0) {
                /* The service manager creates this flag when it starts with an unpopulated /etc. */
                r = cond_root_exists("/run/systemd/first-boot");
                if (r < 0)
                        log_debug_errno(r, "Failed to check if /run/systemd/first-boot exists, assuming no: %m");
                first_boot = r > 0;
        }
        return first_boot == want;
}

/* Stop glob() after COND_DIR_ENTRIES_MAX directory entries, so that patterns with many wildcard
 * components stay cheap. */
static _Thread_local unsigned glob_budget;
static _Thread_local bool glob_exhausted;

static void *glob_opendir(const char *p) {
        return opendir(p);
}

static struct dirent *glob_readdir(void *d) {
        if (glob_budget == 0) {
                glob_exhausted = true;
                return NULL;
        }
        glob_budget--;
        return readdir(d);
}

static void glob_closedir(void *d) {
        (void) closedir(d);
}

static int test_path_exists_glob(const char *param) {
        glob_t g = {
                .gl_opendir = glob_opendir,
                .gl_readdir = glob_readdir,
                .gl_closedir = glob_closedir,
                .gl_lstat = lstat,
                .gl_stat = stat,
        };
        int k;

        glob_budget = COND_DIR_ENTRIES_MAX;
        glob_exhausted = false;
        k = glob(param, GLOB_NOSORT | GLOB_BRACE | GLOB_ALTDIRFUNC, NULL, &g);
        globfree(&g);
        if (k == 0)
                return true;
        if (k == GLOB_NOSPACE)
                return -ENOMEM;
        if (glob_exhausted)
                return -E2BIG;
        return k == GLOB_NOMATCH ? false : -EIO;
}

/* Whether path is the root of a mount (symlinks followed, automounts not triggered). */
static int path_is_mount_point(const char *path) {
        _cleanup_free_ char *parent = NULL;
        struct statx sx;
        struct stat a, b;

        if (statx(AT_FDCWD, path, AT_NO_AUTOMOUNT, STATX_TYPE | STATX_INO, &sx) < 0)
                return -errno;
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
                return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);

        /* Kernels before 5.8: a different device than the parent directory. */
        if (S_ISDIR(sx.stx_mode))
                parent = strjoin(path, "/..");
        else {
                const char *slash = strrchr(path, '/');

                parent = slash == path ? strdup("/") : strndup(path, slash ? (size_t) (slash - path) : 0);
        }
        if (!parent)
                return -ENOMEM;
        if (stat(path, &a) < 0 || stat(parent, &b) < 0)
                return -errno;
        return a.st_dev != b.st_dev || a.st_ino == b.st_ino;
}

static int blockdev_is_encrypted(dev_t devt, unsigned depth_left) {
        _cleanup_free_ char *base = NULL, *p = NULL, *uuid = NULL, *slaves = NULL;
        _cleanup_(cond_closedirp) DIR *d = NULL;
        struct dirent *de;
        int r;

        if (depth_left == 0)
                return -EINVAL;
        if (asprintf(&base, "%s/sys/dev/block/%u:%u", strempty(condition_root), major(devt), minor(devt)) < 0)
                return -ENOMEM;
        p = strjoin(base, "/dm/uuid");
        slaves = strjoin(base, "/slaves");
        if (!p || !slaves)
                return -ENOMEM;
        r = cond_read_line_file(p, &uuid);
        if (r < 0 && r != -ENOENT)
                return r;
        if (r >= 0 && startswith(uuid, "CRYPT-"))
                return true;

        /* Not dm-crypt itself; maybe stacked on top of it. */
        d = opendir(slaves);
        if (!d)
                return errno == ENOENT ? false : -errno;
        for (unsigned i = 0; i < COND_DIR_ENTRIES_MAX; i++) {
                _cleanup_free_ char *q = NULL, *s = NULL;
                dev_t sl;

                errno = 0;
                de = readdir(d);
                if (!de) {
                        if (errno != 0)
                                return -errno;
                        break;
                }
                if (STR_IN_SET(de->d_name, ".", "..") || !IN_SET(de->d_type, DT_LNK, DT_UNKNOWN))
                        continue;
                q = strjoin(slaves, "/", de->d_name, "/dev");
                if (!q)
                        return -ENOMEM;
                r = cond_read_line_file(q, &s);
                if (r == -ENOENT)
                        continue;
                if (r < 0)
                        return r;
                if (cond_parse_devnum(s, &sl) < 0 || major(sl) == 0)
                        continue;
                r = blockdev_is_encrypted(sl, depth_left - 1);
                if (r != 0)
                        return r;
        }
        return false;
}

static int test_path_is_encrypted(const char *param) {
        struct stat st;
        int r;

        if (stat(param, &st) < 0)
                return false;
        if (major(st.st_dev) == 0) {
                log_debug("%s is not on a block device, hence not encrypted.", param);
                return false;
        }
        r = blockdev_is_encrypted(st.st_dev, 20);
        if (r < 0)
                log_debug_errno(r, "Failed to determine if '%s' is encrypted, assuming not: %m", param);
        return r > 0;
}

/* Hidden files and package manager backups do not count (systemd's hidden_or_backup_file()). */
static bool hidden_or_backup_file(const char *name) {
        const char *dot;

        if (name[0] == '.' || STR_IN_SET(name, "lost+found", "aquota.user", "aquota.group") || endswith(name, "~"))
                return true;
        dot = strrchr(name, '.');
        return dot && STR_IN_SET(dot + 1, "rpmnew", "rpmsave", "rpmorig", "dpkg-old", "dpkg-new", "dpkg-tmp",
                                 "dpkg-dist", "dpkg-bak", "dpkg-backup", "dpkg-remove", "ucf-new", "ucf-old",
                                 "ucf-dist", "swp", "bak", "old", "new");
}

static int test_directory_not_empty(const char *param) {
        _cleanup_(cond_closedirp) DIR *d = NULL;
        struct dirent *de;

        d = opendir(param);
        if (!d)
                /* Like systemd 252, other errors than these count as "not empty". */
                return !IN_SET(errno, ENOENT, ENOTDIR);
        for (unsigned i = 0; i < 16 * COND_DIR_ENTRIES_MAX; i++) {
                errno = 0;
                de = readdir(d);
                if (!de)
                        return errno != 0;
                if (!hidden_or_backup_file(de->d_name))
                        return true;
        }
        return -E2BIG;
}

static int lookup_id(const char *name, bool group, unsigned *ret) {
        long hint = sysconf(group ? _SC_GETGR_R_SIZE_MAX : _SC_GETPW_R_SIZE_MAX);
        size_t n = hint > 0 ? (size_t) hint : 4096;

        for (; n <= 1024 * 1024; n *= 2) {
                _cleanup_free_ char *buf = malloc(n);
                struct passwd pw, *pwr = NULL;
                struct group gr, *grr = NULL;
                int r;

                if (!buf)
                        return -ENOMEM;
                r = group ? getgrnam_r(name, &gr, buf, n, &grr) : getpwnam_r(name, &pw, buf, n, &pwr);
                if (r == ERANGE)
                        continue;
                if (r != 0)
                        return -r;
                if (group ? !grr : !pwr)
                        return -ESRCH;
                *ret = group ? (unsigned) gr.gr_gid : (unsigned) pw.pw_uid;
                return 0;
        }
        return -ERANGE;
}

static int test_user(const char *param) {
        uid_t uid;
        unsigned id;

        if (parse_uid(param, &uid) >= 0)
                return uid == getuid() || uid == geteuid();
        if (streq(param, "@system"))
                return getuid() <= SYSTEM_UID_MAX || geteuid() <= SYSTEM_UID_MAX;
        if (streq(param, "root"))
                id = 0;
        else if (lookup_id(param, false, &id) < 0)
                return false;
        return (uid_t) id == getuid() || (uid_t) id == geteuid();
}

static int in_gid(gid_t gid) {
        _cleanup_free_ gid_t *groups = NULL;
        int n;

        if (getgid() == gid || getegid() == gid)
                return true;
        n = getgroups(0, NULL);
        if (n < 0)
                return -errno;
        if (n == 0)
                return false;
        groups = calloc((size_t) n, sizeof(gid_t));
        if (!groups)
                return -ENOMEM;
        n = getgroups(n, groups);
        if (n < 0)
                return -errno;
        for (int i = 0; i < n; i++)
                if (groups[i] == gid)
                        return true;
        return false;
}

/* Our real, effective or a supplementary group. */
static int test_group(const char *param) {
        gid_t gid;
        unsigned id;

        if (parse_gid(param, &gid) >= 0)
                return in_gid(gid);
        if (streq(param, "root"))
                id = 0;
        else if (lookup_id(param, true, &id) < 0)
                return false;
        return in_gid((gid_t) id);
}

/* "v1", "v2", or controllers that must all be available (unknown ones are ignored). */
static int test_control_group_controller(const char *param) {
        unsigned have, want;
        int r;

        if (STR_IN_SET(param, "v1", "v2")) {
                r = cond_cgroup_unified();
                if (r < 0)
                        return r;
                return r == streq(param, "v2");
        }
        want = cond_cgroup_mask_from_string(param);
        if (want == 0) {
                log_debug("No known cgroup controller in \"%s\", assuming the condition holds.", param);
                return true;
        }
        r = cond_cgroup_supported_mask(&have);
        if (r < 0)
                return r;
        return (have & want) == want;
}

int condition_test(const Condition *c, char **env) {
        const char *p;
        struct stat st;
        int r;

        if (!c || !c->parameter)
                return -EINVAL;
        p = c->parameter;

        switch (c->type) {
        case CONDITION_ARCHITECTURE:
                r = cond_test_architecture(p);
                break;
        case CONDITION_FIRMWARE:
                r = cond_test_firmware(p, env);
                break;
        case CONDITION_VIRTUALIZATION:
                r = cond_test_virtualization(p, env);
                break;
        case CONDITION_HOST:
                r = cond_test_host(p);
                break;
        case CONDITION_KERNEL_COMMAND_LINE:
                r = cond_test_kernel_command_line(p, env);
                break;
        case CONDITION_KERNEL_VERSION:
                r = cond_test_kernel_version(p);
                break;
        case CONDITION_CREDENTIAL:
                r = cond_test_credential(p, env);
                break;
        case CONDITION_SECURITY:
                r = cond_test_security(p, env);
                break;
        case CONDITION_CAPABILITY:
                r = cond_test_capability(p);
                break;
        case CONDITION_AC_POWER:
                r = cond_test_ac_power(p);
                break;
        case CONDITION_MEMORY:
                r = cond_test_memory(p);
                break;
        case CONDITION_CPUS:
                r = cond_test_cpus(p);
                break;
        case CONDITION_ENVIRONMENT:
                r = cond_test_environment(p, env);
                break;
        case CONDITION_CPU_FEATURE:
                r = cond_test_cpu_feature(p);
                break;
        case CONDITION_OS_RELEASE:
                r = cond_test_os_release(p);
                break;
        case CONDITION_MEMORY_PRESSURE:
        case CONDITION_CPU_PRESSURE:
        case CONDITION_IO_PRESSURE:
                r = cond_test_pressure(c->type, p);
                break;
        case CONDITION_NEEDS_UPDATE:
                r = test_needs_update(p, env);
                break;
        case CONDITION_FIRST_BOOT:
                r = test_first_boot(p, env);
                break;
        case CONDITION_PATH_EXISTS:
                r = access(p, F_OK) >= 0;
                break;
        case CONDITION_PATH_EXISTS_GLOB:
                r = test_path_exists_glob(p);
                break;
        case CONDITION_PATH_IS_DIRECTORY:
                r = stat(p, &st) >= 0 && S_ISDIR(st.st_mode);
                break;
        case CONDITION_PATH_IS_SYMBOLIC_LINK:
                r = lstat(p, &st) >= 0 && S_ISLNK(st.st_mode);
                break;
        case CONDITION_PATH_IS_MOUNT_POINT:
                r = path_is_mount_point(p) > 0;
                break;
        case CONDITION_PATH_IS_READ_WRITE:
                r = path_is_read_only_fs(p);
                r = r <= 0 && r != -ENOENT;
                break;
        case CONDITION_PATH_IS_ENCRYPTED:
                r = test_path_is_encrypted(p);
                break;
        case CONDITION_DIRECTORY_NOT_EMPTY:
                r = test_directory_not_empty(p);
                break;
        case CONDITION_FILE_NOT_EMPTY:
                r = stat(p, &st) >= 0 && S_ISREG(st.st_mode) && st.st_size > 0;
                break;
        case CONDITION_FILE_IS_EXECUTABLE:
                r = stat(p, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
                break;
        case CONDITION_USER:
                r = test_user(p);
                break;
        case CONDITION_GROUP:
                r = test_group(p);
                break;
        case CONDITION_CONTROL_GROUP_CONTROLLER:
                r = test_control_group_controller(p);
                break;
        default:
                return -EOPNOTSUPP;
        }
        if (r < 0)
                return r;
        return (r > 0) != c->negate;
}

/* ---- lists ---- */

typedef struct ListState {
        int triggered; /* -1: no trigger condition seen */
        const Condition *failed;
        const Condition *failed_trigger;
} ListState;

/* Evaluate one condition of a list; false when the evaluation can stop (a non-trigger one failed). */
static bool list_step(ListState *s, const Condition *c, const char *unit, bool is_assert, char **env) {
        const char *key = condition_type_to_key(c->type, is_assert);
        int r;

        r = condition_test(c, env);
        if (r < 0)
                log_full_errno(LOG_WARNING, r, "%s: Couldn't determine result for %s=%s%s%s, assuming failed: %m",
                               strna(unit), strna(key), c->trigger ? "|" : "", c->negate ? "!" : "",
                               strempty(c->parameter));
        else
                log_debug("%s: %s=%s%s%s %s.", strna(unit), strna(key), c->trigger ? "|" : "",
                          c->negate ? "!" : "", strempty(c->parameter), r > 0 ? "succeeded" : "failed");

        if (!c->trigger) {
                if (r <= 0) {
                        s->failed = c;
                        return false;
                }
                return true;
        }
        if (s->triggered <= 0)
                s->triggered = r > 0;
        if (r <= 0 && !s->failed_trigger)
                s->failed_trigger = c;
        return true;
}

static bool test_list(const Condition *first, const char *unit, bool is_assert, char **env,
                      const Condition **ret_failed) {
        _cleanup_free_ const Condition **v = NULL;
        ListState s = { .triggered = -1 };
        size_t n = 0, i;
        bool ok;

        for (const Condition *c = first; c; c = c->next)
                n++;
        if (n > 0)
                v = calloc(n, sizeof(Condition *));
        if (v) {
                /* Last one in the file first, as systemd 252 does. */
                i = n;
                for (const Condition *c = first; c; c = c->next)
                        v[--i] = c;
                for (i = 0; i < n; i++)
                        if (!list_step(&s, v[i], unit, is_assert, env))
                                break;
        } else
                /* No memory for the order systemd uses: the result is the same, only the logs differ. */
                for (const Condition *c = first; c; c = c->next)
                        if (!list_step(&s, c, unit, is_assert, env))
                                break;

        ok = !s.failed && s.triggered != 0;
        if (ret_failed)
                *ret_failed = ok ? NULL : s.failed ?: s.failed_trigger;
        return ok;
}

bool condition_test_list(const Condition *first, const char *unit, char **env, const Condition **ret_failed) {
        return test_list(first, unit, false, env, ret_failed);
}

bool assert_test_list(const Condition *first, const char *unit, char **env, const Condition **ret_failed) {
        return test_list(first, unit, true, env, ret_failed);
}

#define KEY(type, name) [type] = { "Condition" name, "Assert" name }

static const char *const condition_keys[_CONDITION_TYPE_MAX][2] = {
        KEY(CONDITION_ARCHITECTURE, "Architecture"),
        KEY(CONDITION_FIRMWARE, "Firmware"),
        KEY(CONDITION_VIRTUALIZATION, "Virtualization"),
        KEY(CONDITION_HOST, "Host"),
        KEY(CONDITION_KERNEL_COMMAND_LINE, "KernelCommandLine"),
        KEY(CONDITION_KERNEL_VERSION, "KernelVersion"),
        KEY(CONDITION_CREDENTIAL, "Credential"),
        KEY(CONDITION_SECURITY, "Security"),
        KEY(CONDITION_CAPABILITY, "Capability"),
        KEY(CONDITION_AC_POWER, "ACPower"),
        KEY(CONDITION_MEMORY, "Memory"),
        KEY(CONDITION_CPUS, "CPUs"),
        KEY(CONDITION_ENVIRONMENT, "Environment"),
        KEY(CONDITION_CPU_FEATURE, "CPUFeature"),
        KEY(CONDITION_OS_RELEASE, "OSRelease"),
        KEY(CONDITION_MEMORY_PRESSURE, "MemoryPressure"),
        KEY(CONDITION_CPU_PRESSURE, "CPUPressure"),
        KEY(CONDITION_IO_PRESSURE, "IOPressure"),
        KEY(CONDITION_NEEDS_UPDATE, "NeedsUpdate"),
        KEY(CONDITION_FIRST_BOOT, "FirstBoot"),
        KEY(CONDITION_PATH_EXISTS, "PathExists"),
        KEY(CONDITION_PATH_EXISTS_GLOB, "PathExistsGlob"),
        KEY(CONDITION_PATH_IS_DIRECTORY, "PathIsDirectory"),
        KEY(CONDITION_PATH_IS_SYMBOLIC_LINK, "PathIsSymbolicLink"),
        KEY(CONDITION_PATH_IS_MOUNT_POINT, "PathIsMountPoint"),
        KEY(CONDITION_PATH_IS_READ_WRITE, "PathIsReadWrite"),
        KEY(CONDITION_PATH_IS_ENCRYPTED, "PathIsEncrypted"),
        KEY(CONDITION_DIRECTORY_NOT_EMPTY, "DirectoryNotEmpty"),
        KEY(CONDITION_FILE_NOT_EMPTY, "FileNotEmpty"),
        KEY(CONDITION_FILE_IS_EXECUTABLE, "FileIsExecutable"),
        KEY(CONDITION_USER, "User"),
        KEY(CONDITION_GROUP, "Group"),
        KEY(CONDITION_CONTROL_GROUP_CONTROLLER, "ControlGroupController"),
};

const char *condition_type_to_key(ConditionType t, bool is_assert) {
        if ((size_t) t >= ELEMENTSOF(condition_keys))
                return NULL;
        return condition_keys[t][is_assert];
}
