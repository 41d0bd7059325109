/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <signal.h>
#include <sys/wait.h>
#include <sysexits.h>

#include "exit-status.h"
#include "signal-util.h"
#include "string-util.h"

/* Accepted and refused spellings were checked against systemd 252 (KillSignal=, SuccessExitStatus= with
 * systemd-analyze verify). */

static char *test_free(char *p) {
        free(p);
        return NULL;
}

START_TEST(test_signal_from_string) {
        char buf[64];

        ck_assert_int_eq(signal_from_string("SIGTERM"), SIGTERM);
        ck_assert_int_eq(signal_from_string("TERM"), SIGTERM);
        ck_assert_int_eq(signal_from_string("SIGKILL"), SIGKILL);
        ck_assert_int_eq(signal_from_string("HUP"), SIGHUP);
        ck_assert_int_eq(signal_from_string("SIGWINCH"), SIGWINCH);
        ck_assert_int_eq(signal_from_string("SIGIO"), SIGIO);
        ck_assert_int_eq(signal_from_string("SIGSYS"), SIGSYS);
#ifdef SIGSTKFLT
        ck_assert_int_eq(signal_from_string("SIGSTKFLT"), SIGSTKFLT);
#endif
        ck_assert_int_eq(signal_from_string("SIGPWR"), SIGPWR);

        /* numbers, with safe_atoi() syntax */
        ck_assert_int_eq(signal_from_string("15"), 15);
        ck_assert_int_eq(signal_from_string("1"), 1);
        ck_assert_int_eq(signal_from_string("64"), 64);
        ck_assert_int_eq(signal_from_string("+15"), 15);
        ck_assert_int_eq(signal_from_string(" 15"), 15);
        ck_assert_int_eq(signal_from_string("0x0f"), 15);
        ck_assert_int_eq(signal_from_string("017"), 15);
        ck_assert_int_eq(signal_from_string("0"), -EINVAL);
        ck_assert_int_eq(signal_from_string("65"), -EINVAL);
        ck_assert_int_eq(signal_from_string("-15"), -EINVAL);
        ck_assert_int_eq(signal_from_string("99999999999"), -EINVAL);

        /* realtime signals */
        ck_assert_int_eq(signal_from_string("RTMIN"), SIGRTMIN);
        ck_assert_int_eq(signal_from_string("SIGRTMIN"), SIGRTMIN);
        ck_assert_int_eq(signal_from_string("RTMIN+0"), SIGRTMIN);
        ck_assert_int_eq(signal_from_string("RTMIN+3"), SIGRTMIN + 3);
        ck_assert_int_eq(signal_from_string("SIGRTMIN+1"), SIGRTMIN + 1);
        ck_assert_int_eq(signal_from_string("RTMIN+0x1"), SIGRTMIN + 1);
        ck_assert_int_eq(signal_from_string("RTMAX"), SIGRTMAX);
        ck_assert_int_eq(signal_from_string("SIGRTMAX-0"), SIGRTMAX);
        ck_assert_int_eq(signal_from_string("SIGRTMAX-2"), SIGRTMAX - 2);
        /* the whole range (RTMIN+30 and RTMAX-30 with glibc), and one beyond */
        snprintf(buf, sizeof(buf), "RTMIN+%d", SIGRTMAX - SIGRTMIN);
        ck_assert_int_eq(signal_from_string(buf), SIGRTMAX);
        snprintf(buf, sizeof(buf), "RTMAX-%d", SIGRTMAX - SIGRTMIN);
        ck_assert_int_eq(signal_from_string(buf), SIGRTMIN);
        snprintf(buf, sizeof(buf), "RTMIN+%d", SIGRTMAX - SIGRTMIN + 1);
        ck_assert_int_eq(signal_from_string(buf), -EINVAL);
        snprintf(buf, sizeof(buf), "RTMAX-%d", SIGRTMAX - SIGRTMIN + 1);
        ck_assert_int_eq(signal_from_string(buf), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN+2147483644"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN+2147483647"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN+99999999999999999999"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMAX--2147483648"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMAX-2147483648"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN+-1"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN+ 1"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN-1"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMAX+1"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMAX-+1"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN+08"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMIN+"), -EINVAL);
        ck_assert_int_eq(signal_from_string("RTMINX"), -EINVAL);

        /* garbage */
        ck_assert_int_eq(signal_from_string(""), -EINVAL);
        ck_assert_int_eq(signal_from_string(NULL), -EINVAL);
        ck_assert_int_eq(signal_from_string("SIG"), -EINVAL);
        ck_assert_int_eq(signal_from_string("term"), -EINVAL);
        ck_assert_int_eq(signal_from_string("sigterm"), -EINVAL);
        ck_assert_int_eq(signal_from_string("SIG15"), -EINVAL);
        ck_assert_int_eq(signal_from_string("SIGSIG"), -EINVAL);
        ck_assert_int_eq(signal_from_string("SIGIOT"), -EINVAL);
        ck_assert_int_eq(signal_from_string("SIGPOLL"), -EINVAL);
        ck_assert_int_eq(signal_from_string("SIGCLD"), -EINVAL);
        ck_assert_int_eq(signal_from_string("SIGTERM "), -EINVAL);
}
END_TEST

START_TEST(test_signal_to_string) {
        char buf[SIGNAL_TO_STRING_MAX], tiny[4], tiny2[SIGNAL_TO_STRING_MAX];

        ck_assert_str_eq(signal_to_string(SIGTERM), "SIGTERM");
        ck_assert_str_eq(signal_to_string(SIGHUP), "SIGHUP");
        ck_assert_str_eq(signal_to_string(SIGSYS), "SIGSYS");
        ck_assert_ptr_null(signal_to_string(0));
        ck_assert_ptr_null(signal_to_string(-1));
        ck_assert_ptr_null(signal_to_string(SIGRTMIN));
        ck_assert_ptr_null(signal_to_string(SIGRTMAX));
        ck_assert_ptr_null(signal_to_string(1000));

        ck_assert_str_eq(signal_to_string_buf(SIGKILL, buf, sizeof(buf)), "SIGKILL");
        ck_assert_str_eq(signal_to_string_buf(SIGRTMIN, buf, sizeof(buf)), "SIGRTMIN+0");
        ck_assert_str_eq(signal_to_string_buf(SIGRTMIN + 3, buf, sizeof(buf)), "SIGRTMIN+3");
        snprintf(tiny2, sizeof(tiny2), "SIGRTMIN+%d", SIGRTMAX - SIGRTMIN);
        ck_assert_str_eq(signal_to_string_buf(SIGRTMAX, buf, sizeof(buf)), tiny2);
        ck_assert_ptr_null(signal_to_string_buf(0, buf, sizeof(buf)));
        ck_assert_ptr_null(signal_to_string_buf(SIGRTMAX + 1, buf, sizeof(buf)));
        ck_assert_ptr_null(signal_to_string_buf(SIGTERM, tiny, sizeof(tiny)));
        ck_assert_ptr_null(signal_to_string_buf(SIGTERM, NULL, 0));

        /* every name reads back */
        for (int i = 1; i < _NSIG; i++) {
                const char *s = signal_to_string_buf(i, buf, sizeof(buf));

                if (s)
                        ck_assert_int_eq(signal_from_string(s), i);
        }
}
END_TEST

START_TEST(test_exit_status_names) {
        /* systemd.exec(5), "PROCESS EXIT CODES" */
        ck_assert_int_eq(exit_status_from_string("SUCCESS"), 0);
        ck_assert_int_eq(exit_status_from_string("FAILURE"), 1);
        ck_assert_int_eq(exit_status_from_string("INVALIDARGUMENT"), 2);
        ck_assert_int_eq(exit_status_from_string("NOTIMPLEMENTED"), 3);
        ck_assert_int_eq(exit_status_from_string("NOPERMISSION"), 4);
        ck_assert_int_eq(exit_status_from_string("NOTINSTALLED"), 5);
        ck_assert_int_eq(exit_status_from_string("NOTCONFIGURED"), 6);
        ck_assert_int_eq(exit_status_from_string("NOTRUNNING"), 7);
        ck_assert_int_eq(exit_status_from_string("USAGE"), EX_USAGE);
        ck_assert_int_eq(exit_status_from_string("DATAERR"), EX_DATAERR);
        ck_assert_int_eq(exit_status_from_string("TEMPFAIL"), EX_TEMPFAIL);
        ck_assert_int_eq(exit_status_from_string("CONFIG"), EX_CONFIG);
        ck_assert_int_eq(exit_status_from_string("CHDIR"), 200);
        ck_assert_int_eq(exit_status_from_string("NICE"), 201);
        ck_assert_int_eq(exit_status_from_string("FDS"), 202);
        ck_assert_int_eq(exit_status_from_string("EXEC"), 203);
        ck_assert_int_eq(exit_status_from_string("MEMORY"), 204);
        ck_assert_int_eq(exit_status_from_string("LIMITS"), 205);
        ck_assert_int_eq(exit_status_from_string("OOM_ADJUST"), 206);
        ck_assert_int_eq(exit_status_from_string("SIGNAL_MASK"), 207);
        ck_assert_int_eq(exit_status_from_string("STDIN"), 208);
        ck_assert_int_eq(exit_status_from_string("STDOUT"), 209);
        ck_assert_int_eq(exit_status_from_string("STDERR"), 222);
        ck_assert_int_eq(exit_status_from_string("PAM"), 224);
        ck_assert_int_eq(exit_status_from_string("APPARMOR"), 231);
        ck_assert_int_eq(exit_status_from_string("RUNTIME_DIRECTORY"), 233);
        ck_assert_int_eq(exit_status_from_string("CHOWN"), 235);
        ck_assert_int_eq(exit_status_from_string("NUMA_POLICY"), 242);
        ck_assert_int_eq(exit_status_from_string("CREDENTIALS"), 243);
        ck_assert_int_eq(exit_status_from_string("BPF"), 245);
        ck_assert_int_eq(exit_status_from_string("EXCEPTION"), 255);

        ck_assert_int_eq(exit_status_from_string("0"), 0);
        ck_assert_int_eq(exit_status_from_string("255"), 255);
        ck_assert_int_eq(exit_status_from_string("0x10"), 16);
        ck_assert_int_eq(exit_status_from_string("010"), 8);
        ck_assert_int_eq(exit_status_from_string("+1"), 1);
        ck_assert_int_eq(exit_status_from_string("256"), -EINVAL);
        ck_assert_int_eq(exit_status_from_string("-1"), -EINVAL);
        ck_assert_int_eq(exit_status_from_string("08"), -EINVAL);
        ck_assert_int_eq(exit_status_from_string(""), -EINVAL);
        ck_assert_int_eq(exit_status_from_string(NULL), -EINVAL);
        ck_assert_int_eq(exit_status_from_string("EXIT_CHDIR"), -EINVAL);
        ck_assert_int_eq(exit_status_from_string("EX_USAGE"), -EINVAL);
        ck_assert_int_eq(exit_status_from_string("APPARMOR_PROFILE"), -EINVAL);
        ck_assert_int_eq(exit_status_from_string("success"), -EINVAL);
        ck_assert_int_eq(exit_status_from_string("SIGTERM"), -EINVAL);

        ck_assert_str_eq(exit_status_to_string(0), "SUCCESS");
        ck_assert_str_eq(exit_status_to_string(EXIT_CHDIR), "CHDIR");
        ck_assert_str_eq(exit_status_to_string(EXIT_OOM_ADJUST), "OOM_ADJUST");
        ck_assert_str_eq(exit_status_to_string(EXIT_APPARMOR_PROFILE), "APPARMOR");
        ck_assert_str_eq(exit_status_to_string(EX_NOPERM), "NOPERM");
        ck_assert_ptr_null(exit_status_to_string(8));
        ck_assert_ptr_null(exit_status_to_string(223));
        ck_assert_ptr_null(exit_status_to_string(244));
        ck_assert_ptr_null(exit_status_to_string(-1));
        ck_assert_ptr_null(exit_status_to_string(256));

        for (int i = 0; i < 256; i++) {
                const char *s = exit_status_to_string(i);

                if (s)
                        ck_assert_int_eq(exit_status_from_string(s), i);
        }
}
END_TEST

START_TEST(test_exit_status_set) {
        char expected[64];
        ExitStatusSet set = {};
        _cleanup_free_ char *bad = NULL, *f = NULL;

        ck_assert(exit_status_set_is_empty(&set));
        ck_assert(exit_status_set_is_empty(NULL));

        /* systemd.service(5): SuccessExitStatus=TEMPFAIL 250 SIGKILL */
        ck_assert_int_eq(exit_status_set_parse(&set, "TEMPFAIL 250 SIGKILL", &bad), 0);
        ck_assert_ptr_null(bad);
        ck_assert(!exit_status_set_is_empty(&set));
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 75));
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 250));
        ck_assert(exit_status_set_test(&set, CLD_KILLED, SIGKILL));
        ck_assert(exit_status_set_test(&set, CLD_DUMPED, SIGKILL));
        ck_assert(!exit_status_set_test(&set, CLD_EXITED, SIGKILL));
        ck_assert(!exit_status_set_test(&set, CLD_KILLED, 75));
        ck_assert(!exit_status_set_test(&set, CLD_EXITED, 0));
        ck_assert(!exit_status_set_test(&set, CLD_EXITED, 256));
        ck_assert(!exit_status_set_test(&set, CLD_EXITED, -1));
        ck_assert(!exit_status_set_test(&set, CLD_KILLED, 1000));
        ck_assert(!exit_status_set_test(&set, CLD_STOPPED, SIGKILL));
        ck_assert(!exit_status_set_test(NULL, CLD_EXITED, 75));

        /* repeated assignments append; numbers are exit codes, never signals */
        ck_assert_int_eq(exit_status_set_parse(&set, "  1\t3 TERM RTMIN+1 0x10 \\2 ", NULL), 0);
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 1));
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 3));
        ck_assert(!exit_status_set_test(&set, CLD_KILLED, SIGQUIT));
        ck_assert(exit_status_set_test(&set, CLD_KILLED, SIGTERM));
        ck_assert(exit_status_set_test(&set, CLD_KILLED, SIGRTMIN + 1));
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 16));
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 2));
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 75));

        ck_assert_int_eq(exit_status_set_format(&set, &f), 0);
        ck_assert_str_eq(f, "1 2 3 16 75 250 SIGKILL SIGTERM SIGRTMIN+1");
        f = test_free(f);

        /* an empty value resets */
        ck_assert_int_eq(exit_status_set_parse(&set, "", NULL), 0);
        ck_assert(exit_status_set_is_empty(&set));
        ck_assert_int_eq(exit_status_set_format(&set, &f), 0);
        ck_assert_str_eq(f, "");
        f = test_free(f);
        ck_assert_int_eq(exit_status_set_parse(&set, "5", NULL), 0);
        ck_assert_int_eq(exit_status_set_parse(&set, " \t ", NULL), 0);
        ck_assert(exit_status_set_is_empty(&set));

        /* bad words are skipped, the others still count (systemd warns once per bad word) */
        ck_assert_int_eq(exit_status_set_parse(&set, "1 bogus SIGTERM 256 \"3\" 4", &bad), -EINVAL);
        ck_assert_str_eq(bad, "bogus 256 \"3\"");
        bad = test_free(bad);
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 1));
        ck_assert(exit_status_set_test(&set, CLD_KILLED, SIGTERM));
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 4));
        ck_assert(!exit_status_set_test(&set, CLD_EXITED, 3));
        ck_assert_int_eq(exit_status_set_format(&set, &f), 0);
        ck_assert_str_eq(f, "1 4 SIGTERM");
        f = test_free(f);

        /* a dangling backslash ends the line */
        exit_status_set_reset(&set);
        ck_assert_int_eq(exit_status_set_parse(&set, "7 8\\", &bad), -EINVAL);
        ck_assert_str_eq(bad, "8\\");
        bad = test_free(bad);
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 7));
        ck_assert(!exit_status_set_test(&set, CLD_EXITED, 8));
        ck_assert_int_eq(exit_status_set_parse(&set, "SIGSEGV", &bad), 0);

        ck_assert_int_eq(exit_status_set_add_word(&set, "SIGRTMAX"), 0);
        ck_assert(exit_status_set_test(&set, CLD_KILLED, SIGRTMAX));
        ck_assert_int_eq(exit_status_set_add_word(&set, "CHDIR"), 0);
        ck_assert(exit_status_set_test(&set, CLD_EXITED, 200));
        ck_assert_int_eq(exit_status_set_add_word(&set, "nope"), -EINVAL);
        ck_assert_int_eq(exit_status_set_add_word(&set, ""), -EINVAL);
        ck_assert_int_eq(exit_status_set_add_word(NULL, "1"), -EINVAL);
        ck_assert_int_eq(exit_status_set_parse(&set, NULL, NULL), -EINVAL);

        ck_assert_int_eq(exit_status_set_format(&set, &f), 0);
        snprintf(expected, sizeof(expected), "7 200 SIGSEGV SIGRTMIN+%d", SIGRTMAX - SIGRTMIN);
        ck_assert_str_eq(f, expected);

        exit_status_set_reset(&set);
        ck_assert(exit_status_set_is_empty(&set));
}
END_TEST

START_TEST(test_exit_status_set_full) {
        char last[32];
        ExitStatusSet set = {};
        _cleanup_free_ char *f = NULL;

        for (int i = 0; i < 256; i++) {
                char num[12];

                snprintf(num, sizeof(num), "%d", i);
                ck_assert_int_eq(exit_status_set_add_word(&set, num), 0);
        }
        for (int i = 1; i < _NSIG; i++) {
                char buf[SIGNAL_TO_STRING_MAX];
                const char *s = signal_to_string_buf(i, buf, sizeof(buf));

                if (s)
                        ck_assert_int_eq(exit_status_set_add_word(&set, s), 0);
        }
        ck_assert_int_eq(exit_status_set_format(&set, &f), 0);
        ck_assert(strncmp(f, "0 1 2 3 ", 8) == 0);
        ck_assert(strstr(f, " 254 255 SIGHUP SIGINT "));
        snprintf(last, sizeof(last), " SIGRTMIN+%d", SIGRTMAX - SIGRTMIN);
        ck_assert(endswith(f, last));
}
END_TEST

int main(void) {
        Suite *s = suite_create("signal-util");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_signal_from_string);
        tcase_add_test(tc, test_signal_to_string);
        tcase_add_test(tc, test_exit_status_names);
        tcase_add_test(tc, test_exit_status_set);
        tcase_add_test(tc, test_exit_status_set_full);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
