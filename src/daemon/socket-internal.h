/* SPDX-License-Identifier: MIT */
#pragma once

/* What the parts of the listener code share, and nothing else uses (socket-listen.h is the interface):
 *  socket-listen.c   opening the listeners: sockets, FIFOs, special files, message queues
 *  socket-options.c  the per-socket options, on listeners and on Accept=yes connections
 *  socket-nodes.c    the file-system nodes: parent directories, RemoveOnStop=, Symlinks=
 * What the files export to each other is prefixed socket_, so the library exports no generic names; the
 * one-line helpers are static inline. */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "socket-listen.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

/* ---- small helpers ---- */

static inline int setsockopt_int(int fd, int level, int option, int value) {
        return RET_NERRNO(setsockopt(fd, level, option, &value, sizeof(value)));
}

static inline int clamp_int(uint64_t v) {
        return v > INT_MAX ? INT_MAX : (int) v;
}

/* Set the umask so that a node created with mode `mode` gets exactly mode & 0777; returns the old umask. */
static inline mode_t umask_for(mode_t mode) {
        return umask(~mode & 0777);
}

/* ---- socket-options.c ---- */

typedef struct SockKind {
        int family;
        int type;
        int protocol;
        int fd;     /* where to ask while !known */
        bool known;
} SockKind;

static inline bool kind_is_ip(const SockKind *k) {
        return IN_SET(k->family, AF_INET, AF_INET6);
}

/* A refused socket option: a warning, or debug for missing privileges or kernel support. Never fatal. */
void socket_log_option_errno(const char *unit, const char *directive, const char *option, int r);
/* The per-socket options of s on fd (a listener, or a connection), each only where it applies to k. */
void socket_apply_options(const char *unit, const SocketSection *s, int fd, SockKind *k);

/* ---- socket-nodes.c ---- */

/* mkdir -p of the missing parents of path, each created with exactly `mode`; errors ignored. */
void socket_mkdir_parents(const char *path, mode_t mode);
/* Remove the node at path if it is still the node of type `type` recorded in l; 1 if removed, 0 if there was
 * nothing (left) to remove, -errno (logged as a warning). */
int socket_remove_path_node(const char *unit, const char *path, const ListenFd *l, mode_t type);
