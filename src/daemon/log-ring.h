/* SPDX-License-Identifier: MIT */
#pragma once

/* The last lines a unit's processes wrote to the journal/syslog/kmsg (which sockactd takes in and logs),
 * kept per unit with their realtime timestamps for GetUnitLog (the control interface). Bounded by lines and
 * by bytes; the oldest lines go first. Allocated on the first line, so a silent unit costs nothing. */

#include "time-util.h"

#define LOG_RING_LINES_MAX 100U
#define LOG_RING_BYTES_MAX (16U * 1024U)

typedef struct LogRingEntry {
        usec_t timestamp; /* CLOCK_REALTIME */
        char *line;       /* valid UTF-8, no NUL or newline inside */
        size_t size;      /* strlen(line) */
} LogRingEntry;

typedef struct LogRing LogRing;

/* Append line (len bytes, need not be NUL-terminated or valid UTF-8: invalid bytes and NULs become U+FFFD; a
 * line longer than LOG_RING_BYTES_MAX is cut). Creates *ring on the first call. -ENOMEM only. */
int log_ring_push(LogRing **ring, usec_t timestamp, const char *line, size_t len);
LogRing *log_ring_free(LogRing *ring);
DEFINE_TRIVIAL_CLEANUP_FUNC(LogRing *, log_ring_free);

/* The number of lines kept, and line i (0 = the oldest kept); NULL ring = empty. */
size_t log_ring_size(const LogRing *ring) _pure_;
const LogRingEntry *log_ring_get(const LogRing *ring, size_t i) _pure_;
size_t log_ring_bytes(const LogRing *ring) _pure_;
