/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>

#include "config-parse.h"
#include "escape.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"
#include "utf8.h"

int config_bad_value(LoadContext *ctx, const char *filename, unsigned line, int error, const char *format, ...) {
        char msg[1024];
        va_list ap;
        int saved = errno;

        if (error < 0)
                error = -error;
        if (error != 0)
                errno = error;
        va_start(ap, format);
        (void) vsnprintf(msg, sizeof(msg), format, ap);
        va_end(ap);
        errno = saved;

        if (ctx && ctx->fail_closed) {
                /* Security-relevant setting: refuse the unit instead of silently falling back to a default. */
                log_syntax(NULL, LOG_ERR, filename, line, error, "%s", msg);
                ctx->refused = true;
                if (ctx->unit) {
                        ctx->unit->n_errors++;
                        if (ctx->unit->load_error == 0) {
                                char *reason = NULL;

                                ctx->unit->load_error = -EBADMSG;
                                if (asprintf(&reason, "%s:%u: %s", strna(filename), line, msg) >= 0)
                                        free_and_replace_str(&ctx->unit->load_error_reason, reason);
                        }
                }
                return 0;
        }

        log_syntax(NULL, LOG_WARNING, filename, line, error, "%s", msg);
        if (ctx && ctx->unit)
                ctx->unit->n_warnings++;
        return 0;
}

const char *config_excerpt(const char *s, char buf[static 128]) {
        if (strlen(s) < 100)
                return s;
        snprintf(buf, 128, "%.96s...", s);
        return buf;
}

CONFIG_PARSER(config_parse_string) {
        char **s = data;

        if (isempty(rvalue)) {
                *s = mfree_ptr(*s);
                return 0;
        }
        if (!utf8_is_valid(rvalue))
                return config_bad_value(ctx, filename, line, EINVAL, "%s= value is not UTF-8 clean, ignoring assignment.", lvalue);
        return free_and_strdup(s, rvalue) < 0 ? log_oom() : 0;
}

/* Collapse "//" and "/./" and drop a trailing "/"; ".." components are kept (systemd keeps them too), a path
 * must be absolute. */
static int path_normalize(const char *in, char **ret) {
        _cleanup_free_ char *out = NULL;
        size_t o = 0;

        if (in[0] != '/')
                return -EINVAL;
        out = malloc(strlen(in) + 1);
        if (!out)
                return -ENOMEM;
        for (const char *p = in; *p;) {
                size_t n;

                p += strspn(p, "/");
                n = strcspn(p, "/");
                if (n == 0)
                        break;
                if (n == 1 && p[0] == '.') {
                        p += n;
                        continue;
                }
                out[o++] = '/';
                memcpy(out + o, p, n);
                o += n;
                p += n;
        }
        if (o == 0)
                out[o++] = '/';
        out[o] = '\0';
        *ret = TAKE_PTR(out);
        return 0;
}

static bool path_is_valid(const char *p) {
        if (isempty(p) || strlen(p) >= PATH_MAX)
                return false;
        for (const char *c = p; *c;) {
                size_t n = strcspn(c, "/");
                if (n > 255)
                        return false;
                c += n;
                c += strspn(c, "/");
        }
        return utf8_is_valid(p) && !string_has_cc(p, NULL);
}

CONFIG_PARSER(config_parse_path) {
        char **s = data;
        char *n = NULL;
        int r;

        if (isempty(rvalue)) {
                *s = mfree_ptr(*s);
                return 0;
        }
        if (!path_is_valid(rvalue))
                return config_bad_value(ctx, filename, line, EINVAL, "Path in %s= is not valid, ignoring assignment: %s",
                                        lvalue, EXCERPT(rvalue));
        if (rvalue[0] != '/')
                return config_bad_value(ctx, filename, line, EINVAL,
                                        "%s= path is not absolute, ignoring assignment: %s", lvalue, EXCERPT(rvalue));
        r = path_normalize(rvalue, &n);
        if (r < 0)
                return log_oom();
        free_and_replace_str(s, n);
        return 0;
}

/* Split a list value into words, honouring quotes and C escapes. Returns -EINVAL on bad quoting. */
static int split_words(const char *rvalue, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        const char *p = rvalue;
        unsigned n = 0;

        for (;;) {
                char *w = NULL;
                int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                if (strv_consume(&l, w) < 0)
                        return -ENOMEM;
                if (++n > 65536)
                        return -E2BIG;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

/* Append each word of a list value to *sv through add(), which checks, reports and converts one word
 * (returns <0 only on OOM). An empty value resets the list. */
static int parse_word_list(LoadContext *ctx, const char *filename, unsigned line, const char *lvalue,
                           const char *rvalue, char ***sv,
                           int (*add)(LoadContext *ctx, const char *filename, unsigned line, const char *lvalue,
                                      const char *word, char ***sv)) {
        _cleanup_strv_free_ char **words = NULL;
        int r;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        r = split_words(rvalue, &words);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Invalid syntax in %s=, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        STRV_FOREACH(w, words) {
                r = add(ctx, filename, line, lvalue, *w, sv);
                if (r < 0)
                        return log_oom();
        }
        return 0;
}

static int add_utf8_word(LoadContext *ctx, const char *filename, unsigned line, const char *lvalue, const char *w,
                         char ***sv) {
        if (!utf8_is_valid(w))
                return config_bad_value(ctx, filename, line, EINVAL, "%s= value is not UTF-8 clean, ignoring: %s",
                                        lvalue, EXCERPT(w));
        return strv_extend(sv, w);
}

static int add_path_word(LoadContext *ctx, const char *filename, unsigned line, const char *lvalue, const char *w,
                         char ***sv) {
        char *n = NULL;

        if (!path_is_valid(w) || w[0] != '/')
                return config_bad_value(ctx, filename, line, EINVAL,
                                        "%s= path is not absolute or not valid, ignoring: %s", lvalue, EXCERPT(w));
        if (path_normalize(w, &n) < 0)
                return -ENOMEM;
        return strv_consume(sv, n);
}

CONFIG_PARSER(config_parse_strv) {
        return parse_word_list(ctx, filename, line, lvalue, rvalue, data, add_utf8_word);
}

CONFIG_PARSER(config_parse_path_strv) {
        return parse_word_list(ctx, filename, line, lvalue, rvalue, data, add_path_word);
}

CONFIG_PARSER(config_parse_bool) {
        bool *b = data;
        int k = parse_boolean(rvalue);

        if (k < 0)
                return config_bad_value(ctx, filename, line, -k, "Failed to parse boolean value, ignoring: %s",
                                        EXCERPT(rvalue));
        *b = k;
        return 0;
}

CONFIG_PARSER(config_parse_unsigned) {
        unsigned *u = data;
        int r = safe_atou(rvalue, u);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= value, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        return 0;
}

CONFIG_PARSER(config_parse_int) {
        int *i = data;
        int r = safe_atoi(rvalue, i);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= value, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        return 0;
}

CONFIG_PARSER(config_parse_long) {
        long *l = data;
        int64_t v;
        int r = safe_atoi64(rvalue, &v);

        if (r >= 0 && (v < LONG_MIN || v > LONG_MAX))
                r = -ERANGE;
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= value, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        *l = (long) v;
        return 0;
}

CONFIG_PARSER(config_parse_sec) {
        usec_t *u = data;
        int r = parse_sec(rvalue, u);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= value, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        return 0;
}

CONFIG_PARSER(config_parse_sec_fix_0) {
        usec_t *u = data;
        int r = parse_sec_fix_0(rvalue, u);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= parameter, ignoring: %s",
                                        lvalue, EXCERPT(rvalue));
        return 0;
}

CONFIG_PARSER(config_parse_nsec) {
        nsec_t *n = data;
        int r = parse_nsec(rvalue, n);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= value, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        return 0;
}

CONFIG_PARSER(config_parse_iec_size) {
        uint64_t *sz = data;
        int r = parse_size(rvalue, 1024, sz);

        if (r >= 0 && *sz > INT_MAX && ltype == 1)
                r = -ERANGE;
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse size value, ignoring: %s",
                                        EXCERPT(rvalue));
        return 0;
}

CONFIG_PARSER(config_parse_mode) {
        mode_t *m = data;
        int r = parse_mode(rvalue, m);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse mode value, %s: %s",
                                        ctx && ctx->fail_closed ? "refusing" : "ignoring", EXCERPT(rvalue));
        return 0;
}

CONFIG_PARSER(config_parse_signal) {
        int *sig = data;
        int r;

        if (isempty(rvalue))
                return config_bad_value(ctx, filename, line, EINVAL, "Empty %s= value, ignoring.", lvalue);
        r = signal_from_string(rvalue);
        if (r <= 0)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse signal name, ignoring: %s",
                                        EXCERPT(rvalue));
        *sig = r;
        return 0;
}

CONFIG_PARSER(config_parse_obsolete) {
        log_syntax(NULL, LOG_WARNING, filename, line, 0,
                   "Support for option %s= has been removed and it is ignored", lvalue);
        if (ctx && ctx->unit)
                ctx->unit->n_warnings++;
        return 0;
}

CONFIG_PARSER(config_parse_unsupported) {
        log_syntax(NULL, LOG_NOTICE, filename, line, 0, "%s= is not supported by sockact, ignoring.", lvalue);
        return 0;
}

/* ---- dumpers ---- */

CONFIG_DUMPER(config_dump_string) {
        const char *const *s = data;
        fprintf(f, "%s=%s\n", lvalue, strempty(*s));
}

CONFIG_DUMPER(config_dump_strv) {
        char *const *const *sv = data;

        if (strv_length(*sv) == 0) {
                fprintf(f, "%s=\n", lvalue);
                return;
        }
        STRV_FOREACH(s, *sv) {
                _cleanup_free_ char *q = quote_command_word(*s);
                fprintf(f, "%s=%s\n", lvalue, q ?: *s);
        }
}

CONFIG_DUMPER(config_dump_bool) {
        fprintf(f, "%s=%s\n", lvalue, *(const bool *) data ? "yes" : "no");
}

CONFIG_DUMPER(config_dump_unsigned) {
        fprintf(f, "%s=%u\n", lvalue, *(const unsigned *) data);
}

CONFIG_DUMPER(config_dump_int) {
        fprintf(f, "%s=%i\n", lvalue, *(const int *) data);
}

CONFIG_DUMPER(config_dump_long) {
        fprintf(f, "%s=%li\n", lvalue, *(const long *) data);
}

CONFIG_DUMPER(config_dump_sec) {
        char buf[FORMAT_TIMESPAN_MAX];
        fprintf(f, "%s=%s\n", lvalue, format_timespan(buf, sizeof(buf), *(const usec_t *) data, 1));
}

CONFIG_DUMPER(config_dump_nsec) {
        nsec_t n = *(const nsec_t *) data;
        if (n == NSEC_INFINITY)
                fprintf(f, "%s=\n", lvalue);
        else
                fprintf(f, "%s=%" PRIu64 "ns\n", lvalue, (uint64_t) n);
}

CONFIG_DUMPER(config_dump_iec_size) {
        fprintf(f, "%s=%" PRIu64 "\n", lvalue, *(const uint64_t *) data);
}

CONFIG_DUMPER(config_dump_mode) {
        fprintf(f, "%s=%04o\n", lvalue, (unsigned) *(const mode_t *) data);
}

CONFIG_DUMPER(config_dump_signal) {
        int sig = *(const int *) data;
        char buf[SIGNAL_TO_STRING_MAX];

        if (sig <= 0)
                fprintf(f, "%s=\n", lvalue); /* unset (RestartKillSignal= follows KillSignal=) */
        else
                fprintf(f, "%s=%s\n", lvalue, signal_to_string_buf(sig, buf, sizeof(buf)));
}

/* ---- enums ---- */

typedef struct EnumTable {
        int (*from_string)(const char *s);
        const char *(*to_string)(int i);
        const char *what;
} EnumTable;

#define ENUM_ADAPTER(name, type)                                                                                  \
        static int name##_from_string_int(const char *s) {                                                       \
                return (int) name##_from_string(s);                                                              \
        }                                                                                                        \
        static const char *name##_to_string_int(int i) {                                                         \
                return name##_to_string((type) i);                                                               \
        }

ENUM_ADAPTER(collect_mode, CollectMode)
ENUM_ADAPTER(job_mode, JobMode)
ENUM_ADAPTER(emergency_action, EmergencyAction)
ENUM_ADAPTER(kill_mode, KillMode)
ENUM_ADAPTER(service_type, ServiceType)
ENUM_ADAPTER(service_exit_type, ServiceExitType)
ENUM_ADAPTER(service_restart, ServiceRestart)
ENUM_ADAPTER(notify_access, NotifyAccess)
ENUM_ADAPTER(service_timeout_failure_mode, ServiceTimeoutFailureMode)
ENUM_ADAPTER(oom_policy, OOMPolicy)
ENUM_ADAPTER(exec_preserve_mode, ExecPreserveMode)

#define ENUM_ROW(name, what_) { name##_from_string_int, name##_to_string_int, what_ }

static const EnumTable enum_tables[_CONFIG_ENUM_MAX] = {
        [CONFIG_ENUM_COLLECT_MODE] = ENUM_ROW(collect_mode, "collect mode"),
        [CONFIG_ENUM_JOB_MODE] = ENUM_ROW(job_mode, "job mode"),
        [CONFIG_ENUM_EMERGENCY_ACTION] = ENUM_ROW(emergency_action, "emergency action"),
        [CONFIG_ENUM_KILL_MODE] = ENUM_ROW(kill_mode, "kill mode"),
        [CONFIG_ENUM_SERVICE_TYPE] = ENUM_ROW(service_type, "service type"),
        [CONFIG_ENUM_SERVICE_EXIT_TYPE] = ENUM_ROW(service_exit_type, "service exit type"),
        [CONFIG_ENUM_SERVICE_RESTART] = ENUM_ROW(service_restart, "service restart specifier"),
        [CONFIG_ENUM_NOTIFY_ACCESS] = ENUM_ROW(notify_access, "notify access specifier"),
        [CONFIG_ENUM_TIMEOUT_FAILURE_MODE] = ENUM_ROW(service_timeout_failure_mode, "timeout failure mode"),
        [CONFIG_ENUM_OOM_POLICY] = ENUM_ROW(oom_policy, "OOM policy"),
        [CONFIG_ENUM_PRESERVE_MODE] = ENUM_ROW(exec_preserve_mode, "preserve mode"),
};

CONFIG_PARSER(config_parse_enum) {
        const EnumTable *t = &enum_tables[ltype];
        int *e = data;
        int v;

        v = t->from_string(rvalue);
        if (v < 0)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse %s, ignoring: %s", t->what,
                                        EXCERPT(rvalue));
        *e = v;
        return 0;
}

CONFIG_DUMPER(config_dump_enum) {
        const EnumTable *t = &enum_tables[ltype];
        fprintf(f, "%s=%s\n", lvalue, strna(t->to_string(*(const int *) data)));
}

/* ---- specifiers and dispatch ---- */

int config_expand_specifiers(LoadContext *ctx, const char *filename, unsigned line, const char *lvalue,
                             const char *rvalue, bool name_set, char **ret) {
        int r;

        char d = specifier_find_deprecated(rvalue);

        if (d != '\0')
                log_syntax(NULL, LOG_WARNING, filename, line, 0,
                           "Specifier '%%%c' used in unit configuration, which is deprecated. Please update your unit "
                           "file, as it does not work as intended.", d);
        r = name_set ? specifier_expand_name(rvalue, ctx->spec, ret) : specifier_expand(rvalue, ctx->spec, ret);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                /* a fail-closed setting refuses the unit (config_bad_value()): say so, not "ignoring" */
                config_bad_value(ctx, filename, line, -r, "Failed to resolve unit specifiers in %s, %s: %m",
                                 EXCERPT(rvalue), ctx->fail_closed ? "refusing" : "ignoring");
                return r;
        }
        return 0;
}

int config_dispatch(const char *filename, unsigned line, const char *section, const char *lvalue,
                    const char *rvalue, LoadContext *ctx) {
        const ConfigItem *item;
        _cleanup_free_ char *expanded = NULL;
        void *data;
        int r;

        /* The reader passes only the sections of the unit's type; this guards other callers, as the UnitFile has
         * no storage for another type's section. */
        if (!config_section_is_read(ctx->unit->type, section)) {
                log_syntax(NULL, LOG_WARNING, filename, line, 0, "Unknown section '%s'. Ignoring.", section);
                ctx->unit->n_warnings++;
                return 0;
        }
        item = config_item_lookup(ctx->unit->type, section, lvalue);
        if (!item) {
                if (config_item_is_unsupported(ctx->unit->type, section, lvalue))
                        return config_parse_unsupported(filename, line, section, lvalue, 0, rvalue, NULL, ctx);
                if (startswith(lvalue, "X-"))
                        return 0;
                log_syntax(NULL, LOG_WARNING, filename, line, 0, "Unknown key '%s' in section [%s], ignoring.",
                           lvalue, section);
                ctx->unit->n_warnings++;
                return 0;
        }

        ctx->fail_closed = item->flags & CONFIG_FAIL_CLOSED;
        ctx->refused = false;
        ctx->section = section;

        if (item->flags & (CONFIG_SPECIFIERS | CONFIG_SPECIFIERS_NAME)) {
                r = config_expand_specifiers(ctx, filename, line, lvalue, rvalue,
                                             item->flags & CONFIG_SPECIFIERS_NAME, &expanded);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        bool fatal = ctx->refused && (item->flags & CONFIG_FATAL);
                        ctx->fail_closed = false;
                        return fatal ? -ENOEXEC : 0;
                }
                rvalue = expanded;
        }

        r = config_item_data_writable(item, ctx->unit, section, &data);
        if (r == -ENOMEM)
                return log_oom();
        r = item->parse(filename, line, section, lvalue, item->ltype, rvalue, data, ctx);
        ctx->fail_closed = false;
        if (r >= 0 && ctx->refused && (item->flags & CONFIG_FATAL))
                return -ENOEXEC; /* stop reading this file, as systemd does */
        return r;
}
