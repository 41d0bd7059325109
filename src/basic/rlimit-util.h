/* SPDX-License-Identifier: MIT */
#pragma once

/* Resource limits as the Limit*= settings of systemd.exec(5) write them. */

#include <sys/resource.h>

#include "macro.h"

/* The number of resources (16 on Linux). */
#ifndef _RLIMIT_MAX
#  ifdef RLIMIT_NLIMITS
#    define _RLIMIT_MAX RLIMIT_NLIMITS
#  else
#    define _RLIMIT_MAX RLIM_NLIMITS
#  endif
#endif

/* "NOFILE", "RLIMIT_NOFILE" or "LimitNOFILE" (case-sensitive): RLIMIT_NOFILE; -EINVAL for anything else. */
int rlimit_from_string(const char *s) _pure_;
/* RLIMIT_NOFILE: "NOFILE"; NULL for an unknown resource. */
const char *rlimit_to_string(int resource) _const_;

/* One value for resource: "infinity" (RLIM_INFINITY; not for NICE) or
 *   FSIZE DATA STACK CORE RSS AS MEMLOCK MSGQUEUE: a size, parse_size() with base 1024 ("4G", "1.5M");
 *   CPU: a time span, default unit seconds, rounded up to whole seconds;
 *   RTTIME: a time span, default unit microseconds;
 *   NICE: "+N"/"-N" is a nice level (-20..19, stored as 20 - nice), a plain number the raw limit 0..40;
 *   NOFILE NPROC LOCKS SIGPENDING RTPRIO: a number (safe_atou64() syntax).
 * -ERANGE for values the type cannot hold, -EINVAL otherwise. */
int rlimit_parse_one(int resource, const char *val, rlim_t *ret);

/* A whole Limit*= value: "SOFT:HARD" or one value for both (whitespace is not trimmed around the colon's
 * left side, a backslash escapes the next character, as in systemd). Soft above hard is -EILSEQ (systemd
 * logs "Soft resource limit chosen higher than hard limit, ignoring" for it instead of the generic message);
 * other errors as rlimit_parse_one(). */
int rlimit_parse(int resource, const char *val, struct rlimit *ret);

/* "infinity", "1024", "1024:4096", "1024:infinity" or "infinity:4096"; the caller frees *ret. */
int rlimit_format(const struct rlimit *rl, char **ret);
