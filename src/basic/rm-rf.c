/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "rm-rf.h"

static int keep_first(int r, int e) {
        return r < 0 ? r : e;
}

/* Empty the directory open as fd (taken over); entries on another device than dev are left alone. */
static int rm_rf_children(int fd, dev_t dev, unsigned depth) {
        DIR *d;
        int r = 0;

        if (depth >= RM_RF_DEPTH_MAX) {
                safe_close(fd);
                return -ELOOP;
        }
        d = fdopendir(fd);
        if (!d) {
                r = -errno;
                safe_close(fd);
                return r;
        }
        for (struct dirent *de; (errno = 0, de = readdir(d));) {
                struct stat st;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        if (errno != ENOENT)
                                r = keep_first(r, -errno);
                        continue;
                }
                if (S_ISDIR(st.st_mode)) {
                        int sub;

                        if (st.st_dev != dev)
                                continue;
                        sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (sub < 0) {
                                r = keep_first(r, -errno);
                                continue;
                        }
                        r = keep_first(r, rm_rf_children(sub, dev, depth + 1));
                        if (unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                                r = keep_first(r, -errno);
                } else if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT)
                        r = keep_first(r, -errno);
        }
        if (errno != 0)
                r = keep_first(r, -errno);
        closedir(d);
        return r;
}

int rm_rf(const char *path) {
        struct stat st;
        int fd, r;

        if (lstat(path, &st) < 0)
                return errno == ENOENT ? 0 : -errno;
        if (!S_ISDIR(st.st_mode))
                return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        r = rm_rf_children(fd, st.st_dev, 0);
        if (rmdir(path) < 0 && errno != ENOENT)
                r = keep_first(r, -errno);
        return r;
}
