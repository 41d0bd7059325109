/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>

#include "parse-util.h"
#include "rlimit-util.h"
#include "string-util.h"
#include "time-util.h"

static const char *const rlimit_names[_RLIMIT_MAX] = {
        [RLIMIT_CPU] = "CPU",
        [RLIMIT_FSIZE] = "FSIZE",
        [RLIMIT_DATA] = "DATA",
        [RLIMIT_STACK] = "STACK",
        [RLIMIT_CORE] = "CORE",
        [RLIMIT_RSS] = "RSS",
        [RLIMIT_NOFILE] = "NOFILE",
        [RLIMIT_AS] = "AS",
        [RLIMIT_NPROC] = "NPROC",
        [RLIMIT_MEMLOCK] = "MEMLOCK",
        [RLIMIT_LOCKS] = "LOCKS",
        [RLIMIT_SIGPENDING] = "SIGPENDING",
        [RLIMIT_MSGQUEUE] = "MSGQUEUE",
        [RLIMIT_NICE] = "NICE",
        [RLIMIT_RTPRIO] = "RTPRIO",
        [RLIMIT_RTTIME] = "RTTIME",
};

const char *rlimit_to_string(int resource) {
        if (resource < 0 || resource >= _RLIMIT_MAX)
                return NULL;
        return rlimit_names[resource];
}

int rlimit_from_string(const char *s) {
        const char *p;

        if (!s)
                return -EINVAL;
        p = startswith(s, "RLIMIT_") ?: startswith(s, "Limit") ?: s;
        for (int i = 0; i < _RLIMIT_MAX; i++)
                if (rlimit_names[i] && streq(rlimit_names[i], p))
                        return i;
        return -EINVAL;
}

static int rlimit_from_u64(uint64_t u, rlim_t *ret) {
        /* RLIM_INFINITY itself can only be written as "infinity". */
        if (u >= (uint64_t) RLIM_INFINITY)
                return -ERANGE;
        *ret = (rlim_t) u;
        return 0;
}

static int parse_number(const char *val, rlim_t *ret) {
        uint64_t u;
        int r;

        r = safe_atou64(val, &u);
        if (r < 0)
                return r;
        return rlimit_from_u64(u, ret);
}

static int parse_bytes(const char *val, rlim_t *ret) {
        uint64_t u;
        int r;

        r = parse_size(val, 1024, &u);
        if (r < 0)
                return r;
        return rlimit_from_u64(u, ret);
}

static int parse_seconds(const char *val, rlim_t *ret) {
        usec_t t;
        int r;

        r = parse_sec(val, &t);
        if (r < 0)
                return r;
        if (t == USEC_INFINITY) {
                *ret = RLIM_INFINITY;
                return 0;
        }
        /* whole seconds, rounded up */
        return rlimit_from_u64(t / USEC_PER_SEC + (t % USEC_PER_SEC > 0), ret);
}

static int parse_microseconds(const char *val, rlim_t *ret) {
        usec_t t;
        int r;

        r = parse_time(val, &t, 1);
        if (r < 0)
                return r;
        if (t == USEC_INFINITY) {
                *ret = RLIM_INFINITY;
                return 0;
        }
        return rlimit_from_u64(t, ret);
}

/* The kernel's RLIMIT_NICE is 20 - nice, so 1..40 for nice levels 19..-20; its default 0 would be a nice
 * level of 20, which does not exist. Hence "+N" takes 0..19 and "-N" 0..20 as nice levels, while a plain
 * number is the raw limit 0..40. */
static int parse_nice_limit(const char *val, rlim_t *ret) {
        uint64_t u;
        int r;

        if (val[0] == '+' || val[0] == '-') {
                r = safe_atou64(val + 1, &u);
                if (r < 0)
                        return r;
                if (val[0] == '+' ? u > 19 : u > 20)
                        return -ERANGE;
                *ret = (rlim_t) (val[0] == '+' ? 20 - u : 20 + u);
                return 0;
        }

        r = safe_atou64(val, &u);
        if (r < 0)
                return r;
        if (u > 40)
                return -ERANGE;
        *ret = (rlim_t) u;
        return 0;
}

int rlimit_parse_one(int resource, const char *val, rlim_t *ret) {
        rlim_t v = 0;
        int r;

        if (!val || resource < 0 || resource >= _RLIMIT_MAX || !rlimit_names[resource])
                return -EINVAL;

        if (resource == RLIMIT_NICE)
                r = parse_nice_limit(val, &v);
        else if (streq(val, "infinity")) {
                v = RLIM_INFINITY;
                r = 0;
        } else
                switch (resource) {
                case RLIMIT_CPU:
                        r = parse_seconds(val, &v);
                        break;
                case RLIMIT_RTTIME:
                        r = parse_microseconds(val, &v);
                        break;
                case RLIMIT_FSIZE:
                case RLIMIT_DATA:
                case RLIMIT_STACK:
                case RLIMIT_CORE:
                case RLIMIT_RSS:
                case RLIMIT_AS:
                case RLIMIT_MEMLOCK:
                case RLIMIT_MSGQUEUE:
                        r = parse_bytes(val, &v);
                        break;
                default:
                        r = parse_number(val, &v);
                }
        if (r < 0)
                return r;

        if (ret)
                *ret = v;
        return 0;
}

/* Copy the text up to the next unescaped ':' into buf (which holds strlen(*p) + 1), dropping the backslash
 * of every escaped character. *p then points after that ':', or is NULL when the text ended. A backslash at
 * the very end is -EINVAL. */
static int split_colon(const char **p, char *buf) {
        const char *s = *p;
        size_t k = 0;

        for (;;) {
                if (*s == '\0') {
                        *p = NULL;
                        break;
                }
                if (*s == ':') {
                        *p = s + 1;
                        break;
                }
                if (*s == '\\') {
                        if (s[1] == '\0')
                                return -EINVAL;
                        s++;
                }
                buf[k++] = *s++;
        }
        buf[k] = '\0';
        return 0;
}

int rlimit_parse(int resource, const char *val, struct rlimit *ret) {
        _cleanup_free_ char *word = NULL;
        rlim_t soft, hard;
        const char *p = val;
        int r;

        if (!val)
                return -EINVAL;
        word = malloc(strlen(val) + 1);
        if (!word)
                return -ENOMEM;

        r = split_colon(&p, word);
        if (r < 0)
                return r;
        r = rlimit_parse_one(resource, word, &soft);
        if (r < 0)
                return r;

        if (!p)
                hard = soft;
        else {
                r = split_colon(&p, word);
                if (r < 0)
                        return r;
                /* Nothing may follow a second colon ("5:6:" is still fine, as for systemd). */
                if (p && *p != '\0')
                        return -EINVAL;
                r = rlimit_parse_one(resource, word, &hard);
                if (r < 0)
                        return r;
                if (soft > hard)
                        return -EILSEQ;
        }

        if (ret)
                *ret = (struct rlimit) { .rlim_cur = soft, .rlim_max = hard };
        return 0;
}

int rlimit_format(const struct rlimit *rl, char **ret) {
        char *s;
        int k;

        if (!rl || !ret)
                return -EINVAL;

        if (rl->rlim_cur == RLIM_INFINITY && rl->rlim_max == RLIM_INFINITY)
                k = asprintf(&s, "infinity");
        else if (rl->rlim_cur == RLIM_INFINITY)
                k = asprintf(&s, "infinity:%" PRIu64, (uint64_t) rl->rlim_max);
        else if (rl->rlim_max == RLIM_INFINITY)
                k = asprintf(&s, "%" PRIu64 ":infinity", (uint64_t) rl->rlim_cur);
        else if (rl->rlim_cur == rl->rlim_max)
                k = asprintf(&s, "%" PRIu64, (uint64_t) rl->rlim_cur);
        else
                k = asprintf(&s, "%" PRIu64 ":%" PRIu64, (uint64_t) rl->rlim_cur, (uint64_t) rl->rlim_max);
        if (k < 0)
                return -ENOMEM;

        *ret = s;
        return 0;
}
