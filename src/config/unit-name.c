/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>

#include "string-util.h"
#include "strv.h"
#include "escape.h"
#include "unit-name.h"

/* Limits systemd's path_is_normalized() applies to paths derived from unit names. */
#define PATH_COMPONENT_MAX 255 /* NAME_MAX */
#define PATH_LENGTH_MAX 4095   /* PATH_MAX - 1 */

static const char *const unit_type_table[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "service", [UNIT_SOCKET] = "socket", [UNIT_TARGET] = "target",
        [UNIT_DEVICE] = "device",   [UNIT_MOUNT] = "mount",   [UNIT_AUTOMOUNT] = "automount",
        [UNIT_SWAP] = "swap",       [UNIT_TIMER] = "timer",   [UNIT_PATH] = "path",
        [UNIT_SLICE] = "slice",     [UNIT_SCOPE] = "scope",
};

DEFINE_STRING_TABLE_LOOKUP(unit_type, UnitType);

/* The characters allowed in a unit name prefix: ASCII letters and digits and ":-_.\\" (UNIT_CHAR); an instance
 * may also contain "@" (INSTANCE_CHAR). A table, not a search: every name of every unit and connection passes
 * through here. */
enum {
        UNIT_CHAR = 1 << 0,
        INSTANCE_CHAR = 1 << 1,
};

static const uint8_t char_class[256] = {
        ['a' ... 'z'] = UNIT_CHAR | INSTANCE_CHAR,
        ['A' ... 'Z'] = UNIT_CHAR | INSTANCE_CHAR,
        ['0' ... '9'] = UNIT_CHAR | INSTANCE_CHAR,
        [':'] = UNIT_CHAR | INSTANCE_CHAR,
        ['-'] = UNIT_CHAR | INSTANCE_CHAR,
        ['_'] = UNIT_CHAR | INSTANCE_CHAR,
        ['.'] = UNIT_CHAR | INSTANCE_CHAR,
        ['\\'] = UNIT_CHAR | INSTANCE_CHAR,
        ['@'] = INSTANCE_CHAR,
};

static bool span_valid(const char *s, size_t n, bool at) {
        uint8_t want = at ? INSTANCE_CHAR : UNIT_CHAR;

        for (size_t k = 0; k < n; k++)
                if (!(char_class[(uint8_t) s[k]] & want))
                        return false;
        return true;
}

bool unit_name_is_valid(const char *n, UnitNameFlags flags) {
        const char *dot, *at;
        size_t len;

        if ((flags & UNIT_NAME_ANY) == 0 || isempty(n))
                return false;

        len = strnlen(n, UNIT_NAME_MAX);
        if (len >= UNIT_NAME_MAX)
                return false;

        dot = strrchr(n, '.');
        if (!dot || dot == n)
                return false;
        if (unit_type_from_string(dot + 1) < 0)
                return false;

        if (!span_valid(n, (size_t) (dot - n), true))
                return false;

        at = memchr(n, '@', (size_t) (dot - n));
        if (at == n)
                return false;

        if (!at)
                return flags & UNIT_NAME_PLAIN;
        if (dot == at + 1)
                return flags & UNIT_NAME_TEMPLATE;
        return flags & UNIT_NAME_INSTANCE;
}

bool unit_prefix_is_valid(const char *p) {
        return !isempty(p) && span_valid(p, strlen(p), false);
}

bool unit_instance_is_valid(const char *i) {
        return !isempty(i) && span_valid(i, strlen(i), true);
}

bool unit_suffix_is_valid(const char *s) {
        return s && s[0] == '.' && unit_type_from_string(s + 1) >= 0;
}

UnitType unit_name_to_type(const char *n) {
        if (!unit_name_is_valid(n, UNIT_NAME_ANY))
                return _UNIT_TYPE_INVALID;
        return unit_type_from_string(strrchr(n, '.') + 1);
}

static int dup_span(const char *s, size_t n, char **ret) {
        char *p = strndup(s, n);

        if (!p)
                return -ENOMEM;
        *ret = p;
        return 0;
}

int unit_name_to_prefix(const char *n, char **ret) {
        const char *end;

        if (!unit_name_is_valid(n, UNIT_NAME_ANY))
                return -EINVAL;

        end = strchr(n, '@') ?: strrchr(n, '.');
        return dup_span(n, (size_t) (end - n), ret);
}

int unit_name_to_prefix_and_instance(const char *n, char **ret) {
        if (!unit_name_is_valid(n, UNIT_NAME_ANY))
                return -EINVAL;

        return dup_span(n, (size_t) (strrchr(n, '.') - n), ret);
}

int unit_name_to_instance(const char *n, char **ret) {
        const char *at, *dot;
        int r;

        if (!unit_name_is_valid(n, UNIT_NAME_ANY))
                return -EINVAL;

        at = strchr(n, '@');
        if (!at) {
                *ret = NULL;
                return UNIT_NAME_PLAIN;
        }

        dot = strrchr(n, '.');
        r = dup_span(at + 1, (size_t) (dot - at - 1), ret);
        if (r < 0)
                return r;
        return dot == at + 1 ? UNIT_NAME_TEMPLATE : UNIT_NAME_INSTANCE;
}

int unit_name_template(const char *n, char **ret) {
        const char *at, *dot;
        char *s;

        if (!unit_name_is_valid(n, UNIT_NAME_TEMPLATE | UNIT_NAME_INSTANCE))
                return -EINVAL;

        at = strchr(n, '@');
        dot = strrchr(n, '.');
        if (asprintf(&s, "%.*s%s", (int) (at - n + 1), n, dot) < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}

/* Build prefix + "@" + instance + suffix (instance NULL: no "@") and check the result has the expected
 * kind; used by every constructor so no invalid or overlong name escapes. */
static int build_checked(const char *prefix, size_t prefix_len, const char *instance, const char *suffix,
                         UnitNameFlags expect, char **ret) {
        size_t il = instance ? strlen(instance) + 1 : 0, sl = strlen(suffix);
        _cleanup_free_ char *s = malloc(prefix_len + il + sl + 1);
        char *p;

        if (!s)
                return -ENOMEM;
        p = mempcpy(s, prefix, prefix_len);
        if (instance) {
                *p++ = '@';
                p = mempcpy(p, instance, il - 1);
        }
        memcpy(p, suffix, sl + 1);
        if (!unit_name_is_valid(s, expect))
                return -EINVAL;
        *ret = TAKE_PTR(s);
        return 0;
}

int unit_name_replace_instance(const char *n, const char *instance, char **ret) {
        const char *at;

        if (!unit_name_is_valid(n, UNIT_NAME_TEMPLATE | UNIT_NAME_INSTANCE))
                return -EINVAL;
        if (!unit_instance_is_valid(instance))
                return -EINVAL;
        /* Bound the work before formatting: a longer instance cannot yield a valid name. */
        if (strnlen(instance, UNIT_NAME_MAX) >= UNIT_NAME_MAX)
                return -EINVAL;

        at = strchr(n, '@');
        return build_checked(n, (size_t) (at - n), instance, strrchr(n, '.'), UNIT_NAME_INSTANCE, ret);
}

int unit_name_change_suffix(const char *n, const char *suffix, char **ret) {
        if (!unit_name_is_valid(n, UNIT_NAME_ANY) || !unit_suffix_is_valid(suffix))
                return -EINVAL;

        /* The kind (plain/template/instance) is kept; only the length can make the result invalid. */
        return build_checked(n, (size_t) (strrchr(n, '.') - n), NULL, suffix, UNIT_NAME_ANY, ret);
}

int unit_name_build(const char *prefix, const char *instance, const char *suffix, char **ret) {
        UnitNameFlags kind;

        if (!unit_prefix_is_valid(prefix) || !unit_suffix_is_valid(suffix))
                return -EINVAL;
        if (strnlen(prefix, UNIT_NAME_MAX) >= UNIT_NAME_MAX)
                return -EINVAL;

        if (!instance)
                kind = UNIT_NAME_PLAIN;
        else if (instance[0] == '\0')
                kind = UNIT_NAME_TEMPLATE;
        else if (unit_instance_is_valid(instance) && strnlen(instance, UNIT_NAME_MAX) < UNIT_NAME_MAX)
                kind = UNIT_NAME_INSTANCE;
        else
                return -EINVAL;

        return build_checked(prefix, strlen(prefix), instance, suffix, kind, ret);
}

static char hexchar(unsigned x) {
        return "0123456789abcdef"[x & 15];
}

static char *escape_byte(char *t, char c) {
        *t++ = '\\';
        *t++ = 'x';
        *t++ = hexchar((unsigned char) c >> 4);
        *t++ = hexchar((unsigned char) c);
        return t;
}

char *unit_name_escape(const char *s) {
        size_t n = strlen(s);
        char *r, *t;

        /* Every byte grows to at most 4 ("\xNN"). */
        if (n > (SIZE_MAX - 1) / 4)
                return NULL;
        r = malloc(n * 4 + 1);
        if (!r)
                return NULL;

        t = r;
        /* No unit name may start with ".", like the mount unit for "/.dotdir" would. */
        if (*s == '.')
                t = escape_byte(t, *s++);

        for (; *s; s++) {
                if (*s == '/')
                        *t++ = '-';
                else if (*s == '-' || *s == '\\' || !(char_class[(uint8_t) *s] & UNIT_CHAR))
                        t = escape_byte(t, *s);
                else
                        *t++ = *s;
        }
        *t = '\0';
        return r;
}

int unit_name_unescape(const char *s, char **ret) {
        _cleanup_free_ char *r = NULL;
        char *t;

        r = malloc(strlen(s) + 1);
        if (!r)
                return -ENOMEM;

        t = r;
        for (const char *f = s; *f; f++) {
                if (*f == '-')
                        *t++ = '/';
                else if (*f == '\\') {
                        int a, b;

                        if (f[1] != 'x')
                                return -EINVAL;
                        a = unhexchar(f[2]);
                        if (a < 0)
                                return -EINVAL;
                        b = unhexchar(f[3]);
                        if (b < 0)
                                return -EINVAL;
                        if (a == 0 && b == 0) /* would cut the string short */
                                return -EINVAL;
                        *t++ = (char) ((a << 4) | b);
                        f += 3;
                } else
                        *t++ = *f;
        }
        *t = '\0';

        *ret = TAKE_PTR(r);
        return 0;
}

static bool component_is_dot(const char *c, size_t n) {
        return n == 1 && c[0] == '.';
}

static bool component_is_dot_dot(const char *c, size_t n) {
        return n == 2 && c[0] == '.' && c[1] == '.';
}

int unit_name_path_escape(const char *path, char **ret) {
        _cleanup_free_ char *joined = NULL;
        size_t n = 0, total;
        bool absolute;
        char *e;

        absolute = path[0] == '/';

        joined = malloc(strlen(path) + 1);
        if (!joined)
                return -ENOMEM;

        /* Simplify as systemd's path_simplify() does: drop empty and "." components, keep the rest joined by
         * single slashes; ".." is refused because the result would not be normalized. */
        for (const char *p = path; *p;) {
                size_t l;

                p += strspn(p, "/");
                l = strcspn(p, "/");
                if (l == 0)
                        break;
                if (component_is_dot_dot(p, l) || l > PATH_COMPONENT_MAX)
                        return -EINVAL;
                if (!component_is_dot(p, l)) {
                        if (n > 0)
                                joined[n++] = '/';
                        memcpy(joined + n, p, l);
                        n += l;
                }
                p += l;
        }
        joined[n] = '\0';

        if (n == 0) {
                /* "" and the root directory in any spelling become "-"; a relative "." has no escaping. */
                if (!absolute && path[0] != '\0')
                        return -EINVAL;
                e = strdup("-");
        } else {
                total = n + absolute;
                if (total > PATH_LENGTH_MAX)
                        return -EINVAL;
                e = unit_name_escape(joined);
        }
        if (!e)
                return -ENOMEM;

        *ret = e;
        return 0;
}

/* systemd's path_is_normalized() for an absolute path: no "//", no "." or ".." components, sane lengths. */
static bool absolute_path_is_normalized(const char *p) {
        size_t len = strlen(p);

        if (len == 0 || len > PATH_LENGTH_MAX || p[0] != '/')
                return false;

        for (const char *c = p + 1;;) {
                size_t l = strcspn(c, "/");

                if (l == 0 && *c == '/')
                        return false; /* "//" */
                if (component_is_dot(c, l) || component_is_dot_dot(c, l) || l > PATH_COMPONENT_MAX)
                        return false;
                c += l;
                if (*c == '\0')
                        return true;
                c++;
        }
}

int unit_name_path_unescape(const char *s, char **ret) {
        _cleanup_free_ char *w = NULL;
        char *p;
        int r;

        if (isempty(s))
                return -EINVAL;

        if (streq(s, "-"))
                p = strdup("/");
        else {
                size_t l;

                r = unit_name_unescape(s, &w);
                if (r < 0)
                        return r;

                l = strlen(w);
                if (w[0] == '/' || w[l - 1] == '/')
                        return -EINVAL;

                p = strjoin("/", w);
                if (p && !absolute_path_is_normalized(p)) {
                        free(p);
                        return -EINVAL;
                }
        }
        if (!p)
                return -ENOMEM;

        *ret = p;
        return 0;
}

int unit_name_from_path(const char *path, const char *suffix, char **ret) {
        _cleanup_free_ char *p = NULL, *s = NULL;
        int r;

        if (!unit_suffix_is_valid(suffix))
                return -EINVAL;

        r = unit_name_path_escape(path, &p);
        if (r < 0)
                return r;

        s = strjoin(p, suffix);
        if (!s)
                return -ENOMEM;
        if (strlen(s) >= UNIT_NAME_MAX)
                return -ENAMETOOLONG;
        if (!unit_name_is_valid(s, UNIT_NAME_PLAIN))
                return -EINVAL;

        *ret = TAKE_PTR(s);
        return 0;
}

int unit_name_to_path(const char *n, char **ret) {
        _cleanup_free_ char *prefix = NULL;
        int r;

        r = unit_name_to_prefix(n, &prefix);
        if (r < 0)
                return r;

        return unit_name_path_unescape(prefix, ret);
}

/* One step of systemd 252's dash truncation on a prefix: the new prefix length (ending in "-"), or 0 when
 * the chain ends. A trailing "-" is chopped once before looking for the previous one. */
static size_t dash_step(const char *prefix, size_t len) {
        bool chopped = false;

        for (;;) {
                const char *dash = NULL;

                for (size_t k = len; k > 0; k--)
                        if (prefix[k - 1] == '-') {
                                dash = prefix + k - 1;
                                break;
                        }
                if (!dash || dash == prefix)
                        return 0;

                if ((size_t) (dash - prefix) + 1 < len || chopped)
                        return (size_t) (dash - prefix) + 1;

                /* Trailing dash: chop it and look again, but only once. */
                len = (size_t) (dash - prefix);
                chopped = true;
        }
}

/* Append the dash chain of a valid name to *l: names with ever shorter prefixes, keeping the instance of an
 * instance name; a template yields plain names, as in systemd 252. */
static int append_dash_chain(char ***l, const char *name) {
        const char *at, *dot, *instance = NULL;
        _cleanup_free_ char *inst = NULL;
        size_t len;
        int r;

        at = strchr(name, '@');
        dot = strrchr(name, '.');
        len = (size_t) ((at ?: dot) - name);

        if (at && dot > at + 1) {
                inst = strndup(at + 1, (size_t) (dot - at - 1));
                if (!inst)
                        return -ENOMEM;
                instance = inst;
        }

        /* Each step strictly shortens the prefix, so this ends after at most len iterations. */
        for (;;) {
                char *b;

                len = dash_step(name, len);
                if (len == 0)
                        return 0;

                r = build_checked(name, len, instance, dot, instance ? UNIT_NAME_INSTANCE : UNIT_NAME_PLAIN,
                                  &b);
                if (r < 0)
                        return r;
                r = strv_consume(l, b);
                if (r < 0)
                        return r;
        }
}

int unit_name_dash_prefixes(const char *name, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (!unit_name_is_valid(name, UNIT_NAME_ANY))
                return -EINVAL;

        r = append_dash_chain(&l, name);
        if (r < 0)
                return r;

        r = (int) strv_length(l);
        *ret = TAKE_PTR(l);
        return r;
}

int unit_name_dropin_names(const char *name, char ***ret) {
        _cleanup_strv_free_ char **chain = NULL, **l = NULL;
        int r;

        if (!unit_name_is_valid(name, UNIT_NAME_ANY))
                return -EINVAL;

        r = strv_extend(&l, name);
        if (r < 0)
                return r;

        if (!unit_name_is_valid(name, UNIT_NAME_INSTANCE)) {
                /* Plain or template: the name, then its dash chain (plain names for a template). */
                r = append_dash_chain(&l, name);
                if (r < 0)
                        return r;
                r = (int) strv_length(l);
                *ret = TAKE_PTR(l);
                return r;
        }

        /* Instance: systemd recurses name -> template -> template's chain, then name's next dash step. The
         * template chains of later steps are suffixes of the first one, so they add nothing new. */
        r = append_dash_chain(&chain, name);
        if (r < 0)
                return r;

        for (size_t k = 0;; k++) {
                const char *cur = k == 0 ? name : chain[k - 1];
                char *t;

                if (k > 0) {
                        r = strv_extend(&l, cur);
                        if (r < 0)
                                return r;
                }

                r = unit_name_template(cur, &t);
                if (r < 0)
                        return r;
                r = strv_consume(&l, t);
                if (r < 0)
                        return r;

                if (k == 0) {
                        r = append_dash_chain(&l, t);
                        if (r < 0)
                                return r;
                }

                if (!chain || !chain[k])
                        break;
        }

        r = (int) strv_length(l);
        *ret = TAKE_PTR(l);
        return r;
}
