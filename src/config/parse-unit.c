/* SPDX-License-Identifier: MIT */
/* Parsers for [Unit] and [Install]. */
#include "directive-parsers.h"
#include "exit-status.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"
#include "utf8.h"

static bool documentation_url_is_valid(const char *u) {
        static const char *const schemes[] = { "http://", "https://", "file:", "info:", "man:" };

        if (!utf8_is_valid(u) || string_has_cc(u, NULL))
                return false;
        for (size_t i = 0; i < ELEMENTSOF(schemes); i++) {
                const char *rest = startswith(u, schemes[i]);
                if (rest && *rest)
                        return true;
        }
        return false;
}

CONFIG_PARSER(config_parse_documentation) {
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
                        return config_bad_value(ctx, filename, line, -r, "Invalid syntax, ignoring: %s", EXCERPT(rvalue));
                if (r == 0)
                        return 0;
                if (!documentation_url_is_valid(w)) {
                        config_bad_value(ctx, filename, line, EINVAL, "Invalid URL, ignoring: %s", EXCERPT(w));
                        continue;
                }
                if (strv_consume(sv, TAKE_PTR(w)) < 0)
                        return log_oom();
        }
}

/* Dependencies: whitespace-separated unit names; an empty value changes nothing (as in systemd, dependency lists
 * cannot be reset). */
static int add_unit_names(LoadContext *ctx, const char *filename, unsigned line, const char *rvalue, char ***sv,
                          const char *what) {
        const char *p = rvalue;

        for (unsigned n = 0;; n++) {
                _cleanup_free_ char *w = NULL;
                int r = extract_first_word(&p, &w, NULL, EXTRACT_RETAIN_ESCAPE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0)
                        return config_bad_value(ctx, filename, line, -r, "Invalid syntax, ignoring: %s", EXCERPT(rvalue));
                if (r == 0)
                        return 0;
                if (!unit_name_is_valid(w, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE)) {
                        config_bad_value(ctx, filename, line, EINVAL, "Failed to add %s on %s, ignoring: %s", what,
                                         EXCERPT(w), "Invalid argument");
                        continue;
                }
                if (!strv_contains(*sv, w) && strv_consume(sv, TAKE_PTR(w)) < 0)
                        return log_oom();
        }
}

CONFIG_PARSER(config_parse_unit_deps) {
        return add_unit_names(ctx, filename, line, rvalue, data, "dependency");
}

CONFIG_PARSER(config_parse_obsolete_unit_deps) {
        /* RequiresOverridable= and RequisiteOverridable= became Requires= and Requisite=. */
        log_syntax(NULL, LOG_WARNING, filename, line, 0,
                   "Unit dependency type %s= is obsolete, replacing by %s=, please update your unit file", lvalue,
                   unit_dependency_to_string(ltype));
        ctx->unit->n_warnings++;
        return add_unit_names(ctx, filename, line, rvalue, &ctx->unit->unit.dependencies[ltype], "dependency");
}

CONFIG_PARSER(config_parse_on_failure_isolate) {
        JobMode *m = data;
        int b = parse_boolean(rvalue);

        log_syntax(NULL, LOG_NOTICE, filename, line, 0,
                   "OnFailureIsolate= is deprecated. Please use OnFailureJobMode= instead");
        if (b < 0)
                return config_bad_value(ctx, filename, line, -b, "Failed to parse boolean value, ignoring: %s",
                                        EXCERPT(rvalue));
        *m = b ? JOB_ISOLATE : JOB_REPLACE;
        return 0;
}

CONFIG_PARSER(config_parse_exit_action_status) {
        int *i = data;
        uint8_t u;
        int r;

        if (isempty(rvalue)) {
                *i = -1;
                return 0;
        }
        r = safe_atou8(rvalue, &u);
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s=, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        *i = u;
        return 0;
}

CONFIG_DUMPER(config_dump_exit_action_status) {
        int i = *(const int *) data;
        if (i < 0)
                fprintf(f, "%s=\n", lvalue);
        else
                fprintf(f, "%s=%i\n", lvalue, i);
}

static bool condition_takes_path(ConditionType t) {
        return (t >= CONDITION_PATH_EXISTS && t <= CONDITION_FILE_IS_EXECUTABLE) || t == CONDITION_NEEDS_UPDATE;
}

/* ".." components make a path "not normalized" for systemd; "//", "." components and a trailing "/" are
 * simplified away. */
static bool path_has_dot_components(const char *p) {
        for (const char *c = p; *c;) {
                size_t n;

                c += strspn(c, "/");
                n = strcspn(c, "/");
                if (n == 2 && c[0] == '.' && c[1] == '.')
                        return true;
                c += n;
        }
        return false;
}

static char *path_simplify_copy(const char *p) {
        char *out = malloc(strlen(p) + 2), *o = out;

        if (!out)
                return NULL;
        for (const char *c = p; *c;) {
                size_t n;

                c += strspn(c, "/");
                n = strcspn(c, "/");
                if (n == 0 || (n == 1 && c[0] == '.')) {
                        c += n;
                        continue;
                }
                *o++ = '/';
                memcpy(o, c, n);
                o += n;
                c += n;
        }
        if (o == out)
                *o++ = '/';
        *o = '\0';
        return out;
}

CONFIG_PARSER(config_parse_condition) {
        Condition **list = data, *c;
        ConditionType type = (ConditionType) (ltype & 0xff);
        bool trigger, negate;
        const char *p = rvalue;

        if (isempty(rvalue)) {
                /* An empty assignment resets every condition (or assertion) of the unit. */
                *list = condition_free_list(*list);
                return 0;
        }
        /* systemd skips blanks after the prefixes except for conditions taking a path */
        trigger = *p == '|';
        if (trigger)
                p = condition_takes_path(type) ? p + 1 : skip_leading_whitespace(p + 1);
        negate = *p == '!';
        if (negate)
                p = condition_takes_path(type) ? p + 1 : skip_leading_whitespace(p + 1);

        if (!utf8_is_valid(p))
                return config_bad_value(ctx, filename, line, EINVAL, "%s= value is not UTF-8 clean, ignoring.", lvalue);
        if (condition_takes_path(type)) {
                if (p[0] != '/')
                        return config_bad_value(ctx, filename, line, EINVAL, "%s= path is not absolute, ignoring: %s",
                                                lvalue, EXCERPT(p));
                if (path_has_dot_components(p))
                        return config_bad_value(ctx, filename, line, EINVAL,
                                                "%s= path is not normalized, ignoring: %s", lvalue, EXCERPT(p));
        } else if (isempty(p))
                return config_bad_value(ctx, filename, line, EINVAL, "%s= value is empty, ignoring.", lvalue);

        c = calloc(1, sizeof(Condition));
        if (!c)
                return log_oom();
        c->type = type;
        c->trigger = trigger;
        c->negate = negate;
        c->parameter = condition_takes_path(type) ? path_simplify_copy(p) : strdup(p);
        if (!c->parameter) {
                free(c);
                return log_oom();
        }
        /* Keep file order. */
        while (*list)
                list = &(*list)->next;
        *list = c;
        return 0;
}

CONFIG_DUMPER(config_dump_condition) {
        const Condition *const *list = data;
        ConditionType type = (ConditionType) (ltype & 0xff);

        for (const Condition *c = *list; c; c = c->next)
                if (c->type == type)
                        fprintf(f, "%s=%s%s%s\n", lvalue, c->trigger ? "|" : "", c->negate ? "!" : "", c->parameter);
}

CONFIG_PARSER(config_parse_install_names) {
        char ***sv = data;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        return add_unit_names(ctx, filename, line, rvalue, sv, streq(lvalue, "Alias") ? "alias" : "install target");
}

CONFIG_PARSER(config_parse_default_instance) {
        char **s = data;
        _cleanup_free_ char *probe = NULL;

        if (isempty(rvalue)) {
                *s = mfree_ptr(*s);
                return 0;
        }
        /* An instance is valid when "a@INSTANCE.service" is a valid unit name. */
        if (unit_name_build("a", rvalue, ".service", &probe) < 0 || !unit_name_is_valid(probe, UNIT_NAME_INSTANCE))
                return config_bad_value(ctx, filename, line, EINVAL, "Invalid DefaultInstance= value, ignoring: %s",
                                        EXCERPT(rvalue));
        return free_and_strdup(s, rvalue) < 0 ? log_oom() : 0;
}
