/* SPDX-License-Identifier: MIT */
/* exec_spawn(): real processes running tests/tools/exec-report, whose report shows what the service got. */
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "env-util.h"
#include "exec.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

static char tmp[64];
static const char *report_bin;
static char **messages;
static char *const manager_env[] = { (char *) "PATH=" EXEC_SEARCH_PATH_DEFAULT, NULL };

static void capture(int level, const char *m, void *u) {
        ck_assert_int_eq(strv_extend(&messages, m), 0);
}

static const char *find_report_bin(void) {
        static char buf[4096];
        const char *e = getenv("EXEC_REPORT"), *b = getenv("top_builddir");

        if (!isempty(e))
                return e;
        snprintf(buf, sizeof(buf), "%s/tests/tools/exec-report", isempty(b) ? "." : b);
        return buf;
}

static void setup(void) {
        snprintf(tmp, sizeof(tmp), "/tmp/test-exec-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(tmp));
        report_bin = find_report_bin();
        ck_assert_msg(access(report_bin, X_OK) == 0, "exec-report not found at %s (set $EXEC_REPORT)",
                      report_bin);
        messages = strv_free(messages);
        log_set_sink(capture, NULL);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
        return remove(p);
}

static void teardown(void) {
        (void) nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        messages = strv_free(messages);
        log_set_sink(NULL, NULL);
}

_printf_(1, 2) static char *tmp_path(const char *fmt, ...) {
        _cleanup_free_ char *rel = NULL;
        char *r;
        va_list ap;

        va_start(ap, fmt);
        ck_assert_int_ge(vasprintf(&rel, fmt, ap), 0);
        va_end(ap);
        ck_assert_int_ge(asprintf(&r, "%s/%s", tmp, rel), 0);
        return r;
}

static void write_file(const char *path, const char *text) {
        FILE *f = fopen(path, "we");

        ck_assert_ptr_nonnull(f);
        ck_assert_int_ge(fputs(text, f), 0);
        ck_assert_int_eq(fclose(f), 0);
}

static char *read_file(const char *path) {
        char *buf = NULL;
        size_t n = 0;
        FILE *f = fopen(path, "re");

        ck_assert_msg(f, "cannot read %s", path);
        ck_assert_int_eq(getdelim(&buf, &n, '\0', f) >= 0 || feof(f), 1);
        fclose(f);
        return buf ?: strdup("");
}

static char *read_fd_all(int fd) {
        char *buf = NULL;
        size_t n = 0;
        char b[4096];
        ssize_t k;

        while ((k = read(fd, b, sizeof(b))) > 0) {
                buf = realloc(buf, n + (size_t) k + 1);
                ck_assert_ptr_nonnull(buf);
                memcpy(buf + n, b, (size_t) k);
                n += (size_t) k;
        }
        if (!buf)
                buf = calloc(1, 1);
        buf[n] = '\0';
        return buf;
}

/* Load "[Service]\n" + body; "@R" in body stands for the exec-report binary. */
_printf_(1, 2) static UnitFile *load(const char *fmt, ...) {
        _cleanup_free_ char *body = NULL, *text = NULL;
        UnitFile *u = NULL;
        va_list ap;
        char *at;

        va_start(ap, fmt);
        ck_assert_int_ge(vasprintf(&body, fmt, ap), 0);
        va_end(ap);
        text = strjoin("[Service]\n", body);
        ck_assert_ptr_nonnull(text);
        while ((at = strstr(text, "@R"))) {
                char *n;

                *at = '\0';
                n = strjoin(text, report_bin, at + 2);
                ck_assert_ptr_nonnull(n);
                free_and_replace_str(&text, n);
        }
        ck_assert_int_eq(unit_file_load_from_text("test.service", "/tmp/test.service", text, strlen(text), NULL,
                                                  NULL, &u), 0);
        ck_assert_msg(u->load_error == 0, "load error: %s", strna(u->load_error_reason));
        return u;
}

static ExecParameters params(void) {
        return (ExecParameters) {
                .unit = "test.service",
                .stdin_fd = -EBADF,
                .log_fd = -EBADF,
                .manager_environment = manager_env,
                .apply_credentials = true,
        };
}

/* Spawn the unit's ExecStart= and wait for it; the wait status. */
static int run(UnitFile *u, const ExecParameters *p) {
        pid_t pid = 0;
        int status;

        ck_assert_int_eq(exec_spawn(u->service.exec_start, &u->service.exec, p, &pid), 0);
        ck_assert_int_gt(pid, 0);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        return status;
}

static void run_ok(UnitFile *u, const ExecParameters *p) {
        int status = run(u, p);

        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "service failed: status 0x%x", status);
}

static int run_exit_code(UnitFile *u, const ExecParameters *p) {
        int status = run(u, p);

        ck_assert_msg(WIFEXITED(status), "service killed: status 0x%x", status);
        return WEXITSTATUS(status);
}

static bool has_line(const char *report, const char *line) {
        size_t n = strlen(line);

        for (const char *p = report; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
                if (strneq(p, line, n) && IN_SET(p[n], '\n', '\0'))
                        return true;
        return false;
}

_printf_(2, 3) static void assert_line(const char *report, const char *fmt, ...) {
        _cleanup_free_ char *line = NULL;
        va_list ap;

        va_start(ap, fmt);
        ck_assert_int_ge(vasprintf(&line, fmt, ap), 0);
        va_end(ap);
        ck_assert_msg(has_line(report, line), "missing line \"%s\" in report:\n%s", line, report);
}

_printf_(2, 3) static void assert_no_line(const char *report, const char *fmt, ...) {
        _cleanup_free_ char *line = NULL;
        va_list ap;

        va_start(ap, fmt);
        ck_assert_int_ge(vasprintf(&line, fmt, ap), 0);
        va_end(ap);
        ck_assert_msg(!has_line(report, line), "unexpected line \"%s\" in report:\n%s", line, report);
}

/* The lines starting with prefix, joined by '|'; the value of $SYSTEMD_EXEC_PID shows as "<pid>". */
static char *lines_with(const char *report, const char *prefix) {
        _cleanup_strv_free_ char **l = NULL;
        size_t n = strlen(prefix);

        for (const char *p = report; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
                if (strneq(p, prefix, n)) {
                        size_t len = strcspn(p, "\n");

                        if (startswith(p, "env SYSTEMD_EXEC_PID="))
                                ck_assert_int_eq(strv_extend(&l, "env SYSTEMD_EXEC_PID=<pid>"), 0);
                        else
                                ck_assert_int_eq(strv_consume(&l, strndup(p, len)), 0);
                }
        return l ? strv_join(l, "|") : strdup("");
}

static bool has_message(const char *needle) {
        STRV_FOREACH(m, messages)
                if (strstr(*m, needle))
                        return true;
        return false;
}

/* ---- tests ---- */

START_TEST(test_process_settings) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *r = NULL, *fds = NULL, *env = NULL;
        ExecParameters p = params();
        struct sigaction sa = { .sa_handler = SIG_IGN };
        sigset_t mask;
        int leak[4], pipefd[2];

        /* what the daemon might have: blocked and ignored signals, a handler, fds with and without CLOEXEC */
        sigemptyset(&mask);
        sigaddset(&mask, SIGUSR1);
        sigaddset(&mask, SIGTERM);
        ck_assert_int_eq(sigprocmask(SIG_BLOCK, &mask, NULL), 0);
        ck_assert_int_eq(sigaction(SIGPIPE, &sa, NULL), 0);
        ck_assert_int_eq(sigaction(SIGUSR2, &sa, NULL), 0);
        sa.sa_handler = (void (*)(int)) abort;
        ck_assert_int_eq(sigaction(SIGHUP, &sa, NULL), 0);
        leak[0] = open("/dev/null", O_RDONLY);
        leak[1] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        leak[2] = fcntl(leak[0], F_DUPFD, 77);
        leak[3] = fcntl(leak[0], F_DUPFD_CLOEXEC, 200);
        ck_assert_int_eq(pipe(pipefd), 0);
        for (size_t i = 0; i < ELEMENTSOF(leak); i++)
                ck_assert_int_ge(leak[i], 0);

        u = load("ExecStart=@R %s\nEnvironment=A=1 \"B=two words\"\nUMask=0077\nNice=5\nLimitNOFILE=123:456\n"
                 "LimitCORE=0\nWorkingDirectory=/tmp\nOOMScoreAdjust=123\n", out);
        run_ok(u, &p);
        r = read_file(out);

        assert_line(r, "argc 2");
        assert_line(r, "argv[0] %s", report_bin);
        assert_line(r, "argv[1] %s", out);
        env = lines_with(r, "env ");
        ck_assert_str_eq(env, "env A=1|env B=two words|env PATH=" EXEC_SEARCH_PATH_DEFAULT
                              "|env SYSTEMD_EXEC_PID=<pid>");
        assert_line(r, "exec_pid match");
        assert_line(r, "listen_fds unset");
        assert_line(r, "listen_pid unset");
        assert_line(r, "listen_fdnames unset");
        assert_line(r, "umask 0077");
        assert_line(r, "nice 5");
        assert_line(r, "oom_score_adj 123");
        assert_line(r, "rlimit NOFILE 123 456");
        assert_line(r, "rlimit CORE 0 0");
        assert_line(r, "cwd /tmp");
        assert_line(r, "session_leader yes");
        assert_line(r, "pgrp_leader yes");
        assert_line(r, "sigmask empty");
        free(env);
        env = lines_with(r, "sigdisp ");
        ck_assert_str_eq(env, "sigdisp 13 ignored"); /* IgnoreSIGPIPE=yes, everything else default */
        assert_line(r, "no_new_privs 0");
        /* stdin null, stdout journal without a log fd: /dev/null, stderr inherits stdout; nothing else */
        fds = lines_with(r, "fd ");
        ck_assert_str_eq(fds, "fd 0 /dev/null|fd 1 /dev/null|fd 2 /dev/null");
        assert_line(r, "fdflags 0 cloexec=0 nonblock=0 access=r append=0");
        assert_line(r, "fdflags 1 cloexec=0 nonblock=0 access=w append=0");
        assert_line(r, "fdflags 2 cloexec=0 nonblock=0 access=w append=0");
}
END_TEST

START_TEST(test_defaults_and_sigpipe) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *r = NULL, *sig = NULL;
        ExecParameters p = params();

        u = load("ExecStart=@R %s\nIgnoreSIGPIPE=no\n", out);
        run_ok(u, &p);
        r = read_file(out);
        assert_line(r, "cwd /"); /* no WorkingDirectory=: the root directory */
        assert_line(r, "umask 0022");
        sig = lines_with(r, "sigdisp ");
        ck_assert_str_eq(sig, "");
}
END_TEST

START_TEST(test_scheduling) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *r = NULL;
        ExecParameters p = params();

        u = load("ExecStart=@R %s\nIOSchedulingClass=idle\nTimerSlackNSec=100us\nCPUSchedulingPolicy=batch\n"
                 "CPUSchedulingResetOnFork=yes\n", out);
        run_ok(u, &p);
        r = read_file(out);
        assert_line(r, "ioprio %d", 3 << 13);
        assert_line(r, "timerslack 100000");
        assert_line(r, "sched policy=%d priority=0 reset_on_fork=1", SCHED_BATCH);
        free(r);

        v = load("ExecStart=@R %s\nIOSchedulingPriority=6\n", out);
        run_ok(v, &p);
        r = read_file(out);
        assert_line(r, "ioprio %d", (2 << 13) | 6); /* best-effort */
        assert_line(r, "sched policy=%d priority=0 reset_on_fork=0", SCHED_OTHER);
}
END_TEST

START_TEST(test_argv_expansion) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *out2 = tmp_path("report2"), *r = NULL, *argv = NULL;
        ExecParameters p = params();

        u = load("ExecStart=@R %s $A ${B} $B \"${B}x\" $$C $UNSET ${UNSET} end\n"
                 "Environment=A=1 \"B=two words\"\n", out);
        run_ok(u, &p);
        r = read_file(out);
        argv = lines_with(r, "argv[");
        ck_assert_msg(startswith(argv, "argv[0] ") && strstr(argv, "|argv[1] /tmp/test-exec-"), "%s", argv);
        assert_line(r, "argc 10");
        assert_line(r, "argv[2] 1");
        assert_line(r, "argv[3] two words");
        assert_line(r, "argv[4] two");
        assert_line(r, "argv[5] words");
        assert_line(r, "argv[6] two wordsx");
        assert_line(r, "argv[7] $C");
        assert_line(r, "argv[8] "); /* ${UNSET}: one empty word; $UNSET: none */
        assert_line(r, "argv[9] end");

        free(r);
        v = load("ExecStart=:@R %s $A ${B} $$C\nEnvironment=A=1\n", out2);
        run_ok(v, &p);
        r = read_file(out2);
        assert_line(r, "argc 5");
        assert_line(r, "argv[2] $A");
        assert_line(r, "argv[3] ${B}");
        assert_line(r, "argv[4] $$C");
}
END_TEST

START_TEST(test_environment_composition) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *envf = tmp_path("env"), *dir = tmp_path("env.d"),
                            *a = tmp_path("env.d/a.conf"), *b = tmp_path("env.d/b.conf"), *r = NULL,
                            *env = NULL, *joined = NULL;
        _cleanup_strv_free_ char **l = NULL;
        char *const menv[] = { (char *) "PATH=/bin", (char *) "M=manager", (char *) "X=manager", NULL };
        char *const extra[] = { (char *) "X=extra", (char *) "Y=extra", (char *) "NOTIFY_SOCKET=/run/n",
                                NULL };
        ExecParameters p = params();

        write_file(envf, "# comment\nZ=file\nW=\"file value\"\n");
        ck_assert_int_eq(mkdir(dir, 0755), 0);
        write_file(a, "G=a\nH=a\n");
        write_file(b, "H=b\n");
        ck_assert_int_eq(setenv("PASSME", "passed", 1), 0);
        ck_assert_int_eq(unsetenv("NOTSET"), 0);
        p.manager_environment = menv;
        p.extra_environment = extra;
        u = load("ExecStart=@R %s\nPassEnvironment=PASSME NOTSET\nEnvironment=Y=unit Z=unit NOTIFY_SOCKET=/mine\n"
                 "EnvironmentFile=%s\nEnvironmentFile=-%s/missing\nEnvironmentFile=%s/*.conf\n"
                 "UnsetEnvironment=M W=nomatch Y=unit\n",
                 out, envf, tmp, dir);

        ck_assert_int_eq(exec_build_environment(&u->service.exec, &p, &l), 0);
        joined = strv_join(l, "|");
        ck_assert_str_eq(joined, "PATH=/bin|X=extra|NOTIFY_SOCKET=/mine|SYSTEMD_EXEC_PID=" EXEC_PID_PLACEHOLDER
                                 "|PASSME=passed|Z=file|W=file value|G=a|H=b");

        run_ok(u, &p);
        r = read_file(out);
        env = lines_with(r, "env ");
        ck_assert_str_eq(env, "env G=a|env H=b|env NOTIFY_SOCKET=/mine|env PASSME=passed|env PATH=/bin|"
                              "env SYSTEMD_EXEC_PID=<pid>|env W=file value|env X=extra|env Z=file");
        assert_line(r, "exec_pid match");
}
END_TEST

/* The environment is built without copying the manager's: check it against the straightforward build
 * (copy, merge each source in order, clean, unset), also for invalid assignments, which replace the
 * manager's in place and are then dropped. */
START_TEST(test_environment_reference) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_strv_free_ char **l = NULL, **ref = NULL;
        _cleanup_free_ char *joined = NULL, *want = NULL;
        char *const menv[] = { (char *) "PATH=/bin", (char *) "M=manager", (char *) "K=keep",
                               (char *) "E=manager", (char *) "U=manager", NULL };
        char *const extra[] = { (char *) "M=\xff", (char *) "N=\xfe", (char *) "E=extra",
                                (char *) "O=extra", (char *) "U=extra", NULL };
        char *const ours[] = { (char *) "SYSTEMD_EXEC_PID=" EXEC_PID_PLACEHOLDER, NULL };
        ExecParameters p = params();

        p.manager_environment = menv;
        p.extra_environment = extra;
        u = load("ExecStart=/bin/true\nEnvironment=O=unit E=unit P=unit\n"
                 "UnsetEnvironment=U K=nomatch P=unit\n");
        ck_assert_int_eq(exec_build_environment(&u->service.exec, &p, &l), 0);

        ref = strv_copy(menv);
        ck_assert_ptr_nonnull(ref);
        ck_assert_int_ge(strv_env_merge(&ref, extra), 0);
        ck_assert_int_ge(strv_env_merge(&ref, ours), 0);
        ck_assert_int_ge(strv_env_merge(&ref, u->service.exec.environment), 0);
        ck_assert_int_ge(strv_env_clean(ref), 0);
        STRV_FOREACH(x, u->service.exec.unset_environment)
                (void) strv_env_unset(ref, *x);
        want = strv_join(ref, "|");
        joined = strv_join(l, "|");
        ck_assert_str_eq(joined, want);
        ck_assert_str_eq(joined, "PATH=/bin|K=keep|E=unit|O=unit|SYSTEMD_EXEC_PID=" EXEC_PID_PLACEHOLDER);
}
END_TEST

/* The daemon passes a snapshot of its dispositions: the child resets only what differs from the default
 * and the service sees the same as with a full reset. */
START_TEST(test_signals_snapshot) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *r = NULL, *sig = NULL;
        ExecParameters p = params();
        struct sigaction sa = { .sa_handler = SIG_IGN };
        ExecSignals snap;
        sigset_t mask;

        sigemptyset(&mask);
        sigaddset(&mask, SIGUSR1);
        ck_assert_int_eq(sigprocmask(SIG_BLOCK, &mask, NULL), 0);
        ck_assert_int_eq(sigaction(SIGPIPE, &sa, NULL), 0);
        ck_assert_int_eq(sigaction(SIGUSR2, &sa, NULL), 0);
        sa.sa_handler = (void (*)(int)) abort;
        ck_assert_int_eq(sigaction(SIGHUP, &sa, NULL), 0);
        ck_assert_int_eq(exec_signals_snapshot(&snap), 0);
        /* (check itself may have handlers of its own, e.g. for SIGALRM) */
        ck_assert(snap.ignored & (UINT64_C(1) << (SIGPIPE - 1)));
        ck_assert(snap.ignored & (UINT64_C(1) << (SIGUSR2 - 1)));
        ck_assert(snap.caught & (UINT64_C(1) << (SIGHUP - 1)));
        ck_assert(!(snap.caught & snap.ignored));
        ck_assert(!(snap.ignored & (UINT64_C(1) << (SIGTERM - 1))));
        p.signals = &snap;

        u = load("ExecStart=@R %s\n", out);
        run_ok(u, &p);
        r = read_file(out);
        assert_line(r, "sigmask empty");
        sig = lines_with(r, "sigdisp ");
        ck_assert_str_eq(sig, "sigdisp 13 ignored");
        free(r);
        free(sig);

        v = load("ExecStart=@R %s\nIgnoreSIGPIPE=no\n", out);
        run_ok(v, &p);
        r = read_file(out);
        assert_line(r, "sigmask empty");
        sig = lines_with(r, "sigdisp ");
        ck_assert_str_eq(sig, "");

        /* the daemon's own dispositions are untouched */
        ck_assert_int_eq(sigaction(SIGHUP, NULL, &sa), 0);
        ck_assert_ptr_eq((void *) sa.sa_handler, (void *) abort);
        ck_assert_int_eq(sigaction(SIGUSR2, NULL, &sa), 0);
        ck_assert_ptr_eq((void *) sa.sa_handler, (void *) SIG_IGN);
}
END_TEST

START_TEST(test_environment_file_errors) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL;
        _cleanup_free_ char *out = tmp_path("report");
        ExecParameters p = params();
        pid_t pid = 0;

        u = load("ExecStart=@R %s\nEnvironmentFile=%s/missing\n", out, tmp);
        ck_assert_int_eq(exec_spawn(u->service.exec_start, &u->service.exec, &p, &pid), -ENOENT);
        ck_assert_int_eq(pid, 0);
        ck_assert(has_message("test.service: Failed to load environment files: No such file or directory"));
        ck_assert_int_eq(access(out, F_OK), -1);

        v = load("ExecStart=@R %s\nEnvironmentFile=-%s/missing*\n", out, tmp);
        run_ok(v, &p);
        ck_assert_int_eq(access(out, F_OK), 0);
}
END_TEST

START_TEST(test_manager_environment) {
        _cleanup_strv_free_ char **sys = NULL, **user = NULL;
        _cleanup_free_ char *joined = NULL;

        ck_assert_int_eq(clearenv(), 0);
        ck_assert_int_eq(setenv("LANG", "de_DE.UTF-8", 1), 0);
        ck_assert_int_eq(setenv("LC_TIME", "C", 1), 0);
        ck_assert_int_eq(setenv("FOO_TEST", "bar", 1), 0);
        ck_assert_int_eq(setenv("NOTIFY_SOCKET", "/run/x", 1), 0);
        ck_assert_int_eq(setenv("LISTEN_FDS", "3", 1), 0);
        ck_assert_int_eq(setenv("PATH", "/elsewhere", 1), 0);

        ck_assert_int_eq(exec_manager_environment(false, &sys), 0);
        strv_sort(sys);
        joined = strv_join(sys, "|");
        ck_assert_ptr_nonnull(joined);
        ck_assert_str_eq(joined, "LANG=de_DE.UTF-8|LC_TIME=C|PATH=" EXEC_SEARCH_PATH_DEFAULT);

        ck_assert_int_eq(exec_manager_environment(true, &user), 0);
        ck_assert_str_eq(strv_env_get(user, "FOO_TEST"), "bar");
        ck_assert_str_eq(strv_env_get(user, "LANG"), "de_DE.UTF-8");
        ck_assert_str_eq(strv_env_get(user, "PATH"), EXEC_SEARCH_PATH_DEFAULT);
        ck_assert_ptr_null(strv_env_get(user, "NOTIFY_SOCKET"));
        ck_assert_ptr_null(strv_env_get(user, "LISTEN_FDS"));
}
END_TEST

static int listening_unix_socket(const char *path) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

        ck_assert_int_ge(fd, 0);
        ck_assert_int_lt(strlen(path), sizeof(sa.sun_path));
        strcpy(sa.sun_path, path);
        ck_assert_int_eq(bind(fd, (struct sockaddr *) &sa, sizeof(sa)), 0);
        ck_assert_int_eq(listen(fd, 5), 0);
        return fd;
}

static int dgram_socket(void) {
        int sp[2];

        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sp), 0);
        close(sp[1]);
        return sp[0];
}

START_TEST(test_listen_fds) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *out2 = tmp_path("report2"), *sock = tmp_path("sock"),
                            *r = NULL, *fds_lines = NULL;
        char *const names[] = { (char *) "web.socket", (char *) "other", NULL };
        ExecParameters p = params();
        int fds[2], leak[3];

        fds[0] = listening_unix_socket(sock);
        fds[1] = dgram_socket();
        leak[0] = open("/dev/null", O_RDONLY);
        leak[1] = fcntl(leak[0], F_DUPFD, 3 + 40);
        leak[2] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        p.fds = fds;
        p.n_fds = 2;
        p.fd_names = names;
        p.pass_listen_env = true;

        u = load("ExecStart=@R %s\n", out);
        run_ok(u, &p);
        r = read_file(out);
        fds_lines = lines_with(r, "fd ");
        ck_assert_msg(startswith(fds_lines, "fd 0 /dev/null|fd 1 /dev/null|fd 2 /dev/null|fd 3 socket:[") &&
                              strstr(fds_lines, "]|fd 4 socket:[") && endswith(fds_lines, "]") &&
                              !strstr(fds_lines, "fd 5"),
                      "%s", fds_lines);
        assert_line(r, "fdsock 3 type=stream family=unix listening=1");
        assert_line(r, "fdsock 4 type=dgram family=unix listening=0");
        assert_line(r, "fdflags 3 cloexec=0 nonblock=0 access=rw append=0");
        assert_line(r, "fdflags 4 cloexec=0 nonblock=0 access=rw append=0");
        assert_line(r, "listen_fds 2");
        assert_line(r, "listen_fdnames web.socket:other");
        assert_line(r, "listen_pid match");
        assert_line(r, "env LISTEN_FDS=2");

        /* NonBlocking=yes; no names; no LISTEN_* at all without pass_listen_env */
        p.non_blocking = true;
        p.fd_names = NULL;
        v = load("ExecStart=@R %s\n", out2);
        run_ok(v, &p);
        free(r);
        r = read_file(out2);
        assert_line(r, "fdflags 3 cloexec=0 nonblock=1 access=rw append=0");
        assert_line(r, "fdflags 4 cloexec=0 nonblock=1 access=rw append=0");
        assert_line(r, "listen_fdnames unset");
        assert_line(r, "listen_fds 2");

        p.pass_listen_env = false;
        run_ok(v, &p);
        free(r);
        r = read_file(out2);
        assert_line(r, "listen_fds unset");
        assert_line(r, "listen_pid unset");
        assert_line(r, "fdsock 4 type=dgram family=unix listening=0");
}
END_TEST

/* Put a at fd 3 and b at fd 4 (saving what was there), spawn with the given order, restore. */
static char *run_with_fds_at_3_and_4(UnitFile *u, const char *out, int a, int b, const int *order) {
        ExecParameters p = params();
        int saved3 = fcntl(3, F_DUPFD_CLOEXEC, 100), saved4 = fcntl(4, F_DUPFD_CLOEXEC, 100), status;
        pid_t pid = 0;

        ck_assert_int_eq(dup2(a, 3), 3);
        ck_assert_int_eq(dup2(b, 4), 4);
        ck_assert_int_eq(fcntl(3, F_SETFD, FD_CLOEXEC), 0);
        p.fds = order;
        p.n_fds = 2;
        p.pass_listen_env = true;
        status = exec_spawn(u->service.exec_start, &u->service.exec, &p, &pid);
        if (saved3 >= 0)
                dup2(saved3, 3);
        else
                close(3);
        if (saved4 >= 0)
                dup2(saved4, 4);
        else
                close(4);
        safe_close(saved3);
        safe_close(saved4);
        ck_assert_int_eq(status, 0);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_int_eq(status, 0);
        return read_file(out);
}

START_TEST(test_fd_overlap) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *sock = tmp_path("sock"), *r = NULL;
        static const int swapped[2] = { 4, 3 }, same[2] = { 3, 4 }, twice[2] = { 4, 4 };
        int stream = listening_unix_socket(sock), dgram = dgram_socket();

        u = load("ExecStart=@R %s\n", out);

        /* 3 = stream, 4 = dgram in the parent; passed as 4, 3: the child must see dgram at 3 */
        r = run_with_fds_at_3_and_4(u, out, stream, dgram, swapped);
        assert_line(r, "fdsock 3 type=dgram family=unix listening=0");
        assert_line(r, "fdsock 4 type=stream family=unix listening=1");
        assert_line(r, "fdflags 3 cloexec=0 nonblock=0 access=rw append=0");
        assert_no_line(r, "fd 5");
        free(r);

        r = run_with_fds_at_3_and_4(u, out, stream, dgram, same);
        assert_line(r, "fdsock 3 type=stream family=unix listening=1");
        assert_line(r, "fdsock 4 type=dgram family=unix listening=0");
        assert_line(r, "fdflags 3 cloexec=0 nonblock=0 access=rw append=0");
        free(r);

        r = run_with_fds_at_3_and_4(u, out, stream, dgram, twice);
        assert_line(r, "fdsock 3 type=dgram family=unix listening=0");
        assert_line(r, "fdsock 4 type=dgram family=unix listening=0");
        assert_line(r, "listen_fds 2");
}
END_TEST

START_TEST(test_stdio_files) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL, *w = NULL, *x = NULL;
        _cleanup_free_ char *fileout = tmp_path("file.out"), *appendout = tmp_path("append.out"),
                            *truncout = tmp_path("trunc.out"), *errout = tmp_path("err.out"),
                            *in = tmp_path("in"), *r = NULL;
        ExecParameters p = params();
        struct stat st;
        char junk[20000];

        memset(junk, '#', sizeof(junk) - 1);
        junk[sizeof(junk) - 1] = '\0';

        /* file: writes from the start without truncating; a new file gets 0666 & ~UMask */
        write_file(fileout, junk);
        u = load("ExecStart=@R -\nStandardOutput=file:%s\nStandardError=file:%s\nUMask=0027\n", fileout, errout);
        run_ok(u, &p);
        r = read_file(fileout);
        ck_assert(startswith(r, "pid "));
        ck_assert(endswith(r, "####"));
        assert_line(r, "fd 1 %s", fileout);
        assert_line(r, "fd 2 %s", errout);
        assert_line(r, "fdflags 1 cloexec=0 nonblock=0 access=w append=0");
        ck_assert_int_eq(stat(errout, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0640);
        free(r);

        /* append: twice, both reports kept; stderr follows stdout */
        v = load("ExecStart=@R -\nStandardOutput=append:%s\n", appendout);
        run_ok(v, &p);
        run_ok(v, &p);
        r = read_file(appendout);
        ck_assert_ptr_nonnull(strstr(strstr(r, "argc 2\n") + 1, "argc 2\n"));
        assert_line(r, "fdflags 1 cloexec=0 nonblock=0 access=w append=1");
        assert_line(r, "fd 2 %s", appendout);
        free(r);

        /* truncate: the junk is gone */
        write_file(truncout, junk);
        w = load("ExecStart=@R -\nStandardOutput=truncate:%s\n", truncout);
        run_ok(w, &p);
        r = read_file(truncout);
        ck_assert(startswith(r, "pid "));
        ck_assert_ptr_null(strchr(r, '#'));
        ck_assert(endswith(r, "\n"));
        free(r);

        /* input from a file, echoed */
        write_file(in, "line one\nline two\n");
        x = load("ExecStart=@R - echo\nStandardInput=file:%s\nStandardOutput=truncate:%s\n", in, truncout);
        run_ok(x, &p);
        r = read_file(truncout);
        assert_line(r, "fd 0 %s", in);
        assert_line(r, "fdflags 0 cloexec=0 nonblock=0 access=r append=0");
        ck_assert(endswith(r, "\nline one\nline two\n"));
}
END_TEST

START_TEST(test_stdio_data) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("out"), *r = NULL;
        ExecParameters p = params();

        u = load("ExecStart=@R - echo\nStandardInputText=hello\nStandardInputText=world\nStandardOutput=file:%s\n",
                 out);
        run_ok(u, &p);
        r = read_file(out);
        ck_assert(endswith(r, "\nhello\nworld\n"));
        assert_line(r, "fdflags 0 cloexec=0 nonblock=0 access=r append=0");
        ck_assert_msg(strstr(r, "fd 0 /memfd:exec-stdin-data"), "%s", r);
        assert_line(r, "fd 2 %s", out); /* stderr inherits stdout */
}
END_TEST

START_TEST(test_stdio_socket) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *r = NULL, *fds = NULL;
        ExecParameters p = params();
        int sp[2], extra = dgram_socket(), status;
        pid_t pid = 0;

        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sp), 0);
        p.stdin_fd = sp[1];
        p.fds = &extra; /* ignored with StandardInput=socket */
        p.n_fds = 1;
        p.pass_listen_env = true;
        u = load("ExecStart=@R - echo\nStandardInput=socket\n");
        ck_assert_int_eq(exec_spawn(u->service.exec_start, &u->service.exec, &p, &pid), 0);
        close(sp[1]);
        ck_assert_int_eq(fcntl(sp[0], F_SETFL, 0), 0);
        ck_assert_int_eq(write(sp[0], "ping\n", 5), 5);
        ck_assert_int_eq(shutdown(sp[0], SHUT_WR), 0);
        r = read_fd_all(sp[0]);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_int_eq(status, 0);
        ck_assert(endswith(r, "\nping\n"));
        fds = lines_with(r, "fdsock ");
        ck_assert_str_eq(fds, "fdsock 0 type=stream family=unix listening=0|fdsock 1 type=stream family=unix "
                              "listening=0|fdsock 2 type=stream family=unix listening=0");
        assert_line(r, "fdflags 0 cloexec=0 nonblock=0 access=rw append=0");
        assert_no_line(r, "fd 3");
        assert_line(r, "listen_fds unset");

        /* no socket at all: refused like systemd's "Got no socket." */
        p.stdin_fd = -EBADF;
        p.n_fds = 0;
        ck_assert_int_eq(exec_spawn(u->service.exec_start, &u->service.exec, &p, &pid), -EINVAL);
        ck_assert(has_message("test.service: Got no socket."));
}
END_TEST

START_TEST(test_stdio_log_fd) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL;
        _cleanup_free_ char *r = NULL;
        ExecParameters p = params();
        int pfd[2];

        ck_assert_int_eq(pipe2(pfd, O_CLOEXEC | O_NONBLOCK), 0);
        p.log_fd = pfd[1];
        u = load("ExecStart=@R -\n"); /* StandardOutput=journal by default */
        run_ok(u, &p);
        close(pfd[1]);
        ck_assert_int_eq(fcntl(pfd[0], F_SETFL, 0), 0);
        r = read_fd_all(pfd[0]);
        close(pfd[0]);
        ck_assert_msg(startswith(r, "pid "), "%s", r);
        ck_assert_msg(strstr(r, "\nfd 1 pipe:[") && strstr(r, "\nfd 2 pipe:["), "%s", r);
        assert_line(r, "fdflags 1 cloexec=0 nonblock=0 access=w append=0");
        free(r);

        /* StandardOutput=null, StandardError=journal */
        ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
        p.log_fd = pfd[1];
        v = load("ExecStart=@R -\nStandardOutput=null\nStandardError=journal\n");
        run_ok(v, &p);
        close(pfd[1]);
        r = read_fd_all(pfd[0]);
        close(pfd[0]);
        ck_assert_str_eq(r, ""); /* the report went to /dev/null */
}
END_TEST

START_TEST(test_stdio_tty) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *r = NULL;
        ExecParameters p = params();
        int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        const char *pts;

        ck_assert_int_ge(master, 0);
        ck_assert_int_eq(grantpt(master), 0);
        ck_assert_int_eq(unlockpt(master), 0);
        pts = ptsname(master);
        ck_assert_ptr_nonnull(pts);
        /* stdin on the tty, stdout to a file, stderr inherits stdout; $TERM for a non-console tty */
        u = load("ExecStart=@R -\nStandardInput=tty\nTTYPath=%s\nStandardOutput=file:%s\n", pts, out);
        run_ok(u, &p);
        r = read_file(out);
        assert_line(r, "fd 0 %s", pts);
        assert_line(r, "fdflags 0 cloexec=0 nonblock=0 access=rw append=0");
        assert_line(r, "fd 2 %s", out);
        assert_line(r, "env TERM=vt220");
        close(master);
}
END_TEST

START_TEST(test_exit_codes) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *errlog = tmp_path("stderr"), *e = NULL, *r = NULL,
                            *expected_stderr = NULL;
        ExecParameters p = params();
        int saved, fd;

        /* failures the child finds itself are reported as one line on the daemon's stderr: capture it */
        saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 10);
        ck_assert_int_ge(saved, 0);
        fd = open(errlog, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        ck_assert_int_eq(dup2(fd, STDERR_FILENO), 2);
        close(fd);

        u = load("ExecStart=/nonexistent/binary\n");
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_EXEC);
        u = unit_file_free(u);

        u = load("ExecStart=no-such-binary-sockact-test arg\n");
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_EXEC);
        ck_assert(has_message("test.service: Failed to locate executable no-such-binary-sockact-test: "
                              "No such file or directory"));
        ck_assert(has_message("test.service: Failed at step EXEC spawning no-such-binary-sockact-test: "
                              "No such file or directory"));
        u = unit_file_free(u);

        /* '-': a missing executable is skipped, successfully */
        u = load("ExecStart=-no-such-binary-sockact-test arg\n");
        ck_assert_int_eq(run_exit_code(u, &p), 0);
        ck_assert(has_message("test.service: Executable no-such-binary-sockact-test missing, skipping: "
                              "No such file or directory"));
        u = unit_file_free(u);
        u = load("ExecStart=-/nonexistent/binary\n");
        ck_assert_int_eq(run_exit_code(u, &p), 0);
        u = unit_file_free(u);

        /* a bare name found on the search path */
        u = load("ExecStart=true\n");
        ck_assert_int_eq(run_exit_code(u, &p), 0);
        u = unit_file_free(u);
        u = load("ExecStart=false\n");
        ck_assert_int_eq(run_exit_code(u, &p), 1);
        u = unit_file_free(u);

        u = load("ExecStart=@R %s\nWorkingDirectory=%s/missing\n", out, tmp);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_CHDIR);
        ck_assert_int_eq(access(out, F_OK), -1);
        u = unit_file_free(u);

        /* '-' on WorkingDirectory=: the root directory instead */
        u = load("ExecStart=@R %s\nWorkingDirectory=-%s/missing\n", out, tmp);
        ck_assert_int_eq(run_exit_code(u, &p), 0);
        r = read_file(out);
        assert_line(r, "cwd /");
        ck_assert_int_eq(unlink(out), 0);
        u = unit_file_free(u);

        u = load("ExecStart=@R %s\nStandardInput=file:%s/missing\n", out, tmp);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_STDIN);
        u = unit_file_free(u);
        u = load("ExecStart=@R %s\nStandardOutput=file:%s/missing/x\n", out, tmp);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_STDOUT);
        u = unit_file_free(u);
        u = load("ExecStart=@R %s\nStandardError=file:%s/missing/x\n", out, tmp);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_STDERR);
        u = unit_file_free(u);
        u = load("ExecStart=@R %s\nStandardOutput=fd:foo\n", out);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_STDOUT);
        ck_assert(has_message("test.service: StandardOutput=fd:foo is not supported."));
        u = unit_file_free(u);

        /* an unknown user: 217/USER, as systemd (which finds out in the child) */
        u = load("ExecStart=@R %s\nUser=no-such-user-sockact-test\n", out);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_USER);
        ck_assert(has_message("test.service: Failed to determine user credentials: No such process"));
        ck_assert(has_message("test.service: Failed at step USER spawning "));
        u = unit_file_free(u);
        u = load("ExecStart=@R %s\nGroup=no-such-group-sockact-test\n", out);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_GROUP);
        ck_assert(has_message("test.service: Failed to determine group credentials: No such process"));
        u = unit_file_free(u);
        u = load("ExecStart=@R %s\nSupplementaryGroups=no-such-group-sockact-test\n", out);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_GROUP);
        ck_assert(has_message("test.service: Failed to determine supplementary groups: No such process"));
        ck_assert_int_eq(access(out, F_OK), -1);

        ck_assert_int_eq(dup2(saved, STDERR_FILENO), 2);
        close(saved);
        e = read_file(errlog);
        expected_stderr = strjoin("test.service: Failed at step EXEC spawning /nonexistent/binary: "
                                  "No such file or directory\n",
                                  "test.service: Failed at step CHDIR spawning ", report_bin,
                                  ": No such file or directory\n",
                                  "test.service: Failed at step STDIN spawning ", report_bin,
                                  ": No such file or directory\n",
                                  "test.service: Failed at step STDOUT spawning ", report_bin,
                                  ": No such file or directory\n",
                                  "test.service: Failed at step STDERR spawning ", report_bin,
                                  ": No such file or directory\n");
        ck_assert_str_eq(e, expected_stderr);
}
END_TEST

START_TEST(test_working_directory_home) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *r = NULL;
        ExecParameters p = params();
        const char *home;

        if (getuid() != 0) {
                fprintf(stderr, "test_working_directory_home: skipped, needs root\n");
                return;
        }
        home = "/root";
        u = load("ExecStart=@R %s\nWorkingDirectory=~\n", out);
        run_ok(u, &p);
        r = read_file(out);
        assert_line(r, "cwd %s", home);
        assert_line(r, "env HOME=%s", home);
        assert_no_line(r, "env USER=root");
}
END_TEST

START_TEST(test_runtime_directory) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *run = tmp_path("run"), *foo = tmp_path("run/foo"),
                            *bar = tmp_path("run/bar"), *baz = tmp_path("run/bar/baz"), *r = NULL;
        ExecParameters p = params();
        struct stat st;

        p.runtime_dir_root = run;
        u = load("ExecStart=@R %s\nRuntimeDirectory=foo bar/baz\nRuntimeDirectoryMode=0710\nStateDirectory=st\n",
                 out);
        run_ok(u, &p);
        ck_assert_int_eq(stat(foo, &st), 0);
        ck_assert(S_ISDIR(st.st_mode));
        ck_assert_int_eq(st.st_mode & 07777, 0710);
        ck_assert_int_eq(stat(baz, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0710);
        ck_assert_int_eq(stat(bar, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0755);
        r = read_file(out);
        assert_line(r, "env RUNTIME_DIRECTORY=%s:%s", foo, baz);
        ck_assert_ptr_null(strstr(r, "STATE_DIRECTORY")); /* no state root given */

        /* an existing directory gets its mode fixed; a symlink in its place is refused */
        ck_assert_int_eq(chmod(foo, 0777), 0);
        run_ok(u, &p);
        ck_assert_int_eq(stat(foo, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0710);
        ck_assert_int_eq(rmdir(foo), 0);
        ck_assert_int_eq(symlink("/tmp", foo), 0);
        ck_assert_int_eq(run_exit_code(u, &p), EXIT_RUNTIME_DIRECTORY);
        ck_assert(has_message("test.service: Failed to set up special execution directory in "));
}
END_TEST

START_TEST(test_user_group) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL, *v = NULL, *w = NULL, *x = NULL;
        _cleanup_free_ char *out = tmp_path("report"), *run = tmp_path("run"), *dir = tmp_path("run/svc"),
                            *r = NULL, *env = NULL;
        ExecParameters p = params();
        struct passwd *pw;
        struct stat st;

        if (getuid() != 0) {
                fprintf(stderr, "test_user_group: skipped, needs root\n");
                return;
        }
        ck_assert_int_eq(chmod(tmp, 0777), 0); /* the report is written as the service's user */
        p.runtime_dir_root = run;

        /* nobody (synthesized as systemd does: no $HOME, no $SHELL), groups from SupplementaryGroups= */
        u = load("ExecStart=@R %s\nUser=nobody\nSupplementaryGroups=0 65534\nNoNewPrivileges=yes\n"
                 "RuntimeDirectory=svc\nWorkingDirectory=/tmp\n",
                 out);
        run_ok(u, &p);
        r = read_file(out);
        assert_line(r, "uid 65534 65534 65534");
        assert_line(r, "gid 65534 65534 65534");
        assert_line(r, "groups 0 65534 65534"); /* initgroups() + SupplementaryGroups=, as systemd */
        assert_line(r, "no_new_privs 1");
        env = lines_with(r, "env ");
        free(r);
        r = strjoin("env LOGNAME=nobody|env PATH=" EXEC_SEARCH_PATH_DEFAULT "|env RUNTIME_DIRECTORY=", dir,
                    "|env SYSTEMD_EXEC_PID=<pid>|env USER=nobody");
        ck_assert_str_eq(env, r);
        ck_assert_int_eq(stat(dir, &st), 0);
        ck_assert_int_eq(st.st_uid, 65534);
        ck_assert_int_eq(st.st_gid, 65534);
        ck_assert_int_eq(st.st_mode & 07777, 0755);
        free(r);

        /* RootDirectory=: chroot() before the user change, the bare name resolved inside it */
        x = load("ExecStart=true\nRootDirectory=/\nUser=nobody\n");
        ck_assert_int_eq(run_exit_code(x, &p), 0);
        x = unit_file_free(x);
        x = load("ExecStart=true\nRootDirectory=%s\n", tmp);
        ck_assert_int_eq(run_exit_code(x, &p), EXIT_EXEC);

        /* '+' and '!' keep root's credentials, $USER still names the configured user */
        v = load("ExecStart=+@R %s\nUser=nobody\nNoNewPrivileges=yes\nLimitNOFILE=77\n", out);
        run_ok(v, &p);
        r = read_file(out);
        assert_line(r, "uid 0 0 0");
        assert_line(r, "env USER=nobody");
        assert_line(r, "no_new_privs 0");
        assert_no_line(r, "rlimit NOFILE 77 77");
        free(r);
        w = load("ExecStart=!@R %s\nUser=nobody\nNoNewPrivileges=yes\nLimitNOFILE=77\n", out);
        run_ok(w, &p);
        r = read_file(out);
        assert_line(r, "uid 0 0 0");
        assert_line(r, "no_new_privs 1");
        assert_line(r, "rlimit NOFILE 77 77");
        free(r);
        /* apply_credentials = false does the same */
        p.apply_credentials = false;
        u = unit_file_free(u);
        u = load("ExecStart=@R %s\nUser=nobody\n", out);
        run_ok(u, &p);
        r = read_file(out);
        assert_line(r, "uid 0 0 0");
        free(r);
        p.apply_credentials = true;

        /* a user from the user database: its primary group, its groups, $HOME; nologin shells hide $SHELL */
        pw = getpwnam("daemon");
        if (pw) {
                uid_t uid = pw->pw_uid;
                gid_t gid = pw->pw_gid;
                char *home = strdup(pw->pw_dir);

                u = unit_file_free(u);
                u = load("ExecStart=@R %s\nUser=daemon\nGroup=nogroup\n", out);
                ck_assert_int_eq(unlink(out), 0); /* written by nobody before */
                run_ok(u, &p);
                r = read_file(out);
                assert_line(r, "uid %u %u %u", uid, uid, uid);
                assert_line(r, "gid 65534 65534 65534");
                assert_line(r, "env USER=daemon");
                if (!streq(home, "/"))
                        assert_line(r, "env HOME=%s", home);
                (void) gid;
                free(home);
        }
}
END_TEST

int main(void) {
        Suite *s = suite_create("exec");
        TCase *tc = tcase_create("spawn");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_process_settings);
        tcase_add_test(tc, test_defaults_and_sigpipe);
        tcase_add_test(tc, test_scheduling);
        tcase_add_test(tc, test_argv_expansion);
        tcase_add_test(tc, test_environment_composition);
        tcase_add_test(tc, test_environment_reference);
        tcase_add_test(tc, test_signals_snapshot);
        tcase_add_test(tc, test_environment_file_errors);
        tcase_add_test(tc, test_manager_environment);
        tcase_add_test(tc, test_listen_fds);
        tcase_add_test(tc, test_fd_overlap);
        tcase_add_test(tc, test_stdio_files);
        tcase_add_test(tc, test_stdio_data);
        tcase_add_test(tc, test_stdio_socket);
        tcase_add_test(tc, test_stdio_log_fd);
        tcase_add_test(tc, test_stdio_tty);
        tcase_add_test(tc, test_exit_codes);
        tcase_add_test(tc, test_working_directory_home);
        tcase_add_test(tc, test_runtime_directory);
        tcase_add_test(tc, test_user_group);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_SILENT);
        failed = srunner_ntests_failed(sr);
        if (failed > 0)
                srunner_print(sr, CK_NORMAL);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
