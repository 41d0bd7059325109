/* SPDX-License-Identifier: MIT */
#include <check.h>

#include "strv.h"
#include "unit-name.h"

/* A name of exactly len characters: "a...a.service". */
static char *name_of_length(size_t len) {
        const char *suffix = ".service";
        size_t s = strlen(suffix);
        char *n = malloc(len + 1);

        ck_assert_ptr_nonnull(n);
        ck_assert_uint_gt(len, s);
        memset(n, 'a', len - s);
        memcpy(n + len - s, suffix, s + 1);
        return n;
}

START_TEST(test_unit_type_table) {
        ck_assert_str_eq(unit_type_to_string(UNIT_SERVICE), "service");
        ck_assert_str_eq(unit_type_to_string(UNIT_SOCKET), "socket");
        ck_assert_str_eq(unit_type_to_string(UNIT_AUTOMOUNT), "automount");
        ck_assert_str_eq(unit_type_to_string(UNIT_SCOPE), "scope");
        ck_assert_ptr_null(unit_type_to_string(_UNIT_TYPE_MAX));
        ck_assert_ptr_null(unit_type_to_string(_UNIT_TYPE_INVALID));
        ck_assert_int_eq(unit_type_from_string("timer"), UNIT_TIMER);
        ck_assert_int_eq(unit_type_from_string("slice"), UNIT_SLICE);
        ck_assert_int_eq(unit_type_from_string("Service"), _UNIT_TYPE_INVALID);
        ck_assert_int_eq(unit_type_from_string(""), _UNIT_TYPE_INVALID);
        ck_assert_int_eq(unit_type_from_string(NULL), _UNIT_TYPE_INVALID);
        for (UnitType t = 0; t < _UNIT_TYPE_MAX; t++)
                ck_assert_int_eq(unit_type_from_string(unit_type_to_string(t)), t);
}
END_TEST

START_TEST(test_is_valid) {
        /* Plain names. */
        ck_assert(unit_name_is_valid("foo.service", UNIT_NAME_PLAIN));
        ck_assert(unit_name_is_valid("foo.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo.service", UNIT_NAME_TEMPLATE | UNIT_NAME_INSTANCE));
        ck_assert(unit_name_is_valid("a.b.service", UNIT_NAME_PLAIN));
        ck_assert(unit_name_is_valid("a.socket.service", UNIT_NAME_PLAIN));
        ck_assert(unit_name_is_valid("dev-sda\\x2d1.device", UNIT_NAME_PLAIN));
        ck_assert(unit_name_is_valid(":-_.\\.service", UNIT_NAME_PLAIN));
        ck_assert(unit_name_is_valid("-.mount", UNIT_NAME_PLAIN));
        ck_assert(unit_name_is_valid("x.automount", UNIT_NAME_PLAIN));

        /* Templates and instances. */
        ck_assert(unit_name_is_valid("foo@.socket", UNIT_NAME_TEMPLATE));
        ck_assert(!unit_name_is_valid("foo@.socket", UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE));
        ck_assert(unit_name_is_valid("foo@bar.socket", UNIT_NAME_INSTANCE));
        ck_assert(!unit_name_is_valid("foo@bar.socket", UNIT_NAME_PLAIN | UNIT_NAME_TEMPLATE));
        ck_assert(unit_name_is_valid("getty@tty3.service", UNIT_NAME_ANY));
        /* Further "@" belong to the instance (verified with systemd-analyze verify). */
        ck_assert(unit_name_is_valid("a@b@c.service", UNIT_NAME_INSTANCE));
        ck_assert(unit_name_is_valid("a@@.service", UNIT_NAME_INSTANCE));
        ck_assert(unit_name_is_valid("a@b@.service", UNIT_NAME_INSTANCE));
        ck_assert(unit_name_is_valid("a@b.c.service", UNIT_NAME_INSTANCE));

        /* Invalid. */
        ck_assert(!unit_name_is_valid(NULL, UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo.service", 0));
        ck_assert(!unit_name_is_valid(".service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("@.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("@a.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo.", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo.Service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo.services", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo.conf", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("a b.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("a/b.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("a%b.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("a@b%c.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("\xc3\xa4.service", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("foo.service\n", UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid("service", UNIT_NAME_ANY));
}
END_TEST

START_TEST(test_is_valid_length) {
        char *n255 = name_of_length(255), *n256 = name_of_length(256), *huge = name_of_length(100000);

        ck_assert(unit_name_is_valid(n255, UNIT_NAME_PLAIN));
        ck_assert(!unit_name_is_valid(n256, UNIT_NAME_ANY));
        ck_assert(!unit_name_is_valid(huge, UNIT_NAME_ANY));
        ck_assert_int_eq(unit_name_to_type(n255), UNIT_SERVICE);
        ck_assert_int_eq(unit_name_to_type(n256), _UNIT_TYPE_INVALID);
        free(n255);
        free(n256);
        free(huge);
}
END_TEST

START_TEST(test_prefix_instance_suffix_validity) {
        ck_assert(unit_prefix_is_valid("foo-bar\\x20"));
        ck_assert(!unit_prefix_is_valid(""));
        ck_assert(!unit_prefix_is_valid(NULL));
        ck_assert(!unit_prefix_is_valid("a@b"));
        ck_assert(unit_instance_is_valid("a@b"));
        ck_assert(!unit_instance_is_valid(""));
        ck_assert(!unit_instance_is_valid("a b"));
        ck_assert(unit_suffix_is_valid(".socket"));
        ck_assert(!unit_suffix_is_valid("socket"));
        ck_assert(!unit_suffix_is_valid("."));
        ck_assert(!unit_suffix_is_valid(""));
        ck_assert(!unit_suffix_is_valid(NULL));
        ck_assert(!unit_suffix_is_valid(".sock"));
}
END_TEST

START_TEST(test_to_type) {
        ck_assert_int_eq(unit_name_to_type("foo.socket"), UNIT_SOCKET);
        ck_assert_int_eq(unit_name_to_type("foo@bar.mount"), UNIT_MOUNT);
        ck_assert_int_eq(unit_name_to_type("foo@.swap"), UNIT_SWAP);
        ck_assert_int_eq(unit_name_to_type("foo.bar"), _UNIT_TYPE_INVALID);
        ck_assert_int_eq(unit_name_to_type(""), _UNIT_TYPE_INVALID);
}
END_TEST

START_TEST(test_prefix_and_instance) {
        char *s = NULL;

        ck_assert_int_eq(unit_name_to_prefix("foo@bar.socket", &s), 0);
        ck_assert_str_eq(s, "foo");
        free(s);
        ck_assert_int_eq(unit_name_to_prefix("foo.socket", &s), 0);
        ck_assert_str_eq(s, "foo");
        free(s);
        ck_assert_int_eq(unit_name_to_prefix("a.b@c.d.service", &s), 0);
        ck_assert_str_eq(s, "a.b");
        free(s);
        s = NULL;
        ck_assert_int_eq(unit_name_to_prefix("foo", &s), -EINVAL);
        ck_assert_ptr_null(s);

        ck_assert_int_eq(unit_name_to_prefix_and_instance("foo@bar.socket", &s), 0);
        ck_assert_str_eq(s, "foo@bar");
        free(s);
        ck_assert_int_eq(unit_name_to_prefix_and_instance("foo.bar.socket", &s), 0);
        ck_assert_str_eq(s, "foo.bar");
        free(s);

        s = (char *) "untouched";
        ck_assert_int_eq(unit_name_to_instance("foo.socket", &s), UNIT_NAME_PLAIN);
        ck_assert_ptr_null(s);
        ck_assert_int_eq(unit_name_to_instance("foo@.socket", &s), UNIT_NAME_TEMPLATE);
        ck_assert_str_eq(s, "");
        free(s);
        ck_assert_int_eq(unit_name_to_instance("foo@bar.socket", &s), UNIT_NAME_INSTANCE);
        ck_assert_str_eq(s, "bar");
        free(s);
        ck_assert_int_eq(unit_name_to_instance("a@b@c.d.service", &s), UNIT_NAME_INSTANCE);
        ck_assert_str_eq(s, "b@c.d");
        free(s);
        s = (char *) "untouched";
        ck_assert_int_eq(unit_name_to_instance("@x.service", &s), -EINVAL);
        ck_assert_str_eq(s, "untouched");
}
END_TEST

START_TEST(test_template_and_replace) {
        char *s = NULL, *n255 = name_of_length(255);

        ck_assert_int_eq(unit_name_template("foo@bar.socket", &s), 0);
        ck_assert_str_eq(s, "foo@.socket");
        free(s);
        ck_assert_int_eq(unit_name_template("foo@.socket", &s), 0);
        ck_assert_str_eq(s, "foo@.socket");
        free(s);
        ck_assert_int_eq(unit_name_template("a@b@c.service", &s), 0);
        ck_assert_str_eq(s, "a@.service");
        free(s);
        ck_assert_int_eq(unit_name_template("foo.socket", &s), -EINVAL);

        ck_assert_int_eq(unit_name_replace_instance("foo@.service", "x", &s), 0);
        ck_assert_str_eq(s, "foo@x.service");
        free(s);
        ck_assert_int_eq(unit_name_replace_instance("foo@old.service", "new@1", &s), 0);
        ck_assert_str_eq(s, "foo@new@1.service");
        free(s);
        ck_assert_int_eq(unit_name_replace_instance("foo.service", "x", &s), -EINVAL);
        ck_assert_int_eq(unit_name_replace_instance("foo@.service", "", &s), -EINVAL);
        ck_assert_int_eq(unit_name_replace_instance("foo@.service", "a b", &s), -EINVAL);
        /* "foo@" + 242 + ".service" = 254 is fine, 256 is not. */
        n255[242] = '\0';
        ck_assert_int_eq(unit_name_replace_instance("foo@.service", n255, &s), 0);
        ck_assert_uint_eq(strlen(s), 254);
        free(s);
        n255[242] = 'a';
        n255[244] = '\0';
        ck_assert_int_eq(unit_name_replace_instance("foo@.service", n255, &s), -EINVAL);
        free(n255);
}
END_TEST

START_TEST(test_change_suffix_and_build) {
        char *s = NULL, *n255 = name_of_length(255);

        ck_assert_int_eq(unit_name_change_suffix("foo@x.socket", ".service", &s), 0);
        ck_assert_str_eq(s, "foo@x.service");
        free(s);
        ck_assert_int_eq(unit_name_change_suffix("foo.socket", ".service", &s), 0);
        ck_assert_str_eq(s, "foo.service");
        free(s);
        ck_assert_int_eq(unit_name_change_suffix("foo@.socket", ".service", &s), 0);
        ck_assert_str_eq(s, "foo@.service");
        free(s);
        ck_assert_int_eq(unit_name_change_suffix("foo.socket", "service", &s), -EINVAL);
        ck_assert_int_eq(unit_name_change_suffix("foo.socket", ".nope", &s), -EINVAL);
        ck_assert_int_eq(unit_name_change_suffix("foo", ".service", &s), -EINVAL);
        /* 255 chars ".service" -> ".automount" grows past the limit. */
        ck_assert_int_eq(unit_name_change_suffix(n255, ".automount", &s), -EINVAL);
        ck_assert_int_eq(unit_name_change_suffix(n255, ".socket", &s), 0);
        ck_assert_uint_eq(strlen(s), 254);
        free(s);

        ck_assert_int_eq(unit_name_build("foo", NULL, ".socket", &s), 0);
        ck_assert_str_eq(s, "foo.socket");
        free(s);
        ck_assert_int_eq(unit_name_build("foo", "bar", ".socket", &s), 0);
        ck_assert_str_eq(s, "foo@bar.socket");
        free(s);
        ck_assert_int_eq(unit_name_build("foo", "", ".socket", &s), 0);
        ck_assert_str_eq(s, "foo@.socket");
        free(s);
        ck_assert_int_eq(unit_name_build("", "bar", ".socket", &s), -EINVAL);
        ck_assert_int_eq(unit_name_build("a@b", NULL, ".socket", &s), -EINVAL);
        ck_assert_int_eq(unit_name_build("foo", "b r", ".socket", &s), -EINVAL);
        ck_assert_int_eq(unit_name_build("foo", NULL, "socket", &s), -EINVAL);
        n255[250] = '\0';
        ck_assert_int_eq(unit_name_build(n255, NULL, ".socket", &s), -EINVAL);
        free(n255);
}
END_TEST

/* Expected values are the output of systemd-escape 252 for the same input. */
static const struct {
        const char *in, *out;
} escape_oracle[] = {
        { "a b/c", "a\\x20b-c" },
        { "foo-bar", "foo\\x2dbar" },
        { ".hidden", "\\x2ehidden" },
        { "/.dot", "-.dot" },
        { "a\\b", "a\\x5cb" },
        { "\xc3\xa9", "\\xc3\\xa9" },
        { "Hello World!", "Hello\\x20World\\x21" },
        { "", "" },
        { "a..b", "a..b" },
        { "x/y/", "x-y-" },
        { "/", "-" },
        { "a:b_c.d", "a:b_c.d" },
        { "@", "\\x40" },
};

START_TEST(test_escape) {
        for (size_t k = 0; k < ELEMENTSOF(escape_oracle); k++) {
                char *e = unit_name_escape(escape_oracle[k].in), *u = NULL;

                ck_assert_ptr_nonnull(e);
                ck_assert_str_eq(e, escape_oracle[k].out);
                ck_assert_int_eq(unit_name_unescape(e, &u), 0);
                ck_assert_str_eq(u, escape_oracle[k].in);
                free(e);
                free(u);
        }
}
END_TEST

START_TEST(test_unescape) {
        char *s = (char *) "untouched";

        /* systemd-escape -u */
        ck_assert_int_eq(unit_name_unescape("a-b", &s), 0);
        ck_assert_str_eq(s, "a/b");
        free(s);
        ck_assert_int_eq(unit_name_unescape("a\\x41\\x42", &s), 0);
        ck_assert_str_eq(s, "aAB");
        free(s);
        ck_assert_int_eq(unit_name_unescape("a\\x2Fb", &s), 0);
        ck_assert_str_eq(s, "a/b");
        free(s);
        ck_assert_int_eq(unit_name_unescape("", &s), 0);
        ck_assert_str_eq(s, "");
        free(s);
        s = (char *) "untouched";
        ck_assert_int_eq(unit_name_unescape("a\\", &s), -EINVAL);
        ck_assert_int_eq(unit_name_unescape("a\\x4", &s), -EINVAL);
        ck_assert_int_eq(unit_name_unescape("a\\x", &s), -EINVAL);
        ck_assert_int_eq(unit_name_unescape("a\\X41", &s), -EINVAL);
        ck_assert_int_eq(unit_name_unescape("a\\xg1", &s), -EINVAL);
        ck_assert_int_eq(unit_name_unescape("a\\y", &s), -EINVAL);
        /* systemd truncates at "\x00"; we refuse it. */
        ck_assert_int_eq(unit_name_unescape("a\\x00b", &s), -EINVAL);
        ck_assert_str_eq(s, "untouched");
}
END_TEST

static const struct {
        const char *in, *out;
} path_escape_oracle[] = {
        /* systemd-escape --path */
        { "/foo/bar", "foo-bar" },
        { "/foo//bar/baz/", "foo-bar-baz" },
        { "/", "-" },
        { "//", "-" },
        { "/./", "-" },
        { "/.", "-" },
        { "", "-" },
        { "foo/bar", "foo-bar" },
        { "./foo", "foo" },
        { "a/.", "a" },
        { "a/./b", "a-b" },
        { "/a/./b", "a-b" },
        { "/foo/.", "foo" },
        { "...", "\\x2e.." },
        { "/a/..b", "a-..b" },
        { "/.hidden", "\\x2ehidden" },
        { "/dev/sda1", "dev-sda1" },
        { "/a-b", "a\\x2db" },
        { "a b", "a\\x20b" },
};

START_TEST(test_path_escape) {
        char *s = (char *) "untouched", *big;

        for (size_t k = 0; k < ELEMENTSOF(path_escape_oracle); k++) {
                ck_assert_int_eq(unit_name_path_escape(path_escape_oracle[k].in, &s), 0);
                ck_assert_str_eq(s, path_escape_oracle[k].out);
                free(s);
        }
        s = (char *) "untouched";
        ck_assert_int_eq(unit_name_path_escape("/a/../b", &s), -EINVAL);
        ck_assert_int_eq(unit_name_path_escape("/..", &s), -EINVAL);
        ck_assert_int_eq(unit_name_path_escape(".", &s), -EINVAL);
        ck_assert_int_eq(unit_name_path_escape("..", &s), -EINVAL);
        ck_assert_int_eq(unit_name_path_escape("./", &s), -EINVAL);
        ck_assert_int_eq(unit_name_path_escape("./.", &s), -EINVAL);
        ck_assert_str_eq(s, "untouched");

        /* A component may have 255 bytes, not 256. */
        big = malloc(8192);
        ck_assert_ptr_nonnull(big);
        big[0] = '/';
        memset(big + 1, 'a', 256);
        big[256] = '\0';
        ck_assert_int_eq(unit_name_path_escape(big, &s), 0);
        ck_assert_uint_eq(strlen(s), 255);
        free(s);
        s = (char *) "untouched";
        big[256] = 'a';
        big[257] = '\0';
        ck_assert_int_eq(unit_name_path_escape(big, &s), -EINVAL);

        /* The simplified path must stay below 4096 bytes: "/x" repeated 2047 times is 4094. */
        for (size_t k = 0; k < 2047; k++) {
                big[2 * k] = '/';
                big[2 * k + 1] = 'x';
        }
        strcpy(big + 4094, "/");
        ck_assert_int_eq(unit_name_path_escape(big, &s), 0);
        ck_assert_uint_eq(strlen(s), 4093);
        free(s);
        s = (char *) "untouched";
        strcpy(big + 4094, "//y");
        ck_assert_int_eq(unit_name_path_escape(big, &s), -EINVAL);
        /* ... but only after simplification: 5000 slashes are fine. */
        memset(big, '/', 5000);
        strcpy(big + 5000, "a");
        ck_assert_int_eq(unit_name_path_escape(big, &s), 0);
        ck_assert_str_eq(s, "a");
        free(s);
        free(big);
}
END_TEST

START_TEST(test_path_unescape) {
        char *s = (char *) "untouched";
        static const char *const bad[] = {
                "",  "a--b", "-a",   "a-",    "a-.-b", "a-..-b", "a\\x2f\\x2fb",
                ".", "..",   "a\\x", "a\\xz1", "a\\y",   "a\\x00b",
        };

        /* systemd-escape -u --path */
        ck_assert_int_eq(unit_name_path_unescape("foo-bar", &s), 0);
        ck_assert_str_eq(s, "/foo/bar");
        free(s);
        ck_assert_int_eq(unit_name_path_unescape("-", &s), 0);
        ck_assert_str_eq(s, "/");
        free(s);
        ck_assert_int_eq(unit_name_path_unescape("\\x2ehidden", &s), 0);
        ck_assert_str_eq(s, "/.hidden");
        free(s);
        ck_assert_int_eq(unit_name_path_unescape("a\\x2db", &s), 0);
        ck_assert_str_eq(s, "/a-b");
        free(s);
        ck_assert_int_eq(unit_name_path_unescape("a\\x2fb", &s), 0);
        ck_assert_str_eq(s, "/a/b");
        free(s);
        ck_assert_int_eq(unit_name_path_unescape("\\x2d", &s), 0);
        ck_assert_str_eq(s, "/-");
        free(s);
        ck_assert_int_eq(unit_name_path_unescape("dev-sda1", &s), 0);
        ck_assert_str_eq(s, "/dev/sda1");
        free(s);

        s = (char *) "untouched";
        for (size_t k = 0; k < ELEMENTSOF(bad); k++)
                ck_assert_msg(unit_name_path_unescape(bad[k], &s) == -EINVAL, "accepted '%s'", bad[k]);
        ck_assert_str_eq(s, "untouched");
}
END_TEST

START_TEST(test_path_round_trip) {
        static const char *const paths[] = {
                "/", "/dev/sda1", "/a-b/c d/.e", "/mnt/\xc3\xa9t\xc3\xa9", "/x/y:z_w",
        };

        for (size_t k = 0; k < ELEMENTSOF(paths); k++) {
                char *e = NULL, *u = NULL;

                ck_assert_int_eq(unit_name_path_escape(paths[k], &e), 0);
                ck_assert_int_eq(unit_name_path_unescape(e, &u), 0);
                ck_assert_str_eq(u, paths[k]);
                free(e);
                free(u);
        }
}
END_TEST

START_TEST(test_from_path) {
        char *s = NULL, *big;

        /* systemd-escape --suffix=mount --path /mnt/x */
        ck_assert_int_eq(unit_name_from_path("/mnt/x", ".mount", &s), 0);
        ck_assert_str_eq(s, "mnt-x.mount");
        free(s);
        ck_assert_int_eq(unit_name_from_path("/", ".mount", &s), 0);
        ck_assert_str_eq(s, "-.mount");
        free(s);
        ck_assert_int_eq(unit_name_from_path("/dev/sda", ".device", &s), 0);
        ck_assert_str_eq(s, "dev-sda.device");
        free(s);
        ck_assert_int_eq(unit_name_from_path("/dev/sda", "device", &s), -EINVAL);
        ck_assert_int_eq(unit_name_from_path("/a/../b", ".mount", &s), -EINVAL);

        big = malloc(300);
        ck_assert_ptr_nonnull(big);
        big[0] = '/';
        memset(big + 1, 'a', 250);
        big[250] = '\0'; /* 249 chars + ".mount" = 255 */
        ck_assert_int_eq(unit_name_from_path(big, ".mount", &s), 0);
        ck_assert_uint_eq(strlen(s), 255);
        free(s);
        big[250] = 'a';
        big[251] = '\0';
        ck_assert_int_eq(unit_name_from_path(big, ".mount", &s), -ENAMETOOLONG);
        free(big);

        ck_assert_int_eq(unit_name_to_path("dev-sda.device", &s), 0);
        ck_assert_str_eq(s, "/dev/sda");
        free(s);
        ck_assert_int_eq(unit_name_to_path("-.mount", &s), 0);
        ck_assert_str_eq(s, "/");
        free(s);
        ck_assert_int_eq(unit_name_to_path("a--b.mount", &s), -EINVAL);
}
END_TEST

static void assert_strv(char **l, const char *const *expected, size_t n) {
        ck_assert_uint_eq(strv_length(l), n);
        for (size_t k = 0; k < n; k++)
                ck_assert_str_eq(l[k], expected[k]);
}

START_TEST(test_dash_prefixes) {
        char **l = NULL;

        /* systemd.unit(5): foo-bar-baz.service -> foo-bar-.service.d/, foo-.service.d/ */
        ck_assert_int_eq(unit_name_dash_prefixes("foo-bar-baz.service", &l), 2);
        assert_strv(l, (const char *const[]) { "foo-bar-.service", "foo-.service" }, 2);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dash_prefixes("a-b-c.socket", &l), 2);
        assert_strv(l, (const char *const[]) { "a-b-.socket", "a-.socket" }, 2);
        l = strv_free(l);
        /* A trailing dash is chopped once. */
        ck_assert_int_eq(unit_name_dash_prefixes("a-b-.socket", &l), 1);
        assert_strv(l, (const char *const[]) { "a-.socket" }, 1);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dash_prefixes("a--b.service", &l), 2);
        assert_strv(l, (const char *const[]) { "a--.service", "a-.service" }, 2);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dash_prefixes("a---.service", &l), 2);
        assert_strv(l, (const char *const[]) { "a--.service", "a-.service" }, 2);
        l = strv_free(l);
        /* Instances keep their instance, templates yield plain names. */
        ck_assert_int_eq(unit_name_dash_prefixes("foo-bar@a-b.service", &l), 1);
        assert_strv(l, (const char *const[]) { "foo-@a-b.service" }, 1);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dash_prefixes("foo-bar@.service", &l), 1);
        assert_strv(l, (const char *const[]) { "foo-.service" }, 1);
        l = strv_free(l);
        /* Nothing to truncate. */
        ck_assert_int_eq(unit_name_dash_prefixes("foo.service", &l), 0);
        ck_assert_ptr_null(l);
        ck_assert_int_eq(unit_name_dash_prefixes("-.mount", &l), 0);
        ck_assert_int_eq(unit_name_dash_prefixes("-foo.mount", &l), 0);
        ck_assert_int_eq(unit_name_dash_prefixes("a-.service", &l), 0);
        ck_assert_ptr_null(l);
        ck_assert_int_eq(unit_name_dash_prefixes("nope", &l), -EINVAL);
}
END_TEST

START_TEST(test_dropin_names) {
        char **l = NULL;

        ck_assert_int_eq(unit_name_dropin_names("foo.service", &l), 1);
        assert_strv(l, (const char *const[]) { "foo.service" }, 1);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dropin_names("a-b-c.socket", &l), 3);
        assert_strv(l, (const char *const[]) { "a-b-c.socket", "a-b-.socket", "a-.socket" }, 3);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dropin_names("a-b@i.service", &l), 5);
        assert_strv(l,
                    (const char *const[]) { "a-b@i.service", "a-b@.service", "a-.service", "a-@i.service",
                                            "a-@.service" },
                    5);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dropin_names("a-b-c@i.service", &l), 8);
        assert_strv(l,
                    (const char *const[]) { "a-b-c@i.service", "a-b-c@.service", "a-b-.service",
                                            "a-.service", "a-b-@i.service", "a-b-@.service", "a-@i.service",
                                            "a-@.service" },
                    8);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dropin_names("foo@bar.socket", &l), 2);
        assert_strv(l, (const char *const[]) { "foo@bar.socket", "foo@.socket" }, 2);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dropin_names("foo-x@.socket", &l), 2);
        assert_strv(l, (const char *const[]) { "foo-x@.socket", "foo-.socket" }, 2);
        l = strv_free(l);
        ck_assert_int_eq(unit_name_dropin_names("", &l), -EINVAL);
}
END_TEST

START_TEST(test_dash_prefixes_worst_case) {
        /* "a" + 246 dashes: every step removes one dash, so the chain stays linear in the name length. */
        char n[UNIT_NAME_MAX];
        char **l = NULL;

        n[0] = 'a';
        memset(n + 1, '-', 246);
        strcpy(n + 247, ".socket");
        ck_assert(unit_name_is_valid(n, UNIT_NAME_PLAIN));
        ck_assert_int_eq(unit_name_dash_prefixes(n, &l), 245);
        ck_assert_str_eq(l[244], "a-.socket");
        l = strv_free(l);

        /* Prefix "a" + 99 dashes: 98 steps; name, template, 98 plain names, then 98 instance/template pairs,
         * all distinct. */
        n[100] = '@';
        ck_assert(unit_name_is_valid(n, UNIT_NAME_INSTANCE));
        ck_assert_int_eq(unit_name_dropin_names(n, &l), 2 + 98 + 2 * 98);
        strv_uniq(l);
        ck_assert_uint_eq(strv_length(l), 2 + 98 + 2 * 98);
        ck_assert_str_eq(l[99], "a-.socket");
        ck_assert_str_eq(l[295], "a-@.socket");
        l = strv_free(l);
}
END_TEST

int main(void) {
        Suite *s = suite_create("unit-name");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_unit_type_table);
        tcase_add_test(tc, test_is_valid);
        tcase_add_test(tc, test_is_valid_length);
        tcase_add_test(tc, test_prefix_instance_suffix_validity);
        tcase_add_test(tc, test_to_type);
        tcase_add_test(tc, test_prefix_and_instance);
        tcase_add_test(tc, test_template_and_replace);
        tcase_add_test(tc, test_change_suffix_and_build);
        tcase_add_test(tc, test_escape);
        tcase_add_test(tc, test_unescape);
        tcase_add_test(tc, test_path_escape);
        tcase_add_test(tc, test_path_unescape);
        tcase_add_test(tc, test_path_round_trip);
        tcase_add_test(tc, test_from_path);
        tcase_add_test(tc, test_dash_prefixes);
        tcase_add_test(tc, test_dropin_names);
        tcase_add_test(tc, test_dash_prefixes_worst_case);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
