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
        free(d->names);
        free(d->sorted);
        free(d);
        return NULL;
}

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(const char *const *) a, *(const char *const *) b);
}

bool dir_entries_contains(const DirEntries *d, const char *name) {
        return d && d->n > 0 && bsearch(&name, d->sorted, d->n, sizeof(char *), cmp_str);
}

/* Read the names of dir into d (names, sorted, n, has_dropin_dirs). Closes dir. */
static int dir_entries_read(DirEntries *d, DIR *dir) {
        size_t size = 0, alloc = 0;
        struct dirent *de;

        while ((de = readdir(dir))) {
                size_t l = strlen(de->d_name);

                if (de->d_name[0] == '.')
                        continue;
                if (size + l + 1 > alloc) {
                        size_t a = MAX(alloc * 2, size + l + 1 + 4096);
                        char *g = realloc(d->names, a);

                        if (!g) {
                                closedir(dir);
                                return -ENOMEM;
                        }
                        d->names = g;
                        alloc = a;
                }
                memcpy(d->names + size, de->d_name, l + 1);
                size += l + 1;
                d->n++;
                if (l > 2 && streq(de->d_name + l - 2, ".d"))
                        d->has_dropin_dirs = true;
        }
        closedir(dir);
        if (d->n == 0)
                return 0;
        d->sorted = calloc(d->n, sizeof(char *));
        if (!d->sorted)
                return -ENOMEM;
        for (size_t i = 0, o = 0; i < d->n; i++, o += strlen(d->names + o) + 1)
                d->sorted[i] = d->names + o;
        qsort(d->sorted, d->n, sizeof(char *), cmp_str);
        return 0;
}

int dir_entries_list(const char *path, DirEntries *previous, usec_t window, DirEntries **ret) {
        _cleanup_(dir_entries_unrefp) DirEntries *d = NULL;
        _cleanup_close_ int fd = -EBADF;
        struct stat st;
        DIR *dir;
        int r;

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
        r = dir_entries_read(d, dir);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(d);
        return 0;
}
