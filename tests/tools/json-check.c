/* SPDX-License-Identifier: MIT */
/* json-check [PATH...] < input: a strict JSON validator for the tests (CI has no jq or python3).
 *
 * Exit 0 when standard input is exactly one JSON document (RFC 8259: whitespace around one value, strings
 * of valid UTF-8 without raw control characters, escapes well-formed and surrogates paired, numbers in the
 * JSON grammar, nesting at most 64 deep), 1 otherwise, with the reason and offset on stderr.
 *
 * Each PATH selects a value and prints it on a line of its own: components separated by '/', an array
 * index or an object key ("0/listen", "web.socket/ActiveState"); "" is the whole document. Strings are
 * printed decoded, other values as they appear in the input. A last component "#" prints the number of
 * elements of an array or members of an object. Exit 2 when a PATH selects nothing. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_MAX 64
#define INPUT_MAX (16u * 1024 * 1024)

typedef struct Parser {
        const unsigned char *s;
        size_t n, i;
        unsigned depth;
        const char *error;
} Parser;

static bool fail(Parser *p, const char *why) {
        if (!p->error)
                p->error = why;
        return false;
}

static void skip_ws(Parser *p) {
        while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i] != '\0')
                p->i++;
}

static bool peek(Parser *p, unsigned char c) {
        return p->i < p->n && p->s[p->i] == c;
}

static int hex4(Parser *p) {
        int v = 0;

        if (p->n - p->i < 4)
                return -1;
        for (int k = 0; k < 4; k++) {
                unsigned char c = p->s[p->i++];

                v <<= 4;
                if (c >= '0' && c <= '9')
                        v |= c - '0';
                else if (c >= 'a' && c <= 'f')
                        v |= c - 'a' + 10;
                else if (c >= 'A' && c <= 'F')
                        v |= c - 'A' + 10;
                else
                        return -1;
        }
        return v;
}

static void put_utf8(FILE *out, uint32_t c) {
        if (!out)
                return;
        if (c < 0x80)
                fputc((int) c, out);
        else if (c < 0x800) {
                fputc((int) (0xc0 | (c >> 6)), out);
                fputc((int) (0x80 | (c & 0x3f)), out);
        } else if (c < 0x10000) {
                fputc((int) (0xe0 | (c >> 12)), out);
                fputc((int) (0x80 | ((c >> 6) & 0x3f)), out);
                fputc((int) (0x80 | (c & 0x3f)), out);
        } else {
                fputc((int) (0xf0 | (c >> 18)), out);
                fputc((int) (0x80 | ((c >> 12) & 0x3f)), out);
                fputc((int) (0x80 | ((c >> 6) & 0x3f)), out);
                fputc((int) (0x80 | (c & 0x3f)), out);
        }
}

/* A valid UTF-8 sequence at the current position (RFC 3629); its length, 0 if invalid. */
static size_t utf8_len(Parser *p) {
        const unsigned char *s = p->s + p->i;
        size_t n = p->n - p->i, len;
        unsigned char lo = 0x80, hi = 0xbf;

        if (s[0] >= 0xc2 && s[0] <= 0xdf)
                len = 2;
        else if (s[0] >= 0xe0 && s[0] <= 0xef) {
                len = 3;
                lo = s[0] == 0xe0 ? 0xa0 : 0x80;
                hi = s[0] == 0xed ? 0x9f : 0xbf;
        } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
                len = 4;
                lo = s[0] == 0xf0 ? 0x90 : 0x80;
                hi = s[0] == 0xf4 ? 0x8f : 0xbf;
        } else
                return 0;
        if (n < len || s[1] < lo || s[1] > hi)
                return 0;
        for (size_t k = 2; k < len; k++)
                if (s[k] < 0x80 || s[k] > 0xbf)
                        return 0;
        return len;
}

/* A string; decoded to out if out is not NULL. */
static bool parse_string(Parser *p, FILE *out) {
        if (!peek(p, '"'))
                return fail(p, "expected a string");
        p->i++;
        for (;;) {
                unsigned char c;

                if (p->i >= p->n)
                        return fail(p, "unterminated string");
                c = p->s[p->i];
                if (c == '"') {
                        p->i++;
                        return true;
                }
                if (c < 0x20)
                        return fail(p, "raw control character in a string");
                if (c >= 0x80) {
                        size_t k = utf8_len(p);

                        if (k == 0)
                                return fail(p, "invalid UTF-8 in a string");
                        if (out)
                                fwrite(p->s + p->i, 1, k, out);
                        p->i += k;
                        continue;
                }
                p->i++;
                if (c != '\\') {
                        if (out)
                                fputc(c, out);
                        continue;
                }
                if (p->i >= p->n)
                        return fail(p, "unterminated escape");
                c = p->s[p->i++];
                switch (c) {
                case '"':
                case '\\':
                case '/':
                        break;
                case 'b':
                        c = '\b';
                        break;
                case 'f':
                        c = '\f';
                        break;
                case 'n':
                        c = '\n';
                        break;
                case 'r':
                        c = '\r';
                        break;
                case 't':
                        c = '\t';
                        break;
                case 'u': {
                        int v = hex4(p), w;

                        if (v < 0)
                                return fail(p, "bad \\u escape");
                        if (v >= 0xdc00 && v <= 0xdfff)
                                return fail(p, "unpaired low surrogate");
                        if (v >= 0xd800 && v <= 0xdbff) {
                                if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                                        return fail(p, "unpaired high surrogate");
                                p->i += 2;
                                w = hex4(p);
                                if (w < 0xdc00 || w > 0xdfff)
                                        return fail(p, "unpaired high surrogate");
                                v = 0x10000 + ((v - 0xd800) << 10) + (w - 0xdc00);
                        }
                        put_utf8(out, (uint32_t) v);
                        continue;
                }
                default:
                        return fail(p, "unknown escape");
                }
                if (out)
                        fputc(c, out);
        }
}

static bool digits(Parser *p) {
        size_t start = p->i;

        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
                p->i++;
        return p->i > start;
}

static bool parse_number(Parser *p) {
        if (peek(p, '-'))
                p->i++;
        if (peek(p, '0'))
                p->i++;
        else if (!(p->i < p->n && p->s[p->i] >= '1' && p->s[p->i] <= '9') || !digits(p))
                return fail(p, "bad number");
        if (peek(p, '.')) {
                p->i++;
                if (!digits(p))
                        return fail(p, "bad fraction");
        }
        if (peek(p, 'e') || peek(p, 'E')) {
                p->i++;
                if (peek(p, '+') || peek(p, '-'))
                        p->i++;
                if (!digits(p))
                        return fail(p, "bad exponent");
        }
        return true;
}

static bool literal(Parser *p, const char *word) {
        size_t l = strlen(word);

        if (p->n - p->i < l || memcmp(p->s + p->i, word, l) != 0)
                return fail(p, "unexpected character");
        p->i += l;
        return true;
}

static bool parse_value(Parser *p);

/* An array or object; calls parse_value for each element (after the key of a member). */
static bool parse_container(Parser *p, bool object) {
        if (++p->depth > DEPTH_MAX)
                return fail(p, "nested too deep");
        p->i++;
        skip_ws(p);
        if (peek(p, object ? '}' : ']')) {
                p->i++;
                p->depth--;
                return true;
        }
        for (;;) {
                skip_ws(p);
                if (object) {
                        if (!parse_string(p, NULL))
                                return false;
                        skip_ws(p);
                        if (!peek(p, ':'))
                                return fail(p, "expected ':'");
                        p->i++;
                }
                if (!parse_value(p))
                        return false;
                skip_ws(p);
                if (peek(p, ',')) {
                        p->i++;
                        continue;
                }
                if (peek(p, object ? '}' : ']')) {
                        p->i++;
                        p->depth--;
                        return true;
                }
                return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
}

static bool parse_value(Parser *p) {
        skip_ws(p);
        if (p->i >= p->n)
                return fail(p, "unexpected end");
        switch (p->s[p->i]) {
        case '{':
                return parse_container(p, true);
        case '[':
                return parse_container(p, false);
        case '"':
                return parse_string(p, NULL);
        case 't':
                return literal(p, "true");
        case 'f':
                return literal(p, "false");
        case 'n':
                return literal(p, "null");
        default:
                return parse_number(p);
        }
}

/* On a validated document: move to the value that path selects. Returns false if there is none. With
 * count, stop at the container and store its number of elements. */
static bool select_path(Parser *p, char *path, long *count) {
        char *rest, *comp;
        bool object;
        long index = 0, wanted = -1;

        skip_ws(p);
        if (!path || !*path)
                return true;
        comp = path;
        rest = strchr(path, '/');
        if (rest)
                *rest++ = '\0';
        if (!peek(p, '{') && !peek(p, '['))
                return false;
        object = peek(p, '{');
        if (!object) {
                char *end;

                wanted = strcmp(comp, "#") == 0 ? -1 : strtol(comp, &end, 10);
                if (strcmp(comp, "#") != 0 && (*comp == '\0' || *end != '\0' || wanted < 0))
                        return false;
        }
        p->i++;
        skip_ws(p);
        if (peek(p, object ? '}' : ']')) {
                if (strcmp(comp, "#") != 0)
                        return false;
                *count = 0;
                return true;
        }
        for (;;) {
                bool match;

                skip_ws(p);
                if (object) {
                        char *key = NULL;
                        size_t keylen = 0;
                        FILE *f = open_memstream(&key, &keylen);

                        if (!f)
                                return false;
                        parse_string(p, f);
                        fclose(f);
                        match = strcmp(key, comp) == 0;
                        free(key);
                        skip_ws(p);
                        p->i++; /* ':' */
                } else
                        match = index == wanted;
                if (match)
                        return select_path(p, rest, count);
                parse_value(p);
                index++;
                skip_ws(p);
                if (peek(p, ',')) {
                        p->i++;
                        continue;
                }
                if (strcmp(comp, "#") == 0) {
                        *count = index;
                        return true;
                }
                return false;
        }
}

int main(int argc, char *argv[]) {
        Parser p = {};
        char *buf = malloc(INPUT_MAX);
        size_t n = 0, k;
        int ret = 0;

        if (!buf)
                return 1;
        while ((k = fread(buf + n, 1, INPUT_MAX - n, stdin)) > 0)
                n += k;
        if (n == INPUT_MAX) {
                fprintf(stderr, "json-check: input too large\n");
                return 1;
        }
        p = (Parser) { .s = (const unsigned char *) buf, .n = n };
        if (memchr(buf, '\0', n))
                fail(&p, "NUL byte in the input");
        else if (parse_value(&p)) {
                skip_ws(&p);
                if (p.i != p.n)
                        fail(&p, "more than one value");
        }
        if (p.error) {
                fprintf(stderr, "json-check: invalid JSON at offset %zu: %s\n", p.i, p.error);
                free(buf);
                return 1;
        }

        for (int a = 1; a < argc; a++) {
                Parser q = { .s = (const unsigned char *) buf, .n = n };
                char *path = strdup(argv[a]);
                long count = -1;
                size_t start;

                if (!path || !select_path(&q, path, &count)) {
                        fprintf(stderr, "json-check: nothing at '%s'\n", argv[a]);
                        free(path);
                        ret = 2;
                        continue;
                }
                free(path);
                if (count >= 0)
                        printf("%ld\n", count);
                else if (peek(&q, '"')) {
                        parse_string(&q, stdout);
                        putchar('\n');
                } else {
                        start = q.i;
                        parse_value(&q);
                        printf("%.*s\n", (int) (q.i - start), buf + start);
                }
        }
        free(buf);
        return ret;
}
