/* SPDX-License-Identifier: MIT */
#pragma once

/* Generic value parsers for unit-file settings, following what systemd 252 accepts. None of them logs or
 * allocates: they return 0 (or a non-negative value) on success and -errno on failure, and write the output
 * parameter only on success. Callers pass values that the unit-file lexer already stripped.
 *
 * Number syntax of the safe_ato*() family (as systemd 252's, verified with systemd-analyze): leading
 * whitespace is skipped, a '+' sign is accepted, trailing garbage is refused (-EINVAL), values that do not
 * fit are -ERANGE, a '-' on an unsigned parser is -ERANGE (except "-0", which is 0). Base 0 (what the short
 * names use) is not decimal-only: "0x1f" is hex, "017" octal (so "08" is -EINVAL), "0b101" binary and "0o17"
 * octal, exactly as MaxConnections=, ListenStream= ports, SuccessExitStatus= or LimitNOFILE= read them.
 * Use the *_full() variants with base 10 for strictly decimal parsing. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "macro.h"

/* Flags that may be OR-ed into the base argument of the *_full() parsers. */
#define SAFE_ATO_REFUSE_PLUS_MINUS (1U << 30)
#define SAFE_ATO_REFUSE_LEADING_ZERO (1U << 29)
#define SAFE_ATO_REFUSE_LEADING_WHITESPACE (1U << 28)
#define SAFE_ATO_ALL_FLAGS                                                                                        \
        (SAFE_ATO_REFUSE_PLUS_MINUS | SAFE_ATO_REFUSE_LEADING_ZERO | SAFE_ATO_REFUSE_LEADING_WHITESPACE)
#define SAFE_ATO_MASK_FLAGS(base) ((base) & ~SAFE_ATO_ALL_FLAGS)

/* 1 for "1 yes y true t on", 0 for "0 no n false f off" (case-insensitive), else -EINVAL. */
int parse_boolean(const char *v) _pure_;

/* base: 0 (prefix-selected, see above), 2, 8, 10 or 16, optionally OR-ed with SAFE_ATO_* flags. */
int safe_atou_full(const char *s, unsigned base, unsigned *ret_u);
int safe_atou16_full(const char *s, unsigned base, uint16_t *ret);
int safe_atou64_full(const char *s, unsigned base, uint64_t *ret);

int safe_atou(const char *s, unsigned *ret_u);
int safe_atoi(const char *s, int *ret_i);
int safe_atou64(const char *s, uint64_t *ret);
int safe_atoi64(const char *s, int64_t *ret);
int safe_atou32(const char *s, uint32_t *ret);
int safe_atou16(const char *s, uint16_t *ret);
int safe_atou8(const char *s, uint8_t *ret);

/* A byte size: "4G", "1.5M", "1G 512M" (components must use decreasing suffixes), suffixes B K M G T P E to
 * the given base (1000 or 1024), no suffix means bytes. -ERANGE on overflow or a negative number, -EINVAL on
 * anything else. Whitespace is allowed before numbers and suffixes, not at the end. */
int parse_size(const char *t, uint64_t base, uint64_t *ret_size);

/* An octal file mode <= 07777 (SocketMode=, DirectoryMode=, UMask=); no sign. */
int parse_mode(const char *s, mode_t *ret);

/* A port 1..65535 (number syntax as above, but no leading whitespace). */
int parse_ip_port(const char *s, uint16_t *ret);

/* A nice level -20..19 (Nice=); -ERANGE outside. */
int parse_nice(const char *s, int *ret);

/* A network interface name as BindToDevice= accepts it: 1..15 printable ASCII characters, none of ':' '/'
 * '%' or whitespace, not "." "..", "all" or "default", and not purely numeric (that would be an ifindex). */
bool ifname_valid(const char *s);
