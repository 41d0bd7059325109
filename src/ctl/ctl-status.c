/* SPDX-License-Identifier: MIT */
/* sockactctl status, show, is-active. */
#include <inttypes.h>

#include "ctl-bus.h"
#include "ctl-format.h"
#include "exit-status.h"
#include "log.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

#define STATUS_LOG_LINES 10

/* The interface with the type-specific properties of a unit, NULL for types without one. */
static const char *unit_type_interface(const char *name) {
        switch (unit_name_to_type(name)) {
        case UNIT_SOCKET:
                return SOCKACT_SOCKET_INTERFACE;
        case UNIT_SERVICE:
                return SOCKACT_SERVICE_INTERFACE;
        default:
                return NULL;
        }
}

/* LoadUnit + the properties of every interface of the unit. */
static int unit_get_properties(sd_bus *bus, const char *name, BusProperties *p, sd_bus_error *error) {
        _cleanup_free_ char *path = NULL;
        const char *iface = unit_type_interface(name);
        int r;

        r = ctl_load_unit(bus, name, &path, error);
        if (r < 0)
                return r;
        r = ctl_get_all_properties(bus, path, SOCKACT_UNIT_INTERFACE, p, error);
        if (r < 0 || !iface)
                return r;
        return ctl_get_all_properties(bus, path, iface, p, error);
}

static bool state_is_active(const char *state) {
        return STR_IN_SET(state, "active", "reloading");
}

static TextColor state_color(const char *state) {
        if (state_is_active(state))
                return COLOR_GREEN;
        if (streq_ptr(state, "failed"))
                return COLOR_RED;
        return COLOR_NONE;
}

static int error_is_no_such_unit(const sd_bus_error *e) {
        return sd_bus_error_has_name(e, SOCKACT_ERROR_NO_SUCH_UNIT);
}

/* ---- status ---- */

/* "      Label: ", or for a continuation line (an empty label) as much space, as systemctl indents them */
static void print_label(const char *label) {
        if (isempty(label))
                printf("%13s", "");
        else
                printf("%11s: ", label);
}

static void print_field(const char *label, const char *value) {
        print_label(label);
        fputs_sanitized(value, stdout);
        putchar('\n');
}

/* "code=exited, status=1/FAILURE", "code=killed, signal=TERM" */
static void format_exit(char *buf, size_t l, int64_t code, int64_t status) {
        char sig[SIGNAL_TO_STRING_MAX];
        const char *name;

        if (code == 1) { /* CLD_EXITED */
                name = status >= 0 && status <= 255 ? exit_status_to_string((int) status) : NULL;
                snprintf(buf, l, "code=exited, status=%" PRIi64 "%s%s", status, name ? "/" : "",
                         strempty(name));
        } else if (code == 2 || code == 3) { /* CLD_KILLED, CLD_DUMPED */
                name = NULL;
                if (status > 0 && status < _NSIG)
                        name = signal_to_string_buf((int) status, sig, sizeof sig);
                if (name && startswith(name, "SIG"))
                        name += 3;
                if (name)
                        snprintf(buf, l, "code=%s, signal=%s", code == 2 ? "killed" : "dumped", name);
                else
                        snprintf(buf, l, "code=%s, signal=%" PRIi64, code == 2 ? "killed" : "dumped", status);
        } else
                snprintf(buf, l, "code=%" PRIi64 ", status=%" PRIi64, code, status);
}

static char *process_comm(pid_t pid) {
        char path[64], buf[64];
        _cleanup_fclose_ FILE *f = NULL;

        snprintf(path, sizeof path, "/proc/%i/comm", (int) pid);
        f = fopen(path, "re");
        if (!f || !fgets(buf, sizeof buf, f))
                return NULL;
        delete_trailing_chars(buf, NEWLINE);
        return strdup(buf);
}

static void print_active_line(const BusProperties *p, bool color) {
        const char *active = strempty(bus_properties_string(p, "ActiveState"));
        const char *sub = strempty(bus_properties_string(p, "SubState"));
        const char *result = bus_properties_string(p, "Result");
        char ts[FORMAT_TIMESTAMP_MAX], rel[FORMAT_TIMESTAMP_MAX];
        const char *since_prop;
        usec_t since;

        /* the same timestamp systemctl shows for each state */
        if (state_is_active(active))
                since_prop = "ActiveEnterTimestamp";
        else if (STR_IN_SET(active, "inactive", "failed"))
                since_prop = "InactiveEnterTimestamp";
        else if (streq(active, "deactivating"))
                since_prop = "ActiveExitTimestamp";
        else
                since_prop = "StateChangeTimestamp";
        since = bus_properties_unsigned(p, since_prop) ?: bus_properties_unsigned(p, "StateChangeTimestamp");

        print_label("Active");
        if (color)
                fputs(color_on(state_color(active)), stdout);
        fputs_sanitized(active, stdout);
        if (color && state_color(active) != COLOR_NONE)
                fputs(COLOR_OFF, stdout);
        /* as systemctl: a failed unit shows why instead of its sub-state */
        fputs(" (", stdout);
        if (streq(active, "failed") && !isempty(result) && !streq(result, "success")) {
                fputs("Result: ", stdout);
                fputs_sanitized(result, stdout);
        } else
                fputs_sanitized(sub, stdout);
        putchar(')');
        if (format_timestamp(ts, sizeof ts, since)) {
                printf(" since %s", ts);
                if (format_timestamp_relative(rel, sizeof rel, since, now_realtime()))
                        printf("; %s", rel);
        }
        putchar('\n');
}

static void print_socket_status(const BusProperties *p) {
        const BusProperty *listen = bus_properties_find(p, "Listen");
        const char *service = bus_properties_string(p, "Service");
        const char *error = bus_properties_string(p, "LastError");

        if (!isempty(service))
                print_field("Triggers", service);
        if (listen && listen->value.type == 'a')
                for (size_t i = 0; i < listen->value.n_items; i++) {
                        const BusValue *v = &listen->value.items[i];

                        if (v->n_items != 2)
                                continue;
                        print_label(i == 0 ? "Listen" : "");
                        fputs_sanitized(v->items[1].str, stdout);
                        fputs(" (", stdout);
                        fputs_sanitized(v->items[0].str, stdout);
                        fputs(")\n", stdout);
                }
        print_label("Accepted");
        printf("%" PRIu64 "; Connected: %" PRIu64 "; Refused: %" PRIu64 "\n",
               bus_properties_unsigned(p, "NAccepted"), bus_properties_unsigned(p, "NConnections"),
               bus_properties_unsigned(p, "NRefused"));
        if (!isempty(error))
                print_field("Error", error);
}

static void print_service_status(const BusProperties *p) {
        _cleanup_strv_free_ char **triggered_by = NULL;
        _cleanup_free_ char *comm = NULL, *joined = NULL;
        uint64_t pid = bus_properties_unsigned(p, "MainPID");
        int64_t code = bus_properties_signed(p, "ExecMainCode");
        const char *status = bus_properties_string(p, "StatusText");
        const char *socket = bus_properties_string(p, "Socket");
        uint64_t restarts = bus_properties_unsigned(p, "NRestarts");

        if (bus_properties_strv(p, "TriggeredBy", &triggered_by) >= 0 && triggered_by) {
                joined = strv_join(triggered_by, " ");
                if (joined)
                        print_field("TriggeredBy", joined);
        } else if (!isempty(socket))
                print_field("TriggeredBy", socket);
        if (pid > 0) {
                comm = process_comm((pid_t) pid);
                print_label("Main PID");
                printf("%" PRIu64, pid);
                if (comm) {
                        fputs(" (", stdout);
                        fputs_sanitized(comm, stdout);
                        putchar(')');
                }
                putchar('\n');
        }
        if (!isempty(status)) {
                print_label("Status");
                putchar('"');
                fputs_sanitized(status, stdout);
                fputs("\"\n", stdout);
        }
        if (code > 0) {
                char what[128], ts[FORMAT_TIMESTAMP_MAX];

                format_exit(what, sizeof what, code, bus_properties_signed(p, "ExecMainStatus"));
                print_label("Last exit");
                fputs(what, stdout);
                if (format_timestamp(ts, sizeof ts, bus_properties_unsigned(p, "ExecMainExitTimestamp")))
                        printf(" at %s", ts);
                putchar('\n');
        }
        if (restarts > 0)
                printf("%11s: %" PRIu64 "\n", "Restarts", restarts);
}

static void print_status(const char *name, const BusProperties *p, char *const *enabled, const LogLine *log,
                         size_t n_log, bool color) {
        _cleanup_strv_free_ char **dropins = NULL;
        const char *active = strempty(bus_properties_string(p, "ActiveState"));
        const char *load = strempty(bus_properties_string(p, "LoadState"));
        const char *description = bus_properties_string(p, "Description");
        const char *fragment = bus_properties_string(p, "FragmentPath");
        const char *load_error = bus_properties_string(p, "LoadError");
        TextColor c = state_color(active);

        if (color && c != COLOR_NONE)
                printf("%s\u25cf%s ", color_on(c), COLOR_OFF);
        else
                fputs("\u25cf ", stdout);
        fputs_sanitized(name, stdout);
        if (!isempty(description) && !streq(description, name)) {
                fputs(" - ", stdout);
                fputs_sanitized(description, stdout);
        }
        putchar('\n');

        print_label("Loaded");
        fputs_sanitized(load, stdout);
        if (!isempty(load_error)) {
                fputs(" (Reason: ", stdout);
                fputs_sanitized(load_error, stdout);
                putchar(')');
        } else if (!isempty(fragment)) {
                fputs(" (", stdout);
                fputs_sanitized(fragment, stdout);
                if (enabled)
                        printf("; %s", strv_contains(enabled, name) ? "enabled" : "disabled");
                putchar(')');
        }
        putchar('\n');
        if (bus_properties_strv(p, "DropInPaths", &dropins) >= 0)
                STRV_FOREACH(d, dropins)
                        print_field(d == dropins ? "Drop-In" : "", *d);
        print_active_line(p, color);

        if (unit_name_to_type(name) == UNIT_SOCKET)
                print_socket_status(p);
        else if (unit_name_to_type(name) == UNIT_SERVICE)
                print_service_status(p);

        if (n_log > 0)
                putchar('\n');
        for (size_t i = 0; i < n_log; i++) {
                char ts[FORMAT_TIMESTAMP_MAX];

                printf("%s ", format_log_timestamp(ts, sizeof ts, log[i].timestamp) ?: "-");
                fputs_sanitized(log[i].message, stdout);
                putchar('\n');
        }
}

static void properties_json(const BusProperties *p, JsonWriter *j) {
        for (size_t i = 0; i < p->n; i++) {
                json_key(j, p->items[i].name);
                bus_value_json(&p->items[i].value, j);
        }
}

/* The units linked from sockets.target.wants/ on the daemon's own search path: "enabled" in status.
 * NULL (and no complaint) when that cannot be found out. */
static char **daemon_enabled_units(sd_bus *bus) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(unit_loader_freep) UnitLoader *loader = NULL;
        _cleanup_strv_free_ char **path = NULL, **enabled = NULL;
        _cleanup_free_ char *scope = NULL;

        if (sd_bus_get_property_strv(bus, SOCKACT_BUS_NAME, SOCKACT_MANAGER_PATH, SOCKACT_MANAGER_INTERFACE,
                                     "UnitPath", &error, &path) < 0)
                return NULL;
        if (sd_bus_get_property_string(bus, SOCKACT_BUS_NAME, SOCKACT_MANAGER_PATH,
                                       SOCKACT_MANAGER_INTERFACE, "Scope", &error, &scope) < 0)
                return NULL;
        if (unit_loader_new(streq(scope, "user") ? UNIT_SCOPE_USER : UNIT_SCOPE_SYSTEM, path, NULL,
                            &loader) < 0)
                return NULL;
        if (unit_loader_list_wants(loader, "sockets.target", &enabled) < 0)
                return NULL;
        /* an empty list still means "known": none is enabled */
        if (!enabled)
                enabled = calloc(1, sizeof(char *));
        return TAKE_PTR(enabled);
}

int verb_status(int argc, char *argv[]) {
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        _cleanup_strv_free_ char **enabled = NULL;
        bool color = ctl_use_color();
        int r, ret = 0;
        JsonWriter j;

        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;
        enabled = daemon_enabled_units(bus);

        json_init(&j, stdout);
        if (arg_json)
                json_begin_object(&j);
        for (int i = 1; i < argc; i++) {
                _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
                _cleanup_(bus_properties_done) BusProperties p = {};
                const char *name = argv[i];
                LogLine *log = NULL;
                size_t n_log = 0;
                int k;

                r = unit_get_properties(bus, name, &p, &error);
                if (r < 0 && error_is_no_such_unit(&error)) {
                        log_error("Unit %s could not be found.", name);
                        if (arg_json) {
                                json_key(&j, name);
                                json_begin_object(&j);
                                json_field_string(&j, "Id", name);
                                json_field_string(&j, "LoadState", "not-found");
                                json_field_string(&j, "ActiveState", "inactive");
                                json_end_object(&j);
                        }
                        ret = MAX(ret, (int) CTL_EXIT_NO_SUCH_UNIT);
                        continue;
                }
                if (r < 0) {
                        log_error("Failed to get the status of %s: %s", name,
                                  ctl_bus_error_message(&error, r));
                        ret = MAX(ret, ctl_bus_error_exit_status(&error, CTL_EXIT_NO_SUCH_UNIT));
                        continue;
                }
                sd_bus_error_free(&error);
                /* the log is a bonus: a unit without one (or an old daemon) still has a status */
                if (ctl_get_unit_log(bus, name, STATUS_LOG_LINES, &log, &n_log, &error) < 0)
                        n_log = 0;

                k = state_is_active(bus_properties_string(&p, "ActiveState")) ? 0 : CTL_EXIT_NOT_ACTIVE;
                ret = MAX(ret, k);
                if (arg_json) {
                        bus_properties_sort(&p);
                        json_key(&j, name);
                        json_begin_object(&j);
                        properties_json(&p, &j);
                        if (enabled)
                                json_field_bool(&j, "Enabled", strv_contains(enabled, name));
                        json_key(&j, "Log");
                        json_begin_array(&j);
                        for (size_t l = 0; l < n_log; l++) {
                                json_begin_object(&j);
                                json_field_unsigned(&j, "timestamp", log[l].timestamp);
                                json_field_string(&j, "message", log[l].message);
                                json_end_object(&j);
                        }
                        json_end_array(&j);
                        json_end_object(&j);
                } else {
                        if (i > 1)
                                putchar('\n');
                        print_status(name, &p, enabled, log, n_log, color);
                }
                log_lines_free(log, n_log);
        }
        if (arg_json) {
                json_end_object(&j);
                json_finish(&j);
        }
        return ret;
}

/* ---- show ---- */

static bool property_wanted(const char *name) {
        return strv_length(arg_properties) == 0 || strv_contains(arg_properties, name);
}

int verb_show(int argc, char *argv[]) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(bus_properties_done) BusProperties p = {};
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        int r;

        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;
        if (argc > 1)
                r = unit_get_properties(bus, argv[1], &p, &error);
        else
                r = ctl_get_all_properties(bus, SOCKACT_MANAGER_PATH, SOCKACT_MANAGER_INTERFACE, &p, &error);
        if (r < 0) {
                if (error_is_no_such_unit(&error))
                        log_error("Unit %s could not be found.", argv[1]);
                else
                        log_error("Failed to get the properties of %s: %s",
                                  argc > 1 ? argv[1] : "the manager", ctl_bus_error_message(&error, r));
                return ctl_bus_error_exit_status(&error, CTL_EXIT_NO_SUCH_UNIT);
        }
        bus_properties_sort(&p);

        if (arg_json) {
                JsonWriter j;

                json_init(&j, stdout);
                json_begin_object(&j);
                for (size_t i = 0; i < p.n; i++)
                        if (property_wanted(p.items[i].name)) {
                                json_key(&j, p.items[i].name);
                                bus_value_json(&p.items[i].value, &j);
                        }
                json_end_object(&j);
                json_finish(&j);
                return 0;
        }
        for (size_t i = 0; i < p.n; i++)
                if (property_wanted(p.items[i].name))
                        bus_property_print(&p.items[i], stdout);
        return 0;
}

/* ---- is-active ---- */

int verb_is_active(int argc, char *argv[]) {
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        int r, ret = 0;
        JsonWriter j;

        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;

        json_init(&j, stdout);
        if (arg_json)
                json_begin_object(&j);
        for (int i = 1; i < argc; i++) {
                _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
                _cleanup_free_ char *path = NULL, *state = NULL;
                int k;

                r = ctl_load_unit(bus, argv[i], &path, &error);
                if (r >= 0)
                        r = sd_bus_get_property_string(bus, SOCKACT_BUS_NAME, path, SOCKACT_UNIT_INTERFACE,
                                                       "ActiveState", &error, &state);
                if (r < 0 && error_is_no_such_unit(&error))
                        k = CTL_EXIT_NO_SUCH_UNIT; /* as systemctl, it is printed as "inactive" */
                else if (r < 0) {
                        log_error("Failed to get the state of %s: %s", argv[i],
                                  ctl_bus_error_message(&error, r));
                        k = ctl_bus_error_exit_status(&error, CTL_EXIT_NO_SUCH_UNIT);
                } else
                        k = state_is_active(state) ? 0 : CTL_EXIT_NOT_ACTIVE;
                ret = MAX(ret, k);
                if (r < 0 && !error_is_no_such_unit(&error))
                        continue;

                if (arg_json)
                        json_field_string(&j, argv[i], state ?: "inactive");
                else
                        puts(state ?: "inactive");
        }
        if (arg_json) {
                json_end_object(&j);
                json_finish(&j);
        }
        return ret;
}
