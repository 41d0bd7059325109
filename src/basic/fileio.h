/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Read what is left of fd into a NUL-terminated buffer of at most max bytes. More is -EFBIG, unless
 * truncate is set: then only the first max bytes are returned. size_hint (e.g. st_size) sizes the first
 * allocation; the file may grow or shrink while it is read. EINTR is retried; EAGAIN is an error (a
 * non-blocking fd with nothing to read). */
int read_fd_bounded(int fd, size_t max, bool truncate, size_t size_hint, char **ret, size_t *ret_size);
