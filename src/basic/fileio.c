/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"

int read_fd_bounded(int fd, size_t max, bool truncate, size_t size_hint, char **ret, size_t *ret_size) {
        _cleanup_free_ char *buf = NULL;
        size_t n = 0, cap = 0;

        for (;;) {
                ssize_t k;

                if (n == cap) {
                        size_t ncap;
                        char *nb;

                        if (cap > max) /* one byte more than allowed is read already */
                                break;
                        ncap = cap == 0 ? MAX(size_hint + 1, (size_t) 4096) : cap * 2;
                        ncap = MIN(ncap, max + 1);
                        nb = realloc(buf, ncap + 1);
                        if (!nb)
                                return -ENOMEM;
                        buf = nb;
                        cap = ncap;
                }
                k = read(fd, buf + n, cap - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        if (n > max) {
                if (!truncate)
                        return -EFBIG;
                n = max;
        }
        if (!buf) {
                buf = malloc(1);
                if (!buf)
                        return -ENOMEM;
        }
        buf[n] = '\0';
        if (ret_size)
                *ret_size = n;
        *ret = TAKE_PTR(buf);
        return 0;
}
