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

/* The most one side of an instance name takes: an IPv6 address, ':' and a port. */
#define SOCKET_INSTANCE_ADDRESS_MAX 64

/* One side of an Accept=yes instance name as systemd 252 writes it: "a.b.c.d:PORT"; "ADDRESS:PORT" for IPv6
 * (inet_ntop(), without brackets or scope), an IPv4-mapped address as IPv4 when mapped_as_ipv4 is set (systemd
 * does so when both sides are mapped); "CID:PORT" for AF_VSOCK. -EAFNOSUPPORT for other families. */
int socket_instance_address(const struct sockaddr *sa, socklen_t len, bool mapped_as_ipv4,
                            char buf[static SOCKET_INSTANCE_ADDRESS_MAX]);

/* A connection cfd (taken over) accepted on listener p, from peer: name the instance as systemd 252 does,
 * enforce MaxConnections= and MaxConnectionsPerSource=, and start the instance with the connection. */
void socket_accept_one(SocketUnit *s, const SocketPortRuntime *p, int cfd, const SockaddrUnion *peer,
                       socklen_t peer_len);
