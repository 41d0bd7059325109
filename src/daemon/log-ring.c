/* SPDX-License-Identifier: MIT */
#include "log-ring.h"
#include "utf8.h"

struct LogRing {
        LogRingEntry entries[LOG_RING_LINES_MAX];
        size_t first; /* index of the oldest line */
        size_t n;
        size_t bytes; /* the sum of the sizes of the lines kept */
};

static void log_ring_drop_oldest(LogRing *r) {
        LogRingEntry *e = &r->entries[r->first];

        r->bytes -= e->size;
        e->line = mfree_ptr(e->line);
        e->size = 0;
        r->first = (r->first + 1) % LOG_RING_LINES_MAX;
        r->n--;
}

/* A copy of the len bytes at s as valid UTF-8 without NULs (anything else becomes U+FFFD), at most
 * LOG_RING_BYTES_MAX bytes, cut at a character boundary. */
static char *sanitize(const char *s, size_t len, size_t *ret_size) {
        static const char replacement[] = "\xef\xbf\xbd";
        size_t k = 0, cap = MIN(len, (size_t) LOG_RING_BYTES_MAX);
        char *out;

        out = malloc(cap + 1);
        if (!out)
                return NULL;
        for (size_t i = 0; i < len;) {
                uint32_t c = 0;
                int n = utf8_decode_unichar(s + i, len - i, &c);
                const char *piece = s + i;
                size_t m;

                if (n < 0 || c == 0) {
                        piece = replacement;
                        m = sizeof(replacement) - 1;
                        i++;
                } else {
                        m = (size_t) n;
                        i += (size_t) n;
                }
                if (k + m > LOG_RING_BYTES_MAX)
                        break;
                if (k + m > cap) {
                        size_t want = MAX(cap * 2, k + m);
                        char *t;

                        cap = MIN(want, (size_t) LOG_RING_BYTES_MAX);
                        t = realloc(out, cap + 1);
                        if (!t) {
                                free(out);
                                return NULL;
                        }
                        out = t;
                }
                memcpy(out + k, piece, m);
                k += m;
        }
        out[k] = '\0';
        *ret_size = k;
        return out;
}

int log_ring_push(LogRing **ring, usec_t timestamp, const char *line, size_t len) {
        LogRing *r = *ring;
        LogRingEntry *e;
        size_t size;
        char *copy;

        copy = sanitize(line, len, &size);
        if (!copy)
                return -ENOMEM;
        if (!r) {
                r = calloc(1, sizeof(LogRing));
                if (!r) {
                        free(copy);
                        return -ENOMEM;
                }
                *ring = r;
        }
        while (r->n > 0 && (r->n >= LOG_RING_LINES_MAX || r->bytes + size > LOG_RING_BYTES_MAX))
                log_ring_drop_oldest(r);
        e = &r->entries[(r->first + r->n) % LOG_RING_LINES_MAX];
        *e = (LogRingEntry) { .timestamp = timestamp, .line = copy, .size = size };
        r->n++;
        r->bytes += size;
        return 0;
}

LogRing *log_ring_free(LogRing *r) {
        if (!r)
                return NULL;
        while (r->n > 0)
                log_ring_drop_oldest(r);
        free(r);
        return NULL;
}

size_t log_ring_size(const LogRing *r) {
        return r ? r->n : 0;
}

size_t log_ring_bytes(const LogRing *r) {
        return r ? r->bytes : 0;
}

const LogRingEntry *log_ring_get(const LogRing *r, size_t i) {
        if (!r || i >= r->n)
                return NULL;
        return &r->entries[(r->first + i) % LOG_RING_LINES_MAX];
}
