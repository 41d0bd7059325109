/* SPDX-License-Identifier: MIT */
/* Expected values come from systemd.socket(5) and from systemd 252 itself: every accepted/refused input and
 * every printed form below was checked against `systemd --test` / `systemd-analyze verify` of version 252. */
#include <arpa/inet.h>
#include <check.h>
#include <limits.h>

#include "macro.h"
#include "netlink-names.h"
#include "socket-address.h"
#include "string-util.h"

#define SUN_OFF offsetof(struct sockaddr_un, sun_path)

/* A string of n copies of c after a prefix, on the heap. */
static char *make_long(const char *prefix, char c, size_t n, const char *suffix) {
        size_t p = strlen(prefix), s = strlen(suffix);
        char *r = malloc(p + n + s + 1);

        ck_assert_ptr_nonnull(r);
        memcpy(r, prefix, p);
        memset(r + p, c, n);
        memcpy(r + p + n, suffix, s + 1);
        return r;
}

/* Parse (with the given IPv6 answer), expect r; on success print and compare, then check that the printed
 * text parses back to a strictly equal address that prints the same. */
static void check_full(const char *s, bool ipv6, int expected_r, const char *expected_print) {
        SocketAddress a, b;
        _cleanup_free_ char *p = NULL, *q = NULL;
        int r;

        memset(&a, 0x5a, sizeof(a));
        r = socket_address_parse_full(s, ipv6, &a);
        ck_assert_msg(r == expected_r, "parse(\"%s\") = %d, expected %d", s, r, expected_r);
        if (r < 0) {
                /* ret untouched on failure */
                ck_assert_int_eq(((unsigned char *) &a)[0], 0x5a);
                return;
        }

        ck_assert_int_eq(a.type, 0);
        ck_assert_int_eq(socket_address_verify(&a, true), 0);
        ck_assert_int_eq(socket_address_print(&a, &p), 0);
        ck_assert_msg(streq(p, expected_print), "print(\"%s\") = \"%s\", expected \"%s\"", s, p,
                      expected_print);

        ck_assert_int_eq(socket_address_parse_full(p, ipv6, &b), 0);
        ck_assert(socket_address_equal(&a, &b));
        ck_assert(socket_address_equal_strict(&a, &b));
        ck_assert_int_eq(socket_address_print(&b, &q), 0);
        ck_assert_str_eq(p, q);
}

static void check(const char *s, int expected_r, const char *expected_print) {
        check_full(s, true, expected_r, expected_print);
}

static void parse_ok(const char *s, SocketAddress *ret) {
        int r = socket_address_parse_full(s, true, ret);

        ck_assert_msg(r == 0, "parse(\"%s\") = %d", s, r);
}

START_TEST(test_unix) {
        _cleanup_free_ char *p107 = make_long("/", 'a', 106, ""), *p108 = make_long("/", 'a', 107, "");
        _cleanup_free_ char *a107 = make_long("@", 'b', 106, ""), *a108 = make_long("@", 'b', 107, "");
        SocketAddress a;

        parse_ok("/run/foo.sock", &a);
        ck_assert_int_eq(socket_address_family(&a), AF_UNIX);
        ck_assert_int_eq(a.size, SUN_OFF + strlen("/run/foo.sock") + 1);
        ck_assert_str_eq(socket_address_get_path(&a), "/run/foo.sock");
        ck_assert(!socket_address_is_abstract(&a));
        ck_assert_int_eq(a.protocol, 0);

        parse_ok("@abstract", &a);
        ck_assert_int_eq(a.size, SUN_OFF + 1 + strlen("abstract"));
        ck_assert_int_eq(a.sockaddr.un.sun_path[0], 0);
        ck_assert(memcmp(a.sockaddr.un.sun_path + 1, "abstract", 8) == 0);
        ck_assert_ptr_null(socket_address_get_path(&a));
        ck_assert(socket_address_is_abstract(&a));

        check("/run/foo.sock", 0, "/run/foo.sock");
        check("@abstract", 0, "@abstract");
        check("@foo bar%1:2", 0, "@foo bar%1:2");
        check("/run//y.sock/", 0, "/run//y.sock/"); /* kept as written */
        check("/foo ", 0, "/foo ");                  /* no stripping here */
        check("@/x", 0, "@/x");
        check("/", -EINVAL, NULL);
        check("@", -EINVAL, NULL);
        check("run/foo.sock", -EINVAL, NULL);
        check(" /foo", -EINVAL, NULL);
        check("./foo", -EINVAL, NULL);

        /* sun_path is 108 bytes and must hold the NUL: 107 bytes fit, 108 do not */
        ck_assert_int_eq(strlen(p107), 107);
        parse_ok(p107, &a);
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_un));
        ck_assert_str_eq(socket_address_get_path(&a), p107);
        check(p107, 0, p107);
        check(p108, -ENAMETOOLONG, NULL);
        parse_ok(a107, &a);
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_un) - 1);
        check(a107, 0, a107);
        check(a108, -EINVAL, NULL);
}
END_TEST

START_TEST(test_unix_escaping) {
        _cleanup_free_ char *p = NULL, *q = NULL, *r = NULL, *t = NULL;
        SocketAddress a;

        /* verbatim for round trips, C-escaped (systemd's display form) for pretty */
        parse_ok("@a\tb\\c'\"\001\303\251", &a);
        ck_assert_int_eq(socket_address_print(&a, &p), 0);
        ck_assert_str_eq(p, "@a\tb\\c'\"\001\303\251");
        ck_assert_int_eq(socket_address_print_pretty(&a, &q), 0);
        ck_assert_str_eq(q, "@a\\tb\\\\c\\'\\\"\\001\\303\\251");

        parse_ok("/run/x\\y", &a);
        ck_assert_int_eq(socket_address_print_pretty(&a, &r), 0);
        ck_assert_str_eq(r, "/run/x\\\\y");

        /* an abstract name with an embedded NUL (not from parsing) has no text form */
        a = (SocketAddress) { .sockaddr.un.sun_family = AF_UNIX, .size = SUN_OFF + 4 };
        memcpy(a.sockaddr.un.sun_path, "\0a\0b", 4);
        ck_assert_int_eq(socket_address_print(&a, &t), -EINVAL);
        ck_assert_ptr_null(t);
        ck_assert_int_eq(socket_address_print_pretty(&a, &t), 0);
        ck_assert_str_eq(t, "@a\\000b");
}
END_TEST

START_TEST(test_port) {
        SocketAddress a;

        check_full("80", true, 0, "[::]:80");
        check_full("80", false, 0, "0.0.0.0:80");

        parse_ok("1", &a);
        ck_assert_int_eq(a.sockaddr.in6.sin6_family, AF_INET6);
        ck_assert_int_eq(ntohs(a.sockaddr.in6.sin6_port), 1);
        ck_assert(IN6_IS_ADDR_UNSPECIFIED(&a.sockaddr.in6.sin6_addr));
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_in6));
        ck_assert_int_eq(socket_address_parse_full("22", false, &a), 0);
        ck_assert_int_eq(a.sockaddr.in.sin_family, AF_INET);
        ck_assert_int_eq(a.sockaddr.in.sin_addr.s_addr, htonl(INADDR_ANY));
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_in));

        /* the real check decides between the two */
        ck_assert_int_eq(socket_address_parse(&a, "8080"), 0);
        ck_assert_int_eq(socket_address_family(&a), socket_ipv6_is_supported() ? AF_INET6 : AF_INET);

        check("65535", 0, "[::]:65535");
        check("0", -EINVAL, NULL);
        check("00", -EINVAL, NULL);
        check("65536", -ERANGE, NULL);
        check("99999999999999999999999", -ERANGE, NULL);
        check("-1", -ERANGE, NULL);
        check("-0", -EINVAL, NULL);
        /* systemd's integer syntax: C octal and hex, Python-style 0o and 0b, a '+' sign */
        check("010", 0, "[::]:8");
        check("0x50", 0, "[::]:80");
        check("0X50", 0, "[::]:80");
        check("0o120", 0, "[::]:80");
        check("0b1010000", 0, "[::]:80");
        check("+80", 0, "[::]:80");
        check("08", -EINVAL, NULL);
        check("0b", -EINVAL, NULL);
        check("+0b1", -EINVAL, NULL);
        check(" 80", -EINVAL, NULL);
        check("80 ", -EINVAL, NULL);
        check("8 0", -EINVAL, NULL);
        check("1e3", -EINVAL, NULL);
        check("", -EINVAL, NULL);
        check("http", -EINVAL, NULL);
}
END_TEST

START_TEST(test_ipv4) {
        SocketAddress a;

        parse_ok("127.0.0.1:1234", &a);
        ck_assert_int_eq(socket_address_family(&a), AF_INET);
        ck_assert_int_eq(a.sockaddr.in.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
        ck_assert_int_eq(ntohs(a.sockaddr.in.sin_port), 1234);
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_in));
        ck_assert_ptr_null(socket_address_get_path(&a));

        check("127.0.0.1:1234", 0, "127.0.0.1:1234");
        check("1.2.3.4:1234", 0, "1.2.3.4:1234");
        check("0.0.0.0:22", 0, "0.0.0.0:22");
        check("255.255.255.255:65535", 0, "255.255.255.255:65535");
        check("1.2.3.4:0x50", 0, "1.2.3.4:80");
        check("1.2.3.4", -EINVAL, NULL);
        check("1.2.3.4:", -EINVAL, NULL);
        check("1.2.3.4:0", -EINVAL, NULL);
        check("1.2.3.4:-0", -EINVAL, NULL);
        check("1.2.3.4:-1", -ERANGE, NULL);
        check("1.2.3.4:65536", -ERANGE, NULL);
        check("1.2.3.4:99999999999", -ERANGE, NULL);
        check("1.2.3.4x:99999999999", -EINVAL, NULL); /* address checked before port */
        check("1.2.3.4: 80", -EINVAL, NULL);
        check("01.2.3.4:80", -EINVAL, NULL);
        check("1.2.3:80", -EINVAL, NULL);
        check("1.2.3.4.5:80", -EINVAL, NULL);
        check("256.1.1.1:80", -EINVAL, NULL);
        check("localhost:80", -EINVAL, NULL);
        check("example.com:80", -EINVAL, NULL);
        check("1.2.3.4:80#dns.example", -EINVAL, NULL);
        check("1.2.3.4:80:80", -EINVAL, NULL);
        check(":80", -EINVAL, NULL);

        /* an interface after an IPv4 address: syntax-checked, kept, not printed (systemd drops it) */
        parse_ok("1.2.3.4:80%lo", &a);
        ck_assert_str_eq(a.ifname, "lo");
        check("1.2.3.4:80%2", 0, "1.2.3.4:80");
        check("1.2.3.4:80%eth0", 0, "1.2.3.4:80");
        check("1.2.3.4:80%a:b", -EINVAL, NULL);
}
END_TEST

START_TEST(test_ipv6) {
        _cleanup_free_ char *n127 = make_long("[fe80::1]:80%", 'x', 127, "");
        _cleanup_free_ char *n128 = make_long("[fe80::1]:80%", 'x', 128, "");
        SocketAddress a;

        parse_ok("[::1]:1234", &a);
        ck_assert_int_eq(socket_address_family(&a), AF_INET6);
        ck_assert(IN6_IS_ADDR_LOOPBACK(&a.sockaddr.in6.sin6_addr));
        ck_assert_int_eq(ntohs(a.sockaddr.in6.sin6_port), 1234);
        ck_assert_int_eq(a.sockaddr.in6.sin6_scope_id, 0);
        ck_assert_str_eq(a.ifname, "");
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_in6));

        check("[::1]:1234", 0, "[::1]:1234");
        check("[::]:80", 0, "[::]:80");
        check("[2001:DB8:0:0::1]:443", 0, "[2001:db8::1]:443");
        /* IPv4-mapped stays IPv6, printed as inet_ntop() does */
        check("[::ffff:1.2.3.4]:80", 0, "[::ffff:1.2.3.4]:80");
        check("[::1]", -EINVAL, NULL);
        check("[::1]:", -EINVAL, NULL);
        check("[::1]:0", -EINVAL, NULL);
        check("[::1]:65536", -ERANGE, NULL);
        check("[zz]:65536", -ERANGE, NULL); /* in brackets the port is checked first */
        check("[zz]:80", -EINVAL, NULL);
        check("[]:80", -EINVAL, NULL);
        check("[1.2.3.4]:80", -EINVAL, NULL);
        check("[[::1]]:80", -EINVAL, NULL);
        check("[::1]:80]", -EINVAL, NULL);
        check("[::1:80", -EINVAL, NULL);
        check("::1:80", -EINVAL, NULL); /* a valid IPv6 address without port */
        check("::80", -EINVAL, NULL);
        check("fe80::1", -EINVAL, NULL);
        check("[::1]:080", -EINVAL, NULL);

        /* scope: a name (kept, resolved later by the daemon) or an index */
        parse_ok("[fe80::1]:80%eth0", &a);
        ck_assert_str_eq(a.ifname, "eth0");
        ck_assert_int_eq(a.sockaddr.in6.sin6_scope_id, 0);
        check("[fe80::1]:80%eth0", 0, "[fe80::1]:80%eth0");
        parse_ok("[fe80::1]:80%2", &a);
        ck_assert_str_eq(a.ifname, "");
        ck_assert_int_eq(a.sockaddr.in6.sin6_scope_id, 2);
        check("[fe80::1]:80%2", 0, "[fe80::1]:80%2");
        check("[fe80::1]:80%99", 0, "[fe80::1]:80%99");
        check("[::1]:80%0x10", 0, "[::1]:80%16");
        check("[::1]:80%010", 0, "[::1]:80%8");
        check("[::1]:80%0b11", 0, "[::1]:80%3");
        check("[::1]:80%+3", 0, "[::1]:80%3");
        check("[::1]:80% 3", 0, "[::1]:80%3");
        check("[::1]:80%-1", 0, "[::1]:80%-1"); /* not an index, but a valid name */
        check("[::1]:80%12a", 0, "[::1]:80%12a");
        check("[::1]:80%abcdefghijklmnop", 0, "[::1]:80%abcdefghijklmnop"); /* alternative names */
        check(n127, 0, n127);
        check(n128, -EINVAL, NULL);
        check("[::1]:80%", -EINVAL, NULL);
        check("[::1]:80%0", -EINVAL, NULL);
        check("[::1]:80%all", -EINVAL, NULL);
        check("[::1]:80%default", -EINVAL, NULL);
        check("[::1]:80%.", -EINVAL, NULL);
        check("[::1]:80%..", -EINVAL, NULL);
        check("[::1]:80%a:b", -EINVAL, NULL);
        check("[::1]:80%a/b", -EINVAL, NULL);
        check("[::1]:80%a b", -EINVAL, NULL);
        check("[::1]:80%\303\251", -EINVAL, NULL);
        check("[::1]:80%2147483648", -EINVAL, NULL);
        check("[::1]:80%123456789012345", -EINVAL, NULL);
        check("[::1]:80%lo%lo", -EINVAL, NULL);
        check("[::1]:80%lo#x", -EINVAL, NULL);
        check("[fe80::1%eth0]:80", -EINVAL, NULL);
        check("[fe80::1%2]:80", -EINVAL, NULL);
}
END_TEST

START_TEST(test_vsock) {
        SocketAddress a;

        parse_ok("vsock:2:1234", &a);
        ck_assert_int_eq(socket_address_family(&a), AF_VSOCK);
        ck_assert_uint_eq(a.sockaddr.vm.svm_cid, 2);
        ck_assert_uint_eq(a.sockaddr.vm.svm_port, 1234);
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_vm));
        parse_ok("vsock::80", &a);
        ck_assert_uint_eq(a.sockaddr.vm.svm_cid, VMADDR_CID_ANY);

        check("vsock:2:1234", 0, "vsock:2:1234");
        check("vsock::80", 0, "vsock::80");
        check("vsock:4294967295:80", 0, "vsock::80");
        check("vsock:2:0", 0, "vsock:2:0");
        check("vsock:2:4294967295", 0, "vsock:2:4294967295");
        check("vsock:0x10:0x20", 0, "vsock:16:32");
        check("vsock:0b10:0o10", 0, "vsock:2:8");
        check("vsock:-0:1", 0, "vsock:0:1");
        check("vsock: 2: 1", 0, "vsock:2:1");
        check("vsock:+2:+1", 0, "vsock:2:1");
        check("vsock:-1:80", -ERANGE, NULL);
        check("vsock:34843013755:210", -ERANGE, NULL); /* from systemd's test units */
        check("vsock:2:4294967296", -ERANGE, NULL);
        check("vsock:x:99999999999", -ERANGE, NULL); /* port first */
        check("vsock:2:", -EINVAL, NULL);
        check("vsock:", -EINVAL, NULL);
        check("vsock:2", -EINVAL, NULL);
        check("vsock:2:1:3", -EINVAL, NULL);
        check("vsock:1.2:1", -EINVAL, NULL);
        check("vsock:2:1%lo", -EINVAL, NULL);
        check("VSOCK:2:1", -EINVAL, NULL);
        check("vsock-stream:2:1", -EINVAL, NULL);
        check("vsock", -EINVAL, NULL);
}
END_TEST

static void check_netlink(const char *s, int expected_r, int family, unsigned group, const char *printed) {
        _cleanup_free_ char *p = NULL;
        SocketAddress a, b;
        int r;

        r = socket_address_parse_netlink(&a, s);
        ck_assert_msg(r == expected_r, "parse_netlink(\"%s\") = %d, expected %d", s, r, expected_r);
        if (r < 0)
                return;
        ck_assert_int_eq(socket_address_family(&a), AF_NETLINK);
        ck_assert_int_eq(a.type, SOCK_RAW);
        ck_assert_int_eq(a.protocol, family);
        ck_assert_uint_eq(a.sockaddr.nl.nl_groups, group);
        ck_assert_uint_eq(a.sockaddr.nl.nl_pid, 0);
        ck_assert_int_eq(a.size, sizeof(struct sockaddr_nl));
        ck_assert_int_eq(socket_address_print(&a, &p), 0);
        ck_assert_str_eq(p, printed);
        ck_assert_int_eq(socket_address_parse_netlink(&b, p), 0);
        ck_assert(socket_address_equal_strict(&a, &b));
}

START_TEST(test_netlink) {
        check_netlink("route", 0, NETLINK_ROUTE, 0, "route 0");
        check_netlink("audit", 0, NETLINK_AUDIT, 0, "audit 0");
        check_netlink("audit 1", 0, NETLINK_AUDIT, 1, "audit 1");
        check_netlink("kobject-uevent 1", 0, NETLINK_KOBJECT_UEVENT, 1, "kobject-uevent 1");
        check_netlink("kobject-uevent 0x10", 0, NETLINK_KOBJECT_UEVENT, 16, "kobject-uevent 16");
        check_netlink("  route   5", 0, NETLINK_ROUTE, 5, "route 5");
        check_netlink("route\t3", 0, NETLINK_ROUTE, 3, "route 3");
        check_netlink("route -0", 0, NETLINK_ROUTE, 0, "route 0");
        check_netlink("route 4294967295", 0, NETLINK_ROUTE, 4294967295u, "route 4294967295");
        check_netlink("rou\\te", 0, NETLINK_ROUTE, 0, "route 0"); /* backslash escapes the next byte */
        check_netlink("9", 0, NETLINK_AUDIT, 0, "audit 0");
        check_netlink("+3", 0, NETLINK_FIREWALL, 0, "firewall 0");
        check_netlink("007", 0, NETLINK_SELINUX, 0, "selinux 0");
        check_netlink("21", 0, 21, 0, "21 0");
        check_netlink("22 7", 0, 22, 7, "22 7");
        check_netlink("2147483647", 0, INT_MAX, 0, "2147483647 0");
        check_netlink("2147483648", -EINVAL, 0, 0, NULL);
        check_netlink("crypto", -EINVAL, 0, 0, NULL);
        check_netlink("smc", -EINVAL, 0, 0, NULL);
        check_netlink("sock-diag", -EINVAL, 0, 0, NULL);
        check_netlink("Route", -EINVAL, 0, 0, NULL);
        check_netlink("\"audit\"", -EINVAL, 0, 0, NULL);
        check_netlink("audit\\", -EINVAL, 0, 0, NULL);
        check_netlink("\377", -EINVAL, 0, 0, NULL); /* oss-fuzz-6884 */
        check_netlink("08", -EINVAL, 0, 0, NULL);
        check_netlink("route 1 2", -EINVAL, 0, 0, NULL);
        check_netlink("route x", -EINVAL, 0, 0, NULL);
        check_netlink("route -1", -ERANGE, 0, 0, NULL);
        check_netlink("route 4294967296", -ERANGE, 0, 0, NULL);
        check_netlink("", -EINVAL, 0, 0, NULL);
        check_netlink(" \t ", -EINVAL, 0, 0, NULL);

        /* every name of the table, and back */
        static const struct {
                const char *name;
                int family;
        } names[] = {
                { "route", 0 },       { "firewall", 3 },        { "inet-diag", 4 },  { "nflog", 5 },
                { "xfrm", 6 },        { "selinux", 7 },         { "iscsi", 8 },      { "audit", 9 },
                { "fib-lookup", 10 }, { "connector", 11 },      { "netfilter", 12 }, { "ip6-fw", 13 },
                { "dnrtmsg", 14 },    { "kobject-uevent", 15 }, { "generic", 16 },   { "scsitransport", 18 },
                { "ecryptfs", 19 },   { "rdma", 20 },
        };
        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                ck_assert_int_eq(netlink_family_from_string(names[i].name), names[i].family);
                ck_assert_str_eq(netlink_family_to_string(names[i].family), names[i].name);
        }
        ck_assert_ptr_null(netlink_family_to_string(1));
        ck_assert_ptr_null(netlink_family_to_string(2));
        ck_assert_ptr_null(netlink_family_to_string(17));
        ck_assert_ptr_null(netlink_family_to_string(21));
        ck_assert_ptr_null(netlink_family_to_string(-1));
        ck_assert_ptr_null(netlink_family_to_string(INT_MAX));
        ck_assert_int_eq(netlink_family_from_string("17"), 17);
        ck_assert_int_eq(netlink_family_from_string(NULL), -EINVAL);
        ck_assert_int_eq(netlink_family_from_string(""), -EINVAL);
        ck_assert_int_eq(netlink_family_from_string("-1"), -EINVAL);

        _cleanup_free_ char *s1 = NULL, *s2 = NULL;
        ck_assert_int_eq(netlink_family_to_string_alloc(16, &s1), 0);
        ck_assert_str_eq(s1, "generic");
        ck_assert_int_eq(netlink_family_to_string_alloc(17, &s2), 0);
        ck_assert_str_eq(s2, "17");
        ck_assert_int_eq(netlink_family_to_string_alloc(-1, &s2), -ERANGE);
}
END_TEST

START_TEST(test_equal) {
        SocketAddress a, b;

        parse_ok("/run/a.sock", &a);
        parse_ok("/run//a.sock/", &b);
        ck_assert(socket_address_equal(&a, &b));
        ck_assert(!socket_address_equal_strict(&a, &b));
        parse_ok("/run/./a.sock", &b);
        ck_assert(socket_address_equal(&a, &b));
        parse_ok("/run/a.sock/x", &b);
        ck_assert(!socket_address_equal(&a, &b));
        parse_ok("/run/a.soc", &b);
        ck_assert(!socket_address_equal(&a, &b));
        parse_ok("/run/../run/a.sock", &b); /* ".." is not resolved */
        ck_assert(!socket_address_equal(&a, &b));
        parse_ok("@/run/a.sock", &b);
        ck_assert(!socket_address_equal(&a, &b));

        parse_ok("@x", &a);
        parse_ok("@x", &b);
        ck_assert(socket_address_equal(&a, &b));
        parse_ok("@x ", &b);
        ck_assert(!socket_address_equal(&a, &b));

        /* the type counts */
        parse_ok("@x", &b);
        b.type = SOCK_DGRAM;
        ck_assert(!socket_address_equal(&a, &b));
        a.type = SOCK_DGRAM;
        ck_assert(socket_address_equal(&a, &b));

        parse_ok("1.2.3.4:80", &a);
        parse_ok("1.2.3.4:0x50", &b);
        ck_assert(socket_address_equal_strict(&a, &b));
        parse_ok("1.2.3.4:81", &b);
        ck_assert(!socket_address_equal(&a, &b));
        parse_ok("1.2.3.5:80", &b);
        ck_assert(!socket_address_equal(&a, &b));
        parse_ok("[::ffff:1.2.3.4]:80", &b);
        ck_assert(!socket_address_equal(&a, &b));

        /* like systemd, the IPv6 scope is ignored by the plain comparison */
        parse_ok("[fe80::1]:80%eth0", &a);
        parse_ok("[fe80::1]:80%eth1", &b);
        ck_assert(socket_address_equal(&a, &b));
        ck_assert(!socket_address_equal_strict(&a, &b));
        parse_ok("[fe80::1]:80%3", &b);
        ck_assert(socket_address_equal(&a, &b));
        ck_assert(!socket_address_equal_strict(&a, &b));
        parse_ok("[FE80:0::1]:80%eth0", &b);
        ck_assert(socket_address_equal_strict(&a, &b));
        parse_ok("[fe80::2]:80%eth0", &b);
        ck_assert(!socket_address_equal(&a, &b));

        ck_assert_int_eq(socket_address_parse_full("80", true, &a), 0);
        ck_assert_int_eq(socket_address_parse_full("[::]:80", true, &b), 0);
        ck_assert(socket_address_equal_strict(&a, &b));
        ck_assert_int_eq(socket_address_parse_full("80", false, &a), 0);
        ck_assert_int_eq(socket_address_parse_full("0.0.0.0:80", false, &b), 0);
        ck_assert(socket_address_equal_strict(&a, &b));

        parse_ok("vsock::80", &a);
        parse_ok("vsock:4294967295:80", &b);
        ck_assert(socket_address_equal(&a, &b));
        parse_ok("vsock:2:80", &b);
        ck_assert(!socket_address_equal(&a, &b));

        ck_assert_int_eq(socket_address_parse_netlink(&a, "audit 1"), 0);
        ck_assert_int_eq(socket_address_parse_netlink(&b, "9 1"), 0);
        ck_assert(socket_address_equal(&a, &b));
        ck_assert_int_eq(socket_address_parse_netlink(&b, "audit 2"), 0);
        ck_assert(!socket_address_equal(&a, &b));
        ck_assert_int_eq(socket_address_parse_netlink(&b, "route 1"), 0);
        ck_assert(!socket_address_equal(&a, &b));

        /* different families; invalid addresses are unequal even to themselves */
        parse_ok("1.2.3.4:80", &a);
        parse_ok("[::1]:80", &b);
        ck_assert(!socket_address_equal(&a, &b));
        a.size = 3;
        ck_assert(!socket_address_equal(&a, &a));
        ck_assert(!socket_address_equal(NULL, &b));
        memset(&a, 0, sizeof(a));
        ck_assert(!socket_address_equal(&a, &a));
}
END_TEST

START_TEST(test_round_trip) {
        static const char *const inputs[] = {
                "/run/foo.sock", "@foo", "@ x ", "/a", "1", "65535", "0x1F90", "1.2.3.4:1234",
                "127.0.0.1:0b1", "[::1]:22", "[::]:1", "[ffff::ffff]:3", "[::ffff:10.0.0.1]:7",
                "[fe80::1]:80%eth0", "[fe80::1]:80%7", "[fe80::1]:80%0x7",
                "vsock:2:1234", "vsock::1", "vsock:0:0",
        };

        for (size_t i = 0; i < ELEMENTSOF(inputs); i++) {
                _cleanup_free_ char *p = NULL, *q = NULL;
                SocketAddress a, b;

                parse_ok(inputs[i], &a);
                a.type = SOCK_STREAM;
                ck_assert_int_eq(socket_address_print(&a, &p), 0);
                parse_ok(p, &b);
                b.type = SOCK_STREAM;
                ck_assert_msg(socket_address_equal_strict(&a, &b), "%s -> %s", inputs[i], p);
                ck_assert_int_eq(socket_address_print(&b, &q), 0);
                ck_assert_str_eq(p, q);
        }
}
END_TEST

START_TEST(test_verify_print) {
        _cleanup_free_ char *p = NULL;
        SocketAddress a;

        parse_ok("1.2.3.4:80", &a);
        a.type = SOCK_STREAM;
        ck_assert_int_eq(socket_address_verify(&a, true), 0);
        a.type = SOCK_SEQPACKET; /* only AF_UNIX does seqpacket */
        ck_assert_int_eq(socket_address_verify(&a, false), -EINVAL);
        ck_assert_int_eq(socket_address_print(&a, &p), -EINVAL);
        ck_assert_ptr_null(p);

        parse_ok("/run/x", &a);
        a.type = SOCK_SEQPACKET;
        ck_assert_int_eq(socket_address_verify(&a, true), 0);
        a.size += 1; /* size no longer matches the NUL */
        ck_assert_int_eq(socket_address_verify(&a, true), -EINVAL);
        ck_assert_int_eq(socket_address_verify(&a, false), 0);

        parse_ok("vsock:2:1", &a);
        a.type = SOCK_SEQPACKET;
        ck_assert_int_eq(socket_address_verify(&a, false), -EINVAL);
        a.type = SOCK_DGRAM;
        ck_assert_int_eq(socket_address_verify(&a, false), 0);

        ck_assert_int_eq(socket_address_parse_netlink(&a, "route"), 0);
        ck_assert_int_eq(socket_address_verify(&a, true), 0);
        a.type = SOCK_STREAM;
        ck_assert_int_eq(socket_address_verify(&a, true), -EINVAL);

        memset(&a, 0, sizeof(a));
        a.sockaddr.sa.sa_family = AF_PACKET;
        ck_assert_int_eq(socket_address_verify(&a, false), -EAFNOSUPPORT);
        ck_assert_int_eq(socket_address_print(&a, &p), -EAFNOSUPPORT);
        ck_assert_int_eq(socket_address_family(&a), AF_PACKET);
        ck_assert_ptr_null(socket_address_get_path(&a));
        ck_assert(!socket_address_is_abstract(&a));

        /* a non-terminated path filling all of sun_path is not handed out as a string */
        a = (SocketAddress) { .sockaddr.un.sun_family = AF_UNIX, .size = sizeof(struct sockaddr_un) };
        memset(a.sockaddr.un.sun_path, 'x', sizeof(a.sockaddr.un.sun_path));
        ck_assert_ptr_null(socket_address_get_path(&a));
}
END_TEST

START_TEST(test_parse_and_check) {
        SocketAddress a;

        ck_assert_int_eq(socket_address_parse_and_check("[::1]:80", &a),
                         socket_ipv6_is_supported() ? 0 : -EAFNOSUPPORT);
        ck_assert_int_eq(socket_address_parse_and_check("1.2.3.4:80", &a), 0);
        ck_assert_int_eq(socket_address_parse_and_check("80", &a), 0);
        ck_assert_int_eq(socket_address_parse_and_check("0", &a), -EINVAL);
        /* cached, same answer twice */
        ck_assert_int_eq(socket_ipv6_is_supported(), socket_ipv6_is_supported());
        ck_assert_int_eq(socket_ipv6_is_supported(), access("/proc/net/if_inet6", F_OK) >= 0);
}
END_TEST

static void check_pretty(const void *sa, socklen_t len, bool translate, bool port, int expected_r,
                         const char *expected) {
        _cleanup_free_ char *p = NULL;
        int r = sockaddr_pretty(sa, len, translate, port, &p);

        ck_assert_int_eq(r, expected_r);
        if (r >= 0)
                ck_assert_str_eq(p, expected);
        else
                ck_assert_ptr_null(p);
}

START_TEST(test_sockaddr_pretty) {
        struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(22) };
        struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(22) };
        struct sockaddr_vm vm = { .svm_family = AF_VSOCK, .svm_cid = 2, .svm_port = 1234 };
        struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
        struct sockaddr_un un = { .sun_family = AF_UNIX };

        ck_assert_int_eq(inet_pton(AF_INET, "10.0.0.1", &in.sin_addr), 1);
        check_pretty(&in, sizeof(in), true, true, 0, "10.0.0.1:22");
        check_pretty(&in, sizeof(in), true, false, 0, "10.0.0.1");
        check_pretty(&in, sizeof(in) - 1, true, true, -EINVAL, NULL);
        in.sin_addr.s_addr = htonl(0xffffffffU);
        in.sin_port = htons(65535);
        check_pretty(&in, sizeof(in), true, true, 0, "255.255.255.255:65535"); /* the longest */
        in.sin_addr.s_addr = htonl(0);
        in.sin_port = htons(0);
        check_pretty(&in, sizeof(in), true, true, 0, "0.0.0.0:0");

        in6.sin6_addr = in6addr_loopback;
        check_pretty(&in6, sizeof(in6), true, true, 0, "[::1]:22");
        check_pretty(&in6, sizeof(in6), true, false, 0, "::1");
        ck_assert_int_eq(inet_pton(AF_INET6, "::ffff:192.168.178.53", &in6.sin6_addr), 1);
        in6.sin6_port = htons(44876);
        check_pretty(&in6, sizeof(in6), true, true, 0, "192.168.178.53:44876");
        check_pretty(&in6, sizeof(in6), true, false, 0, "192.168.178.53");
        check_pretty(&in6, sizeof(in6), false, true, 0, "[::ffff:192.168.178.53]:44876");
        check_pretty(&in6, sizeof(in6), false, false, 0, "::ffff:192.168.178.53");
        ck_assert_int_eq(inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr), 1);
        in6.sin6_scope_id = 3;
        check_pretty(&in6, sizeof(in6), true, true, 0, "[fe80::1]:44876%3");
        check_pretty(&in6, sizeof(in6), true, false, 0, "fe80::1%3");
        check_pretty(&in6, sizeof(struct sockaddr_in), true, true, -EINVAL, NULL);

        check_pretty(&vm, sizeof(vm), true, true, 0, "vsock:2:1234");
        check_pretty(&vm, sizeof(vm), true, false, 0, "vsock:2");
        vm.svm_cid = VMADDR_CID_ANY;
        check_pretty(&vm, sizeof(vm), true, true, 0, "vsock::1234");

        check_pretty(&nl, sizeof(nl), true, true, -EOPNOTSUPP, NULL);
        check_pretty(&nl, 1, true, true, -EINVAL, NULL);

        check_pretty(&un, sizeof(sa_family_t), true, true, 0, "<unnamed>");
        check_pretty(&un, SUN_OFF + 1, true, true, 0, "<unnamed>"); /* empty abstract name */
        memcpy(un.sun_path, "\0a\tb", 4);
        check_pretty(&un, SUN_OFF + 4, true, true, 0, "@a\\tb");
        memcpy(un.sun_path, "/run/x.sock", 12);
        check_pretty(&un, SUN_OFF + 12, true, true, 0, "/run/x.sock");
        check_pretty(&un, SUN_OFF + 11, true, true, 0, "/run/x.sock"); /* no NUL in the length */
        check_pretty(&un, sizeof(un) + 2, true, true, -EINVAL, NULL);
}
END_TEST

START_TEST(test_ifname_valid) {
        _cleanup_free_ char *n127 = make_long("", 'x', 127, ""), *n128 = make_long("", 'x', 128, "");

        /* BindToDevice= (flags 0), as systemd-analyze verify judges it */
        ck_assert(ifname_valid_full("lo", 0));
        ck_assert(ifname_valid_full("eth0", 0));
        ck_assert(ifname_valid_full("abcdefghijklmno", 0));
        ck_assert(!ifname_valid_full("abcdefghijklmnop", 0));
        ck_assert(!ifname_valid_full("5", 0));
        ck_assert(!ifname_valid_full("all", 0));
        ck_assert(!ifname_valid_full("default", 0));
        ck_assert(!ifname_valid_full("a:b", 0));
        ck_assert(!ifname_valid_full("a%b", 0));
        ck_assert(!ifname_valid_full("a/b", 0));
        ck_assert(!ifname_valid_full(".", 0));
        ck_assert(!ifname_valid_full("..", 0));
        ck_assert(ifname_valid_full("...", 0));
        ck_assert(ifname_valid_full("-1", 0));
        ck_assert(!ifname_valid_full("", 0));
        ck_assert(!ifname_valid_full(NULL, 0));
        ck_assert(!ifname_valid_full("a\tb", 0));
        ck_assert(!ifname_valid_full("\177", 0));

        ck_assert(ifname_valid_full("5", IFNAME_VALID_NUMERIC));
        ck_assert(!ifname_valid_full("0", IFNAME_VALID_NUMERIC));
        ck_assert(!ifname_valid_full("99999999999", IFNAME_VALID_NUMERIC));
        ck_assert(ifname_valid_full(n127, IFNAME_VALID_ALTERNATIVE));
        ck_assert(!ifname_valid_full(n128, IFNAME_VALID_ALTERNATIVE));
        ck_assert(!ifname_valid_full(n127, 0));

        ck_assert_int_eq(parse_ifindex("1"), 1);
        ck_assert_int_eq(parse_ifindex("0x10"), 16);
        ck_assert_int_eq(parse_ifindex("0"), -EINVAL);
        ck_assert_int_eq(parse_ifindex("-3"), -EINVAL);
        ck_assert_int_eq(parse_ifindex("eth0"), -EINVAL);
        ck_assert_int_eq(parse_ifindex("2147483648"), -ERANGE);
}
END_TEST

START_TEST(test_parse_unsigned) {
        unsigned u = 7;

        ck_assert_int_eq(socket_address_parse_unsigned("42", false, &u), 0);
        ck_assert_uint_eq(u, 42);
        ck_assert_int_eq(socket_address_parse_unsigned(" 42", false, &u), 0);
        ck_assert_int_eq(socket_address_parse_unsigned(" 42", true, &u), -EINVAL);
        ck_assert_int_eq(socket_address_parse_unsigned("", true, &u), -EINVAL);
        ck_assert_int_eq(socket_address_parse_unsigned("", false, &u), -EINVAL);
        ck_assert_int_eq(socket_address_parse_unsigned("42 ", false, &u), -EINVAL);
        ck_assert_int_eq(socket_address_parse_unsigned("4294967295", false, &u), 0);
        ck_assert_uint_eq(u, UINT_MAX);
        ck_assert_int_eq(socket_address_parse_unsigned("4294967296", false, &u), -ERANGE);
        ck_assert_int_eq(socket_address_parse_unsigned("-1", false, &u), -ERANGE);
        ck_assert_int_eq(socket_address_parse_unsigned("0b-1", false, &u), -ERANGE);
        ck_assert_int_eq(socket_address_parse_unsigned("-0", false, &u), 0);
        ck_assert_uint_eq(u, 0);
        ck_assert_int_eq(socket_address_parse_unsigned("0o17", false, &u), 0);
        ck_assert_uint_eq(u, 15);
        ck_assert_int_eq(socket_address_parse_unsigned("017", false, &u), 0);
        ck_assert_uint_eq(u, 15);
        ck_assert_int_eq(socket_address_parse_unsigned("0x", false, &u), -EINVAL);
        ck_assert_int_eq(socket_address_parse_unsigned(NULL, false, &u), -EINVAL);
}
END_TEST

/* Huge values (oss-fuzz-10007 was a 768 KB Listen value that overflowed systemd's stack): every form must
 * fail cleanly, in linear time, without big stack buffers. */
START_TEST(test_huge) {
        static const struct {
                const char *prefix, *suffix;
                char fill;
                int r;
        } cases[] = {
                { "/", "", 'a', -ENAMETOOLONG },
                { "@", "", 'a', -EINVAL },
                { "", "", '9', -ERANGE },
                { "", "", '0', -EINVAL }, /* zero */
                { "0", "1", '0', 0 },      /* octal 1: a valid port, as in systemd */
                { "[", "]:80", ':', -EINVAL },
                { "[::1]:", "", '1', -ERANGE },
                { "1.2.3.4:", "", '1', -ERANGE },
                { "", ":80", '1', -ERANGE }, /* strtoul() overflows before it sees the ':' */
                { "[::1]:80%", "", 'x', -EINVAL },
                { "[::1]:80%", "", '1', -EINVAL },
                { "vsock:", ":1", ' ', -EINVAL },
                { "vsock:", ":1", '9', -ERANGE },
                { "vsock:1:", "", '9', -ERANGE },
                { "vsock", "u%H%H0%Hs-fu", ' ', -EINVAL },
                { "", "", '%', -EINVAL },
                { "", "", '#', -EINVAL },
                { "", "", '[', -EINVAL },
        };
        const size_t n = 1024 * 1024;

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *s = make_long(cases[i].prefix, cases[i].fill, n, cases[i].suffix);
                SocketAddress a;
                int r = socket_address_parse_full(s, true, &a);

                ck_assert_msg(r == cases[i].r, "case %zu: %d", i, r);
                if (r == 0)
                        ck_assert_int_eq(ntohs(a.sockaddr.in6.sin6_port), 1);
        }

        /* leading whitespace and zeros are legal in a vsock CID, at any length */
        _cleanup_free_ char *v = make_long("vsock:", ' ', n, "0002:5");
        SocketAddress a;
        ck_assert_int_eq(socket_address_parse_full(v, true, &a), 0);
        ck_assert_uint_eq(a.sockaddr.vm.svm_cid, 2);

        _cleanup_free_ char *w = make_long("", 'a', n, " 1");
        ck_assert_int_eq(socket_address_parse_netlink(&a, w), -EINVAL);
        _cleanup_free_ char *x = make_long("route ", '1', n, "");
        ck_assert_int_eq(socket_address_parse_netlink(&a, x), -ERANGE);
        _cleanup_free_ char *y = make_long("route", ' ', n, "");
        ck_assert_int_eq(socket_address_parse_netlink(&a, y), 0);
        _cleanup_free_ char *z = make_long("", '\\', n, "");
        ck_assert_int_eq(socket_address_parse_netlink(&a, z), -EINVAL);
}
END_TEST

/* The Listen*= values of the shared fuzz regression inputs, when the corpus is available (make check sets
 * SOCKACT_CORPUS). Only checks that they are handled without crashing. */
START_TEST(test_corpus) {
        const char *dir = getenv("SOCKACT_CORPUS");
        static const char *const files[] = { "oss-fuzz-10007", "oss-fuzz-6884", "directives.socket" };

        if (isempty(dir))
                return;

        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                _cleanup_free_ char *path = strjoin(dir, "/fuzz-unit-file/", files[i]);
                _cleanup_fclose_ FILE *f = NULL;
                char *line = NULL;
                size_t size = 0;

                ck_assert_ptr_nonnull(path);
                f = fopen(path, "re");
                if (!f)
                        continue;
                while (getline(&line, &size, f) >= 0) {
                        const char *v = NULL;
                        SocketAddress a;

                        line[strcspn(line, "\n")] = 0;
                        if ((v = startswith(line, "ListenNetlink=")))
                                (void) socket_address_parse_netlink(&a, v);
                        else if ((v = startswith(line, "ListenStream=")) ||
                                 (v = startswith(line, "ListenDatagram=")) ||
                                 (v = startswith(line, "ListenSequentialPacket="))) {
                                _cleanup_free_ char *p = NULL;

                                if (socket_address_parse(&a, v) >= 0)
                                        ck_assert_int_ge(socket_address_print(&a, &p), 0);
                        }
                }
                free(line);
        }
}
END_TEST

int main(void) {
        Suite *s = suite_create("socket-address");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_unix);
        tcase_add_test(tc, test_unix_escaping);
        tcase_add_test(tc, test_port);
        tcase_add_test(tc, test_ipv4);
        tcase_add_test(tc, test_ipv6);
        tcase_add_test(tc, test_vsock);
        tcase_add_test(tc, test_netlink);
        tcase_add_test(tc, test_equal);
        tcase_add_test(tc, test_round_trip);
        tcase_add_test(tc, test_verify_print);
        tcase_add_test(tc, test_parse_and_check);
        tcase_add_test(tc, test_sockaddr_pretty);
        tcase_add_test(tc, test_ifname_valid);
        tcase_add_test(tc, test_parse_unsigned);
        tcase_add_test(tc, test_huge);
        tcase_add_test(tc, test_corpus);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
