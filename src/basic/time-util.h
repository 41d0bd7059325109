/* SPDX-License-Identifier: MIT */
#pragma once

/* Time spans as systemd.time(7) defines them, in microseconds (usec_t) or nanoseconds (nsec_t). */

#include <stddef.h>
#include <stdint.h>

#include "macro.h"

typedef uint64_t usec_t;
typedef uint64_t nsec_t;

#define USEC_INFINITY ((usec_t) UINT64_MAX)
#define NSEC_INFINITY ((nsec_t) UINT64_MAX)

#define MSEC_PER_SEC 1000ULL
#define USEC_PER_SEC ((usec_t) 1000000ULL)
#define USEC_PER_MSEC ((usec_t) 1000ULL)
#define NSEC_PER_SEC ((nsec_t) 1000000000ULL)
#define NSEC_PER_MSEC ((nsec_t) 1000000ULL)
#define NSEC_PER_USEC ((nsec_t) 1000ULL)

#define USEC_PER_MINUTE ((usec_t) (60ULL * USEC_PER_SEC))
#define NSEC_PER_MINUTE ((nsec_t) (60ULL * NSEC_PER_SEC))
#define USEC_PER_HOUR ((usec_t) (60ULL * USEC_PER_MINUTE))
#define NSEC_PER_HOUR ((nsec_t) (60ULL * NSEC_PER_MINUTE))
#define USEC_PER_DAY ((usec_t) (24ULL * USEC_PER_HOUR))
#define NSEC_PER_DAY ((nsec_t) (24ULL * NSEC_PER_HOUR))
#define USEC_PER_WEEK ((usec_t) (7ULL * USEC_PER_DAY))
#define NSEC_PER_WEEK ((nsec_t) (7ULL * NSEC_PER_DAY))
/* A month is 1/12 of a year (30.44 days, 2629800 s), a year 365.25 days, as systemd.time(7) says. */
#define USEC_PER_MONTH ((usec_t) (2629800ULL * USEC_PER_SEC))
#define NSEC_PER_MONTH ((nsec_t) (2629800ULL * NSEC_PER_SEC))
#define USEC_PER_YEAR ((usec_t) (31557600ULL * USEC_PER_SEC))
#define NSEC_PER_YEAR ((nsec_t) (31557600ULL * NSEC_PER_SEC))

/* Enough for every format_timespan() result (the longest is about 45 characters). */
#define FORMAT_TIMESPAN_MAX 64

/* A time span: components "NUMBER[UNIT]" that add up, spaces between them optional ("300ms20s 5day"),
 * decimal fractions ("1.5h", ".5s"), or "infinity" alone (USEC_INFINITY). Units: us usec µs μs, ms msec,
 * s sec second seconds, m min minute minutes, h hr hour hours, d day days, w week weeks, M month months,
 * y year years (case-sensitive); a bare number is in default_unit (microseconds, > 0). -ERANGE on a minus
 * sign or overflow, -EINVAL on anything else, including an empty string. */
int parse_time(const char *t, usec_t *ret, usec_t default_unit);
/* parse_time() with seconds as the default unit (every *Sec= setting). */
int parse_sec(const char *t, usec_t *ret);
/* Like parse_sec(), but 0 means USEC_INFINITY (TimeoutSec= and friends). */
int parse_sec_fix_0(const char *t, usec_t *ret);
/* Like parse_sec(), but an empty (or all-whitespace) string means USEC_INFINITY. */
int parse_sec_def_infinity(const char *t, usec_t *ret);
/* Like parse_time(), in nanoseconds, additionally knowing ns and nsec; a bare number is nanoseconds. */
int parse_nsec(const char *t, nsec_t *ret);

/* Human form as systemd prints it ("1min 30s", "500ms", "1.500000s", "infinity", "0"); parse_sec() reads
 * it back. Components smaller than accuracy are dropped (0 or 1: exact). Writes at most l bytes including
 * the NUL (truncating), l must be > 0; returns buf. */
char *format_timespan(char *buf, size_t l, usec_t t, usec_t accuracy);
