/* SPDX-License-Identifier: MIT */
#include "utf8.h"

bool unichar_is_valid(uint32_t c) {
        if (c >= 0x110000)
                return false;
        if (c >= 0xD800 && c <= 0xDFFF)
                return false;
        if (c >= 0xFDD0 && c <= 0xFDEF)
                return false;
        if ((c & 0xFFFE) == 0xFFFE)
                return false;
        return true;
}

size_t utf8_encode_unichar(char *out, uint32_t c) {
        if (c < 0x80) {
                out[0] = (char) c;
                return 1;
        }
        if (c < 0x800) {
                out[0] = (char) (0xC0 | (c >> 6));
                out[1] = (char) (0x80 | (c & 0x3F));
                return 2;
        }
        if (c < 0x10000) {
                out[0] = (char) (0xE0 | (c >> 12));
                out[1] = (char) (0x80 | ((c >> 6) & 0x3F));
                out[2] = (char) (0x80 | (c & 0x3F));
                return 3;
        }
        if (c < 0x110000) {
                out[0] = (char) (0xF0 | (c >> 18));
                out[1] = (char) (0x80 | ((c >> 12) & 0x3F));
                out[2] = (char) (0x80 | ((c >> 6) & 0x3F));
                out[3] = (char) (0x80 | (c & 0x3F));
                return 4;
        }
        return 0;
}

int utf8_decode_unichar(const char *s, size_t n, uint32_t *ret_c) {
        const unsigned char *u = (const unsigned char *) s;
        uint32_t c, min;
        size_t len;

        if (n < 1)
                return -EINVAL;

        if (u[0] < 0x80) {
                if (ret_c)
                        *ret_c = u[0];
                return 1;
        }
        if (u[0] >= 0xC2 && u[0] <= 0xDF) {
                len = 2;
                c = u[0] & 0x1F;
                min = 0x80;
        } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
                len = 3;
                c = u[0] & 0x0F;
                min = 0x800;
        } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
                len = 4;
                c = u[0] & 0x07;
                min = 0x10000;
        } else
                return -EINVAL; /* continuation byte, C0/C1 (always overlong), or F5..FF */

        if (n < len)
                return -EINVAL;

        for (size_t i = 1; i < len; i++) {
                if ((u[i] & 0xC0) != 0x80)
                        return -EINVAL;
                c = (c << 6) | (u[i] & 0x3F);
        }

        if (c < min || !unichar_is_valid(c))
                return -EINVAL;

        if (ret_c)
                *ret_c = c;
        return (int) len;
}

bool utf8_is_valid_n(const char *s, size_t n) {
        size_t i = 0;

        if (!s)
                return false;

        while (i < n) {
                int r;

                if (s[i] == '\0')
                        return false;
                if ((unsigned char) s[i] < 0x80) { /* ASCII, the common case: no decoding */
                        i++;
                        continue;
                }
                r = utf8_decode_unichar(s + i, n - i, NULL);
                if (r < 0)
                        return false;
                i += (size_t) r;
        }
        return true;
}

bool utf8_is_valid(const char *s) {
        if (!s)
                return false;
        return utf8_is_valid_n(s, strlen(s));
}

char *utf8_make_valid(const char *s, size_t len, size_t max_size, size_t *ret_size) {
        static const char replacement[] = "\xef\xbf\xbd";
        size_t k = 0, cap = MIN(len, max_size);
        char *out;

        out = malloc(cap + 1);
        if (!out)
                return NULL;
        for (size_t i = 0; i < len;) {
                uint32_t c = 0;
                int n = utf8_decode_unichar(s + i, len - i, &c);
                const char *piece = s + i;
                size_t m;

                if (n < 0 || c == 0) {
                        piece = replacement;
                        m = sizeof(replacement) - 1;
                        i++;
                } else {
                        m = (size_t) n;
                        i += (size_t) n;
                }
                if (k + m > max_size)
                        break;
                if (k + m > cap) { /* replacements made it longer than the input */
                        size_t want = MAX(cap * 2, k + m);
                        char *t;

                        cap = MIN(want, max_size);
                        t = realloc(out, cap + 1);
                        if (!t) {
                                free(out);
                                return NULL;
                        }
                        out = t;
                }
                memcpy(out + k, piece, m);
                k += m;
        }
        out[k] = '\0';
        if (ret_size)
                *ret_size = k;
        return out;
}
