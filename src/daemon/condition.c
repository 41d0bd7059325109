/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/netlink.h>
#include <pwd.h>
#include <sched.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "condition.h"
#include "env-util.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"
#include "user-util.h"

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

const char *condition_root = "";

/* Upper bound for any file we read (/proc/1/cmdline and /proc/1/environ are the large ones). */
#define READ_MAX (1024U * 1024U)
/* Upper bound for directory entries looked at in one directory, and for glob()'s directory reads. */
#define DIR_ENTRIES_MAX 65536U
#define SYSTEM_UID_MAX 999
#define CAPABILITY_BITS 64
#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* ---- small helpers ---- */

static bool is_digit(char c) {
        return c >= '0' && c <= '9';
}

static bool is_alpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void closedirp(DIR **d) {
        if (*d)
                (void) closedir(*d);
}

static int sign(int i) {
        return (i > 0) - (i < 0);
}

static char *root_path(const char *p) {
        return strjoin(strempty(condition_root), p);
}

/* Read a regular file (all of /proc and /sys are) into a NUL-terminated buffer. More than max bytes is
 * -EFBIG unless truncate is set, then only the first max bytes are returned. Opened non-blocking and
 * refused unless regular, so a FIFO or device node never stalls or disturbs anything. */
static int read_file_bounded(const char *path, size_t max, bool truncate, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *buf = NULL;
        size_t n = 0, cap = 0;
        struct stat st;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EBADFD;

        for (;;) {
                ssize_t k;

                if (n == cap) {
                        size_t ncap;
                        char *nb;

                        if (cap > max) /* already read one byte more than allowed */
                                break;
                        ncap = MIN(cap == 0 ? (size_t) 4096 : cap * 2, max + 1);
                        nb = realloc(buf, ncap + 1);
                        if (!nb)
                                return -ENOMEM;
                        buf = nb;
                        cap = ncap;
                }
                k = read(fd, buf + n, cap - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        if (n > max) {
                if (!truncate)
                        return -EFBIG;
                n = max;
        }
        if (!buf) {
                buf = malloc(1);
                if (!buf)
                        return -ENOMEM;
        }
        buf[n] = '\0';
        if (ret_size)
                *ret_size = n;
        *ret = TAKE_PTR(buf);
        return 0;
}

static int root_read(const char *p, size_t max, bool truncate, char **ret, size_t *ret_size) {
        _cleanup_free_ char *path = root_path(p);

        if (!path)
                return -ENOMEM;
        return read_file_bounded(path, max, truncate, ret, ret_size);
}

/* The first line of a file, without its newline (read_one_line_file() semantics). */
static int read_line_file(const char *path, char **ret) {
        char *s;
        int r;

        r = read_file_bounded(path, 65536, true, &s, NULL);
        if (r < 0)
                return r;
        s[strcspn(s, "\n")] = '\0';
        *ret = s;
        return 0;
}

static int root_read_line(const char *p, char **ret) {
        _cleanup_free_ char *path = root_path(p);

        if (!path)
                return -ENOMEM;
        return read_line_file(path, ret);
}

/* 1 if the (prefixed) path exists, 0 if not, -errno on other errors. */
static int root_exists(const char *p) {
        _cleanup_free_ char *path = root_path(p);

        if (!path)
                return -ENOMEM;
        if (access(path, F_OK) >= 0)
                return 1;
        return errno == ENOENT ? 0 : -errno;
}

/* In "Key:\tvalue\n" text (/proc/self/status, /proc/meminfo), the value of key, trimmed. */
static int text_field(const char *text, const char *key, char **ret) {
        size_t k = strlen(key);

        for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
                const char *v;
                char *s;

                if (!strneq(l, key, k))
                        continue;
                v = l + k + strspn(l + k, " \t"); /* /proc/cpuinfo pads keys with tabs */
                if (*v != ':')
                        continue;
                v += 1 + strspn(v + 1, " \t");
                s = strndup(v, strcspn(v, "\n"));
                if (!s)
                        return -ENOMEM;
                delete_trailing_chars(s, WHITESPACE);
                *ret = s;
                return 0;
        }
        return -ENODATA;
}

static int parse_devnum(const char *s, dev_t *ret) {
        _cleanup_free_ char *maj = NULL;
        const char *colon = strchr(s, ':');
        unsigned x, y;
        int r;

        if (!colon)
                return -EINVAL;
        maj = strndup(s, colon - s);
        if (!maj)
                return -ENOMEM;
        r = safe_atou_full(maj, 10, &x);
        if (r < 0)
                return r;
        r = safe_atou_full(colon + 1, 10, &y);
        if (r < 0)
                return r;
        *ret = makedev(x, y);
        return 0;
}

/* ---- comparison operators and versions ---- */

typedef enum CompareOperator {
        COMPARE_LOWER,
        COMPARE_LOWER_OR_EQUAL,
        COMPARE_EQUAL,
        COMPARE_UNEQUAL,
        COMPARE_GREATER_OR_EQUAL,
        COMPARE_GREATER,
        COMPARE_STRING_EQUAL,
        COMPARE_STRING_UNEQUAL,
        COMPARE_FNMATCH_EQUAL,
        COMPARE_FNMATCH_UNEQUAL,
        _COMPARE_OPERATOR_INVALID = -EINVAL,
} CompareOperator;

#define COMPARE_ALLOW_FNMATCH (1U << 0)   /* accept "$=" and "!$=" (an error otherwise) */
#define COMPARE_EQUAL_BY_STRING (1U << 1) /* "=" and "!=" compare strings, "==" and "<>" versions */
/* The characters operators are made of: what ends a key in "KEY>=VALUE". */
#define COMPARE_OPERATOR_CHARS "!<=>$"

/* Parse an operator at the start of *s and advance *s past it; -EINVAL (and *s untouched) if there is
 * none, or if it is a glob operator and COMPARE_ALLOW_FNMATCH is not given. */
static CompareOperator parse_compare_operator(const char **s, unsigned flags) {
        static const struct {
                const char *text;
                CompareOperator op;
                unsigned only_with;   /* row skipped unless these flags are given */
                unsigned refused_without; /* row matches, but is an error unless these flags are given */
        } table[] = {
                { "$=", COMPARE_FNMATCH_EQUAL, 0, COMPARE_ALLOW_FNMATCH },
                { "!$=", COMPARE_FNMATCH_UNEQUAL, 0, COMPARE_ALLOW_FNMATCH },
                { "<>", COMPARE_UNEQUAL, 0, 0 },
                { "<=", COMPARE_LOWER_OR_EQUAL, 0, 0 },
                { ">=", COMPARE_GREATER_OR_EQUAL, 0, 0 },
                { "<", COMPARE_LOWER, 0, 0 },
                { ">", COMPARE_GREATER, 0, 0 },
                { "==", COMPARE_EQUAL, 0, 0 },
                { "=", COMPARE_STRING_EQUAL, COMPARE_EQUAL_BY_STRING, 0 },
                { "=", COMPARE_EQUAL, 0, 0 },
                { "!=", COMPARE_STRING_UNEQUAL, COMPARE_EQUAL_BY_STRING, 0 },
                { "!=", COMPARE_UNEQUAL, 0, 0 },
        };

        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                const char *e;

                if ((flags & table[i].only_with) != table[i].only_with)
                        continue;
                e = startswith(*s, table[i].text);
                if (!e)
                        continue;
                if ((flags & table[i].refused_without) != table[i].refused_without)
                        return _COMPARE_OPERATOR_INVALID;
                *s = e;
                return table[i].op;
        }
        return _COMPARE_OPERATOR_INVALID;
}

static bool test_order(int k, CompareOperator op) {
        switch (op) {
        case COMPARE_LOWER:
                return k < 0;
        case COMPARE_LOWER_OR_EQUAL:
                return k <= 0;
        case COMPARE_EQUAL:
                return k == 0;
        case COMPARE_UNEQUAL:
                return k != 0;
        case COMPARE_GREATER_OR_EQUAL:
                return k >= 0;
        case COMPARE_GREATER:
                return k > 0;
        default:
                return false;
        }
}

static bool version_char_valid(char c) {
        return is_alpha(c) || is_digit(c) || IN_SET(c, '~', '-', '^', '.');
}

/* The rules (systemd's strverscmp_improved()): other characters only separate segments; a numeric segment
 * is newer than an alphabetic one and compares numerically (leading zeros ignored); '~' makes the rest older
 * than anything, even the end of the string; otherwise the longer string is newer; where only one of
 * them has a separator, it is the older one, checked in the order '-', '^', '.' (so 1-a < 1^a < 1.a < 1a).
 * Every round consumes at least one character or returns, so the loop ends. */
int condition_version_compare(const char *a, const char *b) {
        a = strempty(a);
        b = strempty(b);

        for (;;) {
                const char *ea, *eb;
                size_t la, lb;
                int r;

                while (*a != '\0' && !version_char_valid(*a))
                        a++;
                while (*b != '\0' && !version_char_valid(*b))
                        b++;

                if (*a == '~' || *b == '~') {
                        if (*a != *b)
                                return *a == '~' ? -1 : 1;
                        a++;
                        b++;
                }
                if (*a == '\0' || *b == '\0')
                        return sign(strcmp(a, b));
                if (*a == '-' || *b == '-') {
                        if (*a != *b)
                                return *a == '-' ? -1 : 1;
                        a++;
                        b++;
                }
                if (*a == '^' || *b == '^') {
                        if (*a != *b)
                                return *a == '^' ? -1 : 1;
                        a++;
                        b++;
                }
                if (*a == '.' || *b == '.') {
                        if (*a != *b)
                                return *a == '.' ? -1 : 1;
                        a++;
                        b++;
                }

                if (is_digit(*a) || is_digit(*b)) {
                        for (ea = a; is_digit(*ea); ea++)
                                ;
                        for (eb = b; is_digit(*eb); eb++)
                                ;
                        if ((ea == a) != (eb == b))
                                return ea == a ? -1 : 1;
                        while (*a == '0')
                                a++;
                        while (*b == '0')
                                b++;
                        la = (size_t) (ea - a);
                        lb = (size_t) (eb - b);
                        if (la != lb)
                                return la < lb ? -1 : 1;
                        r = memcmp(a, b, la);
                        if (r != 0)
                                return sign(r);
                } else {
                        for (ea = a; is_alpha(*ea); ea++)
                                ;
                        for (eb = b; is_alpha(*eb); eb++)
                                ;
                        la = (size_t) (ea - a);
                        lb = (size_t) (eb - b);
                        r = memcmp(a, b, MIN(la, lb));
                        if (r != 0)
                                return sign(r);
                        if (la != lb)
                                return la < lb ? -1 : 1;
                }
                a = ea;
                b = eb;
        }
}

static int version_or_fnmatch_compare(CompareOperator op, const char *a, const char *b) {
        int r;

        switch (op) {
        case COMPARE_STRING_EQUAL:
                return streq_ptr(a, b);
        case COMPARE_STRING_UNEQUAL:
                return !streq_ptr(a, b);
        case COMPARE_FNMATCH_EQUAL:
        case COMPARE_FNMATCH_UNEQUAL:
                r = fnmatch(b, a, 0);
                if (r != 0 && r != FNM_NOMATCH)
                        return -EINVAL;
                return (r == 0) == (op == COMPARE_FNMATCH_EQUAL);
        default:
                return test_order(condition_version_compare(a, b), op);
        }
}

/* Split "KEY<op>VALUE": leading operator characters are skipped, the key ends at the next one. *ret_rest
 * points to the operator; -EINVAL if there is none. */
static int split_key_operator(const char *s, char **ret_key, const char **ret_rest) {
        const char *e;
        char *k;

        s += strspn(s, COMPARE_OPERATOR_CHARS);
        e = s + strcspn(s, COMPARE_OPERATOR_CHARS);
        if (e == s || *e == '\0')
                return -EINVAL;
        k = strndup(s, e - s);
        if (!k)
                return -ENOMEM;
        *ret_key = k;
        *ret_rest = e;
        return 0;
}

/* ---- 128-bit IDs ---- */

static int unhex(char c) {
        if (is_digit(c))
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

/* 32 hex digits, or the 36-character UUID form with dashes (sd_id128_from_string()). */
static int id128_parse(const char *s, uint8_t ret[16]) {
        size_t len = strlen(s), j = 0;
        bool uuid = len == 36;

        if (len != 32 && len != 36)
                return -EINVAL;
        for (size_t i = 0; i < len;) {
                int hi, lo;

                if (uuid && IN_SET(i, 8, 13, 18, 23)) {
                        if (s[i] != '-')
                                return -EINVAL;
                        i++;
                        continue;
                }
                hi = unhex(s[i]);
                lo = unhex(s[i + 1]);
                if (hi < 0 || lo < 0)
                        return -EINVAL;
                ret[j++] = (uint8_t) (hi << 4 | lo);
                i += 2;
        }
        return j == 16 ? 0 : -EINVAL;
}

static int read_machine_id(uint8_t ret[16]) {
        _cleanup_free_ char *s = NULL;
        uint8_t id[16];
        bool null = true;
        int r;

        r = root_read("/etc/machine-id", 4096, false, &s, NULL);
        if (r < 0)
                return r;
        delete_trailing_chars(s, NEWLINE);
        if (isempty(s) || streq(s, "uninitialized"))
                return -ENOMEDIUM;
        if (strlen(s) != 32 || id128_parse(s, id) < 0)
                return -EUCLEAN;
        for (size_t i = 0; i < 16; i++)
                null = null && id[i] == 0;
        if (null)
                return -ENOMEDIUM;
        memcpy(ret, id, 16);
        return 0;
}

/* ---- cgroups ---- */

enum {
        CG_CPU = 1U << 0,
        CG_CPUACCT = 1U << 1,
        CG_CPUSET = 1U << 2,
        CG_IO = 1U << 3,
        CG_BLKIO = 1U << 4,
        CG_MEMORY = 1U << 5,
        CG_DEVICES = 1U << 6,
        CG_PIDS = 1U << 7,
        CG_BPF_FIREWALL = 1U << 8,
        CG_BPF_DEVICES = 1U << 9,
        CG_BPF_FOREIGN = 1U << 10,
        CG_BPF_SOCKET_BIND = 1U << 11,
        CG_BPF_RESTRICT_NETWORK_INTERFACES = 1U << 12,
        CG_MASK_V1 = CG_CPU | CG_CPUACCT | CG_BLKIO | CG_MEMORY | CG_DEVICES | CG_PIDS,
        CG_MASK_V2 = CG_CPU | CG_CPUSET | CG_IO | CG_MEMORY | CG_PIDS,
};

static const char *const cgroup_controller_names[] = {
        "cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids", "bpf-firewall", "bpf-devices",
        "bpf-foreign", "bpf-socket-bind", "bpf-restrict-network-interfaces",
};

/* The controllers systemd knows among the words of s; unknown words are ignored. */
static unsigned cgroup_mask_from_string(const char *s) {
        unsigned mask = 0;

        for (const char *p = s; *p;) {
                size_t n;

                p += strspn(p, WHITESPACE);
                n = strcspn(p, WHITESPACE);
                for (size_t i = 0; i < ELEMENTSOF(cgroup_controller_names); i++)
                        if (strlen(cgroup_controller_names[i]) == n && strneq(p, cgroup_controller_names[i], n))
                                mask |= 1U << i;
                p += n;
        }
        return mask;
}

/* 1 for the unified (v2) hierarchy, 0 for legacy or hybrid, -ENOMEDIUM without any. */
static int cgroup_unified(void) {
        _cleanup_free_ char *path = root_path("/sys/fs/cgroup");
        struct statfs fs;
        int r;

        if (!path)
                return -ENOMEM;
        if (statfs(path, &fs) < 0)
                return errno == ENOENT ? -ENOMEDIUM : -errno;
        if (fs.f_type == CGROUP2_SUPER_MAGIC)
                return 1;
        r = root_exists("/sys/fs/cgroup/cgroup.controllers"); /* also lets tests fake v2 */
        if (r != 0)
                return r;
        return 0;
}

static int cgroup_supported_mask(unsigned *ret) {
        unsigned mask = 0;
        int r;

        r = cgroup_unified();
        if (r < 0)
                return r;
        if (r > 0) {
                _cleanup_free_ char *s = NULL;

                r = root_read_line("/sys/fs/cgroup/cgroup.controllers", &s);
                if (r < 0)
                        return r;
                mask = cgroup_mask_from_string(s) & CG_MASK_V2;
        } else
                for (size_t i = 0; i < ELEMENTSOF(cgroup_controller_names); i++) {
                        _cleanup_free_ char *p = NULL;

                        if (!(CG_MASK_V1 & (1U << i)))
                                continue;
                        p = strjoin(strempty(condition_root), "/sys/fs/cgroup/", cgroup_controller_names[i],
                                    "/cgroup.procs");
                        if (!p)
                                return -ENOMEM;
                        if (access(p, W_OK) >= 0)
                                mask |= 1U << i;
                }
        *ret = mask;
        return 0;
}

/* ---- virtualization (systemd-detect-virt) ---- */

typedef enum VirtKind {
        VIRT_NONE,
        VIRT_VM,
        VIRT_CONTAINER,
} VirtKind;

static const char *const known_containers[] = {
        "lxc", "lxc-libvirt", "systemd-nspawn", "docker", "podman", "rkt", "wsl", "proot", "pouch",
};

static const char *container_files(void) {
        if (root_exists("/run/.containerenv") > 0)
                return "podman";
        if (root_exists("/.dockerenv") > 0)
                return "docker";
        return NULL;
}

static const char *container_from_name(const char *name) {
        const char *f;

        if (streq(name, "oci")) {
                /* Not a container manager, but images set it: look for a specific one. */
                f = container_files();
                return f ?: "container-other";
        }
        for (size_t i = 0; i < ELEMENTSOF(known_containers); i++)
                if (streq(name, known_containers[i]))
                        return known_containers[i];
        return "container-other";
}

/* $container of PID 1, from its environment block. */
static int pid1_container_env(char **ret) {
        _cleanup_free_ char *env = NULL;
        size_t n;
        int r;

        r = root_read("/proc/1/environ", READ_MAX, false, &env, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i += strlen(env + i) + 1) {
                const char *v = startswith(env + i, "container=");

                if (v) {
                        char *s = strdup(v);

                        if (!s)
                                return -ENOMEM;
                        *ret = s;
                        return 1;
                }
        }
        return 0;
}

static int running_in_cgroupns(void) {
        int r;

        if (root_exists("/proc/self/ns/cgroup") <= 0)
                return false;
        r = cgroup_unified();
        if (r < 0)
                return r;
        if (r > 0) {
                /* cgroup.events exists only in nested cgroups, cgroup.type never in the root one. */
                if (root_exists("/sys/fs/cgroup/cgroup.events") <= 0)
                        return false;
                if (root_exists("/sys/fs/cgroup/cgroup.type") > 0)
                        return true;
                return root_exists("/sys/kernel/cgroup/features") <= 0;
        }
        /* release_agent exists only in the root of the v1 hierarchy. */
        if (root_exists("/sys/fs/cgroup/systemd") <= 0)
                return false;
        return root_exists("/sys/fs/cgroup/systemd/release_agent") == 0;
}

static int detect_container(char **env, const char **ret_id) {
        _cleanup_free_ char *s = NULL, *status = NULL, *tracer = NULL;
        const char *f;

        /* /proc/vz exists inside and outside OpenVZ containers, /proc/bc only outside. */
        if (root_exists("/proc/vz") > 0 && root_exists("/proc/bc") == 0) {
                *ret_id = "openvz";
                return 1;
        }
        if (root_read_line("/proc/sys/kernel/osrelease", &s) >= 0 && (strstr(s, "Microsoft") || strstr(s, "WSL"))) {
                *ret_id = "wsl";
                return 1;
        }
        s = mfree_ptr(s);

        /* proot works by ptrace()ing us. */
        if (root_read("/proc/self/status", READ_MAX, true, &status, NULL) >= 0 &&
            text_field(status, "TracerPid", &tracer) >= 0 && !streq(tracer, "0")) {
                _cleanup_free_ char *p = strjoin("/proc/", tracer, "/comm"), *comm = NULL;
                unsigned pid;

                if (!p)
                        return -ENOMEM;
                if (safe_atou_full(tracer, 10, &pid) >= 0 && root_read_line(p, &comm) >= 0 &&
                    startswith(comm, "proot")) {
                        *ret_id = "proot";
                        return 1;
                }
        }

        if (root_read_line("/run/host/container-manager", &s) >= 0 && !isempty(s))
                goto translate;
        s = mfree_ptr(s);

        if (getpid() == 1) {
                /* As PID 1 our own $container is authoritative; set but empty means "none". */
                const char *e = strv_env_get(env, "container");

                if (e) {
                        if (isempty(e))
                                goto none;
                        *ret_id = container_from_name(e);
                        return 1;
                }
        } else {
                if (root_read_line("/run/systemd/container", &s) >= 0 && !isempty(s))
                        goto translate;
                s = mfree_ptr(s);
                if (pid1_container_env(&s) > 0 && !isempty(s))
                        goto translate;
                s = mfree_ptr(s);
        }

        f = container_files();
        if (f) {
                *ret_id = f;
                return 1;
        }
        if (running_in_cgroupns() > 0) {
                *ret_id = "container-other";
                return 1;
        }
none:
        *ret_id = NULL;
        return 0;

translate:
        *ret_id = container_from_name(s);
        return 1;
}

/* SMBIOS BIOS characteristics extension byte 2, bit 4: "this is a virtual machine". 1 set, 0 unset, -1
 * unknown. */
static int smbios_vm_bit(void) {
        _cleanup_free_ char *raw = NULL;
        size_t n;

        if (root_read("/sys/firmware/dmi/entries/0-0/raw", 4096, true, &raw, &n) < 0 || n < 20 ||
            (uint8_t) raw[1] < 20)
                return -1;
        return ((uint8_t) raw[19] & (1U << 4)) != 0;
}

static const char *vm_from_dmi(void) {
        static const char *const files[] = {
                "/sys/class/dmi/id/product_name", /* before sys_vendor: KVM over QEMU */
                "/sys/class/dmi/id/sys_vendor",
                "/sys/class/dmi/id/board_vendor",
                "/sys/class/dmi/id/bios_vendor",
                "/sys/class/dmi/id/product_version", /* Hyper-V */
        };
        static const struct {
                const char *vendor;
                const char *id;
        } vendors[] = {
                { "KVM", "kvm" },
                { "OpenStack", "kvm" },
                { "KubeVirt", "kvm" },
                { "Amazon EC2", "amazon" },
                { "QEMU", "qemu" },
                { "VMware", "vmware" },
                { "VMW", "vmware" },
                { "innotek GmbH", "oracle" },
                { "VirtualBox", "oracle" },
                { "Xen", "xen" },
                { "Bochs", "bochs" },
                { "Parallels", "parallels" },
                { "BHYVE", "bhyve" },
                { "Hyper-V", "microsoft" },
                { "Apple Virtualization", "apple" },
        };
        const char *id = NULL;
        int bit;

        for (size_t i = 0; i < ELEMENTSOF(files) && !id; i++) {
                _cleanup_free_ char *s = NULL;

                if (root_read_line(files[i], &s) < 0)
                        continue;
                for (size_t j = 0; j < ELEMENTSOF(vendors) && !id; j++)
                        if (startswith(s, vendors[j].vendor))
                                id = vendors[j].id;
        }

        bit = smbios_vm_bit();
        if (id && streq(id, "amazon")) {
                /* EC2 bare-metal instances have the same DMI vendor. */
                _cleanup_free_ char *product = NULL;

                if (bit >= 0)
                        return bit > 0 ? id : NULL;
                if (root_read_line("/sys/class/dmi/id/product_name", &product) >= 0 &&
                    endswith(product, ".metal"))
                        return NULL;
                return id;
        }
        if (!id && bit > 0)
                return "vm-other";
        return id;
}

static bool xen_dom0(void) {
        _cleanup_free_ char *s = NULL;
        unsigned long features;

        if (root_read_line("/sys/hypervisor/properties/features", &s) >= 0 && sscanf(s, "%lx", &features) == 1)
                return features & (1UL << 11); /* XENFEAT_dom0 */
        s = mfree_ptr(s);
        if (root_read_line("/proc/xen/capabilities", &s) < 0)
                return false;
        for (const char *p = s; *p;) {
                size_t n = strcspn(p, ",");

                if (n == strlen("control_d") && strneq(p, "control_d", n))
                        return true;
                p += n;
                p += *p == ',';
        }
        return false;
}

static const char *vm_from_cpuid(bool *ret_other) {
        *ret_other = false;
#if defined(__i386__) || defined(__x86_64__)
        if (isempty(condition_root)) {
                static const struct {
                        const char *signature;
                        const char *id;
                } table[] = {
                        { "XenVMMXenVMM", "xen" },
                        { "KVMKVMKVM", "kvm" },
                        { "Linux KVM Hv", "kvm" },
                        { "TCGTCGTCGTCG", "qemu" },
                        { "VMwareVMware", "vmware" },
                        { "Microsoft Hv", "microsoft" },
                        { "bhyve bhyve ", "bhyve" },
                        { "QNXQVMBSQG", "qnx" },
                        { "ACRNACRNACRN", "acrn" },
                        { "SRESRESRESRE", "sre" },
                };
                unsigned eax, ebx, ecx, edx;
                char sig[13] = {};

                if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0 || !(ecx & 0x80000000U))
                        return NULL;
                __cpuid(0x40000000U, eax, ebx, ecx, edx);
                memcpy(sig, &ebx, 4);
                memcpy(sig + 4, &ecx, 4);
                memcpy(sig + 8, &edx, 4);
                for (size_t i = 0; i < ELEMENTSOF(table); i++)
                        if (streq(sig, table[i].signature))
                                return table[i].id;
                *ret_other = true;
                return NULL;
        }
#endif
        /* Without CPUID (or with a faked root): the kernel's "hypervisor" CPU flag. */
        _cleanup_free_ char *cpuinfo = NULL, *flags = NULL;

        if (root_read("/proc/cpuinfo", 65536, true, &cpuinfo, NULL) >= 0 &&
            text_field(cpuinfo, "flags", &flags) >= 0) {
                for (const char *p = flags; *p;) {
                        size_t n;

                        p += strspn(p, WHITESPACE);
                        n = strcspn(p, WHITESPACE);
                        if (n == strlen("hypervisor") && strneq(p, "hypervisor", n))
                                *ret_other = true;
                        p += n;
                }
        }
        return NULL;
}

static const char *vm_from_device_tree(bool *ret_other) {
        *ret_other = false;
#if defined(__arm__) || defined(__aarch64__) || defined(__powerpc__) || defined(__powerpc64__)
        _cleanup_free_ char *hv = NULL, *dt = NULL;
        _cleanup_(closedirp) DIR *d = NULL;
        struct dirent *de;

        if (root_read_line("/proc/device-tree/hypervisor/compatible", &hv) >= 0) {
                if (streq(hv, "linux,kvm"))
                        return "kvm";
                if (strstr(hv, "xen"))
                        return "xen";
                if (strstr(hv, "vmware"))
                        return "vmware";
                *ret_other = true;
                return NULL;
        }
        if (root_exists("/proc/device-tree/ibm,partition-name") > 0 &&
            root_exists("/proc/device-tree/hmc-managed?") > 0 &&
            root_exists("/proc/device-tree/chosen/qemu,graphic-width") == 0)
                return "powervm";
        dt = root_path("/proc/device-tree");
        d = dt ? opendir(dt) : NULL;
        for (unsigned i = 0; d && i < DIR_ENTRIES_MAX && (de = readdir(d)); i++)
                if (strstr(de->d_name, "fw-cfg"))
                        return "qemu";
#endif
        return NULL;
}

/* systemd's order: DMI names that hide behind KVM first, then UML, Xen, CPUID, the rest of DMI,
 * /sys/hypervisor, the device tree. */
static const char *detect_vm(void) {
        _cleanup_free_ char *cpuinfo = NULL, *vendor = NULL, *hv = NULL;
        const char *dmi, *v;
        bool other = false, o, dom0 = false;

        dmi = vm_from_dmi();
        if (dmi && STR_IN_SET(dmi, "oracle", "xen", "amazon", "parallels"))
                return dmi;

        if (root_read("/proc/cpuinfo", 65536, true, &cpuinfo, NULL) >= 0 &&
            text_field(cpuinfo, "vendor_id", &vendor) >= 0 && startswith(vendor, "User Mode Linux"))
                return "uml";

        if (root_exists("/proc/xen") > 0) {
                dom0 = xen_dom0();
                if (!dom0)
                        return "xen";
        }

        v = vm_from_cpuid(&o);
        other = other || o;
        if (v || dom0)
                return v ?: (other ? "vm-other" : NULL);

        if (dmi && !streq(dmi, "vm-other"))
                return dmi;
        if (dmi)
                other = true;

        if (root_read_line("/sys/hypervisor/type", &hv) >= 0) {
                if (streq(hv, "xen"))
                        return "xen";
                other = true;
        }

        v = vm_from_device_tree(&o);
        if (v)
                return v;
        other = other || o;

        return other ? "vm-other" : NULL;
}

static int detect_virtualization(char **env, VirtKind *ret_kind, const char **ret_id) {
        const char *id;
        int r;

        r = detect_container(env, &id);
        if (r < 0)
                return r;
        if (r > 0) {
                *ret_kind = VIRT_CONTAINER;
                *ret_id = id;
                return 0;
        }
        id = detect_vm();
        *ret_kind = id ? VIRT_VM : VIRT_NONE;
        *ret_id = id;
        return 0;
}

/* 1 with a uid/gid map other than the full identity, or for an unset one. */
static int userns_has_mapping(const char *p) {
        _cleanup_free_ char *s = NULL;
        unsigned long long a, b, c;
        int r;

        r = root_read(p, 65536, true, &s, NULL);
        if (r == -ENOENT)
                return false;
        if (r < 0)
                return r;
        if (isempty(skip_leading_whitespace(s)))
                return true;
        if (sscanf(s, "%llu %llu %llu", &a, &b, &c) != 3)
                return -EBADMSG;
        return !(a == 0 && b == 0 && c == UINT32_MAX);
}

static int running_in_userns(void) {
        _cleanup_free_ char *s = NULL;
        int r;

        r = userns_has_mapping("/proc/self/uid_map");
        if (r != 0)
                return r;
        r = userns_has_mapping("/proc/self/gid_map");
        if (r != 0)
                return r;
        r = root_read_line("/proc/self/setgroups", &s);
        if (r < 0)
                return r == -ENOENT ? false : r;
        return streq(strstrip(s), "deny");
}

/* ---- kernel command line, initrd, EFI ---- */

static bool in_initrd(void) {
        _cleanup_free_ char *p = root_path("/");
        struct statfs fs;

        if (root_exists("/etc/initrd-release") <= 0)
                return false;
        return p && statfs(p, &fs) >= 0 && IN_SET(fs.f_type, TMPFS_MAGIC, RAMFS_MAGIC);
}

/* The words of the kernel command line; in a container, of PID 1's command line (as systemd does). */
static int proc_cmdline_words(char **env, char ***ret) {
        _cleanup_free_ char *line = NULL;
        const char *id;
        size_t n;
        int r;

        if (detect_container(env, &id) > 0) {
                r = root_read("/proc/1/cmdline", READ_MAX, false, &line, &n);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < n; i++)
                        if (line[i] == '\0')
                                line[i] = ' ';
        } else {
                r = root_read("/proc/cmdline", READ_MAX, false, &line, NULL);
                if (r < 0)
                        return r;
        }
        return strv_split_words(line, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX, ret);
}

/* A boolean option on the kernel command line ('-' and '_' are the same in its key; the last value wins;
 * the bare key means true). 1 and *ret set if present, 0 if not, -errno. */
static int proc_cmdline_get_bool(char **env, const char *key, bool *ret) {
        _cleanup_strv_free_ char **words = NULL;
        const char *value = NULL;
        bool found = false;
        int r;

        r = proc_cmdline_words(env, &words);
        if (r < 0)
                return r;
        STRV_FOREACH(w, words) {
                const char *a = *w, *k = key;

                for (; *a && *k; a++, k++)
                        if (*a != *k && !(IN_SET(*a, '-', '_') && IN_SET(*k, '-', '_')))
                                break;
                if (*k != '\0')
                        continue;
                if (*a == '=') {
                        value = a + 1;
                        found = true;
                } else if (*a == '\0')
                        found = true;
        }
        if (!found)
                return 0;
        if (value) {
                r = parse_boolean(value);
                if (r < 0)
                        return r;
        } else
                r = 1;
        *ret = r;
        return 1;
}

/* systemd: EFI variables never count inside a container. */
static bool is_efi_boot(char **env) {
        const char *id;

        if (detect_container(env, &id) > 0)
                return false;
        return root_exists("/sys/firmware/efi/") > 0;
}

/* A one-byte EFI variable (after the 4 attribute bytes); 0 when absent. */
static int efi_read_flag(const char *name) {
        _cleanup_free_ char *p = strjoin("/sys/firmware/efi/efivars/", name, "-", EFI_GLOBAL_GUID), *s = NULL;
        size_t n;
        int r;

        if (!p)
                return -ENOMEM;
        r = root_read(p, 4096, false, &s, &n);
        if (r < 0)
                return r;
        if (n != 5)
                return -EINVAL;
        return s[4] != 0;
}

static bool is_efi_secure_boot(char **env) {
        int secure, audit, setup;

        if (!is_efi_boot(env))
                return false;
        secure = efi_read_flag("SecureBoot");
        if (secure <= 0)
                return false;
        audit = efi_read_flag("AuditMode");
        setup = efi_read_flag("SetupMode");
        /* "user" and "deployed" modes (UEFI 2.9 figure 32-4). */
        return IN_SET(audit, 0, -ENOENT) && IN_SET(setup, 0, -ENOENT);
}

/* ---- the conditions ---- */

static int test_architecture(const char *param) {
        static const struct {
                const char *machine;
                const char *arch;
        } table[] = {
                { "x86_64", "x86-64" },
                { "i686", "x86" },
                { "i586", "x86" },
                { "i486", "x86" },
                { "i386", "x86" },
                { "aarch64", "arm64" },
                { "aarch64_be", "arm64-be" },
                { "ppc64", "ppc64" },
                { "ppc64le", "ppc64-le" },
                { "ppc", "ppc" },
                { "ppcle", "ppc-le" },
                { "s390x", "s390x" },
                { "s390", "s390" },
                { "riscv64", "riscv64" },
                { "riscv32", "riscv32" },
                { "loongarch64", "loongarch64" },
                { "ia64", "ia64" },
                { "parisc64", "parisc64" },
                { "parisc", "parisc" },
                { "sparc64", "sparc64" },
                { "sparc", "sparc" },
                { "alpha", "alpha" },
                { "m68k", "m68k" },
                { "sh5", "sh64" },
                { "sh4a", "sh" },
                { "sh4", "sh" },
                { "sh3", "sh" },
                { "sh2a", "sh" },
                { "sh2", "sh" },
                { "tilegx", "tilegx" },
                { "crisv32", "cris" },
                { "arc", "arc" },
                { "arceb", "arc-be" },
                { "nios2", "nios2" },
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                { "mips64", "mips64" },
                { "mips", "mips" },
#else
                { "mips64", "mips64-le" },
                { "mips", "mips-le" },
#endif
        };
        static const char native[] =
#if defined(__x86_64__)
                "x86-64";
#elif defined(__i386__)
                "x86";
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                "arm64-be";
#elif defined(__aarch64__)
                "arm64";
#elif defined(__arm__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                "arm-be";
#elif defined(__arm__)
                "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                "ppc64";
#elif defined(__powerpc64__)
                "ppc64-le";
#elif defined(__powerpc__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                "ppc";
#elif defined(__powerpc__)
                "ppc-le";
#elif defined(__s390x__)
                "s390x";
#elif defined(__s390__)
                "s390";
#elif defined(__riscv) && __riscv_xlen == 64
                "riscv64";
#elif defined(__riscv)
                "riscv32";
#elif defined(__loongarch64)
                "loongarch64";
#elif defined(__mips64) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                "mips64";
#elif defined(__mips64)
                "mips64-le";
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                "mips";
#elif defined(__mips__)
                "mips-le";
#elif defined(__sparc__) && defined(__arch64__)
                "sparc64";
#elif defined(__sparc__)
                "sparc";
#elif defined(__alpha__)
                "alpha";
#elif defined(__ia64__)
                "ia64";
#elif defined(__hppa64__)
                "parisc64";
#elif defined(__hppa__)
                "parisc";
#elif defined(__m68k__)
                "m68k";
#else
                "";
#endif
        const char *arch = NULL;
        struct utsname u;

        if (uname(&u) < 0)
                return -errno;
        for (size_t i = 0; i < ELEMENTSOF(table) && !arch; i++)
                if (streq(u.machine, table[i].machine))
                        arch = table[i].arch;
        if (!arch && startswith(u.machine, "arm"))
                arch = endswith(u.machine, "b") ? "arm-be" : "arm";
        if (!arch)
                return -EINVAL;
        /* An unknown name is simply not our architecture. */
        return streq(streq(param, "native") ? native : param, arch);
}

static int test_firmware(const char *param, char **env) {
        const char *arg;

        if (streq(param, "device-tree"))
                return root_exists("/sys/firmware/devicetree/") > 0;
        if (streq(param, "uefi"))
                return is_efi_boot(env);

        arg = startswith(param, "device-tree-compatible(");
        if (arg) {
                _cleanup_free_ char *want = NULL, *dt = NULL;
                const char *end = strrchr(arg, ')');
                size_t n;

                if (!end || end[1] != '\0') {
                        log_debug("Malformed ConditionFirmware=%s, assuming it does not match.", param);
                        return false;
                }
                want = strndup(arg, end - arg);
                if (!want)
                        return -ENOMEM;
                /* NUL-terminated strings, one after the other. */
                if (root_read("/proc/device-tree/compatible", READ_MAX, false, &dt, &n) < 0 || n == 0 ||
                    dt[n - 1] != '\0')
                        return false;
                for (size_t i = 0; i < n; i += strlen(dt + i) + 1)
                        if (streq(dt + i, want))
                                return true;
                return false;
        }

        arg = startswith(param, "smbios-field(");
        if (arg) {
                _cleanup_free_ char *expr = NULL, *field = NULL, *value = NULL, *path = NULL, *actual = NULL;
                const char *end = strrchr(arg, ')'), *p;
                CompareOperator op;
                int r;

                if (!end || end[1] != '\0')
                        return -EINVAL;
                expr = strndup(arg, end - arg);
                if (!expr)
                        return -ENOMEM;
                r = split_key_operator(skip_leading_whitespace(expr), &field, &p);
                if (r < 0)
                        return r;
                delete_trailing_chars(field, WHITESPACE);
                op = parse_compare_operator(&p, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
                if (op < 0)
                        return op;
                r = extract_first_word(&p, &value, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0 || !isempty(p))
                        return -EINVAL;
                /* The field names a file in /sys/class/dmi/id/. */
                if (isempty(field) || strchr(field, '/') || STR_IN_SET(field, ".", "..") || strlen(field) > NAME_MAX)
                        return -EINVAL;
                path = strjoin("/sys/class/dmi/id/", field);
                if (!path)
                        return -ENOMEM;
                r = root_read(path, 65536, true, &actual, NULL);
                if (r == -ENOENT)
                        return false;
                if (r < 0)
                        return r;
                delete_trailing_chars(actual, WHITESPACE);
                return version_or_fnmatch_compare(op, actual, value);
        }

        log_debug("Unsupported ConditionFirmware=%s, assuming it does not match.", param);
        return false;
}

static int test_virtualization(const char *param, char **env) {
        const char *id;
        VirtKind kind;
        int b, r;

        if (streq(param, "private-users"))
                return running_in_userns();
        r = detect_virtualization(env, &kind, &id);
        if (r < 0)
                return r;
        b = parse_boolean(param);
        if (b >= 0)
                return b == (kind != VIRT_NONE);
        if (streq(param, "vm"))
                return kind == VIRT_VM;
        if (streq(param, "container"))
                return kind == VIRT_CONTAINER;
        return kind != VIRT_NONE && streq(param, id);
}

static int test_host(const char *param) {
        char h[HOST_NAME_MAX + 1] = {};
        uint8_t want[16], have[16];
        int r;

        /* A machine ID compares with /etc/machine-id only. */
        if (id128_parse(param, want) >= 0) {
                r = read_machine_id(have);
                if (r < 0)
                        return r;
                return memcmp(want, have, 16) == 0;
        }
        if (gethostname(h, sizeof(h) - 1) < 0)
                return -errno;
        if (isempty(h) || streq(h, "(none)"))
                strcpy(h, "localhost");
        r = fnmatch(param, h, FNM_CASEFOLD);
        if (r != 0 && r != FNM_NOMATCH)
                return -EINVAL;
        return r == 0;
}

static int test_kernel_command_line(const char *param, char **env) {
        _cleanup_strv_free_ char **words = NULL;
        bool assignment = strchr(param, '=');
        int r;

        r = proc_cmdline_words(env, &words);
        if (r < 0)
                return r;
        STRV_FOREACH(w, words) {
                const char *e;

                if (assignment) {
                        if (streq(*w, param))
                                return true;
                } else {
                        /* The word itself, or the left-hand side of an assignment. */
                        e = startswith(*w, param);
                        if (e && IN_SET(*e, '\0', '='))
                                return true;
                }
        }
        return false;
}

static int kernel_release(char **ret) {
        struct utsname u;
        char *s;

        if (root_read_line("/proc/sys/kernel/osrelease", &s) >= 0) {
                *ret = s;
                return 0;
        }
        if (uname(&u) < 0)
                return -errno;
        s = strdup(u.release);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

/* A list of (possibly quoted) expressions, all of which must hold: "=" "!=" compare strings, "<" "<="
 * "==" "<>" ">=" ">" versions, "$=" "!$=" (the default) are globs. For compatibility the first expression
 * may have blanks between operator and value. */
static int test_kernel_version(const char *param) {
        _cleanup_free_ char *release = NULL;
        bool first = true;
        int r;

        r = kernel_release(&release);
        if (r < 0)
                return r;
        for (const char *p = param;;) {
                _cleanup_free_ char *word = NULL, *value = NULL;
                CompareOperator op;
                const char *s;

                r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        return true;
                s = strstrip(word);
                op = parse_compare_operator(&s, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
                if (op < 0)
                        op = COMPARE_FNMATCH_EQUAL;
                s = skip_leading_whitespace(s);
                if (isempty(s)) {
                        if (!first)
                                return -EINVAL;
                        r = extract_first_word(&p, &value, NULL, 0);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                return -EINVAL;
                        s = value;
                }
                r = version_or_fnmatch_compare(op, release, s);
                if (r <= 0)
                        return r;
                first = false;
        }
}

/* Valid credential names are valid file names. */
static int test_credential(const char *param, char **env) {
        static const char *const vars[] = { "CREDENTIALS_DIRECTORY", "ENCRYPTED_CREDENTIALS_DIRECTORY" };

        if (isempty(param) || STR_IN_SET(param, ".", "..") || strchr(param, '/') || strlen(param) > NAME_MAX)
                return false;
        for (size_t i = 0; i < ELEMENTSOF(vars); i++) {
                _cleanup_free_ char *p = NULL;
                const char *d = strv_env_get(env, vars[i]);

                if (!d)
                        continue;
                if (d[0] != '/')
                        return -EINVAL;
                p = strjoin(d, "/", param);
                if (!p)
                        return -ENOMEM;
                if (faccessat(AT_FDCWD, p, F_OK, AT_SYMLINK_NOFOLLOW) >= 0)
                        return true;
                if (errno != ENOENT)
                        return -errno;
        }
        return false;
}

static int test_security(const char *param, char **env) {
        if (streq(param, "selinux"))
                return root_exists("/sys/fs/selinux/enforce") > 0;
        if (streq(param, "smack"))
                return root_exists("/sys/fs/smackfs/") > 0;
        if (streq(param, "apparmor")) {
                _cleanup_free_ char *s = NULL;

                return root_read_line("/sys/module/apparmor/parameters/enabled", &s) >= 0 && parse_boolean(s) > 0;
        }
        if (streq(param, "ima"))
                return root_exists("/sys/kernel/security/ima/") > 0;
        if (streq(param, "tomoyo"))
                return root_exists("/sys/kernel/security/tomoyo/version") > 0;
        if (streq(param, "audit")) {
                _cleanup_close_ int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);

                return fd >= 0 || !IN_SET(errno, EAFNOSUPPORT, EPROTONOSUPPORT, EPERM);
        }
        if (streq(param, "uefi-secureboot"))
                return is_efi_secure_boot(env);
        if (streq(param, "tpm2")) {
                _cleanup_free_ char *p = root_path("/sys/class/tpmrm");
                _cleanup_(closedirp) DIR *d = NULL;
                const char *id;
                struct dirent *de;

                if (!p)
                        return -ENOMEM;
                /* A TPM resource manager device (not in containers), or firmware that knows a TPM2. */
                if (detect_container(env, &id) <= 0 && (d = opendir(p)))
                        for (unsigned i = 0; i < DIR_ENTRIES_MAX && (de = readdir(d)); i++)
                                if (!STR_IN_SET(de->d_name, ".", ".."))
                                        return true;
                return is_efi_boot(env) && root_exists("/sys/firmware/acpi/tables/TPM2") > 0;
        }
        return false;
}

static const char *const capability_names[] = {
        "cap_chown",           "cap_dac_override",     "cap_dac_read_search", "cap_fowner",
        "cap_fsetid",          "cap_kill",             "cap_setgid",          "cap_setuid",
        "cap_setpcap",         "cap_linux_immutable",  "cap_net_bind_service", "cap_net_broadcast",
        "cap_net_admin",       "cap_net_raw",          "cap_ipc_lock",        "cap_ipc_owner",
        "cap_sys_module",      "cap_sys_rawio",        "cap_sys_chroot",      "cap_sys_ptrace",
        "cap_sys_pacct",       "cap_sys_admin",        "cap_sys_boot",        "cap_sys_nice",
        "cap_sys_resource",    "cap_sys_time",         "cap_sys_tty_config",  "cap_mknod",
        "cap_lease",           "cap_audit_write",      "cap_audit_control",   "cap_setfcap",
        "cap_mac_override",    "cap_mac_admin",        "cap_syslog",          "cap_wake_alarm",
        "cap_block_suspend",   "cap_audit_read",       "cap_perfmon",         "cap_bpf",
        "cap_checkpoint_restore",
};

/* A name (case-insensitive) or a number below 64; -EINVAL otherwise. */
static int capability_from_name(const char *name) {
        int i;

        if (safe_atoi(name, &i) >= 0)
                return i >= 0 && i < CAPABILITY_BITS ? i : -EINVAL;
        for (size_t j = 0; j < ELEMENTSOF(capability_names); j++)
                if (strcaseeq(name, capability_names[j]))
                        return (int) j;
        return -EINVAL;
}

/* Whether the capability is in our bounding set. */
static int test_capability(const char *param) {
        _cleanup_free_ char *status = NULL, *bnd = NULL;
        unsigned long long caps = ULLONG_MAX; /* no CapBnd line: assume everything */
        char *end;
        int cap, r;

        cap = capability_from_name(param);
        if (cap < 0)
                return cap;
        r = root_read("/proc/self/status", READ_MAX, false, &status, NULL);
        if (r < 0)
                return r;
        if (text_field(status, "CapBnd", &bnd) >= 0) {
                errno = 0;
                caps = strtoull(bnd, &end, 16);
                if (errno != 0 || end == bnd || *end != '\0')
                        return -EIO;
        }
        return !!(caps & (1ULL << cap));
}

/* Like systemd 252: every power supply that is not a battery is an AC connector; true if one of them is
 * online or none is known. */
static int on_ac_power(void) {
        _cleanup_free_ char *dir = root_path("/sys/class/power_supply");
        _cleanup_(closedirp) DIR *d = NULL;
        bool online = false, offline = false;
        struct dirent *de;

        if (!dir)
                return -ENOMEM;
        d = opendir(dir);
        if (!d)
                return errno == ENOENT ? true : -errno;
        for (unsigned i = 0; i < DIR_ENTRIES_MAX; i++) {
                _cleanup_free_ char *p = NULL, *type = NULL, *value = NULL;
                unsigned v;
                int r;

                errno = 0;
                de = readdir(d);
                if (!de) {
                        if (errno != 0)
                                return -errno;
                        break;
                }
                if (STR_IN_SET(de->d_name, ".", ".."))
                        continue;
                p = strjoin(dir, "/", de->d_name, "/type");
                if (!p)
                        return -ENOMEM;
                r = read_line_file(p, &type);
                if (IN_SET(r, -ENOENT, -ENOTDIR))
                        continue;
                if (r < 0)
                        return r;
                if (streq(type, "Battery"))
                        continue;
                free(p);
                p = strjoin(dir, "/", de->d_name, "/online");
                if (!p)
                        return -ENOMEM;
                r = read_line_file(p, &value);
                if (r == -ENOENT)
                        continue;
                if (r < 0)
                        return r;
                r = safe_atou(value, &v);
                if (r < 0)
                        return r;
                if (v > 0)
                        online = true;
                else
                        offline = true;
        }
        return online || !offline;
}

static int test_ac_power(const char *param) {
        int b, r;

        b = parse_boolean(param);
        if (b < 0)
                return b;
        r = on_ac_power();
        if (r < 0)
                return r;
        return r == b;
}

/* Physical memory, limited by a memory limit on the (top of our) cgroup tree, as systemd's
 * physical_memory(). */
static uint64_t physical_memory(void) {
        _cleanup_free_ char *meminfo = NULL, *total = NULL, *limit = NULL;
        uint64_t mem = 0, lim, page = (uint64_t) sysconf(_SC_PAGESIZE);
        int r;

        if (root_read("/proc/meminfo", READ_MAX, false, &meminfo, NULL) >= 0 &&
            text_field(meminfo, "MemTotal", &total) >= 0) {
                char *unit = strchr(total, ' ');

                if (unit && streq(skip_leading_whitespace(unit), "kB"))
                        *unit = '\0';
                if (safe_atou64(total, &mem) >= 0 && mem <= UINT64_MAX / 1024)
                        mem *= 1024;
                else
                        mem = 0;
        }
        if (mem == 0)
                mem = (uint64_t) sysconf(_SC_PHYS_PAGES) * page;

        r = cgroup_unified();
        if (r < 0)
                return mem;
        if (root_read_line(r > 0 ? "/sys/fs/cgroup/memory.max" : "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                           &limit) < 0)
                return mem;
        if (streq(limit, "max") || safe_atou64(limit, &lim) < 0 || lim == UINT64_MAX)
                return mem;
        lim = lim / page * page;
        return MIN(lim, mem);
}

/* "[operator]size": ">=" when there is no operator. */
static int test_memory(const char *param) {
        const char *p = param;
        CompareOperator op;
        uint64_t want, have;
        int r;

        op = parse_compare_operator(&p, 0);
        if (op < 0)
                op = COMPARE_GREATER_OR_EQUAL;
        r = parse_size(p, 1024, &want);
        if (r < 0)
                return r;
        have = physical_memory();
        return test_order(have < want ? -1 : have > want, op);
}

static int cpus_in_affinity_mask(void) {
        for (size_t n = 1024; n <= 1024 * 1024; n *= 2) {
                cpu_set_t *set = CPU_ALLOC(n);
                size_t size = CPU_ALLOC_SIZE(n);
                int k;

                if (!set)
                        return -ENOMEM;
                if (sched_getaffinity(0, size, set) >= 0) {
                        k = CPU_COUNT_S(size, set);
                        CPU_FREE(set);
                        return k;
                }
                CPU_FREE(set);
                if (errno != EINVAL)
                        return -errno;
        }
        return -EINVAL;
}

static int test_cpus(const char *param) {
        const char *p = param;
        CompareOperator op;
        unsigned want;
        int n, r;

        n = cpus_in_affinity_mask();
        if (n < 0)
                return n;
        op = parse_compare_operator(&p, 0);
        if (op < 0)
                op = COMPARE_GREATER_OR_EQUAL;
        r = safe_atou(p, &want);
        if (r < 0)
                return r;
        return test_order((unsigned) n < want ? -1 : (unsigned) n > want, op);
}

static int test_environment(const char *param, char **env) {
        bool assignment = strchr(param, '=');

        STRV_FOREACH(e, env) {
                const char *rest;

                if (assignment) {
                        if (streq(*e, param))
                                return true;
                } else {
                        rest = startswith(*e, param);
                        if (rest && IN_SET(*rest, '\0', '='))
                                return true;
                }
        }
        return false;
}

#if defined(__i386__) || defined(__x86_64__)
static bool cpu_has_feature(const char *name) {
        static const struct {
                uint32_t leaf;
                char reg; /* 'b', 'c' or 'd' */
                uint8_t bit;
                const char *name;
        } table[] = {
                { 1, 'd', 0, "fpu" },          { 1, 'd', 1, "vme" },           { 1, 'd', 2, "de" },
                { 1, 'd', 3, "pse" },          { 1, 'd', 4, "tsc" },           { 1, 'd', 5, "msr" },
                { 1, 'd', 6, "pae" },          { 1, 'd', 7, "mce" },           { 1, 'd', 8, "cx8" },
                { 1, 'd', 9, "apic" },         { 1, 'd', 11, "sep" },          { 1, 'd', 12, "mtrr" },
                { 1, 'd', 13, "pge" },         { 1, 'd', 14, "mca" },          { 1, 'd', 15, "cmov" },
                { 1, 'd', 16, "pat" },         { 1, 'd', 17, "pse36" },        { 1, 'd', 19, "clflush" },
                { 1, 'd', 23, "mmx" },         { 1, 'd', 24, "fxsr" },         { 1, 'd', 25, "sse" },
                { 1, 'd', 26, "sse2" },        { 1, 'd', 28, "ht" },           { 1, 'c', 0, "pni" },
                { 1, 'c', 1, "pclmul" },       { 1, 'c', 3, "monitor" },       { 1, 'c', 9, "ssse3" },
                { 1, 'c', 12, "fma3" },        { 1, 'c', 13, "cx16" },         { 1, 'c', 19, "sse4_1" },
                { 1, 'c', 20, "sse4_2" },      { 1, 'c', 22, "movbe" },        { 1, 'c', 23, "popcnt" },
                { 1, 'c', 25, "aes" },         { 1, 'c', 26, "xsave" },        { 1, 'c', 27, "osxsave" },
                { 1, 'c', 28, "avx" },         { 1, 'c', 29, "f16c" },         { 1, 'c', 30, "rdrand" },
                { 7, 'b', 3, "bmi1" },         { 7, 'b', 5, "avx2" },          { 7, 'b', 8, "bmi2" },
                { 7, 'b', 18, "rdseed" },      { 7, 'b', 19, "adx" },          { 7, 'b', 29, "sha_ni" },
                { 0x80000001U, 'd', 11, "syscall" }, { 0x80000001U, 'd', 27, "rdtscp" },
                { 0x80000001U, 'd', 29, "lm" },      { 0x80000001U, 'c', 0, "lahf_lm" },
                { 0x80000001U, 'c', 5, "abm" },      { 0x80000007U, 'd', 8, "constant_tsc" },
        };

        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                unsigned eax = 0, ebx = 0, ecx = 0, edx = 0, v;

                if (!streq(name, table[i].name))
                        continue;
                if (__get_cpuid_count(table[i].leaf, 0, &eax, &ebx, &ecx, &edx) == 0)
                        return false;
                v = table[i].reg == 'b' ? ebx : table[i].reg == 'c' ? ecx : edx;
                return v & (1U << table[i].bit);
        }
        return false;
}
#endif

/* The CPUID feature names systemd knows (case-insensitive); always false off x86. */
static int test_cpu_feature(const char *param) {
#if defined(__i386__) || defined(__x86_64__)
        _cleanup_free_ char *lower = strdup(param);

        if (!lower)
                return -ENOMEM;
        return cpu_has_feature(ascii_strlower(lower));
#else
        return false;
#endif
}

static int read_os_release(char ***ret) {
        _cleanup_free_ char *text = NULL;
        size_t n;
        int r;

        r = root_read("/etc/os-release", READ_MAX, false, &text, &n);
        if (r == -ENOENT)
                r = root_read("/usr/lib/os-release", READ_MAX, false, &text, &n);
        if (r < 0)
                return r;
        return env_file_parse(text, n, "os-release", ret);
}

/* "KEY<op>VALUE ..." against os-release; a missing key compares as "". */
static int test_os_release(const char *param) {
        _cleanup_strv_free_ char **osr = NULL;
        bool loaded = false;
        int r;

        for (const char *p = param;;) {
                _cleanup_free_ char *expr = NULL, *key = NULL;
                const char *rest;
                CompareOperator op;

                r = extract_first_word(&p, &expr, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        return true;
                r = split_key_operator(expr, &key, &rest);
                if (r < 0)
                        return r;
                if (!env_name_is_valid(key))
                        return -EINVAL;
                /* No blanks after the operator: os-release values cannot start with one either. */
                op = parse_compare_operator(&rest, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
                if (op < 0 || isempty(rest) || strchr(WHITESPACE, *rest))
                        return -EINVAL;
                if (!loaded) {
                        r = read_os_release(&osr);
                        if (r < 0)
                                return r;
                        loaded = true;
                }
                r = version_or_fnmatch_compare(op, strempty(strv_env_get(osr, key)), rest);
                if (r <= 0)
                        return r;
        }
}

/* "12%", "12.5%", "12.34%", "125‰", "1234‱" as hundredths of a percent (permyriad), at most 100%. */
static int parse_permyriad(const char *s) {
        static const struct {
                const char *symbol;
                unsigned decimals; /* digits allowed after '.' */
                int scale;         /* permyriad per unit */
        } forms[] = {
                { "‱", 0, 1 },
                { "‰", 1, 10 },
                { "%", 2, 100 },
        };

        for (size_t i = 0; i < ELEMENTSOF(forms); i++) {
                _cleanup_free_ char *whole = NULL;
                const char *end = endswith(s, forms[i].symbol), *dot;
                int v, frac = 0, r;

                if (!end && i + 1 < ELEMENTSOF(forms))
                        continue;
                if (!end)
                        return -EINVAL;
                dot = memchr(s, '.', end - s);
                if (dot && forms[i].decimals > 0) {
                        size_t nd = (size_t) (end - dot - 1);

                        if (nd == 0 || nd > forms[i].decimals)
                                return -EINVAL;
                        for (size_t j = 0; j < forms[i].decimals; j++) {
                                char c = j < nd ? dot[1 + j] : '0';

                                if (!is_digit(c))
                                        return -EINVAL;
                                frac = frac * 10 + (c - '0');
                        }
                } else
                        dot = end;
                whole = strndup(s, dot - s);
                if (!whole)
                        return -ENOMEM;
                r = safe_atoi(whole, &v);
                if (r < 0)
                        return r;
                if (v < 0 || v > 10000)
                        return -ERANGE;
                v = v * forms[i].scale + frac;
                return v > 10000 ? -ERANGE : v;
        }
        return -EINVAL;
}

/* "avg10=1.23" as hundredths. */
static int parse_pressure_value(const char *line, const char *key, unsigned long *ret) {
        const char *v = strstr(line, key), *dot;
        unsigned long whole, frac;
        char *end;

        if (!v)
                return -EINVAL;
        v += strlen(key);
        errno = 0;
        whole = strtoul(v, &end, 10);
        if (errno != 0 || end == v || *end != '.' || whole > 10000)
                return -EINVAL;
        dot = end;
        errno = 0;
        frac = strtoul(dot + 1, &end, 10);
        if (errno != 0 || end != dot + 3)
                return -EINVAL;
        *ret = whole * 100 + frac;
        return 0;
}

/* The "some" or "full" line of a PSI file; -ENODATA without it. */
static int read_pressure(const char *path, const char *type, const char *avg, unsigned long *ret) {
        _cleanup_free_ char *text = NULL;
        int r;

        r = read_file_bounded(path, 65536, false, &text, NULL);
        if (r < 0)
                return r;
        for (char *l = text; l && *l;) {
                char *nl = strchr(l, '\n');

                if (nl)
                        *nl = '\0';
                if (startswith(l, type) && l[strlen(type)] == ' ')
                        return parse_pressure_value(l, avg, ret);
                l = nl ? nl + 1 : NULL;
        }
        return -ENODATA;
}

/* cg_escape(): names that could clash with kernel files get a '_' prefix. */
static int cgroup_escape(const char *name, char **ret) {
        const char *dot = strrchr(name, '.');
        bool prefix = IN_SET(name[0], '\0', '_', '.') ||
                      STR_IN_SET(name, "notify_on_release", "release_agent", "tasks") || startswith(name, "cgroup.");

        for (size_t i = 0; dot && !prefix && i < ELEMENTSOF(cgroup_controller_names); i++)
                prefix = strlen(cgroup_controller_names[i]) == (size_t) (dot - name) &&
                         strneq(name, cgroup_controller_names[i], dot - name);
        *ret = strjoin(prefix ? "_" : "", name);
        return *ret ? 0 : -ENOMEM;
}

/* "a-b.slice" -> "a.slice/a-b.slice" (cg_slice_to_path()). */
static int slice_to_path(const char *slice, char **ret) {
        _cleanup_free_ char *path = NULL, *prefix = NULL, *e = NULL;
        const char *dash;
        int r;

        if (streq(slice, "-.slice")) {
                *ret = strdup("");
                return *ret ? 0 : -ENOMEM;
        }
        if (!unit_name_is_valid(slice, UNIT_NAME_PLAIN) || !endswith(slice, ".slice"))
                return -EINVAL;
        prefix = strndup(slice, strlen(slice) - strlen(".slice"));
        if (!prefix)
                return -ENOMEM;
        if (prefix[0] == '-')
                return -EINVAL;
        path = strdup("");
        if (!path)
                return -ENOMEM;
        for (dash = strchr(prefix, '-'); dash; dash = strchr(dash + 1, '-')) {
                _cleanup_free_ char *part = NULL, *escaped = NULL;
                char *n;

                if (IN_SET(dash[1], '\0', '-'))
                        return -EINVAL;
                part = strndup(prefix, dash - prefix);
                if (!part)
                        return -ENOMEM;
                n = strjoin(part, ".slice");
                if (!n)
                        return -ENOMEM;
                free_and_replace_str(&part, n);
                if (!unit_name_is_valid(part, UNIT_NAME_PLAIN))
                        return -EINVAL;
                r = cgroup_escape(part, &escaped);
                if (r < 0)
                        return r;
                n = strjoin(path, escaped, "/");
                if (!n)
                        return -ENOMEM;
                free_and_replace_str(&path, n);
        }
        r = cgroup_escape(slice, &e);
        if (r < 0)
                return r;
        *ret = strjoin(path, e);
        return *ret ? 0 : -ENOMEM;
}

/* Our cgroup's parent if we are an "init.scope" (PID 1, user managers), else the top of the tree. */
static int manager_cgroup_root(char **ret) {
        _cleanup_free_ char *text = NULL;
        char *e;

        if (root_read("/proc/self/cgroup", READ_MAX, false, &text, NULL) < 0)
                goto top;
        for (char *l = text; l && *l;) {
                char *nl = strchr(l, '\n'), *p;

                if (nl)
                        *nl = '\0';
                p = startswith(l, "0::");
                if (p) {
                        e = endswith(p, "/init.scope");
                        if (!e)
                                break;
                        *ret = strndup(p, e - p);
                        return *ret ? 0 : -ENOMEM;
                }
                l = nl ? nl + 1 : NULL;
        }
top:
        *ret = strdup("");
        return *ret ? 0 : -ENOMEM;
}

/* "[SLICE:]PERCENT[/10sec|1min|5min]": the average pressure must not exceed the threshold. Holds when PSI
 * is unavailable. */
static int test_pressure(ConditionType type, const char *param) {
        static const char *const psi_files[] = {
                "/proc/pressure/cpu",
                "/proc/pressure/io",
                "/proc/pressure/memory",
        };
        const char *resource = type == CONDITION_MEMORY_PRESSURE ? "memory" :
                               type == CONDITION_CPU_PRESSURE    ? "cpu" :
                                                                   "io";
        _cleanup_free_ char *first = NULL, *second = NULL, *third = NULL, *fourth = NULL, *path = NULL;
        const char *p = param, *value, *avg = "avg300=", *pref;
        unsigned long have;
        int limit, r;

        for (size_t i = 0; i < ELEMENTSOF(psi_files); i++) {
                _cleanup_free_ char *s = NULL;

                r = root_read(psi_files[i], 65536, true, &s, NULL);
                if (IN_SET(r, -ENOENT, -EOPNOTSUPP)) {
                        log_debug("Pressure Stall Information (PSI) is not supported, assuming the condition holds.");
                        return true;
                }
        }

        r = extract_first_word(&p, &first, ":", 0);
        if (r <= 0)
                return r < 0 ? r : -EINVAL;
        r = extract_first_word(&p, &second, ":", 0);
        if (r < 0)
                return r;
        if (r == 0) {
                /* The system-wide "full" line of cpu is defined as zero: use "some" there. */
                pref = type == CONDITION_CPU_PRESSURE ? "some" : "full";
                path = strjoin(strempty(condition_root), "/proc/pressure/", resource);
                if (!path)
                        return -ENOMEM;
                value = first;
        } else {
                _cleanup_free_ char *slice_path = NULL, *top = NULL, *file = NULL;
                unsigned mask, want = type == CONDITION_MEMORY_PRESSURE ? CG_MEMORY :
                                      type == CONDITION_CPU_PRESSURE    ? CG_CPU :
                                                                          CG_IO;

                pref = "full";
                r = cgroup_unified();
                if (r < 0)
                        return r;
                if (r == 0) {
                        log_debug("PSI of a slice needs the unified cgroup hierarchy, assuming the condition holds.");
                        return true;
                }
                r = cgroup_supported_mask(&mask);
                if (r < 0)
                        return r;
                if (!(mask & want)) {
                        log_debug("cgroup controller %s not available, assuming the condition holds.", resource);
                        return true;
                }
                r = slice_to_path(strstrip(first), &slice_path);
                if (r < 0)
                        return r;
                r = manager_cgroup_root(&top);
                if (r < 0)
                        return r;
                file = strjoin(resource, ".pressure");
                if (!file)
                        return -ENOMEM;
                path = strjoin(strempty(condition_root), "/sys/fs/cgroup", top, "/", slice_path,
                               isempty(slice_path) ? "" : "/", file);
                if (!path)
                        return -ENOMEM;
                value = second;
        }

        r = extract_first_word(&value, &third, "/", 0);
        if (r <= 0)
                return r < 0 ? r : -EINVAL;
        r = extract_first_word(&value, &fourth, "/", 0);
        if (r < 0)
                return r;
        if (r > 0) {
                const char *span = skip_leading_whitespace(fourth);

                if (startswith(span, "10sec"))
                        avg = "avg10=";
                else if (startswith(span, "1min"))
                        avg = "avg60=";
                else if (startswith(span, "5min"))
                        avg = "avg300=";
                else
                        return -EINVAL;
        }
        limit = parse_permyriad(strstrip(third));
        if (limit < 0)
                return limit;

        r = read_pressure(path, pref, avg, &have);
        if (r == -ENODATA && streq(pref, "full"))
                r = read_pressure(path, "some", avg, &have);
        if (r == -ENOENT) {
                log_debug("%s not found, assuming the condition holds.", path);
                return true;
        }
        if (r < 0)
                return r;
        return have <= (unsigned long) limit;
}

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

        r = proc_cmdline_get_bool(env, "systemd.condition-needs-update", &b);
        if (r < 0)
                log_debug_errno(r, "Failed to parse systemd.condition-needs-update= kernel command line argument, ignoring: %m");
        if (r > 0)
                return b;
        if (in_initrd())
                return false;
        if (param[0] != '/')
                return true;
        if (path_is_read_only_fs(param) > 0)
                return false;

        /* Any other failure means an update is needed: better run the update tools once too often. */
        stamp = strjoin(param, "/.updated");
        usr = root_path("/usr/");
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

                if (read_file_bounded(stamp, 65536, false, &text, &n) < 0 || env_file_parse(text, n, stamp, &l) < 0)
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
        r = proc_cmdline_get_bool(env, "systemd.condition-first-boot", &first_boot);
        if (r < 0)
                log_debug_errno(r, "Failed to parse systemd.condition-first-boot= kernel command line argument, ignoring: %m");
        if (r <= 0) {
                /* The service manager creates this flag when it starts with an unpopulated /etc. */
                r = root_exists("/run/systemd/first-boot");
                if (r < 0)
                        log_debug_errno(r, "Failed to check if /run/systemd/first-boot exists, assuming no: %m");
                first_boot = r > 0;
        }
        return first_boot == want;
}

/* Stop glob() after DIR_ENTRIES_MAX directory entries, so that patterns with many wildcard
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

        glob_budget = DIR_ENTRIES_MAX;
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
        _cleanup_(closedirp) DIR *d = NULL;
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
        r = read_line_file(p, &uuid);
        if (r < 0 && r != -ENOENT)
                return r;
        if (r >= 0 && startswith(uuid, "CRYPT-"))
                return true;

        /* Not dm-crypt itself; maybe stacked on top of it. */
        d = opendir(slaves);
        if (!d)
                return errno == ENOENT ? false : -errno;
        for (unsigned i = 0; i < DIR_ENTRIES_MAX; i++) {
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
                r = read_line_file(q, &s);
                if (r == -ENOENT)
                        continue;
                if (r < 0)
                        return r;
                if (parse_devnum(s, &sl) < 0 || major(sl) == 0)
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
        _cleanup_(closedirp) DIR *d = NULL;
        struct dirent *de;

        d = opendir(param);
        if (!d)
                /* Like systemd 252, other errors than these count as "not empty". */
                return !IN_SET(errno, ENOENT, ENOTDIR);
        for (unsigned i = 0; i < 16 * DIR_ENTRIES_MAX; i++) {
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
                r = cgroup_unified();
                if (r < 0)
                        return r;
                return r == streq(param, "v2");
        }
        want = cgroup_mask_from_string(param);
        if (want == 0) {
                log_debug("No known cgroup controller in \"%s\", assuming the condition holds.", param);
                return true;
        }
        r = cgroup_supported_mask(&have);
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
                r = test_architecture(p);
                break;
        case CONDITION_FIRMWARE:
                r = test_firmware(p, env);
                break;
        case CONDITION_VIRTUALIZATION:
                r = test_virtualization(p, env);
                break;
        case CONDITION_HOST:
                r = test_host(p);
                break;
        case CONDITION_KERNEL_COMMAND_LINE:
                r = test_kernel_command_line(p, env);
                break;
        case CONDITION_KERNEL_VERSION:
                r = test_kernel_version(p);
                break;
        case CONDITION_CREDENTIAL:
                r = test_credential(p, env);
                break;
        case CONDITION_SECURITY:
                r = test_security(p, env);
                break;
        case CONDITION_CAPABILITY:
                r = test_capability(p);
                break;
        case CONDITION_AC_POWER:
                r = test_ac_power(p);
                break;
        case CONDITION_MEMORY:
                r = test_memory(p);
                break;
        case CONDITION_CPUS:
                r = test_cpus(p);
                break;
        case CONDITION_ENVIRONMENT:
                r = test_environment(p, env);
                break;
        case CONDITION_CPU_FEATURE:
                r = test_cpu_feature(p);
                break;
        case CONDITION_OS_RELEASE:
                r = test_os_release(p);
                break;
        case CONDITION_MEMORY_PRESSURE:
        case CONDITION_CPU_PRESSURE:
        case CONDITION_IO_PRESSURE:
                r = test_pressure(c->type, p);
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
