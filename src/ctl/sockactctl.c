/* SPDX-License-Identifier: MIT */
/* sockactctl: the control CLI. Verbs are a table {name, min_args, max_args, fn}; each verb lives in the
 * file of its concept (ctl-*.c). */
#include <getopt.h>
#include <limits.h>

#include "ctl.h"
#include "log.h"
#include "parse-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

UnitScope arg_scope = UNIT_SCOPE_SYSTEM;
const char *arg_unit_path;
const char *arg_runtime_dir;
bool arg_json;
bool arg_no_legend;
bool arg_dump;
bool arg_now;
bool arg_no_block;
char **arg_properties;
unsigned arg_lines = UINT_MAX;

typedef struct Verb {
        const char *name;
        unsigned min_args, max_args; /* counting the verb itself */
        int (*fn)(int argc, char *argv[]);
} Verb;

static const Verb verbs[] = {
        { "list-sockets", 1, 1, verb_list_sockets },
        { "list-units", 1, 1, verb_list_units },
        { "status", 2, UINT_MAX, verb_status },
        { "show", 1, 2, verb_show },
        { "cat", 2, UINT_MAX, verb_cat },
        { "start", 2, UINT_MAX, verb_start },
        { "stop", 2, UINT_MAX, verb_stop },
        { "restart", 2, UINT_MAX, verb_restart },
        { "reset-failed", 2, UINT_MAX, verb_reset_failed },
        { "reload", 1, UINT_MAX, verb_reload },
        { "enable", 2, UINT_MAX, verb_enable },
        { "disable", 2, UINT_MAX, verb_disable },
        { "is-active", 2, UINT_MAX, verb_is_active },
        { "logs", 2, 2, verb_logs },
        { "verify", 2, UINT_MAX, verb_verify },
};

bool ctl_use_color(void) {
        static int cached = -1;
        const char *e;

        if (cached < 0) {
                e = getenv("NO_COLOR");
                cached = isatty(STDOUT_FILENO) && isempty(e) && !streq_ptr(getenv("TERM"), "dumb");
        }
        return cached;
}

static void help(void) {
        printf("Usage: sockactctl [OPTIONS...] COMMAND ...\n"
               "\n"
               "Control the sockact socket-activation supervisor.\n"
               "\n"
               "Commands talking to sockactd:\n"
               "  list-sockets          List the listeners of the socket units\n"
               "  list-units            List the units sockactd has loaded\n"
               "  status UNIT...        Show the state of units and their recent output\n"
               "  show [UNIT]           Show the properties of a unit (or of sockactd)\n"
               "  start UNIT...         Start units\n"
               "  stop UNIT...          Stop units\n"
               "  restart UNIT...       Stop and start units again\n"
               "  reload [UNIT...]      Re-read the unit files, or run the units' ExecReload=\n"
               "  reset-failed UNIT...  Forget that units failed, and their start limits\n"
               "  is-active UNIT...     Print the state of units; exit 0 if all are active\n"
               "  logs UNIT             Print the recent output of a unit's processes\n"
               "\n"
               "Commands on unit files (no daemon needed):\n"
               "  cat UNIT...           Print unit files and their drop-ins\n"
               "  enable UNIT...        Link units into sockets.target.wants/\n"
               "  disable UNIT...       Remove units from sockets.target.wants/\n"
               "  verify FILE|UNIT...   Check unit files and print FILE:LINE: diagnostics\n"
               "\n"
               "Options:\n"
               "  -h --help             Show this help\n"
               "     --version          Show the version\n"
               "     --system           Talk to the system instance of sockactd (default)\n"
               "     --user             Talk to the calling user's instance of sockactd\n"
               "     --unit-path=DIR[:DIR...]\n"
               "                        Search unit files in these directories (trailing ':' appends\n"
               "                        the default path)\n"
               "     --runtime-dir=DIR  The daemon's runtime directory\n"
               "     --json             Print one JSON document\n"
               "     --no-legend        Do not print table headers and footers\n"
               "     --no-pager         Accepted for systemctl compatibility; there is no pager\n"
               "  -p --property=NAME[,NAME...]\n"
               "                        show: only these properties\n"
               "  -n --lines=N          logs: only the last N lines\n"
               "     --now              enable/disable: also start/stop the units\n"
               "     --no-block         start/stop/restart/reload UNIT: do not wait for the units to settle\n"
               "     --dump             verify: print every setting's effective value\n"
               "\n"
               "See sockactctl(1).\n");
}

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
                ARG_NO_PAGER,
                ARG_NOW,
                ARG_NO_BLOCK,
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
                { "no-pager", no_argument, NULL, ARG_NO_PAGER },
                { "property", required_argument, NULL, 'p' },
                { "lines", required_argument, NULL, 'n' },
                { "now", no_argument, NULL, ARG_NOW },
                { "no-block", no_argument, NULL, ARG_NO_BLOCK },
                {},
        };
        int c, r;

        while ((c = getopt_long(argc, argv, "hp:n:", options, NULL)) >= 0)
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
                        if (optarg[0] != '/') {
                                log_error("--runtime-dir= needs an absolute path: %s", optarg);
                                return -EINVAL;
                        }
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
                case ARG_NO_PAGER:
                        break;
                case 'p': {
                        _cleanup_strv_free_ char **l = NULL;

                        r = strv_split(optarg, ",", &l);
                        if (r < 0 || strv_extend_strv(&arg_properties, l) < 0)
                                return log_oom();
                        break;
                }
                case 'n':
                        if (safe_atou(optarg, &arg_lines) < 0 || arg_lines == UINT_MAX) {
                                log_error("Invalid number of lines: %s", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_NOW:
                        arg_now = true;
                        break;
                case ARG_NO_BLOCK:
                        arg_no_block = true;
                        break;
                default:
                        return -EINVAL;
                }
        return 1;
}

/* Diagnostics go to stderr as they are: "FILE:LINE: message" from verify, one line per failure else. */
static void print_diagnostic(int level, const char *message, void *userdata) {
        fprintf(stderr, "%s\n", message);
}

/* The names made by mangle_names(), freed at exit. */
static char **arg_mangled = NULL;

/* As systemctl: a unit name without a type ("web", "echo@1") means the service. Not for verify (files) nor
 * the list commands. */
static int mangle_names(const Verb *verb, unsigned n, char *argv[]) {
        if (STR_IN_SET(verb->name, "verify", "list-sockets", "list-units"))
                return 0;
        for (unsigned i = 1; i < n; i++) {
                char *m;

                if (unit_name_to_type(argv[i]) >= 0 || strchr(argv[i], '/') || strchr(argv[i], '.'))
                        continue;
                m = strjoin(argv[i], ".service");
                if (!m || strv_consume(&arg_mangled, m) < 0)
                        return log_oom();
                if (unit_name_is_valid(m, UNIT_NAME_ANY))
                        argv[i] = m;
        }
        return 0;
}

static int run(int argc, char *argv[]) {
        const Verb *verb = NULL;
        unsigned n;
        int r;

        r = parse_argv(argc, argv);
        if (r == -ENOMEM)
                return CTL_EXIT_FAILURE;
        if (r <= 0)
                return r < 0 ? CTL_EXIT_USAGE : 0;

        if (optind >= argc) {
                log_error("Missing command; see 'sockactctl --help'.");
                return CTL_EXIT_USAGE;
        }
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(verbs[i].name, argv[optind]))
                        verb = &verbs[i];
        if (!verb) {
                log_error("Unknown command '%s'; see 'sockactctl --help'.", argv[optind]);
                return CTL_EXIT_USAGE;
        }
        n = (unsigned) (argc - optind);
        if (n < verb->min_args) {
                log_error("Too few arguments for '%s'.", verb->name);
                return CTL_EXIT_USAGE;
        }
        if (n > verb->max_args) {
                log_error("Too many arguments for '%s'.", verb->name);
                return CTL_EXIT_USAGE;
        }
        r = mangle_names(verb, n, argv + optind);
        if (r < 0)
                return CTL_EXIT_FAILURE;
        r = verb->fn((int) n, argv + optind);
        return r < 0 ? CTL_EXIT_FAILURE : r;
}

int main(int argc, char *argv[]) {
        int r;

        log_set_sink(print_diagnostic, NULL);
        log_set_max_level(LOG_NOTICE);

        r = run(argc, argv);
        strv_free(arg_properties);
        strv_free(arg_mangled);
        if (fflush(stdout) != 0 || ferror(stdout)) {
                if (r == 0)
                        log_error_errno(errno, "Failed to write the output: %m");
                return CTL_EXIT_FAILURE;
        }
        return r;
}
