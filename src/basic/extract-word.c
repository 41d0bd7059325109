/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "escape.h"
#include "extract-word.h"
#include "string-util.h"
#include "strv.h"
#include "utf8.h"

/* A growing output buffer, always with room for the terminating NUL. */
typedef struct WordBuf {
        char *data;
        size_t len, alloc;
} WordBuf;

static int wordbuf_reserve(WordBuf *b, size_t extra) {
        size_t need, a;
        char *d;

        if (extra > SIZE_MAX - b->len - 1)
                return -ENOMEM;
        need = b->len + extra + 1;
        if (need <= b->alloc)
                return 0;

        a = MAX(need, (size_t) 64);
        if (a < SIZE_MAX / 2)
                a = MAX(a, b->alloc * 2);
        d = realloc(b->data, a);
        if (!d)
                return -ENOMEM;
        b->data = d;
        b->alloc = a;
        return 0;
}

static int wordbuf_put(WordBuf *b, char c) {
        int r = wordbuf_reserve(b, 1);
        if (r < 0)
                return r;
        b->data[b->len++] = c;
        return 0;
}

static int wordbuf_finish(WordBuf *b, char **ret) {
        int r = wordbuf_reserve(b, 0);
        if (r < 0)
                return r;
        b->data[b->len] = '\0';
        /* Words are often kept for the daemon's lifetime (dependencies, command lines): give the slack back. */
        if (b->alloc > b->len + 1) {
                char *d = realloc(b->data, b->len + 1);
                if (d)
                        b->data = d;
        }
        *ret = TAKE_PTR(b->data);
        return 1;
}

/* Handle the backslash at *s. Returns 1 when the word ends here (trailing backslash accepted), 0 to go on
 * with *s advanced past the sequence, or -errno. */
static int handle_escape(WordBuf *b, const char **s, const char *separators, ExtractFlags flags, char quote) {
        char c = (*s)[1];
        int r;

        if (c == '\0') {
                if ((flags & EXTRACT_UNESCAPE_RELAX) && (quote == 0 || (flags & EXTRACT_RELAX))) {
                        r = wordbuf_put(b, '\\');
                        if (r < 0)
                                return r;
                        return 1;
                }
                if (flags & EXTRACT_RELAX)
                        return 1;
                return -EINVAL;
        }

        if (flags & (EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_SEPARATORS)) {
                uint32_t u;
                bool eight_bit;

                r = (flags & EXTRACT_CUNESCAPE) ? cunescape_one(*s + 1, SIZE_MAX, &u, &eight_bit) : -EINVAL;
                if (r > 0) {
                        *s += 1 + (size_t) r;
                        if (eight_bit)
                                return wordbuf_put(b, (char) u);

                        r = wordbuf_reserve(b, UTF8_MAX_BYTES);
                        if (r < 0)
                                return r;
                        b->len += utf8_encode_unichar(b->data + b->len, u);
                        return 0;
                }

                if ((flags & EXTRACT_UNESCAPE_SEPARATORS) && (strchr(separators, c) || c == '\\')) {
                        *s += 2;
                        return wordbuf_put(b, c);
                }

                if (!(flags & EXTRACT_UNESCAPE_RELAX))
                        return -EINVAL;

                /* Unknown sequence: keep it as written. */
                r = wordbuf_put(b, '\\');
                if (r < 0)
                        return r;
                *s += 2;
                return wordbuf_put(b, c);
        }

        *s += 2;
        return wordbuf_put(b, c);
}

int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags) {
        WordBuf b = {};
        const char *s;
        char quote = 0;
        int r;

        if (!p || !ret)
                return -EINVAL;
        if ((flags & EXTRACT_KEEP_QUOTE) && (flags & EXTRACT_UNQUOTE))
                return -EINVAL;
        if (!separators)
                separators = WHITESPACE;

        s = *p;
        if (!s) {
                *ret = NULL;
                return 0;
        }

        if (flags & EXTRACT_DONT_COALESCE_SEPARATORS) {
                /* Every position starts a (possibly empty) field, the end of input included. */
                if (*s == '\0') {
                        r = wordbuf_finish(&b, ret);
                        if (r >= 0)
                                *p = NULL;
                        return r;
                }
                if (strchr(separators, *s)) {
                        r = wordbuf_finish(&b, ret);
                        if (r >= 0)
                                *p = s + 1;
                        return r;
                }
        } else {
                s += strspn(s, separators);
                if (*s == '\0') {
                        *p = NULL;
                        *ret = NULL;
                        return 0;
                }
        }

        /* A word starts here, so we return a string even if it ends up empty (e.g. ""). */
        r = wordbuf_reserve(&b, 0);
        if (r < 0)
                goto fail;

        for (;;) {
                char c = *s;

                if (quote != 0) {
                        if (c == '\0') {
                                if (!(flags & EXTRACT_RELAX)) {
                                        r = -EINVAL;
                                        goto fail;
                                }
                                s = NULL;
                                break;
                        }
                        if (c == quote) {
                                quote = 0;
                                if (flags & EXTRACT_KEEP_QUOTE) {
                                        r = wordbuf_put(&b, c);
                                        if (r < 0)
                                                goto fail;
                                }
                                s++;
                                continue;
                        }
                } else {
                        if (c == '\0') {
                                s = NULL;
                                break;
                        }
                        if ((c == '\'' || c == '"') && (flags & (EXTRACT_UNQUOTE | EXTRACT_KEEP_QUOTE))) {
                                quote = c;
                                if (flags & EXTRACT_KEEP_QUOTE) {
                                        r = wordbuf_put(&b, c);
                                        if (r < 0)
                                                goto fail;
                                }
                                s++;
                                continue;
                        }
                        if (strchr(separators, c)) {
                                if (flags & EXTRACT_DONT_COALESCE_SEPARATORS)
                                        s++;
                                else {
                                        s += strspn(s, separators);
                                        if (*s == '\0')
                                                s = NULL;
                                }
                                break;
                        }
                }

                if (c == '\\' && !(flags & EXTRACT_RETAIN_ESCAPE)) {
                        r = handle_escape(&b, &s, separators, flags, quote);
                        if (r < 0)
                                goto fail;
                        if (r > 0) {
                                s = NULL;
                                break;
                        }
                        continue;
                }

                r = wordbuf_put(&b, c);
                if (r < 0)
                        goto fail;
                s++;
        }

        r = wordbuf_finish(&b, ret);
        if (r < 0)
                goto fail;
        *p = s;
        return 1;

fail:
        free(b.data);
        /* Leave *p at the place where parsing stopped, as systemd does. */
        if (s)
                *p = s;
        return r;
}

int extract_first_word_lenient(const char **p, char **ret, const char *separators, ExtractFlags flags) {
        const char *save;
        int r;

        if (!p)
                return -EINVAL;

        save = *p;
        r = extract_first_word(p, ret, separators, flags);
        if (r != -EINVAL || (flags & EXTRACT_UNESCAPE_RELAX))
                return r;

        *p = save;
        r = extract_first_word(p, ret, separators, flags | EXTRACT_UNESCAPE_RELAX);
        if (r < 0)
                return r;
        return r > 0 ? 2 : 0;
}

int wordlist_consume(WordList *l, char *w) {
        if (!w)
                return -ENOMEM;
        if (l->n + 2 > l->alloc) {
                size_t a = MAX(l->alloc * 2, (size_t) 8);
                char **d;

                if (l->alloc > SIZE_MAX / sizeof(char *) / 4) {
                        free(w);
                        return -ENOMEM;
                }
                d = reallocarray(l->words, a, sizeof(char *));
                if (!d) {
                        free(w);
                        return -ENOMEM;
                }
                l->words = d;
                l->alloc = a;
        }
        l->words[l->n++] = w;
        l->words[l->n] = NULL;
        return 0;
}

char **wordlist_steal(WordList *l) {
        char **v = l->words;

        if (!v)
                v = calloc(1, sizeof(char *));
        *l = (WordList) {};
        return v;
}

void wordlist_done(WordList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->words[i]);
        free(l->words);
        *l = (WordList) {};
}

int strv_split_words(const char *s, const char *separators, ExtractFlags flags, char ***ret) {
        _cleanup_(wordlist_done) WordList l = {};
        const char *p = s;
        char **v;
        int r;

        if (!ret)
                return -EINVAL;

        for (;;) {
                char *w = NULL;

                r = extract_first_word(&p, &w, separators, flags);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                r = wordlist_consume(&l, w);
                if (r < 0)
                        return r;
        }

        v = wordlist_steal(&l);
        if (!v)
                return -ENOMEM;
        *ret = v;
        return 0;
}
