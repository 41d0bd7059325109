/* SPDX-License-Identifier: MIT */
/* Parsers for the exec and kill settings shared by [Socket] and [Service], and for [Service]; standard input
 * and output are in parse-exec-stdio.c. */
#include <sched.h>
#include <sys/resource.h>
#include <syslog.h>

#include "directive-parsers.h"
#include "env-util.h"
#include "exec-command.h"
#include "exit-status.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "rlimit-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"
#include "user-util.h"
#include "utf8.h"

static int expand_hook(const char *in, void *userdata, char **ret) {
        const LoadContext *ctx = userdata;
        return specifier_expand(in, ctx->spec, ret);
}

CONFIG_PARSER(config_parse_exec) {
        ExecCommand **list = data, *parsed = NULL;
        _cleanup_free_ char *error = NULL;
        int r;

        if (isempty(rvalue)) {
                *list = exec_command_free_list(*list);
                return 0;
        }
        r = exec_command_parse(rvalue, expand_hook, ctx, &parsed, &error);
        if (r == -ENOMEM)
                return log_oom();
        if (error) {
                /* One message per line; on failure the last one is the reason the unit is refused. */
                char *last = strrchr(error, '\n');
                for (char *m = error, *e; m && (r >= 0 || m != (last ? last + 1 : error)); m = e ? e + 1 : NULL) {
                        e = strchr(m, '\n');
                        if (e)
                                *e = '\0';
                        log_syntax(NULL, LOG_WARNING, filename, line, 0, "%s", m);
                        ctx->unit->n_warnings++;
                        if (!e)
                                break;
                }
                if (r < 0)
                        return config_bad_value(ctx, filename, line, -r, "%s", last ? last + 1 : error);
        } else if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Invalid command line, %s: %s", IGNORING(ctx),
                                        EXCERPT(rvalue));
        if (exec_command_append_list(list, parsed) < 0) {
                exec_command_free_list(parsed);
                return log_oom();
        }
        return 0;
}

CONFIG_DUMPER(config_dump_exec) {
        const ExecCommand *const *list = data;

        if (!*list) {
                fprintf(f, "%s=\n", lvalue);
                return;
        }
        for (const ExecCommand *c = *list; c; c = c->next) {
                _cleanup_free_ char *s = NULL;
                if (exec_command_format(c, &s) >= 0)
                        fprintf(f, "%s=%s\n", lvalue, s);
        }
}

/* User=, Group=, SocketUser=, SocketGroup=: fail closed (CVE-2017-1000082 came from ignoring a bad name). */
CONFIG_PARSER(config_parse_user_group) {
        char **s = data;

        if (isempty(rvalue)) {
                *s = mfree_ptr(*s);
                return 0;
        }
        if (!valid_user_group_name(rvalue, true))
                return config_bad_value(ctx, filename, line, EINVAL, "Invalid user/group name or numeric ID, %s: %s",
                                        IGNORING(ctx), EXCERPT(rvalue));
        if (streq(rvalue, "nobody") && endswith(lvalue, "User"))
                log_syntax(NULL, LOG_WARNING, filename, line, 0, "Special user %s configured, this is not safe!", rvalue);
        return free_and_strdup(s, rvalue) < 0 ? log_oom() : 0;
}

CONFIG_PARSER(config_parse_user_group_strv) {
        char ***sv = data;
        const char *p = rvalue;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *w = NULL;
                int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0)
                        return config_bad_value(ctx, filename, line, -r, "Invalid syntax, %s: %s", IGNORING(ctx),
                                                EXCERPT(rvalue));
                if (r == 0)
                        return 0;
                if (!valid_user_group_name(w, true)) {
                        config_bad_value(ctx, filename, line, EINVAL, "Invalid user/group name or numeric ID, %s: %s",
                                         IGNORING(ctx), EXCERPT(w));
                        continue;
                }
                if (strv_consume(sv, TAKE_PTR(w)) < 0)
                        return log_oom();
        }
}

CONFIG_PARSER(config_parse_working_directory) {
        ExecContext *c = (ExecContext *) ((char *) data - offsetof(ExecContext, working_directory));
        const char *p = rvalue;
        bool missing_ok;

        if (isempty(rvalue)) {
                c->working_directory = mfree_ptr(c->working_directory);
                c->working_directory_home = c->working_directory_missing_ok = false;
                return 0;
        }
        missing_ok = *p == '-';
        if (missing_ok)
                p++;
        if (streq(p, "~")) {
                c->working_directory = mfree_ptr(c->working_directory);
                c->working_directory_home = true;
                c->working_directory_missing_ok = missing_ok;
                return 0;
        }
        if (p[0] != '/' || !utf8_is_valid(p) || string_has_cc(p, NULL) || strlen(p) >= 4096)
                return config_bad_value(ctx, filename, line, EINVAL, "WorkingDirectory= path is not absolute: %s",
                                        EXCERPT(p));
        if (free_and_strdup(&c->working_directory, p) < 0)
                return log_oom();
        c->working_directory_home = false;
        c->working_directory_missing_ok = missing_ok;
        return 0;
}

CONFIG_DUMPER(config_dump_working_directory) {
        const ExecContext *c = (const ExecContext *) ((const char *) data - offsetof(ExecContext, working_directory));

        fprintf(f, "%s=%s%s\n", lvalue, c->working_directory_missing_ok ? "-" : "",
                c->working_directory_home ? "~" : strempty(c->working_directory));
}

/* Split a value into words; each word passing check() is handed to add(), the others are reported. */
static int parse_words(LoadContext *ctx, const char *filename, unsigned line, const char *rvalue,
                       bool (*check)(const char *w), const char *complaint, char ***sv, bool replace_env) {
        const char *p = rvalue;

        for (;;) {
                _cleanup_free_ char *w = NULL;
                int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0)
                        return config_bad_value(ctx, filename, line, -r, "Invalid syntax, ignoring: %s", EXCERPT(rvalue));
                if (r == 0)
                        return 0;
                if (!check(w)) {
                        config_bad_value(ctx, filename, line, EINVAL, "%s, ignoring: %s", complaint, EXCERPT(w));
                        continue;
                }
                r = replace_env ? strv_env_replace_consume(sv, TAKE_PTR(w)) : strv_consume(sv, TAKE_PTR(w));
                if (r < 0)
                        return log_oom();
        }
}

CONFIG_PARSER(config_parse_environ) {
        char ***sv = data;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        return parse_words(ctx, filename, line, rvalue, env_assignment_is_valid, "Invalid environment assignment",
                           sv, true);
}

CONFIG_PARSER(config_parse_env_file) {
        char ***sv = data;
        const char *p = rvalue;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        if (*p == '-')
                p++;
        if (p[0] != '/' || !utf8_is_valid(p) || string_has_cc(p, NULL))
                return config_bad_value(ctx, filename, line, EINVAL, "Path '%s' is not absolute, ignoring.",
                                        EXCERPT(rvalue));
        return strv_extend(sv, rvalue) < 0 ? log_oom() : 0;
}

CONFIG_PARSER(config_parse_pass_environ) {
        char ***sv = data;
        int r;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        r = parse_words(ctx, filename, line, rvalue, env_name_is_valid, "Invalid environment name", sv, false);
        strv_uniq(*sv);
        return r;
}

CONFIG_PARSER(config_parse_unset_environ) {
        char ***sv = data;
        int r;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        r = parse_words(ctx, filename, line, rvalue, env_name_or_assignment_is_valid,
                        "Invalid environment name or assignment", sv, false);
        strv_uniq(*sv);
        return r;
}

CONFIG_PARSER(config_parse_umask) {
        ExecContext *c = (ExecContext *) ((char *) data - offsetof(ExecContext, umask));
        mode_t m;
        int r = parse_mode(rvalue, &m);

        if (r < 0 || m > 0777)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse mode value, ignoring: %s",
                                        EXCERPT(rvalue));
        c->umask = m;
        c->umask_set = true;
        return 0;
}

CONFIG_PARSER(config_parse_nice) {
        ExecContext *c = (ExecContext *) ((char *) data - offsetof(ExecContext, nice));
        int n;

        if (isempty(rvalue)) {
                c->nice_set = false;
                return 0;
        }
        if (parse_nice(rvalue, &n) < 0)
                return config_bad_value(ctx, filename, line, ERANGE, "Nice priority out of range, ignoring: %s",
                                        EXCERPT(rvalue));
        c->nice = n;
        c->nice_set = true;
        return 0;
}

CONFIG_DUMPER(config_dump_optional_int) {
        /* data points at an int immediately followed (in the struct) by its "_set" flag */
        const int *i = data;
        const bool *set = (const bool *) (i + 1);

        if (*set)
                fprintf(f, "%s=%i\n", lvalue, *i);
        else
                fprintf(f, "%s=\n", lvalue);
}

CONFIG_PARSER(config_parse_rlimit) {
        struct rlimit **rl = data, v;
        int r;

        r = rlimit_parse(ltype, rvalue, &v);
        if (r == -EILSEQ)
                return config_bad_value(ctx, filename, line, 0,
                                        "Soft resource limit chosen higher than hard limit, ignoring: %s", EXCERPT(rvalue));
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse resource value, ignoring: %s",
                                        EXCERPT(rvalue));
        if (!*rl) {
                *rl = malloc(sizeof(struct rlimit));
                if (!*rl)
                        return log_oom();
        }
        **rl = v;
        return 0;
}

CONFIG_DUMPER(config_dump_rlimit) {
        const struct rlimit *const *rl = data;
        _cleanup_free_ char *s = NULL;

        if (*rl && rlimit_format(*rl, &s) >= 0)
                fprintf(f, "%s=%s\n", lvalue, s);
        else
                fprintf(f, "%s=\n", lvalue);
}

static bool exec_directory_is_valid(const char *p) {
        if (isempty(p) || p[0] == '/' || strlen(p) >= 4096 || !utf8_is_valid(p) || string_has_cc(p, NULL))
                return false;
        /* No "." or ".." components. */
        for (const char *c = p; *c;) {
                size_t n = strcspn(c, "/");
                if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
                        return false;
                c += n;
                c += strspn(c, "/");
        }
        return true;
}

CONFIG_PARSER(config_parse_exec_directories) {
        char ***sv = data;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        return parse_words(ctx, filename, line, rvalue, exec_directory_is_valid,
                           "Directory name is not a valid relative path", sv, false);
}

CONFIG_DUMPER(config_dump_exec_directories) {
        config_dump_strv(f, lvalue, ltype, data);
}

static const char *const facility_names[] = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        NULL, NULL, NULL, NULL, "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

CONFIG_PARSER(config_parse_syslog_facility) {
        int *prio = data;

        for (size_t i = 0; i < ELEMENTSOF(facility_names); i++)
                if (facility_names[i] && streq(rvalue, facility_names[i])) {
                        *prio = (int) (i << 3) | (*prio & LOG_PRIMASK);
                        return 0;
                }
        return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse log facility, ignoring: %s",
                                EXCERPT(rvalue));
}

CONFIG_PARSER(config_parse_syslog_level) {
        int *prio = data;
        int l = log_level_from_string(rvalue);

        if (l < 0)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse log level, ignoring: %s",
                                        EXCERPT(rvalue));
        *prio = (*prio & LOG_FACMASK) | l;
        return 0;
}

CONFIG_PARSER(config_parse_log_level) {
        int *level = data;
        int l;

        if (isempty(rvalue)) {
                *level = -1;
                return 0;
        }
        l = log_level_from_string(rvalue);
        if (l < 0)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse log level, ignoring: %s",
                                        EXCERPT(rvalue));
        *level = l;
        return 0;
}

CONFIG_PARSER(config_parse_oom_score_adjust) {
        ExecContext *c = (ExecContext *) ((char *) data - offsetof(ExecContext, oom_score_adjust));
        int v;

        if (isempty(rvalue)) {
                c->oom_score_adjust_set = false;
                return 0;
        }
        if (safe_atoi(rvalue, &v) < 0 || v < -1000 || v > 1000)
                return config_bad_value(ctx, filename, line, ERANGE, "OOM score adjust value out of range, ignoring: %s",
                                        EXCERPT(rvalue));
        c->oom_score_adjust = v;
        c->oom_score_adjust_set = true;
        return 0;
}

CONFIG_PARSER(config_parse_cpu_sched_policy) {
        static const struct {
                const char *name;
                int policy;
        } policies[] = {
                { "other", SCHED_OTHER }, { "batch", SCHED_BATCH }, { "idle", SCHED_IDLE },
                { "fifo", SCHED_FIFO },   { "rr", SCHED_RR },
        };
        int *p = data;

        for (size_t i = 0; i < ELEMENTSOF(policies); i++)
                if (streq(rvalue, policies[i].name)) {
                        *p = policies[i].policy;
                        return 0;
                }
        return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse CPU scheduling policy, ignoring: %s",
                                EXCERPT(rvalue));
}

CONFIG_PARSER(config_parse_cpu_sched_prio) {
        int *p = data;
        int v;

        if (safe_atoi(rvalue, &v) < 0 || v < 0 || v > 99)
                return config_bad_value(ctx, filename, line, ERANGE, "CPU scheduling priority is out of range, ignoring: %s",
                                        EXCERPT(rvalue));
        *p = v;
        return 0;
}

CONFIG_PARSER(config_parse_ioprio_class) {
        static const char *const classes[] = { "none", "realtime", "best-effort", "idle" };
        int *p = data;
        unsigned u;

        if (isempty(rvalue)) {
                *p = -1;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(classes); i++)
                if (streq(rvalue, classes[i])) {
                        *p = (int) i;
                        return 0;
                }
        if (safe_atou(rvalue, &u) < 0 || u > 3)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse IO scheduling class, ignoring: %s",
                                        EXCERPT(rvalue));
        *p = (int) u;
        return 0;
}

CONFIG_PARSER(config_parse_ioprio_priority) {
        int *p = data;
        unsigned u;

        if (safe_atou(rvalue, &u) < 0 || u > 7)
                return config_bad_value(ctx, filename, line, ERANGE, "Failed to parse IO priority, ignoring: %s",
                                        EXCERPT(rvalue));
        *p = (int) u;
        return 0;
}

/* TimeoutSec= (ltype 0) sets both, TimeoutStartSec= (1) and TimeoutStopSec= (2) one each; 0 means infinity. */
CONFIG_PARSER(config_parse_service_timeout) {
        ServiceSection *s = (ServiceSection *) ((char *) data - (ltype == 2 ? offsetof(ServiceSection, timeout_stop)
                                                                            : offsetof(ServiceSection, timeout_start)));
        usec_t u;
        int r = parse_sec_fix_0(rvalue, &u);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= parameter, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        if (ltype != 2) {
                s->timeout_start = u;
                s->timeout_start_set = true;
        }
        if (ltype != 1)
                s->timeout_stop = u;
        return 0;
}

CONFIG_PARSER(config_parse_service_timeout_abort) {
        ServiceSection *s = (ServiceSection *) ((char *) data - offsetof(ServiceSection, timeout_abort));
        usec_t u;
        int r;

        if (isempty(rvalue)) {
                s->timeout_abort_set = false;
                return 0;
        }
        r = parse_sec(rvalue, &u);
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Invalid TimeoutAbortSec= value, ignoring: %s",
                                        EXCERPT(rvalue));
        s->timeout_abort = u;
        s->timeout_abort_set = true;
        return 0;
}

CONFIG_PARSER(config_parse_exit_status) {
        ExitStatusSet *set = data;
        _cleanup_free_ char *bad = NULL;
        int r;

        r = exit_status_set_parse(set, rvalue, &bad);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                /* Every valid word was added; each bad one is reported, as systemd does. */
                const char *p = bad;
                for (unsigned n = 0; p && *p && n < 64; n++) {
                        size_t k = strcspn(p, " ");
                        _cleanup_free_ char *w = strndup(p, k);
                        if (!w)
                                return log_oom();
                        config_bad_value(ctx, filename, line, EINVAL, "Failed to parse value, ignoring: %s", EXCERPT(w));
                        p += k;
                        p += strspn(p, " ");
                }
        }
        return 0;
}

CONFIG_DUMPER(config_dump_exit_status) {
        _cleanup_free_ char *s = NULL;

        if (exit_status_set_format(data, &s) >= 0)
                fprintf(f, "%s=%s\n", lvalue, s);
}

static bool socket_unit_name_is_valid(const char *w) {
        return unit_name_is_valid(w, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE) && endswith(w, ".socket");
}

/* PIDFile=: a relative path is taken relative to the runtime directory (/run), as systemd.service(5) says. */
CONFIG_PARSER(config_parse_pid_file) {
        char **s = data;
        _cleanup_free_ char *abs = NULL;
        const char *run = ctx && ctx->spec && ctx->spec->runtime_dir ? ctx->spec->runtime_dir : "/run";

        if (isempty(rvalue) || rvalue[0] == '/')
                return config_parse_path(filename, line, section, lvalue, ltype, rvalue, data, ctx);
        abs = strjoin(run, "/", rvalue);
        if (!abs)
                return log_oom();
        return config_parse_path(filename, line, section, lvalue, ltype, abs, s, ctx);
}

CONFIG_PARSER(config_parse_service_sockets) {
        char ***sv = data;
        int r;

        if (isempty(rvalue))
                return 0;
        r = parse_words(ctx, filename, line, rvalue, socket_unit_name_is_valid, "Not a valid socket unit name", sv,
                        false);
        strv_uniq(*sv);
        return r;
}

CONFIG_PARSER(config_parse_service_type) {
        ServiceSection *s = (ServiceSection *) ((char *) data - offsetof(ServiceSection, type));
        ServiceType t = service_type_from_string(rvalue);

        if (t < 0)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse service type, ignoring: %s",
                                        EXCERPT(rvalue));
        s->type = t;
        s->type_set = true;
        return 0;
}

CONFIG_PARSER(config_parse_notify_access) {
        ServiceSection *s = (ServiceSection *) ((char *) data - offsetof(ServiceSection, notify_access));
        NotifyAccess a = notify_access_from_string(rvalue);

        if (a < 0)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse notify access specifier, ignoring: %s",
                                        EXCERPT(rvalue));
        s->notify_access = a;
        s->notify_access_set = true;
        return 0;
}
