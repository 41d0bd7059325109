/* SPDX-License-Identifier: MIT */
#pragma once

/* Splitting a string into words with the quoting rules of systemd.syntax(7), as systemd 252 implements
 * them:
 *  - Quotes (with EXTRACT_UNQUOTE) group anywhere inside a word, not only at its start: a"b c"d is the
 *    single word "ab cd" (checked with systemd-analyze verify on ExecStart=).
 *  - A backslash escapes the next character, inside and outside quotes, single quotes included. With
 *    EXTRACT_CUNESCAPE the C escapes of escape.h are decoded; otherwise the backslash is just dropped.
 *  - Separators (default: WHITESPACE) end a word only outside quotes; runs of separators count as one
 *    unless EXTRACT_DONT_COALESCE_SEPARATORS. */

#include "macro.h"

typedef enum ExtractFlags {
        /* Accept an unbalanced quote (the word ends at the end of input) and drop a trailing backslash. */
        EXTRACT_RELAX = 1 << 0,
        /* Decode C escapes (\n, \x41, \u00e9 ...); an unknown escape is an error. */
        EXTRACT_CUNESCAPE = 1 << 1,
        /* Single and double quotes group and are removed. */
        EXTRACT_UNQUOTE = 1 << 2,
        /* Every separator ends a word, so "a,,b" gives "a", "", "b". */
        EXTRACT_DONT_COALESCE_SEPARATORS = 1 << 3,
        /* A backslash is an ordinary character. */
        EXTRACT_RETAIN_ESCAPE = 1 << 4,
        /* A backslash before a separator or a backslash yields that character (with or without
         * EXTRACT_CUNESCAPE). */
        EXTRACT_UNESCAPE_SEPARATORS = 1 << 5,
        /* Keep an unknown escape sequence, and a trailing backslash outside quotes, verbatim. */
        EXTRACT_UNESCAPE_RELAX = 1 << 6,
        /* Quotes group but stay in the word. Not together with EXTRACT_UNQUOTE. */
        EXTRACT_KEEP_QUOTE = 1 << 7,
} ExtractFlags;

/* Extract the first word of *p. Returns 1 and an allocated word in *ret (possibly "", e.g. for '""'),
 * advancing *p past the word and the separators after it (*p becomes NULL at the end of input). Returns 0
 * and *ret = NULL when no word is left. Returns -EINVAL on unbalanced quotes, a trailing backslash or a bad
 * escape (see the flags), -ENOMEM on allocation failure; *ret is untouched then and *p points into the bad
 * word. */
int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags);

/* Like extract_first_word(), but when that fails with -EINVAL it retries with EXTRACT_UNESCAPE_RELAX, as
 * systemd's extract_first_word_and_warn() does for unit files. Returns 2 when the retry succeeded (the
 * word kept unknown escape sequences verbatim; the caller warns "Ignoring unknown escape sequences"), and
 * -EINVAL when the retry failed too (the caller reports "Unbalanced quoting"). Otherwise as above. */
int extract_first_word_lenient(const char **p, char **ret, const char *separators, ExtractFlags flags);

/* Split all of s into words; *ret is an allocated (possibly empty) NULL-terminated array. */
int strv_split_words(const char *s, const char *separators, ExtractFlags flags, char ***ret);

/* A NULL-terminated string vector that grows in amortized constant time (strv_consume() walks the whole
 * vector on every append, which is quadratic for the very long word lists untrusted input can produce). */
typedef struct WordList {
        char **words; /* NULL-terminated once non-empty */
        size_t n, alloc;
} WordList;

/* Append w, taking ownership (freed on failure; NULL w means an earlier allocation failed: -ENOMEM). */
int wordlist_consume(WordList *l, char *w);
/* Take the vector (an allocated empty one if nothing was added); NULL on OOM. l is left empty. */
char **wordlist_steal(WordList *l);
void wordlist_done(WordList *l);
