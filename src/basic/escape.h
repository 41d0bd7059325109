/* SPDX-License-Identifier: MIT */
#pragma once

/* C-style escapes as systemd.syntax(7) "Quoting" lists them: \a \b \f \n \r \t \v \\ \" \' \s (space),
 * \xHH (a byte), \nnn (a byte, exactly three octal digits, at most \377), \uHHHH and \UHHHHHHHH (a code
 * point, written as UTF-8). A sequence that would produce NUL is invalid. As in systemd 252, \U requires a
 * valid code point (no surrogates, noncharacters or values above U+10FFFF) while \u only rejects 0, so
 * "\ud800" yields the three bytes ED A0 80. */

#include <stdint.h>

#include "macro.h"

/* The value of one hexadecimal digit (either case), or -EINVAL. */
int unhexchar(char c) _const_;

typedef enum UnescapeFlags {
        /* Keep an unknown escape sequence or a trailing backslash verbatim instead of failing. */
        UNESCAPE_RELAX = 1 << 0,
} UnescapeFlags;

/* Decode one escape sequence. p points just after the backslash and holds length readable bytes
 * (SIZE_MAX: p is NUL-terminated). On success returns how many bytes of p the sequence used (>= 1), stores
 * the value in *ret_c and sets *ret_eight_bit when the value is a raw byte (\x, octal) rather than a code
 * point to be encoded as UTF-8. Returns -EINVAL for an unknown or malformed sequence. */
int cunescape_one(const char *p, size_t length, uint32_t *ret_c, bool *ret_eight_bit);

/* Undo C escapes in the first length bytes of s (SIZE_MAX: up to the NUL). flags is a set of
 * UnescapeFlags. The result never contains NUL: a NUL byte in the input is rejected too. Returns 0 and an
 * allocated string in *ret, -EINVAL on a bad escape (unless UNESCAPE_RELAX) or -ENOMEM. */
int cunescape(const char *s, size_t length, unsigned flags, char **ret);

/* Escape for logs and dumps: backslash, quotes and the usual control characters get their C escape, every
 * other byte below 0x20 or from 0x7f up becomes \ooo. cunescape() reverses it. NULL on OOM. */
char *cescape(const char *s);
char *cescape_length(const char *s, size_t n);

/* Quote one word so that extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE) — the Exec*= rules — reads
 * back exactly s. Words without whitespace, quotes, backslashes, control characters or invalid UTF-8 are
 * returned as they are; the empty word becomes "" and a lone ";" becomes ";" in double quotes, which an
 * Exec*= line treats as an argument, not as a separator. '%' and '$' are not touched. NULL on OOM. */
char *quote_command_word(const char *s);
