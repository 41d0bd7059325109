/* SPDX-License-Identifier: MIT */
/* socket-listen: every Listen*= type and every [Socket] option of systemd.socket(5), opened for real (in a
 * temporary directory, on loopback) from unit text parsed by the real parser, checked on the fd with
 * getsockopt()/getsockname()/fstat() and on the file system with lstat(). Privileged options are checked as
 * root; when the suite runs as root, a forked test also drops to nobody to check that they are then skipped,
 * not fatal. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <mqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "log.h"
#include "macro.h"
#include "socket-listen.h"
#include "strv.h"
#include "unit-load.h"

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND 78
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define UNIT "t.socket"

/* ---- log capture ---- */

#define LOG_MAX 512
static struct {
        int level;
        char *msg;
} logs[LOG_MAX];
static size_t n_logs;

static void sink(int level, const char *message, void *userdata) {
        if (n_logs < LOG_MAX) {
                logs[n_logs].level = level;
                logs[n_logs].msg = strdup(message);
                n_logs++;
        }
        if (getenv("TEST_VERBOSE"))
                fprintf(stderr, "<%d> %s\n", level, message);
}

static void log_reset(void) {
        for (size_t i = 0; i < n_logs; i++)
                free(logs[i].msg);
        n_logs = 0;
}

/* Number of messages at exactly this level. */
static size_t log_count(int level) {
        size_t n = 0;

        for (size_t i = 0; i < n_logs; i++)
                n += logs[i].level == level;
        return n;
}

static bool log_has(int level, const char *text) {
        for (size_t i = 0; i < n_logs; i++)
                if (logs[i].level == level && logs[i].msg && strstr(logs[i].msg, text))
                        return true;
        return false;
}

static void log_dump(void) {
        for (size_t i = 0; i < n_logs; i++)
                fprintf(stderr, "  log <%d> %s\n", logs[i].level, logs[i].msg);
}

#define assert_log(level, text)                                                                             \
        do {                                                                                                \
                if (!log_has((level), (text)))                                                              \
                        log_dump();                                                                         \
                ck_assert_msg(log_has((level), (text)), "no log line <%d> containing \"%s\"", (level),      \
                              (text));                                                                      \
        } while (0)

/* ---- helpers ---- */

static bool is_root(void) {
        return geteuid() == 0;
}

static bool forking(void) {
        const char *e = getenv("CK_FORK");
        return !e || !streq(e, "no");
}

static char *tmp;

static void setup(void) {
        char t[] = "/tmp/listen-test.XXXXXX";

        ck_assert_ptr_nonnull(mkdtemp(t));
        tmp = strdup(t);
        ck_assert_ptr_nonnull(tmp);
        log_set_sink(sink, NULL);
        log_set_max_level(LOG_DEBUG);
        log_reset();
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void) remove(path);
        return 0;
}

static void teardown(void) {
        if (tmp)
                (void) nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        tmp = mfree_ptr(tmp);
        log_reset();
}

_printf_(1, 2) static char *tpath(const char *fmt, ...) {
        _cleanup_free_ char *rel = NULL;
        va_list ap;
        char *r;

        va_start(ap, fmt);
        ck_assert_int_ge(vasprintf(&rel, fmt, ap), 0);
        va_end(ap);
        ck_assert_int_ge(asprintf(&r, "%s/%s", tmp, rel), 0);
        return r;
}

static UnitFile *load_unit_valist(bool must_load, const char *fmt, va_list ap) {
        _cleanup_free_ char *body = NULL, *text = NULL;
        UnitFile *u = NULL;

        ck_assert_int_ge(vasprintf(&body, fmt, ap), 0);
        ck_assert_int_ge(asprintf(&text, "[Socket]\n%s", body), 0);
        ck_assert_int_eq(unit_file_load_from_text(UNIT, "/tmp/t.socket", text, strlen(text), NULL, NULL, &u),
                         0);
        if (must_load)
                ck_assert_msg(u->load_error == 0, "load error: %s", strna(u->load_error_reason));
        ck_assert_ptr_nonnull(u->socket.ports);
        log_reset();
        return u;
}

/* Parse unit text (printf format) with the real unit-file reader; it must load. */
_printf_(1, 2) static UnitFile *load_unit(const char *fmt, ...) {
        va_list ap;
        UnitFile *u;

        va_start(ap, fmt);
        u = load_unit_valist(true, fmt, ap);
        va_end(ap);
        return u;
}

/* The same for a unit the loader refuses (to check this module's own defence). */
_printf_(1, 2) static UnitFile *load_unit_refused(const char *fmt, ...) {
        va_list ap;
        UnitFile *u;

        va_start(ap, fmt);
        u = load_unit_valist(false, fmt, ap);
        va_end(ap);
        ck_assert_int_ne(u->load_error, 0);
        return u;
}

static int open_port(UnitFile *u, const SocketPort *p, ListenFd *ret) {
        return socket_port_open(UNIT, &u->socket, p, ret);
}

static int open_first(UnitFile *u, ListenFd *ret) {
        return open_port(u, u->socket.ports, ret);
}

static int sockopt(int fd, int level, int option) {
        int v = -12345;
        socklen_t l = sizeof(v);

        ck_assert_msg(getsockopt(fd, level, option, &v, &l) == 0, "getsockopt(%d, %d): %m", level, option);
        return v;
}

static void assert_fd_flags(int fd) {
        ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
        ck_assert_int_ne(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
}

/* A port free on 127.0.0.1 and ::1 (and the wildcard addresses) for this socket type. */
static uint16_t free_port(int type) {
        struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
        struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t l;
        uint16_t port;
        int fd;

        fd = socket(AF_INET6, type, 0);
        if (fd >= 0) {
                int zero = 0;

                (void) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
                ck_assert_int_eq(bind(fd, (struct sockaddr *) &a6, sizeof(a6)), 0);
                l = sizeof(a6);
                ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &a6, &l), 0);
                port = ntohs(a6.sin6_port);
        } else {
                fd = socket(AF_INET, type, 0);
                ck_assert_int_ge(fd, 0);
                ck_assert_int_eq(bind(fd, (struct sockaddr *) &a4, sizeof(a4)), 0);
                l = sizeof(a4);
                ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &a4, &l), 0);
                port = ntohs(a4.sin_port);
        }
        close(fd);
        return port;
}

static bool have_ipv6(void) {
        int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (fd < 0)
                return false;
        close(fd);
        return access("/proc/net/if_inet6", F_OK) == 0;
}

static int count_fds(void) {
        DIR *d = opendir("/proc/self/fd");
        struct dirent *de;
        int n = 0;

        ck_assert_ptr_nonnull(d);
        while ((de = readdir(d)))
                if (de->d_name[0] != '.')
                        n++;
        closedir(d);
        return n;
}

static int connect_tcp4(uint16_t port) {
        struct sockaddr_in a = {
                .sin_family = AF_INET,
                .sin_port = htons(port),
                .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
        };
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        ck_assert_int_ge(fd, 0);
        if (connect(fd, (struct sockaddr *) &a, sizeof(a)) < 0) {
                int e = errno;
                close(fd);
                return -e;
        }
        return fd;
}

static int accept_one(int lfd) {
        struct pollfd p = { .fd = lfd, .events = POLLIN };

        ck_assert_int_eq(poll(&p, 1, 5000), 1);
        return accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
}

static void write_file(const char *path, const char *content, mode_t mode) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t) strlen(content));
        close(fd);
}

static void assert_file_content(const char *path, const char *content) {
        char buf[256] = {};
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

        ck_assert_int_ge(fd, 0);
        ck_assert_int_ge(read(fd, buf, sizeof(buf) - 1), 0);
        close(fd);
        ck_assert_str_eq(buf, content);
}

static void bind_unix_at(const char *path, ino_t *ret_ino) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct stat st;
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        ck_assert_int_ge(fd, 0);
        strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
        ck_assert_int_eq(bind(fd, (struct sockaddr *) &sa, sizeof(sa)), 0);
        close(fd); /* leaves a stale node */
        ck_assert_int_eq(lstat(path, &st), 0);
        if (ret_ino)
                *ret_ino = st.st_ino;
}

/* ---- TCP over IPv4 with every option ---- */

START_TEST(test_tcp4_options) {
        uint16_t port = free_port(SOCK_STREAM);
        _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenStream=127.0.0.1:%u\n"
                                                           "Backlog=17\n"
                                                           "KeepAlive=yes\n"
                                                           "KeepAliveTimeSec=75\n"
                                                           "KeepAliveIntervalSec=5500ms\n"
                                                           "KeepAliveProbes=4\n"
                                                           "NoDelay=yes\n"
                                                           "DeferAcceptSec=3\n"
                                                           "Priority=5\n"
                                                           "ReceiveBuffer=64K\n"
                                                           "SendBuffer=96K\n"
                                                           "IPTOS=low-delay\n"
                                                           "IPTTL=42\n"
                                                           "TCPCongestion=reno\n"
                                                           "ReusePort=yes\n"
                                                           "FreeBind=yes\n"
                                                           "Broadcast=yes\n"
                                                           "PassPacketInfo=yes\n"
                                                           "PassCredentials=yes\n"
                                                           "PassSecurity=yes\n"
                                                           "Timestamping=ns\n",
                                                           port);
        ListenFd l = LISTEN_FD_NULL;
        struct sockaddr_in sa;
        socklen_t sl = sizeof(sa);
        char cc[16] = {};
        socklen_t ccl = sizeof(cc);
        int fd;

        ck_assert_int_eq(open_first(u, &l), 0);
        fd = l.fd;
        ck_assert_int_ge(fd, 0);
        ck_assert(!l.have_node);
        assert_fd_flags(fd);

        ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &sa, &sl), 0);
        ck_assert_int_eq(sa.sin_family, AF_INET);
        ck_assert_int_eq(ntohs(sa.sin_port), port);
        ck_assert_int_eq(ntohl(sa.sin_addr.s_addr), INADDR_LOOPBACK);

        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_REUSEADDR), 1);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_REUSEPORT), 1);
        ck_assert_int_eq(sockopt(fd, IPPROTO_IP, IP_FREEBIND), 1);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
        ck_assert_int_eq(sockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE), 75);
        ck_assert_int_eq(sockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL), 5); /* 5.5 s: whole seconds, as systemd */
        ck_assert_int_eq(sockopt(fd, IPPROTO_TCP, TCP_KEEPCNT), 4);
        ck_assert_int_eq(sockopt(fd, IPPROTO_TCP, TCP_NODELAY), 1);
        ck_assert_int_eq(sockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT), 3);
        /* Priority= is applied before IPTOS=, as in systemd, and the kernel derives the priority from the
         * TOS (low-delay = TC_PRIO_INTERACTIVE = 6): so with both set, the TOS wins. */
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_PRIORITY), 6);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_RCVBUF), 2 * 64 * 1024);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_SNDBUF), 2 * 96 * 1024);
        ck_assert_int_eq(sockopt(fd, IPPROTO_IP, IP_TOS), IPTOS_LOWDELAY);
        ck_assert_int_eq(sockopt(fd, IPPROTO_IP, IP_TTL), 42);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_BROADCAST), 1);
        ck_assert_int_eq(sockopt(fd, IPPROTO_IP, IP_PKTINFO), 1);
        ck_assert_int_eq(sockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS), 1);
        ck_assert_int_eq(getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, cc, &ccl), 0);
        ck_assert_str_eq(cc, "reno");
        /* PassCredentials=/PassSecurity= do not apply to TCP: skipped silently, not even tried. */
        for (int level = LOG_EMERG; level <= LOG_DEBUG; level++) {
                ck_assert(!log_has(level, "SO_PASSCRED"));
                ck_assert(!log_has(level, "SO_PASSSEC"));
        }
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        ck_assert_int_eq(log_count(LOG_ERR), 0);

        /* A connection gets the per-connection options re-applied (Accept=yes). */
        int c = connect_tcp4(port);
        ck_assert_int_ge(c, 0);
        ck_assert_int_eq(write(c, "x", 1), 1); /* DeferAcceptSec: the kernel waits for data */
        int cfd = accept_one(fd);
        ck_assert_int_ge(cfd, 0);
        ck_assert_int_eq(socket_apply_connection_options(UNIT, &u->socket, cfd), 0);
        ck_assert_int_eq(sockopt(cfd, SOL_SOCKET, SO_KEEPALIVE), 1);
        ck_assert_int_eq(sockopt(cfd, IPPROTO_TCP, TCP_KEEPIDLE), 75);
        ck_assert_int_eq(sockopt(cfd, IPPROTO_TCP, TCP_KEEPINTVL), 5);
        ck_assert_int_eq(sockopt(cfd, IPPROTO_TCP, TCP_KEEPCNT), 4);
        ck_assert_int_eq(sockopt(cfd, IPPROTO_TCP, TCP_NODELAY), 1);
        /* The connection inherited the TOS, so re-setting it no longer resets the priority: 5 stays. */
        ck_assert_int_eq(sockopt(cfd, SOL_SOCKET, SO_PRIORITY), 5);
        ck_assert_int_eq(sockopt(cfd, IPPROTO_IP, IP_TOS), IPTOS_LOWDELAY);
        ck_assert_int_eq(sockopt(cfd, IPPROTO_IP, IP_TTL), 42);
        ck_assert_int_eq(sockopt(cfd, SOL_SOCKET, SO_RCVBUF), 2 * 64 * 1024);
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        close(cfd);
        close(c);

        listen_fd_close(&l);
        ck_assert_int_eq(l.fd, -EBADF);
        listen_fd_close(&l); /* idempotent */
}
END_TEST

START_TEST(test_priority) {
        uint16_t port = free_port(SOCK_DGRAM);
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenDatagram=127.0.0.1:%u\nPriority=5\n", port);
        _cleanup_free_ char *path = tpath("prio.sock");
        _cleanup_(unit_file_freep) UnitFile *v = load_unit("ListenStream=%s\nPriority=3\n", path);
        ListenFd l = LISTEN_FD_NULL;

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PRIORITY), 5);
        listen_fd_close(&l);
        ck_assert_int_eq(open_first(v, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PRIORITY), 3);
        listen_fd_close(&l);
        ck_assert_int_eq(n_logs, 0);
}
END_TEST

/* Unset options leave the kernel defaults alone. */
START_TEST(test_tcp4_defaults) {
        uint16_t port = free_port(SOCK_STREAM);
        _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenStream=127.0.0.1:%u\n", port);
        ListenFd l = LISTEN_FD_NULL;
        int probe = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_REUSEADDR), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_REUSEPORT), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_KEEPALIVE), 0);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_TCP, TCP_KEEPIDLE),
                         sockopt(probe, IPPROTO_TCP, TCP_KEEPIDLE));
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_TCP, TCP_NODELAY), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PRIORITY), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_MARK), 0);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IP, IP_TOS), 0);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IP, IP_TTL), sockopt(probe, IPPROTO_IP, IP_TTL));
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_RCVBUF), sockopt(probe, SOL_SOCKET, SO_RCVBUF));
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IP, IP_FREEBIND), 0);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_TCP, TCP_DEFER_ACCEPT), 0);
        ck_assert_int_eq(n_logs, 0);
        close(probe);
        listen_fd_close(&l);
}
END_TEST

/* ---- IPv6, dual stack, scope ---- */

static void check_v6only(const char *setting, int expected_v6only) {
        uint16_t port = free_port(SOCK_STREAM);
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenStream=%u\n%s\nIPTOS=0x20\nIPTTL=7\nPassPacketInfo=yes\nFreeBind=yes\n",
                          port, setting);
        ListenFd l = LISTEN_FD_NULL;
        struct sockaddr_in6 sa;
        socklen_t sl = sizeof(sa);
        int c;

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &sa, &sl), 0);
        ck_assert_int_eq(sa.sin6_family, AF_INET6);
        ck_assert(IN6_IS_ADDR_UNSPECIFIED(&sa.sin6_addr));
        ck_assert_int_eq(ntohs(sa.sin6_port), port);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IPV6, IPV6_V6ONLY), expected_v6only);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IPV6, IPV6_TCLASS), 0x20);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IP, IP_TOS), 0x20);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS), 7);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IPV6, IPV6_RECVPKTINFO), 1);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IPV6, IPV6_FREEBIND), 1);
        ck_assert_int_eq(log_count(LOG_WARNING), 0);

        /* Reachable over IPv4 exactly when dual-stack. */
        c = connect_tcp4(port);
        if (expected_v6only)
                ck_assert_int_eq(c, -ECONNREFUSED);
        else {
                ck_assert_int_ge(c, 0);
                close(c);
        }
        listen_fd_close(&l);
}

START_TEST(test_ipv6_bind_only) {
        char buf[8] = {};
        int fd;

        if (!have_ipv6()) {
                fprintf(stderr, "skipped (no IPv6): test_ipv6_bind_only\n");
                return;
        }
        fd = open("/proc/sys/net/ipv6/bindv6only", O_RDONLY | O_CLOEXEC);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_gt(read(fd, buf, sizeof(buf) - 1), 0);
        close(fd);

        check_v6only("", buf[0] == '1'); /* default: the system's setting */
        check_v6only("BindIPv6Only=default", buf[0] == '1');
        check_v6only("BindIPv6Only=both", 0);
        check_v6only("BindIPv6Only=ipv6-only", 1);
        check_v6only("BindIPv6Only=yes", 1); /* a boolean: yes = ipv6-only */
        check_v6only("BindIPv6Only=no", 0);
}
END_TEST

START_TEST(test_ipv6_scope) {
        uint16_t port = free_port(SOCK_STREAM);
        ListenFd l = LISTEN_FD_NULL;
        struct sockaddr_in6 sa;
        socklen_t sl = sizeof(sa);
        _cleanup_free_ char *msg = NULL;

        if (!have_ipv6()) {
                fprintf(stderr, "skipped (no IPv6): test_ipv6_scope\n");
                return;
        }

        /* The interface name is resolved at open time into the scope id. */
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenStream=[fe80::1]:%u%%%%lo\nFreeBind=yes\n", port);
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &sa, &sl), 0);
        ck_assert_int_eq(sa.sin6_scope_id, if_nametoindex("lo"));
        ck_assert_int_eq(sa.sin6_addr.s6_addr[0], 0xfe);
        listen_fd_close(&l);

        /* A missing device: the listener fails with ENODEV. */
        _cleanup_(unit_file_freep) UnitFile *v =
                load_unit("ListenStream=[fe80::1]:%u%%%%nosuchdev0\nFreeBind=yes\n", port);
        l = LISTEN_FD_NULL;
        ck_assert_int_eq(open_first(v, &l), -ENODEV);
        ck_assert_int_eq(l.fd, -EBADF);
        ck_assert_int_ge(asprintf(&msg, UNIT ": Failed to listen on [fe80::1]:%u%%nosuchdev0: ", port), 0);
        assert_log(LOG_ERR, msg);
        assert_log(LOG_ERR, "No such device");
        ck_assert_int_eq(log_count(LOG_ERR), 1);

        /* IPv4 with a scope: systemd only checks that the interface exists. */
        _cleanup_(unit_file_freep) UnitFile *w = load_unit("ListenStream=127.0.0.1:%u%%%%lo\n", port);
        ck_assert_int_eq(open_first(w, &l), 0);
        listen_fd_close(&l);
        _cleanup_(unit_file_freep) UnitFile *x =
                load_unit("ListenStream=127.0.0.1:%u%%%%nosuchdev0\n", port);
        ck_assert_int_eq(open_first(x, &l), -ENODEV);
}
END_TEST

/* A kernel without IPv6: socket(AF_INET6) fails with EAFNOSUPPORT (simulated with seccomp in this forked
 * test process); a port-only address then listens on 0.0.0.0. */
static bool block_ipv6_sockets(void) {
#if defined(__x86_64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#ifdef TEST_AUDIT_ARCH
        struct sock_filter f[] = {
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TEST_AUDIT_ARCH, 1, 0),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 3),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 0, 1),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAFNOSUPPORT),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = { .len = ELEMENTSOF(f), .filter = f };

        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return false;
        return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
#else
        return false;
#endif
}

START_TEST(test_port_only_ipv4_fallback) {
        uint16_t port = free_port(SOCK_STREAM);
        ListenFd l = LISTEN_FD_NULL;
        struct sockaddr_in sa;
        socklen_t sl = sizeof(sa);

        if (!have_ipv6() || !forking()) {
                fprintf(stderr, "skipped (no IPv6 or CK_FORK=no): test_port_only_ipv4_fallback\n");
                return;
        }
        /* Parsed while IPv6 is there: "[::]:PORT". */
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenStream=%u\nListenDatagram=%u\n", port, port);
        _cleanup_(unit_file_freep) UnitFile *v =
                load_unit("ListenStream=%u\nBindIPv6Only=ipv6-only\n", port);
        ck_assert_int_eq(socket_address_family(&u->socket.ports->address), AF_INET6);
        if (!block_ipv6_sockets()) {
                fprintf(stderr, "skipped (no seccomp): test_port_only_ipv4_fallback\n");
                return;
        }
        ck_assert_int_lt(socket(AF_INET6, SOCK_STREAM, 0), 0);

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &sa, &sl), 0);
        ck_assert_int_eq(sa.sin_family, AF_INET);
        ck_assert_int_eq(sa.sin_addr.s_addr, htonl(INADDR_ANY));
        ck_assert_int_eq(ntohs(sa.sin_port), port);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        listen_fd_close(&l);
        ck_assert_int_eq(open_port(u, u->socket.ports->next, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_DOMAIN), AF_INET);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
        listen_fd_close(&l);

        /* ipv6-only cannot fall back. */
        ck_assert_int_eq(open_first(v, &l), -EAFNOSUPPORT);
        ck_assert_int_eq(log_count(LOG_ERR), 1);
}
END_TEST

/* ---- UDP, SocketProtocol= ---- */

START_TEST(test_udp) {
        uint16_t port = free_port(SOCK_DGRAM);
        _cleanup_(unit_file_freep) UnitFile *u = load_unit(
                "ListenDatagram=127.0.0.1:%u\nBroadcast=yes\nPassPacketInfo=yes\nTimestamping=us\n"
                "KeepAliveTimeSec=10\nNoDelay=yes\nDeferAcceptSec=5\nTCPCongestion=reno\nBacklog=3\n",
                port);
        ListenFd l = LISTEN_FD_NULL;

        ck_assert_int_eq(open_first(u, &l), 0);
        assert_fd_flags(l.fd);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 0); /* no listen() for datagrams */
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_BROADCAST), 1);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IP, IP_PKTINFO), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TIMESTAMP), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TIMESTAMPNS), 0);
        /* TCP-only options on UDP: skipped without a word. */
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        ck_assert_int_eq(log_count(LOG_ERR), 0);
        listen_fd_close(&l);

        _cleanup_(unit_file_freep) UnitFile *v =
                load_unit("ListenDatagram=127.0.0.1:%u\nSocketProtocol=udplite\n", port);
        ck_assert_int_eq(open_first(v, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDPLITE);
        listen_fd_close(&l);
}
END_TEST

/* SocketProtocol= goes to socket(); a kernel without it makes the listener fail with the kernel's error. */
static void check_protocol(const char *name, int proto, int type, const char *directive) {
        uint16_t port = free_port(type);
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("%s=127.0.0.1:%u\nSocketProtocol=%s\nNoDelay=yes\n", directive, port, name);
        ListenFd l = LISTEN_FD_NULL;
        int probe = socket(AF_INET, type | SOCK_CLOEXEC, proto), e = errno, r;

        r = open_first(u, &l);
        if (probe < 0) {
                ck_assert_int_eq(r, -e);
                ck_assert_int_eq(log_count(LOG_ERR), 1);
                fprintf(stderr, "note: kernel lacks %s: %s\n", name, strerror(e));
                return;
        }
        close(probe);
        ck_assert_int_eq(r, 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PROTOCOL), proto);
        listen_fd_close(&l);
}

START_TEST(test_socket_protocol) {
        check_protocol("sctp", IPPROTO_SCTP, SOCK_STREAM, "ListenStream");
        check_protocol("mptcp", IPPROTO_MPTCP, SOCK_STREAM, "ListenStream");
        check_protocol("udplite", IPPROTO_UDPLITE, SOCK_DGRAM, "ListenDatagram");
}
END_TEST

/* ---- AF_UNIX ---- */

START_TEST(test_unix_stream) {
        _cleanup_free_ char *path = tpath("a/b/web.sock"), *a = tpath("a"), *ab = tpath("a/b");
        _cleanup_(unit_file_freep) UnitFile *u = load_unit(
                "ListenStream=%s\nSocketMode=0640\nDirectoryMode=0710\nPassCredentials=yes\nPassSecurity="
                "yes\n"
                "ReceiveBuffer=32K\nIPTOS=low-delay\nIPTTL=3\nKeepAliveTimeSec=60\nNoDelay=yes\n"
                "TCPCongestion=reno\nFreeBind=yes\nReusePort=yes\nBindToDevice=nosuchdev0\nBacklog=5\n",
                path);
        ListenFd l = LISTEN_FD_NULL;
        struct sockaddr_un sa;
        socklen_t sl = sizeof(sa);
        struct stat st;
        mode_t old = umask(0022);

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(umask(old), 0022); /* restored */
        assert_fd_flags(l.fd);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_DOMAIN), AF_UNIX);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PASSCRED), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PASSSEC), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_RCVBUF), 2 * 32 * 1024);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &sa, &sl), 0);
        ck_assert_str_eq(sa.sun_path, path);

        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert(S_ISSOCK(st.st_mode));
        ck_assert_int_eq(st.st_mode & 07777, 0640); /* SocketMode= exactly, regardless of the umask */
        ck_assert_int_eq(st.st_uid, geteuid());
        ck_assert(l.have_node);
        ck_assert_int_eq(l.dev, st.st_dev);
        ck_assert_int_eq(l.ino, st.st_ino);
        ck_assert_int_eq(lstat(a, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0710); /* DirectoryMode= for each created parent */
        ck_assert_int_eq(lstat(ab, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0710);
        /* IP-only and TCP-only options (BindToDevice= included) do not apply to AF_UNIX: skipped silently.
         */
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        ck_assert_int_eq(log_count(LOG_ERR), 0);

        /* The connection fd gets SO_PASSCRED too. */
        {
                struct sockaddr_un ca = { .sun_family = AF_UNIX };
                int c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), cfd;

                strncpy(ca.sun_path, path, sizeof(ca.sun_path) - 1);
                ck_assert_int_eq(connect(c, (struct sockaddr *) &ca, sizeof(ca)), 0);
                cfd = accept_one(l.fd);
                ck_assert_int_ge(cfd, 0);
                ck_assert_int_eq(setsockopt(cfd, SOL_SOCKET, SO_PASSCRED, &(int) { 0 }, sizeof(int)), 0);
                ck_assert_int_eq(socket_apply_connection_options(UNIT, &u->socket, cfd), 0);
                ck_assert_int_eq(sockopt(cfd, SOL_SOCKET, SO_PASSCRED), 1);
                ck_assert_int_eq(log_count(LOG_WARNING), 0);
                close(cfd);
                close(c);
        }
        listen_fd_close(&l);
        /* Closing leaves the node (systemd removes it only with RemoveOnStop=). */
        ck_assert_int_eq(lstat(path, &st), 0);
}
END_TEST

START_TEST(test_unix_types) {
        _cleanup_free_ char *p1 = tpath("seq.sock"), *p2 = tpath("dgram.sock"), *dir = tpath("existing");
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenSequentialPacket=%s\nListenDatagram=%s\nDirectoryMode=0700\n", p1, p2);
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TYPE), SOCK_SEQPACKET);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        ck_assert_int_eq(lstat(p1, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0666); /* default SocketMode= */
        listen_fd_close(&l);
        ck_assert_int_eq(open_port(u, u->socket.ports->next, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 0);
        listen_fd_close(&l);
        /* The temp dir existed: its mode was not touched. */
        ck_assert_int_eq(lstat(tmp, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0700);

        /* An existing parent keeps its mode. */
        ck_assert_int_eq(mkdir(dir, 0751), 0);
        ck_assert_int_eq(chmod(dir, 0751), 0);
        _cleanup_free_ char *p3 = tpath("existing/new/x.sock"), *newdir = tpath("existing/new");
        _cleanup_(unit_file_freep) UnitFile *v = load_unit("ListenStream=%s\nDirectoryMode=0700\n", p3);
        ck_assert_int_eq(open_first(v, &l), 0);
        ck_assert_int_eq(lstat(dir, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0751);
        ck_assert_int_eq(lstat(newdir, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0700);
        listen_fd_close(&l);
}
END_TEST

START_TEST(test_unix_abstract) {
        _cleanup_(unit_file_freep) UnitFile *u = load_unit(
                "ListenStream=@sockact-test-%d\nSocketMode=0600\nPassCredentials=yes\n", (int) getpid());
        ListenFd l = LISTEN_FD_NULL;
        struct sockaddr_un sa;
        socklen_t sl = sizeof(sa);
        char expected[64];
        int n = snprintf(expected, sizeof(expected), "sockact-test-%d", (int) getpid());

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert(!l.have_node);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &sa, &sl), 0);
        ck_assert_int_eq(sl, offsetof(struct sockaddr_un, sun_path) + 1 + n);
        ck_assert_int_eq(sa.sun_path[0], 0);
        ck_assert(memcmp(sa.sun_path + 1, expected, n) == 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PASSCRED), 1);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 0);
        listen_fd_close(&l);
}
END_TEST

START_TEST(test_unix_owner) {
        _cleanup_free_ char *path = tpath("owned.sock"), *fifo = tpath("owned.fifo");
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;

        if (!is_root()) {
                /* Our own user by name: allowed unprivileged. */
                struct passwd *pw = getpwuid(geteuid());
                ck_assert_ptr_nonnull(pw);
                _cleanup_(unit_file_freep) UnitFile *u =
                        load_unit("ListenStream=%s\nSocketUser=%s\n", path, pw->pw_name);
                ck_assert_int_eq(open_first(u, &l), 0);
                ck_assert_int_eq(lstat(path, &st), 0);
                ck_assert_int_eq(st.st_uid, geteuid());
                ck_assert_int_eq(st.st_gid, pw->pw_gid);
                listen_fd_close(&l);
                fprintf(stderr, "skipped (not root): chown of sockets/FIFOs to another user\n");
                return;
        }

        /* Only a user: the group is the user's primary group. */
        struct passwd *nobody = getpwnam("nobody");
        ck_assert_ptr_nonnull(nobody);
        uid_t nobody_uid = nobody->pw_uid;
        gid_t nobody_gid = nobody->pw_gid;
        _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenStream=%s\nSocketUser=nobody\n", path);
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert_int_eq(st.st_uid, nobody_uid);
        ck_assert_int_eq(st.st_gid, nobody_gid);
        listen_fd_close(&l);

        /* Numeric IDs, not in the user database. */
        _cleanup_(unit_file_freep) UnitFile *v = load_unit(
                "ListenStream=%s\nListenFIFO=%s\nSocketUser=12345\nSocketGroup=54321\n", path, fifo);
        ck_assert_int_eq(open_first(v, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert_int_eq(st.st_uid, 12345);
        ck_assert_int_eq(st.st_gid, 54321);
        listen_fd_close(&l);
        ck_assert_int_eq(open_port(v, v->socket.ports->next, &l), 0);
        ck_assert_int_eq(lstat(fifo, &st), 0);
        ck_assert_int_eq(st.st_uid, 12345);
        ck_assert_int_eq(st.st_gid, 54321);
        listen_fd_close(&l);

        /* Only a group. */
        _cleanup_(unit_file_freep) UnitFile *w = load_unit("ListenStream=%s\nSocketGroup=nogroup\n", path);
        struct group *gr = getgrnam("nogroup");
        if (gr) {
                gid_t g = gr->gr_gid;
                ck_assert_int_eq(open_first(w, &l), 0);
                ck_assert_int_eq(lstat(path, &st), 0);
                ck_assert_int_eq(st.st_uid, 0);
                ck_assert_int_eq(st.st_gid, g);
                listen_fd_close(&l);
        }
}
END_TEST

START_TEST(test_unix_unknown_user) {
        _cleanup_free_ char *path = tpath("x.sock"), *msg = NULL;
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenStream=%s\nSocketUser=sockact-no-such-user\n", path);
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;
        int r = open_first(u, &l);

        ck_assert_int_lt(r, 0);
        ck_assert_int_eq(l.fd, -EBADF);
        ck_assert_int_eq(log_count(LOG_ERR), 1);
        ck_assert_int_ge(asprintf(&msg,
                                  UNIT
                                  ": Failed to listen on %s: cannot resolve SocketUser=sockact-no-such-user",
                                  path),
                         0);
        assert_log(LOG_ERR, msg);
        /* Nothing was created. */
        ck_assert_int_eq(lstat(path, &st), -1);
        ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* A stale socket node is replaced; anything else at the path is refused and left untouched. */
START_TEST(test_unix_stale_and_refused) {
        _cleanup_free_ char *path = tpath("s.sock"), *file = tpath("file"), *dir = tpath("dir"),
                            *lnk = tpath("link"), *target = tpath("target.sock"),
                            *dangling = tpath("dangling"), *nowhere = tpath("nowhere.sock"), *msg = NULL;
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;
        ino_t stale, tino;

        /* Stale socket. */
        bind_unix_at(path, &stale);
        _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenStream=%s\nSocketMode=0600\n", path);
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert(S_ISSOCK(st.st_mode));
        ck_assert_int_eq(st.st_mode & 07777, 0600);
        ck_assert_int_eq(l.ino, st.st_ino);
        ck_assert_int_eq(log_count(LOG_ERR), 0);
        listen_fd_close(&l);
        /* Opening again replaces our own now-stale node too. */
        ck_assert_int_eq(open_first(u, &l), 0);
        listen_fd_close(&l);

        /* A regular file. */
        write_file(file, "precious", 0644);
        _cleanup_(unit_file_freep) UnitFile *f = load_unit("ListenStream=%s\nSocketMode=0600\n", file);
        log_reset();
        ck_assert_int_eq(open_first(f, &l), -EEXIST);
        ck_assert_int_eq(l.fd, -EBADF);
        ck_assert_int_eq(log_count(LOG_ERR), 1);
        ck_assert_int_ge(asprintf(&msg,
                                  UNIT
                                  ": Failed to listen on %s: %s exists and is a regular file, refusing to "
                                  "replace it: File exists",
                                  file, file),
                         0);
        assert_log(LOG_ERR, msg);
        assert_file_content(file, "precious");
        ck_assert_int_eq(lstat(file, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0644);

        /* A directory. */
        ck_assert_int_eq(mkdir(dir, 0755), 0);
        _cleanup_(unit_file_freep) UnitFile *d = load_unit("ListenStream=%s\n", dir);
        ck_assert_int_eq(open_first(d, &l), -EEXIST);
        ck_assert_int_eq(lstat(dir, &st), 0);
        ck_assert(S_ISDIR(st.st_mode));

        /* A symlink to a socket: never followed, neither the link nor the socket touched. */
        bind_unix_at(target, &tino);
        ck_assert_int_eq(chmod(target, 0644), 0);
        ck_assert_int_eq(symlink(target, lnk), 0);
        _cleanup_(unit_file_freep) UnitFile *s = load_unit("ListenStream=%s\nSocketMode=0600\n", lnk);
        log_reset();
        ck_assert_int_eq(open_first(s, &l), -EEXIST);
        assert_log(LOG_ERR, "exists and is a symlink");
        ck_assert_int_eq(lstat(lnk, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        ck_assert_int_eq(lstat(target, &st), 0);
        ck_assert(S_ISSOCK(st.st_mode));
        ck_assert_int_eq(st.st_ino, tino);
        ck_assert_int_eq(st.st_mode & 07777, 0644);

        /* A dangling symlink: nothing is created where it points. */
        ck_assert_int_eq(symlink(nowhere, dangling), 0);
        _cleanup_(unit_file_freep) UnitFile *g = load_unit("ListenStream=%s\n", dangling);
        ck_assert_int_eq(open_first(g, &l), -EEXIST);
        ck_assert_int_eq(lstat(nowhere, &st), -1);
        ck_assert_int_eq(lstat(dangling, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
}
END_TEST

/* RemoveOnStop=: only our node goes. */
START_TEST(test_remove_on_stop) {
        _cleanup_free_ char *path = tpath("r.sock"), *fifo = tpath("r.fifo");
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenStream=%s\nListenFIFO=%s\nRemoveOnStop=yes\n", path, fifo);
        ListenFd l = LISTEN_FD_NULL, lf = LISTEN_FD_NULL;
        const SocketPort *pf = u->socket.ports->next;
        struct stat st;
        ino_t other;

        ck_assert(u->socket.remove_on_stop);
        /* Ours: removed (after closing, as the daemon does). */
        ck_assert_int_eq(open_first(u, &l), 0);
        listen_fd_close(&l);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 1);
        ck_assert_int_eq(lstat(path, &st), -1);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 0); /* already gone */

        /* Replaced by a regular file: it survives. */
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(unlink(path), 0);
        write_file(path, "other", 0600);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 0);
        assert_file_content(path, "other");
        listen_fd_close(&l);
        ck_assert_int_eq(unlink(path), 0);

        /* Replaced by another socket: it survives. */
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(unlink(path), 0);
        bind_unix_at(path, &other);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert_int_eq(st.st_ino, other);
        listen_fd_close(&l);

        /* Replaced by a symlink to our socket's new location: the symlink survives. */
        ck_assert_int_eq(unlink(path), 0);
        ck_assert_int_eq(open_first(u, &l), 0);
        _cleanup_free_ char *moved = tpath("moved.sock");
        ck_assert_int_eq(rename(path, moved), 0);
        ck_assert_int_eq(symlink(moved, path), 0);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        ck_assert_int_eq(lstat(moved, &st), 0);
        listen_fd_close(&l);

        /* FIFO: ours removed; a replacement survives. */
        ck_assert_int_eq(open_port(u, pf, &lf), 0);
        ck_assert_int_eq(socket_port_remove(UNIT, pf, &lf), 1);
        ck_assert_int_eq(lstat(fifo, &st), -1);
        listen_fd_close(&lf);
        ck_assert_int_eq(open_port(u, pf, &lf), 0);
        ck_assert_int_eq(unlink(fifo), 0);
        ck_assert_int_eq(mkfifo(fifo, 0600), 0);
        ck_assert_int_eq(socket_port_remove(UNIT, pf, &lf), 0);
        ck_assert_int_eq(lstat(fifo, &st), 0);
        ck_assert(S_ISFIFO(st.st_mode));
        listen_fd_close(&lf);

        /* Nothing recorded: nothing removed. */
        ListenFd none = LISTEN_FD_NULL;
        ck_assert_int_eq(socket_port_remove(UNIT, pf, &none), 0);
        ck_assert_int_eq(lstat(fifo, &st), 0);
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
}
END_TEST

/* ---- Symlinks= ---- */

static void assert_link(const char *link, const char *target) {
        char buf[PATH_MAX] = {};
        struct stat st;

        ck_assert_int_eq(lstat(link, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        ck_assert_int_gt(readlink(link, buf, sizeof(buf) - 1), 0);
        ck_assert_str_eq(buf, target);
}

START_TEST(test_symlinks) {
        _cleanup_free_ char *path = tpath("sym.sock"), *l1 = tpath("links/deep/one"), *l2 = tpath("two"),
                            *l3 = tpath("three"), *ldir = tpath("links");
        _cleanup_(unit_file_freep) UnitFile *u = load_unit(
                "ListenStream=%s\nSymlinks=%s %s\nSymlinks=%s\nDirectoryMode=0750\n", path, l1, l2, l3);
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;

        ck_assert_ptr_nonnull(socket_symlink_target(&u->socket));
        ck_assert_str_eq(socket_symlink_target(&u->socket), path);
        ck_assert_int_eq(open_first(u, &l), 0);

        /* l2 exists as a symlink pointing elsewhere: replaced; l3 is a regular file: left alone. */
        ck_assert_int_eq(symlink("/elsewhere", l2), 0);
        write_file(l3, "keep", 0600);
        ck_assert_int_eq(socket_symlinks_create(UNIT, &u->socket, NULL), -EEXIST);
        assert_link(l1, path);
        assert_link(l2, path);
        assert_file_content(l3, "keep");
        assert_log(LOG_WARNING, "is not a symlink");
        ck_assert_int_eq(log_count(LOG_WARNING), 1);
        ck_assert_int_eq(log_count(LOG_ERR), 0);
        ck_assert_int_eq(lstat(ldir, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0750);
        /* Idempotent. */
        log_reset();
        ck_assert_int_eq(unlink(l3), 0);
        ck_assert_int_eq(socket_symlinks_create(UNIT, &u->socket, path), 0);
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        assert_link(l3, path);

        /* Removal: only links still pointing to the target. */
        ck_assert_int_eq(unlink(l2), 0);
        ck_assert_int_eq(symlink("/somewhere/else", l2), 0);
        ck_assert_int_eq(socket_symlinks_remove(UNIT, &u->socket, NULL), 2);
        ck_assert_int_eq(lstat(l1, &st), -1);
        ck_assert_int_eq(lstat(l3, &st), -1);
        assert_link(l2, "/somewhere/else");
        ck_assert_int_eq(socket_symlinks_remove(UNIT, &u->socket, NULL), 0);
        /* The socket itself is not touched. */
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert(S_ISSOCK(st.st_mode));
        listen_fd_close(&l);

        /* A FIFO is a valid target too. */
        _cleanup_free_ char *fifo = tpath("sym.fifo"), *lf = tpath("fifolink");
        _cleanup_(unit_file_freep) UnitFile *f = load_unit(
                "ListenFIFO=%s\nListenStream=@abstract-%d\nSymlinks=%s\n", fifo, (int) getpid(), lf);
        ck_assert_str_eq(socket_symlink_target(&f->socket), fifo);
        ck_assert_int_eq(socket_symlinks_create(UNIT, &f->socket, NULL), 0);
        assert_link(lf, fifo);
        ck_assert_int_eq(socket_symlinks_remove(UNIT, &f->socket, fifo), 1);
}
END_TEST

START_TEST(test_symlinks_need_one_path) {
        _cleanup_free_ char *p1 = tpath("a.sock"), *p2 = tpath("b.fifo"), *lnk = tpath("link");
        /* systemd 252 (and our loader) refuse these units; this module does not rely on that. */
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit_refused("ListenStream=%s\nListenFIFO=%s\nSymlinks=%s\n", p1, p2, lnk);
        _cleanup_(unit_file_freep) UnitFile *v =
                load_unit_refused("ListenStream=127.0.0.1:80\nSymlinks=%s\n", lnk);
        _cleanup_(unit_file_freep) UnitFile *w = load_unit("ListenStream=%s\n", p1);
        struct stat st;

        ck_assert_ptr_null(socket_symlink_target(&u->socket));
        ck_assert_int_eq(socket_symlinks_create(UNIT, &u->socket, p1), -EINVAL);
        assert_log(LOG_WARNING, "Symlinks= needs exactly one");
        ck_assert_int_eq(lstat(lnk, &st), -1);
        ck_assert_ptr_null(socket_symlink_target(&v->socket));
        ck_assert_int_eq(socket_symlinks_create(UNIT, &v->socket, NULL), -EINVAL);
        ck_assert_int_eq(lstat(lnk, &st), -1);
        /* No Symlinks=: nothing to do, no warning. */
        log_reset();
        ck_assert_int_eq(socket_symlinks_create(UNIT, &w->socket, NULL), 0);
        ck_assert_int_eq(socket_symlinks_remove(UNIT, &w->socket, NULL), 0);
        ck_assert_int_eq(n_logs, 0);
}
END_TEST

/* ---- FIFOs ---- */

START_TEST(test_fifo) {
        _cleanup_free_ char *path = tpath("f/d/the.fifo"), *fdir = tpath("f");
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenFIFO=%s\nSocketMode=0620\nDirectoryMode=0701\nPipeSize=128K\n"
                          "KeepAlive=yes\nIPTOS=8\n",
                          path);
        ListenFd l = LISTEN_FD_NULL;
        struct pollfd pfd;
        struct stat st;
        ino_t ino;

        ck_assert_int_eq(open_first(u, &l), 0);
        assert_fd_flags(l.fd);
        ck_assert_int_eq(fcntl(l.fd, F_GETFL) & O_ACCMODE, O_RDWR);
        ck_assert_int_eq(fstat(l.fd, &st), 0);
        ck_assert(S_ISFIFO(st.st_mode));
        ck_assert_int_eq(st.st_mode & 07777, 0620);
        ck_assert(l.have_node);
        ck_assert_int_eq(l.ino, st.st_ino);
        ino = st.st_ino;
        ck_assert_int_eq(fcntl(l.fd, F_GETPIPE_SZ), 128 * 1024);
        ck_assert_int_eq(lstat(fdir, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0701);
        /* Opened read-write: no EOF/HUP while no writer is around. */
        pfd = (struct pollfd) { .fd = l.fd, .events = POLLIN };
        ck_assert_int_eq(poll(&pfd, 1, 0), 0);
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        listen_fd_close(&l);

        /* An existing FIFO is reused; its mode is fixed through the fd. */
        ck_assert_int_eq(chmod(path, 0600), 0);
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert_int_eq(st.st_ino, ino);
        ck_assert_int_eq(st.st_mode & 07777, 0620);
        listen_fd_close(&l);
}
END_TEST

START_TEST(test_fifo_refused) {
        _cleanup_free_ char *target = tpath("real.fifo"), *lnk = tpath("link.fifo"), *file = tpath("file"),
                            *dangling = tpath("dangling"), *nowhere = tpath("nowhere");
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;

        /* A symlink to a FIFO: refused, the FIFO's mode not changed. */
        ck_assert_int_eq(mkfifo(target, 0600), 0);
        ck_assert_int_eq(chmod(target, 0600), 0);
        ck_assert_int_eq(symlink(target, lnk), 0);
        _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenFIFO=%s\nSocketMode=0666\n", lnk);
        ck_assert_int_eq(open_first(u, &l), -EEXIST);
        ck_assert_int_eq(log_count(LOG_ERR), 1);
        assert_log(LOG_ERR, "exists and is a symlink, refusing to use it: File exists");
        ck_assert_int_eq(lstat(target, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0600);
        ck_assert_int_eq(lstat(lnk, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));

        /* A regular file. */
        write_file(file, "data", 0640);
        _cleanup_(unit_file_freep) UnitFile *f = load_unit("ListenFIFO=%s\nSocketMode=0666\n", file);
        ck_assert_int_eq(open_first(f, &l), -EEXIST);
        assert_file_content(file, "data");
        ck_assert_int_eq(lstat(file, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0640);

        /* A dangling symlink: nothing created at its target. */
        ck_assert_int_eq(symlink(nowhere, dangling), 0);
        _cleanup_(unit_file_freep) UnitFile *d = load_unit("ListenFIFO=%s\n", dangling);
        ck_assert_int_eq(open_first(d, &l), -EEXIST);
        ck_assert_int_eq(lstat(nowhere, &st), -1);
}
END_TEST

/* ---- special files ---- */

START_TEST(test_special) {
        _cleanup_free_ char *file = tpath("regular"), *dir = tpath("dir"), *fifo = tpath("fifo"),
                            *lnk = tpath("null-link");
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;

        _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenSpecial=/dev/null\n");
        ck_assert_int_eq(open_first(u, &l), 0);
        assert_fd_flags(l.fd);
        ck_assert_int_eq(fcntl(l.fd, F_GETFL) & O_ACCMODE, O_RDONLY);
        ck_assert_int_eq(fstat(l.fd, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        ck_assert(!l.have_node);
        listen_fd_close(&l);

        _cleanup_(unit_file_freep) UnitFile *w = load_unit("ListenSpecial=/dev/null\nWritable=yes\n");
        ck_assert_int_eq(open_first(w, &l), 0);
        ck_assert_int_eq(fcntl(l.fd, F_GETFL) & O_ACCMODE, O_RDWR);
        listen_fd_close(&l);

        /* A regular file (as in /proc and /sys). */
        write_file(file, "x", 0600);
        _cleanup_(unit_file_freep) UnitFile *r = load_unit("ListenSpecial=%s\n", file);
        ck_assert_int_eq(open_first(r, &l), 0);
        listen_fd_close(&l);
        _cleanup_(unit_file_freep) UnitFile *proc = load_unit("ListenSpecial=/proc/self/stat\n");
        ck_assert_int_eq(open_first(proc, &l), 0);
        listen_fd_close(&l);

        /* Not a file or char device. */
        ck_assert_int_eq(mkdir(dir, 0700), 0);
        _cleanup_(unit_file_freep) UnitFile *d = load_unit("ListenSpecial=%s\n", dir);
        ck_assert_int_eq(open_first(d, &l), -EEXIST);
        ck_assert_int_eq(mkfifo(fifo, 0600), 0);
        _cleanup_(unit_file_freep) UnitFile *f = load_unit("ListenSpecial=%s\n", fifo);
        ck_assert_int_eq(open_first(f, &l), -EEXIST);
        /* Symlinks are not followed. */
        ck_assert_int_eq(symlink("/dev/null", lnk), 0);
        _cleanup_(unit_file_freep) UnitFile *s = load_unit("ListenSpecial=%s\n", lnk);
        ck_assert_int_eq(open_first(s, &l), -ELOOP);
        /* Missing. */
        _cleanup_(unit_file_freep) UnitFile *m = load_unit("ListenSpecial=/nonexistent/sockact\n");
        log_reset();
        ck_assert_int_eq(open_first(m, &l), -ENOENT);
        assert_log(LOG_ERR, UNIT ": Failed to listen on /nonexistent/sockact: No such file or directory");
        ck_assert_int_eq(log_count(LOG_ERR), 1);
}
END_TEST

/* ---- message queues ---- */

START_TEST(test_mqueue) {
        char name[64];
        ListenFd l = LISTEN_FD_NULL;
        struct mq_attr attr;
        struct stat st;
        int probe;

        snprintf(name, sizeof(name), "/sockact-test-%d", (int) getpid());
        (void) mq_unlink(name);
        probe = mq_open(name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600, NULL);
        if (probe < 0 && (errno == ENOSYS || errno == EACCES || errno == EPERM)) {
                fprintf(stderr, "skipped (no POSIX message queues): test_mqueue\n");
                return;
        }
        ck_assert_int_ge(probe, 0);
        close(probe);
        ck_assert_int_eq(mq_unlink(name), 0);

        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenMessageQueue=%s\nSocketMode=0640\nMessageQueueMaxMessages="
                          "4\nMessageQueueMessageSize=64\n",
                          name);
        ck_assert_int_eq(open_first(u, &l), 0);
        assert_fd_flags(l.fd);
        ck_assert_int_eq(mq_getattr(l.fd, &attr), 0);
        ck_assert_int_eq(attr.mq_maxmsg, 4);
        ck_assert_int_eq(attr.mq_msgsize, 64);
        ck_assert_int_eq(fstat(l.fd, &st), 0);
        ck_assert_int_eq(st.st_mode & 0777, 0640);
        ck_assert(l.have_node);
        listen_fd_close(&l);

        /* Reopening our own queue works; removal removes it. */
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 1);
        ck_assert_int_lt(mq_open(name, O_RDONLY | O_CLOEXEC), 0);
        ck_assert_int_eq(errno, ENOENT);
        listen_fd_close(&l);

        /* Replaced by another queue of the same name: it survives. */
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(mq_unlink(name), 0);
        probe = mq_open(name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600, NULL);
        ck_assert_int_ge(probe, 0);
        close(probe);
        ck_assert_int_eq(socket_port_remove(UNIT, u->socket.ports, &l), 0);
        probe = mq_open(name, O_RDONLY | O_CLOEXEC);
        ck_assert_int_ge(probe, 0);
        close(probe);
        listen_fd_close(&l);

        /* That existing queue has another mode: refused, as systemd does. */
        log_reset();
        ck_assert_int_eq(open_first(u, &l), -EEXIST);
        ck_assert_int_eq(log_count(LOG_ERR), 1);
        ck_assert_int_eq(mq_unlink(name), 0);

        /* Only one of the two attributes: ignored, the kernel defaults apply. */
        _cleanup_(unit_file_freep) UnitFile *v =
                load_unit("ListenMessageQueue=%s\nMessageQueueMaxMessages=3\n", name);
        ck_assert_int_eq(open_first(v, &l), 0);
        ck_assert_int_eq(mq_getattr(l.fd, &attr), 0);
        ck_assert_int_ne(attr.mq_maxmsg, 3);
        ck_assert_int_eq(socket_port_remove(UNIT, v->socket.ports, &l), 1);
        listen_fd_close(&l);
}
END_TEST

/* ---- netlink, vsock ---- */

START_TEST(test_netlink) {
        _cleanup_(unit_file_freep) UnitFile *u = load_unit(
                "ListenNetlink=route 0\nPassCredentials=yes\nPassPacketInfo=yes\nIPTTL=4\nNoDelay=yes\n");
        ListenFd l = LISTEN_FD_NULL;
        struct sockaddr_nl nl;
        socklen_t sl = sizeof(nl);

        ck_assert_int_eq(open_first(u, &l), 0);
        assert_fd_flags(l.fd);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_DOMAIN), AF_NETLINK);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_TYPE), SOCK_RAW);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PROTOCOL), NETLINK_ROUTE);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PASSCRED), 1);
        ck_assert_int_eq(sockopt(l.fd, SOL_NETLINK, NETLINK_PKTINFO), 1);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &nl, &sl), 0);
        ck_assert_int_eq(nl.nl_family, AF_NETLINK);
        ck_assert_int_eq(nl.nl_groups, 0);
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        listen_fd_close(&l);

        _cleanup_(unit_file_freep) UnitFile *v = load_unit("ListenNetlink=kobject-uevent 1\n");
        ck_assert_int_eq(open_first(v, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PROTOCOL), NETLINK_KOBJECT_UEVENT);
        sl = sizeof(nl);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &nl, &sl), 0);
        ck_assert_int_eq(nl.nl_groups, 1);
        listen_fd_close(&l);
}
END_TEST

START_TEST(test_vsock) {
        int probe = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
        unsigned port = 20000 + (unsigned) getpid() % 20000;
        struct sockaddr_vm vm;
        socklen_t sl = sizeof(vm);
        ListenFd l = LISTEN_FD_NULL;
        int r;

        if (probe < 0) {
                fprintf(stderr, "skipped (no AF_VSOCK: %m): test_vsock\n");
                return;
        }
        close(probe);
        _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenStream=vsock::%u\nBacklog=8\n", port);
        r = open_first(u, &l);
        if (r == -EADDRNOTAVAIL || r == -ENODEV) {
                fprintf(stderr, "skipped (vsock without transport): test_vsock\n");
                return;
        }
        ck_assert_int_eq(r, 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_DOMAIN), AF_VSOCK);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        ck_assert_int_eq(getsockname(l.fd, (struct sockaddr *) &vm, &sl), 0);
        ck_assert_int_eq(vm.svm_port, port);
        ck_assert_int_eq(vm.svm_cid, VMADDR_CID_ANY);
        listen_fd_close(&l);
}
END_TEST

/* ---- privileged options ---- */

START_TEST(test_privileged_options) {
        uint16_t port = free_port(SOCK_STREAM);
        _cleanup_(unit_file_freep) UnitFile *u =
                load_unit("ListenStream=127.0.0.1:%u\nMark=42\nTransparent=yes\nReceiveBuffer="
                          "8M\nSendBuffer=8M\nPriority=7\n"
                          "BindToDevice=lo\nTCPCongestion=cubic\n",
                          port);
        ListenFd l = LISTEN_FD_NULL;
        char dev[IFNAMSIZ] = {}, cc[16] = {};
        socklen_t dl = sizeof(dev), ccl = sizeof(cc);

        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(log_count(LOG_ERR), 0);
        if (!is_root()) {
                fprintf(stderr, "skipped (not root): Mark=, Transparent=, SO_RCVBUFFORCE, Priority=7\n");
                ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_MARK), 0);
                /* refused for want of privileges: warnings, as in systemd 252; buffer sizes stay quiet */
                assert_log(LOG_WARNING, "Mark=: failed to set SO_MARK");
                assert_log(LOG_WARNING, "Transparent=: failed to set IP_TRANSPARENT");
                assert_log(LOG_WARNING, "Priority=: failed to set SO_PRIORITY");
                ck_assert(!log_has(LOG_WARNING, "BUFFORCE"));
                listen_fd_close(&l);
                return;
        }
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_MARK), 42);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IP, IP_TRANSPARENT), 1);
        /* 8M is above net.core.rmem_max (usually): SO_RCVBUFFORCE got it anyway. */
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_RCVBUF), 2 * 8 * 1024 * 1024);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_SNDBUF), 2 * 8 * 1024 * 1024);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PRIORITY), 7);
        ck_assert_int_eq(getsockopt(l.fd, SOL_SOCKET, SO_BINDTODEVICE, dev, &dl), 0);
        ck_assert_str_eq(dev, "lo");
        ck_assert_int_eq(getsockopt(l.fd, IPPROTO_TCP, TCP_CONGESTION, cc, &ccl), 0);
        ck_assert_str_eq(cc, "cubic");
        ck_assert_int_eq(log_count(LOG_WARNING), 0);
        listen_fd_close(&l);

        /* BindToDevice= naming a missing device is fatal, as in systemd. */
        _cleanup_(unit_file_freep) UnitFile *v =
                load_unit("ListenStream=127.0.0.1:%u\nBindToDevice=nosuchdev0\n", port);
        ck_assert_int_eq(open_first(v, &l), -ENODEV);
        assert_log(LOG_ERR, "BindToDevice=nosuchdev0: No such device");
}
END_TEST

/* As root, drop to nobody in this forked test: privileged options are skipped (debug only), chown to another
 * user fails the listener, and nothing leaks. */
START_TEST(test_unprivileged) {
        _cleanup_free_ char *path = tpath("u.sock"), *fifo = tpath("u.fifo");
        uint16_t port = free_port(SOCK_STREAM);
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;
        int rmem = 0, fd, n;

        if (!is_root() || !forking()) {
                fprintf(stderr, "skipped (not root or CK_FORK=no): test_unprivileged\n");
                return;
        }
        _cleanup_(unit_file_freep) UnitFile *u = load_unit(
                "ListenStream=127.0.0.1:%u\nMark=42\nTransparent=yes\nReceiveBuffer=8M\nPriority=7\n"
                "TCPCongestion=cubic\n",
                port);
        _cleanup_(unit_file_freep) UnitFile *v = load_unit("ListenStream=%s\nSocketUser=root\n", path);
        _cleanup_(unit_file_freep) UnitFile *w = load_unit("ListenFIFO=%s\nSocketGroup=root\n", fifo);
        _cleanup_(unit_file_freep) UnitFile *x = load_unit("ListenStream=%s\nSocketUser=nobody\n", path);
        struct passwd *pw = getpwnam("nobody");
        ck_assert_ptr_nonnull(pw);
        uid_t uid = pw->pw_uid;
        gid_t gid = pw->pw_gid;

        fd = open("/proc/sys/net/core/rmem_max", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
                char buf[32] = {};
                if (read(fd, buf, sizeof(buf) - 1) > 0)
                        rmem = atoi(buf);
                close(fd);
        }
        ck_assert_int_eq(chown(tmp, uid, gid), 0); /* so that nobody can clean it up */
        ck_assert_int_eq(setgroups(0, NULL), 0);
        ck_assert_int_eq(setresgid(gid, gid, gid), 0);
        ck_assert_int_eq(setresuid(uid, uid, uid), 0);
        ck_assert_int_ne(geteuid(), 0);

        n = count_fds();
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_MARK), 0);
        ck_assert_int_eq(sockopt(l.fd, IPPROTO_IP, IP_TRANSPARENT), 0);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PRIORITY), 0);
        if (rmem > 0 && rmem < 8 * 1024 * 1024)
                ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_RCVBUF), 2 * rmem); /* capped by the kernel */
        /* Permission problems are warnings, as in systemd 252 (a Mark= that does nothing must be seen), except
         * for a buffer size beyond the unprivileged limit; never errors: the socket is used without them. */
        /* (TCPCongestion=cubic is refused too where net.ipv4.tcp_allowed_congestion_control lacks it) */
        ck_assert_int_eq(log_count(LOG_WARNING), 3 + log_has(LOG_WARNING, "failed to set TCP_CONGESTION"));
        ck_assert_int_eq(log_count(LOG_ERR), 0);
        assert_log(LOG_WARNING, UNIT ": Mark=: failed to set SO_MARK: Operation not permitted, ignoring");
        assert_log(LOG_DEBUG,
                   UNIT ": ReceiveBuffer=: failed to set SO_RCVBUFFORCE: Operation not permitted, ignoring");
        assert_log(LOG_WARNING, "Transparent=: failed to set IP_TRANSPARENT");
        assert_log(LOG_WARNING, "Priority=: failed to set SO_PRIORITY");
        listen_fd_close(&l);

        /* chown to another user: the listener fails (systemd fails the unit), our node is removed again. */
        log_reset();
        ck_assert_int_eq(open_first(v, &l), -EPERM);
        ck_assert_int_eq(log_count(LOG_ERR), 1);
        assert_log(LOG_ERR, "cannot change owner of");
        ck_assert_int_eq(lstat(path, &st), -1);
        ck_assert_int_eq(open_first(w, &l), -EPERM);
        ck_assert_int_eq(lstat(fifo, &st), -1);
        /* To ourselves: fine. */
        ck_assert_int_eq(open_first(x, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert_int_eq(st.st_uid, uid);
        listen_fd_close(&l);
        ck_assert_int_eq(count_fds(), n);
}
END_TEST

/* ---- no fd leaks on any error path ---- */

START_TEST(test_no_fd_leaks) {
        _cleanup_free_ char *file = tpath("file"), *lnk = tpath("link"), *fifo = tpath("fifo"),
                            *sock = tpath("ok.sock"), *dir = tpath("dir"), *deep = tpath("file/sub/x.sock");
        uint16_t port = free_port(SOCK_STREAM);
        char mq[64];
        int before, r, busy;

        snprintf(mq, sizeof(mq), "/sockact-leak-%d", (int) getpid());
        write_file(file, "x", 0600);
        ck_assert_int_eq(symlink(file, lnk), 0);
        ck_assert_int_eq(mkdir(dir, 0700), 0);
        ck_assert_int_eq(mkfifo(fifo, 0600), 0);
        /* Something bound to the port already (without SO_REUSEPORT): EADDRINUSE. */
        busy = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        {
                struct sockaddr_in a = {
                        .sin_family = AF_INET,
                        .sin_port = htons(port),
                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
                };
                ck_assert_int_eq(bind(busy, (struct sockaddr *) &a, sizeof(a)), 0);
                ck_assert_int_eq(listen(busy, 1), 0);
        }

        const char *texts[] = {
                "ListenStream=%s\n",                                  /* regular file in the way */
                "ListenStream=%s\n",                                  /* symlink */
                "ListenStream=%s\n",                                  /* directory */
                "ListenStream=%s\n",                                  /* parent is a file */
                "ListenFIFO=%s\n",                                    /* file */
                "ListenFIFO=%s\n",                                    /* symlink */
                "ListenSpecial=%s\n",                                 /* FIFO is not special */
                "ListenSpecial=%s\n",                                 /* symlink */
                "ListenStream=%s\nSocketUser=sockact-no-such-user\n", /* unknown user */
                "ListenFIFO=%s\nSocketGroup=sockact-no-such-group\n", /* unknown group */
        };
        const char *args[] = { file, lnk, dir, deep, file, lnk, fifo, lnk, sock, fifo };

        before = count_fds();
        for (size_t i = 0; i < ELEMENTSOF(texts); i++) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* the formats are the table above */
                _cleanup_(unit_file_freep) UnitFile *u = load_unit(texts[i], args[i]);
#pragma GCC diagnostic pop
                ListenFd l = LISTEN_FD_NULL;

                r = open_first(u, &l);
                ck_assert_msg(r < 0, "case %zu unexpectedly succeeded", i);
                ck_assert_int_eq(l.fd, -EBADF);
                ck_assert_msg(log_count(LOG_ERR) == 1, "case %zu: %zu error lines", i, log_count(LOG_ERR));
                ck_assert_int_eq(count_fds(), before);
        }
        {
                _cleanup_(unit_file_freep) UnitFile *u = load_unit("ListenStream=127.0.0.1:%u\n", port);
                _cleanup_(unit_file_freep) UnitFile *v =
                        load_unit("ListenStream=[fe80::1]:%u%%%%nosuchdev0\n", port);
                _cleanup_(unit_file_freep) UnitFile *w =
                        load_unit("ListenStream=127.0.0.1:%u\nBindToDevice=nosuchdev0\n",
                                  port + 1 > 65535 ? 1 : port + 1);
                _cleanup_(unit_file_freep) UnitFile *x =
                        load_unit("ListenStream=127.0.0.1:%u\nSocketProtocol=sctp\n", port);
                _cleanup_(unit_file_freep) UnitFile *y =
                        load_unit("ListenStream=%s\nSocketProtocol=sctp\n", sock);
                ListenFd l = LISTEN_FD_NULL;

                ck_assert_int_eq(open_first(u, &l), -EADDRINUSE);
                ck_assert_int_eq(count_fds(), before);
                if (have_ipv6()) {
                        ck_assert_int_eq(open_first(v, &l), -ENODEV);
                        ck_assert_int_eq(count_fds(), before);
                }
                ck_assert_int_lt(open_first(w, &l), 0);
                ck_assert_int_eq(count_fds(), before);
                (void) open_first(x, &l); /* fails unless the kernel has SCTP */
                listen_fd_close(&l);
                ck_assert_int_eq(count_fds(), before);
                ck_assert_int_lt(open_first(y, &l),
                                 0); /* SCTP over AF_UNIX: the kernel refuses, as with systemd */
                ck_assert_int_eq(count_fds(), before);
        }
        {
                /* A message queue that exists with another mode. */
                int q = mq_open(mq, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600, NULL);
                if (q >= 0) {
                        close(q);
                        before = count_fds();
                        _cleanup_(unit_file_freep) UnitFile *u =
                                load_unit("ListenMessageQueue=%s\nSocketMode=0644\n", mq);
                        ListenFd l = LISTEN_FD_NULL;
                        ck_assert_int_eq(open_first(u, &l), -EEXIST);
                        ck_assert_int_eq(count_fds(), before);
                        (void) mq_unlink(mq);
                }
        }
        /* Nothing was left behind by the failures. */
        struct stat st;
        ck_assert_int_eq(lstat(sock, &st), -1);
        assert_file_content(file, "x");

        /* Success + close: back to the start. */
        before = count_fds();
        {
                _cleanup_(unit_file_freep) UnitFile *u =
                        load_unit("ListenStream=%s\nListenFIFO=%s.2\n", sock, fifo);
                ListenFd a = LISTEN_FD_NULL, b = LISTEN_FD_NULL;

                ck_assert_int_eq(open_first(u, &a), 0);
                ck_assert_int_eq(open_port(u, u->socket.ports->next, &b), 0);
                ck_assert_int_eq(count_fds(), before + 2);
                listen_fd_close(&a);
                listen_fd_close(&b);
        }
        ck_assert_int_eq(count_fds(), before);
        close(busy);
}
END_TEST

/* Hand-built section (no parser): unit_file_new() defaults leave everything alone. */
START_TEST(test_hand_built) {
        _cleanup_(unit_file_freep) UnitFile *u = unit_file_new(UNIT, UNIT_SOCKET, NULL);
        _cleanup_free_ char *path = tpath("hand.sock");
        SocketPort *p = calloc(1, sizeof(SocketPort));
        ListenFd l = LISTEN_FD_NULL;
        struct stat st;

        ck_assert_ptr_nonnull(u);
        ck_assert_ptr_nonnull(p);
        p->type = SOCKET_PORT_SOCKET;
        p->directive = "ListenStream";
        ck_assert_int_eq(socket_address_parse(&p->address, path), 0);
        p->address.type = SOCK_STREAM;
        u->socket.ports = p;
        ck_assert_int_eq(open_first(u, &l), 0);
        ck_assert_int_eq(lstat(path, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0666);
        ck_assert_int_eq(sockopt(l.fd, SOL_SOCKET, SO_PASSCRED), 0);
        ck_assert_int_eq(n_logs, 0);
        listen_fd_close(&l);
        ck_assert_int_eq(socket_port_remove(UNIT, p, &l), 1);

        /* Invalid arguments. */
        ck_assert_int_eq(socket_port_open(NULL, &u->socket, p, &l), -EINVAL);
        ck_assert_int_eq(socket_port_open(UNIT, &u->socket, NULL, &l), -EINVAL);
        ck_assert_int_eq(socket_apply_connection_options(UNIT, &u->socket, -1), -EINVAL);
        ck_assert_ptr_null(socket_symlink_target(NULL));
}
END_TEST

/* Reload: which listeners may be kept. Each setting socket_port_open() reads, changed on its own, must make
 * the options unequal; settings it does not read must not. */
START_TEST(test_reload_equal) {
        static const char *const changed[] = {
                "Writable=yes", "Backlog=7", "BindIPv6Only=ipv6-only", "BindToDevice=lo", "SocketUser=nobody",
                "SocketGroup=nogroup", "SocketMode=0600", "DirectoryMode=0700", "KeepAlive=yes",
                "KeepAliveTimeSec=7", "KeepAliveIntervalSec=7", "KeepAliveProbes=7", "DeferAcceptSec=7",
                "NoDelay=yes", "Priority=3", "ReceiveBuffer=8K", "SendBuffer=8K", "IPTOS=low-delay", "IPTTL=7",
                "Mark=7", "ReusePort=yes", "FreeBind=yes", "Transparent=yes", "Broadcast=yes",
                "PassCredentials=yes", "PassSecurity=yes", "PassPacketInfo=yes", "Timestamping=us",
                "TCPCongestion=reno", "PipeSize=8K", "MessageQueueMaxMessages=7", "SocketProtocol=sctp",
        };
        static const char *const unrelated[] = {
                "Accept=yes", "MaxConnections=7", "Service=x.service", "FileDescriptorName=x", "RemoveOnStop=yes",
                "ExecStartPre=/bin/true", "TriggerLimitBurst=7", "Symlinks=/tmp/x",
        };
        _cleanup_(unit_file_freep) UnitFile *base = NULL;

        base = load_unit("ListenStream=/tmp/a.sock\nListenStream=127.0.0.1:1\nListenFIFO=/tmp/f\n");
        for (size_t i = 0; i < ELEMENTSOF(changed); i++) {
                _cleanup_(unit_file_freep) UnitFile *u = NULL;

                u = load_unit("ListenStream=/tmp/a.sock\nListenStream=127.0.0.1:1\nListenFIFO=/tmp/f\n%s\n",
                              changed[i]);
                ck_assert_msg(!socket_listen_options_equal(&base->socket, &u->socket), "%s", changed[i]);
                ck_assert(socket_listen_options_equal(&u->socket, &u->socket));
        }
        for (size_t i = 0; i < ELEMENTSOF(unrelated); i++) {
                _cleanup_(unit_file_freep) UnitFile *u = NULL;

                /* no FIFO: Accept=yes needs stream listeners */
                u = load_unit("ListenStream=/tmp/a.sock\n%s\n", unrelated[i]);
                ck_assert_msg(socket_listen_options_equal(&base->socket, &u->socket), "%s", unrelated[i]);
        }

        /* ports: kind, address (byte for byte) or path */
        {
                _cleanup_(unit_file_freep) UnitFile *u = NULL;
                const SocketPort *a = base->socket.ports, *b;

                u = load_unit("ListenStream=/tmp/a.sock\nListenDatagram=127.0.0.1:1\nListenFIFO=/tmp/f\n"
                              "ListenStream=/tmp//a.sock\nListenStream=127.0.0.1:2\nListenSpecial=/tmp/f\n");
                b = u->socket.ports;
                ck_assert(socket_port_equal(a, b));                         /* same path */
                ck_assert(!socket_port_equal(a->next, b->next));            /* stream vs datagram */
                ck_assert(socket_port_equal(a->next->next, b->next->next)); /* same FIFO */
                ck_assert(!socket_port_equal(a, b->next->next->next));      /* "//" differs */
                ck_assert(!socket_port_equal(a->next, b->next->next->next->next));       /* port */
                ck_assert(!socket_port_equal(a->next->next, b->next->next->next->next->next)); /* kind */
        }
}
END_TEST

int main(void) {
        Suite *s = suite_create("socket-listen");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 30);
        tcase_add_test(tc, test_tcp4_options);
        tcase_add_test(tc, test_tcp4_defaults);
        tcase_add_test(tc, test_priority);
        tcase_add_test(tc, test_ipv6_bind_only);
        tcase_add_test(tc, test_ipv6_scope);
        tcase_add_test(tc, test_port_only_ipv4_fallback);
        tcase_add_test(tc, test_udp);
        tcase_add_test(tc, test_socket_protocol);
        tcase_add_test(tc, test_unix_stream);
        tcase_add_test(tc, test_unix_types);
        tcase_add_test(tc, test_unix_abstract);
        tcase_add_test(tc, test_unix_owner);
        tcase_add_test(tc, test_unix_unknown_user);
        tcase_add_test(tc, test_unix_stale_and_refused);
        tcase_add_test(tc, test_remove_on_stop);
        tcase_add_test(tc, test_symlinks);
        tcase_add_test(tc, test_symlinks_need_one_path);
        tcase_add_test(tc, test_fifo);
        tcase_add_test(tc, test_fifo_refused);
        tcase_add_test(tc, test_special);
        tcase_add_test(tc, test_mqueue);
        tcase_add_test(tc, test_netlink);
        tcase_add_test(tc, test_vsock);
        tcase_add_test(tc, test_privileged_options);
        tcase_add_test(tc, test_unprivileged);
        tcase_add_test(tc, test_no_fd_leaks);
        tcase_add_test(tc, test_hand_built);
        tcase_add_test(tc, test_reload_equal);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
