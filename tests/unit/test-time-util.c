/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <inttypes.h>
#include <stdint.h>

#include "time-util.h"

/* Expected values were checked against systemd 252's `systemd-analyze timespan` (value and "Human:"). */

static usec_t sec_or(const char *t, int *r) {
        usec_t u = 4242;

        *r = parse_sec(t, &u);
        return u;
}

#define assert_sec(t, expected)                                                                                   \
        do {                                                                                                     \
                int _r;                                                                                          \
                usec_t _u = sec_or((t), &_r);                                                                    \
                ck_assert_msg(_r == 0, "parse_sec(\"%s\") failed: %d", (t), _r);                                 \
                ck_assert_msg(_u == (usec_t) (expected), "parse_sec(\"%s\") = %" PRIu64, (t), _u);               \
        } while (0)

#define assert_sec_fails(t, error)                                                                                \
        do {                                                                                                     \
                int _r;                                                                                          \
                usec_t _u = sec_or((t), &_r);                                                                    \
                ck_assert_msg(_r == (error), "parse_sec(\"%s\") = %d, expected %d", (t), _r, (error));           \
                ck_assert_msg(_u == 4242, "parse_sec(\"%s\") wrote its output on failure", (t));                 \
        } while (0)

START_TEST(test_constants) {
        ck_assert_uint_eq(USEC_PER_SEC, 1000000ULL);
        ck_assert_uint_eq(USEC_PER_MSEC, 1000ULL);
        ck_assert_uint_eq(NSEC_PER_USEC, 1000ULL);
        ck_assert_uint_eq(NSEC_PER_SEC, 1000000000ULL);
        ck_assert_uint_eq(USEC_PER_MINUTE, 60000000ULL);
        ck_assert_uint_eq(USEC_PER_HOUR, 3600000000ULL);
        ck_assert_uint_eq(USEC_PER_DAY, 86400000000ULL);
        ck_assert_uint_eq(USEC_PER_WEEK, 604800000000ULL);
        ck_assert_uint_eq(USEC_PER_MONTH, 2629800000000ULL);
        ck_assert_uint_eq(USEC_PER_YEAR, 31557600000000ULL);
        ck_assert_uint_eq(USEC_PER_YEAR, 12 * USEC_PER_MONTH);
        ck_assert_uint_eq(USEC_INFINITY, UINT64_MAX);
        ck_assert_uint_eq(NSEC_INFINITY, UINT64_MAX);
        ck_assert_uint_eq(NSEC_PER_YEAR, USEC_PER_YEAR * 1000);
}
END_TEST

START_TEST(test_parse_sec_man_examples) {
        /* systemd.time(7), "PARSING TIME SPANS" */
        assert_sec("2 h", 2 * USEC_PER_HOUR);
        assert_sec("2hours", 2 * USEC_PER_HOUR);
        assert_sec("48hr", 48 * USEC_PER_HOUR);
        assert_sec("1y 12month", 2 * USEC_PER_YEAR);
        assert_sec("55s500ms", 55500000);
        assert_sec("300ms20s 5day", 432020300000ULL);
        /* systemd.time(7), "DISPLAYING TIME SPANS" and friends */
        assert_sec("5min 20s", 320 * USEC_PER_SEC);
        assert_sec("2h 30min", 9000 * USEC_PER_SEC);
}
END_TEST

START_TEST(test_parse_sec_units) {
        assert_sec("0", 0);
        assert_sec("5", 5 * USEC_PER_SEC);
        assert_sec("1us", 1);
        assert_sec("1usec", 1);
        assert_sec("1\xc2\xb5s", 1); /* micro sign */
        assert_sec("1\xce\xbcs", 1); /* greek mu */
        assert_sec("5 \xc2\xb5s", 5);
        assert_sec("1ms", 1000);
        assert_sec("1msec", 1000);
        assert_sec("1s", USEC_PER_SEC);
        assert_sec("1sec", USEC_PER_SEC);
        assert_sec("2second", 2 * USEC_PER_SEC);
        assert_sec("2seconds", 2 * USEC_PER_SEC);
        assert_sec("1m", USEC_PER_MINUTE);
        assert_sec("1min", USEC_PER_MINUTE);
        assert_sec("1minute", USEC_PER_MINUTE);
        assert_sec("5minutes3seconds", 303 * USEC_PER_SEC);
        assert_sec("5 min 3 s", 303 * USEC_PER_SEC);
        assert_sec("1h", USEC_PER_HOUR);
        assert_sec("1hr", USEC_PER_HOUR);
        assert_sec("1 hours", USEC_PER_HOUR);
        assert_sec("3d", 3 * USEC_PER_DAY);
        assert_sec("3days", 3 * USEC_PER_DAY);
        assert_sec("1week", USEC_PER_WEEK);
        assert_sec("2w", 2 * USEC_PER_WEEK);
        assert_sec("3weeks", 3 * USEC_PER_WEEK);
        assert_sec("1M", USEC_PER_MONTH);
        assert_sec("1month", USEC_PER_MONTH);
        assert_sec("2months", 2 * USEC_PER_MONTH);
        assert_sec("1y", USEC_PER_YEAR);
        assert_sec("1years", USEC_PER_YEAR);
        assert_sec("1year", USEC_PER_YEAR);
        assert_sec("1s1s", 2 * USEC_PER_SEC);
        assert_sec("1y 1y", 2 * USEC_PER_YEAR);
        assert_sec("2h30", 2 * USEC_PER_HOUR + 30 * USEC_PER_SEC); /* a bare number is in seconds */
        assert_sec("5sec5", 10 * USEC_PER_SEC);
        assert_sec("1 2", 3 * USEC_PER_SEC);
        assert_sec("\t5s", 5 * USEC_PER_SEC);
        assert_sec(" 5 ", 5 * USEC_PER_SEC);
        assert_sec("+5", 5 * USEC_PER_SEC);
        assert_sec("010", 10 * USEC_PER_SEC); /* always decimal */

        assert_sec_fails("", -EINVAL);
        assert_sec_fails(" ", -EINVAL);
        assert_sec_fails("s", -EINVAL);
        assert_sec_fails("h", -EINVAL);
        assert_sec_fails("\xc2\xb5s", -EINVAL);
        assert_sec_fails("5 \xc2\xb5", -EINVAL);
        assert_sec_fails("1ns", -EINVAL); /* ns only for parse_nsec() */
        assert_sec_fails("5secs", -EINVAL);
        assert_sec_fails("3hrs", -EINVAL);
        assert_sec_fails("1yr", -EINVAL);
        assert_sec_fails("1mon", -EINVAL);
        assert_sec_fails("5S", -EINVAL);
        assert_sec_fails("5MIN", -EINVAL);
        assert_sec_fails("5 s s", -EINVAL);
        assert_sec_fails("5 hz", -EINVAL);
        assert_sec_fails("1e3", -EINVAL);
        assert_sec_fails("0x10", -EINVAL);
        assert_sec_fails("5-", -EINVAL);
        assert_sec_fails("+s", -EINVAL);
        assert_sec_fails("+.5s", -EINVAL);
        assert_sec_fails("-0", -ERANGE);
        assert_sec_fails("-5s", -ERANGE);
        assert_sec_fails("-", -ERANGE);
        assert_sec_fails(" - 5", -ERANGE);
        assert_sec_fails("5s -1s", -ERANGE);
}
END_TEST

START_TEST(test_parse_sec_fractions) {
        assert_sec("1.5h", 90 * USEC_PER_MINUTE);
        assert_sec(".5s", 500000);
        assert_sec("1.5", 1500000);
        assert_sec("1.05s", 1050000);
        assert_sec("0.5ms", 500);
        assert_sec("1.5us", 1); /* truncated */
        assert_sec("0.000001s", 1);
        assert_sec("0.0000001s", 0);
        assert_sec("1.0000009s", USEC_PER_SEC);
        assert_sec("1.9999999999999s", 1999999);
        assert_sec("1.123456789m", 67407402);
        assert_sec("2.5y", 78894000000000ULL);
        assert_sec("0.99999999999999999999y", 31557599999973ULL);
        assert_sec("1.00000000000000000000000000000000009s", USEC_PER_SEC);
        assert_sec("12.34 .56", 12900000);
        assert_sec("12.34s.56", 12900000);
        assert_sec("1 .5", 1500000);
        assert_sec("5sec.5", 5500000);

        assert_sec_fails("5.", -EINVAL);
        assert_sec_fails("5.s", -EINVAL);
        assert_sec_fails("3. 1", -EINVAL);
        assert_sec_fails("1s.", -EINVAL);
        assert_sec_fails(".", -EINVAL);
        assert_sec_fails(".s", -EINVAL);
        assert_sec_fails("12.34.56", -EINVAL);
        assert_sec_fails("0.-0", -EINVAL);
        assert_sec_fails("3.+1", -EINVAL);
}
END_TEST

START_TEST(test_parse_sec_infinity_overflow) {
        assert_sec("infinity", USEC_INFINITY);
        assert_sec(" infinity ", USEC_INFINITY);
        assert_sec_fails("infinity 5", -EINVAL);
        assert_sec_fails("infinityx", -EINVAL);
        assert_sec_fails("infinity5", -EINVAL);
        assert_sec_fails("Infinity", -EINVAL);
        assert_sec_fails("5 infinity", -EINVAL);

        assert_sec("584541y", 584541ULL * USEC_PER_YEAR);
        assert_sec_fails("584542y", -ERANGE);
        assert_sec("9223372036854775807us", 9223372036854775807ULL);
        assert_sec_fails("9223372036854775808us", -ERANGE);
        assert_sec_fails("18446744073709551615us", -ERANGE);
        assert_sec_fails("9223372036854775807", -ERANGE);
        assert_sec_fails("99999999999999999999999999", -ERANGE);
        assert_sec_fails("584541y 584541y", -ERANGE);
        assert_sec("584541.9y", 18446739463440000000ULL);
        assert_sec("584541y 1y", 18446742619200000000ULL); /* the sum may reach what one number may not */
        assert_sec_fails("584541y 1y 1M", -ERANGE);
}
END_TEST

START_TEST(test_parse_time_default_unit) {
        usec_t u = 0;

        ck_assert_int_eq(parse_time("5", &u, 1), 0);
        ck_assert_uint_eq(u, 5);
        ck_assert_int_eq(parse_time("5", &u, USEC_PER_MSEC), 0);
        ck_assert_uint_eq(u, 5000);
        ck_assert_int_eq(parse_time("1.5", &u, USEC_PER_MSEC), 0);
        ck_assert_uint_eq(u, 1500);
        ck_assert_int_eq(parse_time("5s 5", &u, 1), 0);
        ck_assert_uint_eq(u, 5000005);
        ck_assert_int_eq(parse_time("18446744073709551614", &u, 1), -ERANGE);
        ck_assert_int_eq(parse_time("5", &u, 0), -EINVAL);
        ck_assert_int_eq(parse_time(NULL, &u, 1), -EINVAL);
        ck_assert_int_eq(parse_time("1h", NULL, 1), 0);
        ck_assert_uint_eq(u, 5000005);
}
END_TEST

START_TEST(test_parse_sec_variants) {
        usec_t u = 0;

        ck_assert_int_eq(parse_sec_fix_0("0", &u), 0);
        ck_assert_uint_eq(u, USEC_INFINITY);
        ck_assert_int_eq(parse_sec_fix_0("0s", &u), 0);
        ck_assert_uint_eq(u, USEC_INFINITY);
        ck_assert_int_eq(parse_sec_fix_0("90", &u), 0);
        ck_assert_uint_eq(u, 90 * USEC_PER_SEC);
        ck_assert_int_eq(parse_sec_fix_0("infinity", &u), 0);
        ck_assert_uint_eq(u, USEC_INFINITY);
        u = 7;
        ck_assert_int_eq(parse_sec_fix_0("", &u), -EINVAL);
        ck_assert_int_eq(parse_sec_fix_0("x", &u), -EINVAL);
        ck_assert_uint_eq(u, 7);

        ck_assert_int_eq(parse_sec_def_infinity("", &u), 0);
        ck_assert_uint_eq(u, USEC_INFINITY);
        u = 7;
        ck_assert_int_eq(parse_sec_def_infinity("  ", &u), 0);
        ck_assert_uint_eq(u, USEC_INFINITY);
        ck_assert_int_eq(parse_sec_def_infinity("0", &u), 0);
        ck_assert_uint_eq(u, 0);
        ck_assert_int_eq(parse_sec_def_infinity("2min", &u), 0);
        ck_assert_uint_eq(u, 2 * USEC_PER_MINUTE);
        ck_assert_int_eq(parse_sec_def_infinity("2 apples", &u), -EINVAL);
        ck_assert_uint_eq(u, 2 * USEC_PER_MINUTE);
        ck_assert_int_eq(parse_sec_def_infinity(NULL, &u), -EINVAL);
}
END_TEST

START_TEST(test_parse_nsec) {
        nsec_t n = 0;

        /* a bare number is nanoseconds (TimerSlackNSec=) */
        ck_assert_int_eq(parse_nsec("5", &n), 0);
        ck_assert_uint_eq(n, 5);
        ck_assert_int_eq(parse_nsec("1ns", &n), 0);
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(parse_nsec("7nsec", &n), 0);
        ck_assert_uint_eq(n, 7);
        ck_assert_int_eq(parse_nsec("1.5us", &n), 0);
        ck_assert_uint_eq(n, 1500);
        ck_assert_int_eq(parse_nsec("1s 5ns", &n), 0);
        ck_assert_uint_eq(n, 1000000005);
        ck_assert_int_eq(parse_nsec(".5s", &n), 0);
        ck_assert_uint_eq(n, 500000000);
        ck_assert_int_eq(parse_nsec("5\xc2\xb5s", &n), 0);
        ck_assert_uint_eq(n, 5000);
        ck_assert_int_eq(parse_nsec("1.5", &n), 0);
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(parse_nsec("2min", &n), 0);
        ck_assert_uint_eq(n, 120 * NSEC_PER_SEC);
        ck_assert_int_eq(parse_nsec("9223372036854775807", &n), 0);
        ck_assert_uint_eq(n, 9223372036854775807ULL);
        ck_assert_int_eq(parse_nsec("infinity", &n), 0);
        ck_assert_uint_eq(n, NSEC_INFINITY);

        n = 3;
        ck_assert_int_eq(parse_nsec("5.", &n), -EINVAL);
        ck_assert_int_eq(parse_nsec("5.s", &n), -EINVAL);
        ck_assert_int_eq(parse_nsec("12.34.56", &n), -EINVAL);
        ck_assert_int_eq(parse_nsec("5secs", &n), -EINVAL);
        ck_assert_int_eq(parse_nsec("", &n), -EINVAL);
        ck_assert_int_eq(parse_nsec("-0", &n), -ERANGE);
        ck_assert_int_eq(parse_nsec("18446744073709551615", &n), -ERANGE);
        ck_assert_int_eq(parse_nsec("584y", &n), -ERANGE);
        ck_assert_uint_eq(n, 3);
}
END_TEST

static const char *fmt(usec_t t, usec_t accuracy) {
        static char buf[FORMAT_TIMESPAN_MAX];

        return format_timespan(buf, sizeof(buf), t, accuracy);
}

START_TEST(test_format_timespan) {
        char small[5];

        ck_assert_str_eq(fmt(0, 0), "0");
        ck_assert_str_eq(fmt(USEC_INFINITY, 0), "infinity");
        ck_assert_str_eq(fmt(90 * USEC_PER_SEC, 0), "1min 30s");
        ck_assert_str_eq(fmt(500000, 0), "500ms");
        ck_assert_str_eq(fmt(1, 0), "1us");
        ck_assert_str_eq(fmt(2 * USEC_PER_HOUR, 0), "2h");
        ck_assert_str_eq(fmt(48 * USEC_PER_HOUR, 0), "2d");
        ck_assert_str_eq(fmt(2 * USEC_PER_YEAR, 0), "2y");
        ck_assert_str_eq(fmt(USEC_PER_MONTH, 0), "1month");
        ck_assert_str_eq(fmt(2 * USEC_PER_WEEK, 0), "2w");
        ck_assert_str_eq(fmt(3661 * USEC_PER_SEC, 0), "1h 1min 1s");
        ck_assert_str_eq(fmt(55500000, 0), "55.500000s");
        ck_assert_str_eq(fmt(432020300000ULL, 0), "5d 20.300000s");
        ck_assert_str_eq(fmt(1050000, 1), "1.050000s");
        ck_assert_str_eq(fmt(1010, 0), "1.010ms");
        ck_assert_str_eq(fmt(999999, 0), "999.999ms");
        ck_assert_str_eq(fmt(61500000, 0), "1min 1.500000s");
        ck_assert_str_eq(fmt(86400500000ULL, 0), "1d 500ms");
        ck_assert_str_eq(fmt(67407402, 0), "1min 7.407402s");
        ck_assert_str_eq(fmt(3944700000000ULL, 0), "1month 2w 1d 5h 15min");
        ck_assert_str_eq(fmt(18446739463440000000ULL, 0), "584541y 10month 3w 3d 8h 24min");
        ck_assert_str_eq(fmt(18446742618884424000ULL, 0), "584541y 11month 4w 2d 10h 24min 44.424000s");
        ck_assert_str_eq(fmt(9223372036854775807ULL, 0), "292271y 1w 1d 10h 54.775807s");
        ck_assert_str_eq(fmt(UINT64_MAX - 1, 0), "584542y 2w 2d 20h 1min 49.551614s");

        /* accuracy drops smaller components */
        ck_assert_str_eq(fmt(90500000, USEC_PER_SEC), "1min 30s");
        ck_assert_str_eq(fmt(1500000, USEC_PER_MSEC), "1.500s");
        ck_assert_str_eq(fmt(1500000, USEC_PER_SEC), "1s");
        ck_assert_str_eq(fmt(500000, USEC_PER_SEC), "500ms");
        ck_assert_str_eq(fmt(3661 * USEC_PER_SEC + 5, USEC_PER_MINUTE), "1h 1min");

        /* never overflows the buffer */
        ck_assert_str_eq(format_timespan(small, sizeof(small), 90 * USEC_PER_SEC, 0), "1min");
        ck_assert_str_eq(format_timespan(small, sizeof(small), USEC_INFINITY, 0), "infi");
        ck_assert_str_eq(format_timespan(small, 1, 90 * USEC_PER_SEC, 0), "");
        ck_assert_str_eq(format_timespan(small, 3, 55500000, 0), "55");
}
END_TEST

START_TEST(test_format_roundtrip) {
        const usec_t values[] = { 1, 999, 1000, 1001, 1500000, 59999999, 60000000, 90500000, 3600500000ULL,
                                  USEC_PER_MONTH + 1, 31557601000000ULL, 9223372036854775807ULL };

        for (size_t i = 0; i < ELEMENTSOF(values); i++) {
                usec_t u = 0;

                ck_assert_int_eq(parse_sec(fmt(values[i], 0), &u), 0);
                ck_assert_uint_eq(u, values[i]);
        }
}
END_TEST

int main(void) {
        Suite *s = suite_create("time-util");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_constants);
        tcase_add_test(tc, test_parse_sec_man_examples);
        tcase_add_test(tc, test_parse_sec_units);
        tcase_add_test(tc, test_parse_sec_fractions);
        tcase_add_test(tc, test_parse_sec_infinity_overflow);
        tcase_add_test(tc, test_parse_time_default_unit);
        tcase_add_test(tc, test_parse_sec_variants);
        tcase_add_test(tc, test_parse_nsec);
        tcase_add_test(tc, test_format_timespan);
        tcase_add_test(tc, test_format_roundtrip);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
