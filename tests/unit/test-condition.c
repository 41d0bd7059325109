/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <ctype.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>

#include "condition.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"

/* ---- helpers ---- */

static char *root; /* a fake root (condition_root) or a scratch directory */

static void new_root(void) {
        char t[] = "/tmp/test-condition-XXXXXX";

        ck_assert_ptr_nonnull(mkdtemp(t));
        root = strdup(t);
        ck_assert_ptr_nonnull(root);
        condition_root = root;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f) {
        (void) st;
        (void) f;
        return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static void drop_root(void) {
        condition_root = "";
        if (!root)
                return;
        ck_assert_int_eq(nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
        root = mfree_ptr(root);
}

static char *at(const char *rel) {
        char *p = strjoin(root, rel);

        ck_assert_ptr_nonnull(p);
        return p;
}

/* mkdir -p for the directory part of rel (and rel itself if it ends in '/'). */
static void mkparents(const char *rel) {
        _cleanup_free_ char *p = at(rel);

        for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
                *s = '\0';
                ck_assert_msg(mkdir(p, 0755) >= 0 || errno == EEXIST, "mkdir %s: %m", p);
                *s = '/';
        }
}

static void put_n(const char *rel, const char *data, size_t n) {
        _cleanup_free_ char *p = at(rel);
        _cleanup_close_ int fd = -EBADF;

        mkparents(rel);
        fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        ck_assert_msg(fd >= 0, "open %s: %m", p);
        ck_assert_int_eq(write(fd, data, n), (ssize_t) n);
}

static void put(const char *rel, const char *text) {
        put_n(rel, text, strlen(text));
}

static void put_dir(const char *rel) {
        _cleanup_free_ char *d = strjoin(rel, "/");

        ck_assert_ptr_nonnull(d);
        mkparents(d);
}

static void put_link(const char *rel, const char *target) {
        _cleanup_free_ char *p = at(rel);

        mkparents(rel);
        ck_assert_int_eq(symlink(target, p), 0);
}

/* Check the condition and its negation; expected < 0 is an error, which negation does not change. */
static void check_env(int line, ConditionType type, const char *param, char **env, int expected) {
        Condition c = { .type = type, .parameter = (char *) param };
        int r;

        r = condition_test(&c, env);
        ck_assert_msg(r == expected, "line %d: %s=%s gave %d, expected %d", line, condition_type_to_key(type, false),
                      param, r, expected);
        c.negate = true;
        r = condition_test(&c, env);
        ck_assert_msg(r == (expected < 0 ? expected : !expected), "line %d: %s=!%s gave %d", line,
                      condition_type_to_key(type, false), param, r);
}

#define CHECK(type, param, expected) check_env(__LINE__, (type), (param), NULL, (expected))
#define CHECK_ENV(type, param, env, expected) check_env(__LINE__, (type), (param), (env), (expected))

static void teardown(void) {
        drop_root();
}

/* ---- keys and versions ---- */

START_TEST(test_keys) {
        ck_assert_str_eq(condition_type_to_key(CONDITION_PATH_EXISTS, false), "ConditionPathExists");
        ck_assert_str_eq(condition_type_to_key(CONDITION_PATH_EXISTS, true), "AssertPathExists");
        ck_assert_str_eq(condition_type_to_key(CONDITION_CPUS, false), "ConditionCPUs");
        ck_assert_str_eq(condition_type_to_key(CONDITION_AC_POWER, true), "AssertACPower");
        ck_assert_ptr_null(condition_type_to_key(_CONDITION_TYPE_MAX, false));
        ck_assert_ptr_null(condition_type_to_key(_CONDITION_TYPE_INVALID, true));
        for (ConditionType t = 0; t < _CONDITION_TYPE_MAX; t++) {
                _cleanup_free_ char *c = strjoin("Condition", condition_type_to_string(t));
                _cleanup_free_ char *a = strjoin("Assert", condition_type_to_string(t));

                ck_assert_str_eq(condition_type_to_key(t, false), c);
                ck_assert_str_eq(condition_type_to_key(t, true), a);
        }
}
END_TEST

START_TEST(test_version_compare) {
        /* Each pair checked with `systemd-analyze compare-versions` of systemd 252. */
        static const struct {
                const char *a, *b;
                int r;
        } t[] = {
                { "1.2", "1.10", -1 },         { "1.0~rc1", "1.0", -1 },  { "123", "123a", -1 },
                { "123.a", "123a", -1 },       { "1-1", "1.1", -1 },      { "1^a", "1-a", 1 },
                { "0012", "12", 0 },           { "6.18.44-fc-v782", "6.18", 1 }, { "a", "b", -1 },
                { "122.1", "123~rc1-1", -1 },  { "123~rc1-1", "123", -1 }, { "123", "123-a", -1 },
                { "123-a", "123-a.1", -1 },    { "123-a.1", "123-1", -1 }, { "123-1", "123-1.1", -1 },
                { "123-1.1", "123^post1", -1 }, { "123^post1", "123.a-1", -1 }, { "123.a-1", "123.1-1", -1 },
                { "123.1-1", "123a-1", -1 },   { "123a-1", "124-1", -1 }, { "~_1", "~1", -1 },
                { "1~", "1~", 0 },             { "1~~", "1~", 1 },       { "1_2", "1.2", 1 },
                { "1__2", "1_2", 0 },          { "abc", "ABC", 1 },       { "1.0", "1.0.0", -1 },
                { "1.0^", "1.0", 1 },          { "^1", "1", -1 },         { "x1", "1x", -1 },
                { "5.10.0-21-amd64", "5.10.0-3-amd64", 1 }, { "10", "9", 1 }, { "a1", "a01", 0 },
                { "", "", 0 },                 { "", "0", -1 },           { NULL, "", 0 },
        };

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                ck_assert_msg(condition_version_compare(t[i].a, t[i].b) == t[i].r, "%s vs %s", strna(t[i].a), t[i].b);
                ck_assert_msg(condition_version_compare(t[i].b, t[i].a) == -t[i].r, "%s vs %s", t[i].b, strna(t[i].a));
        }
}
END_TEST

/* ---- path conditions (real file system, scratch directory) ---- */

START_TEST(test_paths) {
        _cleanup_free_ char *f = NULL, *e = NULL, *d = NULL, *x = NULL, *l = NULL, *dl = NULL, *nx = NULL,
                            *g1 = NULL, *g2 = NULL, *g3 = NULL, *ld = NULL;

        new_root();
        condition_root = ""; /* only a scratch directory here */
        put("/file", "x");
        put("/empty", "");
        put("/exe", "#!/bin/sh\n");
        put_dir("/dir");
        put_link("/link", "file");
        put_link("/dangling", "nope");
        put_link("/dirlink", "dir");
        f = at("/file");
        e = at("/empty");
        x = at("/exe");
        d = at("/dir");
        l = at("/link");
        dl = at("/dangling");
        ld = at("/dirlink");
        nx = at("/nonexistent");
        ck_assert_int_eq(chmod(x, 0755), 0);

        CHECK(CONDITION_PATH_EXISTS, f, 1);
        CHECK(CONDITION_PATH_EXISTS, d, 1);
        CHECK(CONDITION_PATH_EXISTS, nx, 0);
        CHECK(CONDITION_PATH_EXISTS, dl, 0); /* symlinks are followed */

        g1 = at("/f*");
        g2 = at("/{nope,file}");
        g3 = at("/[x-z]*");
        CHECK(CONDITION_PATH_EXISTS_GLOB, g1, 1);
        CHECK(CONDITION_PATH_EXISTS_GLOB, g2, 1);
        CHECK(CONDITION_PATH_EXISTS_GLOB, g3, 0);
        CHECK(CONDITION_PATH_EXISTS_GLOB, nx, 0);

        CHECK(CONDITION_PATH_IS_DIRECTORY, d, 1);
        CHECK(CONDITION_PATH_IS_DIRECTORY, ld, 1);
        CHECK(CONDITION_PATH_IS_DIRECTORY, f, 0);
        CHECK(CONDITION_PATH_IS_DIRECTORY, nx, 0);

        CHECK(CONDITION_PATH_IS_SYMBOLIC_LINK, l, 1);
        CHECK(CONDITION_PATH_IS_SYMBOLIC_LINK, dl, 1);
        CHECK(CONDITION_PATH_IS_SYMBOLIC_LINK, f, 0);
        CHECK(CONDITION_PATH_IS_SYMBOLIC_LINK, nx, 0);

        CHECK(CONDITION_FILE_NOT_EMPTY, f, 1);
        CHECK(CONDITION_FILE_NOT_EMPTY, l, 1);
        CHECK(CONDITION_FILE_NOT_EMPTY, e, 0);
        CHECK(CONDITION_FILE_NOT_EMPTY, d, 0);
        CHECK(CONDITION_FILE_NOT_EMPTY, nx, 0);

        CHECK(CONDITION_FILE_IS_EXECUTABLE, x, 1);
        CHECK(CONDITION_FILE_IS_EXECUTABLE, f, 0);
        CHECK(CONDITION_FILE_IS_EXECUTABLE, d, 0); /* directories have x bits too */
        CHECK(CONDITION_FILE_IS_EXECUTABLE, nx, 0);

        CHECK(CONDITION_PATH_IS_READ_WRITE, d, 1);
        CHECK(CONDITION_PATH_IS_READ_WRITE, nx, 0);

        CHECK(CONDITION_PATH_IS_MOUNT_POINT, "/", 1);
        CHECK(CONDITION_PATH_IS_MOUNT_POINT, d, 0);
        CHECK(CONDITION_PATH_IS_MOUNT_POINT, nx, 0);
}
END_TEST

START_TEST(test_directory_not_empty) {
        static const struct {
                const char *name;
                int not_empty;
        } t[] = {
                /* systemd 252 ignores hidden files and backups (checked with systemd-analyze). */
                { ".hidden", 0 },      { "foo~", 0 },      { "foo.bak", 0 },  { "lost+found", 0 },
                { "foo.dpkg-new", 0 }, { "foo.swp", 0 },   { "foo.rpmsave", 0 }, { "aquota.user", 0 },
                { "foo.ignore", 1 },   { "a.b", 1 },       { "plain", 1 },
        };
        _cleanup_free_ char *f = NULL, *nx = NULL, *dl = NULL;

        new_root();
        condition_root = "";
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                _cleanup_free_ char *rel = NULL, *dir = NULL;
                char n[32];

                snprintf(n, sizeof(n), "/d%zu", i);
                rel = strjoin(n, "/", t[i].name);
                ck_assert_ptr_nonnull(rel);
                put(rel, "");
                dir = at(n);
                CHECK(CONDITION_DIRECTORY_NOT_EMPTY, dir, t[i].not_empty);
        }
        put_dir("/empty");
        put("/file", "x");
        put_link("/link", "d10");
        f = at("/empty");
        CHECK(CONDITION_DIRECTORY_NOT_EMPTY, f, 0);
        free(f);
        f = at("/file");
        CHECK(CONDITION_DIRECTORY_NOT_EMPTY, f, 0);
        nx = at("/nonexistent");
        CHECK(CONDITION_DIRECTORY_NOT_EMPTY, nx, 0);
        dl = at("/link");
        CHECK(CONDITION_DIRECTORY_NOT_EMPTY, dl, 1);
}
END_TEST

START_TEST(test_path_is_encrypted) {
        _cleanup_free_ char *d = NULL, *node = NULL, *link = NULL;
        struct stat st;
        char dev[64];

        new_root();
        put_dir("/data");
        d = at("/data");
        CHECK(CONDITION_PATH_IS_ENCRYPTED, d, 0);
        CHECK(CONDITION_PATH_IS_ENCRYPTED, "/nonexistent", 0);
        ck_assert_int_eq(stat(d, &st), 0);
        if (major(st.st_dev) == 0)
                return; /* not on a block device here (overlayfs, tmpfs): nothing to fake */

        /* Our device, stacked on a dm-crypt device (fake sysfs under condition_root). */
        snprintf(dev, sizeof(dev), "%u:%u", major(st.st_dev), minor(st.st_dev));
        node = strjoin("/sys/dev/block/", dev, "/dev");
        put(node, dev);
        link = strjoin("/sys/dev/block/", dev, "/slaves/dm-0");
        put_link(link, "../../253:7");
        put("/sys/dev/block/253:7/dev", "253:7\n");
        put("/sys/dev/block/253:7/dm/uuid", "LVM-abc\n");
        CHECK(CONDITION_PATH_IS_ENCRYPTED, d, 0);
        put("/sys/dev/block/253:7/dm/uuid", "CRYPT-LUKS2-0123-root\n");
        CHECK(CONDITION_PATH_IS_ENCRYPTED, d, 1);
}
END_TEST

/* ---- identity ---- */

START_TEST(test_user_group) {
        struct passwd *pw = getpwuid(getuid());
        struct group *gr = getgrgid(getgid());
        bool system = getuid() <= 999 || geteuid() <= 999, is_root = getuid() == 0 || geteuid() == 0;
        char n[32];

        snprintf(n, sizeof(n), "%u", (unsigned) getuid());
        CHECK(CONDITION_USER, n, 1);
        CHECK(CONDITION_USER, "4294967294", 0);
        CHECK(CONDITION_USER, "@system", system);
        CHECK(CONDITION_USER, "root", is_root);
        CHECK(CONDITION_USER, "no-such-user-xyz", 0);
        CHECK(CONDITION_USER, "00", 0); /* not a UID, and no such user */
        if (pw)
                CHECK(CONDITION_USER, pw->pw_name, 1);

        snprintf(n, sizeof(n), "%u", (unsigned) getgid());
        CHECK(CONDITION_GROUP, n, 1);
        CHECK(CONDITION_GROUP, "4294967294", 0);
        CHECK(CONDITION_GROUP, "no-such-group-xyz", 0);
        CHECK(CONDITION_GROUP, "@system", 0);
        if (gr)
                CHECK(CONDITION_GROUP, gr->gr_name, 1);
}
END_TEST

START_TEST(test_host) {
        char h[HOST_NAME_MAX + 1] = {};

        ck_assert_int_eq(gethostname(h, sizeof(h) - 1), 0);
        CHECK(CONDITION_HOST, h, 1);
        for (char *p = h; *p; p++)
                *p = (char) toupper((unsigned char) *p);
        CHECK(CONDITION_HOST, h, 1);
        CHECK(CONDITION_HOST, "*", 1);
        CHECK(CONDITION_HOST, "no-such-host-xyz", 0);

        new_root();
        put("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        CHECK(CONDITION_HOST, "0123456789abcdef0123456789abcdef", 1);
        CHECK(CONDITION_HOST, "0123456789ABCDEF0123456789ABCDEF", 1);
        CHECK(CONDITION_HOST, "01234567-89ab-cdef-0123-456789abcdef", 1);
        CHECK(CONDITION_HOST, "0123456789abcdef0123456789abcdee", 0);
        CHECK(CONDITION_HOST, "01234567-89ab-cdef-0123-456789abcdee", 0);
        put("/etc/machine-id", "uninitialized\n");
        CHECK(CONDITION_HOST, "0123456789abcdef0123456789abcdef", -ENOMEDIUM);
}
END_TEST

/* ---- kernel ---- */

START_TEST(test_kernel_command_line) {
        new_root();
        put("/proc/cmdline", "BOOT_IMAGE=/vmlinuz quiet foo=bar \"baz=a b\" rd.x=1 systemd.x\n");
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "quiet", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "foo", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "foo=bar", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "foo=baz", 0);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "fo", 0);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "baz=a b", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "baz", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "rd.x", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "BOOT_IMAGE=/vmlinuz", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "nope", 0);

        /* In a container: PID 1's command line. */
        put("/run/systemd/container", "lxc\n");
        put_n("/proc/1/cmdline", "/sbin/init\0--foo\0a b\0", 22);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "--foo", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "quiet", 0);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "/sbin/init", 1);
        CHECK(CONDITION_KERNEL_COMMAND_LINE, "b", 1); /* arguments are joined with blanks, then split */
}
END_TEST

START_TEST(test_kernel_version) {
        new_root();
        put("/proc/sys/kernel/osrelease", "5.10.0-21-amd64\n");
        CHECK(CONDITION_KERNEL_VERSION, ">=5", 1);
        CHECK(CONDITION_KERNEL_VERSION, "<5", 0);
        CHECK(CONDITION_KERNEL_VERSION, ">= 5", 1);        /* blank after the first operator */
        CHECK(CONDITION_KERNEL_VERSION, ">=4 <6", 1);
        CHECK(CONDITION_KERNEL_VERSION, ">=4 <5.10", 0);
        CHECK(CONDITION_KERNEL_VERSION, ">=4 < 6", -EINVAL); /* ... only there */
        CHECK(CONDITION_KERNEL_VERSION, "'>= 5.10' '<= 5.10.1'", 1);
        CHECK(CONDITION_KERNEL_VERSION, "5.10*", 1);
        CHECK(CONDITION_KERNEL_VERSION, "5.1*", 1);
        CHECK(CONDITION_KERNEL_VERSION, "4.*", 0);
        CHECK(CONDITION_KERNEL_VERSION, "$=5.*", 1);
        CHECK(CONDITION_KERNEL_VERSION, "!$=5.*", 0);
        CHECK(CONDITION_KERNEL_VERSION, "=5.10.0-21-amd64", 1);
        CHECK(CONDITION_KERNEL_VERSION, "!=5.10.0-21-amd64", 0);
        CHECK(CONDITION_KERNEL_VERSION, "==5.10.0-21-amd64", 1);
        CHECK(CONDITION_KERNEL_VERSION, "==5.10.00-21-amd64", 1); /* versions, not strings */
        CHECK(CONDITION_KERNEL_VERSION, "=5.10.00-21-amd64", 0);
        CHECK(CONDITION_KERNEL_VERSION, "<>5.10.0-21-amd64", 0);
        CHECK(CONDITION_KERNEL_VERSION, ">5.10.0-3-amd64", 1);
        CHECK(CONDITION_KERNEL_VERSION, ">", -EINVAL);
        CHECK(CONDITION_KERNEL_VERSION, "'", -EINVAL);
}
END_TEST

START_TEST(test_architecture) {
        struct utsname u;

        ck_assert_int_eq(uname(&u), 0);
        CHECK(CONDITION_ARCHITECTURE, "foo", 0);
        CHECK(CONDITION_ARCHITECTURE, "X86-64", 0);
#if defined(__x86_64__)
        if (streq(u.machine, "x86_64")) {
                CHECK(CONDITION_ARCHITECTURE, "native", 1);
                CHECK(CONDITION_ARCHITECTURE, "x86-64", 1);
                CHECK(CONDITION_ARCHITECTURE, "x86", 0);
                CHECK(CONDITION_ARCHITECTURE, "arm64", 0);
        }
#elif defined(__aarch64__)
        if (streq(u.machine, "aarch64")) {
                CHECK(CONDITION_ARCHITECTURE, "native", 1);
                CHECK(CONDITION_ARCHITECTURE, "arm64", 1);
                CHECK(CONDITION_ARCHITECTURE, "x86-64", 0);
        }
#endif
}
END_TEST

START_TEST(test_cpu_feature) {
        Condition c = { .type = CONDITION_CPU_FEATURE, .parameter = (char *) "SSE2" };

#if defined(__x86_64__)
        CHECK(CONDITION_CPU_FEATURE, "sse2", 1); /* x86-64 baseline */
        CHECK(CONDITION_CPU_FEATURE, "fpu", 1);
        CHECK(CONDITION_CPU_FEATURE, "lm", 1);
        CHECK(CONDITION_CPU_FEATURE, "Sse2", 1);
        ck_assert_int_eq(condition_test(&c, NULL), 1);
        ck_assert_str_eq(c.parameter, "SSE2"); /* not lowercased in place */
#else
        ck_assert_int_eq(condition_test(&c, NULL), 0);
#endif
        CHECK(CONDITION_CPU_FEATURE, "hypervisor", 0); /* not a name systemd knows */
        CHECK(CONDITION_CPU_FEATURE, "foo", 0);
}
END_TEST

/* ---- virtualization ---- */

START_TEST(test_virtualization) {
        static const char *const vms[] = { "vm", "kvm", "qemu", "xen", "vm-other" };

        new_root();
        CHECK(CONDITION_VIRTUALIZATION, "no", 1);
        CHECK(CONDITION_VIRTUALIZATION, "yes", 0);
        CHECK(CONDITION_VIRTUALIZATION, "vm", 0);
        CHECK(CONDITION_VIRTUALIZATION, "container", 0);
        CHECK(CONDITION_VIRTUALIZATION, "docker", 0);
        CHECK(CONDITION_VIRTUALIZATION, "garbage", 0);
        drop_root();

        new_root();
        put("/run/systemd/container", "systemd-nspawn\n");
        CHECK(CONDITION_VIRTUALIZATION, "yes", 1);
        CHECK(CONDITION_VIRTUALIZATION, "container", 1);
        CHECK(CONDITION_VIRTUALIZATION, "systemd-nspawn", 1);
        CHECK(CONDITION_VIRTUALIZATION, "docker", 0);
        CHECK(CONDITION_VIRTUALIZATION, "vm", 0);
        put("/run/systemd/container", "something-else\n");
        CHECK(CONDITION_VIRTUALIZATION, "container-other", 1);
        put("/run/systemd/container", "oci\n");
        CHECK(CONDITION_VIRTUALIZATION, "container-other", 1);
        put("/.dockerenv", "");
        CHECK(CONDITION_VIRTUALIZATION, "docker", 1); /* "oci" is resolved by well-known files */
        put("/run/host/container-manager", "podman\n"); /* wins over /run/systemd/container */
        CHECK(CONDITION_VIRTUALIZATION, "podman", 1);
        drop_root();

        new_root();
        put("/.dockerenv", "");
        CHECK(CONDITION_VIRTUALIZATION, "docker", 1);
        put("/run/.containerenv", "");
        CHECK(CONDITION_VIRTUALIZATION, "podman", 1);
        drop_root();

        new_root();
        put_n("/proc/1/environ", "PATH=/bin\0container=lxc\0", 25);
        CHECK(CONDITION_VIRTUALIZATION, "lxc", 1);
        drop_root();

        new_root();
        put_dir("/proc/vz");
        CHECK(CONDITION_VIRTUALIZATION, "openvz", 1);
        put_dir("/proc/bc"); /* outside the container */
        CHECK(CONDITION_VIRTUALIZATION, "no", 1);
        put("/proc/sys/kernel/osrelease", "5.15.90.1-microsoft-standard-WSL2\n");
        CHECK(CONDITION_VIRTUALIZATION, "wsl", 1);
        drop_root();

        /* Virtual machines. */
        new_root();
        put("/sys/class/dmi/id/sys_vendor", "QEMU\n");
        CHECK(CONDITION_VIRTUALIZATION, "vm", 1);
        CHECK(CONDITION_VIRTUALIZATION, "qemu", 1);
        CHECK(CONDITION_VIRTUALIZATION, "yes", 1);
        CHECK(CONDITION_VIRTUALIZATION, "container", 0);
        put("/sys/class/dmi/id/product_name", "KVM\n"); /* product_name is looked at first */
        CHECK(CONDITION_VIRTUALIZATION, "kvm", 1);
        put("/sys/class/dmi/id/product_name", "VirtualBox\n");
        CHECK(CONDITION_VIRTUALIZATION, "oracle", 1);
        put("/run/systemd/container", "docker\n"); /* a container inside wins */
        CHECK(CONDITION_VIRTUALIZATION, "docker", 1);
        CHECK(CONDITION_VIRTUALIZATION, "vm", 0);
        drop_root();

        new_root();
        put_dir("/proc/xen");
        CHECK(CONDITION_VIRTUALIZATION, "xen", 1);
        put("/proc/xen/capabilities", "control_d\n"); /* dom0 is not virtualized */
        CHECK(CONDITION_VIRTUALIZATION, "no", 1);
        drop_root();

        new_root();
        put("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme hypervisor lm\n");
        for (size_t i = 0; i < ELEMENTSOF(vms); i++)
                CHECK(CONDITION_VIRTUALIZATION, vms[i], i == 0 || i == 4);
        put("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: User Mode Linux\n");
        CHECK(CONDITION_VIRTUALIZATION, "uml", 1);
        drop_root();

        new_root();
        put("/sys/hypervisor/type", "xen\n");
        CHECK(CONDITION_VIRTUALIZATION, "xen", 1);
        drop_root();

        new_root();
        put("/proc/self/uid_map", "         0          0 4294967295\n");
        put("/proc/self/gid_map", "         0          0 4294967295\n");
        put("/proc/self/setgroups", "allow\n");
        CHECK(CONDITION_VIRTUALIZATION, "private-users", 0);
        put("/proc/self/setgroups", "deny\n");
        CHECK(CONDITION_VIRTUALIZATION, "private-users", 1);
        put("/proc/self/setgroups", "allow\n");
        put("/proc/self/uid_map", "         0     100000      65536\n");
        CHECK(CONDITION_VIRTUALIZATION, "private-users", 1);
}
END_TEST

/* ---- security, capabilities, firmware ---- */

START_TEST(test_security) {
        static const char *const all[] = { "selinux", "apparmor", "tomoyo", "ima", "smack", "uefi-secureboot",
                                           "tpm2", "cvm", "foo" };

        new_root();
        for (size_t i = 0; i < ELEMENTSOF(all); i++)
                CHECK(CONDITION_SECURITY, all[i], 0);

        put("/sys/fs/selinux/enforce", "1\n");
        CHECK(CONDITION_SECURITY, "selinux", 1);
        put("/sys/module/apparmor/parameters/enabled", "N\n");
        CHECK(CONDITION_SECURITY, "apparmor", 0);
        put("/sys/module/apparmor/parameters/enabled", "Y\n");
        CHECK(CONDITION_SECURITY, "apparmor", 1);
        put_dir("/sys/fs/smackfs");
        CHECK(CONDITION_SECURITY, "smack", 1);
        put_dir("/sys/kernel/security/ima");
        CHECK(CONDITION_SECURITY, "ima", 1);
        put("/sys/kernel/security/tomoyo/version", "2.6.0\n");
        CHECK(CONDITION_SECURITY, "tomoyo", 1);

        put_dir("/sys/firmware/efi/efivars");
        put_n("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\x06\0\0\0\x01", 5);
        put_n("/sys/firmware/efi/efivars/SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\x06\0\0\0\x00", 5);
        CHECK(CONDITION_SECURITY, "uefi-secureboot", 1);
        put_n("/sys/firmware/efi/efivars/SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\x06\0\0\0\x01", 5);
        CHECK(CONDITION_SECURITY, "uefi-secureboot", 0);
        put_n("/sys/firmware/efi/efivars/SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\x06\0\0\0\x00", 5);
        put_n("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\x06\0\0\0\x00", 5);
        CHECK(CONDITION_SECURITY, "uefi-secureboot", 0);

        CHECK(CONDITION_SECURITY, "tpm2", 0);
        put("/sys/firmware/acpi/tables/TPM2", "");
        CHECK(CONDITION_SECURITY, "tpm2", 1);
        drop_root();

        new_root();
        put_dir("/sys/class/tpmrm");
        CHECK(CONDITION_SECURITY, "tpm2", 0);
        put_link("/sys/class/tpmrm/tpmrm0", "../../devices/tpmrm0");
        CHECK(CONDITION_SECURITY, "tpm2", 1);

        /* audit asks the kernel (a netlink socket): just make sure it answers. */
        ck_assert_int_ge(condition_test(&(Condition) { .type = CONDITION_SECURITY, .parameter = (char *) "audit" }, NULL),
                         0);
}
END_TEST

START_TEST(test_capability) {
        new_root();
        put("/proc/self/status", "Name:\ttest\nCapInh:\t0000000000000000\nCapBnd:\t0000000000003000\nCapAmb:\t0\n");
        CHECK(CONDITION_CAPABILITY, "CAP_NET_ADMIN", 1);
        CHECK(CONDITION_CAPABILITY, "CAP_NET_RAW", 1);
        CHECK(CONDITION_CAPABILITY, "cap_net_admin", 1);
        CHECK(CONDITION_CAPABILITY, "Cap_Net_Raw", 1);
        CHECK(CONDITION_CAPABILITY, "12", 1);
        CHECK(CONDITION_CAPABILITY, "0x0c", 1);
        CHECK(CONDITION_CAPABILITY, "CAP_CHOWN", 0);
        CHECK(CONDITION_CAPABILITY, "CAP_CHECKPOINT_RESTORE", 0);
        CHECK(CONDITION_CAPABILITY, "63", 0);
        CHECK(CONDITION_CAPABILITY, "64", -EINVAL);
        CHECK(CONDITION_CAPABILITY, "-1", -EINVAL);
        CHECK(CONDITION_CAPABILITY, "CAP_FOO", -EINVAL);
        CHECK(CONDITION_CAPABILITY, "net_admin", -EINVAL);
        put("/proc/self/status", "CapBnd:\t000001ffffffffff\n");
        CHECK(CONDITION_CAPABILITY, "CAP_CHECKPOINT_RESTORE", 1);
        CHECK(CONDITION_CAPABILITY, "41", 0);
        put("/proc/self/status", "Name:\ttest\n"); /* no CapBnd: everything */
        CHECK(CONDITION_CAPABILITY, "41", 1);
        put("/proc/self/status", "CapBnd:\tzz\n");
        CHECK(CONDITION_CAPABILITY, "CAP_CHOWN", -EIO);
}
END_TEST

START_TEST(test_firmware) {
        new_root();
        CHECK(CONDITION_FIRMWARE, "uefi", 0);
        CHECK(CONDITION_FIRMWARE, "device-tree", 0);
        CHECK(CONDITION_FIRMWARE, "foo", 0);
        put_dir("/sys/firmware/efi");
        CHECK(CONDITION_FIRMWARE, "uefi", 1);
        put_dir("/sys/firmware/devicetree/base");
        CHECK(CONDITION_FIRMWARE, "device-tree", 1);

        put_n("/proc/device-tree/compatible", "vendor,board\0vendor,soc\0", 24);
        CHECK(CONDITION_FIRMWARE, "device-tree-compatible(vendor,soc)", 1);
        CHECK(CONDITION_FIRMWARE, "device-tree-compatible(vendor,board)", 1);
        CHECK(CONDITION_FIRMWARE, "device-tree-compatible(vendor)", 0);
        CHECK(CONDITION_FIRMWARE, "device-tree-compatible(vendor,soc", 0);

        put("/sys/class/dmi/id/bios_vendor", "SeaBIOS\n");
        put("/sys/class/dmi/id/bios_version", "1.16.2-debian\n");
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor = SeaBIOS)", 1);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor=SeaBIOS)", 1);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor != SeaBIOS)", 0);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor $= Sea*)", 1);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor !$= Sea*)", 0);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor = \"SeaBIOS\")", 1);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_version >= 1.15)", 1);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_version < 1.15)", 0);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_version <> 1.16.2-debian)", 0);
        CHECK(CONDITION_FIRMWARE, "smbios-field(nope = x)", 0);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor)", -EINVAL);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor = a b)", -EINVAL);
        CHECK(CONDITION_FIRMWARE, "smbios-field(../x = a)", -EINVAL);
        CHECK(CONDITION_FIRMWARE, "smbios-field(bios_vendor = x", -EINVAL);

        put("/.dockerenv", ""); /* EFI never counts in a container */
        CHECK(CONDITION_FIRMWARE, "uefi", 0);
}
END_TEST

/* ---- power, memory, CPUs, environment, credentials ---- */

START_TEST(test_ac_power) {
        new_root();
        CHECK(CONDITION_AC_POWER, "yes", 1); /* nothing known: AC */
        CHECK(CONDITION_AC_POWER, "no", 0);
        CHECK(CONDITION_AC_POWER, "maybe", -EINVAL);
        put("/sys/class/power_supply/BAT0/type", "Battery\n");
        put("/sys/class/power_supply/BAT0/online", "0\n");
        CHECK(CONDITION_AC_POWER, "true", 1); /* batteries are not AC connectors */
        put("/sys/class/power_supply/AC/type", "Mains\n");
        put("/sys/class/power_supply/AC/online", "0\n");
        CHECK(CONDITION_AC_POWER, "yes", 0);
        CHECK(CONDITION_AC_POWER, "no", 1);
        put("/sys/class/power_supply/USB-C/type", "USB\n");
        put("/sys/class/power_supply/USB-C/online", "2\n");
        CHECK(CONDITION_AC_POWER, "yes", 1);
        put("/sys/class/power_supply/USB-C/online", "x\n");
        CHECK(CONDITION_AC_POWER, "yes", -EINVAL);
}
END_TEST

START_TEST(test_memory) {
        new_root();
        put("/proc/meminfo", "MemTotal:           2048 kB\nMemFree:            1024 kB\n");
        CHECK(CONDITION_MEMORY, "2M", 1); /* ">=" by default */
        CHECK(CONDITION_MEMORY, "2097152", 1);
        CHECK(CONDITION_MEMORY, "2097153", 0);
        CHECK(CONDITION_MEMORY, ">=2M", 1);
        CHECK(CONDITION_MEMORY, ">= 2M", 1);
        CHECK(CONDITION_MEMORY, ">2M", 0);
        CHECK(CONDITION_MEMORY, "=2M", 1);
        CHECK(CONDITION_MEMORY, "==2M", 1);
        CHECK(CONDITION_MEMORY, "!=2M", 0);
        CHECK(CONDITION_MEMORY, "<>2M", 0);
        CHECK(CONDITION_MEMORY, "<3M", 1);
        CHECK(CONDITION_MEMORY, "<=1K", 0);
        CHECK(CONDITION_MEMORY, "1M 1024K", 1);
        CHECK(CONDITION_MEMORY, "garbage", -EINVAL);
        CHECK(CONDITION_MEMORY, "$=1", -EINVAL);
        CHECK(CONDITION_MEMORY, "<", -EINVAL);

        /* A memory limit on the cgroup tree (a container) counts instead. */
        put("/sys/fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
        put("/sys/fs/cgroup/memory.max", "1048576\n");
        CHECK(CONDITION_MEMORY, "<2M", 1);
        CHECK(CONDITION_MEMORY, "=1M", 1);
        put("/sys/fs/cgroup/memory.max", "max\n");
        CHECK(CONDITION_MEMORY, "=2M", 1);
}
END_TEST

START_TEST(test_cpus) {
        cpu_set_t set;
        char n[64];
        int k;

        ck_assert_int_eq(sched_getaffinity(0, sizeof(set), &set), 0);
        k = CPU_COUNT(&set);
        CHECK(CONDITION_CPUS, ">=1", 1);
        CHECK(CONDITION_CPUS, ">= 1", 1);
        CHECK(CONDITION_CPUS, "1", 1);
        CHECK(CONDITION_CPUS, "<1", 0);
        snprintf(n, sizeof(n), "=%d", k);
        CHECK(CONDITION_CPUS, n, 1);
        snprintf(n, sizeof(n), "!=%d", k);
        CHECK(CONDITION_CPUS, n, 0);
        snprintf(n, sizeof(n), ">%d", k);
        CHECK(CONDITION_CPUS, n, 0);
        snprintf(n, sizeof(n), "%d", k + 1);
        CHECK(CONDITION_CPUS, n, 0);
        CHECK(CONDITION_CPUS, "$=1", -EINVAL);
        CHECK(CONDITION_CPUS, ">=-1", -ERANGE);
        CHECK(CONDITION_CPUS, "1 ", -EINVAL);
        CHECK(CONDITION_CPUS, "", -EINVAL);
}
END_TEST

START_TEST(test_environment) {
        char *env[] = { (char *) "FOO=bar", (char *) "EMPTY=", (char *) "A=b=c", NULL };

        CHECK_ENV(CONDITION_ENVIRONMENT, "FOO", env, 1);
        CHECK_ENV(CONDITION_ENVIRONMENT, "FOO=bar", env, 1);
        CHECK_ENV(CONDITION_ENVIRONMENT, "FOO=baz", env, 0);
        CHECK_ENV(CONDITION_ENVIRONMENT, "FOO=", env, 0);
        CHECK_ENV(CONDITION_ENVIRONMENT, "FO", env, 0);
        CHECK_ENV(CONDITION_ENVIRONMENT, "EMPTY", env, 1);
        CHECK_ENV(CONDITION_ENVIRONMENT, "EMPTY=", env, 1);
        CHECK_ENV(CONDITION_ENVIRONMENT, "A=b=c", env, 1);
        CHECK_ENV(CONDITION_ENVIRONMENT, "A=b", env, 0);
        CHECK_ENV(CONDITION_ENVIRONMENT, "NOPE", env, 0);
        CHECK(CONDITION_ENVIRONMENT, "FOO", 0); /* NULL: empty environment */
}
END_TEST

START_TEST(test_credential) {
        _cleanup_free_ char *var = NULL;
        char *env[] = { NULL, NULL };

        new_root();
        condition_root = "";
        put("/foo", "secret");
        var = strjoin("CREDENTIALS_DIRECTORY=", root);
        env[0] = var;
        CHECK_ENV(CONDITION_CREDENTIAL, "foo", env, 1);
        CHECK_ENV(CONDITION_CREDENTIAL, "bar", env, 0);
        CHECK_ENV(CONDITION_CREDENTIAL, "..", env, 0);
        CHECK_ENV(CONDITION_CREDENTIAL, "../foo", env, 0);
        CHECK(CONDITION_CREDENTIAL, "foo", 0); /* sockact got no credentials */
        env[0] = (char *) "ENCRYPTED_CREDENTIALS_DIRECTORY=relative";
        CHECK_ENV(CONDITION_CREDENTIAL, "foo", env, -EINVAL);
}
END_TEST

/* ---- os-release, first boot, updates ---- */

START_TEST(test_os_release) {
        new_root();
        CHECK(CONDITION_OS_RELEASE, "ID=debian", -ENOENT);
        put("/usr/lib/os-release", "ID=fedora\n");
        CHECK(CONDITION_OS_RELEASE, "ID=fedora", 1); /* the fallback */
        put("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n");
        CHECK(CONDITION_OS_RELEASE, "ID=debian", 1);
        CHECK(CONDITION_OS_RELEASE, "ID=fedora", 0);
        CHECK(CONDITION_OS_RELEASE, "ID!=debian", 0);
        CHECK(CONDITION_OS_RELEASE, "ID$=deb*", 1);
        CHECK(CONDITION_OS_RELEASE, "ID$=d?bian", 1);
        CHECK(CONDITION_OS_RELEASE, "ID!$=deb*", 0);
        CHECK(CONDITION_OS_RELEASE, "ID==debian", 1);
        CHECK(CONDITION_OS_RELEASE, "ID<>debian", 0);
        CHECK(CONDITION_OS_RELEASE, "VERSION_ID>=11", 1);
        CHECK(CONDITION_OS_RELEASE, "VERSION_ID<11", 0);
        CHECK(CONDITION_OS_RELEASE, "VERSION_ID==012", 1);
        CHECK(CONDITION_OS_RELEASE, "VERSION_ID=012", 0);
        CHECK(CONDITION_OS_RELEASE, "VERSION_ID>11 ID=debian", 1);
        CHECK(CONDITION_OS_RELEASE, "VERSION_ID>11 ID=fedora", 0);
        CHECK(CONDITION_OS_RELEASE, "\"PRETTY_NAME=Debian GNU/Linux 12 (bookworm)\"", 1);
        CHECK(CONDITION_OS_RELEASE, "ID=de'bian'", 1);
        CHECK(CONDITION_OS_RELEASE, "NOPE!=x", 1); /* missing keys compare as "" */
        CHECK(CONDITION_OS_RELEASE, "NOPE<1", 1);
        CHECK(CONDITION_OS_RELEASE, "NOPE>1", 0);
        CHECK(CONDITION_OS_RELEASE, "NOPE=", -EINVAL);
        CHECK(CONDITION_OS_RELEASE, "ID", -EINVAL);
        CHECK(CONDITION_OS_RELEASE, "\"ID= debian\"", -EINVAL);
        CHECK(CONDITION_OS_RELEASE, "1ID=x", -EINVAL);
        CHECK(CONDITION_OS_RELEASE, "=x", -EINVAL);
        CHECK(CONDITION_OS_RELEASE, "ID=debian foo", -EINVAL);
}
END_TEST

START_TEST(test_first_boot) {
        _cleanup_free_ char *flag = NULL;

        new_root();
        CHECK(CONDITION_FIRST_BOOT, "yes", 0);
        CHECK(CONDITION_FIRST_BOOT, "no", 1);
        CHECK(CONDITION_FIRST_BOOT, "maybe", -EINVAL);
        put("/run/systemd/first-boot", "");
        CHECK(CONDITION_FIRST_BOOT, "yes", 1);
        CHECK(CONDITION_FIRST_BOOT, "false", 0);
        put("/proc/cmdline", "quiet systemd.condition_first_boot=0\n"); /* '_' and '-' are the same */
        CHECK(CONDITION_FIRST_BOOT, "yes", 0);
        flag = at("/run/systemd/first-boot");
        ck_assert_int_eq(unlink(flag), 0);
        put("/proc/cmdline", "systemd.condition-first-boot=0 systemd.condition-first-boot\n");
        CHECK(CONDITION_FIRST_BOOT, "yes", 0); /* a bare key keeps an earlier value */
        put("/proc/cmdline", "systemd.condition-first-boot\n");
        CHECK(CONDITION_FIRST_BOOT, "yes", 1);
}
END_TEST

static void set_mtime(const char *path, time_t sec, long nsec) {
        struct timespec ts[2] = { { sec, nsec }, { sec, nsec } };

        ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), 0);
}

START_TEST(test_needs_update) {
        _cleanup_free_ char *dir = NULL, *stamp = NULL, *usr = NULL;

        new_root();
        put_dir("/usr");
        put_dir("/etc");
        usr = at("/usr");
        dir = at("/etc"); /* the parameter: a real path, not under condition_root */
        stamp = at("/etc/.updated");
        set_mtime(usr, 2000, 0);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 1); /* no stamp */
        put("/etc/.updated", "");
        set_mtime(stamp, 1000, 0);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 1);
        set_mtime(stamp, 3000, 0);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 0);
        set_mtime(stamp, 2000, 0);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 0);
        set_mtime(usr, 2000, 500);
        set_mtime(stamp, 2000, 400);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 1);
        set_mtime(stamp, 2000, 600);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 0);
        /* A stamp without nanoseconds carries them inside. */
        put("/etc/.updated", "# written by systemd-update-done\nTIMESTAMP_NSEC=2000000000400\n");
        set_mtime(stamp, 2000, 0);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 1);
        put("/etc/.updated", "TIMESTAMP_NSEC=2000000000600\n");
        set_mtime(stamp, 2000, 0);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 0);
        CHECK(CONDITION_NEEDS_UPDATE, "etc", 1); /* not absolute: assume an update is needed */

        put("/proc/cmdline", "systemd.condition-needs-update\n");
        CHECK(CONDITION_NEEDS_UPDATE, dir, 1);
        put("/proc/cmdline", "systemd.condition_needs_update=no\n");
        set_mtime(stamp, 1000, 0);
        CHECK(CONDITION_NEEDS_UPDATE, dir, 0);
        put("/proc/cmdline", "systemd.condition-needs-update=garbage\n"); /* ignored */
        CHECK(CONDITION_NEEDS_UPDATE, dir, 1);
}
END_TEST

/* ---- cgroups and PSI ---- */

START_TEST(test_control_group_controller) {
        new_root();
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "v2", -ENOMEDIUM);
        put("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "v2", 1);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "v1", 0);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu", 1);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu memory io pids cpuset", 1);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "cpuacct", 0);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu blkio", 0);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "foo", 1); /* unknown ones are ignored */
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "hugetlb", 1);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu foo", 1);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "bpf-firewall", 0);
        put("/sys/fs/cgroup/cgroup.controllers", "cpu pids\n");
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "memory", 0);
        drop_root();

        new_root(); /* legacy or hybrid */
        put("/sys/fs/cgroup/cpu/cgroup.procs", "");
        put("/sys/fs/cgroup/memory/cgroup.procs", "");
        put("/sys/fs/cgroup/cpuset/cgroup.procs", "");
        put("/sys/fs/cgroup/unified/cgroup.controllers", "");
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "v1", 1);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "v2", 0);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "cpu memory", 1);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "io", 0);
        CHECK(CONDITION_CONTROL_GROUP_CONTROLLER, "cpuset", 0); /* systemd does not use v1 cpuset */
}
END_TEST

START_TEST(test_pressure) {
        static const char mem[] = "some avg10=1.50 avg60=2.00 avg300=3.00 total=123\n"
                                  "full avg10=0.50 avg60=1.00 avg300=5.00 total=45\n";
        static const char cpu[] = "some avg10=7.00 avg60=8.00 avg300=9.00 total=123\n"
                                  "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

        new_root();
        CHECK(CONDITION_MEMORY_PRESSURE, "0%", 1); /* no PSI: holds */
        put("/proc/pressure/memory", mem);
        put("/proc/pressure/cpu", cpu);
        put("/proc/pressure/io", "some avg10=0.00 avg60=0.00 avg300=12.34 total=1\n");

        /* memory: "full", over 5 minutes by default */
        CHECK(CONDITION_MEMORY_PRESSURE, "5%", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "4.99%", 0);
        CHECK(CONDITION_MEMORY_PRESSURE, "4.9%", 0);
        CHECK(CONDITION_MEMORY_PRESSURE, "50‰", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "499‱", 0);
        CHECK(CONDITION_MEMORY_PRESSURE, "0.5%/10sec", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "0.49%/10sec", 0);
        CHECK(CONDITION_MEMORY_PRESSURE, "1%/1min", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "0%/1min", 0);
        CHECK(CONDITION_MEMORY_PRESSURE, "5%/5min", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "1%/ 1minute", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "5%/10sec/ignored", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "5%/2min", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, "5", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, "101%", -ERANGE);
        CHECK(CONDITION_MEMORY_PRESSURE, "-1%", -ERANGE);
        CHECK(CONDITION_MEMORY_PRESSURE, "0.555%", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, "5.%", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, "10001‱", -ERANGE);
        CHECK(CONDITION_MEMORY_PRESSURE, "100%", 1);
        /* cpu: "some" system-wide */
        CHECK(CONDITION_CPU_PRESSURE, "9%", 1);
        CHECK(CONDITION_CPU_PRESSURE, "8.99%", 0);
        CHECK(CONDITION_CPU_PRESSURE, "7%/10sec", 1);
        /* io: no "full" line, "some" then */
        CHECK(CONDITION_IO_PRESSURE, "12.34%", 1);
        CHECK(CONDITION_IO_PRESSURE, "12.33%", 0);

        /* Slices need cgroup v2 (with the controller); a missing cgroup holds. */
        put_dir("/sys/fs/cgroup/cpu");
        CHECK(CONDITION_MEMORY_PRESSURE, "foo.slice:0%", 1);
        put("/sys/fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
        put("/sys/fs/cgroup/foo.slice/foo-bar.slice/memory.pressure", mem);
        put("/sys/fs/cgroup/_cpu.slice/cpu.pressure", cpu);
        put("/sys/fs/cgroup/memory.pressure", mem);
        CHECK(CONDITION_MEMORY_PRESSURE, "foo-bar.slice:5%", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, " foo-bar.slice :4%", 0);
        CHECK(CONDITION_MEMORY_PRESSURE, "foo-bar.slice:1%/10sec", 1);
        CHECK(CONDITION_MEMORY_PRESSURE, "-.slice:4%", 0);
        CHECK(CONDITION_MEMORY_PRESSURE, "foo-baz.slice:0%", 1);
        CHECK(CONDITION_CPU_PRESSURE, "cpu.slice:0%", 1); /* cgroup "full" is all zeros */
        CHECK(CONDITION_MEMORY_PRESSURE, "foo:5%", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, "foo--bar.slice:5%", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, "-foo.slice:5%", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, "foo-.slice:5%", -EINVAL);
        put("/sys/fs/cgroup/cgroup.controllers", "cpu io pids\n");
        CHECK(CONDITION_MEMORY_PRESSURE, "foo-bar.slice:0%", 1); /* no memory controller */
        CHECK(CONDITION_MEMORY_PRESSURE, "", -EINVAL);
        CHECK(CONDITION_MEMORY_PRESSURE, ":", -EINVAL);
}
END_TEST

/* ---- lists ---- */

static char **messages;

static void capture(int level, const char *m, void *u) {
        char *s = NULL;

        (void) u;
        ck_assert_int_ge(asprintf(&s, "%d %s", level, m), 0);
        ck_assert_int_ge(strv_consume(&messages, s), 0);
}

/* A list from "file order" lines: "[|][!]KEY=VALUE" with KEY one of PathExists and Memory. */
static Condition *make_list(Condition *buf, const char *const *lines, size_t n) {
        for (size_t i = 0; i < n; i++) {
                const char *p = lines[i];

                buf[i] = (Condition) { .type = CONDITION_PATH_EXISTS };
                if (startswith(p, "Memory=")) {
                        buf[i].type = CONDITION_MEMORY;
                        p += strlen("Memory=");
                }
                buf[i].trigger = *p == '|';
                p += buf[i].trigger;
                buf[i].negate = *p == '!';
                p += buf[i].negate;
                buf[i].parameter = (char *) p;
                buf[i].next = i + 1 < n ? &buf[i + 1] : NULL;
        }
        return n > 0 ? buf : NULL;
}

#define LIST(...)                                                                                                 \
        make_list(buf, (const char *const[]) { __VA_ARGS__ }, ELEMENTSOF(((const char *const[]) { __VA_ARGS__ })))

START_TEST(test_list) {
        Condition buf[8];
        const Condition *failed = (const Condition *) 1, *l;

        /* Empty list. */
        ck_assert(condition_test_list(NULL, "u.service", NULL, &failed));
        ck_assert_ptr_null(failed);
        ck_assert(condition_test_list(NULL, "u.service", NULL, NULL));

        l = LIST("/", "!/nonexistent");
        ck_assert(condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_null(failed);

        /* Evaluated last to first, as systemd 252: the later failure is the one reported. */
        l = LIST("/nonexistent1", "/nonexistent2", "/");
        ck_assert(!condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_eq(failed, &buf[1]);

        /* Only triggers: one must hold. */
        l = LIST("|/nonexistent1", "|/nonexistent2");
        ck_assert(!condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_eq(failed, &buf[1]);
        l = LIST("|/nonexistent1", "|/");
        ck_assert(condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_null(failed);
        l = LIST("|!/", "|!/nonexistent");
        ck_assert(condition_test_list(l, "u.service", NULL, &failed));

        /* Mixed. */
        l = LIST("|/", "/nonexistent2", "|/nonexistent3");
        ck_assert(!condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_eq(failed, &buf[1]);
        l = LIST("|!/", "/");
        ck_assert(!condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_eq(failed, &buf[0]);
        l = LIST("|/nonexistent", "/", "|/");
        ck_assert(condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_null(failed);

        /* A condition that cannot be evaluated counts as failed. */
        l = LIST("Memory=|garbage", "|/");
        ck_assert(condition_test_list(l, "u.service", NULL, &failed));
        l = LIST("Memory=garbage", "|/");
        ck_assert(!condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_eq(failed, &buf[0]);
        l = LIST("Memory=|garbage");
        ck_assert(!condition_test_list(l, "u.service", NULL, &failed));
        ck_assert_ptr_eq(failed, &buf[0]);
}
END_TEST

START_TEST(test_list_log) {
        Condition buf[8];
        const Condition *failed, *l;
        _cleanup_free_ char *all = NULL;

        log_set_sink(capture, NULL);
        log_set_max_level(LOG_DEBUG);

        /* The messages of `systemd-analyze condition --unit=` for the same file. */
        l = LIST("|/", "/nonexistent2", "|/nonexistent3");
        ck_assert(!condition_test_list(l, "ct.service", NULL, &failed));
        all = strv_join(messages, "\n");
        ck_assert_str_eq(all, "7 ct.service: ConditionPathExists=|/nonexistent3 failed.\n"
                              "7 ct.service: ConditionPathExists=/nonexistent2 failed.");
        messages = strv_free(messages);
        all = mfree_ptr(all);

        l = LIST("Memory=garbage", "|!/");
        ck_assert(!assert_test_list(l, "ct.service", NULL, &failed));
        all = strv_join(messages, "\n");
        ck_assert_str_eq(all, "7 ct.service: AssertPathExists=|!/ failed.\n"
                              "4 ct.service: Couldn't determine result for AssertMemory=garbage, assuming failed: "
                              "Invalid argument");
        messages = strv_free(messages);

        log_set_sink(NULL, NULL);
        log_set_max_level(LOG_INFO);
}
END_TEST

int main(void) {
        Suite *s = suite_create("condition");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, NULL, teardown);
        tcase_add_test(tc, test_keys);
        tcase_add_test(tc, test_version_compare);
        tcase_add_test(tc, test_paths);
        tcase_add_test(tc, test_directory_not_empty);
        tcase_add_test(tc, test_path_is_encrypted);
        tcase_add_test(tc, test_user_group);
        tcase_add_test(tc, test_host);
        tcase_add_test(tc, test_kernel_command_line);
        tcase_add_test(tc, test_kernel_version);
        tcase_add_test(tc, test_architecture);
        tcase_add_test(tc, test_cpu_feature);
        tcase_add_test(tc, test_virtualization);
        tcase_add_test(tc, test_security);
        tcase_add_test(tc, test_capability);
        tcase_add_test(tc, test_firmware);
        tcase_add_test(tc, test_ac_power);
        tcase_add_test(tc, test_memory);
        tcase_add_test(tc, test_cpus);
        tcase_add_test(tc, test_environment);
        tcase_add_test(tc, test_credential);
        tcase_add_test(tc, test_os_release);
        tcase_add_test(tc, test_first_boot);
        tcase_add_test(tc, test_needs_update);
        tcase_add_test(tc, test_control_group_controller);
        tcase_add_test(tc, test_pressure);
        tcase_add_test(tc, test_list);
        tcase_add_test(tc, test_list_log);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
