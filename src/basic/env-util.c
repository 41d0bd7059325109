/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdint.h>

#include "env-util.h"
#include "extract-word.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "utf8.h"

#define ENV_NAME_CHARS LETTERS DIGITS "_"

/* ARG_MAX as systemd uses it to bound single assignments. Asked once: sysconf() makes a system call, and this
 * is checked for every variable of every spawned process. */
static size_t arg_max(void) {
        static size_t cached;
        long l;

        if (cached > 0)
                return cached;
        l = sysconf(_SC_ARG_MAX);
        cached = l < _POSIX_ARG_MAX ? _POSIX_ARG_MAX : (size_t) l;
        return cached;
}

/* ENV_NAME_CHARS as a table, not a search per character: every assignment of every spawn is checked. */
static const bool env_name_char[256] = {
        ['a' ... 'z'] = true,
        ['A' ... 'Z'] = true,
        ['0' ... '9'] = true,
        ['_'] = true,
};

static bool env_name_is_valid_n(const char *e, size_t n) {
        if (!e || n == 0)
                return false;
        if (e[0] >= '0' && e[0] <= '9')
                return false;
        if (n > arg_max() - 2)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!env_name_char[(unsigned char) e[i]])
                        return false;
        return true;
}

bool env_name_is_valid(const char *e) {
        return e && env_name_is_valid_n(e, strlen(e));
}

bool env_value_is_valid(const char *e) {
        if (!e)
                return false;
        if (!utf8_is_valid(e))
                return false;
        return strlen(e) <= arg_max() - 3;
}

/* One pass over the name and the ASCII part of the value: this checks every assignment of every spawn. */
bool env_assignment_is_valid(const char *e) {
        size_t n = 0, v = 0;
        const char *value;

        if (!e || (e[0] >= '0' && e[0] <= '9'))
                return false;
        for (; e[n] != '='; n++)
                if (!env_name_char[(unsigned char) e[n]]) /* the terminating NUL is not one */
                        return false;
        if (n == 0 || n > arg_max() - 2)
                return false;
        value = e + n + 1;
        while (value[v] != '\0' && (unsigned char) value[v] < 0x80)
                v++;
        if (value[v] != '\0') { /* not ASCII: the rest is decoded */
                size_t rest = strlen(value + v);

                if (!utf8_is_valid_n(value + v, rest))
                        return false;
                v += rest;
        }
        return v <= arg_max() - 3 && n + 1 + v <= arg_max() - 1;
}

bool env_name_or_assignment_is_valid(const char *e) {
        return env_assignment_is_valid(e) || env_name_is_valid(e);
}

const char *strv_env_get_n(char *const *l, const char *name, size_t n) {
        size_t k = strv_length(l);

        if (!name || n == 0)
                return NULL;

        /* The last assignment wins. */
        while (k > 0) {
                const char *e = l[--k];

                if (strncmp(e, name, n) == 0 && e[n] == '=')
                        return e + n + 1;
        }
        return NULL;
}

const char *strv_env_get(char *const *l, const char *name) {
        if (!name)
                return NULL;
        return strv_env_get_n(l, name, strlen(name));
}

/* "NAME" matches "NAME=..." ; "NAME=value" matches only itself. */
static bool env_match(const char *entry, const char *pattern) {
        size_t n;

        if (streq(entry, pattern))
                return true;
        if (strchr(pattern, '='))
                return false;
        n = strlen(pattern);
        return strncmp(entry, pattern, n) == 0 && entry[n] == '=';
}

int strv_env_unset(char **l, const char *pattern) {
        char **w = l;
        int n = 0;

        if (!l || !pattern)
                return 0;

        for (char **f = l; *f; f++) {
                if (env_match(*f, pattern)) {
                        free(*f);
                        n++;
                } else
                        *(w++) = *f;
        }
        *w = NULL;
        return n;
}

int strv_env_replace_consume(char ***l, char *assignment) {
        const char *eq;
        int r;

        if (!assignment)
                return -ENOMEM; /* a failed strjoin() or strdup() of the caller */
        if (!l) {
                free(assignment);
                return -EINVAL;
        }

        eq = strchr(assignment, '=');
        if (!eq) {
                free(assignment);
                return -EINVAL;
        }

        STRV_FOREACH(f, *l)
                if (strncmp(*f, assignment, (size_t) (eq - assignment) + 1) == 0) {
                        _cleanup_free_ char *name = strndup(assignment, (size_t) (eq - assignment));

                        if (!name) {
                                free(assignment);
                                return -ENOMEM;
                        }
                        free(*f);
                        *f = assignment;
                        /* Drop later duplicates of the same name. */
                        (void) strv_env_unset(f + 1, name);
                        return 0;
                }

        r = strv_consume(l, assignment);
        if (r < 0)
                return r;
        return 1;
}

int strv_env_replace_strdup(char ***l, const char *assignment) {
        char *p;

        if (!assignment)
                return -EINVAL;
        p = strdup(assignment);
        if (!p)
                return -ENOMEM;
        return strv_env_replace_consume(l, p);
}

int strv_env_assign(char ***l, const char *name, const char *value) {
        if (!l || !env_name_is_valid(name))
                return -EINVAL;

        if (!value) {
                (void) strv_env_unset(*l, name);
                return 0;
        }
        return strv_env_replace_consume(l, strjoin(name, "=", value));
}

int strv_env_merge(char ***l, char *const *other) {
        for (size_t i = 0; other && other[i]; i++) {
                int r = strv_env_replace_strdup(l, other[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

typedef struct EnvSortItem {
        const char *s;
        size_t name_len, idx;
} EnvSortItem;

static int env_sort_item_compare(const void *a, const void *b) {
        const EnvSortItem *x = a, *y = b;
        int c = memcmp(x->s, y->s, MIN(x->name_len, y->name_len));

        if (c != 0)
                return c;
        if (x->name_len != y->name_len)
                return x->name_len < y->name_len ? -1 : 1;
        return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Collapse, in place, the n entries of v that share a name (the text before the first '=', or all of it)
 * into one carrying the last value, placed where the first (keep_first_position) or the last one was.
 * O(n log n), so long untrusted lists cannot make us quadratic. Returns the new length or -ENOMEM. */
static ssize_t env_dedup(char **v, size_t n, bool keep_first_position) {
        _cleanup_free_ EnvSortItem *items = NULL;
        size_t k = 0;

        if (n < 2)
                return (ssize_t) n;

        items = calloc(n, sizeof(EnvSortItem));
        if (!items)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                items[i] = (EnvSortItem) { .s = v[i], .name_len = strcspn(v[i], "="), .idx = i };
        qsort(items, n, sizeof(EnvSortItem), env_sort_item_compare);

        for (size_t g = 0; g < n;) {
                size_t e = g + 1;

                while (e < n && items[e].name_len == items[g].name_len &&
                       memcmp(items[e].s, items[g].s, items[g].name_len) == 0)
                        e++;

                /* items[g..e) share a name, in input order; the last one holds the value. */
                if (e - g > 1) {
                        size_t keep = keep_first_position ? items[g].idx : items[e - 1].idx;

                        for (size_t i = g; i < e; i++)
                                if (items[i].idx != items[e - 1].idx) {
                                        free(v[items[i].idx]);
                                        v[items[i].idx] = NULL;
                                }
                        v[keep] = (char *) items[e - 1].s;
                        if (keep != items[e - 1].idx)
                                v[items[e - 1].idx] = NULL;
                }
                g = e;
        }

        for (size_t i = 0; i < n; i++)
                if (v[i])
                        v[k++] = v[i];
        v[k] = NULL;
        return (ssize_t) k;
}

/* Drop, in place, entries that are not valid assignments. Returns how many were dropped. */
static int env_drop_invalid(char **l) {
        char **w = l;
        int n = 0;

        for (char **f = l; *f; f++) {
                if (env_assignment_is_valid(*f))
                        *(w++) = *f;
                else {
                        free(*f);
                        n++;
                }
        }
        *w = NULL;
        return n;
}

int strv_env_clean(char **l) {
        ssize_t n;

        if (!l)
                return 0;
        n = env_drop_invalid(l);
        if (env_dedup(l, strv_length(l), false) < 0)
                return -ENOMEM;
        return (int) n;
}

/* ---- EnvironmentFile= ---- */

typedef struct EnvBuf {
        char *data;
        size_t len, alloc;
} EnvBuf;

static int envbuf_put(EnvBuf *b, char c) {
        if (b->len + 2 > b->alloc) {
                size_t a = MAX(b->alloc * 2, (size_t) 64);
                char *d;

                if (b->alloc > SIZE_MAX / 4)
                        return -ENOMEM;
                d = realloc(b->data, a);
                if (!d)
                        return -ENOMEM;
                b->data = d;
                b->alloc = a;
        }
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
}

typedef enum EnvFileState {
        ENV_PRE_KEY,
        ENV_KEY,
        ENV_PRE_VALUE,
        ENV_VALUE,
        ENV_VALUE_ESCAPE,
        ENV_SINGLE_QUOTE,
        ENV_DOUBLE_QUOTE,
        ENV_DOUBLE_QUOTE_ESCAPE,
        ENV_COMMENT,
        ENV_COMMENT_ESCAPE,
} EnvFileState;

/* Add one parsed KEY=VALUE. key_end / value_end cut trailing whitespace (SIZE_MAX: keep all). */
static int env_file_push(WordList *m, EnvBuf *key, size_t key_end, EnvBuf *value, size_t value_end,
                         const char *fname, unsigned line) {
        char *p;

        if (key_end != SIZE_MAX)
                key->len = key_end;
        if (value_end != SIZE_MAX)
                value->len = value_end;

        if (!utf8_is_valid_n(key->data ?: "", key->len) || !utf8_is_valid_n(value->data ?: "", value->len)) {
                log_debug("%s:%u: Invalid UTF-8 in environment file, refusing it.", strna(fname), line);
                return -EINVAL;
        }

        if (key->len > SIZE_MAX - value->len - 2)
                return -ENOMEM;
        p = malloc(key->len + value->len + 2);
        if (!p)
                return -ENOMEM;
        memcpy(p, key->data ?: "", key->len);
        p[key->len] = '=';
        memcpy(p + key->len + 1, value->data ?: "", value->len);
        p[key->len + 1 + value->len] = '\0';

        /* Invalid names stay in for now and are dropped at the end, as systemd drops them after reading
         * the file; this only matters for repeated keys. */
        if (!env_assignment_is_valid(p))
                log_debug("%s:%u: Ignoring invalid environment assignment: %.*s", strna(fname), line,
                          (int) MIN(key->len, (size_t) 256), key->data ?: "");

        key->len = 0;
        value->len = 0;
        /* Repeated keys are merged at the end. */
        return wordlist_consume(m, p);
}

int env_file_parse(const char *text, size_t len, const char *fname, char ***ret_assignments) {
        _cleanup_(wordlist_done) WordList m = {};
        EnvBuf key = {}, value = {};
        ssize_t k;
        char **v;
        size_t key_ws = SIZE_MAX, value_ws = SIZE_MAX;
        EnvFileState state = ENV_PRE_KEY;
        unsigned line = 1, key_line = 1;
        int r = 0;

        if (!ret_assignments || (!text && len > 0))
                return -EINVAL;

        /* systemd 252 reads the file without asking for its size and therefore refuses one with an
         * embedded NUL byte, since the text would be ambiguous ("Bad message"). */
        if (len > 0 && memchr(text, 0, len))
                return -EBADMSG;

        for (size_t i = 0; i < len; i++) {
                char c = text[i];
                bool nl = c == '\n' || c == '\r';
                bool ws = strchr(WHITESPACE, c);

                switch (state) {
                case ENV_PRE_KEY:
                        if (c == '#' || c == ';')
                                state = ENV_COMMENT;
                        else if (!ws) {
                                state = ENV_KEY;
                                key.len = 0;
                                key_ws = SIZE_MAX;
                                key_line = line;
                                r = envbuf_put(&key, c);
                        }
                        break;

                case ENV_KEY:
                        if (nl)
                                state = ENV_PRE_KEY; /* No '=': the line is ignored. */
                        else if (c == '=') {
                                state = ENV_PRE_VALUE;
                                value.len = 0;
                                value_ws = SIZE_MAX;
                        } else {
                                if (!ws)
                                        key_ws = SIZE_MAX;
                                else if (key_ws == SIZE_MAX)
                                        key_ws = key.len;
                                r = envbuf_put(&key, c);
                        }
                        break;

                case ENV_PRE_VALUE:
                        if (nl) {
                                state = ENV_PRE_KEY;
                                r = env_file_push(&m, &key, key_ws, &value, SIZE_MAX, fname, key_line);
                        } else if (c == '\'')
                                state = ENV_SINGLE_QUOTE;
                        else if (c == '"')
                                state = ENV_DOUBLE_QUOTE;
                        else if (c == '\\')
                                state = ENV_VALUE_ESCAPE;
                        else if (!ws) {
                                state = ENV_VALUE;
                                r = envbuf_put(&value, c);
                        }
                        break;

                case ENV_VALUE:
                        if (nl) {
                                state = ENV_PRE_KEY;
                                r = env_file_push(&m, &key, key_ws, &value, value_ws, fname, key_line);
                        } else if (c == '\\') {
                                state = ENV_VALUE_ESCAPE;
                                value_ws = SIZE_MAX;
                        } else {
                                if (!ws)
                                        value_ws = SIZE_MAX;
                                else if (value_ws == SIZE_MAX)
                                        value_ws = value.len;
                                r = envbuf_put(&value, c);
                        }
                        break;

                case ENV_VALUE_ESCAPE:
                        state = ENV_VALUE;
                        if (!nl) /* backslash-newline: both vanish */
                                r = envbuf_put(&value, c);
                        break;

                case ENV_SINGLE_QUOTE:
                        if (c == '\'')
                                state = ENV_PRE_VALUE;
                        else
                                r = envbuf_put(&value, c);
                        break;

                case ENV_DOUBLE_QUOTE:
                        if (c == '"')
                                state = ENV_PRE_VALUE;
                        else if (c == '\\')
                                state = ENV_DOUBLE_QUOTE_ESCAPE;
                        else
                                r = envbuf_put(&value, c);
                        break;

                case ENV_DOUBLE_QUOTE_ESCAPE:
                        state = ENV_DOUBLE_QUOTE;
                        if (strchr("\"\\`$", c))
                                r = envbuf_put(&value, c);
                        else if (c != '\n') {
                                r = envbuf_put(&value, '\\');
                                if (r >= 0)
                                        r = envbuf_put(&value, c);
                        }
                        break;

                case ENV_COMMENT:
                        if (c == '\\')
                                state = ENV_COMMENT_ESCAPE;
                        else if (nl)
                                state = ENV_PRE_KEY;
                        break;

                case ENV_COMMENT_ESCAPE:
                        state = ENV_COMMENT;
                        break;
                }

                if (c == '\n')
                        line++;
                if (r < 0)
                        goto finish;
        }

        switch (state) {
        case ENV_PRE_VALUE:
        case ENV_VALUE:
        case ENV_VALUE_ESCAPE:
        case ENV_SINGLE_QUOTE:
        case ENV_DOUBLE_QUOTE:
        case ENV_DOUBLE_QUOTE_ESCAPE:
                /* The end of input ends the last assignment, even inside quotes. */
                r = env_file_push(&m, &key, key_ws, &value, state == ENV_VALUE ? value_ws : SIZE_MAX, fname,
                                  key_line);
                break;
        default:
                break;
        }

finish:
        free(key.data);
        free(value.data);
        if (r < 0)
                return r;

        v = wordlist_steal(&m);
        if (!v)
                return -ENOMEM;
        /* A repeated key keeps the place of its first assignment and the value of its last, as systemd's
         * strv_env_replace_consume() does line by line. Invalid entries go afterwards, as systemd drops
         * them after reading the file: so an invalid last assignment removes the variable. */
        k = env_dedup(v, strv_length(v), true);
        if (k < 0) {
                strv_free(v);
                return -ENOMEM;
        }
        (void) env_drop_invalid(v);
        *ret_assignments = v;
        return 0;
}

/* ---- run-time expansion ---- */

int replace_env(const char *word, char *const *env, char **ret) {
        EnvBuf b = {};
        size_t i = 0;
        int r = 0;

        if (!word || !ret)
                return -EINVAL;

        while (word[i] != '\0' && r >= 0) {
                if (word[i] != '$') {
                        r = envbuf_put(&b, word[i++]);
                        continue;
                }

                if (word[i + 1] == '$') {
                        r = envbuf_put(&b, '$');
                        i += 2;
                        continue;
                }

                if (word[i + 1] == '{') {
                        size_t j = i + 2 + strcspn(word + i + 2, "}:");

                        if (word[j] == '}') {
                                const char *v = strv_env_get_n(env, word + i + 2, j - i - 2);

                                for (; v && *v && r >= 0; v++)
                                        r = envbuf_put(&b, *v);
                                i = j + 1;
                                continue;
                        }

                        /* "${NAME:..." (no extended syntax here) or no closing brace: keep it literally,
                         * up to where scanning resumes. */
                        for (; i < j && r >= 0; i++)
                                r = envbuf_put(&b, word[i]);
                        continue;
                }

                r = envbuf_put(&b, word[i++]);
        }

        if (r >= 0 && !b.data) {
                b.data = strdup("");
                if (!b.data)
                        r = -ENOMEM;
        }
        if (r < 0) {
                free(b.data);
                return r;
        }
        *ret = b.data;
        return 0;
}

int replace_env_argv(char *const *argv, char *const *env, char ***ret) {
        _cleanup_(wordlist_done) WordList l = {};
        char **v;
        int r;

        if (!ret)
                return -EINVAL;

        for (size_t i = 0; argv && argv[i]; i++) {
                const char *w = argv[i];
                char *x;

                if (w[0] == '$' && w[1] != '{' && w[1] != '$') {
                        /* The rest of the word names the variable, whatever it contains. */
                        const char *p = strv_env_get(env, w + 1);

                        for (;;) {
                                r = extract_first_word(&p, &x, WHITESPACE, EXTRACT_RELAX | EXTRACT_UNQUOTE);
                                if (r < 0)
                                        return r;
                                if (r == 0)
                                        break;
                                r = wordlist_consume(&l, x);
                                if (r < 0)
                                        return r;
                        }
                        continue;
                }

                r = replace_env(w, env, &x);
                if (r < 0)
                        return r;
                r = wordlist_consume(&l, x);
                if (r < 0)
                        return r;
        }

        v = wordlist_steal(&l);
        if (!v)
                return -ENOMEM;
        *ret = v;
        return 0;
}
