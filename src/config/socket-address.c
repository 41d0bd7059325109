/* SPDX-License-Identifier: MIT */
#include <arpa/inet.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

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

/* ---- printing ---- */

/* systemd's cescape(): C escapes for \a\b\f\n\r\t\v, backslash and quotes, octal for other bytes below
 * ' ' or above '~'. n is at most a sockaddr_un's size, so the output size cannot overflow. */
static char *cescape_bytes(const char *s, size_t n) {
        char *r, *t;

        r = malloc(n * 4 + 1);
        if (!r)
                return NULL;

        t = r;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];
                const char *e = NULL;

                switch (c) {
                case '\a': e = "\\a"; break;
                case '\b': e = "\\b"; break;
                case '\f': e = "\\f"; break;
                case '\n': e = "\\n"; break;
                case '\r': e = "\\r"; break;
                case '\t': e = "\\t"; break;
                case '\v': e = "\\v"; break;
                case '\\': e = "\\\\"; break;
                case '"': e = "\\\""; break;
                case '\'': e = "\\'"; break;
                }

                if (e) {
                        *t++ = e[0];
                        *t++ = e[1];
                } else if (c < ' ' || c >= 127) {
                        *t++ = '\\';
                        *t++ = (char) ('0' + (c >> 6));
                        *t++ = (char) ('0' + ((c >> 3) & 7));
                        *t++ = (char) ('0' + (c & 7));
                } else
                        *t++ = (char) c;
        }
        *t = 0;
        return r;
}

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
                _cleanup_free_ char *n = cescape_bytes(path + 1, path_len - 1);

                if (!n)
                        return -ENOMEM;
                e = strjoin("@", n);
        } else {
                if (path[path_len - 1] == 0) /* the terminating NUL is not printed */
                        path_len--;
                e = cescape_bytes(path, path_len);
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
                uint32_t x;

                if (len < sizeof(in))
                        return -EINVAL;
                memcpy(&in, sa, sizeof(in));
                x = ntohl(in.sin_addr.s_addr);
                if (include_port)
                        return asprintf_to(ret, "%u.%u.%u.%u:%u", x >> 24, (x >> 16) & 0xff, (x >> 8) & 0xff,
                                           x & 0xff, ntohs(in.sin_port));
                return asprintf_to(ret, "%u.%u.%u.%u", x >> 24, (x >> 16) & 0xff, (x >> 8) & 0xff, x & 0xff);
        }

        case AF_INET6: {
                struct sockaddr_in6 in6;

                if (len < sizeof(in6))
                        return -EINVAL;
                memcpy(&in6, sa, sizeof(in6));

                if (translate_ipv6_mapped && in6_is_v4_mapped(&in6.sin6_addr)) {
                        const uint8_t *b = in6.sin6_addr.s6_addr + 12;

                        if (include_port)
                                return asprintf_to(ret, "%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3],
                                                   ntohs(in6.sin6_port));
                        return asprintf_to(ret, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
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
