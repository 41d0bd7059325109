/* SPDX-License-Identifier: MIT */
#pragma once

/* Output of sockactctl: a streaming JSON writer with a strict string escaper, aligned tables, timestamps.
 * Pure formatting: no bus, no global state (the caller decides about colour and legends). */

#include <stdint.h>
#include <stdio.h>

#include "macro.h"
#include "time-util.h"

/* ---- JSON ---- */

/* Write s as a JSON string literal, quotes included: '"' and '\\' are escaped, control characters become
 * \b \f \n \r \t or \u00XX (DEL too), valid UTF-8 passes through, and every byte that is not part of a
 * valid UTF-8 sequence (overlong forms, surrogates, code points above U+10FFFF, truncated sequences)
 * becomes U+FFFD, written as \ufffd. NULL is written as null. */
void json_write_string(FILE *f, const char *s);

#define JSON_DEPTH_MAX 16

/* Writes one document: values, arrays and objects, with the commas between them. Keys and values
 * alternate inside objects; the writer does not check that, the callers are few and fixed. */
typedef struct JsonWriter {
        FILE *f;
        unsigned depth;
        bool need_comma[JSON_DEPTH_MAX + 1];
        bool after_key;
} JsonWriter;

void json_init(JsonWriter *j, FILE *f);
void json_begin_object(JsonWriter *j);
void json_end_object(JsonWriter *j);
void json_begin_array(JsonWriter *j);
void json_end_array(JsonWriter *j);
void json_key(JsonWriter *j, const char *key);
void json_string(JsonWriter *j, const char *s);
void json_unsigned(JsonWriter *j, uint64_t u);
void json_signed(JsonWriter *j, int64_t i);
void json_double(JsonWriter *j, double d);
void json_bool(JsonWriter *j, bool b);
void json_null(JsonWriter *j);
/* End of the document: a newline. */
void json_finish(JsonWriter *j);

static inline void json_field_string(JsonWriter *j, const char *key, const char *s) {
        json_key(j, key);
        json_string(j, s);
}
static inline void json_field_unsigned(JsonWriter *j, const char *key, uint64_t u) {
        json_key(j, key);
        json_unsigned(j, u);
}
static inline void json_field_bool(JsonWriter *j, const char *key, bool b) {
        json_key(j, key);
        json_bool(j, b);
}

/* ---- terminal text ---- */

typedef enum TextColor {
        COLOR_NONE,
        COLOR_GREEN,
        COLOR_RED,
        COLOR_YELLOW,
        COLOR_BOLD,
        _COLOR_MAX,
} TextColor;

/* The escape sequence that starts colour c ("" for COLOR_NONE), and the one that ends it. */
const char *color_on(TextColor c);
#define COLOR_OFF "\033[0m"

/* Print s with every control character but tab replaced by '?', so that text from unit files or from
 * services cannot move the cursor or change the terminal. NULL prints nothing. */
void fputs_sanitized(const char *s, FILE *f);

/* Width of s on a terminal: the number of UTF-8 characters (every character is taken to be one column
 * wide; bytes of invalid sequences count one each). */
size_t text_width(const char *s) _pure_;

/* ---- tables ---- */

typedef struct Table Table;

/* A table of n_columns columns with these headers. */
Table *table_new(size_t n_columns, const char *const *headers);
Table *table_free(Table *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(Table *, table_free);

/* Append the next cell (row by row, left to right); NULL is printed as "". Control characters are
 * replaced by '?'. Returns -ENOMEM. */
int table_add(Table *t, const char *text, TextColor color);
/* Complete rows so far. */
size_t table_n_rows(const Table *t) _pure_;
/* Print: the header line (when legend), then each row, columns separated by one space and padded to the
 * widest cell of the column (the last column is not padded, no line ends in blanks). Colours only when
 * color is true; with legend the headers are bold then. */
void table_print(const Table *t, FILE *f, bool legend, bool color);

/* ---- time ---- */

#define FORMAT_TIMESTAMP_MAX 64

/* "Sat 2026-12-07 13:00:00 UTC" in local time, as systemctl prints timestamps; NULL when t is 0 or
 * USEC_INFINITY (never) or the time cannot be represented. */
char *format_timestamp(char *buf, size_t l, usec_t t);
/* "5min 3s ago", "230ms ago", "2h 5min left" (t in the future) relative to now; NULL when t is 0 or
 * USEC_INFINITY. */
char *format_timestamp_relative(char *buf, size_t l, usec_t t, usec_t now);
/* "Dec 07 13:00:00" in local time, as journalctl's short format starts a line; NULL as above. */
char *format_log_timestamp(char *buf, size_t l, usec_t t);
/* The current CLOCK_REALTIME in microseconds. */
usec_t now_realtime(void);
