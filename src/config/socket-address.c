/* SPDX-License-Identifier: MIT */
/* Socket addresses parsed, checked and compared as systemd 252 does (printed: socket-address-print.c). */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdint.h>

#include "macro.h"
#include "socket-address.h"
#include "string-util.h"

/* Longest IPv4/IPv6 text inet_pton() can accept is 45 bytes ("ffff:…:ffff:255.255.255.255"); anything
 * longer is invalid anyway, so address text is copied into a buffer of this size, never a bigger one. */
#define ADDRESS_TEXT_MAX 64

#define SUN_PATH_OFFSET offsetof(struct sockaddr_un, sun_path)

/* ---- numbers, in systemd's syntax ---- */

/* systemd accepts Python-style 0b/0o prefixes besides what strtoul() knows (0x, leading 0 = octal). */
static const char *skip_base_prefix(const char *s, int *ret_base) {
        const char *k;

        if ((k = startswith(s, "0b")) || (k = startswith(s, "0B"))) {
                *ret_base = 2;
                return k;
        }
        if ((k = startswith(s, "0o")) || (k = startswith(s, "0O"))) {
                *ret_base = 8;
                return k;
        }
        *ret_base = 0;
        return s;
}

int socket_address_parse_unsigned(const char *s, bool refuse_leading_whitespace, unsigned *ret) {
        unsigned long l;
        char *end = NULL;
        int base;

        if (!s)
                return -EINVAL;
        if (refuse_leading_whitespace && strchr(WHITESPACE, s[0]))
                return -EINVAL; /* the empty string too: strchr() finds the terminator */

        s += strspn(s, WHITESPACE);
        s = skip_base_prefix(s, &base);

        errno = 0;
        l = strtoul(s, &end, base);
        if (errno > 0)
                return -errno;
        if (!end || end == s || *end != 0)
                return -EINVAL;
        if (l != 0 && s[0] == '-')
                return -ERANGE;
        if ((unsigned long) (unsigned) l != l)
                return -ERANGE;

        *ret = (unsigned) l;
        return 0;
}

/* systemd's safe_atoi(). */
static int parse_int(const char *s, int *ret) {
        char *end = NULL;
        long l;
        int base;

        s += strspn(s, WHITESPACE);
        s = skip_base_prefix(s, &base);

        errno = 0;
        l = strtol(s, &end, base);
        if (errno > 0)
                return -errno;
        if (!end || end == s || *end != 0)
                return -EINVAL;
        if ((long) (int) l != l)
                return -ERANGE;

        *ret = (int) l;
        return 0;
}

/* systemd's parse_ip_port(): no leading whitespace, 1…65535. */
static int parse_ip_port(const char *s, uint16_t *ret) {
        unsigned u;
        int r;

        r = socket_address_parse_unsigned(s, true, &u);
        if (r < 0)
                return r;
        if (u > UINT16_MAX)
                return -ERANGE;
        if (u == 0)
                return -EINVAL;

        *ret = (uint16_t) u;
        return 0;
}

int parse_ifindex(const char *s) {
        int i, r;

        if (!s)
                return -EINVAL;
        r = parse_int(s, &i);
        if (r < 0)
                return r;
        if (i <= 0)
                return -EINVAL;
        return i;
}

/* ---- interface names ---- */

static bool ifname_valid_char(char c) {
        if ((unsigned char) c >= 127U || (unsigned char) c <= 32U)
                return false;
        /* ':' is the legacy alias separator, '/' cannot appear in sysfs paths, '%' is the kernel's "%d"
         * name template. */
        return !IN_SET(c, ':', '/', '%');
}

bool ifname_valid_full(const char *p, IfnameValidFlags flags) {
        size_t max = (flags & IFNAME_VALID_ALTERNATIVE) ? SOCKET_ADDRESS_IFNAME_MAX : IF_NAMESIZE;
        bool numeric = true;

        if (isempty(p))
                return false;

        if (parse_ifindex(p) >= 0)
                return flags & IFNAME_VALID_NUMERIC;

        if (strnlen(p, max) >= max)
                return false;
        if (STR_IN_SET(p, ".", "..", "all", "default"))
                return false;

        for (const char *t = p; *t; t++) {
                if (!ifname_valid_char(*t))
                        return false;
                numeric = numeric && *t >= '0' && *t <= '9';
        }

        /* All digits but not a valid index (zero, or too large): refused, to avoid confusion. */
        return !numeric;
}

/* ---- parsing ---- */

bool socket_ipv6_is_supported(void) {
        static int cached = -1;

        if (cached < 0) {
                if (access("/proc/net/if_inet6", F_OK) < 0) {
                        if (errno != ENOENT)
                                return false; /* unexpected; do not cache */
                        cached = false;
                } else
                        cached = true;
        }

        return cached;
}

/* "/path" or "@abstract"; -EPROTO if s is neither, so the caller tries the next form. */
static int parse_unix(const char *s, SocketAddress *ret) {
        size_t max = sizeof(ret->sockaddr.un.sun_path), l;

        if (!IN_SET(s[0], '/', '@'))
                return -EPROTO;

        l = strnlen(s, max);
        if (l < 2)
                return -EINVAL;
        /* Like systemd we insist on a NUL terminator inside sun_path, for abstract names as well. A too long
         * file system path gets a recognizable error. */
        if (l >= max)
                return s[0] == '@' ? -EINVAL : -ENAMETOOLONG;

        *ret = (SocketAddress) {
                .sockaddr.un.sun_family = AF_UNIX,
        };
        if (s[0] == '@') {
                memcpy(ret->sockaddr.un.sun_path + 1, s + 1, l - 1);
                ret->size = (socklen_t) (SUN_PATH_OFFSET + l); /* no trailing NUL */
        } else {
                memcpy(ret->sockaddr.un.sun_path, s, l);
                ret->size = (socklen_t) (SUN_PATH_OFFSET + l + 1); /* with trailing NUL */
        }
        return 0;
}

/* "vsock:CID:PORT", CID possibly empty; -EPROTO if s does not start with "vsock:". */
static int parse_vsock(const char *s, SocketAddress *ret) {
        _cleanup_free_ char *cid_text = NULL;
        unsigned port, cid = VMADDR_CID_ANY;
        const char *cid_start, *e;
        int r;

        cid_start = startswith(s, "vsock:");
        if (!cid_start)
                return -EPROTO;

        e = strchr(cid_start, ':');
        if (!e)
                return -EINVAL;

        r = socket_address_parse_unsigned(e + 1, false, &port);
        if (r < 0)
                return r;

        if (e > cid_start) {
                /* On the heap: the CID may legally carry any amount of leading whitespace or zeros. */
                cid_text = strndup(cid_start, e - cid_start);
                if (!cid_text)
                        return -ENOMEM;
                r = socket_address_parse_unsigned(cid_text, false, &cid);
                if (r < 0)
                        return r;
        }

        *ret = (SocketAddress) {
                .sockaddr.vm = {
                        .svm_family = AF_VSOCK,
                        .svm_cid = cid,
                        .svm_port = port,
                },
                .size = sizeof(struct sockaddr_vm),
        };
        return 0;
}

/* inet_pton() on the first n bytes of s. */
static int address_from_text(int family, const char *s, size_t n, void *ret) {
        char buf[ADDRESS_TEXT_MAX];

        if (n >= sizeof(buf))
                return -EINVAL;
        memcpy(buf, s, n);
        buf[n] = 0;

        if (inet_pton(family, buf, ret) <= 0)
                return -EINVAL;
        return 0;
}

/* "v.w.x.y:PORT" or "[x]:PORT", optionally followed by "%IFNAME" or "%IFINDEX". The same steps in the same
 * order as systemd 252's in_addr_port_ifindex_name_from_string_auto(), so that the same inputs fail with
 * the same error. */
static int parse_ip(const char *s, SocketAddress *ret) {
        _cleanup_free_ char *buf = NULL;
        char ifname[SOCKET_ADDRESS_IFNAME_MAX] = "";
        struct in6_addr a6 = {};
        struct in_addr a4 = {};
        uint16_t port = 0;
        int family, ifindex = 0, r;
        const char *m;

        /* systemd's parser knows a "#servername" suffix, which is not allowed here. */
        if (strchr(s, '#'))
                return -EINVAL;

        m = strchr(s, '%');
        if (m) {
                if (!ifname_valid_full(m + 1, IFNAME_VALID_ALTERNATIVE | IFNAME_VALID_NUMERIC))
                        return -EINVAL;

                r = parse_ifindex(m + 1);
                if (r > 0)
                        ifindex = r;
                else
                        strcpy(ifname, m + 1); /* fits: checked by ifname_valid_full() */

                buf = strndup(s, m - s);
                if (!buf)
                        return -ENOMEM;
                s = buf;
        }

        m = strrchr(s, ':');
        if (m) {
                if (s[0] == '[') {
                        /* s[0] is '[', so m > s and m[-1] exists. */
                        if (m[-1] != ']')
                                return -EINVAL;

                        family = AF_INET6;
                        r = parse_ip_port(m + 1, &port);
                        if (r < 0)
                                return r;
                        if (m - s < 2)
                                return -EINVAL;
                        r = address_from_text(AF_INET6, s + 1, m - s - 2, &a6);
                        if (r < 0)
                                return r;
                } else if (address_from_text(AF_INET6, s, strlen(s), &a6) >= 0)
                        family = AF_INET6; /* an IPv6 address without brackets, hence without port */
                else {
                        family = AF_INET;
                        r = address_from_text(AF_INET, s, m - s, &a4);
                        if (r < 0)
                                return r;
                        r = parse_ip_port(m + 1, &port);
                        if (r < 0)
                                return r;
                }
        } else {
                family = AF_INET;
                r = address_from_text(AF_INET, s, strlen(s), &a4);
                if (r < 0)
                        return r;
        }

        if (port == 0) /* no port, no go */
                return -EINVAL;

        if (family == AF_INET)
                *ret = (SocketAddress) {
                        .sockaddr.in = {
                                .sin_family = AF_INET,
                                .sin_addr = a4,
                                .sin_port = htons(port),
                        },
                        .size = sizeof(struct sockaddr_in),
                };
        else
                *ret = (SocketAddress) {
                        .sockaddr.in6 = {
                                .sin6_family = AF_INET6,
                                .sin6_addr = a6,
                                .sin6_port = htons(port),
                                .sin6_scope_id = (uint32_t) ifindex,
                        },
                        .size = sizeof(struct sockaddr_in6),
                };
        memcpy(ret->ifname, ifname, sizeof(ifname));
        return 0;
}

int socket_address_parse_full(const char *s, bool ipv6_supported, SocketAddress *ret) {
        SocketAddress a;
        uint16_t port;
        int r;

        if (!s || !ret)
                return -EINVAL;

        r = parse_unix(s, &a);
        if (r == -EPROTO)
                r = parse_vsock(s, &a);
        if (r != -EPROTO) {
                if (r < 0)
                        return r;
                *ret = a;
                return 0;
        }

        r = parse_ip_port(s, &port);
        if (r == -ERANGE)
                return r; /* a number, but too big (or negative) for a port */
        if (r >= 0) {
                if (ipv6_supported)
                        a = (SocketAddress) {
                                .sockaddr.in6 = {
                                        .sin6_family = AF_INET6,
                                        .sin6_port = htons(port),
                                        .sin6_addr = IN6ADDR_ANY_INIT,
                                },
                                .size = sizeof(struct sockaddr_in6),
                        };
                else
                        a = (SocketAddress) {
                                .sockaddr.in = {
                                        .sin_family = AF_INET,
                                        .sin_port = htons(port),
                                        .sin_addr.s_addr = htonl(INADDR_ANY),
                                },
                                .size = sizeof(struct sockaddr_in),
                        };
        } else {
                r = parse_ip(s, &a);
                if (r < 0)
                        return r;
        }

        *ret = a;
        return 0;
}

int socket_address_parse(SocketAddress *ret, const char *s) {
        return socket_address_parse_full(s, socket_ipv6_is_supported(), ret);
}

int socket_address_parse_and_check(const char *s, SocketAddress *ret) {
        SocketAddress a;
        int r;

        r = socket_address_parse(&a, s);
        if (r < 0)
                return r;
        if (a.sockaddr.sa.sa_family == AF_INET6 && !socket_ipv6_is_supported())
                return -EAFNOSUPPORT;

        *ret = a;
        return 0;
}

/* ---- inspection ---- */

int socket_address_family(const SocketAddress *a) {
        return a->sockaddr.sa.sa_family;
}

int socket_address_verify(const SocketAddress *a, bool strict) {
        if (!a)
                return -EINVAL;

        switch (socket_address_family(a)) {

        case AF_INET:
                if (a->size != sizeof(struct sockaddr_in) || a->sockaddr.in.sin_port == 0)
                        return -EINVAL;
                if (!IN_SET(a->type, 0, SOCK_STREAM, SOCK_DGRAM))
                        return -EINVAL;
                return 0;

        case AF_INET6:
                if (a->size != sizeof(struct sockaddr_in6) || a->sockaddr.in6.sin6_port == 0)
                        return -EINVAL;
                if (!IN_SET(a->type, 0, SOCK_STREAM, SOCK_DGRAM))
                        return -EINVAL;
                return 0;

        case AF_UNIX:
                if (a->size < SUN_PATH_OFFSET)
                        return -EINVAL;
                /* Not strict: one extra byte, as getsockname() appends a NUL to a path filling sun_path. */
                if (a->size > sizeof(struct sockaddr_un) + !strict)
                        return -EINVAL;

                if (strict && a->size > SUN_PATH_OFFSET && a->sockaddr.un.sun_path[0] != 0) {
                        const char *p = a->sockaddr.un.sun_path;
                        const char *e = memchr(p, 0, sizeof(a->sockaddr.un.sun_path));

                        if (e) {
                                if (a->size != SUN_PATH_OFFSET + (size_t) (e - p) + 1)
                                        return -EINVAL;
                        } else if (!IN_SET((size_t) a->size, sizeof(a->sockaddr.un.sun_path),
                                           sizeof(a->sockaddr.un.sun_path) + 1))
                                return -EINVAL;
                }

                if (!IN_SET(a->type, 0, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET))
                        return -EINVAL;
                return 0;

        case AF_NETLINK:
                if (a->size != sizeof(struct sockaddr_nl))
                        return -EINVAL;
                if (!IN_SET(a->type, 0, SOCK_RAW, SOCK_DGRAM))
                        return -EINVAL;
                return 0;

        case AF_VSOCK:
                if (a->size != sizeof(struct sockaddr_vm))
                        return -EINVAL;
                if (!IN_SET(a->type, 0, SOCK_STREAM, SOCK_DGRAM))
                        return -EINVAL;
                return 0;

        default:
                return -EAFNOSUPPORT;
        }
}

const char *socket_address_get_path(const SocketAddress *a) {
        if (!a || socket_address_family(a) != AF_UNIX || a->size <= SUN_PATH_OFFSET)
                return NULL;
        if (a->sockaddr.un.sun_path[0] == 0)
                return NULL;
        /* Only hand out NUL-terminated paths. */
        if (!memchr(a->sockaddr.un.sun_path, 0, sizeof(a->sockaddr.un.sun_path)))
                return NULL;
        return a->sockaddr.un.sun_path;
}

bool socket_address_is_abstract(const SocketAddress *a) {
        return a && socket_address_family(a) == AF_UNIX && a->size > SUN_PATH_OFFSET &&
                a->sockaddr.un.sun_path[0] == 0;
}

/* ---- equality ---- */

/* The next component of a path: skips slashes and "." components; returns its length, 0 at the end. */
static size_t path_next_component(const char **p, const char *end, const char **ret) {
        for (;;) {
                const char *s = *p, *e;

                while (s < end && *s == '/')
                        s++;
                e = s;
                while (e < end && *e != '/')
                        e++;
                *p = e;
                if (e - s == 1 && *s == '.')
                        continue;
                *ret = s;
                return (size_t) (e - s);
        }
}

/* systemd's path_equal(): "/a//b/./c/" equals "/a/b/c". Both absolute here. */
static bool path_equal_normalized(const char *a, size_t na, const char *b, size_t nb) {
        const char *ea = a + na, *eb = b + nb;

        for (;;) {
                const char *ca, *cb;
                size_t la = path_next_component(&a, ea, &ca);
                size_t lb = path_next_component(&b, eb, &cb);

                if (la != lb)
                        return false;
                if (la == 0)
                        return true;
                if (memcmp(ca, cb, la) != 0)
                        return false;
        }
}

static bool unix_equal(const SocketAddress *a, const SocketAddress *b, bool strict) {
        const char *pa = a->sockaddr.un.sun_path, *pb = b->sockaddr.un.sun_path;

        if (a->size <= SUN_PATH_OFFSET || b->size <= SUN_PATH_OFFSET)
                return false;
        if ((pa[0] == 0) != (pb[0] == 0))
                return false;

        if (pa[0] == 0) /* abstract: the name is exactly size - offset bytes */
                return a->size == b->size && memcmp(pa, pb, a->size - SUN_PATH_OFFSET) == 0;

        size_t na = strnlen(pa, MIN((size_t) a->size - SUN_PATH_OFFSET, sizeof(a->sockaddr.un.sun_path)));
        size_t nb = strnlen(pb, MIN((size_t) b->size - SUN_PATH_OFFSET, sizeof(b->sockaddr.un.sun_path)));
        if (strict)
                return na == nb && memcmp(pa, pb, na) == 0;
        return path_equal_normalized(pa, na, pb, nb);
}

static bool equal_internal(const SocketAddress *a, const SocketAddress *b, bool strict) {
        if (!a || !b)
                return false;
        if (socket_address_verify(a, false) < 0 || socket_address_verify(b, false) < 0)
                return false;
        if (a->type != b->type || socket_address_family(a) != socket_address_family(b))
                return false;

        switch (socket_address_family(a)) {

        case AF_INET:
                return a->sockaddr.in.sin_addr.s_addr == b->sockaddr.in.sin_addr.s_addr &&
                        a->sockaddr.in.sin_port == b->sockaddr.in.sin_port;

        case AF_INET6:
                if (strict && (a->sockaddr.in6.sin6_scope_id != b->sockaddr.in6.sin6_scope_id ||
                               strncmp(a->ifname, b->ifname, sizeof(a->ifname)) != 0))
                        return false;
                return memcmp(&a->sockaddr.in6.sin6_addr, &b->sockaddr.in6.sin6_addr,
                              sizeof(struct in6_addr)) == 0 &&
                        a->sockaddr.in6.sin6_port == b->sockaddr.in6.sin6_port;

        case AF_UNIX:
                return unix_equal(a, b, strict);

        case AF_NETLINK:
                return a->protocol == b->protocol && a->sockaddr.nl.nl_groups == b->sockaddr.nl.nl_groups;

        case AF_VSOCK:
                return a->sockaddr.vm.svm_cid == b->sockaddr.vm.svm_cid &&
                        a->sockaddr.vm.svm_port == b->sockaddr.vm.svm_port;

        default:
                return false;
        }
}

bool socket_address_equal(const SocketAddress *a, const SocketAddress *b) {
        return equal_internal(a, b, false);
}

bool socket_address_equal_strict(const SocketAddress *a, const SocketAddress *b) {
        return equal_internal(a, b, true);
}
