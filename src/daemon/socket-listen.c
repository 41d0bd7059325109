/* SPDX-License-Identifier: MIT */
/* Opening the listeners of socket units (see socket-listen.h). The order of operations and which failures
 * are fatal follow systemd 252's socket_address_listen(), socket_apply_socket_options(),
 * fifo_address_create(), special_address_create() and mq_address_create(); the file-system handling is
 * stricter (DESIGN.md). The per-socket options are in socket-options.c, the removal of nodes and Symlinks=
 * in socket-nodes.c. */
#include <fcntl.h>
#include <grp.h>
#include <mqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdarg.h>

#include "log.h"
#include "socket-internal.h"
#include "string-util.h"
#include "user-util.h"

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND 78
#endif

/* ---- small helpers ---- */

char *socket_port_describe(const SocketPort *p) {
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
        _cleanup_free_ char *what = socket_port_describe(p), *d = NULL;

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

/* ---- sockets ---- */

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

        socket_mkdir_parents(path, s->directory_mode);

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
                                socket_log_option_errno(unit, "ReusePort", "SO_REUSEPORT", r);
                }
                if (s->free_bind) {
                        r = setsockopt_int(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                                           v6 ? IPV6_FREEBIND : IP_FREEBIND, 1);
                        if (r < 0)
                                socket_log_option_errno(unit, "FreeBind",
                                                        v6 ? "IPV6_FREEBIND" : "IP_FREEBIND", r);
                }
                if (s->transparent) {
                        r = setsockopt_int(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                                           v6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, 1);
                        if (r < 0)
                                socket_log_option_errno(unit, "Transparent",
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

        socket_apply_options(unit, s, fd, &k);

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
                (void) socket_remove_path_node(unit, path, &l, S_IFSOCK);
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

        socket_mkdir_parents(path, s->directory_mode);

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
                        socket_log_option_errno(unit, "PipeSize", "F_SETPIPE_SZ", negative_errno());

        l.fd = TAKE_FD(fd);
        *ret = l;
        return 0;

fail:
        if (created)
                (void) socket_remove_path_node(unit, path, &l, S_IFIFO);
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
