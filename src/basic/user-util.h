/* SPDX-License-Identifier: MIT */
#pragma once

/* Syntax of user and group names and numeric IDs (User=, Group=, SocketUser=, SocketGroup=,
 * SupplementaryGroups=). No NSS lookups here. */

#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"

/* (uid_t) -1 and 65535 (the 16-bit -1) are never valid IDs. */
static inline bool uid_is_valid(uid_t uid) {
        return uid != (uid_t) -1 && uid != (uid_t) 65535;
}
static inline bool gid_is_valid(gid_t gid) {
        return gid != (gid_t) -1 && gid != (gid_t) 65535;
}

/* A decimal ID 0..4294967294 except 65535: no sign, no leading zero ("0" itself is fine), no whitespace.
 * -EINVAL for other text, -ERANGE if too large, -ENXIO for 4294967295 and 65535. */
int parse_uid(const char *s, uid_t *ret);
int parse_gid(const char *s, gid_t *ret);

/* The relaxed rules systemd 252 applies to User=/Group= and friends: not empty, not "." or "..", no
 * leading or trailing space, valid UTF-8 without control characters, no ':' or '/', not all digits and not
 * '-' followed by only digits; any length. A string parse_uid() accepts is valid exactly when
 * allow_numeric is true. */
bool valid_user_group_name(const char *u, bool allow_numeric);

/* The strict (POSIX-like) rules: [A-Za-z_][A-Za-z0-9_-]*, at most 31 characters. systemd accepts names that
 * pass only the relaxed rules but logs a notice "Accepting user/group name '%s', which does not match strict
 * user/group name rules."; this tells the caller when to do the same. Numeric IDs are not strict names. */
bool valid_user_group_name_strict(const char *u) _pure_;
