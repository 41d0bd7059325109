/* SPDX-License-Identifier: MIT */
/* sockactctl output: JSON, tables, timestamps. */
#include <inttypes.h>
#include <math.h>
#include <time.h>

#include "ctl-format.h"

/* ---- UTF-8 ---- */

/* The length of the valid UTF-8 sequence at s (at most n bytes), or 0 if it is not one. Valid means what
 * RFC 3629 says: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_sequence_length(const unsigned char *s, size_t n) {
        unsigned char lo = 0x80, hi = 0xbf;
        size_t len;

        if (s[0] < 0x80)
                return 1;
        if (s[0] >= 0xc2 && s[0] <= 0xdf)
                len = 2;
        else if (s[0] >= 0xe0 && s[0] <= 0xef) {
                len = 3;
                if (s[0] == 0xe0)
                        lo = 0xa0; /* overlong below U+0800 */
                else if (s[0] == 0xed)
                        hi = 0x9f; /* surrogates U+D800..U+DFFF */
        } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
                len = 4;
                if (s[0] == 0xf0)
                        lo = 0x90; /* overlong below U+10000 */
                else if (s[0] == 0xf4)
                        hi = 0x8f; /* above U+10FFFF */
        } else
                return 0;

        if (n < len)
                return 0;
        if (s[1] < lo || s[1] > hi)
                return 0;
        for (size_t i = 2; i < len; i++)
                if (s[i] < 0x80 || s[i] > 0xbf)
                        return 0;
        return len;
}

size_t text_width(const char *s) {
        const unsigned char *p = (const unsigned char *) s;
        size_t n = strlen(s), w = 0;

        while (n > 0) {
                size_t k = utf8_sequence_length(p, n) ?: 1;

                p += k;
                n -= k;
                w++;
        }
        return w;
}

/* ---- JSON ---- */

void json_write_string(FILE *f, const char *s) {
        const unsigned char *p = (const unsigned char *) s;
        size_t n;

        if (!s) {
                fputs("null", f);
                return;
        }
        n = strlen(s);
        fputc('"', f);
        while (n > 0) {
                size_t k;

                switch (*p) {
                case '"':
                        fputs("\\\"", f);
                        break;
                case '\\':
                        fputs("\\\\", f);
                        break;
                case '\b':
                        fputs("\\b", f);
                        break;
                case '\f':
                        fputs("\\f", f);
                        break;
                case '\n':
                        fputs("\\n", f);
                        break;
                case '\r':
                        fputs("\\r", f);
                        break;
                case '\t':
                        fputs("\\t", f);
                        break;
                default:
                        if (*p < 0x20 || *p == 0x7f) {
                                fprintf(f, "\\u%04x", *p);
                                break;
                        }
                        k = utf8_sequence_length(p, n);
                        if (k == 0) {
                                fputs("\\ufffd", f);
                                break;
                        }
                        fwrite(p, 1, k, f);
                        p += k;
                        n -= k;
                        continue;
                }
                p++;
                n--;
        }
        fputc('"', f);
}

void json_init(JsonWriter *j, FILE *f) {
        *j = (JsonWriter) { .f = f };
}

/* Before a value: a comma if something came before it at this level (not after a key). */
static void json_value_prefix(JsonWriter *j) {
        if (j->after_key) {
                j->after_key = false;
                return;
        }
        if (j->need_comma[j->depth])
                fputc(',', j->f);
        j->need_comma[j->depth] = true;
}

static void json_open(JsonWriter *j, char c) {
        json_value_prefix(j);
        fputc(c, j->f);
        if (j->depth < JSON_DEPTH_MAX)
                j->depth++;
        j->need_comma[j->depth] = false;
}

static void json_close(JsonWriter *j, char c) {
        fputc(c, j->f);
        if (j->depth > 0)
                j->depth--;
}

void json_begin_object(JsonWriter *j) {
        json_open(j, '{');
}

void json_end_object(JsonWriter *j) {
        json_close(j, '}');
}

void json_begin_array(JsonWriter *j) {
        json_open(j, '[');
}

void json_end_array(JsonWriter *j) {
        json_close(j, ']');
}

void json_key(JsonWriter *j, const char *key) {
        json_value_prefix(j);
        json_write_string(j->f, key);
        fputc(':', j->f);
        j->after_key = true;
}

void json_string(JsonWriter *j, const char *s) {
        json_value_prefix(j);
        json_write_string(j->f, s);
}

void json_unsigned(JsonWriter *j, uint64_t u) {
        json_value_prefix(j);
        fprintf(j->f, "%" PRIu64, u);
}

void json_signed(JsonWriter *j, int64_t i) {
        json_value_prefix(j);
        fprintf(j->f, "%" PRIi64, i);
}

void json_double(JsonWriter *j, double d) {
        json_value_prefix(j);
        /* JSON has no NaN or infinities */
        if (isfinite(d))
                fprintf(j->f, "%.17g", d);
        else
                fputs("null", j->f);
}

void json_bool(JsonWriter *j, bool b) {
        json_value_prefix(j);
        fputs(b ? "true" : "false", j->f);
}

void json_null(JsonWriter *j) {
        json_value_prefix(j);
        fputs("null", j->f);
}

void json_finish(JsonWriter *j) {
        fputc('\n', j->f);
}

/* ---- terminal text ---- */

const char *color_on(TextColor c) {
        static const char *const table[_COLOR_MAX] = {
                [COLOR_NONE] = "",
                [COLOR_GREEN] = "\033[0;1;32m",
                [COLOR_RED] = "\033[0;1;31m",
                [COLOR_YELLOW] = "\033[0;1;33m",
                [COLOR_BOLD] = "\033[1m",
        };

        return (unsigned) c < _COLOR_MAX ? table[c] : "";
}

void fputs_sanitized(const char *s, FILE *f) {
        if (!s)
                return;
        for (; *s; s++)
                fputc(((unsigned char) *s < 0x20 && *s != '\t') || *s == 0x7f ? '?' : *s, f);
}

/* ---- tables ---- */

typedef struct TableCell {
        char *text;
        size_t width;
        TextColor color;
} TableCell;

struct Table {
        size_t n_columns;
        TableCell *cells; /* headers first, then the rows */
        size_t n_cells, n_allocated;
};

static int table_push(Table *t, const char *text, TextColor color) {
        char *copy;

        if (t->n_cells >= t->n_allocated) {
                size_t n = t->n_allocated ? t->n_allocated * 2 : 64;
                TableCell *c = reallocarray(t->cells, n, sizeof(TableCell));

                if (!c)
                        return -ENOMEM;
                t->cells = c;
                t->n_allocated = n;
        }
        copy = strdup(strempty(text));
        if (!copy)
                return -ENOMEM;
        for (char *p = copy; *p; p++)
                if ((unsigned char) *p < 0x20 || *p == 0x7f)
                        *p = '?';
        t->cells[t->n_cells++] = (TableCell) { .text = copy, .width = text_width(copy), .color = color };
        return 0;
}

Table *table_new(size_t n_columns, const char *const *headers) {
        Table *t;

        if (n_columns == 0)
                return NULL;
        t = calloc(1, sizeof(Table));
        if (!t)
                return NULL;
        t->n_columns = n_columns;
        for (size_t i = 0; i < n_columns; i++)
                if (table_push(t, headers[i], COLOR_BOLD) < 0)
                        return table_free(t);
        return t;
}

Table *table_free(Table *t) {
        if (!t)
                return NULL;
        for (size_t i = 0; i < t->n_cells; i++)
                free(t->cells[i].text);
        free(t->cells);
        free(t);
        return NULL;
}

int table_add(Table *t, const char *text, TextColor color) {
        return table_push(t, text, color);
}

size_t table_n_rows(const Table *t) {
        return t->n_cells / t->n_columns - 1;
}

void table_print(const Table *t, FILE *f, bool legend, bool color) {
        size_t n_rows = t->n_cells / t->n_columns; /* including the header */
        size_t *width = calloc(t->n_columns, sizeof(size_t));
        size_t complete = n_rows * t->n_columns;

        if (!width)
                return;
        for (size_t i = legend ? 0 : t->n_columns; i < complete; i++)
                width[i % t->n_columns] = MAX(width[i % t->n_columns], t->cells[i].width);

        for (size_t r = legend ? 0 : 1; r < n_rows; r++) {
                /* the last columns that are empty are left out, so no line ends in blanks */
                size_t last = t->n_columns;

                while (last > 1 && t->cells[r * t->n_columns + last - 1].width == 0)
                        last--;
                for (size_t c = 0; c < last; c++) {
                        const TableCell *cell = &t->cells[r * t->n_columns + c];
                        bool colored = color && cell->color != COLOR_NONE;

                        if (colored)
                                fputs(color_on(cell->color), f);
                        fputs(cell->text, f);
                        if (colored)
                                fputs(COLOR_OFF, f);
                        if (c + 1 < last)
                                fprintf(f, "%*s", (int) (width[c] - cell->width + 1), "");
                }
                fputc('\n', f);
        }
        free(width);
}

/* ---- time ---- */

usec_t now_realtime(void) {
        struct timespec ts;

        (void) clock_gettime(CLOCK_REALTIME, &ts);
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / NSEC_PER_USEC;
}

/* strftime() with one of the two fixed formats below (a literal, so the compiler can check it) */
static char *format_local(char *buf, size_t l, usec_t t, bool log_style) {
        struct tm tm;
        time_t sec;
        size_t n;

        if (t == 0 || t == USEC_INFINITY || l == 0)
                return NULL;
        sec = (time_t) (t / USEC_PER_SEC);
        if (!localtime_r(&sec, &tm))
                return NULL;
        if (log_style)
                n = strftime(buf, l, "%b %d %H:%M:%S", &tm);
        else
                n = strftime(buf, l, "%a %Y-%m-%d %H:%M:%S %Z", &tm);
        if (n == 0)
                return NULL;
        return buf;
}

char *format_timestamp(char *buf, size_t l, usec_t t) {
        return format_local(buf, l, t, false);
}

char *format_log_timestamp(char *buf, size_t l, usec_t t) {
        return format_local(buf, l, t, true);
}

char *format_timestamp_relative(char *buf, size_t l, usec_t t, usec_t now) {
        char span[FORMAT_TIMESPAN_MAX];
        bool future = t > now;
        usec_t d = future ? t - now : now - t;
        int k;

        if (t == 0 || t == USEC_INFINITY || l == 0)
                return NULL;
        /* as systemd: milliseconds below a minute, then seconds, then minutes from a day on */
        format_timespan(span, sizeof span, d,
                        d < USEC_PER_MINUTE ? USEC_PER_MSEC
                        : d < USEC_PER_DAY  ? USEC_PER_SEC
                                            : USEC_PER_MINUTE);
        k = snprintf(buf, l, "%s %s", span, future ? "left" : "ago");
        if (k < 0 || (size_t) k >= l)
                return NULL;
        return buf;
}
