/* SPDX-License-Identifier: MIT */
#pragma once

/* Socket addresses as written in ListenStream=, ListenDatagram=, ListenSequentialPacket= and ListenNetlink=
 * (systemd.socket(5)), parsed and printed the way systemd 252 does it.
 *
 * Pure config-layer code: nothing here touches the kernel except socket_ipv6_is_supported(), which
 * checks (once) whether /proc/net/if_inet6 exists. Interface names given as IPv6 scopes ("[fe80::1]:80%eth0")
 * are only checked syntactically and stored in SocketAddress.ifname; resolving them is the daemon's job
 * (systemd 252 resolves them while loading the unit and rejects the line with ENODEV if the interface does
 * not exist). Inputs are untrusted: any length is handled, nothing input-sized goes on the stack. */

#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "netlink-names.h"

/* Longest interface name plus NUL that systemd accepts as a scope (an "alternative name", ALTIFNAMSIZ). */
#define SOCKET_ADDRESS_IFNAME_MAX 128

typedef struct SocketAddress {
        union {
                struct sockaddr sa;
                struct sockaddr_in in;
                struct sockaddr_in6 in6;
                struct sockaddr_un un;
                struct sockaddr_nl nl;
                struct sockaddr_vm vm;
                struct sockaddr_storage storage;
        } sockaddr;
        /* The length to pass to bind(): AF_UNIX path = offsetof(sun_path) + strlen + 1; abstract =
         * offsetof(sun_path) + 1 + name length (no trailing NUL); the struct size for the other families. */
        socklen_t size;
        /* SOCK_STREAM/SOCK_DGRAM/SOCK_SEQPACKET, set by the caller; socket_address_parse() leaves it 0.
         * socket_address_parse_netlink() sets SOCK_RAW, as systemd does. */
        int type;
        /* The netlink family for AF_NETLINK, 0 otherwise. */
        int protocol;
        /* Interface named after '%' in "[x]:y%dev" or "v.w.x.y:z%dev", not resolved (empty if none, or if
         * a numeric index was given: that one is stored directly in sin6_scope_id). For AF_INET6 the daemon
         * must resolve it into sin6_scope_id before bind(). For AF_INET systemd only checks that the
         * interface exists and then ignores it; it is kept here so the daemon can do the same check. */
        char ifname[SOCKET_ADDRESS_IFNAME_MAX];
} SocketAddress;

/* Parses "/path", "@abstract", "PORT", "v.w.x.y:PORT", "[ipv6]:PORT", "[ipv6]:PORT%dev", "vsock:CID:PORT".
 * A bare port means [::]:PORT when IPv6 is supported, else 0.0.0.0:PORT. Like systemd 252: the value is not
 * stripped (the unit-file reader already did that), numbers take 0x/0o/0b and C octal prefixes, no host
 * names. Errors: -EINVAL (syntax), -ERANGE (number out of range, e.g. port 65536), -ENAMETOOLONG (file system
 * path longer than 107 bytes), -ENOMEM. *ret is written only on success, with type 0. */
int socket_address_parse(SocketAddress *ret, const char *s);
/* The same with the IPv6 decision for a bare port made by the caller (for tests). */
int socket_address_parse_full(const char *s, bool ipv6_supported, SocketAddress *ret);
/* socket_address_parse() plus the check systemd applies to Listen*= lines: an IPv6 address when the kernel
 * has no IPv6 is refused with -EAFNOSUPPORT (systemd warns "Binding to IPv6 address not available since
 * kernel does not support IPv6." and ignores the line). */
int socket_address_parse_and_check(const char *s, SocketAddress *ret);

/* Parses ListenNetlink=: "FAMILY [GROUP]", FAMILY a name from the netlink family table or a number
 * 0…INT_MAX, GROUP an unsigned number (default 0). Sets type = SOCK_RAW and protocol = the family.
 * -EINVAL or -ERANGE (group above UINT_MAX or negative). Implemented in netlink-names.c. */
int socket_address_parse_netlink(SocketAddress *ret, const char *s);

/* Whether the kernel has IPv6 (/proc/net/if_inet6 exists); cached after the first definite answer. */
bool socket_ipv6_is_supported(void);

/* systemd's socket_address_verify(): size and type consistent with the family, IP port not 0. With strict,
 * also checks NUL termination of file system paths. Returns 0, -EINVAL, or -EAFNOSUPPORT. */
int socket_address_verify(const SocketAddress *a, bool strict);

/* Prints the address in the text form systemd prints ("127.0.0.1:80", "[::1]:80", "[fe80::1]:80%eth0",
 * "/run/foo.sock", "@abstract", "vsock:2:1234", "vsock::80", "route 0"), which socket_address_parse()
 * (or socket_address_parse_netlink() for "route 0") reads back to an equal address. Two differences from
 * systemd's output: a scope given as a name is printed as that name and a numeric scope as the number
 * (systemd resolves indexes to names via the kernel); and AF_UNIX names are printed verbatim, so they parse
 * back (systemd C-escapes backslashes, quotes, control and non-ASCII bytes; use socket_address_print_pretty()
 * for that). Fails with -EINVAL for an invalid address or an AF_UNIX name that contains NUL bytes. */
int socket_address_print(const SocketAddress *a, char **ret);
/* Exactly systemd's display form, AF_UNIX names C-escaped ("@a\\tb", "/run/\303\251"). For display only. */
int socket_address_print_pretty(const SocketAddress *a, char **ret);

/* systemd's socket_address_equal(): same type and family; IPv4/IPv6 address and port (the IPv6 scope is
 * NOT compared); file system paths equal after collapsing "//", "/./" and trailing "/" (systemd also treats
 * two paths of the same inode as equal; we do not look at the file system); abstract names byte-equal;
 * netlink family and groups; vsock CID and port. Invalid addresses are unequal to everything. */
bool socket_address_equal(const SocketAddress *a, const SocketAddress *b);
/* socket_address_equal() that also compares the IPv6 scope (index and unresolved name) and file system
 * paths byte for byte. For deciding whether a listener may be kept across a reload. The printed form of an
 * address parses back to a strictly equal one. */
bool socket_address_equal_strict(const SocketAddress *a, const SocketAddress *b);

int socket_address_family(const SocketAddress *a);
/* The path of a file system AF_UNIX socket, NULL for every other address (abstract ones included). */
const char *socket_address_get_path(const SocketAddress *a);
bool socket_address_is_abstract(const SocketAddress *a);

/* Writes b as "a.b.c.d" at p, without printf (every accepted IPv4 connection is named); returns the end. */
char *ipv4_put(char *p, const uint8_t b[static 4]);

/* Formats a raw socket address as systemd's sockaddr_pretty(): "10.0.0.1:22", "[::1]:22", "::1" (no port),
 * IPv4-mapped IPv6 as IPv4 with translate_ipv6_mapped, "vsock:2:1234", "/path", "@abstract" (C-escaped),
 * "<unnamed>" for unbound AF_UNIX sockets. A nonzero IPv6 scope is appended as "%INDEX" (systemd prints the
 * interface name; that would need the kernel). len is the valid length of *sa. -EINVAL for a length too
 * short for the family, -EOPNOTSUPP for other families, -ENOMEM. */
int sockaddr_pretty(const struct sockaddr *sa, socklen_t len, bool translate_ipv6_mapped, bool include_port,
                    char **ret);

/* Interface name syntax as systemd's ifname_valid_full(): 1…15 bytes (1…127 with
 * IFNAME_VALID_ALTERNATIVE), printable ASCII except ':', '/', '%', not ".", "..", "all" or "default", not
 * all digits; a positive decimal/0x/0o/0b index is valid only with IFNAME_VALID_NUMERIC. With flags 0 this
 * is what BindToDevice= accepts (the same as ifname_valid() of basic/parse-util.h). */
typedef enum IfnameValidFlags {
        IFNAME_VALID_ALTERNATIVE = 1 << 0,
        IFNAME_VALID_NUMERIC = 1 << 1,
} IfnameValidFlags;
bool ifname_valid_full(const char *p, IfnameValidFlags flags);
/* A positive interface index in systemd's integer syntax (leading whitespace, sign, 0x/0o/0b/0 prefixes),
 * or -EINVAL/-ERANGE. */
int parse_ifindex(const char *s);

/* systemd's safe_atou(): base 10, or 16/8/2 with a 0x/0o/0b prefix, or 8 with a leading 0; leading
 * whitespace and a '+' skipped (whitespace refused with refuse_leading_whitespace), "-0" is 0, other
 * negative numbers -ERANGE, trailing garbage -EINVAL, above UINT_MAX -ERANGE. The same as basic/parse-util.h's
 * safe_atou_full(s, 0 or SAFE_ATO_REFUSE_LEADING_WHITESPACE), which appeared while this was written; kept
 * here so this module builds on its own, to be merged. */
int socket_address_parse_unsigned(const char *s, bool refuse_leading_whitespace, unsigned *ret);
