/* SPDX-License-Identifier: MIT */
#pragma once

/* Telling whether files and directories changed since they were read, without reading them again: stamps
 * of files (FileStamp, unit-config.h), and directory listings shared between the loaders of successive
 * reloads, taken over while the directory is unchanged.
 *
 * File times come from a clock that ticks every few milliseconds (every 1 or 2 s on some file systems): a
 * file changed within `window` before it was stamped could change again in the same tick without its stamp
 * showing it. Such a stamp is "racy" and never counts as unchanged. The change time is used for that, as
 * users cannot set it (touch -d, cp -p and tar set the modification time only). */

#include <stdbool.h>
#include <sys/stat.h>

#include "macro.h"
#include "time-util.h"
#include "unit-config.h"

/* The stamp of a file from its stat(2) data; NULL (no data) gives a racy stamp. */
void file_stamp_from_stat(const struct stat *st, usec_t window, FileStamp *ret);
/* stat(2) path and stamp it. */
void file_stamp_take(const char *path, usec_t window, FileStamp *ret);
/* Same identity, size and times (the racy flag is not compared). */
bool file_stamp_equal(const FileStamp *a, const FileStamp *b);

/* A directory's entry names, compact: one allocation holds every name, one more a sorted index into them (a
 * listing of 10,000 unit files costs some 250 KiB, and freeing it gives that back at once). */
typedef struct DirEntries {
        unsigned n_ref;
        int fd;               /* the directory, to look names up in; -EBADF if missing */
        char *names;          /* every entry's name, NUL-terminated, one after another (but those starting
                               * with '.') */
        const char **sorted;  /* n pointers into names, in strcmp() order */
        size_t n;
        bool has_dropin_dirs; /* some name ends in ".d" */
        bool stamped;         /* the directory existed and stamp is its stamp when it was listed */
        FileStamp stamp;
} DirEntries;

/* List directory path (a missing or unreadable one is empty). previous (may be NULL) is an earlier listing
 * of the same path: if the directory is still the same one, unchanged, and previous was not racy, previous
 * is returned (one more reference) instead of listing again. */
int dir_entries_list(const char *path, DirEntries *previous, usec_t window, DirEntries **ret);
DirEntries *dir_entries_ref(DirEntries *d);
DirEntries *dir_entries_unref(DirEntries *d);
DEFINE_TRIVIAL_CLEANUP_FUNC(DirEntries *, dir_entries_unref);
bool dir_entries_contains(const DirEntries *d, const char *name);
