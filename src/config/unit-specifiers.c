/* SPDX-License-Identifier: MIT */
/* The unit loader's specifier context (%t %S %u %H %m ...): from the environment, and, once a unit file may
 * use it, from the system. */
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sys/utsname.h>

#include "string-util.h"
#include "syntax.h"
#include "unit-load-internal.h"

/* Keep s (owned) for the loader's lifetime and return it. */
static const char *spec_keep(UnitLoader *l, char *s) {
        if (!s)
                return NULL;
        if (l->n_spec_strings >= ELEMENTSOF(l->spec_strings)) {
                free(s);
                return NULL;
        }
        l->spec_strings[l->n_spec_strings++] = s;
        return s;
}

/* First line of a small file, stripped; NULL when unreadable. */
static char *read_one_line(const char *path) {
        _cleanup_free_ char *text = NULL;
        size_t n;

        if (read_full_file(path, &text, &n) < 0)
                return NULL;
        text[strcspn(text, "\n")] = '\0';
        return strdup(strstrip(text));
}

static char *os_release_field(const char *text, const char *key) {
        size_t k = strlen(key);

        for (const char *p = text; p && *p;) {
                const char *eol = strchr(p, '\n');
                size_t n = eol ? (size_t) (eol - p) : strlen(p);

                if (n > k && strneq(p, key, k) && p[k] == '=') {
                        char *v = strndup(p + k + 1, n - k - 1);
                        size_t vl;

                        if (!v)
                                return NULL;
                        vl = strlen(v);
                        if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
                                memmove(v, v + 1, vl - 2);
                                v[vl - 2] = '\0';
                        }
                        return v;
                }
                p = eol ? eol + 1 : NULL;
        }
        return NULL;
}

static const char *architecture_name(const char *machine) {
        static const struct {
                const char *machine, *arch;
        } map[] = {
                { "x86_64", "x86-64" }, { "i686", "x86" },     { "i586", "x86" },     { "i386", "x86" },
                { "aarch64", "arm64" }, { "armv7l", "arm" },   { "ppc64le", "ppc64-le" }, { "ppc64", "ppc64" },
                { "s390x", "s390x" },   { "riscv64", "riscv64" }, { "mips64", "mips64" }, { "loongarch64", "loongarch64" },
        };
        for (size_t i = 0; i < ELEMENTSOF(map); i++)
                if (streq(machine, map[i].machine))
                        return map[i].arch;
        return machine;
}

/* The directories of the specifier context and the numeric ids: from the environment, no look-ups. The daemon
 * uses the directories itself (unit_loader_specifiers()). */
void unit_specifiers_fill(UnitLoader *l) {
        SpecifierContext *s = &l->spec;
        char *d;

        if (l->scope == UNIT_SCOPE_SYSTEM) {
                s->runtime_dir = "/run";
                s->state_dir = "/var/lib";
                s->cache_dir = "/var/cache";
                s->logs_dir = "/var/log";
                s->config_dir = "/etc";
        } else {
                s->runtime_dir = getenv("XDG_RUNTIME_DIR");
                /* systemd 252 (systemd.unit(5)): %S is $XDG_CONFIG_HOME, %L is $XDG_CONFIG_HOME/log. */
                if (unit_loader_user_dir("XDG_CONFIG_HOME", "/.config", "", &d) >= 0)
                        s->state_dir = spec_keep(l, d);
                if (unit_loader_user_dir("XDG_CACHE_HOME", "/.cache", "", &d) >= 0)
                        s->cache_dir = spec_keep(l, d);
                if (unit_loader_user_dir("XDG_CONFIG_HOME", "/.config", "/log", &d) >= 0)
                        s->logs_dir = spec_keep(l, d);
                if (unit_loader_user_dir("XDG_CONFIG_HOME", "/.config", "", &d) >= 0)
                        s->config_dir = spec_keep(l, d);
        }
        s->tmp_dir = getenv("TMPDIR") && getenv("TMPDIR")[0] == '/' ? getenv("TMPDIR") : "/tmp";
        s->var_tmp_dir = "/var/tmp";
        if (asprintf(&d, "%u", (unsigned) getuid()) >= 0)
                s->uid = spec_keep(l, d);
        if (asprintf(&d, "%u", (unsigned) getgid()) >= 0)
                s->gid = spec_keep(l, d);
}

/* The rest of the specifier context, from the system: user and group database, machine and boot id, host name,
 * uname, os-release. Read-only look-ups, done once per loader and only when a unit file may use a specifier:
 * most use none, and the look-ups (NSS above all) cost start-up time and memory. */
void unit_specifiers_fill_system(UnitLoader *l) {
        SpecifierContext *s = &l->spec;
        struct utsname u;
        struct passwd *pw;
        struct group *gr;
        char host[HOST_NAME_MAX + 1] = "";
        _cleanup_free_ char *osr = NULL;
        size_t n;
        char *d;

        if (l->spec_system_filled)
                return;
        l->spec_system_filled = true;
        pw = getpwuid(getuid());
        if (pw) {
                s->user_name = spec_keep(l, strdup(pw->pw_name));
                s->home = spec_keep(l, strdup(pw->pw_dir));
                s->shell = spec_keep(l, strdup(pw->pw_shell));
        }
        gr = getgrgid(getgid());
        if (gr)
                s->group_name = spec_keep(l, strdup(gr->gr_name));

        s->machine_id = spec_keep(l, read_one_line("/etc/machine-id"));
        d = read_one_line("/proc/sys/kernel/random/boot_id");
        if (d) {
                /* systemd prints the boot id without dashes */
                char *w = d;
                for (char *r = d; *r; r++)
                        if (*r != '-')
                                *w++ = *r;
                *w = '\0';
                s->boot_id = spec_keep(l, d);
        }
        if (gethostname(host, sizeof(host) - 1) >= 0)
                s->host_name = spec_keep(l, strdup(host));
        if (uname(&u) >= 0) {
                s->kernel_release = spec_keep(l, strdup(u.release));
                s->architecture = spec_keep(l, strdup(architecture_name(u.machine)));
        }
        if (read_full_file("/etc/os-release", &osr, &n) >= 0 || read_full_file("/usr/lib/os-release", &osr, &n) >= 0) {
                s->os_id = spec_keep(l, os_release_field(osr, "ID"));
                s->os_version_id = spec_keep(l, os_release_field(osr, "VERSION_ID"));
                s->os_build_id = spec_keep(l, os_release_field(osr, "BUILD_ID"));
                s->os_variant_id = spec_keep(l, os_release_field(osr, "VARIANT_ID"));
                s->os_image_id = spec_keep(l, os_release_field(osr, "IMAGE_ID"));
                s->os_image_version = spec_keep(l, os_release_field(osr, "IMAGE_VERSION"));
        }
}
