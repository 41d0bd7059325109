/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "parse-util.h"
#include "string-util.h"
#include "user-util.h"

/* systemd's strict limit: a name must fit utmp's 32-byte field with its NUL. */
#define USER_NAME_STRICT_MAX 31

int parse_uid(const char *s, uid_t *ret) {
        uint32_t id;
        unsigned u;
        int r;

        _Static_assert(sizeof(uid_t) == sizeof(uint32_t), "uid_t must be 32 bits");
        r = safe_atou_full(s,
                           10 | SAFE_ATO_REFUSE_PLUS_MINUS | SAFE_ATO_REFUSE_LEADING_ZERO |
                                   SAFE_ATO_REFUSE_LEADING_WHITESPACE,
                           &u);
        if (r < 0)
                return r;
        id = (uint32_t) u;
        if (!uid_is_valid((uid_t) id))
                return -ENXIO;

        if (ret)
                *ret = (uid_t) id;
        return 0;
}

int parse_gid(const char *s, gid_t *ret) {
        uid_t id;
        int r;

        _Static_assert(sizeof(gid_t) == sizeof(uid_t), "gid_t and uid_t must have the same size");
        r = parse_uid(s, &id);
        if (r < 0)
                return r;

        if (ret)
                *ret = (gid_t) id;
        return 0;
}

/* Well-formed UTF-8: shortest encodings only, no surrogates, nothing above U+10FFFF, and no noncharacters
 * (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF), as systemd's check. */
static bool utf8_valid(const char *s) {
        const unsigned char *p = (const unsigned char *) s;

        while (*p) {
                unsigned c = *p, len;
                uint32_t ch;

                if (c < 0x80) {
                        p++;
                        continue;
                }
                if (c >= 0xc2 && c <= 0xdf) {
                        len = 2;
                        ch = c & 0x1f;
                } else if (c >= 0xe0 && c <= 0xef) {
                        len = 3;
                        ch = c & 0x0f;
                } else if (c >= 0xf0 && c <= 0xf4) {
                        len = 4;
                        ch = c & 0x07;
                } else
                        return false;

                for (unsigned i = 1; i < len; i++) {
                        if ((p[i] & 0xc0) != 0x80) /* also stops at the NUL */
                                return false;
                        ch = (ch << 6) | (p[i] & 0x3f);
                }

                if ((len == 3 && ch < 0x800) || (len == 4 && ch < 0x10000))
                        return false; /* overlong */
                if (ch > 0x10ffff || (ch >= 0xd800 && ch <= 0xdfff))
                        return false;
                if ((ch >= 0xfdd0 && ch <= 0xfdef) || (ch & 0xfffe) == 0xfffe)
                        return false;
                p += len;
        }
        return true;
}

bool valid_user_group_name(const char *u, bool allow_numeric) {
        if (isempty(u))
                return false;

        if (parse_uid(u, NULL) >= 0)
                return allow_numeric;

        if (u[0] == ' ' || endswith(u, " "))
                return false;
        if (!utf8_valid(u) || string_has_cc(u, NULL))
                return false;
        if (strpbrk(u, ":/"))
                return false;
        /* Numbers that are not valid IDs ("65535", "00", "99999999999") and negative ones ("-1") might be
         * taken for IDs, and so would "-" alone. */
        if (in_charset(u, DIGITS) || (u[0] == '-' && in_charset(u + 1, DIGITS)))
                return false;
        if (STR_IN_SET(u, ".", ".."))
                return false;

        return true;
}

bool valid_user_group_name_strict(const char *u) {
        size_t n;

        if (isempty(u))
                return false;
        if (!strchr(LETTERS "_", u[0]))
                return false;
        n = strspn(u, ALPHANUMERICAL "_-");
        return u[n] == '\0' && n <= USER_NAME_STRICT_MAX;
}
