/* SPDX-License-Identifier: MIT */
/* The conditions on properties of the system: Architecture=, Firmware=, Virtualization=, Host=,
 * KernelCommandLine=, KernelVersion=, Credential=, Security=, Capability=, ACPower=, Memory=, CPUs=,
 * Environment=, CPUFeature=, OSRelease=. */
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "condition-internal.h"
#include "env-util.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "string-util.h"
#include "strv.h"

#define CAPABILITY_BITS 64

int cond_test_architecture(const char *param) {
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

int cond_test_firmware(const char *param, char **env) {
        const char *arg;

        if (streq(param, "device-tree"))
                return cond_root_exists("/sys/firmware/devicetree/") > 0;
        if (streq(param, "uefi"))
                return cond_is_efi_boot(env);

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
                if (cond_root_read("/proc/device-tree/compatible", COND_READ_MAX, false, &dt, &n) < 0 ||
                    n == 0 || dt[n - 1] != '\0')
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
                r = cond_split_key_operator(skip_leading_whitespace(expr), &field, &p);
                if (r < 0)
                        return r;
                delete_trailing_chars(field, WHITESPACE);
                op = cond_parse_compare_operator(&p, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
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
                r = cond_root_read(path, 65536, true, &actual, NULL);
                if (r == -ENOENT)
                        return false;
                if (r < 0)
                        return r;
                delete_trailing_chars(actual, WHITESPACE);
                return cond_version_or_fnmatch_compare(op, actual, value);
        }

        log_debug("Unsupported ConditionFirmware=%s, assuming it does not match.", param);
        return false;
}

int cond_test_virtualization(const char *param, char **env) {
        const char *id;
        VirtKind kind;
        int b, r;

        if (streq(param, "private-users"))
                return cond_running_in_userns();
        r = cond_detect_virtualization(env, &kind, &id);
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

int cond_test_host(const char *param) {
        char h[HOST_NAME_MAX + 1] = {};
        uint8_t want[16], have[16];
        int r;

        /* A machine ID compares with /etc/machine-id only. */
        if (cond_id128_parse(param, want) >= 0) {
                r = cond_read_machine_id(have);
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

int cond_test_kernel_command_line(const char *param, char **env) {
        _cleanup_strv_free_ char **words = NULL;
        bool assignment = strchr(param, '=');
        int r;

        r = cond_proc_cmdline_words(env, &words);
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

        if (cond_root_read_line("/proc/sys/kernel/osrelease", &s) >= 0) {
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
int cond_test_kernel_version(const char *param) {
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
                op = cond_parse_compare_operator(&s, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
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
                r = cond_version_or_fnmatch_compare(op, release, s);
                if (r <= 0)
                        return r;
                first = false;
        }
}

/* Valid credential names are valid file names. */
int cond_test_credential(const char *param, char **env) {
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

int cond_test_security(const char *param, char **env) {
        if (streq(param, "selinux"))
                return cond_root_exists("/sys/fs/selinux/enforce") > 0;
        if (streq(param, "smack"))
                return cond_root_exists("/sys/fs/smackfs/") > 0;
        if (streq(param, "apparmor")) {
                _cleanup_free_ char *s = NULL;

                return cond_root_read_line("/sys/module/apparmor/parameters/enabled", &s) >= 0 && parse_boolean(s) > 0;
        }
        if (streq(param, "ima"))
                return cond_root_exists("/sys/kernel/security/ima/") > 0;
        if (streq(param, "tomoyo"))
                return cond_root_exists("/sys/kernel/security/tomoyo/version") > 0;
        if (streq(param, "audit")) {
                _cleanup_close_ int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);

                return fd >= 0 || !IN_SET(errno, EAFNOSUPPORT, EPROTONOSUPPORT, EPERM);
        }
        if (streq(param, "uefi-secureboot"))
                return cond_is_efi_secure_boot(env);
        if (streq(param, "tpm2")) {
                _cleanup_free_ char *p = cond_root_path("/sys/class/tpmrm");
                _cleanup_(cond_closedirp) DIR *d = NULL;
                const char *id;
                struct dirent *de;

                if (!p)
                        return -ENOMEM;
                /* A TPM resource manager device (not in containers), or firmware that knows a TPM2. */
                if (cond_detect_container(env, &id) <= 0 && (d = opendir(p)))
                        for (unsigned i = 0; i < COND_DIR_ENTRIES_MAX && (de = readdir(d)); i++)
                                if (!STR_IN_SET(de->d_name, ".", ".."))
                                        return true;
                return cond_is_efi_boot(env) && cond_root_exists("/sys/firmware/acpi/tables/TPM2") > 0;
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
int cond_test_capability(const char *param) {
        _cleanup_free_ char *status = NULL, *bnd = NULL;
        unsigned long long caps = ULLONG_MAX; /* no CapBnd line: assume everything */
        char *end;
        int cap, r;

        cap = capability_from_name(param);
        if (cap < 0)
                return cap;
        r = cond_root_read("/proc/self/status", COND_READ_MAX, false, &status, NULL);
        if (r < 0)
                return r;
        if (cond_text_field(status, "CapBnd", &bnd) >= 0) {
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
        _cleanup_free_ char *dir = cond_root_path("/sys/class/power_supply");
        _cleanup_(cond_closedirp) DIR *d = NULL;
        bool online = false, offline = false;
        struct dirent *de;

        if (!dir)
                return -ENOMEM;
        d = opendir(dir);
        if (!d)
                return errno == ENOENT ? true : -errno;
        for (unsigned i = 0; i < COND_DIR_ENTRIES_MAX; i++) {
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
                r = cond_read_line_file(p, &type);
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
                r = cond_read_line_file(p, &value);
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

int cond_test_ac_power(const char *param) {
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

        if (cond_root_read("/proc/meminfo", COND_READ_MAX, false, &meminfo, NULL) >= 0 &&
            cond_text_field(meminfo, "MemTotal", &total) >= 0) {
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

        r = cond_cgroup_unified();
        if (r < 0)
                return mem;
        if (cond_root_read_line(r > 0 ? "/sys/fs/cgroup/memory.max" : "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                           &limit) < 0)
                return mem;
        if (streq(limit, "max") || safe_atou64(limit, &lim) < 0 || lim == UINT64_MAX)
                return mem;
        lim = lim / page * page;
        return MIN(lim, mem);
}

/* "[operator]size": ">=" when there is no operator. */
int cond_test_memory(const char *param) {
        const char *p = param;
        CompareOperator op;
        uint64_t want, have;
        int r;

        op = cond_parse_compare_operator(&p, 0);
        if (op < 0)
                op = COMPARE_GREATER_OR_EQUAL;
        r = parse_size(p, 1024, &want);
        if (r < 0)
                return r;
        have = physical_memory();
        return cond_test_order(have < want ? -1 : have > want, op);
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

int cond_test_cpus(const char *param) {
        const char *p = param;
        CompareOperator op;
        unsigned want;
        int n, r;

        n = cpus_in_affinity_mask();
        if (n < 0)
                return n;
        op = cond_parse_compare_operator(&p, 0);
        if (op < 0)
                op = COMPARE_GREATER_OR_EQUAL;
        r = safe_atou(p, &want);
        if (r < 0)
                return r;
        return cond_test_order((unsigned) n < want ? -1 : (unsigned) n > want, op);
}

int cond_test_environment(const char *param, char **env) {
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
int cond_test_cpu_feature(const char *param) {
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

        r = cond_root_read("/etc/os-release", COND_READ_MAX, false, &text, &n);
        if (r == -ENOENT)
                r = cond_root_read("/usr/lib/os-release", COND_READ_MAX, false, &text, &n);
        if (r < 0)
                return r;
        return env_file_parse(text, n, "os-release", ret);
}

/* "KEY<op>VALUE ..." against os-release; a missing key compares as "". */
int cond_test_os_release(const char *param) {
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
                r = cond_split_key_operator(expr, &key, &rest);
                if (r < 0)
                        return r;
                if (!env_name_is_valid(key))
                        return -EINVAL;
                /* No blanks after the operator: os-release values cannot start with one either. */
                op = cond_parse_compare_operator(&rest, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
                if (op < 0 || isempty(rest) || strchr(WHITESPACE, *rest))
                        return -EINVAL;
                if (!loaded) {
                        r = read_os_release(&osr);
                        if (r < 0)
                                return r;
                        loaded = true;
                }
                r = cond_version_or_fnmatch_compare(op, strempty(strv_env_get(osr, key)), rest);
                if (r <= 0)
                        return r;
        }
}
