/* SPDX-License-Identifier: MIT */
#include <check.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "escape.h"
#include "extract-word.h"
#include "string-util.h"
#include "strv.h"
#include "utf8.h"

#define UNIT_FLAGS (EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE)

/* Split s completely; returns the words joined by '|' or "ERR<errno>" on failure. */
static char *split(const char *s, const char *sep, ExtractFlags flags) {
        _cleanup_strv_free_ char **l = NULL;
        char buf[32];
        int r;

        r = strv_split_words(s, sep, flags, &l);
        if (r < 0) {
                snprintf(buf, sizeof(buf), "ERR%d", -r);
                return strdup(buf);
        }
        return strv_join(l, "|");
}

#define assert_split(s, sep, flags, expected)                                                               \
        do {                                                                                                \
                _cleanup_free_ char *_j = split((s), (sep), (flags));                                       \
                ck_assert_ptr_nonnull(_j);                                                                  \
                ck_assert_str_eq(_j, (expected));                                                           \
        } while (0)

START_TEST(test_extract_basic) {
        const char *p = "  foo   bar\tbaz  ";
        char *w = NULL;

        ck_assert_int_eq(extract_first_word(&p, &w, NULL, 0), 1);
        ck_assert_str_eq(w, "foo");
        ck_assert_str_eq(p, "bar\tbaz  ");
        free(w);
        ck_assert_int_eq(extract_first_word(&p, &w, NULL, 0), 1);
        ck_assert_str_eq(w, "bar");
        free(w);
        ck_assert_int_eq(extract_first_word(&p, &w, NULL, 0), 1);
        ck_assert_str_eq(w, "baz");
        ck_assert_ptr_null(p); /* trailing separators consumed */
        free(w);
        w = (char *) "x";
        ck_assert_int_eq(extract_first_word(&p, &w, NULL, 0), 0);
        ck_assert_ptr_null(w);

        p = "";
        w = (char *) "x";
        ck_assert_int_eq(extract_first_word(&p, &w, NULL, 0), 0);
        ck_assert_ptr_null(w);
        ck_assert_ptr_null(p);

        p = "   \t\n";
        ck_assert_int_eq(extract_first_word(&p, &w, NULL, 0), 0);
        ck_assert_ptr_null(w);

        assert_split("a b  c", NULL, 0, "a|b|c");
        assert_split("", NULL, 0, "");
}
END_TEST

START_TEST(test_extract_quotes) {
        /* Quotes group anywhere in a word (systemd 252, checked with systemd-analyze verify:
         * ExecStart=/bin/ec"ho x"y runs "/bin/echo xy"). */
        assert_split("a\"b c\"d", NULL, UNIT_FLAGS, "ab cd");
        assert_split("'x y' \"z\"", NULL, UNIT_FLAGS, "x y|z");
        assert_split("\"\" ''", NULL, UNIT_FLAGS, "|");
        assert_split("'a\"b' \"c'd\"", NULL, UNIT_FLAGS, "a\"b|c'd");
        assert_split("'one''two'\"three\"", NULL, UNIT_FLAGS, "onetwothree");
        /* Without EXTRACT_UNQUOTE quotes are ordinary. */
        assert_split("\"a b\"", NULL, 0, "\"a|b\"");
        /* KEEP_QUOTE groups but keeps them. */
        assert_split("x=\"a b\" c", NULL, EXTRACT_KEEP_QUOTE, "x=\"a b\"|c");
        /* Unbalanced. */
        assert_split("a \"b c", NULL, UNIT_FLAGS, "ERR22");
        assert_split("'", NULL, UNIT_FLAGS, "ERR22");
        assert_split("a \"b c", NULL, UNIT_FLAGS | EXTRACT_RELAX, "a|b c");
        /* Whitespace inside quotes, including newlines, is kept. */
        assert_split("\"a\tb\nc\"", NULL, UNIT_FLAGS, "a\tb\nc");
}
END_TEST

START_TEST(test_extract_escapes) {
        /* Every escape of the systemd.syntax(7) table. */
        assert_split("\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\'\\s", NULL, UNIT_FLAGS, "\a\b\f\n\r\t\v\\\"' ");
        assert_split("\\x41\\101\\u0041\\U00000041", NULL, UNIT_FLAGS, "AAAA");
        assert_split("\\u00e9 \\U0001F600", NULL, UNIT_FLAGS, "\xc3\xa9|\xf0\x9f\x98\x80");
        /* \x and octal give raw bytes, not UTF-8. */
        assert_split("\\xff\\377", NULL, UNIT_FLAGS, "\xff\xff");
        /* Escapes work inside single quotes too (systemd 252: ExecStart=/bin/true 'a\tb' has a TAB). */
        assert_split("'a\\tb' \"c\\sd\"", NULL, UNIT_FLAGS, "a\tb|c d");
        /* "\ " is not a C escape: an error, or with UNESCAPE_RELAX kept as it is, in one word (systemd 252:
         * ExecStart=/bin/true a\ b warns and passes "a\ b"). Without CUNESCAPE it protects the space. */
        assert_split("a\\ b", NULL, UNIT_FLAGS, "ERR22");
        assert_split("a\\ b", NULL, UNIT_FLAGS | EXTRACT_UNESCAPE_RELAX, "a\\ b");
        assert_split("a\\ b", NULL, EXTRACT_UNQUOTE, "a b");
        /* \u only refuses 0 (systemd 252 encodes a surrogate as ED A0 80); \U checks validity. */
        assert_split("\\ud800", NULL, UNIT_FLAGS, "\xed\xa0\x80");
        assert_split("\\U0000d800", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\U00110000", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\U0000FFFE", NULL, UNIT_FLAGS, "ERR22");
        /* NUL results are refused. */
        assert_split("\\x00", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\000", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\u0000", NULL, UNIT_FLAGS, "ERR22");
        /* Malformed and unknown. */
        assert_split("\\q", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\x4", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\x4g", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\400", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\12", NULL, UNIT_FLAGS, "ERR22");
        assert_split("\\u12", NULL, UNIT_FLAGS, "ERR22");
        /* Relaxed: unknown sequences stay as written (systemd: "Ignoring unknown escape sequences"). */
        assert_split("\\q a\\;", NULL, UNIT_FLAGS | EXTRACT_UNESCAPE_RELAX, "\\q|a\\;");
        assert_split("\\x4 \\0", NULL, UNIT_FLAGS | EXTRACT_UNESCAPE_RELAX, "\\x4|\\0");
        /* Without CUNESCAPE a backslash just protects the next character. */
        assert_split("a\\nb \\\"x", NULL, EXTRACT_UNQUOTE, "anb|\"x");
        /* RETAIN_ESCAPE keeps backslashes as ordinary characters. */
        assert_split("a\\ b", NULL, EXTRACT_RETAIN_ESCAPE, "a\\|b");
}
END_TEST

START_TEST(test_extract_trailing_backslash) {
        assert_split("a\\", NULL, UNIT_FLAGS, "ERR22");
        assert_split("a\\", NULL, 0, "ERR22");
        assert_split("a\\", NULL, EXTRACT_RELAX, "a");
        assert_split("a\\", NULL, UNIT_FLAGS | EXTRACT_UNESCAPE_RELAX, "a\\");
        /* Inside quotes UNESCAPE_RELAX alone does not help: that is unbalanced quoting. */
        assert_split("\"a\\", NULL, UNIT_FLAGS | EXTRACT_UNESCAPE_RELAX, "ERR22");
        assert_split("\"a\\", NULL, UNIT_FLAGS | EXTRACT_UNESCAPE_RELAX | EXTRACT_RELAX, "a\\");
}
END_TEST

START_TEST(test_extract_separators) {
        assert_split("a,b,,c,", ",", 0, "a|b|c");
        assert_split("a,b,,c,", ",", EXTRACT_DONT_COALESCE_SEPARATORS, "a|b||c|");
        assert_split("", ",", EXTRACT_DONT_COALESCE_SEPARATORS, "");
        assert_split(",", ",", EXTRACT_DONT_COALESCE_SEPARATORS, "|");
        assert_split("a\\,b:c", ",:", EXTRACT_UNESCAPE_SEPARATORS, "a,b|c");
        assert_split("a\\\\b", ":", EXTRACT_UNESCAPE_SEPARATORS, "a\\b");
        assert_split("a\\qb", ":", EXTRACT_UNESCAPE_SEPARATORS, "ERR22");
        assert_split("a\\qb", ":", EXTRACT_UNESCAPE_SEPARATORS | EXTRACT_UNESCAPE_RELAX, "a\\qb");
        assert_split("'a:b':c", ":", EXTRACT_UNQUOTE, "a:b|c");
}
END_TEST

START_TEST(test_extract_lenient) {
        const char *p = "\\q  next";
        char *w = NULL;

        ck_assert_int_eq(extract_first_word_lenient(&p, &w, NULL, UNIT_FLAGS), 2);
        ck_assert_str_eq(w, "\\q");
        ck_assert_str_eq(p, "next");
        free(w);
        ck_assert_int_eq(extract_first_word_lenient(&p, &w, NULL, UNIT_FLAGS), 1);
        ck_assert_str_eq(w, "next");
        free(w);

        p = "\"open \\q";
        ck_assert_int_eq(extract_first_word_lenient(&p, &w, NULL, UNIT_FLAGS), -EINVAL);
        p = "";
        ck_assert_int_eq(extract_first_word_lenient(&p, &w, NULL, UNIT_FLAGS), 0);
}
END_TEST

START_TEST(test_extract_huge) {
        /* 1 MiB words, quoted and not, and a million tiny words: no overflow, linear time. */
        size_t n = 1024 * 1024;
        _cleanup_free_ char *s = malloc(n + 3), *w = NULL;
        _cleanup_strv_free_ char **l = NULL;
        const char *p;

        ck_assert_ptr_nonnull(s);
        s[0] = '"';
        memset(s + 1, 'x', n);
        s[n + 1] = '"';
        s[n + 2] = '\0';
        p = s;
        ck_assert_int_eq(extract_first_word(&p, &w, NULL, UNIT_FLAGS), 1);
        ck_assert_uint_eq(strlen(w), n);
        ck_assert_ptr_null(p);

        for (size_t i = 0; i < n; i += 2) {
                s[i] = 'a';
                s[i + 1] = ' ';
        }
        s[n] = '\0';
        ck_assert_int_eq(strv_split_words(s, NULL, UNIT_FLAGS, &l), 0);
        ck_assert_uint_eq(strv_length(l), n / 2);
#ifdef __GLIBC__
        /* a word keeps no slack: the daemon holds many of them */
        ck_assert_uint_lt(malloc_usable_size(l[0]), 32);
#endif
}
END_TEST

START_TEST(test_cunescape) {
        char *r = NULL;

        ck_assert_int_eq(cunescape("a\\tb\\x41\\u00e9\\101\\s", SIZE_MAX, 0, &r), 0);
        ck_assert_str_eq(r, "a\tbA\xc3\xa9"
                            "A ");
        free(r);

        /* length bounds the input: "\x4" is cut and malformed. */
        ck_assert_int_eq(cunescape("\\x41", 3, 0, &r), -EINVAL);
        ck_assert_int_eq(cunescape("\\x41", 4, 0, &r), 0);
        ck_assert_str_eq(r, "A");
        free(r);
        ck_assert_int_eq(cunescape("abc", 2, 0, &r), 0);
        ck_assert_str_eq(r, "ab");
        free(r);

        ck_assert_int_eq(cunescape("\\q", SIZE_MAX, 0, &r), -EINVAL);
        ck_assert_int_eq(cunescape("x\\", SIZE_MAX, 0, &r), -EINVAL);
        ck_assert_int_eq(cunescape("\\x00", SIZE_MAX, 0, &r), -EINVAL);
        ck_assert_int_eq(cunescape("\\000", SIZE_MAX, UNESCAPE_RELAX, &r), 0);
        ck_assert_str_eq(r, "\\000");
        free(r);
        ck_assert_int_eq(cunescape("\\q\\n\\", SIZE_MAX, UNESCAPE_RELAX, &r), 0);
        ck_assert_str_eq(r, "\\q\n\\");
        free(r);

        /* A NUL byte inside length is refused even in relaxed mode. */
        ck_assert_int_eq(cunescape("a\0b", 3, UNESCAPE_RELAX, &r), -EINVAL);
        ck_assert_int_eq(cunescape("", 0, 0, &r), 0);
        ck_assert_str_eq(r, "");
        free(r);
}
END_TEST

START_TEST(test_cescape) {
        _cleanup_free_ char *a = cescape("a\tb\\c\"d'\x01\xc3\xa9\x7f");
        _cleanup_free_ char *b = NULL;

        ck_assert_str_eq(a, "a\\tb\\\\c\\\"d\\'\\001\\303\\251\\177");
        ck_assert_int_eq(cunescape(a, SIZE_MAX, 0, &b), 0);
        ck_assert_str_eq(b, "a\tb\\c\"d'\x01\xc3\xa9\x7f");
}
END_TEST

START_TEST(test_quote_command_word) {
        static const char *const words[] = {
                "plain",
                "",
                ";",
                "a b",
                "it's",
                "say \"hi\"",
                "back\\slash",
                "tab\there",
                "nl\nx",
                "\x01\x7f",
                "\xc3\xa9t\xc3\xa9",
                "\xff\xfe",
                "$FOO",
                "${BAR}",
                "%n",
                "\\;",
                "x;",
                "'",
        };

        for (size_t i = 0; i < ELEMENTSOF(words); i++) {
                _cleanup_free_ char *q = quote_command_word(words[i]), *w = NULL;
                const char *p = q;

                ck_assert_ptr_nonnull(q);
                ck_assert_int_eq(extract_first_word(&p, &w, NULL, UNIT_FLAGS), 1);
                ck_assert_str_eq(w, words[i]);
                ck_assert_ptr_null(p); /* exactly one word */
        }

        {
                _cleanup_free_ char *a = quote_command_word("plain"), *b = quote_command_word("a b"),
                                    *c = quote_command_word(""), *d = quote_command_word(";"),
                                    *e = quote_command_word("x\"\\\n"), *f = quote_command_word("\xc3\xa9");
                ck_assert_str_eq(a, "plain");
                ck_assert_str_eq(b, "\"a b\"");
                ck_assert_str_eq(c, "\"\"");
                ck_assert_str_eq(d, "\";\"");
                ck_assert_str_eq(e, "\"x\\\"\\\\\\n\"");
                ck_assert_str_eq(f, "\xc3\xa9");
        }
}
END_TEST

START_TEST(test_utf8) {
        char buf[UTF8_MAX_BYTES];
        uint32_t c;

        ck_assert(utf8_is_valid(""));
        ck_assert(utf8_is_valid("plain ascii"));
        ck_assert(utf8_is_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
        ck_assert(utf8_is_valid("\xef\xbb\xbf"));     /* U+FEFF: systemd 252 accepts it */
        ck_assert(utf8_is_valid("\xf4\x8f\xbf\xbd")); /* U+10FFFD */
        ck_assert(!utf8_is_valid(NULL));
        ck_assert(!utf8_is_valid("\xff"));
        ck_assert(!utf8_is_valid("\x80"));
        ck_assert(!utf8_is_valid("\xc3"));             /* truncated */
        ck_assert(!utf8_is_valid("\xc0\xaf"));         /* overlong '/' */
        ck_assert(!utf8_is_valid("\xe0\x80\xaf"));     /* overlong '/' */
        ck_assert(!utf8_is_valid("\xf0\x80\x80\xaf")); /* overlong '/' */
        ck_assert(!utf8_is_valid("\xed\xa0\x80"));     /* surrogate U+D800 */
        ck_assert(!utf8_is_valid("\xf4\x90\x80\x80")); /* U+110000 */
        ck_assert(!utf8_is_valid("\xef\xbf\xbe"));     /* U+FFFE */
        ck_assert(!utf8_is_valid("\xef\xb7\x90"));     /* U+FDD0 */
        ck_assert(!utf8_is_valid("\xf0\x9f\xbf\xbf")); /* U+1FFFF */
        ck_assert(utf8_is_valid("\xef\xb7\x8f"));      /* U+FDCF */
        ck_assert(!utf8_is_valid_n("a\0b", 3));
        ck_assert(utf8_is_valid_n("ab\xc3", 2));
        ck_assert(utf8_is_valid("ascii then \xc3\xa9 then ascii"));
        ck_assert(!utf8_is_valid("ascii then \xc3 cut"));
        ck_assert(!utf8_is_valid("ascii then \x7f\x80"));

        ck_assert_uint_eq(utf8_encode_unichar(buf, 'A'), 1);
        ck_assert_uint_eq(utf8_encode_unichar(buf, 0xE9), 2);
        ck_assert(memcmp(buf, "\xc3\xa9", 2) == 0);
        ck_assert_uint_eq(utf8_encode_unichar(buf, 0x20AC), 3);
        ck_assert(memcmp(buf, "\xe2\x82\xac", 3) == 0);
        ck_assert_uint_eq(utf8_encode_unichar(buf, 0x1F600), 4);
        ck_assert(memcmp(buf, "\xf0\x9f\x98\x80", 4) == 0);
        ck_assert_uint_eq(utf8_encode_unichar(buf, 0x110000), 0);

        ck_assert_int_eq(utf8_decode_unichar("\xf0\x9f\x98\x80", 4, &c), 4);
        ck_assert_uint_eq(c, 0x1F600);
        ck_assert_int_eq(utf8_decode_unichar("\xf0\x9f\x98\x80", 3, &c), -EINVAL);
        ck_assert(unichar_is_valid(0xFEFF));
        ck_assert(!unichar_is_valid(0xDFFF));
        ck_assert(!unichar_is_valid(0x10FFFF));
}
END_TEST

int main(void) {
        Suite *s = suite_create("extract-word");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        int failed;

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, test_extract_basic);
        tcase_add_test(tc, test_extract_quotes);
        tcase_add_test(tc, test_extract_escapes);
        tcase_add_test(tc, test_extract_trailing_backslash);
        tcase_add_test(tc, test_extract_separators);
        tcase_add_test(tc, test_extract_lenient);
        tcase_add_test(tc, test_extract_huge);
        tcase_add_test(tc, test_cunescape);
        tcase_add_test(tc, test_cescape);
        tcase_add_test(tc, test_quote_command_word);
        tcase_add_test(tc, test_utf8);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
