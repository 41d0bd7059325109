/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdint.h>

#include "rlimit-util.h"

/* Accepted and refused values were checked against systemd 252 (Limit*= with systemd-analyze verify). */

static struct rlimit rl_or(int resource, const char *val, int *r) {
        struct rlimit rl = { .rlim_cur = 4242, .rlim_max = 4242 };

        *r = rlimit_parse(resource, val, &rl);
        return rl;
}

#define assert_rl(resource, val, soft, hard)                                                                     \
        do {                                                                                                     \
                int _r;                                                                                          \
                struct rlimit _rl = rl_or((resource), (val), &_r);                                               \
                ck_assert_msg(_r == 0, "rlimit_parse(%s, \"%s\") failed: %d", #resource, (val), _r);             \
                ck_assert_msg(_rl.rlim_cur == (rlim_t) (soft) && _rl.rlim_max == (rlim_t) (hard),               \
                              "rlimit_parse(%s, \"%s\") = %llu:%llu", #resource, (val),                          \
                              (unsigned long long) _rl.rlim_cur, (unsigned long long) _rl.rlim_max);             \
        } while (0)

#define assert_rl_fails(resource, val, error)                                                                     \
        do {                                                                                                     \
                int _r;                                                                                          \
                struct rlimit _rl = rl_or((resource), (val), &_r);                                               \
                ck_assert_msg(_r == (error), "rlimit_parse(%s, \"%s\") = %d, expected %d", #resource, (val),     \
                              _r, (error));                                                                      \
                ck_assert(_rl.rlim_cur == 4242 && _rl.rlim_max == 4242);                                         \
        } while (0)

START_TEST(test_rlimit_names) {
        ck_assert_int_eq(rlimit_from_string("NOFILE"), RLIMIT_NOFILE);
        ck_assert_int_eq(rlimit_from_string("LimitNOFILE"), RLIMIT_NOFILE);
        ck_assert_int_eq(rlimit_from_string("RLIMIT_NOFILE"), RLIMIT_NOFILE);
        ck_assert_int_eq(rlimit_from_string("CPU"), RLIMIT_CPU);
        ck_assert_int_eq(rlimit_from_string("LimitRTTIME"), RLIMIT_RTTIME);
        ck_assert_int_eq(rlimit_from_string("AS"), RLIMIT_AS);
        ck_assert_int_eq(rlimit_from_string("nofile"), -EINVAL);
        ck_assert_int_eq(rlimit_from_string("LimitFOO"), -EINVAL);
        ck_assert_int_eq(rlimit_from_string("Limit"), -EINVAL);
        ck_assert_int_eq(rlimit_from_string(""), -EINVAL);
        ck_assert_int_eq(rlimit_from_string(NULL), -EINVAL);

        ck_assert_str_eq(rlimit_to_string(RLIMIT_NOFILE), "NOFILE");
        ck_assert_str_eq(rlimit_to_string(RLIMIT_MSGQUEUE), "MSGQUEUE");
        ck_assert_ptr_null(rlimit_to_string(-1));
        ck_assert_ptr_null(rlimit_to_string(_RLIMIT_MAX));

        for (int i = 0; i < _RLIMIT_MAX; i++)
                ck_assert_int_eq(rlimit_from_string(rlimit_to_string(i)), i);
}
END_TEST

START_TEST(test_rlimit_parse_numbers) {
        assert_rl(RLIMIT_NOFILE, "1024", 1024, 1024);
        assert_rl(RLIMIT_NOFILE, "1024:524288", 1024, 524288);
        assert_rl(RLIMIT_NOFILE, "infinity", RLIM_INFINITY, RLIM_INFINITY);
        assert_rl(RLIMIT_NOFILE, "5:infinity", 5, RLIM_INFINITY);
        assert_rl(RLIMIT_NOFILE, "0x10", 16, 16);
        assert_rl(RLIMIT_NOFILE, "+5", 5, 5);
        assert_rl(RLIMIT_NOFILE, "5: 6", 5, 6);
        assert_rl(RLIMIT_NOFILE, "5:6:", 5, 6);
        assert_rl(RLIMIT_NOFILE, "\\5", 5, 5);
        assert_rl(RLIMIT_NOFILE, "18446744073709551614", 18446744073709551614ULL, 18446744073709551614ULL);
        assert_rl(RLIMIT_NPROC, "0", 0, 0);
        assert_rl(RLIMIT_RTPRIO, "99", 99, 99);
        assert_rl(RLIMIT_SIGPENDING, "infinity:infinity", RLIM_INFINITY, RLIM_INFINITY);

        assert_rl_fails(RLIMIT_NOFILE, "1K", -EINVAL);
        assert_rl_fails(RLIMIT_NPROC, "1.5K", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, ":5", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "5:", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "5::", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "5:6:7", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "5 :6", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "5\\:6", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "5\\", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, " infinity", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "Infinity", -EINVAL);
        assert_rl_fails(RLIMIT_NOFILE, "-1", -ERANGE);
        assert_rl_fails(RLIMIT_NOFILE, "18446744073709551615", -ERANGE);
        assert_rl_fails(RLIMIT_NOFILE, "18446744073709551616", -ERANGE);
        assert_rl_fails(RLIMIT_NOFILE, "10:5", -EILSEQ);
        assert_rl_fails(RLIMIT_NOFILE, "infinity:5", -EILSEQ);
        assert_rl_fails(-1, "5", -EINVAL);
        assert_rl_fails(_RLIMIT_MAX, "5", -EINVAL);
        ck_assert_int_eq(rlimit_parse(RLIMIT_NOFILE, NULL, NULL), -EINVAL);
        ck_assert_int_eq(rlimit_parse(RLIMIT_NOFILE, "5", NULL), 0);
}
END_TEST

START_TEST(test_rlimit_parse_bytes) {
        /* systemd.exec(5): LimitAS=4G:16G, LimitAS=16G */
        assert_rl(RLIMIT_AS, "4G:16G", 4294967296ULL, 17179869184ULL);
        assert_rl(RLIMIT_AS, "16G", 17179869184ULL, 17179869184ULL);
        assert_rl(RLIMIT_FSIZE, "1K", 1024, 1024);
        assert_rl(RLIMIT_CORE, "0", 0, 0);
        assert_rl(RLIMIT_CORE, "infinity", RLIM_INFINITY, RLIM_INFINITY);
        assert_rl(RLIMIT_MEMLOCK, "64K:infinity", 65536, RLIM_INFINITY);
        assert_rl(RLIMIT_STACK, "8M", 8388608, 8388608);
        assert_rl(RLIMIT_DATA, "1.5M", 1572864, 1572864);
        assert_rl(RLIMIT_RSS, "1G 512M", 1610612736ULL, 1610612736ULL);
        assert_rl(RLIMIT_MSGQUEUE, "1.5K", 1536, 1536);
        assert_rl(RLIMIT_FSIZE, "15E", 15ULL << 60, 15ULL << 60);
        assert_rl(RLIMIT_FSIZE, "18446744073709551614", 18446744073709551614ULL, 18446744073709551614ULL);

        assert_rl_fails(RLIMIT_FSIZE, "1KB", -EINVAL);
        assert_rl_fails(RLIMIT_FSIZE, "1k", -EINVAL);
        assert_rl_fails(RLIMIT_FSIZE, "-0", -ERANGE);
        assert_rl_fails(RLIMIT_FSIZE, "16E", -ERANGE);
        assert_rl_fails(RLIMIT_FSIZE, "18446744073709551615", -ERANGE);
        assert_rl_fails(RLIMIT_AS, "16G:4G", -EILSEQ);
}
END_TEST

START_TEST(test_rlimit_parse_time) {
        /* CPU: seconds by default, rounded up to whole seconds */
        assert_rl(RLIMIT_CPU, "5", 5, 5);
        assert_rl(RLIMIT_CPU, "5s", 5, 5);
        assert_rl(RLIMIT_CPU, "1min", 60, 60);
        assert_rl(RLIMIT_CPU, "1.5", 2, 2);
        assert_rl(RLIMIT_CPU, "1us", 1, 1);
        assert_rl(RLIMIT_CPU, "0", 0, 0);
        assert_rl(RLIMIT_CPU, "1h:infinity", 3600, RLIM_INFINITY);
        assert_rl(RLIMIT_CPU, "infinity", RLIM_INFINITY, RLIM_INFINITY);
        assert_rl(RLIMIT_CPU, "9223372036854775807us", 9223372036855ULL, 9223372036855ULL);
        assert_rl_fails(RLIMIT_CPU, "18446744073709551615us", -ERANGE);
        assert_rl_fails(RLIMIT_CPU, "5 apples", -EINVAL);
        assert_rl_fails(RLIMIT_CPU, "infinity:5", -EILSEQ);

        /* RTTIME: microseconds by default */
        assert_rl(RLIMIT_RTTIME, "5", 5, 5);
        assert_rl(RLIMIT_RTTIME, "5s", 5000000, 5000000);
        assert_rl(RLIMIT_RTTIME, "1.5", 1, 1);
        assert_rl(RLIMIT_RTTIME, "500ms:1s", 500000, 1000000);
        assert_rl(RLIMIT_RTTIME, "infinity", RLIM_INFINITY, RLIM_INFINITY);
        assert_rl_fails(RLIMIT_RTTIME, "18446744073709551614", -ERANGE);
}
END_TEST

START_TEST(test_rlimit_parse_nice) {
        /* "+N"/"-N" are nice levels, stored as 20 - nice; plain numbers are raw 0..40 */
        assert_rl(RLIMIT_NICE, "+5", 15, 15);
        assert_rl(RLIMIT_NICE, "+0", 20, 20);
        assert_rl(RLIMIT_NICE, "-0", 20, 20);
        assert_rl(RLIMIT_NICE, "+19", 1, 1);
        assert_rl(RLIMIT_NICE, "-20", 40, 40);
        assert_rl(RLIMIT_NICE, "-5", 25, 25);
        assert_rl(RLIMIT_NICE, "+ 5", 15, 15);
        assert_rl(RLIMIT_NICE, "5", 5, 5);
        assert_rl(RLIMIT_NICE, "0", 0, 0);
        assert_rl(RLIMIT_NICE, "40", 40, 40);
        assert_rl(RLIMIT_NICE, "0x10", 16, 16);
        assert_rl(RLIMIT_NICE, "5:10", 5, 10);
        assert_rl(RLIMIT_NICE, "+0:-20", 20, 40);

        assert_rl_fails(RLIMIT_NICE, "+20", -ERANGE);
        assert_rl_fails(RLIMIT_NICE, "-21", -ERANGE);
        assert_rl_fails(RLIMIT_NICE, "41", -ERANGE);
        assert_rl_fails(RLIMIT_NICE, "infinity", -EINVAL);
        assert_rl_fails(RLIMIT_NICE, "+", -EINVAL);
        assert_rl_fails(RLIMIT_NICE, "", -EINVAL);
        assert_rl_fails(RLIMIT_NICE, "10:5", -EILSEQ);
        assert_rl_fails(RLIMIT_NICE, "-20:-10", -EILSEQ);
}
END_TEST

START_TEST(test_rlimit_parse_one) {
        rlim_t v = 7;

        ck_assert_int_eq(rlimit_parse_one(RLIMIT_NOFILE, "1024", &v), 0);
        ck_assert_uint_eq(v, 1024);
        ck_assert_int_eq(rlimit_parse_one(RLIMIT_STACK, "8M", &v), 0);
        ck_assert_uint_eq(v, 8388608);
        ck_assert_int_eq(rlimit_parse_one(RLIMIT_NOFILE, "1:2", &v), -EINVAL);
        ck_assert_int_eq(rlimit_parse_one(99, "1", &v), -EINVAL);
        ck_assert_uint_eq(v, 8388608);
}
END_TEST

START_TEST(test_rlimit_format) {
        struct rlimit rl;
        char *s = NULL;

        rl = (struct rlimit) { RLIM_INFINITY, RLIM_INFINITY };
        ck_assert_int_eq(rlimit_format(&rl, &s), 0);
        ck_assert_str_eq(s, "infinity");
        free(s);
        rl = (struct rlimit) { 1024, 1024 };
        ck_assert_int_eq(rlimit_format(&rl, &s), 0);
        ck_assert_str_eq(s, "1024");
        free(s);
        rl = (struct rlimit) { 1024, 4096 };
        ck_assert_int_eq(rlimit_format(&rl, &s), 0);
        ck_assert_str_eq(s, "1024:4096");
        free(s);
        rl = (struct rlimit) { 1024, RLIM_INFINITY };
        ck_assert_int_eq(rlimit_format(&rl, &s), 0);
        ck_assert_str_eq(s, "1024:infinity");
        free(s);
        rl = (struct rlimit) { RLIM_INFINITY, 4096 };
        ck_assert_int_eq(rlimit_format(&rl, &s), 0);
        ck_assert_str_eq(s, "infinity:4096");
        free(s);
        ck_assert_int_eq(rlimit_format(NULL, &s), -EINVAL);

        /* what is formatted parses back */
        ck_assert_int_eq(rlimit_parse(RLIMIT_NOFILE, "1024:infinity", &rl), 0);
        ck_assert_int_eq(rlimit_format(&rl, &s), 0);
        ck_assert_str_eq(s, "1024:infinity");
        free(s);
}
END_TEST

int main(void) {
        Suite *s = suite_create("rlimit-util");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_rlimit_names);
        tcase_add_test(tc, test_rlimit_parse_numbers);
        tcase_add_test(tc, test_rlimit_parse_bytes);
        tcase_add_test(tc, test_rlimit_parse_time);
        tcase_add_test(tc, test_rlimit_parse_nice);
        tcase_add_test(tc, test_rlimit_parse_one);
        tcase_add_test(tc, test_rlimit_format);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
