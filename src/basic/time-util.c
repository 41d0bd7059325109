/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>

#include "string-util.h"
#include "time-util.h"

typedef struct TimeUnit {
        const char *name;
        nsec_t nsec;
} TimeUnit;

/* Every unit name systemd.time(7) lists, plus the nanosecond ones parse_nsec() alone accepts (those are
 * the entries below one microsecond). Names are case-sensitive: "M" is a month, "m" a minute. */
static const TimeUnit time_units[] = {
        { "y", NSEC_PER_YEAR },
        { "year", NSEC_PER_YEAR },
        { "years", NSEC_PER_YEAR },
        { "M", NSEC_PER_MONTH },
        { "month", NSEC_PER_MONTH },
        { "months", NSEC_PER_MONTH },
        { "w", NSEC_PER_WEEK },
        { "week", NSEC_PER_WEEK },
        { "weeks", NSEC_PER_WEEK },
        { "d", NSEC_PER_DAY },
        { "day", NSEC_PER_DAY },
        { "days", NSEC_PER_DAY },
        { "h", NSEC_PER_HOUR },
        { "hr", NSEC_PER_HOUR },
        { "hour", NSEC_PER_HOUR },
        { "hours", NSEC_PER_HOUR },
        { "m", NSEC_PER_MINUTE },
        { "min", NSEC_PER_MINUTE },
        { "minute", NSEC_PER_MINUTE },
        { "minutes", NSEC_PER_MINUTE },
        { "s", NSEC_PER_SEC },
        { "sec", NSEC_PER_SEC },
        { "second", NSEC_PER_SEC },
        { "seconds", NSEC_PER_SEC },
        { "ms", NSEC_PER_MSEC },
        { "msec", NSEC_PER_MSEC },
        { "us", NSEC_PER_USEC },
        { "usec", NSEC_PER_USEC },
        { "\xc2\xb5s", NSEC_PER_USEC }, /* U+00B5 MICRO SIGN */
        { "\xce\xbcs", NSEC_PER_USEC }, /* U+03BC GREEK SMALL LETTER MU */
        { "ns", 1 },
        { "nsec", 1 },
};

/* The longest unit name at the start of p (which for this table is the one systemd picks); its length, or
 * 0 when there is none. divisor is NSEC_PER_USEC for microsecond results (units below that are unknown
 * then) or 1. */
static size_t unit_match(const char *p, uint64_t divisor, uint64_t *ret_mult) {
        size_t best = 0;

        for (size_t i = 0; i < ELEMENTSOF(time_units); i++) {
                size_t n = strlen(time_units[i].name);

                if (time_units[i].nsec < divisor || n <= best || !strneq(p, time_units[i].name, n))
                        continue;
                best = n;
                *ret_mult = time_units[i].nsec / divisor;
        }
        return best;
}

/* Shared by parse_time() and parse_nsec(). Each round of the loop consumes at least one character. */
static int parse_span(const char *t, uint64_t divisor, uint64_t default_unit, uint64_t *ret) {
        uint64_t sum = 0;
        bool something = false;
        const char *p, *s;

        if (!t || default_unit == 0)
                return -EINVAL;

        p = t + strspn(t, WHITESPACE);
        s = startswith(p, "infinity");
        if (s) {
                if (s[strspn(s, WHITESPACE)] != '\0')
                        return -EINVAL;
                if (ret)
                        *ret = UINT64_MAX;
                return 0;
        }

        for (;;) {
                uint64_t l = 0, mult = default_unit, k;
                const char *num, *e, *frac = NULL;
                size_t n, unit_len;

                p += strspn(p, WHITESPACE);
                if (*p == '\0')
                        break;
                if (*p == '-') /* not even "-0" */
                        return -ERANGE;

                num = *p == '+' ? p + 1 : p;
                n = strspn(num, DIGITS);
                /* ".5s" is fine, "+.5s", "+s" or "s" are not */
                if (n == 0 && !(num == p && *p == '.'))
                        return -EINVAL;
                /* The integer part must fit a signed 64-bit number, as it does for systemd. */
                for (size_t i = 0; i < n; i++) {
                        uint64_t d = (uint64_t) (num[i] - '0');

                        if (l > ((uint64_t) INT64_MAX - d) / 10)
                                return -ERANGE;
                        l = l * 10 + d;
                }
                e = num + n;

                if (*e == '.') {
                        frac = e + 1;
                        p = frac + strspn(frac, DIGITS);
                } else
                        p = e;

                /* An optional unit, possibly after spaces. Without one, the next thing must be a space or
                 * the end: "12.34.56" is refused, "12.34 .56" and "12.34s.56" are two components. */
                s = p + strspn(p, WHITESPACE);
                unit_len = unit_match(s, divisor, &mult);
                if (unit_len == 0 && s == p && *s != '\0')
                        return -EINVAL;
                p = s + unit_len;

                if (l >= UINT64_MAX / mult)
                        return -ERANGE;
                k = l * mult;
                if (k >= UINT64_MAX - sum)
                        return -ERANGE;
                sum += k;
                something = true;

                if (frac) {
                        uint64_t m = mult / 10;
                        const char *b;

                        for (b = frac; *b >= '0' && *b <= '9'; b++, m /= 10) {
                                k = (uint64_t) (*b - '0') * m;
                                if (k >= UINT64_MAX - sum)
                                        return -ERANGE;
                                sum += k;
                        }
                        /* "5.", "5.s", "3. 1" */
                        if (b == frac)
                                return -EINVAL;
                }
        }

        if (!something)
                return -EINVAL;
        if (ret)
                *ret = sum;
        return 0;
}

int parse_time(const char *t, usec_t *ret, usec_t default_unit) {
        return parse_span(t, NSEC_PER_USEC, default_unit, ret);
}

int parse_sec(const char *t, usec_t *ret) {
        return parse_time(t, ret, USEC_PER_SEC);
}

int parse_sec_fix_0(const char *t, usec_t *ret) {
        usec_t k;
        int r;

        r = parse_sec(t, &k);
        if (r < 0)
                return r;
        if (ret)
                *ret = k == 0 ? USEC_INFINITY : k;
        return 0;
}

int parse_sec_def_infinity(const char *t, usec_t *ret) {
        if (!t)
                return -EINVAL;
        if (t[strspn(t, WHITESPACE)] == '\0') {
                if (ret)
                        *ret = USEC_INFINITY;
                return 0;
        }
        return parse_sec(t, ret);
}

int parse_nsec(const char *t, nsec_t *ret) {
        return parse_span(t, 1, 1, ret);
}

/* Append to buf of size l at *pos, truncating; the string stays NUL-terminated. */
_printf_(4, 5) static void buf_append(char *buf, size_t l, size_t *pos, const char *format, ...) {
        va_list ap;
        int k;

        if (*pos + 1 >= l)
                return;
        va_start(ap, format);
        k = vsnprintf(buf + *pos, l - *pos, format, ap);
        va_end(ap);
        if (k < 0)
                buf[*pos] = '\0';
        else
                *pos += MIN((size_t) k, l - *pos - 1);
}

/* How many times x can be divided by 10 before it is at most 1 (the number of decimals of a power of 10). */
static int decimals(usec_t x) {
        int n = 0;

        for (; x > 1; x /= 10)
                n++;
        return n;
}

char *format_timespan(char *buf, size_t l, usec_t t, usec_t accuracy) {
        static const struct {
                const char *suffix;
                usec_t usec;
        } parts[] = {
                { "y", USEC_PER_YEAR },   { "month", USEC_PER_MONTH }, { "w", USEC_PER_WEEK },
                { "d", USEC_PER_DAY },    { "h", USEC_PER_HOUR },      { "min", USEC_PER_MINUTE },
                { "s", USEC_PER_SEC },    { "ms", USEC_PER_MSEC },     { "us", 1 },
        };
        bool something = false;
        size_t pos = 0;

        if (!buf || l == 0)
                return buf;
        buf[0] = '\0';

        if (t == USEC_INFINITY) {
                buf_append(buf, l, &pos, "infinity");
                return buf;
        }
        if (t == 0) {
                buf_append(buf, l, &pos, "0");
                return buf;
        }

        for (size_t i = 0; i < ELEMENTSOF(parts) && t > 0; i++) {
                const char *sep = pos > 0 ? " " : "";
                usec_t a, b;

                if (t < accuracy && something)
                        break;
                if (t < parts[i].usec)
                        continue;
                if (pos + 1 >= l)
                        break;

                a = t / parts[i].usec;
                b = t % parts[i].usec;

                /* Below a minute, a remainder is shown as decimals of this unit, as many as the unit has
                 * more than the accuracy ("1.500000s", or "1.500s" with millisecond accuracy). */
                if (t < USEC_PER_MINUTE && b > 0) {
                        int d = decimals(parts[i].usec), da = decimals(accuracy);

                        for (int j = 0; j < da; j++)
                                b /= 10;
                        if (d - da > 0) {
                                buf_append(buf, l, &pos, "%s%" PRIu64 ".%0*" PRIu64 "%s", sep, a, d - da, b,
                                           parts[i].suffix);
                                break;
                        }
                }

                buf_append(buf, l, &pos, "%s%" PRIu64 "%s", sep, a, parts[i].suffix);
                something = true;
                t = b;
        }

        return buf;
}
