/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "specifier.h"
#include "string-util.h"
#include "unit-name.h"

/* Letters and digits are the possible specifiers; "%" followed by anything else stays literal. */
#define POSSIBLE_SPECIFIERS ALPHANUMERICAL

/* systemd 252 unit_full_printf() table, and the unit_name_printf()/[Install] subset. */
#define UNIT_SPECIFIERS "aAbBcCdEfgGhHiIjJlLmMnNopPqrRsStTuUvVwWyY"
#define NAME_SPECIFIERS "aAbBgGHijlmMnNopquUvwW"
#define DEPRECATED_SPECIFIERS "crR"

static bool char_in(char c, const char *set) {
        return c != '\0' && strchr(set, c);
}

bool specifier_in_set(char c, SpecifierSet set) {
        switch (set) {
        case SPECIFIER_SET_UNIT:
                return char_in(c, UNIT_SPECIFIERS);
        case SPECIFIER_SET_NAME:
                return char_in(c, NAME_SPECIFIERS);
        default:
                return false;
        }
}

bool specifier_is_known(char c) {
        return specifier_in_set(c, SPECIFIER_SET_UNIT);
}

bool specifier_is_deprecated(char c) {
        return char_in(c, DEPRECATED_SPECIFIERS);
}

char specifier_find_deprecated(const char *text) {
        for (const char *f = strchr(text, '%'); f; f = strchr(f, '%')) {
                if (f[1] == '\0')
                        break;
                if (specifier_is_deprecated(f[1]))
                        return f[1];
                f += 2; /* skips "%%" too */
        }
        return '\0';
}

char *specifier_escape(const char *s) {
        size_t n = strlen(s), k = 0;
        char *r;

        if (n > (SIZE_MAX - 1) / 2)
                return NULL;
        r = malloc(n * 2 + 1);
        if (!r)
                return NULL;
        for (; *s; s++) {
                if (*s == '%')
                        r[k++] = '%';
                r[k++] = *s;
        }
        r[k] = '\0';
        return r;
}

/* One expansion: every specifier is resolved at most once and remembered, so repeating an expensive one
 * (%f, %J, ...) many times stays linear. */
typedef struct Expander {
        const SpecifierContext *ctx;
        const char *value[128];
        char *owned[128];
} Expander;

static void expander_done(Expander *x) {
        for (size_t k = 0; k < ELEMENTSOF(x->owned); k++)
                free(x->owned[k]);
}

static int need(const char *v, const char **ret) {
        if (!v)
                return -ENXIO;
        *ret = v;
        return 0;
}

static int unit_name_of(const Expander *x, const char **ret) {
        if (!x->ctx->unit_name)
                return -ENXIO;
        if (!unit_name_is_valid(x->ctx->unit_name, UNIT_NAME_ANY))
                return -EINVAL;
        *ret = x->ctx->unit_name;
        return 0;
}

/* Last "-"-separated component of the prefix (%j). */
static int last_component(const char *name, char **ret) {
        _cleanup_free_ char *prefix = NULL;
        const char *dash;
        char *s;
        int r;

        r = unit_name_to_prefix(name, &prefix);
        if (r < 0)
                return r;

        dash = strrchr(prefix, '-');
        if (!dash) {
                *ret = TAKE_PTR(prefix);
                return 0;
        }
        s = strdup(dash + 1);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

static int instance_of(const char *name, char **ret) {
        char *i = NULL;
        int r;

        r = unit_name_to_instance(name, &i);
        if (r < 0)
                return r;
        if (!i) {
                i = strdup("");
                if (!i)
                        return -ENOMEM;
        }
        *ret = i;
        return 0;
}

/* Directory part of a file path, like systemd's path_extract_directory(). */
static int directory_of(const char *path, char **ret) {
        size_t n = strlen(path);
        char *d;

        while (n > 1 && path[n - 1] == '/')
                n--;
        while (n > 0 && path[n - 1] != '/')
                n--;
        if (n == 0)
                return -EDESTADDRREQ; /* no directory component */
        while (n > 1 && path[n - 1] == '/')
                n--;

        d = strndup(path, n);
        if (!d)
                return -ENOMEM;
        *ret = d;
        return 0;
}

static int short_host_name(const SpecifierContext *ctx, char **owned, const char **ret) {
        size_t n;

        if (ctx->short_host_name) {
                *ret = ctx->short_host_name;
                return 0;
        }
        if (!ctx->host_name)
                return -ENXIO;

        n = strcspn(ctx->host_name, ".");
        *owned = strndup(ctx->host_name, n);
        if (!*owned)
                return -ENOMEM;
        *ret = *owned;
        return 0;
}

/* Compute the value of specifier c; either points into the context or stores a new string in *owned. */
static int compute(const Expander *x, char c, char **owned, const char **ret) {
        const SpecifierContext *ctx = x->ctx;
        _cleanup_free_ char *tmp = NULL;
        const char *name = NULL;
        int r;

        if (char_in(c, "nNpPiIjJf")) {
                r = unit_name_of(x, &name);
                if (r < 0)
                        return r;
        }

        switch (c) {
        case 'n':
                *ret = name;
                return 0;
        case 'N':
                r = unit_name_to_prefix_and_instance(name, owned);
                break;
        case 'p':
                r = unit_name_to_prefix(name, owned);
                break;
        case 'P':
                r = unit_name_to_prefix(name, &tmp);
                if (r >= 0)
                        r = unit_name_unescape(tmp, owned);
                break;
        case 'i':
                r = instance_of(name, owned);
                break;
        case 'I':
                r = instance_of(name, &tmp);
                if (r >= 0)
                        r = unit_name_unescape(tmp, owned);
                break;
        case 'j':
                r = last_component(name, owned);
                break;
        case 'J':
                r = last_component(name, &tmp);
                if (r >= 0)
                        r = unit_name_unescape(tmp, owned);
                break;
        case 'f':
                /* The unescaped instance as a path, or the prefix as a path when there is no instance. */
                r = instance_of(name, &tmp);
                if (r >= 0 && isempty(tmp))
                        r = unit_name_to_path(name, owned);
                else if (r >= 0)
                        r = unit_name_path_unescape(tmp, owned);
                break;
        case 'y':
                if (!ctx->unit_path)
                        return -ENOENT;
                *ret = ctx->unit_path;
                return 0;
        case 'Y':
                if (!ctx->unit_path)
                        return -ENOENT;
                r = directory_of(ctx->unit_path, owned);
                break;
        case 't':
                return need(ctx->runtime_dir, ret);
        case 'S':
                return need(ctx->state_dir, ret);
        case 'C':
                return need(ctx->cache_dir, ret);
        case 'L':
                return need(ctx->logs_dir, ret);
        case 'E':
                return need(ctx->config_dir, ret);
        case 'T':
                *ret = ctx->tmp_dir ?: "/tmp";
                return 0;
        case 'V':
                *ret = ctx->var_tmp_dir ?: "/var/tmp";
                return 0;
        case 'h':
                return need(ctx->home, ret);
        case 's':
                return need(ctx->shell, ret);
        case 'u':
                return need(ctx->user_name, ret);
        case 'U':
                return need(ctx->uid, ret);
        case 'g':
                return need(ctx->group_name, ret);
        case 'G':
                return need(ctx->gid, ret);
        case 'm':
                return need(ctx->machine_id, ret);
        case 'b':
                return need(ctx->boot_id, ret);
        case 'H':
                return need(ctx->host_name, ret);
        case 'l':
                return short_host_name(ctx, owned, ret);
        case 'q':
                if (ctx->pretty_host_name) {
                        *ret = ctx->pretty_host_name;
                        return 0;
                }
                return short_host_name(ctx, owned, ret);
        case 'v':
                return need(ctx->kernel_release, ret);
        case 'a':
                return need(ctx->architecture, ret);
        case 'o':
                *ret = strempty(ctx->os_id);
                return 0;
        case 'w':
                *ret = strempty(ctx->os_version_id);
                return 0;
        case 'B':
                *ret = strempty(ctx->os_build_id);
                return 0;
        case 'W':
                *ret = strempty(ctx->os_variant_id);
                return 0;
        case 'M':
                *ret = strempty(ctx->os_image_id);
                return 0;
        case 'A':
                *ret = strempty(ctx->os_image_version);
                return 0;
        case 'd':
                return need(ctx->credentials_dir, ret);
        case 'c':
                *ret = strempty(ctx->cgroup_path);
                return 0;
        case 'r':
                *ret = strempty(ctx->slice_cgroup_path);
                return 0;
        case 'R':
                *ret = strempty(ctx->cgroup_root);
                return 0;
        default:
                return -EBADSLT;
        }

        if (r < 0)
                return r;
        *ret = *owned;
        return 0;
}

static int resolve(Expander *x, char c, const char **ret) {
        unsigned char k = (unsigned char) c;
        int r;

        if (k >= ELEMENTSOF(x->value))
                return -EBADSLT;
        if (!x->value[k]) {
                r = compute(x, c, &x->owned[k], &x->value[k]);
                if (r < 0)
                        return r;
        }
        *ret = x->value[k];
        return 0;
}

typedef struct Buffer {
        char *data;
        size_t len, cap, max;
} Buffer;

static int buffer_append(Buffer *b, const char *s, size_t n) {
        if (n > b->max || b->len > b->max - n)
                return -ENAMETOOLONG;

        if (b->len + n + 1 > b->cap) {
                size_t cap = MAX(b->len + n + 1, b->cap > SIZE_MAX / 2 ? SIZE_MAX : b->cap * 2);
                char *d;

                /* Never allocate more than the cap allows (max <= SIZE_MAX - 1 was checked). */
                cap = MIN(cap, b->max + 1);
                d = realloc(b->data, cap);
                if (!d)
                        return -ENOMEM;
                b->data = d;
                b->cap = cap;
        }

        memcpy(b->data + b->len, s, n);
        b->len += n;
        return 0;
}

int specifier_expand_full(const char *text, const SpecifierContext *ctx, SpecifierSet set, size_t max_length,
                          char **ret) {
        static const SpecifierContext empty = {};
        Expander x = { .ctx = ctx ?: &empty };
        Buffer b = { .max = MIN(max_length, SIZE_MAX - 1) };
        int r = 0;

        if (!text || set < 0 || set >= _SPECIFIER_SET_MAX)
                return -EINVAL;

        b.cap = MIN(strlen(text), b.max) + 1;
        b.data = malloc(b.cap);
        if (!b.data)
                return -ENOMEM;

        for (const char *f = text; *f && r >= 0;) {
                size_t n = strcspn(f, "%");
                const char *v;

                if (n > 0) {
                        r = buffer_append(&b, f, n);
                        f += n;
                        continue;
                }

                /* f points at "%". */
                if (f[1] == '\0') { /* a stray "%" at the end stays */
                        r = buffer_append(&b, "%", 1);
                        f++;
                } else if (f[1] == '%') {
                        r = buffer_append(&b, "%", 1);
                        f += 2;
                } else if (specifier_in_set(f[1], set)) {
                        r = resolve(&x, f[1], &v);
                        if (r >= 0)
                                r = buffer_append(&b, v, strlen(v));
                        f += 2;
                } else if (char_in(f[1], POSSIBLE_SPECIFIERS)) {
                        r = -EBADSLT;
                } else { /* "%" followed by a non-specifier character: both stay */
                        r = buffer_append(&b, f, 2);
                        f += 2;
                }
        }

        expander_done(&x);
        if (r < 0) {
                free(b.data);
                return r;
        }

        b.data[b.len] = '\0';
        *ret = b.data;
        return 0;
}

int specifier_expand(const char *text, const SpecifierContext *ctx, char **ret) {
        return specifier_expand_full(text, ctx, SPECIFIER_SET_UNIT, SPECIFIER_LENGTH_MAX_DEFAULT, ret);
}

int specifier_expand_name(const char *text, const SpecifierContext *ctx, char **ret) {
        return specifier_expand_full(text, ctx, SPECIFIER_SET_NAME, SPECIFIER_LENGTH_MAX_NAME, ret);
}

int specifier_expand_install(const char *text, const SpecifierContext *ctx, char **ret) {
        return specifier_expand_name(text, ctx, ret);
}
