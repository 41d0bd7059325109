/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdint.h>

#include "macro.h"

#define WHITESPACE " \t\n\r"
#define NEWLINE "\n\r"
#define DIGITS "0123456789"
#define LOWERCASE_LETTERS "abcdefghijklmnopqrstuvwxyz"
#define UPPERCASE_LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LETTERS LOWERCASE_LETTERS UPPERCASE_LETTERS
#define ALPHANUMERICAL LETTERS DIGITS

/* If s starts with prefix, return a pointer just after it, else NULL. */
char *startswith(const char *s, const char *prefix) _pure_;
char *startswith_no_case(const char *s, const char *prefix) _pure_;
char *endswith(const char *s, const char *suffix) _pure_;

/* Strip leading and trailing whitespace in place; returns the new start. */
char *strstrip(char *s);
/* Skip leading whitespace. */
const char *skip_leading_whitespace(const char *s) _pure_;
/* Remove trailing characters from the set in place. */
char *delete_trailing_chars(char *s, const char *bad);

/* Concatenate a NULL-terminated list of strings into a new string. */
char *strjoin_real(const char *x, ...) _sentinel_;

/* v in decimal, written at the end of buf (at least DECIMAL_STR_MAX_U64 bytes); returns where it starts.
 * Without printf: it is on the path of every accepted connection. */
#define DECIMAL_STR_MAX_U64 21
char *format_u64(char *buf, uint64_t v);
#define strjoin(a, ...) strjoin_real((a), __VA_ARGS__, NULL)

/* Replace *p with a copy of s (or NULL). */
int free_and_strdup(char **p, const char *s);
/* Replace *p with s, taking ownership. */
static inline void free_and_replace_str(char **p, char *s) {
        free(*p);
        *p = s;
}

/* True if the string contains control characters (other than the ones in ok). */
bool string_has_cc(const char *s, const char *ok) _pure_;
bool in_charset(const char *s, const char *charset) _pure_;
char *ascii_strlower(char *s);
