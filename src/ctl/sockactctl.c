/* SPDX-License-Identifier: MIT */
/* sockactctl: the control CLI. Verbs are a table {name, min_args, max_args, fn}. */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>

#include "config-parse.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"
#include "unit-name.h"

static bool arg_dump;
static bool arg_no_legend;
static bool arg_json;
static UnitScope arg_scope = UNIT_SCOPE_SYSTEM;
static char *arg_unit_path;
static char *arg_runtime_dir;

typedef struct Verb {
        const char *name;
        unsigned min_args, max_args; /* counting the verb itself */
        int (*fn)(int argc, char *argv[]);
} Verb;

static int help(void) {
        printf("Usage: sockactctl [OPTIONS...] COMMAND ...\n"
               "\n"
               "Control the sockact socket-activation supervisor.\n"
               "\n"
               "Commands:\n"
               "  verify FILE|UNIT...   Check unit files offline and print FILE:LINE: diagnostics\n"
               "\n"
               "Options:\n"
               "  -h --help             Show this help\n"
               "     --version          Show the version\n"
               "     --system           Use the system manager's search path and runtime dir (default)\n"
               "     --user             Use the user manager's search path and runtime dir\n"
               "     --unit-path=DIR[:DIR...]\n"
               "                        Search unit files in these directories (trailing ':' appends\n"
               "                        the default path)\n"
               "     --runtime-dir=DIR  The daemon's runtime directory\n"
               "     --dump             verify: print every setting's effective value\n"
               "     --json             Print JSON\n"
               "     --no-legend        Do not print table headers and footers\n"
               "\n"
               "See sockactctl(1).\n");
        return 0;
}

/* Diagnostics go to stderr as they are, "FILE:LINE: message". */
static void print_diagnostic(int level, const char *message, void *userdata) {
        fprintf(stderr, "%s\n", message);
}

typedef struct VerifyState {
        UnitLoader *loader;
        char **done; /* names already verified */
        bool failed;
} VerifyState;

static int verify_one(VerifyState *st, const char *name, bool activated_by_other) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        int r;

        if (strv_contains(st->done, name))
                return 0;
        if (strv_extend(&st->done, name) < 0)
                return log_oom();

        r = unit_loader_load(st->loader, name, &u);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                log_error("%s: Invalid unit name.", name);
                st->failed = true;
                return 0;
        }
        if (u->load_error != 0) {
                /* Parse errors were printed with their line already; say once more which unit fails. */
                if (IN_SET(u->load_error, -ENOENT, -ERFKILL, -EOPNOTSUPP))
                        log_error("%s", u->load_error_reason);
                else
                        log_error("%s: Unit %s failed to load: %s", u->fragment_path ?: name, name,
                                  strna(u->load_error_reason));
                st->failed = true;
        }
        if (arg_dump && u->load_error == 0)
                config_dump_unit(stdout, u);

        /* A socket is only useful with the service it activates: check that one too. */
        if (u->type == UNIT_SOCKET && u->load_error == 0 && !activated_by_other) {
                _cleanup_free_ char *svc = NULL;

                if (u->socket.service)
                        svc = strdup(u->socket.service);
                else if (u->socket.accept) {
                        _cleanup_free_ char *prefix = NULL;
                        r = unit_name_to_prefix(name, &prefix);
                        if (r >= 0)
                                r = unit_name_build(prefix, "", ".service", &svc);
                } else
                        r = unit_name_change_suffix(name, ".service", &svc);
                if (!svc)
                        return log_oom();
                if (!strv_contains(st->done, svc)) {
                        _cleanup_(unit_file_freep) UnitFile *s = NULL;

                        r = unit_loader_load(st->loader, svc, &s);
                        if (r < 0)
                                return log_oom();
                        if (s->load_error == -ENOENT) {
                                log_error("%s: Service %s not found, %s cannot be started.", u->fragment_path, svc, name);
                                st->failed = true;
                                return strv_extend(&st->done, svc) < 0 ? log_oom() : 0;
                        }
                        return verify_one(st, svc, true);
                }
        }
        return 0;
}

static int verb_verify(int argc, char *argv[]) {
        _cleanup_strv_free_ char **path = NULL, **front = NULL, **names = NULL;
        VerifyState st = {};
        int r;

        /* Files named on the command line are found first in their own directory. */
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];

                if (strchr(a, '/') || access(a, F_OK) >= 0) {
                        char abs[PATH_MAX];
                        _cleanup_free_ char *copy1 = strdup(a), *copy2 = strdup(a);

                        if (!copy1 || !copy2)
                                return log_oom();
                        if (!realpath(dirname(copy1), abs)) {
                                log_error_errno(errno, "%s: %m", a);
                                st.failed = true;
                                continue;
                        }
                        if (!strv_contains(front, abs) && strv_extend(&front, abs) < 0)
                                return log_oom();
                        if (strv_extend(&names, basename(copy2)) < 0)
                                return log_oom();
                } else if (strv_extend(&names, a) < 0)
                        return log_oom();
        }

        if (arg_unit_path)
                r = unit_search_path_parse(arg_unit_path, arg_scope, &path);
        else if (getenv("SOCKACT_UNIT_PATH"))
                r = unit_search_path_parse(getenv("SOCKACT_UNIT_PATH"), arg_scope, &path);
        else
                r = unit_search_path_default(arg_scope, &path);
        if (r < 0)
                return log_error_errno(r, "Invalid unit path: %m");
        if (strv_extend_strv(&front, path) < 0)
                return log_oom();
        strv_uniq(front);

        r = unit_loader_new(arg_scope, front, NULL, &st.loader);
        if (r < 0)
                return log_error_errno(r, "Failed to set up the unit loader: %m");

        STRV_FOREACH(n, names) {
                _cleanup_free_ char *instance = NULL;

                if (!unit_name_is_valid(*n, UNIT_NAME_ANY)) {
                        log_error("%s: Invalid unit name.", *n);
                        st.failed = true;
                        continue;
                }
                /* A template is checked as an instance of itself, as systemd-analyze does. */
                if (unit_name_is_valid(*n, UNIT_NAME_TEMPLATE) &&
                    unit_name_replace_instance(*n, "test_instance", &instance) < 0)
                        return log_oom();
                r = verify_one(&st, instance ?: *n, false);
                if (r < 0)
                        break;
        }
        unit_loader_free(st.loader);
        strv_free(st.done);
        if (r < 0)
                return r;
        return st.failed ? 1 : 0;
}

static const Verb verbs[] = {
        { "verify", 2, UINT_MAX, verb_verify },
};

static int parse_argv(int argc, char *argv[]) {
        enum {
                ARG_VERSION = 0x100,
                ARG_SYSTEM,
                ARG_USER,
                ARG_UNIT_PATH,
                ARG_RUNTIME_DIR,
                ARG_DUMP,
                ARG_JSON,
                ARG_NO_LEGEND,
        };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "user", no_argument, NULL, ARG_USER },
                { "unit-path", required_argument, NULL, ARG_UNIT_PATH },
                { "runtime-dir", required_argument, NULL, ARG_RUNTIME_DIR },
                { "dump", no_argument, NULL, ARG_DUMP },
                { "json", no_argument, NULL, ARG_JSON },
                { "no-legend", no_argument, NULL, ARG_NO_LEGEND },
                {},
        };
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("sockactctl %s\n", PACKAGE_VERSION);
                        return 0;
                case ARG_SYSTEM:
                        arg_scope = UNIT_SCOPE_SYSTEM;
                        break;
                case ARG_USER:
                        arg_scope = UNIT_SCOPE_USER;
                        break;
                case ARG_UNIT_PATH:
                        arg_unit_path = optarg;
                        break;
                case ARG_RUNTIME_DIR:
                        arg_runtime_dir = optarg;
                        break;
                case ARG_DUMP:
                        arg_dump = true;
                        break;
                case ARG_JSON:
                        arg_json = true;
                        break;
                case ARG_NO_LEGEND:
                        arg_no_legend = true;
                        break;
                default:
                        return -EINVAL;
                }
        return 1;
}

int main(int argc, char *argv[]) {
        const Verb *verb = NULL;
        unsigned n;
        int r;

        log_set_sink(print_diagnostic, NULL);
        log_set_max_level(LOG_NOTICE);

        r = parse_argv(argc, argv);
        if (r <= 0)
                return r < 0 ? 2 : 0;

        if (optind >= argc) {
                log_error("Missing command; see 'sockactctl --help'.");
                return 2;
        }
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(verbs[i].name, argv[optind]))
                        verb = &verbs[i];
        if (!verb) {
                log_error("Unknown command '%s'; see 'sockactctl --help'.", argv[optind]);
                return 2;
        }
        n = (unsigned) (argc - optind);
        if (n < verb->min_args) {
                log_error("Too few arguments for '%s'.", verb->name);
                return 2;
        }
        if (n > verb->max_args) {
                log_error("Too many arguments for '%s'.", verb->name);
                return 2;
        }
        r = verb->fn((int) n, argv + optind);
        return r < 0 ? 1 : r;
}
