/* SPDX-License-Identifier: MIT */
/* Helpers of the condition tests: reads below condition_root, comparison operators, systemd's version
 * comparison, 128-bit IDs, cgroup controllers. */
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/magic.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "condition-internal.h"
#include "escape.h"
#include "fileio.h"
#include "parse-util.h"
#include "string-util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* ---- small helpers ---- */

static bool is_alpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int sign(int i) {
        return (i > 0) - (i < 0);
}

char *cond_root_path(const char *p) {
        return strjoin(strempty(condition_root), p);
}

/* Read a regular file (all of /proc and /sys are) into a NUL-terminated buffer. More than max bytes is
 * -EFBIG unless truncate is set, then only the first max bytes are returned. Opened non-blocking and
 * refused unless regular, so a FIFO or device node never stalls or disturbs anything. */
int cond_read_file_bounded(const char *path, size_t max, bool truncate, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = -EBADF;
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

        return read_fd_bounded(fd, max, truncate, (size_t) st.st_size, ret, ret_size);
}

int cond_root_read(const char *p, size_t max, bool truncate, char **ret, size_t *ret_size) {
        _cleanup_free_ char *path = cond_root_path(p);

        if (!path)
                return -ENOMEM;
        return cond_read_file_bounded(path, max, truncate, ret, ret_size);
}

/* The first line of a file, without its newline (read_one_line_file() semantics). */
int cond_read_line_file(const char *path, char **ret) {
        char *s;
        int r;

        r = cond_read_file_bounded(path, 65536, true, &s, NULL);
        if (r < 0)
                return r;
        s[strcspn(s, "\n")] = '\0';
        *ret = s;
        return 0;
}

int cond_root_read_line(const char *p, char **ret) {
        _cleanup_free_ char *path = cond_root_path(p);

        if (!path)
                return -ENOMEM;
        return cond_read_line_file(path, ret);
}

/* 1 if the (prefixed) path exists, 0 if not, -errno on other errors. */
int cond_root_exists(const char *p) {
        _cleanup_free_ char *path = cond_root_path(p);

        if (!path)
                return -ENOMEM;
        if (access(path, F_OK) >= 0)
                return 1;
        return errno == ENOENT ? 0 : -errno;
}

/* In "Key:\tvalue\n" text (/proc/self/status, /proc/meminfo), the value of key, trimmed. */
int cond_text_field(const char *text, const char *key, char **ret) {
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

int cond_parse_devnum(const char *s, dev_t *ret) {
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

/* Parse an operator at the start of *s and advance *s past it; -EINVAL (and *s untouched) if there is
 * none, or if it is a glob operator and COMPARE_ALLOW_FNMATCH is not given. */
CompareOperator cond_parse_compare_operator(const char **s, unsigned flags) {
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

bool cond_test_order(int k, CompareOperator op) {
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
        return is_alpha(c) || cond_is_digit(c) || IN_SET(c, '~', '-', '^', '.');
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

                if (cond_is_digit(*a) || cond_is_digit(*b)) {
                        for (ea = a; cond_is_digit(*ea); ea++)
                                ;
                        for (eb = b; cond_is_digit(*eb); eb++)
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

int cond_version_or_fnmatch_compare(CompareOperator op, const char *a, const char *b) {
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
                return cond_test_order(condition_version_compare(a, b), op);
        }
}

/* Split "KEY<op>VALUE": leading operator characters are skipped, the key ends at the next one. *ret_rest
 * points to the operator; -EINVAL if there is none. */
int cond_split_key_operator(const char *s, char **ret_key, const char **ret_rest) {
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

/* 32 hex digits, or the 36-character UUID form with dashes (sd_id128_from_string()). */
int cond_id128_parse(const char *s, uint8_t ret[16]) {
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
                hi = unhexchar(s[i]);
                lo = unhexchar(s[i + 1]);
                if (hi < 0 || lo < 0)
                        return -EINVAL;
                ret[j++] = (uint8_t) (hi << 4 | lo);
                i += 2;
        }
        return j == 16 ? 0 : -EINVAL;
}

int cond_read_machine_id(uint8_t ret[16]) {
        _cleanup_free_ char *s = NULL;
        uint8_t id[16];
        bool null = true;
        int r;

        r = cond_root_read("/etc/machine-id", 4096, false, &s, NULL);
        if (r < 0)
                return r;
        delete_trailing_chars(s, NEWLINE);
        if (isempty(s) || streq(s, "uninitialized"))
                return -ENOMEDIUM;
        if (strlen(s) != 32 || cond_id128_parse(s, id) < 0)
                return -EUCLEAN;
        for (size_t i = 0; i < 16; i++)
                null = null && id[i] == 0;
        if (null)
                return -ENOMEDIUM;
        memcpy(ret, id, 16);
        return 0;
}

/* ---- cgroups ---- */

static const char *const cgroup_controller_names[] = {
        "cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids", "bpf-firewall", "bpf-devices",
        "bpf-foreign", "bpf-socket-bind", "bpf-restrict-network-interfaces",
};

/* The controllers systemd knows among the words of s; unknown words are ignored. */
unsigned cond_cgroup_mask_from_string(const char *s) {
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
int cond_cgroup_unified(void) {
        _cleanup_free_ char *path = cond_root_path("/sys/fs/cgroup");
        struct statfs fs;
        int r;

        if (!path)
                return -ENOMEM;
        if (statfs(path, &fs) < 0)
                return errno == ENOENT ? -ENOMEDIUM : -errno;
        if (fs.f_type == CGROUP2_SUPER_MAGIC)
                return 1;
        r = cond_root_exists("/sys/fs/cgroup/cgroup.controllers"); /* also lets tests fake v2 */
        if (r != 0)
                return r;
        return 0;
}

int cond_cgroup_supported_mask(unsigned *ret) {
        unsigned mask = 0;
        int r;

        r = cond_cgroup_unified();
        if (r < 0)
                return r;
        if (r > 0) {
                _cleanup_free_ char *s = NULL;

                r = cond_root_read_line("/sys/fs/cgroup/cgroup.controllers", &s);
                if (r < 0)
                        return r;
                mask = cond_cgroup_mask_from_string(s) & CG_MASK_V2;
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

/* cg_escape(): names that could clash with kernel files get a '_' prefix. */
int cond_cgroup_escape(const char *name, char **ret) {
        const char *dot = strrchr(name, '.');
        bool prefix = IN_SET(name[0], '\0', '_', '.') ||
                      STR_IN_SET(name, "notify_on_release", "release_agent", "tasks") || startswith(name, "cgroup.");

        for (size_t i = 0; dot && !prefix && i < ELEMENTSOF(cgroup_controller_names); i++)
                prefix = strlen(cgroup_controller_names[i]) == (size_t) (dot - name) &&
                         strneq(name, cgroup_controller_names[i], dot - name);
        *ret = strjoin(prefix ? "_" : "", name);
        return *ret ? 0 : -ENOMEM;
}
