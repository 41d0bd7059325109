/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "escape.h"
#include "utf8.h"

int unhexchar(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

static int unoctchar(char c) {
        if (c >= '0' && c <= '7')
                return c - '0';
        return -EINVAL;
}

static char hexchar(unsigned v) {
        return "0123456789abcdef"[v & 15];
}

/* Read n hex digits from p (which has at least n readable bytes, or is NUL-terminated: a NUL is not a hex
 * digit, so we never read past it). */
static int read_hex(const char *p, size_t n, uint32_t *ret) {
        uint32_t v = 0;

        for (size_t i = 0; i < n; i++) {
                int d = unhexchar(p[i]);
                if (d < 0)
                        return -EINVAL;
                v = (v << 4) | (uint32_t) d;
        }
        *ret = v;
        return 0;
}

int cunescape_one(const char *p, size_t length, uint32_t *ret_c, bool *ret_eight_bit) {
        uint32_t v;
        bool eight_bit = false;
        int n = 1;

        if (length < 1)
                return -EINVAL;

        switch (p[0]) {
        case 'a':
                v = '\a';
                break;
        case 'b':
                v = '\b';
                break;
        case 'f':
                v = '\f';
                break;
        case 'n':
                v = '\n';
                break;
        case 'r':
                v = '\r';
                break;
        case 't':
                v = '\t';
                break;
        case 'v':
                v = '\v';
                break;
        case '\\':
        case '"':
        case '\'':
                v = (uint32_t) p[0];
                break;
        case 's':
                v = ' ';
                break;

        case 'x':
                if (length < 3 || read_hex(p + 1, 2, &v) < 0 || v == 0)
                        return -EINVAL;
                eight_bit = true;
                n = 3;
                break;

        case 'u':
                /* As systemd 252: only NUL is refused, surrogates and noncharacters pass. */
                if (length < 5 || read_hex(p + 1, 4, &v) < 0 || v == 0)
                        return -EINVAL;
                n = 5;
                break;

        case 'U':
                if (length < 9 || read_hex(p + 1, 8, &v) < 0 || v == 0 || !unichar_is_valid(v))
                        return -EINVAL;
                n = 9;
                break;

        case '0' ... '7': {
                int a, b, c;

                if (length < 3)
                        return -EINVAL;
                a = unoctchar(p[0]);
                b = unoctchar(p[1]);
                if (b < 0)
                        return -EINVAL;
                c = unoctchar(p[2]);
                if (c < 0)
                        return -EINVAL;
                v = ((uint32_t) a << 6) | ((uint32_t) b << 3) | (uint32_t) c;
                if (v == 0 || v > 255)
                        return -EINVAL;
                eight_bit = true;
                n = 3;
                break;
        }

        default:
                return -EINVAL;
        }

        *ret_c = v;
        *ret_eight_bit = eight_bit;
        return n;
}

int cunescape(const char *s, size_t length, unsigned flags, char **ret) {
        _cleanup_free_ char *buf = NULL;
        char *t;

        if (!s || !ret)
                return -EINVAL;
        if (length == SIZE_MAX)
                length = strlen(s);
        if (length > SIZE_MAX / 2 - 8)
                return -ENOMEM;

        /* Every escape produces at most as many bytes as it consumes (\uHHHH: 6 in, at most 3 out), a
         * kept backslash is copied once, so the input length bounds the output. */
        buf = malloc(length + 1);
        if (!buf)
                return -ENOMEM;

        t = buf;
        for (size_t i = 0; i < length; i++) {
                uint32_t u;
                bool eight_bit;
                int r;

                if (s[i] == '\0')
                        return -EINVAL;
                if (s[i] != '\\') {
                        *(t++) = s[i];
                        continue;
                }

                if (i + 1 >= length) {
                        /* Trailing backslash. */
                        if (!(flags & UNESCAPE_RELAX))
                                return -EINVAL;
                        *(t++) = '\\';
                        continue;
                }

                r = cunescape_one(s + i + 1, length - i - 1, &u, &eight_bit);
                if (r < 0) {
                        if (!(flags & UNESCAPE_RELAX))
                                return r;
                        /* Keep the backslash; the next character is then taken as it is. */
                        *(t++) = '\\';
                        continue;
                }

                i += (size_t) r;
                if (eight_bit)
                        *(t++) = (char) u;
                else
                        t += utf8_encode_unichar(t, u);
        }
        *t = '\0';

        *ret = TAKE_PTR(buf);
        return 0;
}

char *cescape_length(const char *s, size_t n) {
        char *r, *t;

        if (!s)
                return NULL;
        if (n > (SIZE_MAX - 1) / 4)
                return NULL;

        r = malloc(n * 4 + 1);
        if (!r)
                return NULL;

        t = r;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];
                const char *e = NULL;

                switch (c) {
                case '\a':
                        e = "\\a";
                        break;
                case '\b':
                        e = "\\b";
                        break;
                case '\f':
                        e = "\\f";
                        break;
                case '\n':
                        e = "\\n";
                        break;
                case '\r':
                        e = "\\r";
                        break;
                case '\t':
                        e = "\\t";
                        break;
                case '\v':
                        e = "\\v";
                        break;
                case '\\':
                        e = "\\\\";
                        break;
                case '"':
                        e = "\\\"";
                        break;
                case '\'':
                        e = "\\'";
                        break;
                }

                if (e)
                        t = stpcpy(t, e);
                else if (c < ' ' || c >= 127) {
                        *(t++) = '\\';
                        *(t++) = (char) ('0' + (c >> 6));
                        *(t++) = (char) ('0' + ((c >> 3) & 7));
                        *(t++) = (char) ('0' + (c & 7));
                } else
                        *(t++) = (char) c;
        }
        *t = '\0';
        return r;
}

char *cescape(const char *s) {
        if (!s)
                return NULL;
        return cescape_length(s, strlen(s));
}

/* Characters that make a word need quoting when re-read by extract_first_word() with the Exec*= flags. */
static bool word_char_is_plain(const char *s, size_t n, size_t *ret_len) {
        unsigned char c = (unsigned char) s[0];
        int r;

        if (c < ' ' || c == 127 || strchr(" \"'\\", c)) {
                *ret_len = 1;
                return false;
        }
        r = utf8_decode_unichar(s, n, NULL);
        if (r < 0) {
                *ret_len = 1;
                return false;
        }
        *ret_len = (size_t) r;
        return true;
}

char *quote_command_word(const char *s) {
        size_t n, k;
        bool plain = true;
        char *r, *t;

        if (!s)
                return NULL;

        n = strlen(s);
        if (n == 0 || streq(s, ";"))
                plain = false;
        for (size_t i = 0; plain && i < n; i += k)
                plain = word_char_is_plain(s + i, n - i, &k);
        if (plain)
                return strdup(s);

        if (n > (SIZE_MAX - 3) / 4)
                return NULL;
        r = malloc(n * 4 + 3);
        if (!r)
                return NULL;

        t = r;
        *(t++) = '"';
        for (size_t i = 0; i < n; i += k) {
                unsigned char c = (unsigned char) s[i];

                if (word_char_is_plain(s + i, n - i, &k) || c == ' ' || c == '\'') {
                        memcpy(t, s + i, k);
                        t += k;
                } else if (c == '\\' || c == '"') {
                        *(t++) = '\\';
                        *(t++) = (char) c;
                } else if (c == '\n') {
                        t = stpcpy(t, "\\n");
                } else if (c == '\t') {
                        t = stpcpy(t, "\\t");
                } else if (c == '\r') {
                        t = stpcpy(t, "\\r");
                } else {
                        /* Other control characters and bytes that are not valid UTF-8: a raw byte. */
                        *(t++) = '\\';
                        *(t++) = 'x';
                        *(t++) = hexchar(c >> 4);
                        *(t++) = hexchar(c);
                }
        }
        *(t++) = '"';
        *t = '\0';
        return r;
}
