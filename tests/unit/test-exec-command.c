/* SPDX-License-Identifier: MIT */
#include <check.h>

#include "exec-command.h"
#include "string-util.h"
#include "strv.h"

/* Every expectation marked "252" was checked with systemd-analyze verify --man=no (systemd 252.39) on a
 * Type=oneshot service, reading argv from its debug dump and the path from its "is not executable"
 * check. */

/* A small specifier table in the manner of systemd.unit(5): %n, %i, %% and nothing else. */
static int test_expand(const char *in, void *userdata, char **ret) {
        char *out = malloc(strlen(in) * 16 + 1), *t = out;

        ck_assert_ptr_eq(userdata, (void *) test_expand);
        if (!out)
                return -ENOMEM;
        for (const char *p = in; *p; p++) {
                if (*p != '%') {
                        *(t++) = *p;
                        continue;
                }
                switch (*++p) {
                case 'n':
                        t = stpcpy(t, "foo.service");
                        break;
                case 'i':
                        t = stpcpy(t, "inst");
                        break;
                case '%':
                        *(t++) = '%';
                        break;
                default:
                        free(out);
                        return -EBADSLT;
                }
        }
        *t = '\0';
        *ret = out;
        return 0;
}

/* One string for a list: per command its flags ('-', ':', '+', '!', 'A' for "!!"), the path and the
 * argv in braces; commands separated by " ; ". */
static char *describe(const ExecCommand *l) {
        char *s = strdup("");

        for (const ExecCommand *c = l; c && s; c = c->next) {
                _cleanup_free_ char *a = strv_join(c->argv, "|"), *old = s;
                char fl[8], *t = fl;

                if (c->flags & EXEC_COMMAND_IGNORE_FAILURE)
                        *(t++) = '-';
                if (c->flags & EXEC_COMMAND_NO_ENV_EXPAND)
                        *(t++) = ':';
                if (c->flags & EXEC_COMMAND_FULLY_PRIVILEGED)
                        *(t++) = '+';
                if (c->flags & EXEC_COMMAND_NO_SETUID)
                        *(t++) = '!';
                if (c->flags & EXEC_COMMAND_AMBIENT_MAGIC)
                        *(t++) = 'A';
                *t = '\0';
                s = strjoin(old, c == l ? "" : " ; ", fl, c->path, "{", a, "}");
        }
        return s;
}

/* Format every command and parse it again: the same path, argv and flags must come back. */
static void assert_roundtrip(const ExecCommand *l) {
        for (const ExecCommand *c = l; c; c = c->next) {
                _cleanup_(exec_command_free_listp) ExecCommand *again = NULL;
                _cleanup_free_ char *line = NULL, *err = NULL;

                ck_assert_int_eq(exec_command_format(c, &line), 0);
                ck_assert_int_eq(exec_command_parse(line, NULL, NULL, &again, &err), 0);
                ck_assert_ptr_nonnull(again);
                ck_assert_ptr_null(again->next);
                ck_assert_str_eq(again->path, c->path);
                ck_assert(strv_equal(again->argv, c->argv));
                ck_assert_int_eq(again->flags, c->flags);
        }
}

/* Parse with the test expander; check the return value, the described list and the messages. */
static void check_parse(const char *line, int expected_r, const char *expected_list,
                        const char *expected_error) {
        _cleanup_(exec_command_free_listp) ExecCommand *l = (ExecCommand *) 0x1;
        _cleanup_free_ char *d = NULL, *err = (char *) 0x1;
        int r;

        r = exec_command_parse(line, test_expand, (void *) test_expand, &l, &err);
        ck_assert_msg(r == expected_r, "'%s': returned %d, expected %d (%s)", line, r, expected_r,
                      err && err != (char *) 0x1 ? err : "");
        if (err == (char *) 0x1)
                err = NULL;
        if (r < 0) {
                ck_assert_ptr_eq(l, (ExecCommand *) 0x1); /* untouched */
                l = NULL;
        } else {
                d = describe(l);
                ck_assert_ptr_nonnull(d);
                ck_assert_str_eq(d, expected_list);
                assert_roundtrip(l);
        }
        if (expected_error)
                ck_assert_str_eq(err, expected_error);
        else
                ck_assert_ptr_null(err);
}

START_TEST(test_man_examples) {
        /* systemd.service(5): two commands, each with one argument. */
        check_parse("/bin/echo one ; /bin/echo \"two two\"", 0,
                    "/bin/echo{/bin/echo|one} ; /bin/echo{/bin/echo|two two}", NULL);
        check_parse("echo one ; echo \"two two\"", 0, "echo{echo|one} ; echo{echo|two two}", NULL);
        /* "echo / >/dev/null & \; \" + "ls": the unit-file lexer joins the lines with a space; echo gets
         * five arguments. */
        check_parse("echo / >/dev/null & \\;  ls", 0, "echo{echo|/|>/dev/null|&|;|ls}", NULL);
        /* Variables stay in argv for exec-time expansion; the path may be a bare name. */
        check_parse("echo $ONE $TWO ${TWO}", 0, "echo{echo|$ONE|$TWO|${TWO}}", NULL);
        check_parse("sh -c 'dmesg | tac'", 0, "sh{sh|-c|dmesg | tac}", NULL);
}
END_TEST

START_TEST(test_prefixes) {
        check_parse("-@/bin/foo argv0 x", 0, "-/bin/foo{argv0|x}", NULL);
        check_parse("-/bin/true", 0, "-/bin/true{/bin/true}", NULL);
        check_parse(":/bin/true $X", 0, ":/bin/true{/bin/true|$X}", NULL);
        check_parse("+/bin/true", 0, "+/bin/true{/bin/true}", NULL);
        check_parse("!/bin/true", 0, "!/bin/true{/bin/true}", NULL);
        check_parse("!!/bin/true", 0, "A/bin/true{/bin/true}", NULL);
        /* 252: any order, and the two '!' of "!!" need not be adjacent. */
        check_parse("-@:+/bin/true a", 0, "-:+/bin/true{a}", NULL);
        check_parse("+@-:/bin/true a b", 0, "-:+/bin/true{a|b}", NULL);
        check_parse("!-!/bin/true", 0, "-A/bin/true{/bin/true}", NULL);
        check_parse("!!@:-/bin/true x", 0, "-:A/bin/true{x}", NULL);
        /* 252: prefixes are taken after unquoting. */
        check_parse("\"-/bin/true\"", 0, "-/bin/true{/bin/true}", NULL);
        /* 252: only one of + ! !!, each other prefix once; the rest is part of the path. */
        check_parse("+!/bin/true", -EINVAL, NULL,
                    "Neither a valid executable name nor an absolute path: !/bin/true");
        check_parse("!+/bin/true", -EINVAL, NULL,
                    "Neither a valid executable name nor an absolute path: +/bin/true");
        check_parse("!!!/bin/true", -EINVAL, NULL,
                    "Neither a valid executable name nor an absolute path: !/bin/true");
        check_parse("@@/bin/true x", -EINVAL, NULL,
                    "Neither a valid executable name nor an absolute path: @/bin/true");
        check_parse("::/bin/true", -EINVAL, NULL,
                    "Neither a valid executable name nor an absolute path: :/bin/true");
        /* ... but a bare name may start with a prefix character once that prefix is used up. */
        check_parse("--foo", 0, "--foo{-foo}", NULL);
        check_parse("+!foo", 0, "+!foo{!foo}", NULL);
        check_parse("@@foo @foo", 0, "@foo{@foo}", NULL);
        /* 252: with '-' a bad command is dropped with a warning and the unit still loads. */
        check_parse("--/bin/true", 1, "",
                    "Neither a valid executable name nor an absolute path, ignoring: -/bin/true");
}
END_TEST

START_TEST(test_separators) {
        check_parse("; /bin/true", 0, "/bin/true{/bin/true}", NULL);
        check_parse("/bin/true ; ; /bin/false", 0, "/bin/true{/bin/true} ; /bin/false{/bin/false}", NULL);
        check_parse("/bin/true ; \";\" /bin/false", 0, "/bin/true{/bin/true} ; /bin/false{/bin/false}",
                    NULL);
        check_parse("/bin/true ;", 0, "/bin/true{/bin/true}", NULL);
        check_parse("/bin/true;", 0, "/bin/true;{/bin/true;}", NULL);
        /* Only an unquoted lone ";" separates. */
        check_parse("/bin/true \";\" x", 0, "/bin/true{/bin/true|;|x}", NULL);
        check_parse("/bin/true ';' x", 0, "/bin/true{/bin/true|;|x}", NULL);
        check_parse("/bin/true \\; x", 0, "/bin/true{/bin/true|;|x}", NULL);
        check_parse("/bin/true \\;", 0, "/bin/true{/bin/true|;}", NULL);
        check_parse("/bin/true ;x x;", 0, "/bin/true{/bin/true|;x|x;}", NULL);
        check_parse("/bin/true \\x3b", 0, "/bin/true{/bin/true|;}", NULL);
        /* 252: "\\;" is a backslash and a semicolon; "a\;" is an unknown escape, kept. */
        check_parse("/bin/true \\\\; x", 0, "/bin/true{/bin/true|\\;|x}", NULL);
        check_parse("/bin/true a\\; x", 1, "/bin/true{/bin/true|a\\;|x}",
                    "Ignoring unknown escape sequences: \"a\\;\"");
        check_parse("/bin/true\t;\t/bin/false", 0, "/bin/true{/bin/true} ; /bin/false{/bin/false}", NULL);
        check_parse(";", 0, "", NULL);
        check_parse("  ", 0, "", NULL);
}
END_TEST

START_TEST(test_quoting) {
        /* 252: quotes group inside a word. */
        check_parse("/bin/echo a\"b c\"d 'x y'", 0, "/bin/echo{/bin/echo|ab cd|x y}", NULL);
        check_parse("/bin/e\"c\"ho", 0, "/bin/echo{/bin/echo}", NULL);
        check_parse("/bin/ech\\x6f \\x41\\u00e9 \"\"", 0, "/bin/echo{/bin/echo|A\xc3\xa9|}", NULL);
        check_parse("/bin/true 'a\\tb'", 0, "/bin/true{/bin/true|a\tb}", NULL);
        /* 252: \u accepts a surrogate, \U does not (the sequence is then kept with a warning). */
        check_parse("/bin/echo \\ud800", 0, "/bin/echo{/bin/echo|\xed\xa0\x80}", NULL);
        check_parse("/bin/echo \\U0000FFFE \\U00110000", 1, "/bin/echo{/bin/echo|\\U0000FFFE|\\U00110000}",
                    "Ignoring unknown escape sequences: \"\\U0000FFFE\"\n"
                    "Ignoring unknown escape sequences: \"\\U00110000\"");
        /* 252: NUL escapes are unknown escapes. */
        check_parse("/bin/echo \\0 x\\000y", 1, "/bin/echo{/bin/echo|\\0|x\\000y}",
                    "Ignoring unknown escape sequences: \"\\0\"\n"
                    "Ignoring unknown escape sequences: \"x\\000y\"");
        check_parse("/bin/echo \\q", 1, "/bin/echo{/bin/echo|\\q}",
                    "Ignoring unknown escape sequences: \"\\q\"");
        check_parse("/bin/true a\\ b", 1, "/bin/true{/bin/true|a\\ b}",
                    "Ignoring unknown escape sequences: \"a\\ b\"");
        /* Trailing backslash: kept, with a warning. */
        check_parse("/bin/echo a\\", 1, "/bin/echo{/bin/echo|a\\}",
                    "Ignoring unknown escape sequences: \"a\\\"");
        /* 252: unbalanced quoting in an argument fails the unit... */
        check_parse("/bin/echo \"a", -EINVAL, NULL, "Unbalanced quoting, ignoring: \"/bin/echo \"a\"");
        check_parse("/bin/echo a\"b", -EINVAL, NULL, "Unbalanced quoting, ignoring: \"/bin/echo a\"b\"");
        check_parse("/bin/echo \"a\\", -EINVAL, NULL, "Unbalanced quoting, ignoring: \"/bin/echo \"a\\\"");
        /* ... but not in the first word (systemd returns early there), nor with '-': the commands before
         * stay. The message quotes the line from the current command on. */
        check_parse("\"/bin/true", 1, "", "Unbalanced quoting, ignoring: \"\"/bin/true\"");
        check_parse("/bin/true ; \"/bin/fal", 1, "/bin/true{/bin/true}",
                    "Unbalanced quoting, ignoring: \"\"/bin/fal\"");
        check_parse("/bin/true ; -/bin/false \"x", 1, "/bin/true{/bin/true}",
                    "Unbalanced quoting, ignoring: \"-/bin/false \"x\"");
        check_parse("/bin/true ; /bin/false \"x", -EINVAL, NULL,
                    "Unbalanced quoting, ignoring: \"/bin/false \"x\"");
}
END_TEST

START_TEST(test_executable) {
        char long_name[300], long_path[310];

        /* A bare name is kept for the daemon to look up; spaces are allowed in a quoted path. */
        check_parse("echo x", 0, "echo{echo|x}", NULL);
        check_parse("/bin/e cho", 0, "/bin/e{/bin/e|cho}", NULL);
        check_parse("\"/bin/e cho\" x", 0, "/bin/e cho{/bin/e cho|x}", NULL);
        /* The path is simplified, argv[0] keeps what was written (252: "/bin//./nonexist/." is reported
         * as "Command /bin/nonexist is not executable" while argv[0] stays). */
        check_parse("/bin//./true/. x", 0, "/bin/true{/bin//./true/.|x}", NULL);
        check_parse("/bin/../bin/true", 0, "/bin/../bin/true{/bin/../bin/true}", NULL);
        check_parse("/.", 0, "/{/.}", NULL);
        /* 252: '$' in the executable is literal, never expanded. */
        check_parse("/bin/$FOO", 0, "/bin/$FOO{/bin/$FOO}", NULL);

        check_parse("bin/echo x", -EINVAL, NULL,
                    "Neither a valid executable name nor an absolute path: bin/echo");
        check_parse("./echo", -EINVAL, NULL, "Neither a valid executable name nor an absolute path: ./echo");
        check_parse("..", -EINVAL, NULL, "Neither a valid executable name nor an absolute path: ..");
        check_parse(".", -EINVAL, NULL, "Neither a valid executable name nor an absolute path: .");
        check_parse("/bin/", -EINVAL, NULL, "Executable path specifies a directory: /bin/");
        check_parse("/", -EINVAL, NULL, "Executable path specifies a directory: /");
        check_parse("@/bin/echo", -EINVAL, NULL, "Empty executable name or zeroeth argument: @/bin/echo");
        check_parse("-", 1, "", "Empty path in command line, ignoring: '-'");
        check_parse("@", -EINVAL, NULL, "Empty path in command line: '@'");
        check_parse("/bin/true ; @", -EINVAL, NULL, "Empty path in command line: '@'");
        check_parse("\"\"", -EINVAL, NULL, "Empty path in command line: '\"\"'");
        check_parse("/bin/e\\x27cho", -EINVAL, NULL,
                    "Executable name contains special characters: /bin/e'cho");
        check_parse("/bin/e\\\"cho", -EINVAL, NULL,
                    "Executable name contains special characters: /bin/e\"cho");
        check_parse("/bin/e\\\\cho", -EINVAL, NULL,
                    "Executable name contains special characters: /bin/e\\cho");
        /* Control characters are escaped in our messages (systemd prints them raw). */
        check_parse("/bin/e\\x01cho", -EINVAL, NULL,
                    "Executable name contains special characters: /bin/e\\x01cho");
        check_parse("/bin/e\\x7fcho", -EINVAL, NULL,
                    "Executable name contains special characters: /bin/e\\x7fcho");
        check_parse("/bin/e\\ncho", -EINVAL, NULL,
                    "Executable name contains special characters: /bin/e\\ncho");
        /* 252: other bytes, even invalid UTF-8, are fine. */
        check_parse("/bin/e\\xffcho", 0,
                    "/bin/e\xff"
                    "cho{/bin/e\xff"
                    "cho}",
                    NULL);

        /* 252: NAME_MAX (255) per component. */
        memset(long_name, 'a', 255);
        long_name[255] = '\0';
        {
                _cleanup_free_ char *e = strjoin(long_name, "{", long_name, "}");
                check_parse(long_name, 0, e, NULL);
        }
        snprintf(long_path, sizeof(long_path), "/x/%s", long_name);
        {
                _cleanup_free_ char *e = strjoin(long_path, "{", long_path, "}");
                check_parse(long_path, 0, e, NULL);
        }
        long_name[255] = 'a';
        long_name[256] = '\0';
        {
                _cleanup_free_ char *e =
                        strjoin("Neither a valid executable name nor an absolute path: ", long_name);
                check_parse(long_name, -EINVAL, NULL, e);
        }
        snprintf(long_path, sizeof(long_path), "/x/%s", long_name);
        {
                _cleanup_free_ char *e =
                        strjoin("Neither a valid executable name nor an absolute path: ", long_path);
                check_parse(long_path, -EINVAL, NULL, e);
        }
}
END_TEST

START_TEST(test_specifiers) {
        _cleanup_(exec_command_free_listp) ExecCommand *l = NULL;
        _cleanup_free_ char *d = NULL, *err = NULL;

        /* 252: expansion happens after unquoting and unescaping ("\x25n" is "%n"). */
        check_parse("/bin/true %%n %n \"%%\" \\x25n", 0, "/bin/true{/bin/true|%n|foo.service|%|foo.service}",
                    NULL);
        check_parse("/usr/lib/%i/run@ %i", 0, "/usr/lib/inst/run@{/usr/lib/inst/run@|inst}", NULL);
        check_parse("@/bin/%n %n", 0, "/bin/foo.service{foo.service}", NULL);
        check_parse("/bin/%Z", -EBADSLT, NULL,
                    "Failed to resolve unit specifiers in '/bin/%Z': Invalid slot");
        check_parse("/bin/true %Z", -EBADSLT, NULL, "Failed to resolve unit specifiers in %Z: Invalid slot");
        check_parse("-/bin/true %Z", 1, "",
                    "Failed to resolve unit specifiers in %Z, ignoring: Invalid slot");
        check_parse("-/bin/%Z", 1, "",
                    "Failed to resolve unit specifiers in '/bin/%Z', ignoring: Invalid slot");

        /* Without an expander '%' is literal. */
        ck_assert_int_eq(exec_command_parse("/bin/%Z %n", NULL, NULL, &l, &err), 0);
        ck_assert_ptr_null(err);
        d = describe(l);
        ck_assert_str_eq(d, "/bin/%Z{/bin/%Z|%n}");
}
END_TEST

START_TEST(test_empty_and_misc) {
        _cleanup_(exec_command_free_listp) ExecCommand *l = (ExecCommand *) 0x1, *a = NULL, *b = NULL;
        _cleanup_free_ char *err = (char *) 0x1, *d = NULL;

        /* An empty value resets the list: the caller sees 0 and NULL. */
        ck_assert_int_eq(exec_command_parse("", NULL, NULL, &l, &err), 0);
        ck_assert_ptr_null(l);
        ck_assert_ptr_null(err);
        ck_assert_int_eq(exec_command_parse(NULL, NULL, NULL, &l, NULL), 0);
        ck_assert_ptr_null(l);
        ck_assert_int_eq(exec_command_parse("/bin/true", NULL, NULL, NULL, NULL), -EINVAL);
        /* ret_error may be NULL. */
        ck_assert_int_eq(exec_command_parse("/bin/echo \"a", NULL, NULL, &l, NULL), -EINVAL);
        ck_assert_int_eq(exec_command_parse("/bin/echo \\q", NULL, NULL, &l, NULL), 1);
        l = exec_command_free_list(l);

        ck_assert_int_eq(exec_command_parse("/bin/a ; /bin/b", NULL, NULL, &a, NULL), 0);
        ck_assert_int_eq(exec_command_parse("/bin/c", NULL, NULL, &b, NULL), 0);
        ck_assert_int_eq(exec_command_append_list(&a, TAKE_PTR(b)), 0);
        ck_assert_int_eq(exec_command_append_list(&b, NULL), 0);
        d = describe(a);
        ck_assert_str_eq(d, "/bin/a{/bin/a} ; /bin/b{/bin/b} ; /bin/c{/bin/c}");
        ck_assert_ptr_null(exec_command_free_list(NULL));
}
END_TEST

START_TEST(test_format) {
        static const struct {
                const char *in, *out;
        } cases[] = {
                {"/bin/echo hello", "/bin/echo hello"},
                {"-@/bin/foo argv0 x", "-@/bin/foo argv0 x"},
                {"!!:-/bin/x", "-:!!/bin/x"},
                {"+/bin/x", "+/bin/x"},
                {"!/bin/x", "!/bin/x"},
                {"\"/bin/e cho\" \"a b\" '' \";\" \\\\; \\x01 $X %%",
                 "\"/bin/e cho\" \"a b\" \"\" \";\" \"\\\\;\" \"\\x01\" $X %"},
                {"/bin//x", "@/bin/x /bin//x"},
                {"--foo", "--foo"},
                {"@@foo @foo", "@@foo @foo"},
                {"-;", "-\";\""},
                {"@; ;x", "@\";\" ;x"},
                {"/.", "@/. /."},
                {"@/. x", "@/. x"},
                {"echo \"it's\" 'say \"hi\"'", "echo \"it's\" \"say \\\"hi\\\"\""},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(exec_command_free_listp) ExecCommand *l = NULL;
                _cleanup_free_ char *s = NULL;

                ck_assert_int_eq(
                        exec_command_parse(cases[i].in, test_expand, (void *) test_expand, &l, NULL), 0);
                ck_assert_ptr_nonnull(l);
                ck_assert_int_eq(exec_command_format(l, &s), 0);
                ck_assert_str_eq(s, cases[i].out);
                assert_roundtrip(l);
        }

        {
                ExecCommand bad = {.path = (char *) "/bin/x"};
                char *s = NULL;

                ck_assert_int_eq(exec_command_format(&bad, &s), -EINVAL);
                ck_assert_int_eq(exec_command_format(NULL, &s), -EINVAL);
        }
}
END_TEST

START_TEST(test_huge) {
        /* A 1 MiB line (the unit-file limit) with 256k arguments, and one with 116k commands. */
        size_t n = 1024 * 1024;
        _cleanup_free_ char *s = malloc(n + 16), *err = NULL;
        _cleanup_(exec_command_free_listp) ExecCommand *l = NULL;
        size_t k = 0;

        ck_assert_ptr_nonnull(s);
        memcpy(s, "/bin/x", 6);
        for (size_t i = 6; i + 2 <= n; i += 2) {
                s[i] = ' ';
                s[i + 1] = 'a';
        }
        s[n] = '\0';
        ck_assert_int_eq(exec_command_parse(s, NULL, NULL, &l, &err), 0);
        ck_assert_uint_eq(strv_length(l->argv), (n - 6) / 2 + 1);
        l = exec_command_free_list(l);

        for (size_t i = 0; i + 9 <= n; i += 9)
                memcpy(s + i, "/bin/x ; ", 9);
        s[n / 9 * 9] = '\0';
        ck_assert_int_eq(exec_command_parse(s, NULL, NULL, &l, &err), 0);
        for (const ExecCommand *c = l; c; c = c->next)
                k++;
        ck_assert_uint_eq(k, n / 9);
        l = exec_command_free_list(l);

        /* One enormous quoted argument full of escapes. */
        for (size_t i = 0; i + 4 <= n; i += 4)
                memcpy(s + i, "\\x41", 4);
        s[n] = '\0';
        {
                _cleanup_free_ char *line = strjoin("/bin/x \"", s, "\"");
                ck_assert_int_eq(exec_command_parse(line, NULL, NULL, &l, &err), 0);
                ck_assert_uint_eq(strlen(l->argv[1]), n / 4);
        }
}
END_TEST

int main(void) {
        Suite *s = suite_create("exec-command");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, test_man_examples);
        tcase_add_test(tc, test_prefixes);
        tcase_add_test(tc, test_separators);
        tcase_add_test(tc, test_quoting);
        tcase_add_test(tc, test_executable);
        tcase_add_test(tc, test_specifiers);
        tcase_add_test(tc, test_empty_and_misc);
        tcase_add_test(tc, test_format);
        tcase_add_test(tc, test_huge);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
