/* SPDX-License-Identifier: MIT */
/* The unit-file reader against systemd.syntax(7) and systemd 252's observed behaviour. */
#include <check.h>

#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "syntax.h"

static char **seen;     /* "LINE [SECTION] KEY=VALUE" per assignment */
static char **messages; /* log lines */

static void capture(int level, const char *m, void *u) {
        ck_assert_int_eq(strv_extend(&messages, m), 0);
}

static int collect(const char *filename, unsigned line, const char *section, const char *key, const char *value,
                   void *userdata) {
        char *s;

        ck_assert_int_ge(asprintf(&s, "%u [%s] %s=%s", line, section, key, value), 0);
        ck_assert_int_eq(strv_consume(&seen, s), 0);
        return 0;
}

static const char *const sections[] = { "Unit", "Socket", NULL };

static int parse(const char *text, size_t n) {
        seen = strv_free(seen);
        messages = strv_free(messages);
        log_set_sink(capture, NULL);
        return syntax_parse("t.socket", text, n, sections, collect, NULL);
}
#define PARSE(s) parse((s), sizeof(s) - 1)

static void teardown(void) {
        seen = strv_free(seen);
        messages = strv_free(messages);
        log_set_sink(NULL, NULL);
}

START_TEST(test_basic_and_inline_hash) {
        ck_assert_int_eq(PARSE("[Unit]\nDescription = a # not a comment ; nor this\n  Key=  x  \n"), 0);
        ck_assert_int_eq(strv_length(seen), 2);
        ck_assert_str_eq(seen[0], "2 [Unit] Description=a # not a comment ; nor this");
        ck_assert_str_eq(seen[1], "3 [Unit] Key=x");
        ck_assert_int_eq(strv_length(messages), 0);
}
END_TEST

START_TEST(test_comments) {
        ck_assert_int_eq(PARSE("# c\n; c\n[Unit]\n   # indented comment\n\t; tab\nA=1\n"), 0);
        ck_assert_int_eq(strv_length(seen), 1);
        ck_assert_str_eq(seen[0], "6 [Unit] A=1");
}
END_TEST

START_TEST(test_continuation) {
        /* The backslash becomes a space; comment lines inside are skipped; the line reported is the last. */
        ck_assert_int_eq(PARSE("[Unit]\nA=a \\\n# skipped\n  b \\\n; also\nc\nB=x\\\\\nC=y\n"), 0);
        ck_assert_int_eq(strv_length(seen), 3);
        ck_assert_str_eq(seen[0], "6 [Unit] A=a    b  c");
        ck_assert_str_eq(seen[1], "7 [Unit] B=x\\\\");
        ck_assert_str_eq(seen[2], "8 [Unit] C=y");
}
END_TEST

START_TEST(test_continuation_at_eof) {
        /* systemd counts the end of the file as one more line. */
        ck_assert_int_eq(PARSE("[Unit]\nA=x \\"), 0);
        ck_assert_int_eq(strv_length(seen), 1);
        ck_assert_str_eq(seen[0], "3 [Unit] A=x");
}
END_TEST

START_TEST(test_line_ends) {
        static const char text[] = "[Unit]\r\nA=1\rB=2\0C=3\nD=4";
        ck_assert_int_eq(parse(text, sizeof(text) - 1), 0);
        ck_assert_int_eq(strv_length(seen), 4);
        ck_assert_str_eq(seen[0], "2 [Unit] A=1");
        ck_assert_str_eq(seen[1], "3 [Unit] B=2");
        ck_assert_str_eq(seen[2], "4 [Unit] C=3");
        ck_assert_str_eq(seen[3], "5 [Unit] D=4");
}
END_TEST

START_TEST(test_bom) {
        ck_assert_int_eq(PARSE("\xef\xbb\xbf[Unit]\nA=1\n"), 0);
        ck_assert_int_eq(strv_length(seen), 1);
        ck_assert_str_eq(seen[0], "2 [Unit] A=1");
        /* systemd drops the mark from the first line starting with one, and only once. */
        ck_assert_int_eq(PARSE("[Unit]\n\xef\xbb\xbf" "A=1\n\xef\xbb\xbf" "B=2\n"), 0);
        ck_assert_str_eq(seen[0], "2 [Unit] A=1");
        ck_assert_str_eq(seen[1], "3 [Unit] \xef\xbb\xbf" "B=2");
}
END_TEST

START_TEST(test_bad_lines) {
        ck_assert_int_eq(PARSE("A=outside\n[Unit]\nnoequals\n=novalue\n  =x\nB=ok\n"), 0);
        ck_assert_int_eq(strv_length(seen), 1);
        ck_assert_str_eq(seen[0], "6 [Unit] B=ok");
        ck_assert_int_eq(strv_length(messages), 4);
        ck_assert_str_eq(messages[0], "t.socket:1: Assignment outside of section. Ignoring.");
        ck_assert_str_eq(messages[1], "t.socket:3: Missing '=', ignoring line.");
        ck_assert_str_eq(messages[2], "t.socket:4: Missing key name before '=', ignoring line.");
        ck_assert_str_eq(messages[3], "t.socket:5: Missing key name before '=', ignoring line.");
}
END_TEST

START_TEST(test_sections) {
        ck_assert_int_eq(PARSE("[Unit]\nA=1\n[Foo]\nB=2\n[X-Mine]\nC=3\n[Socket]\nD=4\n"), 0);
        ck_assert_int_eq(strv_length(seen), 2);
        ck_assert_str_eq(seen[0], "2 [Unit] A=1");
        ck_assert_str_eq(seen[1], "8 [Socket] D=4");
        ck_assert_int_eq(strv_length(messages), 1);
        ck_assert_str_eq(messages[0], "t.socket:3: Unknown section 'Foo'. Ignoring.");

        ck_assert_int_eq(PARSE("[Unit]\nA=1\n[Socket\nB=2\n"), -EBADMSG);
        ck_assert_str_eq(messages[0], "t.socket:3: Invalid section header '[Socket'");
        ck_assert_int_eq(PARSE("[Un\x01it]\n"), -EBADMSG);
}
END_TEST

START_TEST(test_long_lines) {
        size_t n = SYNTAX_LINE_MAX + 16;
        char *big = malloc(n + 16);
        int r;

        ck_assert_ptr_nonnull(big);
        memcpy(big, "[Unit]\nA=", 9);
        memset(big + 9, 'x', n - 9);
        r = parse(big, n);
        ck_assert_int_eq(r, -EBADMSG);
        ck_assert_str_eq(messages[0], "t.socket:2: Line too long.");

        /* Just under the limit is fine. */
        r = parse(big, 7 + SYNTAX_LINE_MAX);
        ck_assert_int_eq(r, 0);
        ck_assert_int_eq(strv_length(seen), 1);

        /* Continuations are bounded by the same limit: 2000 lines of 1000 bytes joined are too long. */
        free(big);
        n = 2000 * 1000;
        big = malloc(n);
        ck_assert_ptr_nonnull(big);
        memset(big, 'x', n);
        memcpy(big, "[Unit]\nA=", 9);
        for (size_t i = 1000; i < n; i += 1000) {
                big[i - 2] = '\\';
                big[i - 1] = '\n';
        }
        r = parse(big, n);
        ck_assert_int_eq(r, -EBADMSG);
        ck_assert_ptr_nonnull(strstr(messages[0], "Continuation line too long."));
        free(big);
}
END_TEST

START_TEST(test_read_full_file) {
        char *t;
        size_t n;

        ck_assert_int_eq(read_full_file("/nonexistent/x", &t, &n), -ENOENT);
        ck_assert_int_eq(read_full_file("/", &t, &n), -EISDIR);
        ck_assert_int_eq(read_full_file("/proc/self/stat", &t, &n), 0);
        ck_assert_int_gt(n, 0);
        ck_assert_int_eq(t[n], '\0');
        free(t);
}
END_TEST

int main(void) {
        Suite *s = suite_create("syntax");
        TCase *tc = tcase_create("reader");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, NULL, teardown);
        tcase_add_test(tc, test_basic_and_inline_hash);
        tcase_add_test(tc, test_comments);
        tcase_add_test(tc, test_continuation);
        tcase_add_test(tc, test_continuation_at_eof);
        tcase_add_test(tc, test_line_ends);
        tcase_add_test(tc, test_bom);
        tcase_add_test(tc, test_bad_lines);
        tcase_add_test(tc, test_sections);
        tcase_add_test(tc, test_long_lines);
        tcase_add_test(tc, test_read_full_file);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
