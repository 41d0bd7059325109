/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <fcntl.h>
#include <ini.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon-config.h"
#include "fileio.h"
#include "env-util.h"
#include "extract-word.h"
#include "parse-util.h"
#include "rlimit-util.h"
#include "string-util.h"
#include "strv.h"
#include "time-util.h"
#include "utf8.h"

#ifndef SOCKACT_SYSCONFDIR
#define SOCKACT_SYSCONFDIR "/etc"
#endif

_Static_assert(N_RLIMITS == _RLIMIT_MAX, "N_RLIMITS must match the number of resource limits");

/* How libinih is used. We never change its compile-time INI_* settings (they are baked into the shared
 * library), nor the run-time knobs Debian's build adds (ini_max_line etc.: global state, and other builds
 * lack them). Instead libinih reads the file through ini_parse_stream() and our own line reader, which
 *  - hands libinih one line per call, so the handler knows the line number (Debian builds libinih without
 *    INI_HANDLER_LINENO);
 *  - reports and drops a line that does not fit libinih's line buffer (it would otherwise cut the line in
 *    two and parse the tail as a line of its own: "Key=<196 bytes> Other=x" would set Other=);
 *  - strips leading whitespace, so an indented line is a line of its own and never a continuation of the
 *    previous value (libinih's multi-line values are not systemd syntax);
 *  - reports lines libinih would reject without telling the handler: no '=', a bad section header, NUL
 *    bytes.
 * What stays libinih's: comments start with '#' or ';' at the start of a line, or with ';' after
 * whitespace anywhere ("LogLevel=debug ; verbose" is "debug"); whitespace around keys and values is
 * stripped; "Key: value" is accepted like "Key=value"; quotes mean nothing to libinih. */

typedef struct Parser {
        DaemonConfig *config;
        const char *path;
        const char *data;
        size_t size, pos;
        unsigned line;     /* the line last handed to libinih, 1-based */
        bool bad_section;  /* inside an invalid section header's body: its keys were already reported */
        int error;         /* -ENOMEM: stop */
} Parser;

/* "FILE:LINE: message" about the line being parsed. */
#define parser_warn(p, ...) log_syntax(NULL, LOG_WARNING, (p)->path, (p)->line, 0, __VA_ARGS__)

/* ---- the line reader ---- */

static bool is_inline_comment(const char *s, size_t i) {
        return s[i] == ';' && i > 0 && isspace((unsigned char) s[i - 1]);
}

/* Whether libinih would find a ']' (for a section header) or a '=' or ':' (for an assignment) before an
 * inline comment. */
static bool line_has_before_comment(const char *s, size_t n, const char *chars) {
        for (size_t i = 0; i < n; i++) {
                if (is_inline_comment(s, i))
                        return false;
                if (strchr(chars, s[i]))
                        return true;
        }
        return false;
}

static char *reader_set(char *buf, const char *s, size_t n) {
        memcpy(buf, s, n);
        buf[n] = '\n';
        buf[n + 1] = '\0';
        return buf;
}

static char *parser_read_line(char *buf, int size, void *stream) {
        Parser *p = stream;
        const char *s, *nl;
        size_t n, raw;

        if (p->error < 0 || p->pos >= p->size || size < 4)
                return NULL;

        s = p->data + p->pos;
        nl = memchr(s, '\n', p->size - p->pos);
        raw = n = nl ? (size_t) (nl - s) : p->size - p->pos;
        p->pos += n + (nl ? 1 : 0);
        p->line++;

        /* A UTF-8 byte order mark at the start of the file is dropped here (libinih would skip it too). */
        if (p->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
                s += 3;
                n -= 3;
        }
        if (raw > (size_t) size - 2) {
                parser_warn(p, "Line too long (%zu bytes, at most %zu are supported), ignoring line.", raw,
                            (size_t) size - 2);
                return reader_set(buf, "", 0);
        }
        while (n > 0 && isspace((unsigned char) *s))
                s++, n--;
        if (memchr(s, '\0', n)) {
                parser_warn(p, "Line contains a NUL byte, ignoring line.");
                return reader_set(buf, "", 0);
        }
        if (n == 0 || strchr(";#", s[0]))
                return reader_set(buf, s, n);
        if (s[0] == '[') {
                if (!line_has_before_comment(s, n, "]")) {
                        parser_warn(p, "Invalid section header, ignoring the lines up to the next section.");
                        p->bad_section = true;
                        /* An empty section name, so that libinih forgets the previous section. */
                        return reader_set(buf, "[]", 2);
                }
                p->bad_section = false;
                return reader_set(buf, s, n);
        }
        if (!line_has_before_comment(s, n, "=:")) {
                parser_warn(p, "Missing '=', ignoring line.");
                return reader_set(buf, "", 0);
        }
        return reader_set(buf, s, n);
}

/* ---- value parsers ---- */

typedef struct ConfigKey ConfigKey;
typedef int (*KeyParser)(Parser *p, const ConfigKey *k, const char *value);

struct ConfigKey {
        const char *name;
        KeyParser parse;
        int ltype;
};

static int bad_value(Parser *p, const ConfigKey *k, const char *value) {
        parser_warn(p, "Invalid value for %s=, ignoring: %s", k->name, value);
        return 0;
}

static int parse_log_level_key(Parser *p, const ConfigKey *k, const char *value) {
        int l;

        if (isempty(value)) {
                p->config->log_level = LOG_INFO;
                return 0;
        }
        l = log_level_from_string(value);
        if (l < 0)
                return bad_value(p, k, value);
        p->config->log_level = l;
        return 0;
}

static int parse_log_target_key(Parser *p, const ConfigKey *k, const char *value) {
        LogTarget t;

        if (isempty(value)) {
                p->config->log_target = LOG_TARGET_AUTO;
                return 0;
        }
        t = log_target_from_string(value);
        if (t < 0)
                return bad_value(p, k, value);
        p->config->log_target = t;
        return 0;
}

enum { BOOL_LOG_COLOR, BOOL_LOG_TIME };

static int parse_bool_key(Parser *p, const ConfigKey *k, const char *value) {
        bool *b = k->ltype == BOOL_LOG_COLOR ? &p->config->log_color : &p->config->log_time;
        int r;

        if (isempty(value)) {
                *b = k->ltype == BOOL_LOG_COLOR;
                return 0;
        }
        r = parse_boolean(value);
        if (r < 0)
                return bad_value(p, k, value);
        *b = r;
        return 0;
}

static int parse_unit_path_key(Parser *p, const ConfigKey *k, const char *value) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (isempty(value)) {
                p->config->unit_path = mfree_ptr(p->config->unit_path);
                return 0;
        }
        if (!utf8_is_valid(value) || string_has_cc(value, NULL))
                return bad_value(p, k, value);
        /* Only the syntax is checked here; the scope does not matter for that. */
        r = unit_search_path_parse(value, UNIT_SCOPE_SYSTEM, &l);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                parser_warn(p, "UnitPath= needs absolute directories separated by ':', ignoring: %s", value);
                return 0;
        }
        return free_and_strdup(&p->config->unit_path, value);
}

enum {
        TIME_TIMEOUT_START,
        TIME_TIMEOUT_STOP,
        TIME_TIMEOUT_ABORT,
        TIME_RESTART,
        TIME_START_LIMIT_INTERVAL,
};

static int parse_time_key(Parser *p, const ConfigKey *k, const char *value) {
        UnitDefaults *d = &p->config->defaults;
        usec_t u;
        int r;

        if (isempty(value)) {
                switch (k->ltype) {
                case TIME_TIMEOUT_START:
                        d->timeout_start = unit_defaults_builtin.timeout_start;
                        break;
                case TIME_TIMEOUT_STOP:
                        d->timeout_stop = unit_defaults_builtin.timeout_stop;
                        break;
                case TIME_TIMEOUT_ABORT:
                        p->config->timeout_abort_set = false;
                        break;
                case TIME_RESTART:
                        d->restart_sec = unit_defaults_builtin.restart_sec;
                        break;
                default:
                        d->start_limit_interval = unit_defaults_builtin.start_limit_interval;
                }
                return 0;
        }

        /* As systemd: a start or stop timeout of 0 means no timeout; the abort timeout, the restart delay and
         * the rate-limit interval take 0 as it is. */
        if (IN_SET(k->ltype, TIME_TIMEOUT_START, TIME_TIMEOUT_STOP))
                r = parse_sec_fix_0(value, &u);
        else
                r = parse_sec(value, &u);
        if (r < 0)
                return bad_value(p, k, value);

        switch (k->ltype) {
        case TIME_TIMEOUT_START:
                d->timeout_start = u;
                break;
        case TIME_TIMEOUT_STOP:
                d->timeout_stop = u;
                break;
        case TIME_TIMEOUT_ABORT:
                d->timeout_abort = u;
                p->config->timeout_abort_set = true;
                break;
        case TIME_RESTART:
                d->restart_sec = u;
                break;
        default:
                d->start_limit_interval = u;
        }
        return 0;
}

enum { UINT_START_LIMIT_BURST, UINT_MAX_UNITS };

static int parse_unsigned_key(Parser *p, const ConfigKey *k, const char *value) {
        unsigned u;

        if (k->ltype == UINT_START_LIMIT_BURST) {
                if (isempty(value))
                        u = unit_defaults_builtin.start_limit_burst;
                else if (safe_atou(value, &u) < 0)
                        return bad_value(p, k, value);
                p->config->defaults.start_limit_burst = u;
                return 0;
        }

        if (isempty(value))
                u = DAEMON_CONFIG_MAX_UNITS_DEFAULT;
        else if (safe_atou(value, &u) < 0 || u == 0)
                return bad_value(p, k, value);
        p->config->max_units = u;
        return 0;
}

static int parse_output_key(Parser *p, const ConfigKey *k, const char *value) {
        bool out = k->ltype == STDOUT_FILENO;
        ExecOutput *o = out ? &p->config->default_std_output : &p->config->default_std_error;
        ExecOutput v;

        if (isempty(value)) {
                *o = out ? EXEC_OUTPUT_JOURNAL : EXEC_OUTPUT_INHERIT;
                return 0;
        }
        v = exec_output_from_string(value);
        if (IN_SET(v, EXEC_OUTPUT_SOCKET, EXEC_OUTPUT_NAMED_FD, EXEC_OUTPUT_FILE, EXEC_OUTPUT_FILE_APPEND,
                   EXEC_OUTPUT_FILE_TRUNCATE) ||
            startswith(value, "fd:") || startswith(value, "file:") || startswith(value, "append:") ||
            startswith(value, "truncate:")) {
                parser_warn(p,
                            "Standard output types socket, fd:, file:, append:, truncate: are not supported "
                            "as defaults, ignoring: %s",
                            value);
                return 0;
        }
        if (v < 0)
                return bad_value(p, k, value);
        *o = v;
        return 0;
}

static int parse_rlimit_key(Parser *p, const ConfigKey *k, const char *value) {
        struct rlimit **slot = &p->config->default_rlimit[k->ltype], v;
        int r;

        if (isempty(value)) {
                *slot = mfree_ptr(*slot);
                return 0;
        }
        r = rlimit_parse(k->ltype, value, &v);
        if (r == -EILSEQ) {
                parser_warn(p, "Soft resource limit chosen higher than hard limit, ignoring: %s", value);
                return 0;
        }
        if (r < 0)
                return bad_value(p, k, value);
        if (!*slot) {
                *slot = malloc(sizeof(struct rlimit));
                if (!*slot)
                        return -ENOMEM;
        }
        **slot = v;
        return 0;
}

static int parse_environment_key(Parser *p, const ConfigKey *k, const char *value) {
        char ***env = &p->config->default_environment;
        const char *s = value;
        int r;

        if (isempty(value)) {
                *env = strv_free(*env);
                return 0;
        }
        /* Every word is consumed or the loop ends: bounded by the length of the value. */
        for (;;) {
                _cleanup_free_ char *w = NULL;

                r = extract_first_word(&s, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        parser_warn(p, "Invalid syntax, ignoring: %s", value);
                        return 0;
                }
                if (r == 0)
                        return 0;
                if (!env_assignment_is_valid(w)) {
                        parser_warn(p, "Invalid environment assignment, ignoring: %s", w);
                        continue;
                }
                r = strv_env_replace_consume(env, TAKE_PTR(w));
                if (r < 0)
                        return r;
        }
}

/* Sorted by name (bsearch). */
static const ConfigKey config_keys[] = {
        { "DefaultEnvironment", parse_environment_key, 0 },
        { "DefaultLimitAS", parse_rlimit_key, RLIMIT_AS },
        { "DefaultLimitCORE", parse_rlimit_key, RLIMIT_CORE },
        { "DefaultLimitCPU", parse_rlimit_key, RLIMIT_CPU },
        { "DefaultLimitDATA", parse_rlimit_key, RLIMIT_DATA },
        { "DefaultLimitFSIZE", parse_rlimit_key, RLIMIT_FSIZE },
        { "DefaultLimitLOCKS", parse_rlimit_key, RLIMIT_LOCKS },
        { "DefaultLimitMEMLOCK", parse_rlimit_key, RLIMIT_MEMLOCK },
        { "DefaultLimitMSGQUEUE", parse_rlimit_key, RLIMIT_MSGQUEUE },
        { "DefaultLimitNICE", parse_rlimit_key, RLIMIT_NICE },
        { "DefaultLimitNOFILE", parse_rlimit_key, RLIMIT_NOFILE },
        { "DefaultLimitNPROC", parse_rlimit_key, RLIMIT_NPROC },
        { "DefaultLimitRSS", parse_rlimit_key, RLIMIT_RSS },
        { "DefaultLimitRTPRIO", parse_rlimit_key, RLIMIT_RTPRIO },
        { "DefaultLimitRTTIME", parse_rlimit_key, RLIMIT_RTTIME },
        { "DefaultLimitSIGPENDING", parse_rlimit_key, RLIMIT_SIGPENDING },
        { "DefaultLimitSTACK", parse_rlimit_key, RLIMIT_STACK },
        { "DefaultRestartSec", parse_time_key, TIME_RESTART },
        { "DefaultStandardError", parse_output_key, STDERR_FILENO },
        { "DefaultStandardOutput", parse_output_key, STDOUT_FILENO },
        { "DefaultStartLimitBurst", parse_unsigned_key, UINT_START_LIMIT_BURST },
        { "DefaultStartLimitInterval", parse_time_key, TIME_START_LIMIT_INTERVAL }, /* old name, as systemd */
        { "DefaultStartLimitIntervalSec", parse_time_key, TIME_START_LIMIT_INTERVAL },
        { "DefaultTimeoutAbortSec", parse_time_key, TIME_TIMEOUT_ABORT },
        { "DefaultTimeoutStartSec", parse_time_key, TIME_TIMEOUT_START },
        { "DefaultTimeoutStopSec", parse_time_key, TIME_TIMEOUT_STOP },
        { "LogColor", parse_bool_key, BOOL_LOG_COLOR },
        { "LogLevel", parse_log_level_key, 0 },
        { "LogTarget", parse_log_target_key, 0 },
        { "LogTime", parse_bool_key, BOOL_LOG_TIME },
        { "MaxUnits", parse_unsigned_key, UINT_MAX_UNITS },
        { "UnitPath", parse_unit_path_key, 0 },
};

/* Keys of systemd 252's systemd-system.conf(5) that have no meaning for sockactd: named as unsupported
 * rather than unknown. Sorted. */
static const char *const systemd_keys_unsupported[] = {
        "CPUAffinity",
        "CapabilityBoundingSet",
        "CrashChVT",
        "CrashChangeVT",
        "CrashReboot",
        "CrashShell",
        "CtrlAltDelBurstAction",
        "DefaultBlockIOAccounting",
        "DefaultCPUAccounting",
        "DefaultDeviceTimeoutSec",
        "DefaultIOAccounting",
        "DefaultIPAccounting",
        "DefaultMemoryAccounting",
        "DefaultOOMPolicy",
        "DefaultOOMScoreAdjust",
        "DefaultSmackProcessLabel",
        "DefaultTasksAccounting",
        "DefaultTasksMax",
        "DefaultTimerAccuracySec",
        "DumpCore",
        "JoinControllers",
        "KExecWatchdogSec",
        "LogLocation",
        "ManagerEnvironment",
        "NUMAMask",
        "NUMAPolicy",
        "NoNewPrivileges",
        "RebootWatchdogSec",
        "RuntimeWatchdogPreGovernor",
        "RuntimeWatchdogPreSec",
        "RuntimeWatchdogSec",
        "ShowStatus",
        "ShutdownWatchdogSec",
        "StatusUnitFormat",
        "SystemCallArchitectures",
        "TimerSlackNSec",
        "WatchdogDevice",
};

static int key_compare(const void *a, const void *b) {
        return strcmp(a, ((const ConfigKey *) b)->name);
}

static int name_compare(const void *a, const void *b) {
        return strcmp(a, *(const char *const *) b);
}

/* ---- the handler ---- */

static int parser_handle(void *userdata, const char *section, const char *name, const char *value) {
        Parser *p = userdata;
        const ConfigKey *k;
        int r;

        if (p->error < 0 || p->bad_section)
                return 1;
        if (isempty(section)) {
                parser_warn(p, "Assignment outside of section. Ignoring.");
                return 1;
        }
        if (isempty(name)) {
                parser_warn(p, "Missing key name before '=', ignoring line.");
                return 1;
        }
        if (!streq(section, "Manager")) {
                parser_warn(p, "Unknown key '%s' in section [%s], ignoring.", name, section);
                return 1;
        }

        k = bsearch(name, config_keys, ELEMENTSOF(config_keys), sizeof(config_keys[0]), key_compare);
        if (!k) {
                if (bsearch(name, systemd_keys_unsupported, ELEMENTSOF(systemd_keys_unsupported),
                            sizeof(systemd_keys_unsupported[0]), name_compare))
                        log_syntax(NULL, LOG_NOTICE, p->path, p->line, 0,
                                   "%s= is not supported by sockactd, ignoring.", name);
                else
                        parser_warn(p, "Unknown key '%s' in section [%s], ignoring.", name, section);
                return 1;
        }

        r = k->parse(p, k, value);
        if (r < 0)
                p->error = r; /* -ENOMEM: the reader ends the parse */
        return 1;
}

/* ---- public ---- */

void daemon_config_init(DaemonConfig *c) {
        *c = (DaemonConfig) {
                .log_level = LOG_INFO,
                .log_target = LOG_TARGET_AUTO,
                .log_color = true,
                .log_time = false,
                .defaults = unit_defaults_builtin,
                .default_std_output = EXEC_OUTPUT_JOURNAL,
                .default_std_error = EXEC_OUTPUT_INHERIT,
                .max_units = DAEMON_CONFIG_MAX_UNITS_DEFAULT,
        };
        c->defaults.timeout_abort = c->defaults.timeout_stop;
}

void daemon_config_done(DaemonConfig *c) {
        if (!c)
                return;
        c->unit_path = mfree_ptr(c->unit_path);
        for (size_t i = 0; i < ELEMENTSOF(c->default_rlimit); i++)
                c->default_rlimit[i] = mfree_ptr(c->default_rlimit[i]);
        c->default_environment = strv_free(c->default_environment);
}

static bool stat_is_dev_null(const struct stat *st) {
        return S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3);
}

/* Read the whole file (at most DAEMON_CONFIG_FILE_MAX bytes) into a NUL-terminated buffer. */
static int read_config_file(const char *path, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        /* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode) && !stat_is_dev_null(&st))
                return -EBADFD;
        if (S_ISREG(st.st_mode) && (uint64_t) st.st_size > DAEMON_CONFIG_FILE_MAX)
                return -EFBIG;

        /* the file may grow while we read: still bounded */
        return read_fd_bounded(fd, DAEMON_CONFIG_FILE_MAX, false, S_ISREG(st.st_mode) ? (size_t) st.st_size : 0, ret,
                               ret_size);
}

int daemon_config_load(DaemonConfig *c, const char *path, bool must_exist) {
        _cleanup_free_ char *data = NULL;
        Parser p;
        size_t size = 0;
        int r;

        assert_return(c, -EINVAL);
        assert_return(path, -EINVAL);

        r = read_config_file(path, &data, &size);
        if (r == -ENOENT && !must_exist) {
                log_debug("%s does not exist, using the built-in settings.", path);
                return 0;
        }
        if (r < 0)
                return r;

        p = (Parser) {
                .config = c,
                .path = path,
                .data = data,
                .size = size,
        };
        r = ini_parse_stream(parser_read_line, &p, parser_handle, &p);
        if (p.error < 0)
                return p.error;
        if (r == -2)
                return -ENOMEM;
        if (r > 0)
                /* The reader passes libinih only lines it accepts; should it still reject one, say so. */
                log_syntax(NULL, LOG_WARNING, path, (unsigned) r, 0, "Invalid line, ignoring.");

        if (!c->timeout_abort_set)
                c->defaults.timeout_abort = c->defaults.timeout_stop;
        return 0;
}

int daemon_config_default_path(UnitScope scope, char **ret) {
        const char *x;
        char *s;

        assert_return(ret, -EINVAL);

        if (scope == UNIT_SCOPE_SYSTEM)
                s = strdup(SOCKACT_SYSCONFDIR "/sockact/sockactd.conf");
        else if ((x = getenv("XDG_CONFIG_HOME")) && x[0] == '/')
                s = strjoin(x, "/sockact/sockactd.conf");
        else if ((x = getenv("HOME")) && x[0] == '/')
                s = strjoin(x, "/.config/sockact/sockactd.conf");
        else
                return -ENXIO;
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}
