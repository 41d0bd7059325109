/* SPDX-License-Identifier: MIT */
#pragma once

/* Remove path and, if it is a directory, everything below it, without following symlinks anywhere (a
 * symlink is removed, never its target) and without leaving the file system of path. A missing path is
 * not an error. Depth is bounded (RM_RF_DEPTH_MAX); returns 0 or the first -errno met (it goes on removing
 * what it can). */
#define RM_RF_DEPTH_MAX 64

int rm_rf(const char *path);
