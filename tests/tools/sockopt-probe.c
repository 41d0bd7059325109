/* SPDX-License-Identifier: MIT */
/* Test helper: look at the listeners of a running process from outside, on its real file descriptors.
 *
 *   sockopt-probe PID
 *       One line per open fd of PID that is a socket, FIFO, POSIX message queue or character device, e.g.
 *       "fd=7 kind=socket family=inet type=stream proto=6 local=127.0.0.1:1234 listening=1 SO_RCVBUF=...".
 *       The fd is duplicated into this process with pidfd_open()+pidfd_getfd() (same uid without Yama
 *       restrictions, or root); O_NONBLOCK and FD_CLOEXEC are those of PID's own fd (/proc/PID/fdinfo).
 *       Options the kernel does not report for a socket are left out. Exit 77 if pidfd_getfd() is not
 *       permitted (the caller should skip), 1 on other errors.
 *   sockopt-probe --connect ADDRESS PORT
 *       One TCP connection attempt (IPv4 or IPv6 literal), 5 s at most; exit 0 if it was accepted into
 *       the backlog, 1 otherwise (the error is printed).
 *   sockopt-probe --mqueue NAME
 *       Print "maxmsg=N msgsize=N" of an existing POSIX message queue; exit 1 (ENOENT printed) if it
 *       does not exist.
 *   sockopt-probe --mq-unlink NAME
 *       Remove a message queue (cleanup after a failed test); exit 0 also if it did not exist. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <mqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC 0x19800202
#endif
#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND 78
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

#define MAX_FDS 65536

/* One line of output, built piece by piece. */
typedef struct Line {
        char buf[4096];
        size_t n;
} Line;

__attribute__((format(printf, 2, 3))) static void add(Line *l, const char *fmt, ...) {
        va_list ap;
        int k;

        if (l->n >= sizeof(l->buf) - 1)
                return;
        va_start(ap, fmt);
        k = vsnprintf(l->buf + l->n, sizeof(l->buf) - l->n, fmt, ap);
        va_end(ap);
        if (k < 0)
                return;
        l->n += (size_t) k;
        if (l->n >= sizeof(l->buf))
                l->n = sizeof(l->buf) - 1;
}

/* Append " NAME=value" for an int option; nothing if the kernel does not report it for this socket. */
static void add_int_opt(Line *l, int fd, int level, int option, const char *name) {
        int v = 0;
        socklen_t len = sizeof(v);

        if (getsockopt(fd, level, option, &v, &len) < 0)
                return;
        add(l, " %s=%d", name, v);
}

/* A string for a path-like value: printable ASCII kept, the rest (and space, backslash) as \xNN, so that
 * key=value pairs stay separated by single spaces. */
static void add_escaped(Line *l, const char *s, size_t n) {
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];

                if (c > ' ' && c < 127 && c != '\\')
                        add(l, "%c", c);
                else
                        add(l, "\\x%02x", c);
        }
}

static const char *netlink_family_name(int protocol) {
        /* The names systemd.socket(5) accepts for ListenNetlink=. */
        static const struct {
                int protocol;
                const char *name;
        } table[] = {
                { NETLINK_ROUTE, "route" },
                { NETLINK_FIREWALL, "firewall" },
                { NETLINK_INET_DIAG, "inet-diag" },
                { NETLINK_NFLOG, "nflog" },
                { NETLINK_XFRM, "xfrm" },
                { NETLINK_SELINUX, "selinux" },
                { NETLINK_ISCSI, "iscsi" },
                { NETLINK_AUDIT, "audit" },
                { NETLINK_FIB_LOOKUP, "fib-lookup" },
                { NETLINK_CONNECTOR, "connector" },
                { NETLINK_NETFILTER, "netfilter" },
                { NETLINK_IP6_FW, "ip6-fw" },
                { NETLINK_DNRTMSG, "dnrtmsg" },
                { NETLINK_KOBJECT_UEVENT, "kobject-uevent" },
                { NETLINK_GENERIC, "generic" },
                { NETLINK_SCSITRANSPORT, "scsitransport" },
                { NETLINK_ECRYPTFS, "ecryptfs" },
                { NETLINK_RDMA, "rdma" },
        };

        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
                if (table[i].protocol == protocol)
                        return table[i].name;
        return NULL;
}

static const char *family_name(int family) {
        switch (family) {
        case AF_INET:
                return "inet";
        case AF_INET6:
                return "inet6";
        case AF_UNIX:
                return "unix";
        case AF_NETLINK:
                return "netlink";
        case AF_PACKET:
                return "packet";
        default:
                return NULL;
        }
}

static const char *type_name(int type) {
        switch (type) {
        case SOCK_STREAM:
                return "stream";
        case SOCK_DGRAM:
                return "dgram";
        case SOCK_SEQPACKET:
                return "seqpacket";
        case SOCK_RAW:
                return "raw";
        default:
                return NULL;
        }
}

/* local=... as systemd prints addresses: 127.0.0.1:80, [::1]:80, [fe80::1]:80%eth0, /path, @abstract,
 * FAMILY/GROUPS for netlink (systemd writes "FAMILY GROUPS"; a space would split the pair). */
static void add_local(Line *l, int fd, int family, int protocol) {
        struct sockaddr_storage ss = {};
        socklen_t len = sizeof(ss);
        char a[INET6_ADDRSTRLEN];

        if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0) {
                add(l, " local=?");
                return;
        }
        switch (family) {
        case AF_INET: {
                const struct sockaddr_in *in = (const struct sockaddr_in *) &ss;

                if (!inet_ntop(AF_INET, &in->sin_addr, a, sizeof(a)))
                        strcpy(a, "?");
                add(l, " local=%s:%u", a, ntohs(in->sin_port));
                break;
        }
        case AF_INET6: {
                const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) &ss;
                char ifname[IF_NAMESIZE] = "";

                if (!inet_ntop(AF_INET6, &in6->sin6_addr, a, sizeof(a)))
                        strcpy(a, "?");
                if (in6->sin6_scope_id == 0)
                        add(l, " local=[%s]:%u", a, ntohs(in6->sin6_port));
                else if (if_indextoname(in6->sin6_scope_id, ifname))
                        add(l, " local=[%s]:%u%%%s", a, ntohs(in6->sin6_port), ifname);
                else
                        add(l, " local=[%s]:%u%%%u", a, ntohs(in6->sin6_port), in6->sin6_scope_id);
                break;
        }
        case AF_UNIX: {
                const struct sockaddr_un *un = (const struct sockaddr_un *) &ss;
                size_t off = offsetof(struct sockaddr_un, sun_path);
                size_t n = len > off ? len - off : 0;

                if (n > sizeof(un->sun_path))
                        n = sizeof(un->sun_path);
                if (n == 0)
                        add(l, " local=unnamed");
                else if (un->sun_path[0] == '\0') {
                        add(l, " local=@");
                        add_escaped(l, un->sun_path + 1, n - 1);
                } else {
                        add(l, " local=");
                        add_escaped(l, un->sun_path, strnlen(un->sun_path, n));
                }
                break;
        }
        case AF_NETLINK: {
                const struct sockaddr_nl *nl = (const struct sockaddr_nl *) &ss;
                const char *name = netlink_family_name(protocol);

                if (name)
                        add(l, " local=%s/%u", name, nl->nl_groups);
                else
                        add(l, " local=%d/%u", protocol, nl->nl_groups);
                break;
        }
        default:
                add(l, " local=?");
        }
}

static void add_socket(Line *l, int fd) {
        int family = -1, type = -1, protocol = -1, v;
        socklen_t len;
        const char *s;
        char buf[IF_NAMESIZE + 16];
        bool ip, tcp;

        len = sizeof(family);
        (void) getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &len);
        len = sizeof(type);
        (void) getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
        len = sizeof(protocol);
        (void) getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len);

        s = family_name(family);
        if (s)
                add(l, " family=%s", s);
        else
                add(l, " family=%d", family);
        s = type_name(type);
        if (s)
                add(l, " type=%s", s);
        else
                add(l, " type=%d", type);
        add(l, " proto=%d", protocol);
        add_local(l, fd, family, protocol);

        len = sizeof(v);
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) >= 0)
                add(l, " listening=%d", v);

        /* Generic options: every socket has them. */
        add_int_opt(l, fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
        add_int_opt(l, fd, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF");
        add_int_opt(l, fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE");
        add_int_opt(l, fd, SOL_SOCKET, SO_PRIORITY, "SO_PRIORITY");
        add_int_opt(l, fd, SOL_SOCKET, SO_MARK, "SO_MARK");
        add_int_opt(l, fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR");
        add_int_opt(l, fd, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT");
        add_int_opt(l, fd, SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST");
        add_int_opt(l, fd, SOL_SOCKET, SO_TIMESTAMP, "SO_TIMESTAMP");
        add_int_opt(l, fd, SOL_SOCKET, SO_TIMESTAMPNS, "SO_TIMESTAMPNS");
        if (family == AF_UNIX || family == AF_NETLINK) {
                add_int_opt(l, fd, SOL_SOCKET, SO_PASSCRED, "SO_PASSCRED");
                add_int_opt(l, fd, SOL_SOCKET, SO_PASSSEC, "SO_PASSSEC");
        }

        ip = family == AF_INET || family == AF_INET6;
        if (ip) {
                memset(buf, 0, sizeof(buf));
                len = sizeof(buf) - 1;
                if (getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, buf, &len) >= 0)
                        add(l, " SO_BINDTODEVICE=%s", len > 0 && buf[0] ? buf : "-");
                add_int_opt(l, fd, IPPROTO_IP, IP_TOS, "IP_TOS");
                add_int_opt(l, fd, IPPROTO_IP, IP_FREEBIND, "IP_FREEBIND");
                add_int_opt(l, fd, IPPROTO_IP, IP_TRANSPARENT, "IP_TRANSPARENT");
        }
        if (family == AF_INET) {
                add_int_opt(l, fd, IPPROTO_IP, IP_TTL, "IP_TTL");
                add_int_opt(l, fd, IPPROTO_IP, IP_PKTINFO, "IP_PKTINFO");
        }
        if (family == AF_INET6) {
                add_int_opt(l, fd, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY");
                add_int_opt(l, fd, IPPROTO_IPV6, IPV6_TCLASS, "IPV6_TCLASS");
                add_int_opt(l, fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS");
                add_int_opt(l, fd, IPPROTO_IPV6, IPV6_FREEBIND, "IPV6_FREEBIND");
                add_int_opt(l, fd, IPPROTO_IPV6, IPV6_TRANSPARENT, "IPV6_TRANSPARENT");
                add_int_opt(l, fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO");
        }
        if (family == AF_NETLINK)
                add_int_opt(l, fd, SOL_NETLINK, NETLINK_PKTINFO, "NETLINK_PKTINFO");

        tcp = ip && type == SOCK_STREAM && (protocol == IPPROTO_TCP || protocol == IPPROTO_MPTCP);
        if (tcp) {
                char cc[32] = "";

                add_int_opt(l, fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
                add_int_opt(l, fd, IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE");
                add_int_opt(l, fd, IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL");
                add_int_opt(l, fd, IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT");
                add_int_opt(l, fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, "TCP_DEFER_ACCEPT");
                len = sizeof(cc) - 1;
                if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, cc, &len) >= 0) {
                        cc[len < sizeof(cc) ? len : sizeof(cc) - 1] = '\0';
                        add(l, " TCP_CONGESTION=%s", cc[0] ? cc : "-");
                }
        }
}

/* "flags:" of /proc/PID/fdinfo/FD (octal; O_CLOEXEC there means FD_CLOEXEC on PID's fd). */
static int fdinfo_flags(pid_t pid, int fd, unsigned *ret) {
        char path[64], line[256];
        FILE *f;
        int r = -ENOENT;

        snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int) pid, fd);
        f = fopen(path, "re");
        if (!f)
                return -errno;
        for (unsigned i = 0; i < 1000 && fgets(line, sizeof(line), f); i++)
                if (strncmp(line, "flags:", 6) == 0) {
                        *ret = (unsigned) strtoul(line + 6, NULL, 8);
                        r = 0;
                        break;
                }
        fclose(f);
        return r;
}

static const char *access_name(unsigned flags) {
        switch (flags & O_ACCMODE) {
        case O_RDONLY:
                return "rdonly";
        case O_WRONLY:
                return "wronly";
        default:
                return "rdwr";
        }
}

static void add_path_of(Line *l, pid_t pid, int fd) {
        char link[64], target[PATH_MAX];
        ssize_t n;

        snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int) pid, fd);
        n = readlink(link, target, sizeof(target) - 1);
        if (n < 0)
                return;
        add(l, " path=");
        add_escaped(l, target, (size_t) n);
}

static int cmp_int(const void *a, const void *b) {
        int x = *(const int *) a, y = *(const int *) b;

        return x < y ? -1 : x > y;
}

/* The fd numbers of PID, sorted. */
static int list_fds(pid_t pid, int **ret, size_t *ret_n) {
        char path[64];
        DIR *d;
        struct dirent *de;
        int *fds = NULL;
        size_t n = 0, cap = 0;

        snprintf(path, sizeof(path), "/proc/%d/fd", (int) pid);
        d = opendir(path);
        if (!d)
                return -errno;
        while ((de = readdir(d)) && n < MAX_FDS) {
                char *end;
                long v;

                if (de->d_name[0] == '.')
                        continue;
                errno = 0;
                v = strtol(de->d_name, &end, 10);
                if (errno != 0 || *end != '\0' || v < 0 || v > INT_MAX)
                        continue;
                if (n == cap) {
                        size_t c = cap ? cap * 2 : 64;
                        int *p = realloc(fds, c * sizeof(int));

                        if (!p) {
                                free(fds);
                                closedir(d);
                                return -ENOMEM;
                        }
                        fds = p;
                        cap = c;
                }
                fds[n++] = (int) v;
        }
        closedir(d);
        if (n > 0)
                qsort(fds, n, sizeof(int), cmp_int);
        *ret = fds;
        *ret_n = n;
        return 0;
}

/* The caller (a test) skips on exit status 77; say why. */
static int not_permitted(pid_t pid, const char *what) {
        fprintf(stderr,
                "sockopt-probe: %s of process %d is not permitted: run as root, or as the same user with "
                "kernel.yama.ptrace_scope=0 and a dumpable target\n",
                what, (int) pid);
        return 77;
}

static int probe(pid_t pid) {
        int pidfd, *fds = NULL, r;
        size_t n = 0;
        bool any_perm = false, any_ok = false;

        pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
        if (pidfd < 0) {
                fprintf(stderr, "sockopt-probe: pidfd_open(%d): %s\n", (int) pid, strerror(errno));
                return 1;
        }
        r = list_fds(pid, &fds, &n);
        if (r < 0) {
                close(pidfd);
                if (r == -EACCES || r == -EPERM)
                        return not_permitted(pid, "reading /proc/PID/fd (EACCES)");
                fprintf(stderr, "sockopt-probe: cannot list /proc/%d/fd: %s\n", (int) pid, strerror(-r));
                return 1;
        }

        for (size_t i = 0; i < n; i++) {
                Line l = {};
                struct stat st;
                struct statfs sfs;
                unsigned flags = 0;
                int fd;

                fd = (int) syscall(SYS_pidfd_getfd, pidfd, fds[i], 0);
                if (fd < 0) {
                        if (errno == EPERM)
                                any_perm = true;
                        else if (errno != EBADF) /* closed meanwhile */
                                fprintf(stderr, "sockopt-probe: pidfd_getfd(%d, %d): %s\n", (int) pid,
                                        fds[i], strerror(errno));
                        continue;
                }
                any_ok = true;
                if (fstat(fd, &st) < 0 || fdinfo_flags(pid, fds[i], &flags) < 0) {
                        close(fd);
                        continue;
                }

                add(&l, "fd=%d", fds[i]);
                if (S_ISSOCK(st.st_mode)) {
                        add(&l, " kind=socket");
                        add_socket(&l, fd);
                } else if (S_ISFIFO(st.st_mode)) {
                        add(&l, " kind=fifo");
                        add_path_of(&l, pid, fds[i]);
                        add(&l, " access=%s", access_name(flags));
                        r = fcntl(fd, F_GETPIPE_SZ);
                        if (r >= 0)
                                add(&l, " F_GETPIPE_SZ=%d", r);
                } else if (fstatfs(fd, &sfs) >= 0 && sfs.f_type == MQUEUE_MAGIC) {
                        struct mq_attr attr;

                        add(&l, " kind=mqueue");
                        add_path_of(&l, pid, fds[i]);
                        add(&l, " access=%s", access_name(flags));
                        if (mq_getattr(fd, &attr) >= 0)
                                add(&l, " maxmsg=%ld msgsize=%ld", (long) attr.mq_maxmsg,
                                    (long) attr.mq_msgsize);
                } else if (S_ISCHR(st.st_mode)) {
                        add(&l, " kind=chr");
                        add_path_of(&l, pid, fds[i]);
                        add(&l, " rdev=%u:%u", major(st.st_rdev), minor(st.st_rdev));
                        add(&l, " access=%s", access_name(flags));
                } else {
                        close(fd);
                        continue;
                }
                add(&l, " O_NONBLOCK=%d FD_CLOEXEC=%d", !!(flags & O_NONBLOCK), !!(flags & O_CLOEXEC));
                printf("%s\n", l.buf);
                close(fd);
        }
        free(fds);
        close(pidfd);

        if (any_perm && !any_ok)
                return not_permitted(pid, "pidfd_getfd() (EPERM)");
        if (any_perm) {
                fprintf(stderr, "sockopt-probe: some fds of process %d could not be duplicated (EPERM)\n",
                        (int) pid);
                return 1;
        }
        return 0;
}

static int do_connect(const char *address, const char *port_s) {
        struct sockaddr_storage ss = {};
        socklen_t len;
        char *end;
        unsigned long port;
        struct pollfd p;
        int fd, err = 0;
        socklen_t elen = sizeof(err);

        port = strtoul(port_s, &end, 10);
        if (*end != '\0' || port == 0 || port > 65535) {
                fprintf(stderr, "sockopt-probe: bad port %s\n", port_s);
                return 2;
        }
        if (inet_pton(AF_INET, address, &((struct sockaddr_in *) &ss)->sin_addr) == 1) {
                ((struct sockaddr_in *) &ss)->sin_family = AF_INET;
                ((struct sockaddr_in *) &ss)->sin_port = htons((uint16_t) port);
                len = sizeof(struct sockaddr_in);
        } else if (inet_pton(AF_INET6, address, &((struct sockaddr_in6 *) &ss)->sin6_addr) == 1) {
                ((struct sockaddr_in6 *) &ss)->sin6_family = AF_INET6;
                ((struct sockaddr_in6 *) &ss)->sin6_port = htons((uint16_t) port);
                len = sizeof(struct sockaddr_in6);
        } else {
                fprintf(stderr, "sockopt-probe: bad address %s\n", address);
                return 2;
        }

        fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
                fprintf(stderr, "sockopt-probe: socket: %s\n", strerror(errno));
                return 1;
        }
        if (connect(fd, (struct sockaddr *) &ss, len) < 0) {
                if (errno != EINPROGRESS) {
                        fprintf(stderr, "sockopt-probe: connect %s:%s: %s\n", address, port_s,
                                strerror(errno));
                        close(fd);
                        return 1;
                }
                p = (struct pollfd) { .fd = fd, .events = POLLOUT };
                if (poll(&p, 1, 5000) <= 0) {
                        fprintf(stderr, "sockopt-probe: connect %s:%s: timed out\n", address, port_s);
                        close(fd);
                        return 1;
                }
                if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
                        err = errno;
                if (err != 0) {
                        fprintf(stderr, "sockopt-probe: connect %s:%s: %s\n", address, port_s,
                                strerror(err));
                        close(fd);
                        return 1;
                }
        }
        printf("connected to %s:%s\n", address, port_s);
        close(fd);
        return 0;
}

static int do_mqueue(const char *name) {
        struct mq_attr attr;
        mqd_t q;

        q = mq_open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (q == (mqd_t) -1 && errno == EACCES)
                q = mq_open(name, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
        if (q == (mqd_t) -1) {
                fprintf(stderr, "sockopt-probe: mq_open %s: %s\n", name, strerror(errno));
                return 1;
        }
        if (mq_getattr(q, &attr) < 0) {
                fprintf(stderr, "sockopt-probe: mq_getattr %s: %s\n", name, strerror(errno));
                mq_close(q);
                return 1;
        }
        printf("maxmsg=%ld msgsize=%ld\n", (long) attr.mq_maxmsg, (long) attr.mq_msgsize);
        mq_close(q);
        return 0;
}

int main(int argc, char *argv[]) {
        char *end;
        long pid;

        if (argc == 4 && strcmp(argv[1], "--connect") == 0)
                return do_connect(argv[2], argv[3]);
        if (argc == 3 && strcmp(argv[1], "--mqueue") == 0)
                return do_mqueue(argv[2]);
        if (argc == 3 && strcmp(argv[1], "--mq-unlink") == 0) {
                if (mq_unlink(argv[2]) < 0 && errno != ENOENT) {
                        fprintf(stderr, "sockopt-probe: mq_unlink %s: %s\n", argv[2], strerror(errno));
                        return 1;
                }
                return 0;
        }
        if (argc != 2) {
                fprintf(stderr, "usage: sockopt-probe PID\n"
                                "       sockopt-probe --connect ADDRESS PORT\n"
                                "       sockopt-probe --mqueue NAME\n"
                                "       sockopt-probe --mq-unlink NAME\n");
                return 2;
        }
        errno = 0;
        pid = strtol(argv[1], &end, 10);
        if (errno != 0 || *end != '\0' || pid <= 0 || pid > INT_MAX) {
                fprintf(stderr, "sockopt-probe: bad PID %s\n", argv[1]);
                return 2;
        }
        return probe((pid_t) pid);
}
