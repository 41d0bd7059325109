/* SPDX-License-Identifier: MIT */
#pragma once

/* Accept=yes, shared by socket-unit.c (the listener's event) and socket-accept.c (one instance per
 * connection); not for the rest of the daemon. */

#include <sys/socket.h>

#include "socket-unit.h"

typedef union SockaddrUnion {
        struct sockaddr sa;
        struct sockaddr_storage ss;
} SockaddrUnion;

/* A connection cfd (taken over) accepted on listener p, from peer: name the instance as systemd 252 does,
 * enforce MaxConnections= and MaxConnectionsPerSource=, and start the instance with the connection. */
void socket_accept_one(SocketUnit *s, const SocketPortRuntime *p, int cfd, const SockaddrUnion *peer,
                       socklen_t peer_len);
