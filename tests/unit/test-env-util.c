/* SPDX-License-Identifier: MIT */
#include <check.h>

#include "env-util.h"
#include "string-util.h"
#include "strv.h"

/* NULL-terminated literal vector. */
#define STRV(...) ((char *[]){__VA_ARGS__, NULL})

/* Parse text (len bytes); the result joined by '|' or "ERR<errno>". */
static char *parse_env(const char *text, size_t len) {
        _cleanup_strv_free_ char **l = NULL;
        char buf[32];
        int r;

        r = env_file_parse(text, len, "test.env", &l);
        if (r < 0) {
                snprintf(buf, sizeof(buf), "ERR%d", -r);
                return strdup(buf);
        }
        return strv_join(l, "|");
}

#define assert_env_file(text, expected)                                                                     \
        do {                                                                                                \
                _cleanup_free_ char *_j = parse_env((text), strlen(text));                                  \
                ck_assert_ptr_nonnull(_j);                                                                  \
                ck_assert_str_eq(_j, (expected));                                                           \
        } while (0)

static char *expand_argv(char **argv, char **env) {
        _cleanup_strv_free_ char **l = NULL;

        if (replace_env_argv(argv, env, &l) < 0)
                return strdup("ERR");
        return strv_join(l, "|");
}

#define assert_argv(argv, env, expected)                                                                    \
        do {                                                                                                \
                _cleanup_free_ char *_j = expand_argv((argv), (env));                                       \
                ck_assert_ptr_nonnull(_j);                                                                  \
                ck_assert_str_eq(_j, (expected));                                                           \
        } while (0)

#define assert_replace(word, env, expected)                                                                 \
        do {                                                                                                \
                _cleanup_free_ char *_x = NULL;                                                             \
                ck_assert_int_eq(replace_env((word), (env), &_x), 0);                                       \
                ck_assert_str_eq(_x, (expected));                                                           \
        } while (0)

START_TEST(test_env_validity) {
        ck_assert(env_name_is_valid("A"));
        ck_assert(env_name_is_valid("_a1_B"));
        ck_assert(!env_name_is_valid(""));
        ck_assert(!env_name_is_valid(NULL));
        ck_assert(!env_name_is_valid("1A"));
        ck_assert(!env_name_is_valid("A-B"));
        ck_assert(!env_name_is_valid("G.H"));
        ck_assert(!env_name_is_valid("export FOO"));
        ck_assert(!env_name_is_valid("A=B"));
        ck_assert(!env_name_is_valid("\xc3\xa9"));

        /* Control characters are fine in values (systemd 252 accepts Environment=C=\x01), invalid UTF-8
         * and noncharacters are not (Environment=D=\xff and A=\ufffe are refused). */
        ck_assert(env_value_is_valid(""));
        ck_assert(env_value_is_valid("x\x01\n\t y"));
        ck_assert(env_value_is_valid("a\xc3\xa9"));
        ck_assert(!env_value_is_valid("\xff"));
        ck_assert(!env_value_is_valid("\xc0\xaf"));
        ck_assert(!env_value_is_valid("\xef\xbf\xbe"));
        ck_assert(!env_value_is_valid("\xed\xa0\x80"));
        ck_assert(!env_value_is_valid(NULL));

        ck_assert(env_assignment_is_valid("A="));
        ck_assert(env_assignment_is_valid("A=b=c"));
        ck_assert(env_assignment_is_valid("PATH=/usr/bin:/bin"));
        ck_assert(!env_assignment_is_valid("A"));
        ck_assert(!env_assignment_is_valid("=b"));
        ck_assert(!env_assignment_is_valid("1F=x"));
        ck_assert(!env_assignment_is_valid("G.H=y"));
        ck_assert(!env_assignment_is_valid("D=\xff"));
        ck_assert(!env_assignment_is_valid(NULL));
        ck_assert(env_assignment_is_valid("_x9=caf\xc3\xa9 ok"));
        ck_assert(!env_assignment_is_valid("A=ok\xc3"));       /* cut short after ASCII */
        ck_assert(!env_assignment_is_valid("A=\xc3\xa9\xff")); /* bad after a good sequence */
        ck_assert(!env_assignment_is_valid("A-B=1"));
        ck_assert(!env_assignment_is_valid("\xc3\xa9=1"));
        ck_assert(!env_assignment_is_valid(""));

        ck_assert(env_name_or_assignment_is_valid("FOO"));
        ck_assert(env_name_or_assignment_is_valid("FOO=bar"));
        ck_assert(!env_name_or_assignment_is_valid("FOO BAR"));
}
END_TEST

START_TEST(test_env_huge) {
        size_t n = 4 * 1024 * 1024;
        _cleanup_free_ char *s = malloc(n + 1);

        /* Beyond ARG_MAX (2 MiB with the default 8 MiB stack limit, and never more than a quarter of the
         * stack limit) an assignment cannot be passed to execve(). */
        ck_assert_ptr_nonnull(s);
        memset(s, 'A', n);
        s[n] = '\0';
        if ((size_t) sysconf(_SC_ARG_MAX) < n - 2)
                ck_assert(!env_name_is_valid(s));
        s[1] = '=';
        if ((size_t) sysconf(_SC_ARG_MAX) < n - 2)
                ck_assert(!env_assignment_is_valid(s));
        s[1024] = '\0';
        ck_assert(env_assignment_is_valid(s));
}
END_TEST

START_TEST(test_strv_env) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *j = NULL;

        ck_assert_int_eq(strv_env_replace_strdup(&l, "A=1"), 1);
        ck_assert_int_eq(strv_env_replace_strdup(&l, "B=2"), 1);
        ck_assert_int_eq(strv_env_replace_strdup(&l, "AB=3"), 1);
        ck_assert_int_eq(strv_env_replace_consume(&l, strdup("A=4")), 0);
        ck_assert_int_eq(strv_env_replace_consume(&l, strdup("novalue")), -EINVAL);
        j = strv_join(l, "|");
        ck_assert_str_eq(j, "A=4|B=2|AB=3");

        ck_assert_str_eq(strv_env_get(l, "A"), "4");
        ck_assert_str_eq(strv_env_get(l, "AB"), "3");
        ck_assert_ptr_null(strv_env_get(l, "C"));
        ck_assert_ptr_null(strv_env_get(l, ""));
        ck_assert_str_eq(strv_env_get_n(l, "ABC", 2), "3");
        ck_assert_ptr_null(strv_env_get_n(l, "ABC", 0));
        ck_assert_ptr_null(strv_env_get(NULL, "A"));

        /* The last of several assignments wins. */
        ck_assert_str_eq(strv_env_get(STRV("X=1", "Y=2", "X=3"), "X"), "3");

        ck_assert_int_eq(strv_env_assign(&l, "C", "5"), 1);
        ck_assert_int_eq(strv_env_assign(&l, "C", NULL), 0);
        ck_assert_ptr_null(strv_env_get(l, "C"));
        ck_assert_int_eq(strv_env_assign(&l, "1C", "x"), -EINVAL);

        /* UnsetEnvironment= semantics: a name removes any value, an assignment only that exact one. */
        ck_assert_int_eq(strv_env_unset(l, "B=9"), 0);
        ck_assert_int_eq(strv_env_unset(l, "B=2"), 1);
        ck_assert_int_eq(strv_env_unset(l, "A"), 1);
        free(j);
        j = strv_join(l, "|");
        ck_assert_str_eq(j, "AB=3");
        ck_assert_int_eq(strv_env_unset(NULL, "A"), 0);
}
END_TEST

START_TEST(test_strv_env_replace_drops_duplicates) {
        _cleanup_strv_free_ char **l = strv_copy(STRV("A=1", "B=2", "A=3", "C=4", "A=5"));
        _cleanup_free_ char *j = NULL;

        ck_assert_int_eq(strv_env_replace_strdup(&l, "A=9"), 0);
        j = strv_join(l, "|");
        ck_assert_str_eq(j, "A=9|B=2|C=4");
}
END_TEST

START_TEST(test_strv_env_merge_clean) {
        _cleanup_strv_free_ char **l = strv_copy(STRV("A=1", "B=2"));
        _cleanup_strv_free_ char **m = strv_copy(STRV("bad name=1", "X=1", "1X=2", "X=2", "Y=\xff", "Z="));
        _cleanup_free_ char *j = NULL, *k = NULL;

        ck_assert_int_eq(strv_env_merge(&l, STRV("B=3", "C=4")), 0);
        j = strv_join(l, "|");
        ck_assert_str_eq(j, "A=1|B=3|C=4");

        ck_assert_int_eq(strv_env_clean(m), 3);
        k = strv_join(m, "|");
        ck_assert_str_eq(k, "X=2|Z=");
}
END_TEST

/* The seed of systemd's fuzz-env-file corpus (shared/corpus/fuzz-env-file/simple-env-file). */
static const char simple_env_file[] = "VARIABLE=\"value\"\n"
                                      "OPTION=\"--option=1234\"\n"
                                      "NUMBER=1\n"
                                      "EMPTY=\"\"\n"
                                      "PATH=/var/lib/xxx\n";
#define SIMPLE_ENV_RESULT "VARIABLE=value|OPTION=--option=1234|NUMBER=1|EMPTY=|PATH=/var/lib/xxx"

START_TEST(test_env_file_seed) {
        const char *dir = getenv("SOCKACT_CORPUS");
        const char *top = getenv("top_srcdir");
        _cleanup_free_ char *path = NULL, *data = NULL, *j = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        size_t n;

        assert_env_file(simple_env_file, SIMPLE_ENV_RESULT);

        /* And the file itself, when make check tells us where the corpus is. */
        if (!isempty(dir))
                path = strjoin(dir, "/fuzz-env-file/simple-env-file");
        else if (!isempty(top))
                path = strjoin(top, "/../shared/corpus/fuzz-env-file/simple-env-file");
        if (!path)
                return;
        f = fopen(path, "re");
        if (!f)
                return;
        data = malloc(4096);
        ck_assert_ptr_nonnull(data);
        n = fread(data, 1, 4096, f);
        ck_assert_uint_gt(n, 0);
        j = parse_env(data, n);
        ck_assert_str_eq(j, SIMPLE_ENV_RESULT);
}
END_TEST

START_TEST(test_env_file_rules) {
        /* Later assignments win, at the position of the first. */
        assert_env_file("a=1\na=2\nb=3\na=4", "a=4|b=3");
        /* Unquoted values: outer whitespace dropped, inner kept; backslash-newline joins lines and keeps
         * the whitespace before the backslash. */
        assert_env_file("  key  =  some   value  \n", "key=some   value");
        assert_env_file("x=ab\\\ncd\n", "x=abcd");
        assert_env_file("k= v1 \\\n v2  \n", "k=v1  v2");
        /* Backslash keeps the next character, so an escaped trailing space survives. */
        assert_env_file("g=g\\ \nh=\\\\x\\$\\n\n", "g=g |h=\\x$n");
        /* Comments only at the start of a line; a backslash continues a comment. */
        assert_env_file("# c\n;c\n   # indented\nk=v # not a comment ; really\n",
                        "k=v # not a comment ; really");
        assert_env_file("#x \\\ny=1\nz=2", "z=2");
        /* Lines without '=' are ignored. */
        assert_env_file("justaword\n  \n\nk=v\nlast", "k=v");
        /* Single quotes: verbatim, across lines. */
        assert_env_file("s='a \\n \"b\"\nnext'\n", "s=a \\n \"b\"\nnext");
        /* Double quotes: \" \\ \$ \` unescaped, backslash-newline removed, other escapes kept. */
        assert_env_file("d=\"q\\\"x\\\\y\\$z\\`w\\n\\\nend\"\n", "d=q\"x\\y$z`w\\nend");
        /* Quoted and unquoted pieces right after '=' concatenate; quotes inside a value are literal. */
        assert_env_file("c='a' \"b\"c\nu=a'b c'\n", "c=abc|u=a'b c'");
        /* Empty values, end of input without newline, unterminated quote at the end. */
        assert_env_file("e=\nf=''\ng=x", "e=|f=|g=x");
        assert_env_file("h='abc", "h=abc");
        assert_env_file("i=\"abc\\", "i=abc");
        /* Invalid names are skipped; there is no "export". */
        assert_env_file("export FOO=bar\n1x=1\nx-y=2\nok=3\n", "ok=3");
        /* CR ends lines too. */
        assert_env_file("a=1\r\nb=2\r\n", "a=1|b=2");
        assert_env_file("a=1\rb=2", "a=1|b=2");
        /* Control characters are allowed in values. */
        assert_env_file("c=\x01x\n", "c=\x01x");
        assert_env_file("", "");
        assert_env_file("\n\n# only comments\n", "");
}
END_TEST

START_TEST(test_env_file_invalid) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *j = NULL;

        /* systemd 252 refuses the whole file on invalid UTF-8 (or a noncharacter) in a key or value. */
        assert_env_file("a=1\nb=\xff\n", "ERR22");
        assert_env_file("a=1\nb=x\xef\xbf\xbey\n", "ERR22");
        assert_env_file("\xff=1\n", "ERR22");
        assert_env_file("a='\xc0\xaf'", "ERR22");

        /* A NUL byte fails the file: systemd 252 answers "Bad message" (checked through its os-release
         * reader, SYSTEMD_OS_RELEASE=FILE systemd-analyze condition ConditionOSRelease=...). Bytes past len
         * are not looked at. */
        j = parse_env("a=1\0b=2\n", 8);
        ck_assert_str_eq(j, "ERR74");
        free(j);
        j = parse_env("a=\"x\0y\"", 7);
        ck_assert_str_eq(j, "ERR74");
        free(j);
        j = parse_env("a=1\0b=2\n", 3);
        ck_assert_str_eq(j, "a=1");

        /* Nothing at all. */
        ck_assert_int_eq(env_file_parse(NULL, 0, NULL, &l), 0);
        ck_assert_ptr_nonnull(l);
        ck_assert_ptr_null(l[0]);
        ck_assert_int_eq(env_file_parse(NULL, 1, NULL, &l), -EINVAL);
}
END_TEST

START_TEST(test_env_file_many_keys) {
        /* 100k distinct keys, each assigned twice: must stay fast (no quadratic merging). */
        size_t n = 100000, len = 0;
        _cleanup_free_ char *s = malloc(n * 2 * 16 + 1);
        _cleanup_strv_free_ char **l = NULL;

        ck_assert_ptr_nonnull(s);
        for (size_t pass = 0; pass < 2; pass++)
                for (size_t i = 0; i < n; i++)
                        len += (size_t) sprintf(s + len, "k%zu=%zu\n", i, pass);
        ck_assert_int_eq(env_file_parse(s, len, "many.env", &l), 0);
        ck_assert_uint_eq(strv_length(l), n);
        ck_assert_str_eq(l[0], "k0=1");
        ck_assert_str_eq(l[n - 1], "k99999=1");
        ck_assert_str_eq(strv_env_get(l, "k4242"), "1");

        /* Interleaved: first position, last value. */
        assert_env_file("a=1\nb=2\na=3\nc=4\nb=5\nc=6\na=7", "a=7|b=5|c=6");
}
END_TEST

START_TEST(test_env_file_too_long_value) {
        long am = sysconf(_SC_ARG_MAX);
        size_t n;
        _cleanup_free_ char *s = NULL;
        _cleanup_strv_free_ char **l = NULL;

        /* A value too long for execve() is dropped after merging (as systemd's strv_env_clean() runs
         * after the file is read), so it removes the earlier valid assignment too. */
        if (am <= 0 || am > 16 * 1024 * 1024)
                return;
        n = (size_t) am + 16;
        s = malloc(n + 32);
        ck_assert_ptr_nonnull(s);
        memcpy(s, "A=x\nB=y\nA=", 10);
        memset(s + 10, 'v', n);
        ck_assert_int_eq(env_file_parse(s, n + 10, "long.env", &l), 0);
        ck_assert_uint_eq(strv_length(l), 1);
        ck_assert_str_eq(l[0], "B=y");
}
END_TEST

START_TEST(test_env_file_huge) {
        size_t n = 1024 * 1024;
        _cleanup_free_ char *s = malloc(n + 8);
        _cleanup_strv_free_ char **l = NULL;

        ck_assert_ptr_nonnull(s);
        memcpy(s, "BIG=\"", 5);
        memset(s + 5, 'v', n);
        s[n + 5] = '"';
        ck_assert_int_eq(env_file_parse(s, n + 6, "big.env", &l), 0);
        ck_assert_uint_eq(strv_length(l), 1);
        ck_assert_uint_eq(strlen(l[0]), n + 4);
}
END_TEST

START_TEST(test_replace_env) {
        char **env = STRV("A=x", "B=two words", "E=", "A=y");

        assert_replace("${A}", env, "y");
        assert_replace("pre${A}post", env, "preypost");
        assert_replace("${B}", env, "two words");
        assert_replace("${UNSET}|${E}|${}", env, "||");
        assert_replace("$$", env, "$");
        assert_replace("$$A", env, "$A");
        assert_replace("$${A}", env, "${A}");
        assert_replace("$$$", env, "$$");
        /* No braceless or extended syntax inside words. */
        assert_replace("a$A", env, "a$A");
        assert_replace("${A:-d}x", env, "${A:-d}x");
        assert_replace("${A:-d}${A}", env, "${A:-d}y");
        assert_replace("${A", env, "${A");
        assert_replace("a$", env, "a$");
        assert_replace("${A}${A}", env, "yy");
        assert_replace("", env, "");
        assert_replace("${A}", NULL, "");
}
END_TEST

START_TEST(test_replace_env_argv) {
        /* systemd.service(5) "COMMAND LINES": Environment="ONE=one" 'TWO=two two',
         * ExecStart=echo $ONE $TWO ${TWO} runs echo with "one", "two", "two" and "two two". */
        char **env1 = STRV("ONE=one", "TWO=two two");
        assert_argv(STRV("echo", "$ONE", "$TWO", "${TWO}"), env1, "echo|one|two|two|two two");

        /* The second example, Environment=ONE='one' "TWO='two two' too" THREE=. systemd 252 stores
         * ONE=one (the quotes inside the word are removed, contrary to the man page, which promises
         * "'one'"), TWO='two two' too and THREE= (checked with systemd-analyze verify). */
        char **env2 = STRV("ONE=one", "TWO='two two' too", "THREE=");
        assert_argv(STRV("/bin/echo", "${ONE}", "${TWO}", "${THREE}"), env2, "/bin/echo|one|'two two' too|");
        assert_argv(STRV("/bin/echo", "$ONE", "$TWO", "$THREE"), env2, "/bin/echo|one|two two|too");

        /* Unset or blank "$X" words vanish, so does a lone "$"; "$$" is a literal dollar. */
        assert_argv(STRV("a", "$UNSET", "$THREE", "$", "$$", "b"), env2, "a|$|b");
        /* The rest of a "$" word names the variable, whatever it contains. */
        assert_argv(STRV("a", "$ONE-x", "$ONE}"), env2, "a");
        /* argv[0] is expanded too. */
        assert_argv(STRV("${ONE}", "x${ONE}y"), env2, "one|xoney");
        /* Splitting honours quotes, relaxed. */
        assert_argv(STRV("x", "$Q"), STRV("Q=  a 'b c' \"d", "R=1"), "x|a|b c|d");
        assert_argv(STRV("x", "$W"), STRV("W= \t\n "), "x");
        assert_argv(NULL, env1, "");
}
END_TEST

int main(void) {
        Suite *s = suite_create("env-util");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, test_env_validity);
        tcase_add_test(tc, test_env_huge);
        tcase_add_test(tc, test_strv_env);
        tcase_add_test(tc, test_strv_env_replace_drops_duplicates);
        tcase_add_test(tc, test_strv_env_merge_clean);
        tcase_add_test(tc, test_env_file_seed);
        tcase_add_test(tc, test_env_file_rules);
        tcase_add_test(tc, test_env_file_invalid);
        tcase_add_test(tc, test_env_file_many_keys);
        tcase_add_test(tc, test_env_file_too_long_value);
        tcase_add_test(tc, test_env_file_huge);
        tcase_add_test(tc, test_replace_env);
        tcase_add_test(tc, test_replace_env_argv);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
