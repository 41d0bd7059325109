/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <net/if.h>
#include <strings.h>

#include "parse-util.h"
#include "string-util.h"

/* The characters strtoul() and friends skip before a number in the C locale. */
#define STRTO_SPACE " \t\n\v\f\r"

int parse_boolean(const char *v) {
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

        if (!v)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (strcaseeq(v, yes[i]))
                        return 1;
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (strcaseeq(v, no[i]))
                        return 0;
        return -EINVAL;
}

/* Apply the flags and the prefix rules for base 0; on success *s points at what strtoul() should see and
 * *base holds the plain base. */
static int number_prepare(const char **s, unsigned *base) {
        unsigned flags = *base & SAFE_ATO_ALL_FLAGS, b = SAFE_ATO_MASK_FLAGS(*base);
        const char *p = *s;

        if (!p || !IN_SET(b, 0U, 2U, 8U, 10U, 16U))
                return -EINVAL;
        if ((flags & SAFE_ATO_REFUSE_LEADING_WHITESPACE) && p[0] != '\0' && strchr(WHITESPACE, p[0]))
                return -EINVAL;
        p += strspn(p, WHITESPACE);
        if ((flags & SAFE_ATO_REFUSE_PLUS_MINUS) && IN_SET(p[0], '+', '-'))
                return -EINVAL;
        if ((flags & SAFE_ATO_REFUSE_LEADING_ZERO) && p[0] == '0' && p[1] != '\0')
                return -EINVAL;

        /* Besides C's "0x" and "0", base 0 also knows "0b" and "0o". */
        if (b == 0 && p[0] == '0' && IN_SET(p[1], 'b', 'B')) {
                b = 2;
                p += 2;
        } else if (b == 0 && p[0] == '0' && IN_SET(p[1], 'o', 'O')) {
                b = 8;
                p += 2;
        }

        *s = p;
        *base = b;
        return 0;
}

static int parse_unsigned(const char *s, unsigned base, unsigned long long *ret) {
        unsigned long long l;
        char *x = NULL;
        int r;

        r = number_prepare(&s, &base);
        if (r < 0)
                return r;

        errno = 0;
        l = strtoull(s, &x, (int) base);
        if (errno > 0)
                return -errno;
        if (!x || x == s || *x != '\0')
                return -EINVAL;
        /* strtoull() silently negates; a negative number does not fit an unsigned type. */
        if (l != 0 && s[strspn(s, STRTO_SPACE)] == '-')
                return -ERANGE;

        *ret = l;
        return 0;
}

/* parse_unsigned() for a type whose largest value is max: -ERANGE above it. */
static int parse_unsigned_max(const char *s, unsigned base, unsigned long long max, unsigned long long *ret) {
        unsigned long long l;
        int r = parse_unsigned(s, base, &l);

        if (r < 0)
                return r;
        if (l > max)
                return -ERANGE;
        *ret = l;
        return 0;
}

static int parse_signed(const char *s, unsigned base, long long *ret) {
        long long l;
        char *x = NULL;
        int r;

        r = number_prepare(&s, &base);
        if (r < 0)
                return r;

        errno = 0;
        l = strtoll(s, &x, (int) base);
        if (errno > 0)
                return -errno;
        if (!x || x == s || *x != '\0')
                return -EINVAL;

        *ret = l;
        return 0;
}

int safe_atou_full(const char *s, unsigned base, unsigned *ret_u) {
        unsigned long long l;
        int r = parse_unsigned_max(s, base, UINT_MAX, &l);

        if (r >= 0 && ret_u)
                *ret_u = (unsigned) l;
        return r;
}

int safe_atou16_full(const char *s, unsigned base, uint16_t *ret) {
        unsigned long long l;
        int r = parse_unsigned_max(s, base, UINT16_MAX, &l);

        if (r >= 0 && ret)
                *ret = (uint16_t) l;
        return r;
}

int safe_atou64_full(const char *s, unsigned base, uint64_t *ret) {
        unsigned long long l;
        int r;

        _Static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "unexpected long long size");
        r = parse_unsigned(s, base, &l);
        if (r < 0)
                return r;

        if (ret)
                *ret = (uint64_t) l;
        return 0;
}

int safe_atou(const char *s, unsigned *ret_u) {
        return safe_atou_full(s, 0, ret_u);
}

int safe_atou64(const char *s, uint64_t *ret) {
        return safe_atou64_full(s, 0, ret);
}

int safe_atou32(const char *s, uint32_t *ret) {
        unsigned long long l;
        int r = parse_unsigned_max(s, 0, UINT32_MAX, &l);

        if (r >= 0 && ret)
                *ret = (uint32_t) l;
        return r;
}

int safe_atou16(const char *s, uint16_t *ret) {
        return safe_atou16_full(s, 0, ret);
}

int safe_atou8(const char *s, uint8_t *ret) {
        unsigned long long l;
        int r = parse_unsigned_max(s, 0, UINT8_MAX, &l);

        if (r >= 0 && ret)
                *ret = (uint8_t) l;
        return r;
}

int safe_atoi(const char *s, int *ret_i) {
        long long l;
        int r;

        r = parse_signed(s, 0, &l);
        if (r < 0)
                return r;
        if (l < INT_MIN || l > INT_MAX)
                return -ERANGE;

        if (ret_i)
                *ret_i = (int) l;
        return 0;
}

int safe_atoi64(const char *s, int64_t *ret) {
        long long l;
        int r;

        _Static_assert(sizeof(long long) == sizeof(int64_t), "unexpected long long size");
        r = parse_signed(s, 0, &l);
        if (r < 0)
                return r;

        if (ret)
                *ret = (int64_t) l;
        return 0;
}

/* Decimal digits [s, s+n) as an integer; -ERANGE above max. */
static int digits_to_u64(const char *s, size_t n, uint64_t max, uint64_t *ret) {
        uint64_t v = 0;

        for (size_t i = 0; i < n; i++) {
                unsigned d = (unsigned) (s[i] - '0');

                if (v > (max - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        *ret = v;
        return 0;
}

/* floor(0.DIGITS * factor) computed exactly, digit by digit from the last one: floor((d + floor(x)) / 10)
 * equals floor((d + x) / 10), and every intermediate value stays below 10 * factor, which fits for every
 * factor parse_size() uses (at most 2^60 or 10^18). */
static uint64_t fraction_of(const char *digits, size_t n, uint64_t factor) {
        uint64_t v = 0;

        for (size_t i = n; i > 0; i--)
                v = ((uint64_t) (digits[i - 1] - '0') * factor + v) / 10;
        return v;
}

int parse_size(const char *t, uint64_t base, uint64_t *ret_size) {
        /* Suffixes in decreasing order; a value may have several components, each with a smaller suffix
         * than the one before ("1G 512M"). Index 7 stands for "no suffix". */
        static const char suffixes[] = "EPTGMKB";
        const size_t n_suffixes = sizeof(suffixes) - 1;
        uint64_t total = 0;
        size_t start = 0;
        const char *p;

        if (!t || !IN_SET(base, 1000U, 1024U))
                return -EINVAL;

        p = t;
        do {
                const char *num, *e, *frac = NULL;
                size_t n, n_frac = 0, i;
                uint64_t l, factor = 1, v;
                bool frac_nonzero = false;
                int r;

                p += strspn(p, WHITESPACE);
                num = p;
                if (IN_SET(*num, '+', '-'))
                        num++;
                n = strspn(num, DIGITS);
                if (n == 0)
                        return -EINVAL;
                if (*p == '-')
                        return -ERANGE;
                r = digits_to_u64(num, n, UINT64_MAX, &l);
                if (r < 0)
                        return r;
                e = num + n;

                if (*e == '.') {
                        e++;
                        n_frac = strspn(e, DIGITS);
                        if (n_frac > 0) {
                                const char *sig = e + strspn(e, "0");
                                size_t n_sig = n_frac - (size_t) (sig - e);
                                uint64_t ignored;

                                /* systemd reads the fraction digits as one integer and refuses it when
                                 * that overflows; leading zeros do not count. */
                                r = digits_to_u64(sig, n_sig, UINT64_MAX, &ignored);
                                if (r < 0)
                                        return r;
                                frac = e;
                                frac_nonzero = n_sig > 0;
                                e += n_frac;
                        }
                }

                e += strspn(e, WHITESPACE);

                for (i = start; i < n_suffixes; i++)
                        if (*e == suffixes[i])
                                break;
                if (i > n_suffixes)
                        return -EINVAL; /* no suffix was already used by an earlier component */
                for (size_t k = i; k + 1 < n_suffixes; k++) /* 'B' and no suffix are 1 */
                        factor *= base;

                if (l > UINT64_MAX / factor || (frac_nonzero && l >= UINT64_MAX / factor))
                        return -ERANGE;
                v = l * factor;
                if (frac) {
                        uint64_t f = fraction_of(frac, n_frac, factor);

                        if (f > UINT64_MAX - v)
                                return -ERANGE;
                        v += f;
                }
                if (v > UINT64_MAX - total)
                        return -ERANGE;
                total += v;

                p = e + (i < n_suffixes ? 1 : 0);
                start = i + 1;
        } while (*p != '\0');

        if (ret_size)
                *ret_size = total;
        return 0;
}

int parse_mode(const char *s, mode_t *ret) {
        unsigned m;
        int r;

        r = safe_atou_full(s, 8 | SAFE_ATO_REFUSE_PLUS_MINUS, &m);
        if (r < 0)
                return r;
        if (m > 07777)
                return -ERANGE;

        if (ret)
                *ret = (mode_t) m;
        return 0;
}

int parse_ip_port(const char *s, uint16_t *ret) {
        uint16_t port;
        int r;

        r = safe_atou16_full(s, SAFE_ATO_REFUSE_LEADING_WHITESPACE, &port);
        if (r < 0)
                return r;
        if (port == 0)
                return -EINVAL;

        if (ret)
                *ret = port;
        return 0;
}

int parse_nice(const char *s, int *ret) {
        int n, r;

        r = safe_atoi(s, &n);
        if (r < 0)
                return r;
        if (n < -20 || n > 19)
                return -ERANGE;

        if (ret)
                *ret = n;
        return 0;
}

bool ifname_valid(const char *s) {
        bool numeric = true;
        int ifindex;

        if (isempty(s))
                return false;

        /* Anything that reads as a positive interface index is not a name. */
        if (safe_atoi(s, &ifindex) >= 0 && ifindex > 0)
                return false;

        if (strlen(s) >= IFNAMSIZ)
                return false;
        if (STR_IN_SET(s, ".", "..", "all", "default"))
                return false;

        for (const char *t = s; *t; t++) {
                unsigned char c = (unsigned char) *t;

                if (c <= ' ' || c >= 127 || IN_SET(c, ':', '/', '%'))
                        return false;
                if (c < '0' || c > '9')
                        numeric = false;
        }

        /* All digits but not a valid index (0, 00, too large): refuse as well. */
        return !numeric;
}
