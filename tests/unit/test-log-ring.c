/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdio.h>

#include "log-ring.h"
#include "utf8.h"

START_TEST(test_empty) {
        ck_assert_uint_eq(log_ring_size(NULL), 0);
        ck_assert_uint_eq(log_ring_bytes(NULL), 0);
        ck_assert_ptr_null(log_ring_get(NULL, 0));
        ck_assert_ptr_null(log_ring_free(NULL));
}
END_TEST

START_TEST(test_order_and_line_limit) {
        _cleanup_(log_ring_freep) LogRing *r = NULL;
        char buf[32];

        for (unsigned i = 0; i < 250; i++) {
                int n = snprintf(buf, sizeof(buf), "line %u", i);
                ck_assert_int_eq(log_ring_push(&r, 1000 + i, buf, (size_t) n), 0);
                ck_assert_uint_eq(log_ring_size(r), MIN(i + 1, LOG_RING_LINES_MAX));
        }
        /* the last 100, oldest first */
        for (size_t i = 0; i < LOG_RING_LINES_MAX; i++) {
                const LogRingEntry *e = log_ring_get(r, i);
                snprintf(buf, sizeof(buf), "line %zu", 150 + i);
                ck_assert_ptr_nonnull(e);
                ck_assert_str_eq(e->line, buf);
                ck_assert_uint_eq(e->size, strlen(buf));
                ck_assert_uint_eq(e->timestamp, 1150 + i);
        }
        ck_assert_ptr_null(log_ring_get(r, LOG_RING_LINES_MAX));
}
END_TEST

START_TEST(test_byte_limit) {
        _cleanup_(log_ring_freep) LogRing *r = NULL;
        char line[1000];

        memset(line, 'x', sizeof(line));
        for (unsigned i = 0; i < 40; i++) {
                line[0] = (char) ('A' + i % 26);
                ck_assert_int_eq(log_ring_push(&r, i, line, sizeof(line)), 0);
                ck_assert_uint_le(log_ring_bytes(r), LOG_RING_BYTES_MAX);
        }
        /* 16 lines of 1000 bytes fit in 16 KiB; 17 do not */
        ck_assert_uint_eq(log_ring_size(r), 16);
        ck_assert_uint_eq(log_ring_bytes(r), 16000);
        ck_assert_uint_eq(log_ring_get(r, 0)->timestamp, 24);
        ck_assert_uint_eq(log_ring_get(r, 15)->timestamp, 39);
}
END_TEST

START_TEST(test_overlong_line) {
        _cleanup_(log_ring_freep) LogRing *r = NULL;
        size_t n = 3 * LOG_RING_BYTES_MAX;
        _cleanup_free_ char *big = malloc(n);

        ck_assert_ptr_nonnull(big);
        memset(big, 'y', n);
        ck_assert_int_eq(log_ring_push(&r, 1, "short", 5), 0);
        ck_assert_int_eq(log_ring_push(&r, 2, big, n), 0);
        /* cut to the limit, and the older line made room for it */
        ck_assert_uint_eq(log_ring_size(r), 1);
        ck_assert_uint_eq(log_ring_get(r, 0)->size, LOG_RING_BYTES_MAX);
        ck_assert_uint_eq(strlen(log_ring_get(r, 0)->line), LOG_RING_BYTES_MAX);
        ck_assert_uint_eq(log_ring_bytes(r), LOG_RING_BYTES_MAX);
}
END_TEST

START_TEST(test_sanitize) {
        _cleanup_(log_ring_freep) LogRing *r = NULL;
        static const char raw[] = "a\0b\xff" "c\xc3\xa9\xe2\x82"; /* NUL, a stray byte, a truncated sequence */

        ck_assert_int_eq(log_ring_push(&r, 1, raw, sizeof(raw) - 1), 0);
        ck_assert_str_eq(log_ring_get(r, 0)->line, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd");
        ck_assert(utf8_is_valid(log_ring_get(r, 0)->line));
        ck_assert_int_eq(log_ring_push(&r, 2, "", 0), 0);
        ck_assert_str_eq(log_ring_get(r, 1)->line, "");
}
END_TEST

int main(void) {
        Suite *s = suite_create("log-ring");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_empty);
        tcase_add_test(tc, test_order_and_line_limit);
        tcase_add_test(tc, test_byte_limit);
        tcase_add_test(tc, test_overlong_line);
        tcase_add_test(tc, test_sanitize);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
