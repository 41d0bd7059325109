/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdlib.h>
#include <time.h>

#include "ctl-format.h"

/* Run f(arg) on a memory stream and return what it wrote (caller frees). */
#define CAPTURE(out, code)                                                                                        \
        do {                                                                                                     \
                size_t _size = 0;                                                                                \
                FILE *f = open_memstream(&(out), &_size);                                                        \
                ck_assert_ptr_nonnull(f);                                                                        \
                code;                                                                                            \
                ck_assert_int_eq(fclose(f), 0);                                                                  \
        } while (0)

static char *escaped(const char *s) {
        char *out = NULL;

        CAPTURE(out, json_write_string(f, s));
        return out;
}

#define assert_escape(in, expected)                                                                               \
        do {                                                                                                     \
                char *_e = escaped(in);                                                                          \
                ck_assert_str_eq(_e, expected);                                                                  \
                free(_e);                                                                                        \
        } while (0)

START_TEST(test_json_escape_plain) {
        assert_escape("", "\"\"");
        assert_escape("echo.socket", "\"echo.socket\"");
        assert_escape("a/b", "\"a/b\""); /* '/' may stay as it is */
        assert_escape(NULL, "null");
}
END_TEST

START_TEST(test_json_escape_specials) {
        assert_escape("say \"hi\"", "\"say \\\"hi\\\"\"");
        assert_escape("C:\\dir", "\"C:\\\\dir\"");
        assert_escape("a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"");
        assert_escape("\x01\x1f", "\"\\u0001\\u001f\"");
        assert_escape("\x1b[31mred", "\"\\u001b[31mred\"");
        assert_escape("del\x7f", "\"del\\u007f\"");
        assert_escape(" !~", "\" !~\"");
}
END_TEST

START_TEST(test_json_escape_utf8) {
        /* valid UTF-8 of every length passes through */
        assert_escape("caf\xc3\xa9", "\"caf\xc3\xa9\"");
        assert_escape("\xe2\x86\x92", "\"\xe2\x86\x92\"");             /* U+2192 */
        assert_escape("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");     /* U+1F600 */
        assert_escape("\xef\xbf\xbf", "\"\xef\xbf\xbf\"");             /* U+FFFF is a valid scalar value */
        assert_escape("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");     /* U+10FFFF, the last one */
        assert_escape("\xe2\x80\xa8", "\"\xe2\x80\xa8\"");             /* U+2028 is valid JSON */
}
END_TEST

START_TEST(test_json_escape_invalid_utf8) {
        assert_escape("\xff", "\"\\ufffd\"");                          /* never valid */
        assert_escape("a\x80z", "\"a\\ufffdz\"");                      /* lone continuation byte */
        assert_escape("\xc3", "\"\\ufffd\"");                          /* truncated at the end */
        assert_escape("\xc3x", "\"\\ufffdx\"");                        /* truncated in the middle */
        assert_escape("\xc0\xaf", "\"\\ufffd\\ufffd\"");               /* overlong '/' */
        assert_escape("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");    /* overlong, 3 bytes */
        assert_escape("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");    /* surrogate U+D800 */
        assert_escape("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* U+110000 */
        assert_escape("\xf8\x88\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\""); /* 5 bytes */
        assert_escape("\xe2\x86", "\"\\ufffd\\ufffd\"");
        /* a valid character right after an invalid byte survives */
        assert_escape("\xff\xc3\xa9", "\"\\ufffd\xc3\xa9\"");
}
END_TEST

START_TEST(test_json_writer) {
        char *out = NULL;

        CAPTURE(out, {
                JsonWriter j;

                json_init(&j, f);
                json_begin_array(&j);
                json_begin_object(&j);
                json_field_string(&j, "unit", "a.socket");
                json_field_unsigned(&j, "n", 18446744073709551615ULL);
                json_key(&j, "neg");
                json_signed(&j, -5);
                json_field_bool(&j, "ok", true);
                json_key(&j, "none");
                json_null(&j);
                json_key(&j, "list");
                json_begin_array(&j);
                json_string(&j, "x");
                json_begin_array(&j);
                json_end_array(&j);
                json_begin_object(&j);
                json_end_object(&j);
                json_end_array(&j);
                json_end_object(&j);
                json_begin_object(&j);
                json_key(&j, "d");
                json_double(&j, 0.5);
                json_end_object(&j);
                json_end_array(&j);
                json_finish(&j);
        });
        ck_assert_str_eq(out, "[{\"unit\":\"a.socket\",\"n\":18446744073709551615,\"neg\":-5,\"ok\":true,"
                              "\"none\":null,\"list\":[\"x\",[],{}]},{\"d\":0.5}]\n");
        free(out);

        CAPTURE(out, {
                JsonWriter j;

                json_init(&j, f);
                json_begin_object(&j);
                json_end_object(&j);
                json_finish(&j);
        });
        ck_assert_str_eq(out, "{}\n");
        free(out);
}
END_TEST

static Table *sample_table(void) {
        static const char *const headers[] = { "UNIT", "STATE", "DESCRIPTION" };
        Table *t = table_new(3, headers);

        ck_assert_ptr_nonnull(t);
        ck_assert_int_eq(table_add(t, "zeta.socket", COLOR_NONE), 0);
        ck_assert_int_eq(table_add(t, "active", COLOR_GREEN), 0);
        ck_assert_int_eq(table_add(t, "Z", COLOR_NONE), 0);
        ck_assert_int_eq(table_add(t, "a.service", COLOR_NONE), 0);
        ck_assert_int_eq(table_add(t, "failed", COLOR_RED), 0);
        ck_assert_int_eq(table_add(t, "", COLOR_NONE), 0);
        return t;
}

START_TEST(test_table_aligned) {
        Table *t = sample_table();
        char *out = NULL;

        ck_assert_uint_eq(table_n_rows(t), 2);
        CAPTURE(out, table_print(t, f, true, false));
        ck_assert_str_eq(out, "UNIT        STATE  DESCRIPTION\n"
                              "zeta.socket active Z\n"
                              "a.service   failed\n");
        free(out);

        /* without legend the header does not count for the widths */
        CAPTURE(out, table_print(t, f, false, false));
        ck_assert_str_eq(out, "zeta.socket active Z\n"
                              "a.service   failed\n");
        free(out);
        table_free(t);
}
END_TEST

START_TEST(test_table_color) {
        Table *t = sample_table();
        char *out = NULL;

        CAPTURE(out, table_print(t, f, false, true));
        /* colour codes do not count for the width: "active" is padded as without them */
        ck_assert_str_eq(out, "zeta.socket \033[0;1;32mactive\033[0m Z\n"
                              "a.service   \033[0;1;31mfailed\033[0m\n");
        free(out);
        CAPTURE(out, table_print(t, f, true, true));
        ck_assert_ptr_nonnull(strstr(out, "\033[1mUNIT\033[0m"));
        free(out);
        table_free(t);
}
END_TEST

START_TEST(test_table_sanitize_and_width) {
        static const char *const headers[] = { "A", "B" };
        Table *t = table_new(2, headers);
        char *out = NULL;

        ck_assert_int_eq(table_add(t, "x\033[2Jy", COLOR_NONE), 0); /* an escape sequence is defused */
        ck_assert_int_eq(table_add(t, "1", COLOR_NONE), 0);
        ck_assert_int_eq(table_add(t, "caf\xc3\xa9", COLOR_NONE), 0); /* 4 columns, 5 bytes */
        ck_assert_int_eq(table_add(t, "2", COLOR_NONE), 0);
        ck_assert_int_eq(table_add(t, "half", COLOR_NONE), 0); /* an incomplete row is not printed */
        CAPTURE(out, table_print(t, f, true, false));
        ck_assert_str_eq(out, "A      B\n"
                              "x?[2Jy 1\n"
                              "caf\xc3\xa9   2\n");
        free(out);
        table_free(t);

        ck_assert_uint_eq(text_width(""), 0);
        ck_assert_uint_eq(text_width("abc"), 3);
        ck_assert_uint_eq(text_width("\xe2\x86\x92x"), 2);
        ck_assert_uint_eq(text_width("\xff\xfe"), 2);
}
END_TEST

START_TEST(test_fputs_sanitized) {
        char *out = NULL;

        CAPTURE(out, fputs_sanitized("ok\ttab\n\033[1m\x7f" "caf\xc3\xa9", f));
        ck_assert_str_eq(out, "ok\ttab??[1m?caf\xc3\xa9");
        free(out);
        CAPTURE(out, fputs_sanitized(NULL, f));
        ck_assert_str_eq(out, "");
        free(out);
}
END_TEST

START_TEST(test_timestamps) {
        char buf[FORMAT_TIMESTAMP_MAX];
        usec_t t = 1733576400ULL * USEC_PER_SEC + 123456; /* Sat 2024-12-07 13:00:00 UTC */

        setenv("TZ", "UTC", 1);
        tzset();
        ck_assert_str_eq(format_timestamp(buf, sizeof buf, t), "Sat 2024-12-07 13:00:00 UTC");
        ck_assert_str_eq(format_log_timestamp(buf, sizeof buf, t), "Dec 07 13:00:00");
        ck_assert_ptr_null(format_timestamp(buf, sizeof buf, 0));
        ck_assert_ptr_null(format_timestamp(buf, sizeof buf, USEC_INFINITY));
        ck_assert_ptr_null(format_log_timestamp(buf, sizeof buf, 0));
        ck_assert_ptr_null(format_timestamp(buf, 5, t)); /* too small: no truncated result */

        ck_assert_str_eq(format_timestamp_relative(buf, sizeof buf, t, t + 5 * USEC_PER_MINUTE + 3 * USEC_PER_SEC),
                         "5min 3s ago");
        ck_assert_str_eq(format_timestamp_relative(buf, sizeof buf, t, t + 230 * USEC_PER_MSEC), "230ms ago");
        ck_assert_str_eq(format_timestamp_relative(buf, sizeof buf, t + 2 * USEC_PER_HOUR, t), "2h left");
        ck_assert_str_eq(format_timestamp_relative(buf, sizeof buf, t, t + 2 * USEC_PER_DAY + 61 * USEC_PER_SEC),
                         "2d 1min ago");
        ck_assert_ptr_null(format_timestamp_relative(buf, sizeof buf, 0, t));

        /* now is after 2024 */
        ck_assert(now_realtime() > t);
}
END_TEST

static Suite *ctl_format_suite(void) {
        Suite *s = suite_create("ctl-format");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, test_json_escape_plain);
        tcase_add_test(tc, test_json_escape_specials);
        tcase_add_test(tc, test_json_escape_utf8);
        tcase_add_test(tc, test_json_escape_invalid_utf8);
        tcase_add_test(tc, test_json_writer);
        tcase_add_test(tc, test_table_aligned);
        tcase_add_test(tc, test_table_color);
        tcase_add_test(tc, test_table_sanitize_and_width);
        tcase_add_test(tc, test_fputs_sanitized);
        tcase_add_test(tc, test_timestamps);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        SRunner *sr = srunner_create(ctl_format_suite());
        int failed;

        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
