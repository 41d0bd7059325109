/* SPDX-License-Identifier: MIT */
/* sockactctl list-units, list-sockets, logs. */
#include <inttypes.h>

#include "ctl-bus.h"
#include "ctl-format.h"
#include "log.h"

static TextColor active_state_color(const char *state) {
        if (streq(state, "active"))
                return COLOR_GREEN;
        if (streq(state, "failed"))
                return COLOR_RED;
        if (STR_IN_SET(state, "activating", "deactivating", "reloading"))
                return COLOR_YELLOW;
        return COLOR_NONE;
}

static TextColor load_state_color(const char *state) {
        return streq(state, "loaded") ? COLOR_NONE : COLOR_RED;
}

static void print_footer(size_t n, const char *what) {
        if (!arg_no_legend)
                printf("\n%zu %s listed.\n", n, what);
}

typedef struct UnitRow {
        const char *name, *description, *load, *active, *sub;
} UnitRow;

static int unit_row_compare(const void *a, const void *b) {
        return strcmp(((const UnitRow *) a)->name, ((const UnitRow *) b)->name);
}

int verb_list_units(int argc, char *argv[]) {
        static const char *const headers[] = { "UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION" };
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        _cleanup_free_ UnitRow *rows = NULL;
        size_t n = 0;
        UnitRow u;
        const char *path;
        int r;

        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;
        r = ctl_call_manager(bus, "ListUnits", &error, &reply, NULL);
        if (r < 0)
                return log_error_errno(r, "Failed to list units: %s", ctl_bus_error_message(&error, r));
        r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ssssss)");
        if (r < 0)
                goto bad;
        while ((r = sd_bus_message_read(reply, "(ssssss)", &u.name, &u.description, &u.load, &u.active,
                                        &u.sub, &path)) > 0) {
                UnitRow *l = reallocarray(rows, n + 1, sizeof(UnitRow));

                if (!l)
                        return log_oom();
                rows = l;
                rows[n++] = u;
        }
        if (r < 0)
                goto bad;
        if (n > 1)
                qsort(rows, n, sizeof(UnitRow), unit_row_compare);

        if (arg_json) {
                JsonWriter j;

                json_init(&j, stdout);
                json_begin_array(&j);
                for (size_t i = 0; i < n; i++) {
                        json_begin_object(&j);
                        json_field_string(&j, "unit", rows[i].name);
                        json_field_string(&j, "load", rows[i].load);
                        json_field_string(&j, "active", rows[i].active);
                        json_field_string(&j, "sub", rows[i].sub);
                        json_field_string(&j, "description", rows[i].description);
                        json_end_object(&j);
                }
                json_end_array(&j);
                json_finish(&j);
                return 0;
        }

        t = table_new(ELEMENTSOF(headers), headers);
        if (!t)
                return log_oom();
        for (size_t i = 0; i < n; i++) {
                TextColor c = active_state_color(rows[i].active);

                if (table_add(t, rows[i].name, COLOR_NONE) < 0 ||
                    table_add(t, rows[i].load, load_state_color(rows[i].load)) < 0 ||
                    table_add(t, rows[i].active, c) < 0 || table_add(t, rows[i].sub, c) < 0 ||
                    table_add(t, rows[i].description, COLOR_NONE) < 0)
                        return log_oom();
        }
        table_print(t, stdout, !arg_no_legend, ctl_use_color());
        print_footer(n, "loaded units");
        return 0;
bad:
        return log_error_errno(r, "Failed to parse the reply of ListUnits: %m");
}

typedef struct SocketRow {
        const char *listen, *type, *unit, *activates, *state;
        uint64_t accepted, refused;
        uint32_t connections;
        size_t index; /* the daemon's order: unit-file order within a unit */
} SocketRow;

static int socket_row_compare(const void *a, const void *b) {
        const SocketRow *x = a, *y = b;
        int c = strcmp(x->unit, y->unit);

        if (c != 0)
                return c;
        return x->index < y->index ? -1 : x->index > y->index;
}

int verb_list_sockets(int argc, char *argv[]) {
        static const char *const headers[] = {
                "LISTEN", "TYPE", "UNIT", "ACTIVATES", "STATE", "CONNECTIONS",
        };
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        _cleanup_free_ SocketRow *rows = NULL;
        size_t n = 0;
        SocketRow x;
        int r;

        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;
        r = ctl_call_manager(bus, "ListSockets", &error, &reply, NULL);
        if (r < 0)
                return log_error_errno(r, "Failed to list sockets: %s", ctl_bus_error_message(&error, r));
        r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(sssssttu)");
        if (r < 0)
                goto bad;
        while ((r = sd_bus_message_read(reply, "(sssssttu)", &x.listen, &x.type, &x.unit, &x.activates, &x.state,
                                        &x.accepted, &x.refused, &x.connections)) > 0) {
                SocketRow *l = reallocarray(rows, n + 1, sizeof(SocketRow));

                if (!l)
                        return log_oom();
                rows = l;
                x.index = n;
                rows[n++] = x;
        }
        if (r < 0)
                goto bad;
        if (n > 1)
                qsort(rows, n, sizeof(SocketRow), socket_row_compare);

        if (arg_json) {
                JsonWriter j;

                json_init(&j, stdout);
                json_begin_array(&j);
                for (size_t i = 0; i < n; i++) {
                        json_begin_object(&j);
                        json_field_string(&j, "listen", rows[i].listen);
                        json_field_string(&j, "type", rows[i].type);
                        json_field_string(&j, "unit", rows[i].unit);
                        json_field_string(&j, "activates", rows[i].activates);
                        json_field_string(&j, "state", rows[i].state);
                        json_field_unsigned(&j, "accepted", rows[i].accepted);
                        json_field_unsigned(&j, "refused", rows[i].refused);
                        json_field_unsigned(&j, "connections", rows[i].connections);
                        json_end_object(&j);
                }
                json_end_array(&j);
                json_finish(&j);
                return 0;
        }

        t = table_new(ELEMENTSOF(headers), headers);
        if (!t)
                return log_oom();
        for (size_t i = 0; i < n; i++) {
                char count[16];

                snprintf(count, sizeof count, "%" PRIu32, rows[i].connections);
                if (table_add(t, rows[i].listen, COLOR_NONE) < 0 || table_add(t, rows[i].type, COLOR_NONE) < 0 ||
                    table_add(t, rows[i].unit, COLOR_NONE) < 0 ||
                    table_add(t, rows[i].activates, COLOR_NONE) < 0 ||
                    table_add(t, rows[i].state, streq(rows[i].state, "failed") ? COLOR_RED : COLOR_NONE) < 0 ||
                    table_add(t, count, COLOR_NONE) < 0)
                        return log_oom();
        }
        table_print(t, stdout, !arg_no_legend, ctl_use_color());
        print_footer(n, "sockets");
        return 0;
bad:
        return log_error_errno(r, "Failed to parse the reply of ListSockets: %m");
}

int verb_logs(int argc, char *argv[]) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        LogLine *lines = NULL;
        size_t n = 0;
        int r;

        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;
        /* -n 0 asks for nothing; GetUnitLog's 0 means everything kept */
        if (arg_lines != 0) {
                r = ctl_get_unit_log(bus, argv[1], arg_lines == UINT_MAX ? 0 : arg_lines, &lines, &n, &error);
                if (r < 0) {
                        log_error("Failed to get the log of %s: %s", argv[1],
                                  ctl_bus_error_message(&error, r));
                        return ctl_bus_error_exit_status(&error, CTL_EXIT_NO_SUCH_UNIT);
                }
        }

        if (arg_json) {
                JsonWriter j;

                json_init(&j, stdout);
                json_begin_array(&j);
                for (size_t i = 0; i < n; i++) {
                        json_begin_object(&j);
                        json_field_unsigned(&j, "timestamp", lines[i].timestamp);
                        json_field_string(&j, "message", lines[i].message);
                        json_end_object(&j);
                }
                json_end_array(&j);
                json_finish(&j);
        } else
                for (size_t i = 0; i < n; i++) {
                        char ts[FORMAT_TIMESTAMP_MAX];

                        printf("%s ", format_log_timestamp(ts, sizeof ts, lines[i].timestamp) ?: "-");
                        fputs_sanitized(lines[i].message, stdout);
                        putchar('\n');
                }
        log_lines_free(lines, n);
        return 0;
}
