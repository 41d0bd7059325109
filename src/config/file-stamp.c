/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <fcntl.h>
#include <time.h>

#include "file-stamp.h"
#include "strv.h"
#include "string-util.h"

static usec_t timespec_usec(const struct timespec *ts) {
        return (usec_t) ts->tv_sec * USEC_PER_SEC + (usec_t) ts->tv_nsec / NSEC_PER_USEC;
}

void file_stamp_from_stat(const struct stat *st, usec_t window, FileStamp *ret) {
        struct timespec now;

        if (!st) {
                *ret = (FileStamp) { .racy = true };
                return;
        }
        *ret = (FileStamp) {
                .dev = st->st_dev,
                .ino = st->st_ino,
                .size = st->st_size,
                .mtime = st->st_mtim,
                .ctime = st->st_ctim,
        };
        if (window > 0 && (clock_gettime(CLOCK_REALTIME, &now) < 0 ||
                           timespec_usec(&st->st_ctim) + window >= timespec_usec(&now)))
                ret->racy = true;
}

void file_stamp_take(const char *path, usec_t window, FileStamp *ret) {
        struct stat st;

        file_stamp_from_stat(stat(path, &st) >= 0 ? &st : NULL, window, ret);
}

bool file_stamp_equal(const FileStamp *a, const FileStamp *b) {
        return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
               a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
               a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

DirEntries *dir_entries_ref(DirEntries *d) {
        if (d)
                d->n_ref++;
        return d;
}

DirEntries *dir_entries_unref(DirEntries *d) {
        if (!d || --d->n_ref > 0)
                return NULL;
        safe_close(d->fd);
        hashmap_free(d->names, NULL);
        free(d->sorted); /* the strings belong to names */
        free(d);
        return NULL;
}

DEFINE_TRIVIAL_CLEANUP_FUNC(DirEntries *, dir_entries_unref);

bool dir_entries_contains(const DirEntries *d, const char *name) {
        return d && hashmap_contains(d->names, name);
}

int dir_entries_list(const char *path, DirEntries *previous, usec_t window, DirEntries **ret) {
        _cleanup_(dir_entries_unrefp) DirEntries *d = NULL;
        _cleanup_close_ int fd = -EBADF;
        struct dirent *de;
        struct stat st;
        DIR *dir;

        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0 && fstat(fd, &st) >= 0 && previous && previous->stamped && !previous->stamp.racy) {
                FileStamp now;

                /* The same directory, no entry added, removed or renamed since (each changes its times) */
                file_stamp_from_stat(&st, 0, &now);
                if (file_stamp_equal(&now, &previous->stamp)) {
                        *ret = dir_entries_ref(previous);
                        return 0;
                }
        }

        d = calloc(1, sizeof(DirEntries));
        if (!d)
                return -ENOMEM;
        d->n_ref = 1;
        d->fd = -EBADF;
        d->names = hashmap_new();
        if (!d->names)
                return -ENOMEM;
        if (fd < 0 || fstat(fd, &st) < 0) {
                /* a missing directory is an empty one */
                *ret = TAKE_PTR(d);
                return 0;
        }
        /* stamped before the entries are read: a change meanwhile shows at the next comparison */
        file_stamp_from_stat(&st, window, &d->stamp);
        d->stamped = true;
        d->fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (d->fd < 0)
                return -errno;
        dir = fdopendir(fd);
        if (!dir)
                return -errno;
        TAKE_FD(fd);
        while ((de = readdir(dir))) {
                size_t n;
                int r;

                if (de->d_name[0] == '.')
                        continue;
                r = hashmap_replace(d->names, de->d_name, (void *) (uintptr_t) (de->d_type + 1), NULL);
                if (r < 0) {
                        closedir(dir);
                        return r;
                }
                n = strlen(de->d_name);
                if (n > 2 && streq(de->d_name + n - 2, ".d"))
                        d->has_dropin_dirs = true;
        }
        closedir(dir);
        *ret = TAKE_PTR(d);
        return 0;
}

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

int dir_entries_sorted(DirEntries *d, char *const **ret) {
        const char *k;
        size_t i = 0, n = 0;

        if (!d->sorted) {
                d->sorted = calloc(hashmap_size(d->names) + 1, sizeof(char *));
                if (!d->sorted)
                        return -ENOMEM;
                while (hashmap_iterate(d->names, &i, &k, NULL))
                        d->sorted[n++] = (char *) k;
                qsort(d->sorted, n, sizeof(char *), cmp_str);
        }
        *ret = d->sorted;
        return 0;
}
