/* SPDX-License-Identifier: MIT */
/* Socket addresses printed as systemd prints them (socket_address_print(), sockaddr_pretty()). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "escape.h"
#include "macro.h"
#include "socket-address.h"
#include "string-util.h"

#define SUN_PATH_OFFSET offsetof(struct sockaddr_un, sun_path)

/* ---- printing ---- */

static int strdup_to(char **ret, const char *s) {
        char *p = strdup(s);

        if (!p)
                return -ENOMEM;
        *ret = p;
        return 0;
}

static int asprintf_to(char **ret, const char *format, ...) _printf_(2, 3);
static int asprintf_to(char **ret, const char *format, ...) {
        va_list ap;
        char *p;
        int r;

        va_start(ap, format);
        r = vasprintf(&p, format, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        *ret = p;
        return 0;
}

char *ipv4_put(char *p, const uint8_t b[static 4]) {
        char num[DECIMAL_STR_MAX_U64];

        for (size_t i = 0; i < 4; i++) {
                if (i > 0)
                        *p++ = '.';
                p = stpcpy(p, format_u64(num, b[i]));
        }
        return p;
}

/* "a.b.c.d" or "a.b.c.d:port" (port >= 0). */
static int print_ipv4(const uint8_t b[static 4], int port, char **ret) {
        char buf[sizeof("255.255.255.255:65535")], num[DECIMAL_STR_MAX_U64], *p = ipv4_put(buf, b);

        if (port >= 0) {
                *p++ = ':';
                p = stpcpy(p, format_u64(num, (uint64_t) port));
        }
        *p = '\0';
        return strdup_to(ret, buf);
}

static bool in6_is_v4_mapped(const struct in6_addr *a) {
        static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

        return memcmp(a->s6_addr, prefix, sizeof(prefix)) == 0;
}

static int print_unix(const uint8_t *buf, socklen_t len, char **ret) {
        const char *path = (const char *) buf + SUN_PATH_OFFSET;
        size_t path_len;
        char *e;

        if (len <= SUN_PATH_OFFSET || (path[0] == 0 && len == SUN_PATH_OFFSET + 1))
                return strdup_to(ret, "<unnamed>"); /* the abstract name must have at least one byte */

        path_len = len - SUN_PATH_OFFSET;
        if (path[0] == 0) {
                _cleanup_free_ char *n = cescape_length(path + 1, path_len - 1);

                if (!n)
                        return -ENOMEM;
                e = strjoin("@", n);
        } else {
                if (path[path_len - 1] == 0) /* the terminating NUL is not printed */
                        path_len--;
                e = cescape_length(path, path_len);
        }
        if (!e)
                return -ENOMEM;
        *ret = e;
        return 0;
}

int sockaddr_pretty(const struct sockaddr *sa, socklen_t len, bool translate_ipv6_mapped, bool include_port,
                    char **ret) {
        char a[INET6_ADDRSTRLEN];
        sa_family_t family;

        if (!sa || !ret || len < sizeof(sa_family_t))
                return -EINVAL;
        /* Copy out of *sa: the caller's buffer need not be aligned for the family's struct. */
        memcpy(&family, sa, sizeof(family));

        switch (family) {

        case AF_INET: {
                struct sockaddr_in in;

                if (len < sizeof(in))
                        return -EINVAL;
                memcpy(&in, sa, sizeof(in));
                return print_ipv4((const uint8_t *) &in.sin_addr.s_addr, include_port ? ntohs(in.sin_port) : -1,
                                  ret);
        }

        case AF_INET6: {
                struct sockaddr_in6 in6;

                if (len < sizeof(in6))
                        return -EINVAL;
                memcpy(&in6, sa, sizeof(in6));

                if (translate_ipv6_mapped && in6_is_v4_mapped(&in6.sin6_addr)) {
                        const uint8_t *b = in6.sin6_addr.s6_addr + 12;

                        return print_ipv4(b, include_port ? ntohs(in6.sin6_port) : -1, ret);
                }

                if (!inet_ntop(AF_INET6, &in6.sin6_addr, a, sizeof(a)))
                        return -EINVAL;
                if (include_port) {
                        if (in6.sin6_scope_id != 0)
                                return asprintf_to(ret, "[%s]:%u%%%" PRIu32, a, ntohs(in6.sin6_port),
                                                   in6.sin6_scope_id);
                        return asprintf_to(ret, "[%s]:%u", a, ntohs(in6.sin6_port));
                }
                if (in6.sin6_scope_id != 0)
                        return asprintf_to(ret, "%s%%%" PRIu32, a, in6.sin6_scope_id);
                return strdup_to(ret, a);
        }

        case AF_UNIX:
                if (len > sizeof(struct sockaddr_un) + 1)
                        return -EINVAL;
                return print_unix((const uint8_t *) sa, len, ret);

        case AF_VSOCK: {
                struct sockaddr_vm vm;

                if (len < sizeof(vm))
                        return -EINVAL;
                memcpy(&vm, sa, sizeof(vm));
                if (!include_port)
                        return asprintf_to(ret, "vsock:%u", vm.svm_cid);
                if (vm.svm_cid == VMADDR_CID_ANY)
                        return asprintf_to(ret, "vsock::%u", vm.svm_port);
                return asprintf_to(ret, "vsock:%u:%u", vm.svm_cid, vm.svm_port);
        }

        default:
                return -EOPNOTSUPP;
        }
}

/* The AF_UNIX name verbatim; -EINVAL if it cannot be written as text that parses back. */
static int print_unix_verbatim(const SocketAddress *a, char **ret) {
        const char *path = a->sockaddr.un.sun_path;
        size_t n;
        char *p;

        if (a->size <= SUN_PATH_OFFSET + 1)
                return -EINVAL; /* unnamed, or an empty abstract name */
        n = MIN((size_t) a->size - SUN_PATH_OFFSET, sizeof(a->sockaddr.un.sun_path));

        if (path[0] == 0) {
                if (memchr(path + 1, 0, n - 1))
                        return -EINVAL;
                p = malloc(n + 1);
                if (!p)
                        return -ENOMEM;
                p[0] = '@';
                memcpy(p + 1, path + 1, n - 1);
                p[n] = 0;
        } else {
                size_t l = strnlen(path, n);

                /* Only the terminating NUL may follow the path. */
                if (l + 1 < n)
                        return -EINVAL;
                p = strndup(path, l);
                if (!p)
                        return -ENOMEM;
        }

        *ret = p;
        return 0;
}

static int print_internal(const SocketAddress *a, bool pretty, char **ret) {
        int r;

        if (!a || !ret)
                return -EINVAL;

        r = socket_address_verify(a, false);
        if (r < 0)
                return r;

        switch (socket_address_family(a)) {

        case AF_NETLINK: {
                _cleanup_free_ char *family = NULL;

                r = netlink_family_to_string_alloc(a->protocol, &family);
                if (r < 0)
                        return r;
                return asprintf_to(ret, "%s %" PRIu32, family, a->sockaddr.nl.nl_groups);
        }

        case AF_INET6:
                if (a->ifname[0] != 0 && strnlen(a->ifname, sizeof(a->ifname)) < sizeof(a->ifname)) {
                        char addr[INET6_ADDRSTRLEN];

                        if (!inet_ntop(AF_INET6, &a->sockaddr.in6.sin6_addr, addr, sizeof(addr)))
                                return -EINVAL;
                        return asprintf_to(ret, "[%s]:%u%%%s", addr, ntohs(a->sockaddr.in6.sin6_port),
                                           a->ifname);
                }
                break;

        case AF_UNIX:
                if (!pretty)
                        return print_unix_verbatim(a, ret);
                break;
        }

        return sockaddr_pretty(&a->sockaddr.sa, a->size, false, true, ret);
}

int socket_address_print(const SocketAddress *a, char **ret) {
        return print_internal(a, false, ret);
}

int socket_address_print_pretty(const SocketAddress *a, char **ret) {
        return print_internal(a, true, ret);
}
