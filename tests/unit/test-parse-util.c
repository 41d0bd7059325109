/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <limits.h>
#include <stdint.h>

#include "parse-util.h"
#include "user-util.h"

/* Expected values and errors were checked against systemd 252 (systemd-analyze verify). */

START_TEST(test_parse_boolean) {
        const char *yes[] = { "1", "yes", "y", "true", "t", "on", "YES", "On", "TRUE", "Y" };
        const char *no[] = { "0", "no", "n", "false", "f", "off", "NO", "Off", "FALSE", "F" };

        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                ck_assert_int_eq(parse_boolean(yes[i]), 1);
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                ck_assert_int_eq(parse_boolean(no[i]), 0);

        ck_assert_int_eq(parse_boolean(""), -EINVAL);
        ck_assert_int_eq(parse_boolean(NULL), -EINVAL);
        ck_assert_int_eq(parse_boolean("2"), -EINVAL);
        ck_assert_int_eq(parse_boolean("yess"), -EINVAL);
        ck_assert_int_eq(parse_boolean(" yes"), -EINVAL);
        ck_assert_int_eq(parse_boolean("enable"), -EINVAL);
}
END_TEST

START_TEST(test_safe_atou) {
        unsigned u = 42;

        ck_assert_int_eq(safe_atou("0", &u), 0);
        ck_assert_uint_eq(u, 0);
        ck_assert_int_eq(safe_atou("4294967295", &u), 0);
        ck_assert_uint_eq(u, UINT_MAX);
        ck_assert_int_eq(safe_atou("  17", &u), 0);
        ck_assert_uint_eq(u, 17);
        ck_assert_int_eq(safe_atou("+5", &u), 0);
        ck_assert_uint_eq(u, 5);
        ck_assert_int_eq(safe_atou("-0", &u), 0);
        ck_assert_uint_eq(u, 0);

        /* base 0: prefixes select the base, as MaxConnections= and Backlog= read them */
        ck_assert_int_eq(safe_atou("0x10", &u), 0);
        ck_assert_uint_eq(u, 16);
        ck_assert_int_eq(safe_atou("010", &u), 0);
        ck_assert_uint_eq(u, 8);
        ck_assert_int_eq(safe_atou("0b11", &u), 0);
        ck_assert_uint_eq(u, 3);
        ck_assert_int_eq(safe_atou("0o17", &u), 0);
        ck_assert_uint_eq(u, 15);

        u = 42;
        ck_assert_int_eq(safe_atou("08", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("09", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("0x", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("   ", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("5 ", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("5x", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("1e3", &u), -EINVAL);
        ck_assert_int_eq(safe_atou("-1", &u), -ERANGE);
        ck_assert_int_eq(safe_atou("-5", &u), -ERANGE);
        ck_assert_int_eq(safe_atou("4294967296", &u), -ERANGE);
        ck_assert_int_eq(safe_atou("99999999999999999999999", &u), -ERANGE);
        ck_assert_uint_eq(u, 42); /* untouched on failure */
        ck_assert_int_eq(safe_atou("7", NULL), 0);
}
END_TEST

START_TEST(test_safe_atou_full) {
        unsigned u = 0;

        ck_assert_int_eq(safe_atou_full("010", 10, &u), 0);
        ck_assert_uint_eq(u, 10);
        ck_assert_int_eq(safe_atou_full("0x10", 10, &u), -EINVAL);
        ck_assert_int_eq(safe_atou_full("ff", 16, &u), 0);
        ck_assert_uint_eq(u, 255);
        ck_assert_int_eq(safe_atou_full("0xff", 16, &u), 0);
        ck_assert_uint_eq(u, 255);
        ck_assert_int_eq(safe_atou_full("777", 8, &u), 0);
        ck_assert_uint_eq(u, 0777);
        ck_assert_int_eq(safe_atou_full("8", 8, &u), -EINVAL);
        ck_assert_int_eq(safe_atou_full("0x10", 0, &u), 0);
        ck_assert_uint_eq(u, 16);
        ck_assert_int_eq(safe_atou_full("5", 7, &u), -EINVAL);

        ck_assert_int_eq(safe_atou_full("+5", 10 | SAFE_ATO_REFUSE_PLUS_MINUS, &u), -EINVAL);
        ck_assert_int_eq(safe_atou_full("-0", 10 | SAFE_ATO_REFUSE_PLUS_MINUS, &u), -EINVAL);
        ck_assert_int_eq(safe_atou_full("05", 10 | SAFE_ATO_REFUSE_LEADING_ZERO, &u), -EINVAL);
        ck_assert_int_eq(safe_atou_full("0", 10 | SAFE_ATO_REFUSE_LEADING_ZERO, &u), 0);
        ck_assert_uint_eq(u, 0);
        ck_assert_int_eq(safe_atou_full(" 5", 10 | SAFE_ATO_REFUSE_LEADING_WHITESPACE, &u), -EINVAL);
        ck_assert_int_eq(safe_atou_full("", 10 | SAFE_ATO_REFUSE_LEADING_WHITESPACE, &u), -EINVAL);
        ck_assert_int_eq(safe_atou_full("5", 10 | SAFE_ATO_REFUSE_LEADING_WHITESPACE, &u), 0);
        ck_assert_uint_eq(u, 5);
}
END_TEST

START_TEST(test_safe_atoi) {
        int i = 0;

        ck_assert_int_eq(safe_atoi("-20", &i), 0);
        ck_assert_int_eq(i, -20);
        ck_assert_int_eq(safe_atoi("+7", &i), 0);
        ck_assert_int_eq(i, 7);
        ck_assert_int_eq(safe_atoi(" -0x10", &i), 0);
        ck_assert_int_eq(i, -16);
        ck_assert_int_eq(safe_atoi("2147483647", &i), 0);
        ck_assert_int_eq(i, INT_MAX);
        ck_assert_int_eq(safe_atoi("-2147483648", &i), 0);
        ck_assert_int_eq(i, INT_MIN);
        ck_assert_int_eq(safe_atoi("2147483648", &i), -ERANGE);
        ck_assert_int_eq(safe_atoi("-2147483649", &i), -ERANGE);
        ck_assert_int_eq(safe_atoi("", &i), -EINVAL);
        ck_assert_int_eq(safe_atoi("-", &i), -EINVAL);
        ck_assert_int_eq(safe_atoi("1 2", &i), -EINVAL);
        ck_assert_int_eq(i, INT_MIN);
}
END_TEST

START_TEST(test_safe_ato_sized) {
        uint64_t u64 = 0;
        int64_t i64 = 0;
        uint32_t u32 = 0;
        uint16_t u16 = 0;
        uint8_t u8 = 0;

        ck_assert_int_eq(safe_atou64("18446744073709551615", &u64), 0);
        ck_assert_uint_eq(u64, UINT64_MAX);
        ck_assert_int_eq(safe_atou64("18446744073709551616", &u64), -ERANGE);
        ck_assert_int_eq(safe_atou64("-1", &u64), -ERANGE);
        ck_assert_int_eq(safe_atou64("0x", &u64), -EINVAL);
        ck_assert_int_eq(safe_atou64_full("010", 10, &u64), 0);
        ck_assert_uint_eq(u64, 10);

        ck_assert_int_eq(safe_atoi64("-9223372036854775808", &i64), 0);
        ck_assert(i64 == INT64_MIN);
        ck_assert_int_eq(safe_atoi64("9223372036854775807", &i64), 0);
        ck_assert(i64 == INT64_MAX);
        ck_assert_int_eq(safe_atoi64("9223372036854775808", &i64), -ERANGE);
        ck_assert_int_eq(safe_atoi64("12a", &i64), -EINVAL);

        ck_assert_int_eq(safe_atou32("4294967295", &u32), 0);
        ck_assert_uint_eq(u32, UINT32_MAX);
        ck_assert_int_eq(safe_atou32("4294967296", &u32), -ERANGE);
        ck_assert_int_eq(safe_atou32("x", &u32), -EINVAL);

        ck_assert_int_eq(safe_atou16("65535", &u16), 0);
        ck_assert_uint_eq(u16, 65535);
        ck_assert_int_eq(safe_atou16("65536", &u16), -ERANGE);
        ck_assert_int_eq(safe_atou16("0x50", &u16), 0);
        ck_assert_uint_eq(u16, 80);
        ck_assert_int_eq(safe_atou16_full("0x50", 10, &u16), -EINVAL);

        ck_assert_int_eq(safe_atou8("255", &u8), 0);
        ck_assert_uint_eq(u8, 255);
        ck_assert_int_eq(safe_atou8("256", &u8), -ERANGE);
        ck_assert_int_eq(safe_atou8("0x10", &u8), 0);
        ck_assert_uint_eq(u8, 16);
        ck_assert_int_eq(safe_atou8("-1", &u8), -ERANGE);
        ck_assert_int_eq(safe_atou8("", &u8), -EINVAL);
        ck_assert_uint_eq(u8, 16);
}
END_TEST

static uint64_t size_or(const char *t, uint64_t base, int *r) {
        uint64_t v = 12345;

        *r = parse_size(t, base, &v);
        return v;
}

START_TEST(test_parse_size) {
        uint64_t v = 0;
        int r;

        /* examples: systemd.exec(5) LimitAS=4G:16G / LimitAS=16G, systemd.socket(5) ReceiveBuffer= */
        ck_assert_uint_eq(size_or("1K", 1024, &r), 1024);
        ck_assert_int_eq(r, 0);
        ck_assert_uint_eq(size_or("1.5M", 1024, &r), 1572864);
        ck_assert_int_eq(r, 0);
        ck_assert_uint_eq(size_or("4G", 1024, &r), 4294967296ULL);
        ck_assert_int_eq(r, 0);
        ck_assert_uint_eq(size_or("16G", 1024, &r), 17179869184ULL);
        ck_assert_int_eq(r, 0);
        ck_assert_uint_eq(size_or("1T", 1024, &r), 1099511627776ULL);
        ck_assert_uint_eq(size_or("1P", 1024, &r), 1125899906842624ULL);
        ck_assert_uint_eq(size_or("1E", 1024, &r), 1152921504606846976ULL);
        ck_assert_uint_eq(size_or("1K", 1000, &r), 1000);
        ck_assert_uint_eq(size_or("1.5M", 1000, &r), 1500000);
        ck_assert_uint_eq(size_or("4G", 1000, &r), 4000000000ULL);
        ck_assert_uint_eq(size_or("1E", 1000, &r), 1000000000000000000ULL);
        ck_assert_uint_eq(size_or("0", 1024, &r), 0);
        ck_assert_int_eq(r, 0);
        ck_assert_uint_eq(size_or("512", 1024, &r), 512);
        ck_assert_uint_eq(size_or("512B", 1024, &r), 512);
        ck_assert_uint_eq(size_or("+5", 1024, &r), 5);
        ck_assert_uint_eq(size_or("  7K", 1024, &r), 7168);
        ck_assert_uint_eq(size_or("1 K", 1024, &r), 1024);
        ck_assert_int_eq(r, 0);

        /* several components with decreasing suffixes */
        ck_assert_uint_eq(size_or("1G 512M", 1024, &r), 1610612736ULL);
        ck_assert_int_eq(r, 0);
        ck_assert_uint_eq(size_or("1G1M", 1024, &r), 1074790400ULL);
        ck_assert_uint_eq(size_or("1K 2", 1024, &r), 1026);
        ck_assert_uint_eq(size_or("1K2B", 1024, &r), 1026);
        ck_assert_uint_eq(size_or("1B1", 1024, &r), 2);
        ck_assert_uint_eq(size_or("15E1023P", 1024, &r), 15ULL * 1152921504606846976ULL +
                                                                   1023ULL * 1125899906842624ULL);
        ck_assert_int_eq(r, 0);

        /* fractions, truncated to whole bytes */
        ck_assert_uint_eq(size_or("0.5K", 1024, &r), 512);
        ck_assert_uint_eq(size_or("1.1K", 1024, &r), 1126);
        ck_assert_uint_eq(size_or("0.3K", 1000, &r), 300);
        ck_assert_uint_eq(size_or("10.M", 1024, &r), 10485760);
        ck_assert_uint_eq(size_or("1.", 1024, &r), 1);
        ck_assert_uint_eq(size_or("1.5", 1024, &r), 1);
        ck_assert_uint_eq(size_or("1.5B", 1024, &r), 1);
        ck_assert_uint_eq(size_or("0.0009765625K", 1024, &r), 1);
        ck_assert_uint_eq(size_or("1.000000000000000000000000000000000001K", 1024, &r), 1024);
        ck_assert_int_eq(r, 0);

        /* garbage */
        ck_assert_uint_eq(size_or("", 1024, &r), 12345);
        ck_assert_int_eq(r, -EINVAL);
        size_or(" ", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("K", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or(".5K", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1k", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1KB", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1GB", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1KK", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1M1G", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1 2", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1K ", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("0x10", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1e3", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("infinity", 1024, &r);
        ck_assert_int_eq(r, -EINVAL);
        size_or("1K", 1023, &r);
        ck_assert_int_eq(r, -EINVAL);

        /* overflow and negative numbers */
        ck_assert_uint_eq(size_or("18446744073709551615", 1024, &r), UINT64_MAX);
        ck_assert_int_eq(r, 0);
        size_or("18446744073709551616", 1024, &r);
        ck_assert_int_eq(r, -ERANGE);
        size_or("99999999999999999999", 1024, &r);
        ck_assert_int_eq(r, -ERANGE);
        size_or("16E", 1024, &r);
        ck_assert_int_eq(r, -ERANGE);
        size_or("15.5E", 1024, &r);
        ck_assert_int_eq(r, -ERANGE);
        size_or("15E 1024P", 1024, &r);
        ck_assert_int_eq(r, -ERANGE);
        size_or("1.99999999999999999999999K", 1024, &r);
        ck_assert_int_eq(r, -ERANGE);
        size_or("-0", 1024, &r);
        ck_assert_int_eq(r, -ERANGE);
        ck_assert_uint_eq(size_or("-1K", 1024, &r), 12345);
        ck_assert_int_eq(r, -ERANGE);

        ck_assert_int_eq(parse_size("3M", 1024, NULL), 0);
        ck_assert_int_eq(parse_size("3M", 1024, &v), 0);
        ck_assert_uint_eq(v, 3145728);
}
END_TEST

START_TEST(test_parse_mode) {
        mode_t m = 0;

        ck_assert_int_eq(parse_mode("0666", &m), 0);
        ck_assert_uint_eq(m, 0666);
        ck_assert_int_eq(parse_mode("755", &m), 0);
        ck_assert_uint_eq(m, 0755);
        ck_assert_int_eq(parse_mode("07777", &m), 0);
        ck_assert_uint_eq(m, 07777);
        ck_assert_int_eq(parse_mode("0", &m), 0);
        ck_assert_uint_eq(m, 0);
        ck_assert_int_eq(parse_mode(" 600", &m), 0);
        ck_assert_uint_eq(m, 0600);
        ck_assert_int_eq(parse_mode("10000", &m), -ERANGE);
        ck_assert_int_eq(parse_mode("8", &m), -EINVAL);
        ck_assert_int_eq(parse_mode("+666", &m), -EINVAL);
        ck_assert_int_eq(parse_mode("-0", &m), -EINVAL);
        ck_assert_int_eq(parse_mode("0x1ff", &m), -EINVAL);
        ck_assert_int_eq(parse_mode("0o666", &m), -EINVAL);
        ck_assert_int_eq(parse_mode("", &m), -EINVAL);
        ck_assert_int_eq(parse_mode("rw", &m), -EINVAL);
        ck_assert_uint_eq(m, 0600);
}
END_TEST

START_TEST(test_parse_ip_port) {
        uint16_t p = 0;

        ck_assert_int_eq(parse_ip_port("80", &p), 0);
        ck_assert_uint_eq(p, 80);
        ck_assert_int_eq(parse_ip_port("1", &p), 0);
        ck_assert_uint_eq(p, 1);
        ck_assert_int_eq(parse_ip_port("65535", &p), 0);
        ck_assert_uint_eq(p, 65535);
        ck_assert_int_eq(parse_ip_port("0x50", &p), 0);
        ck_assert_uint_eq(p, 80);
        ck_assert_int_eq(parse_ip_port("010", &p), 0);
        ck_assert_uint_eq(p, 8);
        ck_assert_int_eq(parse_ip_port("+443", &p), 0);
        ck_assert_uint_eq(p, 443);
        ck_assert_int_eq(parse_ip_port("0", &p), -EINVAL);
        ck_assert_int_eq(parse_ip_port("65536", &p), -ERANGE);
        ck_assert_int_eq(parse_ip_port("08", &p), -EINVAL);
        ck_assert_int_eq(parse_ip_port(" 80", &p), -EINVAL);
        ck_assert_int_eq(parse_ip_port("80 ", &p), -EINVAL);
        ck_assert_int_eq(parse_ip_port("", &p), -EINVAL);
        ck_assert_int_eq(parse_ip_port("http", &p), -EINVAL);
        ck_assert_int_eq(parse_ip_port("-1", &p), -ERANGE);
        ck_assert_uint_eq(p, 443);
}
END_TEST

START_TEST(test_parse_nice) {
        int n = 99;

        ck_assert_int_eq(parse_nice("-20", &n), 0);
        ck_assert_int_eq(n, -20);
        ck_assert_int_eq(parse_nice("19", &n), 0);
        ck_assert_int_eq(n, 19);
        ck_assert_int_eq(parse_nice("0", &n), 0);
        ck_assert_int_eq(n, 0);
        ck_assert_int_eq(parse_nice("+5", &n), 0);
        ck_assert_int_eq(n, 5);
        ck_assert_int_eq(parse_nice("-0x5", &n), 0);
        ck_assert_int_eq(n, -5);
        ck_assert_int_eq(parse_nice("20", &n), -ERANGE);
        ck_assert_int_eq(parse_nice("-21", &n), -ERANGE);
        ck_assert_int_eq(parse_nice("99999999999", &n), -ERANGE);
        ck_assert_int_eq(parse_nice("08", &n), -EINVAL);
        ck_assert_int_eq(parse_nice("abc", &n), -EINVAL);
        ck_assert_int_eq(parse_nice("", &n), -EINVAL);
        ck_assert_int_eq(n, -5);
}
END_TEST

START_TEST(test_ifname_valid) {
        char name16[17];

        ck_assert(ifname_valid("eth0"));
        ck_assert(ifname_valid("lo"));
        ck_assert(ifname_valid("eth0.100"));
        ck_assert(ifname_valid("enp0s31f6"));
        ck_assert(ifname_valid(".a"));
        ck_assert(ifname_valid("-a"));
        ck_assert(ifname_valid("-1"));  /* not a positive ifindex, not all digits */
        ck_assert(ifname_valid("0x0")); /* reads as index 0 */
        ck_assert(ifname_valid("a~"));
        ck_assert(ifname_valid("aaaaaaaaaaaaaaa")); /* 15 */

        memset(name16, 'a', 16);
        name16[16] = '\0';
        ck_assert(!ifname_valid(name16));
        ck_assert(!ifname_valid(""));
        ck_assert(!ifname_valid(NULL));
        ck_assert(!ifname_valid("."));
        ck_assert(!ifname_valid(".."));
        ck_assert(!ifname_valid("all"));
        ck_assert(!ifname_valid("default"));
        ck_assert(!ifname_valid("a:b"));
        ck_assert(!ifname_valid("a/b"));
        ck_assert(!ifname_valid("a%d"));
        ck_assert(!ifname_valid("a b"));
        ck_assert(!ifname_valid("a\tb"));
        ck_assert(!ifname_valid("a\x7f"));
        ck_assert(!ifname_valid("\xc3\xa4"));
        /* numbers: indexes, and all-digit strings that are not */
        ck_assert(!ifname_valid("1"));
        ck_assert(!ifname_valid("0"));
        ck_assert(!ifname_valid("00"));
        ck_assert(!ifname_valid("08"));
        ck_assert(!ifname_valid("010"));
        ck_assert(!ifname_valid("0x10"));
        ck_assert(!ifname_valid("0b1"));
        ck_assert(!ifname_valid("+1"));
        ck_assert(!ifname_valid("2147483648"));
        ck_assert(!ifname_valid("123456789012345"));
}
END_TEST

START_TEST(test_parse_uid) {
        uid_t uid = 7;
        gid_t gid = 7;

        ck_assert_int_eq(parse_uid("0", &uid), 0);
        ck_assert_uint_eq(uid, 0);
        ck_assert_int_eq(parse_uid("1000", &uid), 0);
        ck_assert_uint_eq(uid, 1000);
        ck_assert_int_eq(parse_uid("65534", &uid), 0);
        ck_assert_uint_eq(uid, 65534);
        ck_assert_int_eq(parse_uid("65536", &uid), 0);
        ck_assert_uint_eq(uid, 65536);
        ck_assert_int_eq(parse_uid("4294967294", &uid), 0);
        ck_assert_uint_eq(uid, 4294967294U);
        ck_assert_int_eq(parse_uid("4294967295", &uid), -ENXIO);
        ck_assert_int_eq(parse_uid("65535", &uid), -ENXIO);
        ck_assert_int_eq(parse_uid("4294967296", &uid), -ERANGE);
        ck_assert_int_eq(parse_uid("-1", &uid), -EINVAL);
        ck_assert_int_eq(parse_uid("+1", &uid), -EINVAL);
        ck_assert_int_eq(parse_uid("01", &uid), -EINVAL);
        ck_assert_int_eq(parse_uid("00", &uid), -EINVAL);
        ck_assert_int_eq(parse_uid(" 1", &uid), -EINVAL);
        ck_assert_int_eq(parse_uid("0x10", &uid), -EINVAL);
        ck_assert_int_eq(parse_uid("", &uid), -EINVAL);
        ck_assert_int_eq(parse_uid("root", &uid), -EINVAL);
        ck_assert_uint_eq(uid, 4294967294U);
        ck_assert_int_eq(parse_uid("5", NULL), 0);

        ck_assert_int_eq(parse_gid("100", &gid), 0);
        ck_assert_uint_eq(gid, 100);
        ck_assert_int_eq(parse_gid("65535", &gid), -ENXIO);
        ck_assert_int_eq(parse_gid("4294967295", &gid), -ENXIO);
        ck_assert_int_eq(parse_gid("users", &gid), -EINVAL);
        ck_assert_uint_eq(gid, 100);

        ck_assert(uid_is_valid(0));
        ck_assert(!uid_is_valid((uid_t) -1));
        ck_assert(!gid_is_valid(65535));
}
END_TEST

START_TEST(test_valid_user_group_name) {
        char long_name[301];

        /* User=, Group=, SocketUser=, SocketGroup= as systemd 252 accepts them (relaxed rules) */
        ck_assert(valid_user_group_name("root", false));
        ck_assert(valid_user_group_name("foo-bar", false));
        ck_assert(valid_user_group_name("_x", false));
        ck_assert(valid_user_group_name("Foo", false));
        ck_assert(valid_user_group_name("-foo", false));
        ck_assert(valid_user_group_name("foo bar", false));
        ck_assert(valid_user_group_name(".foo", false));
        ck_assert(valid_user_group_name("foo.", false));
        ck_assert(valid_user_group_name("x.y", false));
        ck_assert(valid_user_group_name("foo@bar", false));
        ck_assert(valid_user_group_name("foo$", false));
        ck_assert(valid_user_group_name("9foo", false));
        ck_assert(valid_user_group_name("+1", false));
        ck_assert(valid_user_group_name("0x10", false));
        ck_assert(valid_user_group_name("a\\tb", false));
        ck_assert(valid_user_group_name("\xc3\xa4", false));
        memset(long_name, 'a', 300);
        long_name[300] = '\0';
        ck_assert(valid_user_group_name(long_name, false)); /* no length limit */

        /* numeric IDs only when asked for */
        ck_assert(valid_user_group_name("0", true));
        ck_assert(valid_user_group_name("123", true));
        ck_assert(valid_user_group_name("4294967294", true));
        ck_assert(!valid_user_group_name("0", false));
        ck_assert(!valid_user_group_name("123", false));

        ck_assert(!valid_user_group_name("", true));
        ck_assert(!valid_user_group_name(NULL, true));
        ck_assert(!valid_user_group_name(".", true));
        ck_assert(!valid_user_group_name("..", true));
        ck_assert(!valid_user_group_name("foo:bar", true));
        ck_assert(!valid_user_group_name("foo/bar", true));
        ck_assert(!valid_user_group_name(" foo", true));
        ck_assert(!valid_user_group_name("foo ", true));
        ck_assert(!valid_user_group_name("a\tb", true));
        ck_assert(!valid_user_group_name("a\x01b", true));
        ck_assert(!valid_user_group_name("a\x7f", true));
        ck_assert(!valid_user_group_name("a\nb", true));
        ck_assert(!valid_user_group_name("\xff", true));
        ck_assert(!valid_user_group_name("\xc3", true));
        ck_assert(!valid_user_group_name("\xc0\xaf", true));     /* overlong '/' */
        ck_assert(!valid_user_group_name("\xed\xa0\x80", true)); /* surrogate */
        ck_assert(!valid_user_group_name("\xef\xbf\xbe", true)); /* U+FFFE */
        ck_assert(!valid_user_group_name("4294967295", true));
        ck_assert(!valid_user_group_name("65535", true));
        ck_assert(!valid_user_group_name("00", true));
        ck_assert(!valid_user_group_name("01", true));
        ck_assert(!valid_user_group_name("99999999999", true));
        ck_assert(!valid_user_group_name("-1", true));
        ck_assert(!valid_user_group_name("-123", true));
        ck_assert(!valid_user_group_name("-", true));

        /* strict rules, for the "does not match strict user/group name rules" notice */
        ck_assert(valid_user_group_name_strict("root"));
        ck_assert(valid_user_group_name_strict("a-"));
        ck_assert(valid_user_group_name_strict("a_b-c1"));
        ck_assert(valid_user_group_name_strict("_x"));
        ck_assert(valid_user_group_name_strict("Foo"));
        ck_assert(valid_user_group_name_strict("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")); /* 31 */
        ck_assert(!valid_user_group_name_strict("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")); /* 32 */
        ck_assert(!valid_user_group_name_strict("-foo"));
        ck_assert(!valid_user_group_name_strict("9foo"));
        ck_assert(!valid_user_group_name_strict("x.y"));
        ck_assert(!valid_user_group_name_strict("foo$"));
        ck_assert(!valid_user_group_name_strict("foo bar"));
        ck_assert(!valid_user_group_name_strict("123"));
        ck_assert(!valid_user_group_name_strict(""));
}
END_TEST

int main(void) {
        Suite *s = suite_create("parse-util");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_parse_boolean);
        tcase_add_test(tc, test_safe_atou);
        tcase_add_test(tc, test_safe_atou_full);
        tcase_add_test(tc, test_safe_atoi);
        tcase_add_test(tc, test_safe_ato_sized);
        tcase_add_test(tc, test_parse_size);
        tcase_add_test(tc, test_parse_mode);
        tcase_add_test(tc, test_parse_ip_port);
        tcase_add_test(tc, test_parse_nice);
        tcase_add_test(tc, test_ifname_valid);
        tcase_add_test(tc, test_parse_uid);
        tcase_add_test(tc, test_valid_user_group_name);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
