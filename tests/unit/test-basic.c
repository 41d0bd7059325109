/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdint.h>
#include <stdio.h>

#include "hashmap.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"

START_TEST(test_strv_basics) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *j = NULL;

        ck_assert_int_eq(strv_length(l), 0);
        ck_assert_int_eq(strv_extend(&l, "b"), 0);
        ck_assert_int_eq(strv_extend(&l, "a"), 0);
        ck_assert_int_eq(strv_extend(&l, "b"), 0);
        ck_assert_int_eq(strv_length(l), 3);
        strv_uniq(l);
        ck_assert_int_eq(strv_length(l), 2);
        strv_sort(l);
        j = strv_join(l, ":");
        ck_assert_str_eq(j, "a:b");
        ck_assert(strv_contains(l, "a"));
        strv_remove(l, "a");
        ck_assert(!strv_contains(l, "a"));
        ck_assert_int_eq(strv_length(l), 1);
}
END_TEST

START_TEST(test_strv_pack) {
        const char *items[] = { "REMOTE_ADDR=127.0.0.1", "", "REMOTE_PORT=40000" };
        _cleanup_free_ char **v = strv_pack(items, 3), **none = strv_pack(items, 0);

        ck_assert_ptr_nonnull(v);
        ck_assert_int_eq(strv_length(v), 3);
        ck_assert_str_eq(v[0], "REMOTE_ADDR=127.0.0.1");
        ck_assert_str_eq(v[1], "");
        ck_assert_str_eq(v[2], "REMOTE_PORT=40000");
        ck_assert_ptr_null(v[3]);
        /* the strings are copies, inside the one block */
        ck_assert_ptr_ne(v[0], items[0]);
        ck_assert((char *) v[2] > (char *) v && (char *) v[2] < (char *) v + 128);
        ck_assert_ptr_nonnull(none);
        ck_assert_ptr_null(none[0]);

        ck_assert(strv_has_char((char *[]) { (char *) "a", (char *) "b$c", NULL }, '$'));
        ck_assert(!strv_has_char((char *[]) { (char *) "a", (char *) "bc", NULL }, '$'));
        ck_assert(!strv_has_char(NULL, '$'));
}
END_TEST

START_TEST(test_strv_split) {
        _cleanup_strv_free_ char **l = NULL;

        ck_assert_int_eq(strv_split("  a b\tc  ", " \t", &l), 0);
        ck_assert_int_eq(strv_length(l), 3);
        ck_assert_str_eq(l[2], "c");
}
END_TEST

START_TEST(test_string_util) {
        char buf[] = "  \thello world \n";

        ck_assert_str_eq(strstrip(buf), "hello world");
        ck_assert_ptr_null(startswith("abc", "b"));
        ck_assert_str_eq(startswith("abc", "ab"), "c");
        ck_assert_str_eq(endswith("foo.socket", ".socket"), ".socket");
        ck_assert_ptr_null(endswith("a", "abc"));
        ck_assert(string_has_cc("a\tb", NULL));
        ck_assert(!string_has_cc("a\tb", "\t"));
        ck_assert(STR_IN_SET("b", "a", "b"));
        ck_assert(!STR_IN_SET("c", "a", "b"));
        ck_assert(IN_SET(3, 1, 2, 3));
}
END_TEST

START_TEST(test_format_u64) {
        char buf[DECIMAL_STR_MAX_U64];

        ck_assert_str_eq(format_u64(buf, 0), "0");
        ck_assert_str_eq(format_u64(buf, 7), "7");
        ck_assert_str_eq(format_u64(buf, 1000), "1000");
        ck_assert_str_eq(format_u64(buf, UINT64_MAX), "18446744073709551615");
}
END_TEST

static char last[256];
static int last_level = -1;
static void capture(int level, const char *m, void *u) {
        (void) u;
        last_level = level;
        snprintf(last, sizeof(last), "%s", m);
}

START_TEST(test_hashmap) {
        Hashmap *h = hashmap_new();
        char key[32];
        const char *k;
        void *v;
        size_t i = 0, n = 0;

        /* an empty table (no buckets yet) answers every query */
        ck_assert_ptr_nonnull(h);
        ck_assert_uint_eq(hashmap_size(h), 0);
        ck_assert_ptr_null(hashmap_get(h, "a"));
        ck_assert(!hashmap_contains(h, "a"));
        ck_assert_ptr_null(hashmap_remove(h, "a"));
        ck_assert(!hashmap_iterate(h, &i, &k, &v));

        ck_assert_int_eq(hashmap_put(h, "a", (void *) 1), 1);
        ck_assert_int_eq(hashmap_put(h, "a", (void *) 2), -EEXIST);
        ck_assert_ptr_eq(hashmap_get(h, "a"), (void *) 1);
        ck_assert_int_eq(hashmap_replace(h, "a", (void *) 3, &v), 0);
        ck_assert_ptr_eq(v, (void *) 1);
        ck_assert_ptr_eq(hashmap_remove(h, "a"), (void *) 3);
        ck_assert_uint_eq(hashmap_size(h), 0);

        /* growth, with tombstones on the way */
        for (unsigned j = 1; j <= 1000; j++) {
                snprintf(key, sizeof(key), "k%u", j);
                ck_assert_int_eq(hashmap_put(h, key, (void *) (uintptr_t) j), 1);
                if (j % 3 == 0)
                        ck_assert_ptr_eq(hashmap_remove(h, key), (void *) (uintptr_t) j);
        }
        ck_assert_uint_eq(hashmap_size(h), 667);
        for (unsigned j = 1; j <= 1000; j++) {
                snprintf(key, sizeof(key), "k%u", j);
                ck_assert_ptr_eq(hashmap_get(h, key), j % 3 == 0 ? NULL : (void *) (uintptr_t) j);
        }
        i = 0;
        while (hashmap_iterate(h, &i, &k, &v)) {
                ck_assert_uint_ne((uintptr_t) v % 3, 0); /* the removed ones are gone */
                ck_assert_str_eq(k + 1, (snprintf(key, sizeof(key), "%u", (unsigned) (uintptr_t) v), key));
                n++;
        }
        ck_assert_uint_eq(n, 667);
        hashmap_free(h, NULL);
        hashmap_free(NULL, NULL);
}
END_TEST

START_TEST(test_log_syntax) {
        int r;

        log_set_sink(capture, NULL);
        r = log_syntax(NULL, LOG_WARNING, "a.socket", 7, EINVAL, "Bad value '%s': %m", "x");
        ck_assert_int_eq(r, -EINVAL);
        ck_assert_int_eq(last_level, LOG_WARNING);
        ck_assert_str_eq(last, "a.socket:7: Bad value 'x': Invalid argument");
        log_set_max_level(LOG_ERR);
        last[0] = 0;
        log_warning("dropped");
        ck_assert_str_eq(last, "");
        log_set_max_level(LOG_INFO);
        log_set_sink(NULL, NULL);
        ck_assert_int_eq(log_level_from_string("debug"), LOG_DEBUG);
        ck_assert_int_eq(log_target_from_string("journal"), LOG_TARGET_JOURNAL);
        ck_assert_int_eq(log_target_from_string("nope"), -EINVAL);
}
END_TEST

/* A table that borrows its keys stores the caller's pointers, and a replaced value's entry takes the new key. */
START_TEST(test_hashmap_borrowing) {
        Hashmap *h = hashmap_new_borrowing();
        char a1[] = "unit", a2[] = "unit", b[] = "other";
        const char *k;
        size_t i = 0;
        void *v;

        ck_assert_ptr_nonnull(h);
        ck_assert_int_eq(hashmap_put(h, a1, (void *) 1), 1);
        ck_assert_int_eq(hashmap_put(h, a2, (void *) 9), -EEXIST);
        ck_assert_int_eq(hashmap_put(h, b, (void *) 2), 1);
        ck_assert(hashmap_iterate(h, &i, &k, &v));
        ck_assert(k == a1 || k == b);
        ck_assert_int_eq(hashmap_replace(h, a2, (void *) 3, &v), 0);
        ck_assert_ptr_eq(v, (void *) 1);
        for (i = 0; hashmap_iterate(h, &i, &k, &v);)
                if (v == (void *) 3)
                        ck_assert_ptr_eq(k, a2);
        ck_assert(!hashmap_remove_value(h, "unit", (void *) 1));
        ck_assert(!hashmap_remove_value(h, "none", (void *) 3));
        ck_assert(hashmap_remove_value(h, "unit", (void *) 3));
        ck_assert_int_eq(hashmap_put(h, a1, (void *) 3), 1);
        ck_assert_ptr_eq(hashmap_remove(h, "unit"), (void *) 3);
        ck_assert_ptr_eq(hashmap_get(h, "other"), (void *) 2);
        ck_assert_uint_eq(hashmap_size(h), 1);
        hashmap_free(h, NULL); /* frees no key: a sanitizer build would see a bad free() */
}
END_TEST

/* A steady stream of insertions and removals (a unit per connection) beside a few long-lived entries: every
 * entry stays reachable, iteration while removing sees each remaining entry once. */
START_TEST(test_hashmap_churn) {
        Hashmap *h = hashmap_new();
        char key[32];
        size_t i, seen;
        const char *k;
        void *v;

        ck_assert_ptr_nonnull(h);
        for (unsigned j = 0; j < 5; j++) {
                snprintf(key, sizeof(key), "fixed-%u", j);
                ck_assert_int_eq(hashmap_put(h, key, (void *) (uintptr_t) (j + 1)), 1);
        }
        for (unsigned j = 0; j < 5000; j++) {
                snprintf(key, sizeof(key), "conn-%u", j);
                ck_assert_int_eq(hashmap_put(h, key, (void *) (uintptr_t) 100), 1);
                if (j % 3 == 0)
                        continue; /* every third stays a while */
                ck_assert_ptr_eq(hashmap_remove(h, key), (void *) (uintptr_t) 100);
                ck_assert_ptr_null(hashmap_get(h, key));
        }
        for (unsigned j = 0; j < 5; j++) {
                snprintf(key, sizeof(key), "fixed-%u", j);
                ck_assert_ptr_eq(hashmap_get(h, key), (void *) (uintptr_t) (j + 1));
        }
        ck_assert_uint_eq(hashmap_size(h), 5 + 1667);
        /* remove the connections while iterating */
        for (i = 0, seen = 0; hashmap_iterate(h, &i, &k, &v); seen++)
                if (v == (void *) (uintptr_t) 100) {
                        _cleanup_free_ char *copy = strdup(k);

                        ck_assert_ptr_eq(hashmap_remove(h, copy), v);
                }
        ck_assert_uint_eq(seen, 5 + 1667);
        ck_assert_uint_eq(hashmap_size(h), 5);
        for (unsigned j = 0; j < 5; j++) {
                snprintf(key, sizeof(key), "fixed-%u", j);
                ck_assert_ptr_eq(hashmap_get(h, key), (void *) (uintptr_t) (j + 1));
        }
        hashmap_free(h, NULL);
}
END_TEST

int main(void) {
        Suite *s = suite_create("basic");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_strv_basics);
        tcase_add_test(tc, test_strv_pack);
        tcase_add_test(tc, test_strv_split);
        tcase_add_test(tc, test_string_util);
        tcase_add_test(tc, test_format_u64);
        tcase_add_test(tc, test_hashmap);
        tcase_add_test(tc, test_hashmap_borrowing);
        tcase_add_test(tc, test_hashmap_churn);
        tcase_add_test(tc, test_log_syntax);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
