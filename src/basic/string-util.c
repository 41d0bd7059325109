/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <strings.h>

#include "string-util.h"

char *startswith(const char *s, const char *prefix) {
        size_t l = strlen(prefix);

        if (strncmp(s, prefix, l) != 0)
                return NULL;
        return (char *) s + l;
}

char *startswith_no_case(const char *s, const char *prefix) {
        size_t l = strlen(prefix);

        if (strncasecmp(s, prefix, l) != 0)
                return NULL;
        return (char *) s + l;
}

char *endswith(const char *s, const char *suffix) {
        size_t sl = strlen(s), pl = strlen(suffix);

        if (pl > sl)
                return NULL;
        if (memcmp(s + sl - pl, suffix, pl) != 0)
                return NULL;
        return (char *) s + sl - pl;
}

const char *skip_leading_whitespace(const char *s) {
        return s + strspn(s, WHITESPACE);
}

char *delete_trailing_chars(char *s, const char *bad) {
        size_t n = strlen(s);

        while (n > 0 && strchr(bad, s[n - 1]))
                n--;
        s[n] = '\0';
        return s;
}

char *strstrip(char *s) {
        s += strspn(s, WHITESPACE);
        return delete_trailing_chars(s, WHITESPACE);
}

char *strjoin_real(const char *x, ...) {
        va_list ap;
        size_t n = 0;
        char *r, *p;

        va_start(ap, x);
        for (const char *t = x; t; t = va_arg(ap, const char *))
                n += strlen(t);
        va_end(ap);

        r = p = malloc(n + 1);
        if (!r)
                return NULL;
        va_start(ap, x);
        for (const char *t = x; t; t = va_arg(ap, const char *))
                p = stpcpy(p, t);
        va_end(ap);
        *p = '\0';
        return r;
}

char *format_u64(char *buf, uint64_t v) {
        char *p = buf + DECIMAL_STR_MAX_U64 - 1;

        *p = '\0';
        do {
                *--p = (char) ('0' + v % 10);
                v /= 10;
        } while (v > 0);
        return p;
}

int free_and_strdup(char **p, const char *s) {
        char *c = NULL;

        if (s) {
                c = strdup(s);
                if (!c)
                        return -ENOMEM;
        }
        free(*p);
        *p = c;
        return 0;
}

bool string_has_cc(const char *s, const char *ok) {
        for (const char *t = s; *t; t++) {
                if (ok && strchr(ok, *t))
                        continue;
                if ((unsigned char) *t < ' ' || *t == 127)
                        return true;
        }
        return false;
}

bool in_charset(const char *s, const char *charset) {
        return s[strspn(s, charset)] == '\0';
}

char *ascii_strlower(char *s) {
        for (char *p = s; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                        *p = (char) (*p - 'A' + 'a');
        return s;
}
