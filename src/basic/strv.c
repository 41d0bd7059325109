/* SPDX-License-Identifier: MIT */
#include "strv.h"

char **strv_free(char **l) {
        STRV_FOREACH(s, l)
                free(*s);
        free(l);
        return NULL;
}

size_t strv_length(char *const *l) {
        size_t n = 0;

        while (l && l[n])
                n++;
        return n;
}

bool strv_contains(char *const *l, const char *s) {
        for (size_t i = 0; l && l[i]; i++)
                if (streq(l[i], s))
                        return true;
        return false;
}

char **strv_pack(const char *const *l, size_t n) {
        size_t size = (n + 1) * sizeof(char *);
        char **v, *p;

        for (size_t i = 0; i < n; i++)
                size += strlen(l[i]) + 1;
        v = malloc(size);
        if (!v)
                return NULL;
        p = (char *) (v + n + 1);
        for (size_t i = 0; i < n; i++) {
                v[i] = p;
                p = stpcpy(p, l[i]) + 1;
        }
        v[n] = NULL;
        return v;
}

/* Whether any string of l contains c. */
bool strv_has_char(char *const *l, char c) {
        for (size_t i = 0; l && l[i]; i++)
                if (strchr(l[i], c))
                        return true;
        return false;
}

bool strv_equal(char *const *a, char *const *b) {
        size_t na = strv_length(a), nb = strv_length(b);

        if (na != nb)
                return false;
        for (size_t i = 0; i < na; i++)
                if (!streq(a[i], b[i]))
                        return false;
        return true;
}

char **strv_copy(char *const *l) {
        size_t n = strv_length(l);
        char **c = calloc(n + 1, sizeof(char *));

        if (!c)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                c[i] = strdup(l[i]);
                if (!c[i])
                        return strv_free(c);
        }
        return c;
}

int strv_consume(char ***l, char *s) {
        size_t n = strv_length(*l);
        char **c;

        if (!s)
                return -ENOMEM;
        c = reallocarray(*l, n + 2, sizeof(char *));
        if (!c) {
                free(s);
                return -ENOMEM;
        }
        c[n] = s;
        c[n + 1] = NULL;
        *l = c;
        return 0;
}

int strv_extend(char ***l, const char *s) {
        return strv_consume(l, strdup(s));
}

int strv_extend_strv(char ***l, char *const *other) {
        for (size_t i = 0; other && other[i]; i++) {
                int r = strv_extend(l, other[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

void strv_remove(char **l, const char *s) {
        char **w = l;

        if (!l)
                return;
        for (char **r = l; *r; r++) {
                if (streq(*r, s))
                        free(*r);
                else
                        *w++ = *r;
        }
        *w = NULL;
}

void strv_uniq(char **l) {
        char **w = l;

        if (!l)
                return;
        for (char **r = l; *r; r++) {
                bool dup = false;
                for (char **p = l; p < w; p++)
                        if (streq(*p, *r)) {
                                dup = true;
                                break;
                        }
                if (dup)
                        free(*r);
                else
                        *w++ = *r;
        }
        *w = NULL;
}

static int str_compare(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

void strv_sort(char **l) {
        size_t n = strv_length(l);

        if (n > 1)
                qsort(l, n, sizeof(char *), str_compare);
}

char *strv_join(char *const *l, const char *sep) {
        size_t n = 0, k = strlen(sep);
        char *r, *p;

        for (size_t i = 0; l && l[i]; i++)
                n += strlen(l[i]) + (i > 0 ? k : 0);
        r = p = malloc(n + 1);
        if (!r)
                return NULL;
        for (size_t i = 0; l && l[i]; i++) {
                if (i > 0)
                        p = stpcpy(p, sep);
                p = stpcpy(p, l[i]);
        }
        *p = '\0';
        return r;
}

int strv_split(const char *s, const char *sep, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        /* Always return a (possibly empty) allocated vector. */
        l = calloc(1, sizeof(char *));
        if (!l)
                return -ENOMEM;
        while (s && *s) {
                size_t n;

                s += strspn(s, sep);
                n = strcspn(s, sep);
                if (n == 0)
                        break;
                r = strv_consume(&l, strndup(s, n));
                if (r < 0)
                        return r;
                s += n;
        }
        *ret = TAKE_PTR(l);
        return 0;
}
