/* SPDX-License-Identifier: MIT */
/* sockactd: loads units, owns the listeners, spawns and supervises services. Runs in the foreground. */
#include <getopt.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <systemd/sd-journal.h>
#include <time.h>

#include "control.h"
#include "daemon-config.h"
#include "log.h"
#include "manager.h"
#include "string-util.h"
#include "strv.h"

static UnitScope arg_scope;
static bool arg_scope_set;
static char *arg_unit_path;
static char *arg_runtime_dir;
static char *arg_config;
static int arg_log_level = -1;
static LogTarget arg_log_target = _LOG_TARGET_INVALID;
static char **arg_units;

static void help(void) {
        printf("Usage: sockactd [--system | --user] [--unit-path=DIR[:DIR...]] [--runtime-dir=DIR]\n"
               "                [--config=FILE] [--log-level=LEVEL]\n"
               "                [--log-target=console|syslog|journal|auto] [UNIT...]\n"
               "\n"
               "The sockact socket-activation supervisor.\n"
               "\n"
               "  -h --help              Show this help\n"
               "     --version           Show the version\n"
               "     --system            Run the system instance (default when started as root)\n"
               "     --user              Run a user instance (default otherwise)\n"
               "     --unit-path=DIR...  Search unit files here (a trailing ':' appends the default)\n"
               "     --runtime-dir=DIR   Runtime directory (control and notify sockets)\n"
               "     --config=FILE       Read settings from FILE instead of the default sockactd.conf\n"
               "     --log-level=LEVEL   emerg, alert, crit, err, warning, notice, info or debug\n"
               "     --log-target=TARGET console, syslog, journal or auto\n"
               "\n"
               "See sockactd(8).\n");
}

static int parse_argv(int argc, char *argv[]) {
        enum {
                ARG_VERSION = 0x100,
                ARG_SYSTEM,
                ARG_USER,
                ARG_UNIT_PATH,
                ARG_RUNTIME_DIR,
                ARG_CONFIG,
                ARG_LOG_LEVEL,
                ARG_LOG_TARGET,
        };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "user", no_argument, NULL, ARG_USER },
                { "unit-path", required_argument, NULL, ARG_UNIT_PATH },
                { "runtime-dir", required_argument, NULL, ARG_RUNTIME_DIR },
                { "config", required_argument, NULL, ARG_CONFIG },
                { "log-level", required_argument, NULL, ARG_LOG_LEVEL },
                { "log-target", required_argument, NULL, ARG_LOG_TARGET },
                {},
        };
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("sockactd %s\n", PACKAGE_VERSION);
                        return 0;
                case ARG_SYSTEM:
                case ARG_USER:
                        arg_scope = c == ARG_SYSTEM ? UNIT_SCOPE_SYSTEM : UNIT_SCOPE_USER;
                        arg_scope_set = true;
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
                case ARG_CONFIG:
                        arg_config = optarg;
                        break;
                case ARG_LOG_LEVEL:
                        arg_log_level = log_level_from_string(optarg);
                        if (arg_log_level < 0) {
                                log_error("Invalid --log-level=: %s", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_LOG_TARGET:
                        arg_log_target = log_target_from_string(optarg);
                        if (arg_log_target < 0) {
                                log_error("Invalid --log-target=: %s", optarg);
                                return -EINVAL;
                        }
                        break;
                default:
                        return -EINVAL;
                }

        if (!arg_scope_set)
                arg_scope = geteuid() == 0 ? UNIT_SCOPE_SYSTEM : UNIT_SCOPE_USER;
        for (int i = optind; i < argc; i++)
                if (strv_extend(&arg_units, argv[i]) < 0)
                        return log_oom();
        return 1;
}

/* ---- logging ---- */

static LogTarget resolved_target;
static bool log_time;  /* LogTime= */
static bool log_color; /* LogColor=, and stderr a terminal */

/* On the console: the time first with LogTime=, and the level as a colour with LogColor= on a terminal
 * (errors red, warnings yellow, notices bold), as systemd's console log. */
static void log_console(int level, const char *message) {
        const char *on = !log_color       ? NULL
                         : level <= LOG_ERR ? "\033[31;1m"
                         : level == LOG_WARNING ? "\033[33;1m"
                         : level == LOG_NOTICE  ? "\033[1m"
                                                : NULL;
        char when[64] = "";

        if (log_time) {
                struct timespec ts;
                struct tm tm;

                (void) clock_gettime(CLOCK_REALTIME, &ts);
                if (localtime_r(&ts.tv_sec, &tm))
                        (void) snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d:%02d.%06ld ",
                                        tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                        tm.tm_sec, ts.tv_nsec / 1000);
        }
        fprintf(stderr, "%s%s%s%s\n", when, strempty(on), message, on ? "\033[0m" : "");
}

static void daemon_log_sink(int level, const char *message, void *userdata) {
        switch (resolved_target) {
        case LOG_TARGET_JOURNAL:
                if (sd_journal_send("MESSAGE=%s", message, "PRIORITY=%i", level, "SYSLOG_IDENTIFIER=sockactd", NULL) >= 0)
                        return;
                break;
        case LOG_TARGET_SYSLOG:
                syslog(level, "%s", message);
                return;
        default:
                break;
        }
        log_console(level, message);
}

static void setup_logging(LogTarget target) {
        if (target == LOG_TARGET_AUTO || target < 0) {
                /* The journal when one runs, else syslog when there is one, else the console. */
                if (access("/run/systemd/journal/socket", W_OK) >= 0)
                        target = LOG_TARGET_JOURNAL;
                else if (access("/dev/log", W_OK) >= 0 && !getenv("NOTIFY_SOCKET") && !isatty(STDERR_FILENO))
                        target = LOG_TARGET_SYSLOG;
                else
                        target = LOG_TARGET_CONSOLE;
        }
        resolved_target = target;
        if (target == LOG_TARGET_SYSLOG)
                openlog("sockactd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
        log_set_sink(daemon_log_sink, NULL);
}

/* ---- start-up helpers ---- */

static void raise_nofile(void) {
        struct rlimit rl;

        /* Many listeners need many fds; services get their own limits (LimitNOFILE=). */
        if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= rl.rlim_max)
                return;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
                log_warning_errno(errno, "Failed to raise the file descriptor limit, ignoring: %m");
}

static int mkdir_p(const char *path, mode_t mode) {
        _cleanup_free_ char *p = strdup(path);

        if (!p)
                return -ENOMEM;
        for (char *s = p + 1; *s; s++)
                if (*s == '/') {
                        *s = '\0';
                        if (mkdir(p, mode) < 0 && errno != EEXIST)
                                return -errno;
                        *s = '/';
                }
        if (mkdir(p, mode) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

static int runtime_dir_default(UnitScope scope, char **ret) {
        const char *x;

        if (scope == UNIT_SCOPE_SYSTEM)
                *ret = strdup("/run/sockact");
        else {
                x = getenv("XDG_RUNTIME_DIR");
                if (!x || x[0] != '/')
                        return -ENXIO;
                *ret = strjoin(x, "/sockact");
        }
        return *ret ? 0 : -ENOMEM;
}

static int config_default_path(UnitScope scope, char **ret) {
        const char *x, *home;

        if (scope == UNIT_SCOPE_SYSTEM)
                *ret = strdup(SOCKACT_SYSCONFDIR "/sockact/sockactd.conf");
        else if ((x = getenv("XDG_CONFIG_HOME")) && x[0] == '/')
                *ret = strjoin(x, "/sockact/sockactd.conf");
        else if ((home = getenv("HOME")) && home[0] == '/')
                *ret = strjoin(home, "/.config/sockact/sockactd.conf");
        else
                return -ENXIO;
        return *ret ? 0 : -ENOMEM;
}

static int run(int argc, char *argv[]) {
        _cleanup_(manager_freep) Manager *m = NULL;
        _cleanup_strv_free_ char **search_path = NULL;
        _cleanup_free_ char *runtime_dir = NULL, *config_path = NULL;
        DaemonConfig cfg;
        const char *path_spec;
        struct stat st;
        int r;

        r = parse_argv(argc, argv);
        if (r <= 0)
                return r < 0 ? 2 : 0;

        daemon_config_init(&cfg);
        if (arg_config)
                r = daemon_config_load(&cfg, arg_config, true);
        else {
                r = config_default_path(arg_scope, &config_path);
                if (r >= 0)
                        r = daemon_config_load(&cfg, config_path, false);
                else if (r == -ENXIO)
                        r = 0;
        }
        if (r < 0) {
                log_error_errno(r, "Failed to read %s: %m", arg_config ?: strna(config_path));
                daemon_config_done(&cfg);
                return 1;
        }

        /* Command-line options override the settings file. */
        log_set_max_level(arg_log_level >= 0 ? arg_log_level : cfg.log_level);
        log_time = cfg.log_time;
        log_color = cfg.log_color && isatty(STDERR_FILENO);
        setup_logging(arg_log_target >= 0 ? arg_log_target : cfg.log_target);
        raise_nofile();
        /* Processes our services leave behind are re-parented to us, not to init: we reap them. */
        if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
                log_warning_errno(errno, "Failed to become a child subreaper, ignoring: %m");

        path_spec = arg_unit_path ?: getenv("SOCKACT_UNIT_PATH") ?: cfg.unit_path;
        r = path_spec ? unit_search_path_parse(path_spec, arg_scope, &search_path)
                      : unit_search_path_default(arg_scope, &search_path);
        if (r < 0) {
                log_error_errno(r, "Invalid unit path '%s': %m", strna(path_spec));
                goto finish;
        }

        if (arg_runtime_dir)
                runtime_dir = strdup(arg_runtime_dir);
        else {
                r = runtime_dir_default(arg_scope, &runtime_dir);
                if (r == -ENXIO) {
                        log_error("XDG_RUNTIME_DIR is not set; use --runtime-dir=DIR for a user instance.");
                        goto finish;
                }
        }
        if (!runtime_dir) {
                r = log_oom();
                goto finish;
        }
        /* a user instance's control socket is 0666: its directory keeps other users out */
        r = mkdir_p(runtime_dir, arg_scope == UNIT_SCOPE_USER ? 0700 : 0755);
        if (r >= 0 && (lstat(runtime_dir, &st) < 0 || !S_ISDIR(st.st_mode)))
                r = -ENOTDIR;
        if (r < 0) {
                log_error_errno(r, "Failed to create runtime directory %s: %m", runtime_dir);
                goto finish;
        }

        r = control_socket_in_use(runtime_dir);
        if (r != 0) {
                if (r > 0)
                        log_error("Another sockactd is running with the runtime directory %s, refusing.",
                                  runtime_dir);
                else
                        log_error_errno(r, "Cannot use the runtime directory %s: %m", runtime_dir);
                r = -EADDRINUSE;
                goto finish;
        }
        cfg.defaults.std_output = cfg.default_std_output;
        cfg.defaults.std_error = cfg.default_std_error;
        r = manager_new(arg_scope, search_path, runtime_dir, &cfg.defaults, &m);
        if (r < 0) {
                log_error_errno(r, "Failed to set up the manager: %m");
                goto finish;
        }
        m->max_units = cfg.max_units;
        r = manager_set_defaults(m, cfg.default_environment, cfg.default_rlimit);
        if (r < 0) {
                log_oom();
                goto finish;
        }
        log_info("sockactd %s starting (%s instance, runtime directory %s).", PACKAGE_VERSION,
                 arg_scope == UNIT_SCOPE_SYSTEM ? "system" : "user", runtime_dir);

        /* clients can connect (and watch the units start) before the units start */
        r = control_server_start(m);
        if (r < 0)
                goto finish;
        r = manager_startup(m, arg_units);
        if (r < 0)
                goto finish;
        r = manager_run(m);
        if (r < 0)
                log_error_errno(r, "Event loop failed: %m");
        /* closed and removed before the units go (manager_free() would do it too, on every path) */
        m->control = control_server_free(m->control);

finish:
        daemon_config_done(&cfg);
        return r < 0 ? 1 : 0;
}

int main(int argc, char *argv[]) {
        int r = run(argc, argv);

        strv_free(arg_units);
        return r;
}
