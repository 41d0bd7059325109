/* SPDX-License-Identifier: MIT */
#pragma once

/* Strict UTF-8 helpers with systemd 252's notion of validity: a code point is valid when it is below
 * U+110000, not a UTF-16 surrogate (U+D800..U+DFFF) and not a noncharacter (U+FDD0..U+FDEF, and the last
 * two code points of every plane, U+xxFFFE and U+xxFFFF). Overlong encodings are invalid. U+FEFF is
 * accepted (systemd 252 does, although systemd.exec(5) says otherwise). */

#include <stdint.h>

#include "macro.h"

/* The longest encoding utf8_encode_unichar() writes. */
#define UTF8_MAX_BYTES 4

bool unichar_is_valid(uint32_t c) _const_;

/* Encode c into out (at least UTF8_MAX_BYTES bytes, not NUL-terminated) and return the number of bytes
 * written. Any c below U+110000 is encoded, surrogates included (the \u escape of systemd 252 produces
 * them); larger values write nothing and return 0. */
size_t utf8_encode_unichar(char *out, uint32_t c);

/* Decode the character at s (at most n bytes). Returns its length in bytes (1..4) and stores the code point
 * in *ret_c (may be NULL), or -EINVAL for an invalid, truncated or overlong sequence or an invalid code
 * point. n must be at least 1. A NUL byte decodes as U+0000 of length 1. */
int utf8_decode_unichar(const char *s, size_t n, uint32_t *ret_c);

/* True if the n bytes at s are valid UTF-8 (NUL bytes count as invalid here). */
bool utf8_is_valid_n(const char *s, size_t n) _pure_;
/* True if the NUL-terminated s is valid UTF-8; NULL is not. */
bool utf8_is_valid(const char *s) _pure_;

/* A copy of the len bytes at s with every invalid byte and every NUL replaced by U+FFFD, at most max_size
 * bytes long (cut at a character boundary), NUL-terminated; its length in *ret_size (may be NULL). NULL on
 * allocation failure. */
char *utf8_make_valid(const char *s, size_t len, size_t max_size, size_t *ret_size);
