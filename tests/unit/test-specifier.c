/* SPDX-License-Identifier: MIT */
#include <check.h>

#include "specifier.h"
#include "unit-name.h"

static const SpecifierContext full = {
        .unit_name = "foo-bar@a-b\\x2dc.service",
        .unit_path = "/etc/systemd/system/foo-bar@.service",
        .runtime_dir = "/run",
        .state_dir = "/var/lib",
        .cache_dir = "/var/cache",
        .logs_dir = "/var/log",
        .config_dir = "/etc",
        .tmp_dir = "/scratch",
        .var_tmp_dir = "/var/scratch",
        .home = "/root",
        .shell = "/bin/bash",
        .user_name = "root",
        .uid = "0",
        .group_name = "wheel",
        .gid = "10",
        .machine_id = "3d1219c7c4c5404aaa1f6d2a48adfda4",
        .boot_id = "4109d01ed29840df903392cc47d4d68b",
        .host_name = "vm.example.org",
        .short_host_name = "vm",
        .kernel_release = "6.1.0-13-amd64",
        .architecture = "x86-64",
        .os_id = "debian",
        .os_version_id = "12",
        .os_build_id = "b1",
        .os_variant_id = "server",
        .os_image_id = "img",
        .os_image_version = "1.2",
        .credentials_dir = "/run/credentials/foo-bar@a-b\\x2dc.service",
        .pretty_host_name = "My VM",
        .cgroup_path = "/system.slice/x.service",
        .slice_cgroup_path = "/system.slice",
        .cgroup_root = "/root-cg",
};

/* Expand and compare; expected NULL means "must fail with err". */
static void check_expand(SpecifierSet set, const SpecifierContext *ctx, const char *text,
                         const char *expected, int err) {
        char *s = (char *) "untouched";
        int r = specifier_expand_full(text, ctx, set, SPECIFIER_LENGTH_MAX_DEFAULT, &s);

        if (expected) {
                ck_assert_msg(r == 0, "'%s': r=%d", text, r);
                ck_assert_str_eq(s, expected);
                free(s);
        } else {
                ck_assert_msg(r == err, "'%s': r=%d, expected %d", text, r, err);
                ck_assert_str_eq(s, "untouched");
        }
}

#define EXPECT(text, expected) check_expand(SPECIFIER_SET_UNIT, &full, (text), (expected), 0)

START_TEST(test_unit_name_specifiers) {
        /* Values cross-checked with systemd-analyze verify on a unit of the same name. */
        EXPECT("%n", "foo-bar@a-b\\x2dc.service");
        EXPECT("%N", "foo-bar@a-b\\x2dc");
        EXPECT("%p", "foo-bar");
        EXPECT("%P", "foo/bar");
        EXPECT("%i", "a-b\\x2dc");
        EXPECT("%I", "a/b-c");
        EXPECT("%j", "bar");
        EXPECT("%J", "bar");
        EXPECT("%f", "/a/b-c");
        EXPECT("%y", "/etc/systemd/system/foo-bar@.service");
        EXPECT("%Y", "/etc/systemd/system");
}
END_TEST

START_TEST(test_system_specifiers) {
        EXPECT("%t|%S|%C|%L|%E|%T|%V", "/run|/var/lib|/var/cache|/var/log|/etc|/scratch|/var/scratch");
        EXPECT("%h|%s|%u|%U|%g|%G", "/root|/bin/bash|root|0|wheel|10");
        EXPECT("%m", "3d1219c7c4c5404aaa1f6d2a48adfda4");
        EXPECT("%b", "4109d01ed29840df903392cc47d4d68b");
        EXPECT("%H|%l|%q|%v|%a", "vm.example.org|vm|My VM|6.1.0-13-amd64|x86-64");
        EXPECT("%o|%w|%B|%W|%M|%A", "debian|12|b1|server|img|1.2");
        EXPECT("%d", "/run/credentials/foo-bar@a-b\\x2dc.service");
        EXPECT("%c|%r|%R", "/system.slice/x.service|/system.slice|/root-cg");
}
END_TEST

START_TEST(test_every_known_specifier_resolves) {
        char text[3] = "%?";

        for (int c = 1; c < 256; c++) {
                char *s = NULL;
                int r;

                text[1] = (char) c;
                r = specifier_expand(text, &full, &s);
                if (specifier_is_known((char) c)) {
                        ck_assert_msg(r == 0, "%%%c: %d", c, r);
                        ck_assert_msg(s[0] != '\0' && s[0] != '%', "%%%c -> '%s'", c, s);
                        free(s);
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                        ck_assert_msg(r == -EBADSLT, "%%%c: %d", c, r);
                else {
                        ck_assert_int_eq(r, 0);
                        free(s);
                }
        }
        ck_assert(!specifier_is_known('%'));
        ck_assert(!specifier_is_known('\0'));
}
END_TEST

START_TEST(test_percent_handling) {
        EXPECT("", "");
        EXPECT("plain text", "plain text");
        EXPECT("%%", "%");
        EXPECT("%%%%", "%%");
        EXPECT("100%%n", "100%n");
        EXPECT("%%%n", "%foo-bar@a-b\\x2dc.service");
        /* As systemd 252: a stray "%" at the end stays, "%" + non-alphanumeric stays. */
        EXPECT("a%", "a%");
        EXPECT("%", "%");
        EXPECT("a%!b%", "a%!b%");
        EXPECT("% -", "% -");
        EXPECT("%-", "%-");
        EXPECT("%\xc3\xa9", "%\xc3\xa9");
        EXPECT("x%%%", "x%%");
}
END_TEST

START_TEST(test_unknown_specifier) {
        static const char *const bad[] = { "%z", "%x", "%Z", "%0", "%9", "%k", "%K", "%D", "%e", "%F",
                                           "ok %n then %z", "%%%z" };

        for (size_t k = 0; k < ELEMENTSOF(bad); k++)
                check_expand(SPECIFIER_SET_UNIT, &full, bad[k], NULL, -EBADSLT);
        /* "%%z" is a literal "%z". */
        EXPECT("%%z", "%z");
}
END_TEST

START_TEST(test_name_set) {
        /* systemd 252's unit_name_printf()/[Install] table, verified with systemd-analyze verify (Wants=)
         * and systemctl --root enable (WantedBy=). */
        static const char *const ok = "aAbBgGHijlmMnNopquUvwW";
        static const char *const refused = "cCdEfhIJLPrRsStTVyY";
        char text[3] = "%?";

        for (const char *c = ok; *c; c++) {
                ck_assert(specifier_in_set(*c, SPECIFIER_SET_NAME));
                ck_assert(specifier_is_known(*c));
        }
        for (const char *c = refused; *c; c++) {
                char *s = (char *) "untouched";

                ck_assert(!specifier_in_set(*c, SPECIFIER_SET_NAME));
                ck_assert(specifier_is_known(*c));
                text[1] = *c;
                ck_assert_int_eq(specifier_expand_install(text, &full, &s), -EBADSLT);
                ck_assert_int_eq(specifier_expand_name(text, &full, &s), -EBADSLT);
                ck_assert_str_eq(s, "untouched");
        }
        check_expand(SPECIFIER_SET_NAME, &full, "%p-%i.%j", "foo-bar-a-b\\x2dc.bar", 0);
        check_expand(SPECIFIER_SET_NAME, &full, "%N|%n", "foo-bar@a-b\\x2dc|foo-bar@a-b\\x2dc.service", 0);
        check_expand(SPECIFIER_SET_NAME, &full, "%%%q%l", "%My VMvm", 0);
        ck_assert(!specifier_in_set('n', _SPECIFIER_SET_MAX));
        ck_assert_int_eq(specifier_expand_full("x", &full, _SPECIFIER_SET_INVALID, 10, &(char *) { NULL }),
                         -EINVAL);
}
END_TEST

START_TEST(test_name_length_cap) {
        /* Like systemd 252 (Wants= on x.service): 28 x "%n" = 252 characters pass, 29 = 261 fail. */
        SpecifierContext c = { .unit_name = "x.service" };
        char text[64] = "";
        char *s = NULL;

        for (int k = 0; k < 28; k++)
                strcat(text, "%n");
        ck_assert_int_eq(specifier_expand_name(text, &c, &s), 0);
        ck_assert_uint_eq(strlen(s), 252);
        free(s);
        strcat(text, "%n");
        ck_assert_int_eq(specifier_expand_name(text, &c, &s), -ENAMETOOLONG);
        /* Exactly at the cap is accepted, one more byte is not. */
        ck_assert_int_eq(specifier_expand_full("abcd", &c, SPECIFIER_SET_UNIT, 4, &s), 0);
        ck_assert_str_eq(s, "abcd");
        free(s);
        ck_assert_int_eq(specifier_expand_full("abcde", &c, SPECIFIER_SET_UNIT, 4, &s), -ENAMETOOLONG);
        ck_assert_int_eq(specifier_expand_full("ab%n", &c, SPECIFIER_SET_UNIT, 10, &s), -ENAMETOOLONG);
        ck_assert_int_eq(specifier_expand_full("a%", &c, SPECIFIER_SET_UNIT, 1, &s), -ENAMETOOLONG);
        ck_assert_int_eq(specifier_expand_full("", &c, SPECIFIER_SET_UNIT, 0, &s), 0);
        ck_assert_str_eq(s, "");
        free(s);
}
END_TEST

START_TEST(test_missing_fields) {
        static const SpecifierContext empty = {};
        static const char *const enxio[] = {
                "%n", "%N", "%p", "%P", "%i", "%I", "%j", "%J", "%f", "%t", "%S", "%C", "%L", "%E",
                "%h", "%s", "%u", "%U", "%g", "%G", "%m", "%b", "%H", "%l", "%q", "%v", "%a", "%d",
        };

        for (size_t k = 0; k < ELEMENTSOF(enxio); k++)
                check_expand(SPECIFIER_SET_UNIT, &empty, enxio[k], NULL, -ENXIO);
        /* systemd.unit(5): "For units that don't have a fragment file, this specifier will raise an error."
         * systemd 252 reports ENOENT. */
        check_expand(SPECIFIER_SET_UNIT, &empty, "%y", NULL, -ENOENT);
        check_expand(SPECIFIER_SET_UNIT, &empty, "%Y", NULL, -ENOENT);
        /* Always resolvable: defaults and empty os-release fields. */
        check_expand(SPECIFIER_SET_UNIT, &empty, "%T|%V", "/tmp|/var/tmp", 0);
        check_expand(SPECIFIER_SET_UNIT, &empty, "<%o%w%B%W%M%A%c%r%R>", "<>", 0);
        check_expand(SPECIFIER_SET_UNIT, NULL, "%%|%T", "%|/tmp", 0);
        check_expand(SPECIFIER_SET_UNIT, NULL, "%n", NULL, -ENXIO);
        /* Text without specifiers needs nothing. */
        check_expand(SPECIFIER_SET_UNIT, &empty, "no specifiers", "no specifiers", 0);
}
END_TEST

START_TEST(test_host_name_fallbacks) {
        SpecifierContext c = { .host_name = "web1.example.org" };

        check_expand(SPECIFIER_SET_UNIT, &c, "%H|%l|%q", "web1.example.org|web1|web1", 0);
        c.pretty_host_name = "Web One";
        check_expand(SPECIFIER_SET_UNIT, &c, "%q", "Web One", 0);
        c.host_name = "plain";
        check_expand(SPECIFIER_SET_UNIT, &c, "%l", "plain", 0);
}
END_TEST

START_TEST(test_name_edge_cases) {
        SpecifierContext c = {};

        /* Plain unit: systemd-analyze condition on test.service gives these. */
        c.unit_name = "test.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "<%n|%N|%p|%P|%i|%I|%j|%J|%f>",
                     "<test.service|test|test|test|||test|test|/test>", 0);
        /* More "@" belong to the instance. */
        c.unit_name = "a@b@c.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%i|%p|%I|%f", "b@c|a|b@c|/b@c", 0);
        c.unit_name = "a@-.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%f|%I", "/|/", 0);
        /* Instances that are no normalized path, and broken escapes: systemd 252 says EINVAL too. */
        c.unit_name = "a@x--y.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%f", NULL, -EINVAL);
        c.unit_name = "a@x-.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%f", NULL, -EINVAL);
        c.unit_name = "a@..service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%f", NULL, -EINVAL);
        c.unit_name = "a\\xzz@b.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%p", "a\\xzz", 0);
        check_expand(SPECIFIER_SET_UNIT, &c, "%P", NULL, -EINVAL);
        /* Last component: after the last dash of the prefix; empty after a trailing dash. */
        c.unit_name = "a-b-@q.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "<%j|%J|%p>", "<||a-b->", 0);
        c.unit_name = "foo-b\\x2dar.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%j|%J|%P|%f", "b\\x2dar|b-ar|foo/b-ar|/foo/b-ar", 0);
        /* A template: empty instance, %f from the prefix. */
        c.unit_name = "dev-x@.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "<%i|%I|%f>", "<||/dev/x>", 0);
        /* An invalid unit name in the context. */
        c.unit_name = "not a unit";
        check_expand(SPECIFIER_SET_UNIT, &c, "%n", NULL, -EINVAL);
        check_expand(SPECIFIER_SET_UNIT, &c, "%T", "/tmp", 0);
}
END_TEST

START_TEST(test_fragment_directory) {
        SpecifierContext c = {};

        c.unit_path = "/foo.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%Y", "/", 0);
        c.unit_path = "/a//b///foo.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%Y", "/a//b", 0);
        c.unit_path = "foo.service";
        check_expand(SPECIFIER_SET_UNIT, &c, "%Y", NULL, -EDESTADDRREQ);
        check_expand(SPECIFIER_SET_UNIT, &c, "%y", "foo.service", 0);
}
END_TEST

START_TEST(test_deprecated_and_escape) {
        char *s;

        ck_assert(specifier_is_deprecated('c'));
        ck_assert(specifier_is_deprecated('r'));
        ck_assert(specifier_is_deprecated('R'));
        ck_assert(!specifier_is_deprecated('n'));
        ck_assert(!specifier_is_deprecated('\0'));
        ck_assert_int_eq(specifier_find_deprecated("a %n %r"), 'r');
        ck_assert_int_eq(specifier_find_deprecated("%%c %R"), 'R');
        ck_assert_int_eq(specifier_find_deprecated("%%c%%r"), '\0');
        ck_assert_int_eq(specifier_find_deprecated("%"), '\0');
        ck_assert_int_eq(specifier_find_deprecated(""), '\0');

        s = specifier_escape("100% %n%%");
        ck_assert_str_eq(s, "100%% %%n%%%%");
        free(s);
        s = specifier_escape("");
        ck_assert_str_eq(s, "");
        free(s);
}
END_TEST

START_TEST(test_escape_round_trip) {
        static const char *const texts[] = { "%", "%%", "a%nb", "%z%", "plain" };

        for (size_t k = 0; k < ELEMENTSOF(texts); k++) {
                char *e = specifier_escape(texts[k]), *s = NULL;

                ck_assert_ptr_nonnull(e);
                ck_assert_int_eq(specifier_expand(e, &full, &s), 0);
                ck_assert_str_eq(s, texts[k]);
                free(e);
                free(s);
        }
}
END_TEST

/* Repeat pattern until size bytes (pattern length divides size). */
static char *repeat(const char *pattern, size_t size) {
        size_t n = strlen(pattern);
        char *t = malloc(size + 1);

        ck_assert_ptr_nonnull(t);
        for (size_t k = 0; k + n <= size; k += n)
                memcpy(t + k, pattern, n);
        t[size] = '\0';
        return t;
}

START_TEST(test_bombs) {
        /* Specifier bombs like oss-fuzz-6977/11569 must stay linear: no timing assertion, but each of these
         * would take minutes if every specifier were resolved from scratch or the buffer grew
         * quadratically. */
        SpecifierContext c = full;
        char *t, *s = NULL;

        /* Expensive specifiers expanding to nothing are resolved once. */
        c.unit_name = "a-b-@.service";
        t = repeat("%J%I%i%j", 4 * 1024 * 1024);
        ck_assert_int_eq(specifier_expand(t, &c, &s), 0);
        ck_assert_str_eq(s, "");
        free(s);
        free(t);

        /* Growing output hits the cap. */
        t = repeat("%f%P", 1024 * 1024);
        ck_assert_int_eq(specifier_expand(t, &full, &s), -ENAMETOOLONG);
        free(t);

        /* Output just below the 1 MiB cap is fine: 1 MiB of "%%" is 512 KiB of "%". */
        t = repeat("%%", 1024 * 1024);
        ck_assert_int_eq(specifier_expand(t, &full, &s), 0);
        ck_assert_uint_eq(strlen(s), 512 * 1024);
        free(s);
        free(t);

        /* Literal text exactly at the cap passes, one byte more does not. */
        t = repeat("x", SPECIFIER_LENGTH_MAX_DEFAULT);
        ck_assert_int_eq(specifier_expand(t, &full, &s), 0);
        ck_assert_uint_eq(strlen(s), SPECIFIER_LENGTH_MAX_DEFAULT);
        free(s);
        free(t);
        t = repeat("x", SPECIFIER_LENGTH_MAX_DEFAULT + 1);
        ck_assert_int_eq(specifier_expand(t, &full, &s), -ENAMETOOLONG);
        free(t);
}
END_TEST

int main(void) {
        Suite *s = suite_create("specifier");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, test_unit_name_specifiers);
        tcase_add_test(tc, test_system_specifiers);
        tcase_add_test(tc, test_every_known_specifier_resolves);
        tcase_add_test(tc, test_percent_handling);
        tcase_add_test(tc, test_unknown_specifier);
        tcase_add_test(tc, test_name_set);
        tcase_add_test(tc, test_name_length_cap);
        tcase_add_test(tc, test_missing_fields);
        tcase_add_test(tc, test_host_name_fallbacks);
        tcase_add_test(tc, test_name_edge_cases);
        tcase_add_test(tc, test_fragment_directory);
        tcase_add_test(tc, test_deprecated_and_escape);
        tcase_add_test(tc, test_escape_round_trip);
        tcase_add_test(tc, test_bombs);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
