/* SPDX-License-Identifier: MIT */
/* Opening the listeners of socket units (see socket-listen.h). The order of operations and which failures
 * are fatal follow systemd 252's socket_address_listen(), socket_apply_socket_options(),
 * fifo_address_create(), special_address_create() and mq_address_create(); the file-system handling is
 * stricter (DESIGN.md). */
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <mqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <pwd.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "socket-listen.h"
#include "string-util.h"
#include "strv.h"
#include "user-util.h"

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND 78
#endif
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
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

/* systemd's ERRNO_IS_NOT_SUPPORTED(). */
static bool errno_is_not_supported(int r) {
        return IN_SET(abs(r), EOPNOTSUPP, ENOTTY, ENOSYS, EAFNOSUPPORT, EPFNOSUPPORT, EPROTONOSUPPORT,
                      ESOCKTNOSUPPORT, ENOPROTOOPT);
}

static int setsockopt_int(int fd, int level, int option, int value) {
        return RET_NERRNO(setsockopt(fd, level, option, &value, sizeof(value)));
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

static int clamp_int(uint64_t v) {
        return v > INT_MAX ? INT_MAX : (int) v;
}

/* A refused socket option: a warning, or debug for missing privileges or kernel support. Never fatal. */
static void log_option_errno(const char *unit, const char *directive, const char *option, int r) {
        int level = errno_is_privilege(r) || errno_is_not_supported(r) ? LOG_DEBUG : LOG_WARNING;

        log_full_errno(level, r, "%s: %s=: failed to set %s: %m, ignoring", unit, directive, option);
}

/* What a port is called in messages: the address as systemd prints it, or the path. */
static char *port_describe(const SocketPort *p) {
        char *s = NULL;

        if (p->type == SOCKET_PORT_SOCKET) {
                if (socket_address_print(&p->address, &s) >= 0)
                        return s;
                return strdup("<invalid address>");
        }
        return strdup(strempty(p->path));
}

/* The one error line of a failed open: "UNIT: Failed to listen on ADDR: [DETAIL: ]STRERROR". */
_printf_(4, 5) static int log_listen_error(const char *unit, const SocketPort *p, int r, const char *detail,
                                           ...) {
        _cleanup_free_ char *what = port_describe(p), *d = NULL;

        if (detail) {
                va_list ap;

                va_start(ap, detail);
                if (vasprintf(&d, detail, ap) < 0)
                        d = NULL;
                va_end(ap);
        }
        if (d)
                return log_error_errno(r, "%s: Failed to listen on %s: %s: %m", unit, strna(what), d);
        return log_error_errno(r, "%s: Failed to listen on %s: %m", unit, strna(what));
}

/* For messages about what is in the way at a path. */
static const char *node_type_name(mode_t m) {
        if (S_ISLNK(m))
                return "a symlink";
        if (S_ISDIR(m))
                return "a directory";
        if (S_ISREG(m))
                return "a regular file";
        if (S_ISSOCK(m))
                return "a socket";
        if (S_ISFIFO(m))
                return "a FIFO";
        return "a device node";
}

/* Set the umask so that a node created with mode `mode` gets exactly mode & 0777; returns the old umask. */
static mode_t umask_for(mode_t mode) {
        return umask(~mode & 0777);
}

/* mkdir -p of the missing parents of path, each created with exactly `mode`. Existing components are left
 * as they are. Errors are ignored, as systemd ignores them: the following bind()/mkfifo() reports them. */
static void mkdir_parents(const char *path, mode_t mode) {
        _cleanup_free_ char *buf = strdup(path);
        mode_t old;

        if (!buf || buf[0] == '\0')
                return;
        old = umask_for(mode);
        /* Every component but the last; the loop runs at most strlen(path) times. */
        for (char *slash = strchr(buf + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
                if (slash[-1] == '/')
                        continue;
                *slash = '\0';
                if (mkdir(buf, mode & 07777) < 0 && errno != EEXIST) {
                        *slash = '/';
                        break;
                }
                *slash = '/';
        }
        (void) umask(old);
}

/* SocketUser=/SocketGroup= as uid/gid, (uid_t) -1 / (gid_t) -1 for "leave". Numeric IDs need no user
 * database entry; with only SocketUser= the group is the user's primary group (when the user is known). */
static int resolve_owner(const SocketSection *s, uid_t *ret_uid, gid_t *ret_gid, const char **ret_what) {
        uid_t uid = (uid_t) -1;
        gid_t gid = (gid_t) -1;

        if (!isempty(s->socket_user)) {
                struct passwd *pw;

                if (parse_uid(s->socket_user, &uid) >= 0) {
                        pw = getpwuid(uid);
                        if (pw)
                                gid = pw->pw_gid;
                } else {
                        errno = 0;
                        pw = getpwnam(s->socket_user);
                        if (!pw) {
                                *ret_what = "SocketUser";
                                return errno > 0 ? -errno : -ESRCH;
                        }
                        uid = pw->pw_uid;
                        gid = pw->pw_gid;
                }
        }
        if (!isempty(s->socket_group)) {
                if (parse_gid(s->socket_group, &gid) < 0) {
                        struct group *gr;

                        errno = 0;
                        gr = getgrnam(s->socket_group);
                        if (!gr) {
                                *ret_what = "SocketGroup";
                                return errno > 0 ? -errno : -ESRCH;
                        }
                        gid = gr->gr_gid;
                }
        }
        *ret_uid = uid;
        *ret_gid = gid;
        return 0;
}

static bool owner_is_set(const SocketSection *s) {
        return !isempty(s->socket_user) || !isempty(s->socket_group);
}

/* ---- per-socket options ---- */

typedef struct SockKind {
        int family;
        int type;
        int protocol;
        int fd;     /* where to ask while !known */
        bool known;
} SockKind;

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

static bool kind_is_ip(const SockKind *k) {
        return IN_SET(k->family, AF_INET, AF_INET6);
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
                log_option_errno(unit, directive, option_name, -ERANGE);
                return;
        }
        if (getsockopt_int(fd, SOL_SOCKET, option, &v) >= 0 && (uint64_t) v == n * 2)
                return;
        r = setsockopt_int(fd, SOL_SOCKET, option, (int) n);
        if (r < 0) {
                log_option_errno(unit, directive, option_name, r);
                return;
        }
        if (getsockopt_int(fd, SOL_SOCKET, option, &v) >= 0 && (uint64_t) v == n * 2)
                return;
        r = setsockopt_int(fd, SOL_SOCKET, force_option, (int) n);
        if (r < 0)
                log_option_errno(unit, directive, force_name, r);
}

static void apply_socket_options(const char *unit, const SocketSection *s, int fd, SockKind *k) {
        int r;

        if (s->keep_alive) {
                r = setsockopt_int(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
                if (r < 0)
                        log_option_errno(unit, "KeepAlive", "SO_KEEPALIVE", r);
        }

        if (((s->keep_alive_time > 0 && s->keep_alive_time != USEC_INFINITY) || s->keep_alive_interval > 0 ||
             s->keep_alive_count > 0 || s->defer_accept > 0) && kind_is_tcp(kind_get(k))) {
                /* Whole seconds, the sub-second part dropped, as systemd does. */
                if (s->keep_alive_time > 0 && s->keep_alive_time != USEC_INFINITY) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_KEEPIDLE,
                                           clamp_int(s->keep_alive_time / USEC_PER_SEC));
                        if (r < 0)
                                log_option_errno(unit, "KeepAliveTimeSec", "TCP_KEEPIDLE", r);
                }
                if (s->keep_alive_interval > 0) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_KEEPINTVL,
                                           clamp_int(s->keep_alive_interval / USEC_PER_SEC));
                        if (r < 0)
                                log_option_errno(unit, "KeepAliveIntervalSec", "TCP_KEEPINTVL", r);
                }
                if (s->keep_alive_count > 0) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_KEEPCNT, clamp_int(s->keep_alive_count));
                        if (r < 0)
                                log_option_errno(unit, "KeepAliveProbes", "TCP_KEEPCNT", r);
                }
                if (s->defer_accept > 0) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT,
                                           clamp_int(s->defer_accept / USEC_PER_SEC));
                        if (r < 0)
                                log_option_errno(unit, "DeferAcceptSec", "TCP_DEFER_ACCEPT", r);
                }
        }

        if (s->no_delay) {
                if (kind_is_sctp(kind_get(k))) {
                        r = setsockopt_int(fd, SOL_SCTP, SCTP_NODELAY, 1);
                        if (r < 0)
                                log_option_errno(unit, "NoDelay", "SCTP_NODELAY", r);
                } else if (kind_is_tcp(kind_get(k))) {
                        r = setsockopt_int(fd, IPPROTO_TCP, TCP_NODELAY, 1);
                        if (r < 0)
                                log_option_errno(unit, "NoDelay", "TCP_NODELAY", r);
                }
        }

        if (s->broadcast) {
                r = setsockopt_int(fd, SOL_SOCKET, SO_BROADCAST, 1);
                if (r < 0)
                        log_option_errno(unit, "Broadcast", "SO_BROADCAST", r);
        }

        /* Credentials and security labels travel only over AF_UNIX (and netlink); Linux 6.x refuses these
         * options elsewhere. */
        if ((s->pass_credentials || s->pass_security) && IN_SET(kind_get(k)->family, AF_UNIX, AF_NETLINK)) {
                if (s->pass_credentials) {
                        r = setsockopt_int(fd, SOL_SOCKET, SO_PASSCRED, 1);
                        if (r < 0)
                                log_option_errno(unit, "PassCredentials", "SO_PASSCRED", r);
                }
                if (s->pass_security) {
                        r = setsockopt_int(fd, SOL_SOCKET, SO_PASSSEC, 1);
                        if (r < 0)
                                log_option_errno(unit, "PassSecurity", "SO_PASSSEC", r);
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
                        log_option_errno(unit, "PassPacketInfo", name, r);
        }

        if (s->timestamping != SOCKET_TIMESTAMPING_OFF) {
                bool ns = s->timestamping == SOCKET_TIMESTAMPING_NS;

                r = setsockopt_int(fd, SOL_SOCKET, ns ? SO_TIMESTAMPNS : SO_TIMESTAMP, 1);
                if (r < 0)
                        log_option_errno(unit, "Timestamping", ns ? "SO_TIMESTAMPNS" : "SO_TIMESTAMP", r);
        }

        if (s->priority >= 0) {
                r = setsockopt_int(fd, SOL_SOCKET, SO_PRIORITY, s->priority);
                if (r < 0)
                        log_option_errno(unit, "Priority", "SO_PRIORITY", r);
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
                        log_option_errno(unit, "Mark", "SO_MARK", r);
        }

        if (s->ip_tos >= 0 && kind_is_ip(kind_get(k))) {
                /* systemd sets IP_TOS on IPv6 sockets too (it covers their IPv4-mapped traffic); the IPv6
                 * traffic class is the same byte. */
                r = setsockopt_int(fd, IPPROTO_IP, IP_TOS, s->ip_tos);
                if (r < 0)
                        log_option_errno(unit, "IPTOS", "IP_TOS", r);
                if (k->family == AF_INET6) {
                        r = setsockopt_int(fd, IPPROTO_IPV6, IPV6_TCLASS, s->ip_tos);
                        if (r < 0)
                                log_option_errno(unit, "IPTOS", "IPV6_TCLASS", r);
                }
        }

        if (s->ip_ttl >= 0 && kind_is_ip(kind_get(k))) {
                if (k->family == AF_INET)
                        r = setsockopt_int(fd, IPPROTO_IP, IP_TTL, s->ip_ttl);
                else
                        r = setsockopt_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, s->ip_ttl);
                if (r < 0)
                        log_option_errno(unit, "IPTTL",
                                         k->family == AF_INET ? "IP_TTL" : "IPV6_UNICAST_HOPS", r);
        }

        if (s->tcp_congestion && kind_is_tcp(kind_get(k)))
                if (setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, s->tcp_congestion,
                               strlen(s->tcp_congestion) + 1) < 0)
                        log_option_errno(unit, "TCPCongestion", "TCP_CONGESTION", negative_errno());
}

int socket_apply_connection_options(const char *unit, const SocketSection *s, int fd) {
        SockKind k = { .fd = fd };

        if (!unit || !s || fd < 0)
                return -EINVAL;
        apply_socket_options(unit, s, fd, &k);
        return 0;
}

/* ---- sockets ---- */

static int remove_path_node(const char *unit, const char *path, const ListenFd *l, mode_t type);

/* The protocol systemd passes to socket() for SocketProtocol=: SCTP for stream and seqpacket, UDP-Lite for
 * datagram, MPTCP (a sockact extension, as in newer systemd) for stream. Netlink keeps its family. */
static int socket_protocol_for(const SocketSection *s, const SocketAddress *a) {
        switch (a->type) {
        case SOCK_STREAM:
                if (IN_SET(s->socket_protocol, IPPROTO_SCTP, IPPROTO_MPTCP))
                        return s->socket_protocol;
                break;
        case SOCK_SEQPACKET:
                if (s->socket_protocol == IPPROTO_SCTP)
                        return s->socket_protocol;
                break;
        case SOCK_DGRAM:
                if (s->socket_protocol == IPPROTO_UDPLITE)
                        return s->socket_protocol;
                break;
        }
        return a->protocol;
}

static bool address_is_ipv6_any(const SocketAddress *a) {
        return socket_address_family(a) == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&a->sockaddr.in6.sin6_addr) &&
               a->sockaddr.in6.sin6_scope_id == 0 && a->ifname[0] == '\0';
}

/* Bind a file-system AF_UNIX socket with the node's mode set by the umask. An existing socket node (stale)
 * is replaced; anything else is refused. Sets *ret_created once our node exists. */
static int bind_unix_path(const char *unit, const SocketSection *s, const SocketPort *p, int fd,
                          const SocketAddress *a, const char *path, bool *ret_created) {
        struct stat st;
        mode_t old;
        int r;

        mkdir_parents(path, s->directory_mode);

        old = umask_for(s->socket_mode);
        r = RET_NERRNO(bind(fd, &a->sockaddr.sa, a->size));
        (void) umask(old);
        if (r == -EADDRINUSE) {
                if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        return log_listen_error(unit, p, negative_errno(), "cannot inspect existing %s",
                                                path);
                if (!S_ISSOCK(st.st_mode))
                        return log_listen_error(unit, p, -EEXIST,
                                                "%s exists and is %s, refusing to replace it", path,
                                                node_type_name(st.st_mode));
                if (unlink(path) < 0 && errno != ENOENT)
                        return log_listen_error(unit, p, negative_errno(), "cannot remove stale socket %s",
                                                path);
                log_debug("%s: Replaced stale socket %s.", unit, path);
                old = umask_for(s->socket_mode);
                r = RET_NERRNO(bind(fd, &a->sockaddr.sa, a->size));
                (void) umask(old);
        }
        if (r < 0)
                return log_listen_error(unit, p, r, NULL);
        *ret_created = true;
        return 0;
}

/* chown a file-system node we created, through an O_PATH fd checked against the recorded identity, so that a
 * node swapped in meanwhile (or a symlink) is never touched. */
static int chown_node(const char *path, const ListenFd *l, uid_t uid, gid_t gid) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (st.st_dev != l->dev || st.st_ino != l->ino)
                return -ESTALE;
        return RET_NERRNO(fchownat(fd, "", uid, gid, AT_EMPTY_PATH));
}

static int open_socket(const char *unit, const SocketSection *s, const SocketPort *p, ListenFd *ret) {
        _cleanup_close_ int fd = -EBADF;
        SocketAddress a = p->address;
        ListenFd l = LISTEN_FD_NULL;
        const char *path, *what = NULL;
        bool created = false;
        uid_t uid = (uid_t) -1;
        gid_t gid = (gid_t) -1;
        SockKind k;
        int r;

        path = socket_address_get_path(&a);
        if (path && owner_is_set(s)) {
                r = resolve_owner(s, &uid, &gid, &what);
                if (r < 0)
                        return log_listen_error(unit, p, r, "cannot resolve %s=%s", what,
                                                streq(what, "SocketUser") ? s->socket_user
                                                                          : s->socket_group);
        }

        /* An interface given by name as scope: systemd resolves it (ENODEV if missing); for IPv4 it only
         * checks that it exists. */
        if (a.ifname[0] != '\0' && IN_SET(socket_address_family(&a), AF_INET, AF_INET6)) {
                unsigned idx = if_nametoindex(a.ifname);

                if (idx == 0)
                        return log_listen_error(unit, p, IN_SET(errno, 0, ENODEV, ENXIO) ? -ENODEV : -errno,
                                                "no network interface %s", a.ifname);
                if (socket_address_family(&a) == AF_INET6)
                        a.sockaddr.in6.sin6_scope_id = idx;
        }

        r = socket_address_verify(&a, true);
        if (r < 0)
                return log_listen_error(unit, p, r, "invalid address");

        k = (SockKind) {
                .family = socket_address_family(&a),
                .type = a.type,
                .protocol = socket_protocol_for(s, &a),
                .known = true,
        };
        fd = socket(k.family, k.type | SOCK_CLOEXEC | SOCK_NONBLOCK, k.protocol);
        if (fd < 0 && errno == EAFNOSUPPORT && address_is_ipv6_any(&a) &&
            s->bind_ipv6_only != SOCKET_ADDRESS_IPV6_ONLY) {
                /* A port-only address on a kernel without IPv6: listen on 0.0.0.0 instead. */
                uint16_t port = a.sockaddr.in6.sin6_port;

                log_debug("%s: No IPv6 support in the kernel, listening on 0.0.0.0 instead.", unit);
                memset(&a.sockaddr, 0, sizeof(a.sockaddr));
                a.sockaddr.in = (struct sockaddr_in) {
                        .sin_family = AF_INET,
                        .sin_port = port,
                        .sin_addr.s_addr = htonl(INADDR_ANY),
                };
                a.size = sizeof(struct sockaddr_in);
                k.family = AF_INET;
                fd = socket(k.family, k.type | SOCK_CLOEXEC | SOCK_NONBLOCK, k.protocol);
        }
        if (fd < 0)
                return log_listen_error(unit, p, negative_errno(), NULL);

        if (k.family == AF_INET6 && s->bind_ipv6_only != SOCKET_ADDRESS_DEFAULT) {
                r = setsockopt_int(fd, IPPROTO_IPV6, IPV6_V6ONLY,
                                   s->bind_ipv6_only == SOCKET_ADDRESS_IPV6_ONLY);
                if (r < 0)
                        return log_listen_error(unit, p, r, "BindIPv6Only=: failed to set IPV6_V6ONLY");
        }

        if (kind_is_ip(&k)) {
                bool v6 = k.family == AF_INET6;

                if (!isempty(s->bind_to_device)) {
                        r = RET_NERRNO(setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, s->bind_to_device,
                                                  strlen(s->bind_to_device)));
                        if (r < 0)
                                return log_listen_error(unit, p, r, "BindToDevice=%s", s->bind_to_device);
                }
                if (s->reuse_port) {
                        r = setsockopt_int(fd, SOL_SOCKET, SO_REUSEPORT, 1);
                        if (r < 0)
                                log_option_errno(unit, "ReusePort", "SO_REUSEPORT", r);
                }
                if (s->free_bind) {
                        r = setsockopt_int(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                                           v6 ? IPV6_FREEBIND : IP_FREEBIND, 1);
                        if (r < 0)
                                log_option_errno(unit, "FreeBind", v6 ? "IPV6_FREEBIND" : "IP_FREEBIND", r);
                }
                if (s->transparent) {
                        r = setsockopt_int(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                                           v6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, 1);
                        if (r < 0)
                                log_option_errno(unit, "Transparent",
                                                 v6 ? "IPV6_TRANSPARENT" : "IP_TRANSPARENT", r);
                }
        }

        /* systemd sets SO_REUSEADDR on every listener, and a failure is fatal. */
        r = setsockopt_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
        if (r < 0)
                return log_listen_error(unit, p, r, "failed to set SO_REUSEADDR");

        if (path) {
                struct stat st;

                r = bind_unix_path(unit, s, p, fd, &a, path, &created);
                if (r < 0)
                        return r;
                /* Record which node is ours, for chown and for RemoveOnStop=. */
                if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        return log_listen_error(unit, p, negative_errno(), "cannot inspect %s after bind()",
                                                path);
                if (!S_ISSOCK(st.st_mode))
                        return log_listen_error(unit, p, -EEXIST, "%s was replaced after bind()", path);
                l.dev = st.st_dev;
                l.ino = st.st_ino;
                l.have_node = true;
        } else if (bind(fd, &a.sockaddr.sa, a.size) < 0)
                return log_listen_error(unit, p, negative_errno(), NULL);

        if (IN_SET(k.type, SOCK_STREAM, SOCK_SEQPACKET))
                if (listen(fd, clamp_int(s->backlog)) < 0) {
                        r = log_listen_error(unit, p, negative_errno(), NULL);
                        goto fail;
                }

        /* Wake up inotify watchers waiting for the socket to become connectable, as systemd does. */
        if (path)
                (void) utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);

        apply_socket_options(unit, s, fd, &k);

        if (path && owner_is_set(s)) {
                r = chown_node(path, &l, uid, gid);
                if (r < 0) {
                        r = log_listen_error(unit, p, r, "cannot change owner of %s", path);
                        goto fail;
                }
        }

        l.fd = TAKE_FD(fd);
        *ret = l;
        return 0;

fail:
        /* Remove the node we created in this call, if it is still ours. */
        if (created && l.have_node)
                (void) remove_path_node(unit, path, &l, S_IFSOCK);
        return r;
}

/* ---- FIFOs, special files, message queues ---- */

static int open_fifo(const char *unit, const SocketSection *s, const SocketPort *p, ListenFd *ret) {
        _cleanup_close_ int fd = -EBADF;
        const char *path = p->path, *what = NULL;
        ListenFd l = LISTEN_FD_NULL;
        mode_t old, mode = s->socket_mode & 07777;
        struct stat st;
        bool created;
        uid_t uid = (uid_t) -1;
        gid_t gid = (gid_t) -1;
        int r;

        if (owner_is_set(s)) {
                r = resolve_owner(s, &uid, &gid, &what);
                if (r < 0)
                        return log_listen_error(unit, p, r, "cannot resolve %s=%s", what,
                                                streq(what, "SocketUser") ? s->socket_user
                                                                          : s->socket_group);
        }

        mkdir_parents(path, s->directory_mode);

        old = umask_for(mode);
        r = RET_NERRNO(mkfifo(path, mode));
        (void) umask(old);
        if (r < 0 && r != -EEXIST)
                return log_listen_error(unit, p, r, NULL);
        created = r >= 0;

        /* What is at the path now: our new FIFO, or an existing one we may reuse, but only a FIFO itself,
         * never anything reached through a symlink. */
        if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return log_listen_error(unit, p, negative_errno(), "cannot inspect %s", path);
        if (!S_ISFIFO(st.st_mode))
                return log_listen_error(unit, p, -EEXIST, "%s exists and is %s, refusing to use it", path,
                                        node_type_name(st.st_mode));
        l.dev = st.st_dev;
        l.ino = st.st_ino;
        l.have_node = true;

        /* O_RDWR: we are a writer too, so the FIFO never reports EOF while nobody else has it open. */
        fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0) {
                r = log_listen_error(unit, p, negative_errno(), NULL);
                goto fail;
        }
        if (fstat(fd, &st) < 0) {
                r = log_listen_error(unit, p, negative_errno(), NULL);
                goto fail;
        }
        if (!S_ISFIFO(st.st_mode) || st.st_dev != l.dev || st.st_ino != l.ino) {
                r = log_listen_error(unit, p, -EEXIST, "%s was replaced while opening it", path);
                goto fail;
        }
        /* Mode and owner of a reused FIFO are fixed through the fd, i.e. on exactly the node we opened. */
        if ((st.st_mode & 07777) != mode && fchmod(fd, mode) < 0) {
                r = log_listen_error(unit, p, negative_errno(), "cannot change access mode of %s", path);
                goto fail;
        }
        if (owner_is_set(s) && fchown(fd, uid, gid) < 0) {
                r = log_listen_error(unit, p, negative_errno(), "cannot change owner of %s", path);
                goto fail;
        }

        if (s->pipe_size > 0)
                if (fcntl(fd, F_SETPIPE_SZ, clamp_int(s->pipe_size)) < 0)
                        log_option_errno(unit, "PipeSize", "F_SETPIPE_SZ", negative_errno());

        l.fd = TAKE_FD(fd);
        *ret = l;
        return 0;

fail:
        if (created)
                (void) remove_path_node(unit, path, &l, S_IFIFO);
        return r;
}

static int open_special(const char *unit, const SocketSection *s, const SocketPort *p, ListenFd *ret) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        fd = open(p->path,
                  (s->writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0)
                return log_listen_error(unit, p, negative_errno(), NULL);
        if (fstat(fd, &st) < 0)
                return log_listen_error(unit, p, negative_errno(), NULL);
        /* A /proc, /sys or /dev file, or a character device. */
        if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
                return log_listen_error(unit, p, -EEXIST, "not a regular file or character device");
        *ret = (ListenFd) { .fd = TAKE_FD(fd) };
        return 0;
}

static int open_mqueue(const char *unit, const SocketSection *s, const SocketPort *p, ListenFd *ret) {
        _cleanup_close_ int fd = -EBADF;
        struct mq_attr attr, *pattr = NULL;
        mode_t old, mode = s->socket_mode & 0777;
        struct stat st;

        /* The attributes apply only when both are set (systemd.socket(5)). */
        if (s->mq_maxmsg > 0 && s->mq_msgsize > 0) {
                attr = (struct mq_attr) {
                        .mq_flags = O_NONBLOCK,
                        .mq_maxmsg = s->mq_maxmsg,
                        .mq_msgsize = s->mq_msgsize,
                };
                pattr = &attr;
        }

        old = umask_for(mode);
        fd = mq_open(p->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_CREAT, mode, pattr);
        (void) umask(old);
        if (fd < 0)
                return log_listen_error(unit, p, negative_errno(), NULL);
        if (fstat(fd, &st) < 0)
                return log_listen_error(unit, p, negative_errno(), NULL);
        /* An existing queue is used only if it looks exactly like one we would have created. */
        if ((st.st_mode & 0777) != mode || st.st_uid != geteuid() || st.st_gid != getegid())
                return log_listen_error(unit, p, -EEXIST,
                                        "message queue exists with a different owner or access mode");
        *ret = (ListenFd) {
                .fd = TAKE_FD(fd),
                .dev = st.st_dev,
                .ino = st.st_ino,
                .have_node = true,
        };
        return 0;
}

int socket_port_open(const char *unit, const SocketSection *s, const SocketPort *p, ListenFd *ret) {
        ListenFd l = LISTEN_FD_NULL;
        int r;

        if (!unit || !s || !p || !ret)
                return -EINVAL;

        switch (p->type) {
        case SOCKET_PORT_SOCKET:
                r = open_socket(unit, s, p, &l);
                break;
        case SOCKET_PORT_FIFO:
                r = open_fifo(unit, s, p, &l);
                break;
        case SOCKET_PORT_SPECIAL:
                r = open_special(unit, s, p, &l);
                break;
        case SOCKET_PORT_MQUEUE:
                r = open_mqueue(unit, s, p, &l);
                break;
        default:
                r = log_listen_error(unit, p, -EOPNOTSUPP, "this kind of listener is not supported");
        }
        if (r < 0)
                return r;
        *ret = l;
        return 0;
}

void listen_fd_close(ListenFd *l) {
        if (l)
                l->fd = safe_close(l->fd);
}

/* ---- removal ---- */

static int remove_path_node(const char *unit, const char *path, const ListenFd *l, mode_t type) {
        struct stat st;

        if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                if (errno == ENOENT)
                        return 0;
                return log_warning_errno(errno, "%s: Failed to inspect %s, not removing it: %m", unit, path);
        }
        if ((st.st_mode & S_IFMT) != type || st.st_dev != l->dev || st.st_ino != l->ino) {
                log_debug("%s: %s is no longer the node we created, leaving it.", unit, path);
                return 0;
        }
        if (unlink(path) < 0) {
                if (errno == ENOENT)
                        return 0;
                return log_warning_errno(errno, "%s: Failed to remove %s: %m", unit, path);
        }
        return 1;
}

static int remove_mqueue(const char *unit, const char *name, const ListenFd *l) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        /* No O_PATH for queues: open it again (read, else write) to see whether it is still ours. */
        fd = mq_open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0 && errno == EACCES)
                fd = mq_open(name, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
                if (errno == ENOENT)
                        return 0;
                log_debug_errno(errno, "%s: Cannot open message queue %s to check it, leaving it: %m", unit,
                                name);
                return 0;
        }
        if (fstat(fd, &st) < 0)
                return log_warning_errno(errno, "%s: Failed to inspect message queue %s: %m", unit, name);
        if (st.st_dev != l->dev || st.st_ino != l->ino) {
                log_debug("%s: Message queue %s is no longer the one we created, leaving it.", unit, name);
                return 0;
        }
        if (mq_unlink(name) < 0) {
                if (errno == ENOENT)
                        return 0;
                return log_warning_errno(errno, "%s: Failed to remove message queue %s: %m", unit, name);
        }
        return 1;
}

int socket_port_remove(const char *unit, const SocketPort *p, const ListenFd *l) {
        const char *path;

        if (!unit || !p || !l)
                return -EINVAL;
        if (!l->have_node)
                return 0;

        switch (p->type) {
        case SOCKET_PORT_SOCKET:
                path = socket_address_get_path(&p->address);
                return path ? remove_path_node(unit, path, l, S_IFSOCK) : 0;
        case SOCKET_PORT_FIFO:
                return remove_path_node(unit, p->path, l, S_IFIFO);
        case SOCKET_PORT_MQUEUE:
                return remove_mqueue(unit, p->path, l);
        default:
                return 0;
        }
}

/* ---- Symlinks= ---- */

const char *socket_symlink_target(const SocketSection *s) {
        const char *found = NULL;

        if (!s)
                return NULL;
        for (const SocketPort *p = s->ports; p; p = p->next) {
                const char *f = NULL;

                if (p->type == SOCKET_PORT_FIFO)
                        f = p->path;
                else if (p->type == SOCKET_PORT_SOCKET)
                        f = socket_address_get_path(&p->address);
                if (!f)
                        continue;
                if (found)
                        return NULL;
                found = f;
        }
        return found;
}

/* Whether path is a symlink whose content is exactly target. -errno if it cannot be read. */
static int symlink_points_to(const char *path, const char *target) {
        size_t n = strlen(target);
        _cleanup_free_ char *buf = malloc(n + 2);
        ssize_t k;

        if (!buf)
                return -ENOMEM;
        k = readlink(path, buf, n + 2);
        if (k < 0)
                return negative_errno();
        return (size_t) k == n && memcmp(buf, target, n) == 0;
}

/* Replace the symlink at path by one pointing to target, atomically (a temporary link renamed over it). */
static int symlink_replace(const char *target, const char *path) {
        for (unsigned attempt = 0; attempt < 64; attempt++) {
                struct timespec ts;
                _cleanup_free_ char *tmp = NULL;

                (void) clock_gettime(CLOCK_MONOTONIC, &ts);
                if (asprintf(&tmp, "%s.#sockact%x%lx%x", path, (unsigned) getpid(), (long) ts.tv_nsec,
                             attempt) < 0)
                        return -ENOMEM;
                if (symlink(target, tmp) < 0) {
                        if (errno == EEXIST)
                                continue;
                        return negative_errno();
                }
                if (rename(tmp, path) < 0) {
                        int r = negative_errno();

                        (void) unlink(tmp);
                        return r;
                }
                return 0;
        }
        return -EEXIST;
}

static const char *symlinks_target_or_warn(const char *unit, const SocketSection *s, const char *target) {
        const char *t = socket_symlink_target(s);

        if (!t) {
                log_warning("%s: Symlinks= needs exactly one AF_UNIX file system socket or FIFO, ignoring.",
                            unit);
                return NULL;
        }
        return target ?: t;
}

int socket_symlinks_create(const char *unit, const SocketSection *s, const char *target) {
        int ret = 0;

        if (!unit || !s)
                return -EINVAL;
        if (!s->symlinks || !s->symlinks[0])
                return 0;
        target = symlinks_target_or_warn(unit, s, target);
        if (!target)
                return -EINVAL;

        STRV_FOREACH(link, s->symlinks) {
                struct stat st;
                int r = 0;

                mkdir_parents(*link, s->directory_mode);
                if (symlink(target, *link) >= 0)
                        continue;
                if (errno != EEXIST)
                        r = negative_errno();
                else if (fstatat(AT_FDCWD, *link, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        r = negative_errno();
                else if (!S_ISLNK(st.st_mode)) {
                        log_warning("%s: Failed to create symlink %s -> %s: the path exists and is not a "
                                    "symlink, ignoring.", unit, *link, target);
                        if (ret == 0)
                                ret = -EEXIST;
                        continue;
                } else {
                        r = symlink_points_to(*link, target);
                        if (r == 0)
                                r = symlink_replace(target, *link);
                }
                if (r < 0) {
                        log_warning_errno(r, "%s: Failed to create symlink %s -> %s, ignoring: %m", unit,
                                          *link, target);
                        if (ret == 0)
                                ret = r;
                }
        }
        return ret;
}

int socket_symlinks_remove(const char *unit, const SocketSection *s, const char *target) {
        int ret = 0, n = 0;

        if (!unit || !s)
                return -EINVAL;
        if (!s->symlinks || !s->symlinks[0])
                return 0;
        if (!target)
                target = socket_symlink_target(s);
        if (!target)
                return 0; /* nothing was created */

        STRV_FOREACH(link, s->symlinks) {
                int r = symlink_points_to(*link, target);

                if (r == -ENOENT || r == -EINVAL || r == 0) /* gone, not a symlink, or points elsewhere */
                        continue;
                if (r > 0 && unlink(*link) >= 0) {
                        n++;
                        continue;
                }
                if (r > 0) {
                        if (errno == ENOENT)
                                continue;
                        r = negative_errno();
                }
                log_warning_errno(r, "%s: Failed to remove symlink %s: %m", unit, *link);
                if (ret == 0)
                        ret = r;
        }
        return ret < 0 ? ret : n;
}

/* ---- reload ---- */

bool socket_port_equal(const SocketPort *a, const SocketPort *b) {
        if (a->type != b->type)
                return false;
        if (a->type == SOCKET_PORT_SOCKET)
                return socket_address_equal_strict(&a->address, &b->address);
        return streq_ptr(a->path, b->path);
}

bool socket_listen_options_equal(const SocketSection *a, const SocketSection *b) {
        /* Every setting socket_port_open() reads, in the order of SocketSection. */
        return a->writable == b->writable && a->backlog == b->backlog && a->bind_ipv6_only == b->bind_ipv6_only &&
               streq_ptr(a->bind_to_device, b->bind_to_device) && streq_ptr(a->socket_user, b->socket_user) &&
               streq_ptr(a->socket_group, b->socket_group) && a->socket_mode == b->socket_mode &&
               a->directory_mode == b->directory_mode && a->keep_alive == b->keep_alive &&
               a->keep_alive_time == b->keep_alive_time && a->keep_alive_interval == b->keep_alive_interval &&
               a->keep_alive_count == b->keep_alive_count && a->defer_accept == b->defer_accept &&
               a->no_delay == b->no_delay && a->priority == b->priority && a->receive_buffer == b->receive_buffer &&
               a->send_buffer == b->send_buffer && a->ip_tos == b->ip_tos && a->ip_ttl == b->ip_ttl &&
               a->mark == b->mark && a->mark_set == b->mark_set && a->reuse_port == b->reuse_port &&
               a->free_bind == b->free_bind && a->transparent == b->transparent && a->broadcast == b->broadcast &&
               a->pass_credentials == b->pass_credentials && a->pass_security == b->pass_security &&
               a->pass_packet_info == b->pass_packet_info && a->timestamping == b->timestamping &&
               streq_ptr(a->tcp_congestion, b->tcp_congestion) && a->pipe_size == b->pipe_size &&
               a->mq_maxmsg == b->mq_maxmsg && a->mq_msgsize == b->mq_msgsize &&
               a->socket_protocol == b->socket_protocol;
}
