/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "daemon-config.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"

/* ---- helpers: temporary files and captured log lines ---- */

static char tmpdir[256];
static unsigned n_files;

/* Write data to a new file in tmpdir; returns its path (static storage of the caller). */
static void write_file(char path[static 512], const char *data, size_t size) {
        int fd;

        snprintf(path, 512, "%s/f%u.conf", tmpdir, n_files++);
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, data, size), (ssize_t) size);
        ck_assert_int_eq(close(fd), 0);
}

static char **logged;

static void capture(int level, const char *message, void *userdata) {
        char *s;

        (void) userdata;
        ck_assert_int_ge(asprintf(&s, "<%d>%s", level, message), 0);
        ck_assert_int_ge(strv_consume(&logged, s), 0);
}

static void setup(void) {
        logged = strv_free(logged);
        log_set_max_level(LOG_INFO);
        log_set_sink(capture, NULL);
}

static void teardown(void) {
        log_set_sink(NULL, NULL);
        logged = strv_free(logged);
}

/* Load text as a settings file into a fresh config. */
static void load_text(DaemonConfig *c, char path[static 512], const char *text) {
        write_file(path, text, strlen(text));
        daemon_config_init(c);
        ck_assert_int_eq(daemon_config_load(c, path, true), 0);
}

/* The n-th captured line with "FILE:" stripped from its front when it is there. */
static const char *logged_line(size_t i, const char *path) {
        const char *m, *p;

        ck_assert_uint_lt(i, strv_length(logged));
        m = logged[i];
        p = strstr(m, path);
        if (p && p[strlen(path)] == ':')
                return p + strlen(path) + 1;
        return m;
}

#define assert_logged(i, path, level, text)                                                                       \
        do {                                                                                                     \
                char _expect[1024];                                                                              \
                snprintf(_expect, sizeof(_expect), "<%d>", (level));                                             \
                ck_assert_msg(startswith(logged[(i)], _expect), "level of '%s'", logged[(i)]);                   \
                ck_assert_str_eq(logged_line((i), (path)), (text));                                              \
        } while (0)

static void assert_builtin_defaults(const DaemonConfig *c) {
        ck_assert_int_eq(c->log_level, LOG_INFO);
        ck_assert_int_eq(c->log_target, LOG_TARGET_AUTO);
        ck_assert(c->log_color);
        ck_assert(!c->log_time);
        ck_assert_ptr_null(c->unit_path);
        ck_assert_uint_eq(c->defaults.timeout_start, 90 * USEC_PER_SEC);
        ck_assert_uint_eq(c->defaults.timeout_stop, 90 * USEC_PER_SEC);
        ck_assert_uint_eq(c->defaults.timeout_abort, 90 * USEC_PER_SEC);
        ck_assert(!c->timeout_abort_set);
        ck_assert_uint_eq(c->defaults.restart_sec, 100 * USEC_PER_MSEC);
        ck_assert_uint_eq(c->defaults.start_limit_interval, 10 * USEC_PER_SEC);
        ck_assert_uint_eq(c->defaults.start_limit_burst, 5);
        for (size_t i = 0; i < N_RLIMITS; i++)
                ck_assert_ptr_null(c->default_rlimit[i]);
        ck_assert_int_eq(c->default_std_output, EXEC_OUTPUT_JOURNAL);
        ck_assert_int_eq(c->default_std_error, EXEC_OUTPUT_INHERIT);
        ck_assert_ptr_null(c->default_environment);
        ck_assert_uint_eq(c->max_units, 65536);
}

/* ---- tests ---- */

START_TEST(test_init_defaults) {
        DaemonConfig c;

        daemon_config_init(&c);
        assert_builtin_defaults(&c);
        daemon_config_done(&c);
        daemon_config_done(&c); /* idempotent */
        daemon_config_done(NULL);
}
END_TEST

START_TEST(test_every_key) {
        char path[512];
        DaemonConfig c;

        load_text(&c, path,
                  "# sockactd.conf\n"
                  "[Manager]\n"
                  "LogLevel=debug\n"
                  "LogTarget=syslog\n"
                  "LogColor=no\n"
                  "LogTime=yes\n"
                  "UnitPath=/srv/units:/etc/sockact/system:\n"
                  "DefaultTimeoutStartSec=1min 30s\n"
                  "DefaultTimeoutStopSec=5s\n"
                  "DefaultTimeoutAbortSec=2s\n"
                  "DefaultRestartSec=250ms\n"
                  "DefaultStartLimitIntervalSec=1h\n"
                  "DefaultStartLimitBurst=17\n"
                  "DefaultLimitCPU=2min\n"
                  "DefaultLimitFSIZE=1G\n"
                  "DefaultLimitDATA=infinity\n"
                  "DefaultLimitSTACK=8M:16M\n"
                  "DefaultLimitCORE=0\n"
                  "DefaultLimitRSS=4K\n"
                  "DefaultLimitNOFILE=1024:524288\n"
                  "DefaultLimitAS=infinity:infinity\n"
                  "DefaultLimitNPROC=100\n"
                  "DefaultLimitMEMLOCK=8M\n"
                  "DefaultLimitLOCKS=64\n"
                  "DefaultLimitSIGPENDING=1000\n"
                  "DefaultLimitMSGQUEUE=819200\n"
                  "DefaultLimitNICE=-5\n"
                  "DefaultLimitRTPRIO=10\n"
                  "DefaultLimitRTTIME=500ms\n"
                  "DefaultStandardOutput=kmsg+console\n"
                  "DefaultStandardError=null\n"
                  "DefaultEnvironment=\"VAR1=word1 word2\" VAR2=word3 \"VAR3=word 5 6\"\n"
                  "MaxUnits=100\n");
        ck_assert_int_eq(strv_length(logged), 0);

        ck_assert_int_eq(c.log_level, LOG_DEBUG);
        ck_assert_int_eq(c.log_target, LOG_TARGET_SYSLOG);
        ck_assert(!c.log_color);
        ck_assert(c.log_time);
        ck_assert_str_eq(c.unit_path, "/srv/units:/etc/sockact/system:");
        ck_assert_uint_eq(c.defaults.timeout_start, 90 * USEC_PER_SEC);
        ck_assert_uint_eq(c.defaults.timeout_stop, 5 * USEC_PER_SEC);
        ck_assert_uint_eq(c.defaults.timeout_abort, 2 * USEC_PER_SEC);
        ck_assert(c.timeout_abort_set);
        ck_assert_uint_eq(c.defaults.restart_sec, 250 * USEC_PER_MSEC);
        ck_assert_uint_eq(c.defaults.start_limit_interval, USEC_PER_HOUR);
        ck_assert_uint_eq(c.defaults.start_limit_burst, 17);

        ck_assert_uint_eq(c.default_rlimit[RLIMIT_CPU]->rlim_cur, 120);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_CPU]->rlim_max, 120);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_FSIZE]->rlim_cur, 1024ULL * 1024 * 1024);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_DATA]->rlim_cur, RLIM_INFINITY);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_STACK]->rlim_cur, 8ULL * 1024 * 1024);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_STACK]->rlim_max, 16ULL * 1024 * 1024);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_CORE]->rlim_max, 0);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_RSS]->rlim_cur, 4096);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_NOFILE]->rlim_cur, 1024);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_NOFILE]->rlim_max, 524288);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_AS]->rlim_max, RLIM_INFINITY);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_NPROC]->rlim_cur, 100);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_MEMLOCK]->rlim_cur, 8ULL * 1024 * 1024);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_LOCKS]->rlim_cur, 64);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_SIGPENDING]->rlim_cur, 1000);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_MSGQUEUE]->rlim_cur, 819200);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_NICE]->rlim_cur, 25); /* 20 - (-5) */
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_RTPRIO]->rlim_cur, 10);
        ck_assert_uint_eq(c.default_rlimit[RLIMIT_RTTIME]->rlim_cur, 500000);

        ck_assert_int_eq(c.default_std_output, EXEC_OUTPUT_KMSG_AND_CONSOLE);
        ck_assert_int_eq(c.default_std_error, EXEC_OUTPUT_NULL);
        ck_assert_int_eq(strv_length(c.default_environment), 3);
        ck_assert_str_eq(c.default_environment[0], "VAR1=word1 word2");
        ck_assert_str_eq(c.default_environment[1], "VAR2=word3");
        ck_assert_str_eq(c.default_environment[2], "VAR3=word 5 6");
        ck_assert_uint_eq(c.max_units, 100);
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_log_values) {
        static const struct {
                const char *text;
                int level;
        } levels[] = {
                { "emerg", LOG_EMERG }, { "alert", LOG_ALERT }, { "crit", LOG_CRIT }, { "err", LOG_ERR },
                { "warning", LOG_WARNING }, { "notice", LOG_NOTICE }, { "info", LOG_INFO },
                { "debug", LOG_DEBUG }, { "0", 0 }, { "7", 7 }, { "DEBUG", LOG_DEBUG },
                { "Warn", LOG_WARNING },
        };
        static const struct {
                const char *text;
                LogTarget target;
        } targets[] = {
                { "console", LOG_TARGET_CONSOLE },
                { "syslog", LOG_TARGET_SYSLOG },
                { "journal", LOG_TARGET_JOURNAL },
                { "auto", LOG_TARGET_AUTO },
        };
        char path[512], text[128];
        DaemonConfig c;

        for (size_t i = 0; i < ELEMENTSOF(levels); i++) {
                snprintf(text, sizeof(text), "[Manager]\nLogLevel=%s\n", levels[i].text);
                load_text(&c, path, text);
                ck_assert_int_eq(c.log_level, levels[i].level);
                daemon_config_done(&c);
        }
        for (size_t i = 0; i < ELEMENTSOF(targets); i++) {
                snprintf(text, sizeof(text), "[Manager]\nLogTarget=console\nLogTarget=%s\n", targets[i].text);
                load_text(&c, path, text);
                ck_assert_int_eq(c.log_target, targets[i].target);
                daemon_config_done(&c);
        }
        ck_assert_int_eq(strv_length(logged), 0);
}
END_TEST

START_TEST(test_bad_values_keep_defaults) {
        static const char *const lines[] = {
                "LogLevel=8",
                "LogLevel=verbose",
                "LogTarget=kmsg",
                "LogColor=maybe",
                "LogTime=2",
                "UnitPath=relative/dir",
                "UnitPath=/ok:also/relative",
                "DefaultTimeoutStartSec=soon",
                "DefaultTimeoutStopSec=-1",
                "DefaultTimeoutAbortSec=5 parsecs",
                "DefaultRestartSec=1x",
                "DefaultStartLimitIntervalSec=forever",
                "DefaultStartLimitBurst=-1",
                "DefaultStartLimitBurst=4294967296",
                "DefaultLimitNOFILE=lots",
                "DefaultLimitNICE=+20",
                "DefaultLimitCPU=1:2:3",
                "DefaultStandardOutput=stdout",
                "DefaultStandardError=journal+syslog",
                "MaxUnits=0",
                "MaxUnits=-5",
                "MaxUnits=1e6",
        };
        _cleanup_free_ char *text = NULL;
        char path[512], expect[256];
        DaemonConfig c;

        text = strdup("[Manager]\n");
        ck_assert_ptr_nonnull(text);
        for (size_t i = 0; i < ELEMENTSOF(lines); i++) {
                char *t = strjoin(text, lines[i], "\n");
                ck_assert_ptr_nonnull(t);
                free_and_replace_str(&text, t);
        }
        load_text(&c, path, text);
        assert_builtin_defaults(&c);

        /* One warning per line, naming the line. */
        ck_assert_int_eq(strv_length(logged), ELEMENTSOF(lines));
        for (size_t i = 0; i < ELEMENTSOF(lines); i++) {
                const char *eq = strchr(lines[i], '=');

                if (startswith(lines[i], "UnitPath="))
                        snprintf(expect, sizeof(expect),
                                 "%zu: UnitPath= needs absolute directories separated by ':', ignoring: %s",
                                 i + 2, eq + 1);
                else
                        snprintf(expect, sizeof(expect), "%zu: Invalid value for %.*s=, ignoring: %s", i + 2,
                                 (int) (eq - lines[i]), lines[i], eq + 1);
                assert_logged(i, path, LOG_WARNING, expect);
        }
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_special_messages) {
        char path[512];
        DaemonConfig c;

        load_text(&c, path,
                  "[Manager]\n"
                  "DefaultLimitNOFILE=4096:1024\n"
                  "DefaultStandardOutput=socket\n"
                  "DefaultStandardError=file:/var/log/x\n"
                  "DefaultEnvironment=GOOD=1 \"BAD NAME=2\" 3X=4 OK=5\n"
                  "DefaultEnvironment=\"UNBALANCED=1\n"
                  "DumpCore=no\n"
                  "Verbose=yes\n");
        ck_assert_int_eq(strv_length(logged), 8);
        assert_logged(0, path, LOG_WARNING,
                      "2: Soft resource limit chosen higher than hard limit, ignoring: 4096:1024");
        assert_logged(1, path, LOG_WARNING,
                      "3: Standard output types socket, fd:, file:, append:, truncate: are not supported as "
                      "defaults, ignoring: socket");
        assert_logged(2, path, LOG_WARNING,
                      "4: Standard output types socket, fd:, file:, append:, truncate: are not supported as "
                      "defaults, ignoring: file:/var/log/x");
        assert_logged(3, path, LOG_WARNING, "5: Invalid environment assignment, ignoring: BAD NAME=2");
        assert_logged(4, path, LOG_WARNING, "5: Invalid environment assignment, ignoring: 3X=4");
        assert_logged(5, path, LOG_WARNING, "6: Invalid syntax, ignoring: \"UNBALANCED=1");
        assert_logged(6, path, LOG_NOTICE, "7: DumpCore= is not supported by sockactd, ignoring.");
        assert_logged(7, path, LOG_WARNING, "8: Unknown key 'Verbose' in section [Manager], ignoring.");
        /* The valid words of line 5 were kept. */
        ck_assert_ptr_null(c.default_rlimit[RLIMIT_NOFILE]);
        ck_assert_int_eq(c.default_std_output, EXEC_OUTPUT_JOURNAL);
        ck_assert_int_eq(c.default_std_error, EXEC_OUTPUT_INHERIT);
        ck_assert_int_eq(strv_length(c.default_environment), 2);
        ck_assert_str_eq(c.default_environment[0], "GOOD=1");
        ck_assert_str_eq(c.default_environment[1], "OK=5");
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_unknown_keys_and_sections) {
        char path[512];
        DaemonConfig c;

        load_text(&c, path,
                  "LogLevel=debug\n"
                  "[Manager]\n"
                  "Loglevel=debug\n"
                  "MaxUnits=7\n"
                  "[Service]\n"
                  "LogLevel=debug\n"
                  "[manager]\n"
                  "LogTarget=console\n"
                  "[Manager]\n"
                  "LogTime=yes\n");
        ck_assert_int_eq(strv_length(logged), 4);
        assert_logged(0, path, LOG_WARNING, "1: Assignment outside of section. Ignoring.");
        assert_logged(1, path, LOG_WARNING, "3: Unknown key 'Loglevel' in section [Manager], ignoring.");
        assert_logged(2, path, LOG_WARNING, "6: Unknown key 'LogLevel' in section [Service], ignoring.");
        assert_logged(3, path, LOG_WARNING, "8: Unknown key 'LogTarget' in section [manager], ignoring.");
        ck_assert_int_eq(c.log_level, LOG_INFO);
        ck_assert_int_eq(c.log_target, LOG_TARGET_AUTO);
        ck_assert_uint_eq(c.max_units, 7);
        ck_assert(c.log_time);
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_syntax) {
        char path[512];
        DaemonConfig c;

        /* CRLF line ends, comments, blank lines, whitespace around key and value, ':' as separator, the last
         * assignment wins, a byte order mark. */
        load_text(&c, path,
                  "\xef\xbb\xbf# comment\r\n"
                  "; comment\r\n"
                  "\r\n"
                  "  [Manager]  \r\n"
                  "   LogLevel   =   notice   \r\n"
                  "MaxUnits : 12\r\n"
                  "LogTarget=journal\r\n"
                  "LogTarget=console\r\n"
                  "\t# indented comment\r\n"
                  "\t;indented comment\r\n");
        ck_assert_int_eq(strv_length(logged), 0);
        ck_assert_int_eq(c.log_level, LOG_NOTICE);
        ck_assert_uint_eq(c.max_units, 12);
        ck_assert_int_eq(c.log_target, LOG_TARGET_CONSOLE);
        daemon_config_done(&c);

        /* Inline comments (libinih): ';' after whitespace starts one, ';' inside a word and '#' do not. */
        load_text(&c, path,
                  "[Manager] ; the only section\n"
                  "LogLevel=debug ; chatty\n"
                  "LogTarget=console\t;tab\n"
                  "DefaultEnvironment=A=x;y B=#z\n");
        ck_assert_int_eq(strv_length(logged), 0);
        ck_assert_int_eq(c.log_level, LOG_DEBUG);
        ck_assert_int_eq(c.log_target, LOG_TARGET_CONSOLE);
        ck_assert_int_eq(strv_length(c.default_environment), 2);
        ck_assert_str_eq(c.default_environment[0], "A=x;y");
        ck_assert_str_eq(c.default_environment[1], "B=#z");
        daemon_config_done(&c);

        /* A '#' after a value is part of it. */
        load_text(&c, path, "[Manager]\nLogLevel=debug # chatty\n");
        ck_assert_int_eq(strv_length(logged), 1);
        assert_logged(0, path, LOG_WARNING, "2: Invalid value for LogLevel=, ignoring: debug # chatty");
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_bad_lines) {
        char path[512];
        DaemonConfig c;

        load_text(&c, path,
                  "[Manager]\n"
                  "LogLevel\n"
                  "=debug\n"
                  "[Broken\n"
                  "LogLevel=debug\n"
                  "[Manager\n"
                  "MaxUnits=1\n"
                  "[Manager]\n"
                  "MaxUnits=2\n"
                  "Key ;x=y\n");
        ck_assert_int_eq(strv_length(logged), 5);
        assert_logged(0, path, LOG_WARNING, "2: Missing '=', ignoring line.");
        assert_logged(1, path, LOG_WARNING, "3: Missing key name before '=', ignoring line.");
        assert_logged(2, path, LOG_WARNING,
                      "4: Invalid section header, ignoring the lines up to the next section.");
        assert_logged(3, path, LOG_WARNING,
                      "6: Invalid section header, ignoring the lines up to the next section.");
        assert_logged(4, path, LOG_WARNING, "10: Missing '=', ignoring line.");
        ck_assert_int_eq(c.log_level, LOG_INFO);
        ck_assert_uint_eq(c.max_units, 2);
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_nul_byte) {
        static const char text[] = "[Manager]\nLogLevel=de\0bug\nMaxUnits=3\n";
        char path[512];
        DaemonConfig c;

        write_file(path, text, sizeof(text) - 1);
        daemon_config_init(&c);
        ck_assert_int_eq(daemon_config_load(&c, path, true), 0);
        ck_assert_int_eq(strv_length(logged), 1);
        assert_logged(0, path, LOG_WARNING, "2: Line contains a NUL byte, ignoring line.");
        ck_assert_int_eq(c.log_level, LOG_INFO);
        ck_assert_uint_eq(c.max_units, 3);
        daemon_config_done(&c);
}
END_TEST

/* Without its own reader libinih cuts a line after 199 bytes and parses the rest as a new line; an indented
 * line would continue the previous value. Neither happens here. */
START_TEST(test_long_lines) {
        _cleanup_free_ char *fits = NULL, *too_long = NULL, *text = NULL, *injection = NULL;
        char path[512], expect[256];
        DaemonConfig c;
        size_t n;

        /* "UnitPath=" + directories: exactly 198 bytes is read whole. */
        fits = strdup("UnitPath=/");
        ck_assert_ptr_nonnull(fits);
        n = strlen(fits);
        fits = realloc(fits, 199);
        ck_assert_ptr_nonnull(fits);
        memset(fits + n, 'a', 198 - n);
        fits[198] = '\0';
        text = strjoin("[Manager]\n", fits, "\nMaxUnits=9\n");
        load_text(&c, path, text);
        ck_assert_int_eq(strv_length(logged), 0);
        ck_assert_str_eq(c.unit_path, fits + strlen("UnitPath="));
        ck_assert_uint_eq(c.max_units, 9);
        daemon_config_done(&c);
        text = mfree_ptr(text);

        /* 199 bytes: reported with its line number and length, ignored as a whole; the line numbers of the
         * following lines stay right. */
        too_long = strjoin(fits, "b");
        text = strjoin("[Manager]\nUnitPath=/first\n", too_long, "\nMaxUnits=9\nLogLevel=bogus\n");
        load_text(&c, path, text);
        ck_assert_int_eq(strv_length(logged), 2);
        assert_logged(0, path, LOG_WARNING,
                      "3: Line too long (199 bytes, at most 198 are supported), ignoring line.");
        assert_logged(1, path, LOG_WARNING, "5: Invalid value for LogLevel=, ignoring: bogus");
        ck_assert_str_eq(c.unit_path, "/first");
        ck_assert_uint_eq(c.max_units, 9);
        daemon_config_done(&c);
        text = mfree_ptr(text);
        logged = strv_free(logged);

        /* A value that spills a second assignment past the buffer: libinih alone would set MaxUnits=1. */
        injection = strdup("DefaultEnvironment=A=");
        n = strlen(injection);
        injection = realloc(injection, 300);
        ck_assert_ptr_nonnull(injection);
        memset(injection + n, 'x', 196 - n);
        strcpy(injection + 196, "   MaxUnits=1");
        text = strjoin("[Manager]\n", injection, "\n");
        load_text(&c, path, text);
        ck_assert_int_eq(strv_length(logged), 1);
        snprintf(expect, sizeof(expect), "2: Line too long (%zu bytes, at most 198 are supported), %s",
                 strlen(injection), "ignoring line.");
        assert_logged(0, path, LOG_WARNING, expect);
        ck_assert_uint_eq(c.max_units, 65536);
        ck_assert_ptr_null(c.default_environment);
        daemon_config_done(&c);
        text = mfree_ptr(text);
        logged = strv_free(logged);

        /* A very long last line without a newline. */
        too_long = mfree_ptr(too_long);
        too_long = malloc(100001);
        ck_assert_ptr_nonnull(too_long);
        memset(too_long, 'z', 100000);
        too_long[100000] = '\0';
        text = strjoin("[Manager]\nMaxUnits=5\n", too_long);
        load_text(&c, path, text);
        ck_assert_int_eq(strv_length(logged), 1);
        assert_logged(0, path, LOG_WARNING,
                      "3: Line too long (100000 bytes, at most 198 are supported), ignoring line.");
        ck_assert_uint_eq(c.max_units, 5);
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_indented_line_is_not_a_continuation) {
        char path[512];
        DaemonConfig c;

        load_text(&c, path,
                  "[Manager]\n"
                  "DefaultEnvironment=A=1\n"
                  "    B=2\n"
                  "LogLevel=\n"
                  "    debug\n");
        ck_assert_int_eq(strv_length(logged), 2);
        assert_logged(0, path, LOG_WARNING, "3: Unknown key 'B' in section [Manager], ignoring.");
        assert_logged(1, path, LOG_WARNING, "5: Missing '=', ignoring line.");
        ck_assert_int_eq(strv_length(c.default_environment), 1);
        ck_assert_str_eq(c.default_environment[0], "A=1");
        ck_assert_int_eq(c.log_level, LOG_INFO);
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_empty_resets) {
        char path[512];
        DaemonConfig c;

        load_text(&c, path,
                  "[Manager]\n"
                  "LogLevel=debug\nLogLevel=\n"
                  "LogTarget=console\nLogTarget=\n"
                  "LogColor=no\nLogColor=\n"
                  "LogTime=yes\nLogTime=\n"
                  "UnitPath=/x\nUnitPath=\n"
                  "DefaultTimeoutStartSec=1\nDefaultTimeoutStartSec=\n"
                  "DefaultTimeoutStopSec=1\nDefaultTimeoutStopSec=\n"
                  "DefaultTimeoutAbortSec=1\nDefaultTimeoutAbortSec=\n"
                  "DefaultRestartSec=1\nDefaultRestartSec=\n"
                  "DefaultStartLimitIntervalSec=1\nDefaultStartLimitIntervalSec=\n"
                  "DefaultStartLimitBurst=1\nDefaultStartLimitBurst=\n"
                  "DefaultLimitNOFILE=10\nDefaultLimitNOFILE=\n"
                  "DefaultStandardOutput=null\nDefaultStandardOutput=\n"
                  "DefaultStandardError=null\nDefaultStandardError=\n"
                  "DefaultEnvironment=A=1\nDefaultEnvironment=\n"
                  "MaxUnits=1\nMaxUnits=\n");
        ck_assert_int_eq(strv_length(logged), 0);
        assert_builtin_defaults(&c);
        daemon_config_done(&c);

        /* Without an empty assignment DefaultEnvironment= lines add up; a later value of a name wins. */
        load_text(&c, path, "[Manager]\nDefaultEnvironment=A=1 B=2\nDefaultEnvironment=A=3 C=\n");
        ck_assert_int_eq(strv_length(c.default_environment), 3);
        ck_assert_str_eq(c.default_environment[0], "A=3");
        ck_assert_str_eq(c.default_environment[1], "B=2");
        ck_assert_str_eq(c.default_environment[2], "C=");
        daemon_config_done(&c);
}
END_TEST

START_TEST(test_timeouts) {
        char path[512];
        DaemonConfig c;

        /* 0 means "no timeout" for start and stop, as in systemd; not for the others. */
        load_text(&c, path,
                  "[Manager]\n"
                  "DefaultTimeoutStartSec=0\n"
                  "DefaultTimeoutStopSec=0\n"
                  "DefaultRestartSec=0\n"
                  "DefaultStartLimitIntervalSec=0\n"
                  "DefaultStartLimitBurst=0\n");
        ck_assert_uint_eq(c.defaults.timeout_start, USEC_INFINITY);
        ck_assert_uint_eq(c.defaults.timeout_stop, USEC_INFINITY);
        /* Without DefaultTimeoutAbortSec= the abort timeout follows the stop timeout. */
        ck_assert(!c.timeout_abort_set);
        ck_assert_uint_eq(c.defaults.timeout_abort, USEC_INFINITY);
        ck_assert_uint_eq(c.defaults.restart_sec, 0);
        ck_assert_uint_eq(c.defaults.start_limit_interval, 0);
        ck_assert_uint_eq(c.defaults.start_limit_burst, 0);
        daemon_config_done(&c);

        load_text(&c, path,
                  "[Manager]\n"
                  "DefaultTimeoutStartSec=infinity\n"
                  "DefaultTimeoutStopSec=30\n"
                  "DefaultTimeoutAbortSec=0\n"
                  "DefaultStartLimitInterval=2min\n");
        ck_assert_uint_eq(c.defaults.timeout_start, USEC_INFINITY);
        ck_assert_uint_eq(c.defaults.timeout_stop, 30 * USEC_PER_SEC);
        ck_assert(c.timeout_abort_set);
        ck_assert_uint_eq(c.defaults.timeout_abort, 0);
        ck_assert_uint_eq(c.defaults.start_limit_interval, 2 * USEC_PER_MINUTE);
        daemon_config_done(&c);

        load_text(&c, path, "[Manager]\nDefaultTimeoutStopSec=45s\n");
        ck_assert(!c.timeout_abort_set);
        ck_assert_uint_eq(c.defaults.timeout_abort, 45 * USEC_PER_SEC);
        daemon_config_done(&c);
        ck_assert_int_eq(strv_length(logged), 0);
}
END_TEST

START_TEST(test_outputs) {
        static const struct {
                const char *text;
                ExecOutput o;
        } ok[] = {
                { "inherit", EXEC_OUTPUT_INHERIT },
                { "null", EXEC_OUTPUT_NULL },
                { "tty", EXEC_OUTPUT_TTY },
                { "journal", EXEC_OUTPUT_JOURNAL },
                { "syslog", EXEC_OUTPUT_SYSLOG },
                { "kmsg", EXEC_OUTPUT_KMSG },
                { "journal+console", EXEC_OUTPUT_JOURNAL_AND_CONSOLE },
                { "syslog+console", EXEC_OUTPUT_SYSLOG_AND_CONSOLE },
                { "kmsg+console", EXEC_OUTPUT_KMSG_AND_CONSOLE },
        };
        static const char *const refused[] = {
                "socket", "fd", "fd:name", "file:/x", "append:/x", "truncate:/x",
        };
        char path[512], text[128];
        DaemonConfig c;

        for (size_t i = 0; i < ELEMENTSOF(ok); i++) {
                snprintf(text, sizeof(text), "[Manager]\nDefaultStandardOutput=%s\nDefaultStandardError=%s\n",
                         ok[i].text, ok[i].text);
                load_text(&c, path, text);
                ck_assert_int_eq(c.default_std_output, ok[i].o);
                ck_assert_int_eq(c.default_std_error, ok[i].o);
                daemon_config_done(&c);
        }
        ck_assert_int_eq(strv_length(logged), 0);
        for (size_t i = 0; i < ELEMENTSOF(refused); i++) {
                snprintf(text, sizeof(text), "[Manager]\nDefaultStandardError=%s\n", refused[i]);
                load_text(&c, path, text);
                ck_assert_int_eq(c.default_std_error, EXEC_OUTPUT_INHERIT);
                ck_assert_int_eq(strv_length(logged), i + 1);
                daemon_config_done(&c);
        }
}
END_TEST

START_TEST(test_files) {
        char path[512], missing[600];
        DaemonConfig c;

        daemon_config_init(&c);
        snprintf(missing, sizeof(missing), "%s/does-not-exist.conf", tmpdir);
        ck_assert_int_eq(daemon_config_load(&c, missing, false), 0);
        ck_assert_int_eq(daemon_config_load(&c, missing, true), -ENOENT);
        ck_assert_int_eq(daemon_config_load(&c, tmpdir, false), -EISDIR);
        ck_assert_int_eq(daemon_config_load(&c, tmpdir, true), -EISDIR);
        snprintf(missing, sizeof(missing), "%s/no-such-dir/x.conf", tmpdir);
        ck_assert_int_eq(daemon_config_load(&c, missing, true), -ENOENT);
        /* /dev/null is an empty file (a settings file linked to /dev/null is disabled). */
        ck_assert_int_eq(daemon_config_load(&c, "/dev/null", true), 0);
        ck_assert_int_eq(daemon_config_load(&c, "/dev/zero", true), -EBADFD);
        assert_builtin_defaults(&c);
        ck_assert_int_eq(strv_length(logged), 0);

        /* An empty file and a file without a newline at the end. */
        write_file(path, "", 0);
        ck_assert_int_eq(daemon_config_load(&c, path, true), 0);
        assert_builtin_defaults(&c);
        write_file(path, "[Manager]\nMaxUnits=3", strlen("[Manager]\nMaxUnits=3"));
        ck_assert_int_eq(daemon_config_load(&c, path, true), 0);
        ck_assert_uint_eq(c.max_units, 3);

        /* Loading a second file layers it over the first. */
        write_file(path, "[Manager]\nLogLevel=err\n", strlen("[Manager]\nLogLevel=err\n"));
        ck_assert_int_eq(daemon_config_load(&c, path, true), 0);
        ck_assert_uint_eq(c.max_units, 3);
        ck_assert_int_eq(c.log_level, LOG_ERR);
        daemon_config_done(&c);

        /* Too big. */
        {
                _cleanup_free_ char *big = malloc(DAEMON_CONFIG_FILE_MAX + 1);

                ck_assert_ptr_nonnull(big);
                memset(big, '#', DAEMON_CONFIG_FILE_MAX + 1);
                write_file(path, big, DAEMON_CONFIG_FILE_MAX + 1);
                daemon_config_init(&c);
                ck_assert_int_eq(daemon_config_load(&c, path, true), -EFBIG);
                write_file(path, big, DAEMON_CONFIG_FILE_MAX);
                ck_assert_int_eq(daemon_config_load(&c, path, true), 0);
                daemon_config_done(&c);
        }

        /* A FIFO is refused without blocking. */
        snprintf(missing, sizeof(missing), "%s/fifo", tmpdir);
        ck_assert_int_eq(mkfifo(missing, 0600), 0);
        ck_assert_int_eq(daemon_config_load(&c, missing, true), -EBADFD);
        ck_assert_int_eq(unlink(missing), 0);

        /* Unreadable (unless we are root). */
        if (geteuid() != 0) {
                write_file(path, "[Manager]\n", 10);
                ck_assert_int_eq(chmod(path, 0), 0);
                ck_assert_int_eq(daemon_config_load(&c, path, false), -EACCES);
        }
}
END_TEST

START_TEST(test_default_path) {
        _cleanup_free_ char *p = NULL;

        ck_assert_int_eq(daemon_config_default_path(UNIT_SCOPE_SYSTEM, &p), 0);
        ck_assert(endswith(p, "/sockact/sockactd.conf"));
        ck_assert_int_eq(p[0], '/');
        p = mfree_ptr(p);

        ck_assert_int_eq(setenv("XDG_CONFIG_HOME", "/home/u/.cfg", 1), 0);
        ck_assert_int_eq(setenv("HOME", "/home/u", 1), 0);
        ck_assert_int_eq(daemon_config_default_path(UNIT_SCOPE_USER, &p), 0);
        ck_assert_str_eq(p, "/home/u/.cfg/sockact/sockactd.conf");
        p = mfree_ptr(p);

        ck_assert_int_eq(setenv("XDG_CONFIG_HOME", "relative", 1), 0);
        ck_assert_int_eq(daemon_config_default_path(UNIT_SCOPE_USER, &p), 0);
        ck_assert_str_eq(p, "/home/u/.config/sockact/sockactd.conf");
        p = mfree_ptr(p);

        ck_assert_int_eq(unsetenv("XDG_CONFIG_HOME"), 0);
        ck_assert_int_eq(daemon_config_default_path(UNIT_SCOPE_USER, &p), 0);
        ck_assert_str_eq(p, "/home/u/.config/sockact/sockactd.conf");
        p = mfree_ptr(p);

        ck_assert_int_eq(unsetenv("HOME"), 0);
        ck_assert_int_eq(daemon_config_default_path(UNIT_SCOPE_USER, &p), -ENXIO);
        ck_assert_ptr_null(p);
}
END_TEST

/* Slurp a file of the source tree ($top_srcdir, as make check exports it, else the current directory). */
static char *read_source_file(const char *rel) {
        const char *top = getenv("top_srcdir");
        char path[1024], *buf;
        FILE *f;
        long n;

        snprintf(path, sizeof(path), "%s/%s", top ?: ".", rel);
        f = fopen(path, "re");
        ck_assert_msg(f, "cannot open %s (set top_srcdir)", path);
        ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        ck_assert_int_ge(n, 0);
        rewind(f);
        buf = malloc((size_t) n + 1);
        ck_assert_ptr_nonnull(buf);
        ck_assert_uint_eq(fread(buf, 1, (size_t) n, f), (size_t) n);
        buf[n] = '\0';
        fclose(f);
        return buf;
}

/* contrib/sockactd.conf shows every key at its default, and sockactd.conf(5) documents every key: with all
 * "#Key=value" lines uncommented the sample loads without a message and changes nothing. */
START_TEST(test_sample_file) {
        _cleanup_free_ char *sample = read_source_file("contrib/sockactd.conf");
        _cleanup_free_ char *man = read_source_file("man/sockactd.conf.5");
        _cleanup_free_ char *text = strdup("");
        char path[512];
        unsigned n_keys = 0;
        DaemonConfig c;

        ck_assert_ptr_nonnull(text);
        for (char *line = sample, *next; line && *line; line = next) {
                char *t;

                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                if (line[0] == '#' && line[1] >= 'A' && line[1] <= 'Z' && strchr(line, '=')) {
                        char item[128];
                        int len = (int) (strchr(line, '=') - line - 1);

                        n_keys++;
                        line++;
                        snprintf(item, sizeof(item), "\n.It Va %.*s= ", len, line);
                        ck_assert_msg(strstr(man, item), "sockactd.conf.5 lacks '%s'", item + 1);
                }
                t = strjoin(text, line, "\n");
                ck_assert_ptr_nonnull(t);
                free_and_replace_str(&text, t);
        }
        /* Every key except the old name DefaultStartLimitInterval=. */
        ck_assert_uint_eq(n_keys, 31);

        load_text(&c, path, text);
        ck_assert_int_eq(strv_length(logged), 0);
        assert_builtin_defaults(&c);
        daemon_config_done(&c);
}
END_TEST

int main(void) {
        Suite *s = suite_create("daemon-config");
        TCase *tc = tcase_create("core");
        SRunner *sr;
        const char *t = getenv("TMPDIR");
        int failed;

        snprintf(tmpdir, sizeof(tmpdir), "%s/test-daemon-config.XXXXXX", t && t[0] == '/' ? t : "/tmp");
        if (!mkdtemp(tmpdir)) {
                perror("mkdtemp");
                return 99;
        }

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_init_defaults);
        tcase_add_test(tc, test_every_key);
        tcase_add_test(tc, test_log_values);
        tcase_add_test(tc, test_bad_values_keep_defaults);
        tcase_add_test(tc, test_special_messages);
        tcase_add_test(tc, test_unknown_keys_and_sections);
        tcase_add_test(tc, test_syntax);
        tcase_add_test(tc, test_bad_lines);
        tcase_add_test(tc, test_nul_byte);
        tcase_add_test(tc, test_long_lines);
        tcase_add_test(tc, test_indented_line_is_not_a_continuation);
        tcase_add_test(tc, test_empty_resets);
        tcase_add_test(tc, test_timeouts);
        tcase_add_test(tc, test_outputs);
        tcase_add_test(tc, test_files);
        tcase_add_test(tc, test_default_path);
        tcase_add_test(tc, test_sample_file);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);

        /* Every test writes its files into tmpdir (f0.conf, f1.conf, ... in each forked test process). */
        for (unsigned i = 0; i < 1000; i++) {
                char p[512];

                snprintf(p, sizeof(p), "%s/f%u.conf", tmpdir, i);
                (void) unlink(p);
        }
        (void) rmdir(tmpdir);
        return failed == 0 ? 0 : 1;
}
