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

int log_ring_push(LogRing **ring, usec_t timestamp, const char *line, size_t len) {
        LogRing *r = *ring;
        LogRingEntry *e;
        size_t size;
        char *copy;

        copy = utf8_make_valid(line, len, LOG_RING_BYTES_MAX, &size);
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
