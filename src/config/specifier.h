/* SPDX-License-Identifier: MIT */
#pragma once

/* "%X" specifier expansion with systemd 252's semantics (systemd.unit(5) "SPECIFIERS"). The expander does no
 * system lookups: the caller (loader/daemon) fills a SpecifierContext once and passes it in. */

#include "macro.h"

/* Everything a specifier may resolve to. Unless noted, a NULL field means "not available" and using its
 * specifier fails with -ENXIO. */
typedef struct SpecifierContext {
        const char *unit_name;        /* "foo@bar.service": %n %N %p %P %i %I %j %J %f */
        const char *unit_path;        /* %y fragment path, %Y its directory; NULL -> -ENOENT like systemd */
        const char *runtime_dir;      /* %t  "/run" or $XDG_RUNTIME_DIR */
        const char *state_dir;        /* %S  "/var/lib" */
        const char *cache_dir;        /* %C  "/var/cache" */
        const char *logs_dir;         /* %L  "/var/log" */
        const char *config_dir;       /* %E  "/etc" */
        const char *tmp_dir;          /* %T  NULL -> "/tmp" ($TMPDIR, $TEMP, $TMP are the caller's job) */
        const char *var_tmp_dir;      /* %V  NULL -> "/var/tmp" */
        const char *home;             /* %h  of the manager's user, not User= */
        const char *shell;            /* %s */
        const char *user_name;        /* %u */
        const char *uid;              /* %U */
        const char *group_name;       /* %g */
        const char *gid;              /* %G */
        const char *machine_id;       /* %m */
        const char *boot_id;          /* %b */
        const char *host_name;        /* %H */
        const char *short_host_name;  /* %l  NULL -> host_name cut at the first "." */
        const char *kernel_release;   /* %v */
        const char *architecture;     /* %a */
        /* os-release fields: %o ID, %w VERSION_ID, %B BUILD_ID, %W VARIANT_ID, %M IMAGE_ID,
         * %A IMAGE_VERSION. NULL -> "" (systemd.unit(5): "If not set, resolves to an empty string"). */
        const char *os_id, *os_version_id, *os_build_id, *os_variant_id, *os_image_id, *os_image_version;
        const char *credentials_dir;  /* %d */
        const char *pretty_host_name; /* %q  NULL -> the short host name, as systemd.unit(5) says */
        /* %c %r %R: undocumented in 252 but still accepted there with a deprecation warning (see
         * specifier_find_deprecated()); cgroup path of the unit, of its slice, and the cgroup root.
         * NULL -> "". */
        const char *cgroup_path, *slice_cgroup_path, *cgroup_root;
} SpecifierContext;

/* Which table of specifiers is accepted, as in systemd 252. */
typedef enum SpecifierSet {
        /* unit_full_printf(): most settings. Every specifier of systemd.unit(5) plus deprecated %c %r %R. */
        SPECIFIER_SET_UNIT,
        /* unit_name_printf() and the [Install] section: settings naming units (Wants=, After=, Service=,
         * WantedBy=, Alias=, ...): %a %A %b %B %g %G %H %i %j %l %m %M %n %N %o %p %q %u %U %v %w %W.
         * (The 252 man page omits %A %M %q from its [Install] list, but systemd 252 accepts them.) */
        SPECIFIER_SET_NAME,
        _SPECIFIER_SET_MAX,
        _SPECIFIER_SET_INVALID = -EINVAL,
} SpecifierSet;

/* Output caps systemd 252 uses: LONG_LINE_MAX for most settings, PATH_MAX for paths, UNIT_NAME_MAX for
 * unit names (a result of exactly the cap is still accepted). */
#define SPECIFIER_LENGTH_MAX_DEFAULT (1024U * 1024U)
#define SPECIFIER_LENGTH_MAX_PATH 4096U
#define SPECIFIER_LENGTH_MAX_NAME 256U

/* Expand text into a new string. "%%" -> "%"; "%" followed by a letter or digit not in the set -> -EBADSLT
 * (the caller reports "Failed to resolve specifiers in ..."); "%" followed by any other character, or at the
 * end of text, is kept literally (systemd 252 does the same). A result longer than max_length ->
 * -ENAMETOOLONG. Missing context fields -> -ENXIO (%y %Y: -ENOENT), malformed escapes in the unit name
 * (%P %I %J %f) or an invalid unit name -> -EINVAL. Linear in the length of text plus output. */
int specifier_expand_full(const char *text, const SpecifierContext *ctx, SpecifierSet set, size_t max_length,
                          char **ret);
/* SPECIFIER_SET_UNIT, capped at SPECIFIER_LENGTH_MAX_DEFAULT. */
int specifier_expand(const char *text, const SpecifierContext *ctx, char **ret);
/* SPECIFIER_SET_NAME, capped at SPECIFIER_LENGTH_MAX_NAME: for settings that name units. */
int specifier_expand_name(const char *text, const SpecifierContext *ctx, char **ret);
/* Same as specifier_expand_name(). For a template with DefaultInstance=, pass the instance name as
 * ctx->unit_name (systemd fills %n %N %i from the default instance). */
int specifier_expand_install(const char *text, const SpecifierContext *ctx, char **ret);

/* c is a specifier of SPECIFIER_SET_UNIT ("%" itself is not). */
bool specifier_is_known(char c) _const_;
bool specifier_in_set(char c, SpecifierSet set) _const_;
/* %c %r %R: systemd 252 logs "Specifier '%c' used in unit configuration, which is deprecated. Please update
 * your unit file, as it does not work as intended." and expands them anyway. */
bool specifier_is_deprecated(char c) _const_;
/* The first deprecated specifier used in text ("%%" skipped), or '\0' if none. */
char specifier_find_deprecated(const char *text) _pure_;

/* Double every "%" so that text expands to itself; NULL on OOM. */
char *specifier_escape(const char *s);
