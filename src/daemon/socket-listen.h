/* SPDX-License-Identifier: MIT */
#pragma once

/* Turning one Listen*= line of a socket unit into an open listener, with every option of systemd.socket(5)
 * applied in the order systemd 252 applies them (socket_address_listen() and socket_apply_socket_options()),
 * plus the file-system rules of DESIGN.md: nodes are created and replaced without following symlinks, and
 * removed only while they are still the node we created.
 *
 * Logging: socket_port_open() logs exactly one error line when it fails ("UNIT: Failed to listen on ADDR:
 * ..."); options the kernel refuses are warnings ("UNIT: Directive=: failed to set OPTION: ..., ignoring"),
 * or debug messages when the error is a missing privilege or a missing kernel feature (as newer systemd
 * does); an option that does not apply to the socket's family or protocol is skipped silently. The other
 * functions log their warnings themselves, so callers need not log again.
 *
 * These functions change the process umask for the duration of a bind()/mkfifo()/mkdir()/mq_open(); they
 * are meant for the single-threaded daemon. */

#include <stdbool.h>
#include <sys/types.h>

#include "unit-config.h"

typedef struct ListenFd {
        int fd;    /* O_CLOEXEC and O_NONBLOCK; -EBADF if none */
        dev_t dev; /* identity of the file-system node we created or took over (unix socket path, FIFO, */
        ino_t ino; /* message queue), so that it is removed later only if it is still ours */
        bool have_node;
} ListenFd;

#define LISTEN_FD_NULL ((ListenFd) { .fd = -EBADF })

/* What a port is called in messages: the address as systemd prints it, or the path (NULL: no memory). */
char *socket_port_describe(const SocketPort *p);

/* Open the listener of port p of socket unit `unit` (e.g. "web.socket") with the settings of s. Returns 0
 * and fills *ret, or -errno after logging one error line. What is done, in order:
 * - sockets: SocketUser=/SocketGroup= resolved; interface scope resolved (ENODEV if missing); socket() with
 *   SOCK_CLOEXEC|SOCK_NONBLOCK and SocketProtocol= (a port-only/[::] address falls back to 0.0.0.0 when the
 *   kernel has no AF_INET6); IPV6_V6ONLY per BindIPv6Only=; for IP: SO_BINDTODEVICE, SO_REUSEPORT,
 *   IP(V6)_FREEBIND, IP(V6)_TRANSPARENT; SO_REUSEADDR; parents of a unix path created with DirectoryMode=,
 *   bind() with the umask giving SocketMode= exactly, a stale socket node replaced (anything else at the
 *   path is refused with EEXIST and left alone); listen(Backlog=) for stream/seqpacket; the per-socket
 *   options; the node chowned without following symlinks.
 * - FIFOs: parents created; mkfifo() with SocketMode=, or an existing FIFO (not a symlink) reused with its
 *   mode and owner fixed through the fd; opened O_RDWR so it never sees EOF; PipeSize=.
 * - special files: opened O_RDONLY (O_RDWR with Writable=yes), O_NOCTTY, no symlink; must be a regular file
 *   or a character device.
 * - message queues: mq_open(O_CREAT) with SocketMode= and MessageQueueMaxMessages=/MessageQueueMessageSize=
 *   (only when both are set); an existing queue must have our owner and that mode (EEXIST otherwise). */
int socket_port_open(const char *unit, const SocketSection *s, const SocketPort *p, ListenFd *ret);

/* Close the fd (l->fd becomes -EBADF). The node identity is kept, for socket_port_remove() afterwards. */
void listen_fd_close(ListenFd *l);

/* Apply the per-socket options to a connection fd returned by accept() (Accept=yes), as systemd does: the
 * same set as on the listener (KeepAlive*, DeferAcceptSec=, NoDelay=, Broadcast=, PassCredentials=,
 * PassSecurity=, PassPacketInfo=, Timestamping=, Priority=, ReceiveBuffer=, SendBuffer=, Mark=, IPTOS=,
 * IPTTL=, TCPCongestion=), each only where it applies to the fd's family and protocol. Failures are logged
 * and ignored; returns -errno only if fd is not a socket we can query. */
int socket_apply_connection_options(const char *unit, const SocketSection *s, int fd);

/* RemoveOnStop=: remove the node of p (unix socket path, FIFO, message queue) only if it is still the node
 * recorded in l (same device and inode, not following symlinks). Returns 1 if removed, 0 if there was
 * nothing (left) to remove, -errno on failure (logged as a warning). */
int socket_port_remove(const char *unit, const SocketPort *p, const ListenFd *l);

/* The target of Symlinks=: the path of the unit's only file-system AF_UNIX socket or FIFO; NULL if there is
 * none or more than one (systemd 252 then refuses to load the unit: "Unit has symlinks set but none or more
 * than one node in the file system. Refusing."). */
const char *socket_symlink_target(const SocketSection *s);

/* Symlinks=: create each link pointing to target (NULL: socket_symlink_target(s)), parents created with
 * DirectoryMode=. An existing symlink is replaced atomically; anything else is left alone. Failures are
 * warnings, never fatal (systemd.socket(5)); returns 0 or the first error. Without exactly one path-based
 * listener nothing is created and a warning is logged (-EINVAL). */
int socket_symlinks_create(const char *unit, const SocketSection *s, const char *target);

/* Remove the links of Symlinks= that are still symlinks pointing to target (NULL: socket_symlink_target(s));
 * leave everything else. Returns the number removed or the first error (logged as a warning). */
int socket_symlinks_remove(const char *unit, const SocketSection *s, const char *target);

/* Reload: a listener opened for port a may be kept for port b of the new configuration when the ports are
 * equal (kind, and address with its IPv6 scope, or path, byte for byte) and every socket-wide setting that
 * socket_port_open() applies is equal (socket_listen_options_equal()). Anything added to socket_port_open()
 * must be added to these two. */
bool socket_port_equal(const SocketPort *a, const SocketPort *b);
bool socket_listen_options_equal(const SocketSection *a, const SocketSection *b);
