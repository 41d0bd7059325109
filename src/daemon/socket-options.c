/* SPDX-License-Identifier: MIT */
/* The per-socket options of socket units (KeepAlive=, NoDelay=, ReceiveBuffer=, Mark=, IPTOS=, ...), on the
 * listeners and on the connections of Accept=yes, as systemd 252's socket_apply_socket_options() sets them:
 * each only where it applies to the socket's family and protocol, a refusal never fatal. */
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>

#include "log.h"
#include "socket-internal.h"

#ifndef SOL_SCTP
#define SOL_SCTP 132
#endif
#ifndef SCTP_NODELAY
#define SCTP_NODELAY 3
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* ---- small helpers ---- */

static bool errno_is_privilege(int r) {
        return IN_SET(abs(r), EPERM, EACCES);
}

static int getsockopt_int(int fd, int level, int option, int *ret) {
        int v = 0;
        socklen_t l = sizeof(v);

        if (getsockopt(fd, level, option, &v, &l) < 0)
                return negative_errno();
        if (l != sizeof(v))
                return -EIO;
        *ret = v;
        return 0;
}

/* A refused socket option: a warning, as in systemd 252, which is quiet only about buffer sizes it may not
 * force without privileges. Never fatal. */
void socket_log_option_errno(const char *unit, const char *directive, const char *option, int r) {
        bool buffer = STR_IN_SET(option, "SO_RCVBUF", "SO_SNDBUF", "SO_RCVBUFFORCE", "SO_SNDBUFFORCE");
        int level = buffer && errno_is_privilege(r) ? LOG_DEBUG : LOG_WARNING;

        log_full_errno(level, r, "%s: %s=: failed to set %s: %m, ignoring", unit, directive, option);
}

/* ---- per-socket options ---- */

/* The kind of k->fd, asked on first use only (a connection whose socket sets no option of a particular
 * kind costs no system call); an fd that cannot tell is of no family, and no kind-specific option applies. */
static const SockKind *kind_get(SockKind *k) {
        if (!k->known && (getsockopt_int(k->fd, SOL_SOCKET, SO_DOMAIN, &k->family) < 0 ||
                          getsockopt_int(k->fd, SOL_SOCKET, SO_TYPE, &k->type) < 0 ||
                          getsockopt_int(k->fd, SOL_SOCKET, SO_PROTOCOL, &k->protocol) < 0)) {
                log_debug_errno(errno, "Failed to query the kind of socket %i, ignoring: %m", k->fd);
                k->family = AF_UNSPEC;
                k->type = k->protocol = 0;
        }
        k->known = true;
        return k;
}

static bool kind_is_tcp(const SockKind *k) {
        return kind_is_ip(k) && k->type == SOCK_STREAM && IN_SET(k->protocol, 0, IPPROTO_TCP, IPPROTO_MPTCP);
}

static bool kind_is_sctp(const SockKind *k) {
        return kind_is_ip(k) && k->protocol == IPPROTO_SCTP;
}

/* systemd's fd_set_rcvbuf()/fd_set_sndbuf(): nothing to do if the kernel already reports 2n (it doubles the
 * value); else SO_RCVBUF, and if the kernel capped it, SO_RCVBUFFORCE (needs CAP_NET_ADMIN). */
static void set_buffer(const char *unit, int fd, const char *directive, int option, int force_option,
                       const char *option_name, const char *force_name, uint64_t n) {
        int v, r;

        if (n > INT_MAX) {
                socket_log_option_errno(unit, directive, option_name, -ERANGE);
                return;
        }
        if (getsockopt_int(fd, SOL_SOCKET, option, &v) >= 0 && (uint64_t) v == n * 2)
                return;
        r = setsockopt_int(fd, SOL_SOCKET, option, (int) n);
        if (r < 0) {
                socket_log_option_errno(unit, directive, option_name, r);
                return;
        }
        if (getsockopt_int(fd, SOL_SOCKET, option, &v) >= 0 && (uint64_t) v == n * 2)
                return;
        r = setsockopt_int(fd, SOL_SOCKET, force_option, (int) n);
        if (r < 0)
                socket_log_option_errno(unit, directive, force_name, r);
}

void socket_apply_options(const char *unit, const SocketSection *s, int fd, SockKind *k) {
        int r;

        if (s->keep_alive) {
                r = setsockopt_int(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
                if (r < 0)
                        socket_log_option_errno(unit, "KeepAlive", "SO_KEEPALIVE", r);
        }

        if (((s->keep_alive_time > 0 && s->keep_alive_time != USEC_INFINITY) || s->keep_alive_interval > 0 ||
             s->keep_alive_count > 0 || s->defer_accept > 0) && kind_is_tcp(kind_get(k))) {
                /* Whole seconds, the sub-second part dropped, as systemd does. */
                if (s->keep_alive_time > 0 && s->keep_alive_time != USEC_INFINITY) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_KEEPIDLE,
                                           clamp_int(s->keep_alive_time / USEC_PER_SEC));
                        if (r < 0)
                                socket_log_option_errno(unit, "KeepAliveTimeSec", "TCP_KEEPIDLE", r);
                }
                if (s->keep_alive_interval > 0) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_KEEPINTVL,
                                           clamp_int(s->keep_alive_interval / USEC_PER_SEC));
                        if (r < 0)
                                socket_log_option_errno(unit, "KeepAliveIntervalSec", "TCP_KEEPINTVL", r);
                }
                if (s->keep_alive_count > 0) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_KEEPCNT, clamp_int(s->keep_alive_count));
                        if (r < 0)
                                socket_log_option_errno(unit, "KeepAliveProbes", "TCP_KEEPCNT", r);
                }
                if (s->defer_accept > 0) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
                                           clamp_int(s->defer_accept / USEC_PER_SEC));
                        if (r < 0)
                                socket_log_option_errno(unit, "DeferAcceptSec", "TCP_DEFER_ACCEPT", r);
                }
        }

        if (s->no_delay) {
                if (kind_is_sctp(kind_get(k))) {
                        r = setsockopt_int(fd, SOL_SCTP, SCTP_NODELAY, 1);
                        if (r < 0)
                                socket_log_option_errno(unit, "NoDelay", "SCTP_NODELAY", r);
                } else if (kind_is_tcp(kind_get(k))) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_NODELAY, 1);
                        if (r < 0)
                                socket_log_option_errno(unit, "NoDelay", "TCP_NODELAY", r);
                }
        }

        if (s->broadcast) {
                r = setsockopt_int(fd, SOL_SOCKET, SO_BROADCAST, 1);
                if (r < 0)
                        socket_log_option_errno(unit, "Broadcast", "SO_BROADCAST", r);
        }

        /* Credentials and security labels travel only over AF_UNIX (and netlink); Linux 6.x refuses these
         * options elsewhere. */
        if ((s->pass_credentials || s->pass_security) && IN_SET(kind_get(k)->family, AF_UNIX, AF_NETLINK)) {
                if (s->pass_credentials) {
                        r = setsockopt_int(fd, SOL_SOCKET, SO_PASSCRED, 1);
                        if (r < 0)
                                socket_log_option_errno(unit, "PassCredentials", "SO_PASSCRED", r);
                }
                if (s->pass_security) {
                        r = setsockopt_int(fd, SOL_SOCKET, SO_PASSSEC, 1);
                        if (r < 0)
                                socket_log_option_errno(unit, "PassSecurity", "SO_PASSSEC", r);
                }
        }

        if (s->pass_packet_info) {
                const char *name = NULL;

                r = 0;
                if (kind_get(k)->family == AF_INET) {
                        name = "IP_PKTINFO";
                        r = setsockopt_int(fd, IPPROTO_IP, IP_PKTINFO, 1);
                } else if (k->family == AF_INET6) {
                        name = "IPV6_RECVPKTINFO";
                        r = setsockopt_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
                } else if (k->family == AF_NETLINK) {
                        name = "NETLINK_PKTINFO";
                        r = setsockopt_int(fd, SOL_NETLINK, NETLINK_PKTINFO, 1);
                }
                if (r < 0)
                        socket_log_option_errno(unit, "PassPacketInfo", name, r);
        }

        if (s->timestamping != SOCKET_TIMESTAMPING_OFF) {
                bool ns = s->timestamping == SOCKET_TIMESTAMPING_NS;

                r = setsockopt_int(fd, SOL_SOCKET, ns ? SO_TIMESTAMPNS : SO_TIMESTAMP, 1);
                if (r < 0)
                        socket_log_option_errno(unit, "Timestamping",
                                                ns ? "SO_TIMESTAMPNS" : "SO_TIMESTAMP", r);
        }

        if (s->priority >= 0) {
                r = setsockopt_int(fd, SOL_SOCKET, SO_PRIORITY, s->priority);
                if (r < 0)
                        socket_log_option_errno(unit, "Priority", "SO_PRIORITY", r);
        }

        if (s->receive_buffer > 0)
                set_buffer(unit, fd, "ReceiveBuffer", SO_RCVBUF, SO_RCVBUFFORCE, "SO_RCVBUF",
                           "SO_RCVBUFFORCE", s->receive_buffer);
        if (s->send_buffer > 0)
                set_buffer(unit, fd, "SendBuffer", SO_SNDBUF, SO_SNDBUFFORCE, "SO_SNDBUF", "SO_SNDBUFFORCE",
                           s->send_buffer);

        if (s->mark >= 0) {
                r = setsockopt_int(fd, SOL_SOCKET, SO_MARK, s->mark);
                if (r < 0)
                        socket_log_option_errno(unit, "Mark", "SO_MARK", r);
        }

        if (s->ip_tos >= 0 && kind_is_ip(kind_get(k))) {
                /* systemd sets IP_TOS on IPv6 sockets too (it covers their IPv4-mapped traffic); the IPv6
                 * traffic class is the same byte. */
                r = setsockopt_int(fd, IPPROTO_IP, IP_TOS, s->ip_tos);
                if (r < 0)
                        socket_log_option_errno(unit, "IPTOS", "IP_TOS", r);
                if (k->family == AF_INET6) {
                        r = setsockopt_int(fd, IPPROTO_IPV6, IPV6_TCLASS, s->ip_tos);
                        if (r < 0)
                                socket_log_option_errno(unit, "IPTOS", "IPV6_TCLASS", r);
                }
        }

        if (s->ip_ttl >= 0 && kind_is_ip(kind_get(k))) {
                if (k->family == AF_INET)
                        r = setsockopt_int(fd, IPPROTO_IP, IP_TTL, s->ip_ttl);
                else
                        r = setsockopt_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, s->ip_ttl);
                if (r < 0)
                        socket_log_option_errno(unit, "IPTTL",
                                                k->family == AF_INET ? "IP_TTL" : "IPV6_UNICAST_HOPS", r);
        }

        if (s->tcp_congestion && kind_is_tcp(kind_get(k)))
                if (setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, s->tcp_congestion,
                               strlen(s->tcp_congestion) + 1) < 0)
                        socket_log_option_errno(unit, "TCPCongestion", "TCP_CONGESTION", negative_errno());
}

int socket_apply_connection_options(const char *unit, const SocketSection *s, int fd) {
        SockKind k = { .fd = fd };

        if (!unit || !s || fd < 0)
                return -EINVAL;
        socket_apply_options(unit, s, fd, &k);
        return 0;
}
