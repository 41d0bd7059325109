/* SPDX-License-Identifier: MIT */
/* sockactctl: the connection to sockactd and the calls of the control protocol. */
#include <inttypes.h>
#include <sys/un.h>

#include "ctl-bus.h"
#include "ctl-format.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"

/* ---- connection ---- */

static int runtime_dir(char **ret) {
        const char *e;
        char *d;

        if (arg_runtime_dir)
                d = strdup(arg_runtime_dir);
        else if (arg_scope == UNIT_SCOPE_SYSTEM)
                d = strdup("/run/sockact");
        else {
                e = getenv("XDG_RUNTIME_DIR");
                if (isempty(e) || e[0] != '/')
                        return log_error_errno(ENXIO, "$XDG_RUNTIME_DIR is not set; pass --runtime-dir=DIR "
                                                      "to reach the user instance of sockactd.");
                d = strjoin(e, "/sockact");
        }
        if (!d)
                return log_oom();
        *ret = d;
        return 0;
}

int ctl_bus_connect(sd_bus **ret) {
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        _cleanup_free_ char *dir = NULL, *path = NULL, *address = NULL;
        int r;

        r = runtime_dir(&dir);
        if (r < 0)
                return r;
        path = strjoin(dir, "/private");
        address = strjoin("unix:path=", path);
        if (!path || !address)
                return log_oom();

        /* sd-bus rejects a path longer than sun_path with EINVAL; say what that means */
        if (strlen(path) >= sizeof(((struct sockaddr_un *) NULL)->sun_path))
                return log_error_errno(ENAMETOOLONG, "Failed to connect to sockactd at %s: %m", path);

        r = sd_bus_new(&bus);
        if (r < 0)
                return log_error_errno(r, "Failed to allocate a bus connection: %m");
        r = sd_bus_set_address(bus, address);
        if (r < 0)
                return log_error_errno(r, "Failed to connect to sockactd at %s: %m", path);
        r = sd_bus_start(bus);
        if (r < 0) {
                if (IN_SET(r, -ENOENT, -ECONNREFUSED))
                        return log_error_errno(r, "Failed to connect to sockactd at %s: %m "
                                                  "(is sockactd running?)", path);
                return log_error_errno(r, "Failed to connect to sockactd at %s: %m", path);
        }
        *ret = TAKE_PTR(bus);
        return 0;
}

const char *ctl_bus_error_message(const sd_bus_error *e, int r) {
        if (e && e->message)
                return e->message;
        return strerror(r < 0 ? -r : r);
}

int ctl_bus_error_exit_status(const sd_bus_error *e, int not_found) {
        if (sd_bus_error_has_name(e, SOCKACT_ERROR_NO_SUCH_UNIT))
                return not_found;
        if (sd_bus_error_has_name(e, SD_BUS_ERROR_ACCESS_DENIED))
                return CTL_EXIT_NO_SUCH_UNIT;
        return CTL_EXIT_FAILURE;
}

int ctl_call_manager(sd_bus *bus, const char *method, sd_bus_error *error, sd_bus_message **ret_reply,
                     const char *types, ...) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        va_list ap;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, SOCKACT_BUS_NAME, SOCKACT_MANAGER_PATH,
                                           SOCKACT_MANAGER_INTERFACE, method);
        if (r < 0)
                return r;
        if (types) {
                va_start(ap, types);
                r = sd_bus_message_appendv(m, types, ap);
                va_end(ap);
                if (r < 0)
                        return r;
        }
        return sd_bus_call(bus, m, 0, error, ret_reply);
}

int ctl_load_unit(sd_bus *bus, const char *name, char **ret_path, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const char *path;
        char *copy;
        int r;

        r = ctl_call_manager(bus, "LoadUnit", error, &reply, "s", name);
        if (r < 0)
                return r;
        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return r;
        copy = strdup(path);
        if (!copy)
                return -ENOMEM;
        *ret_path = copy;
        return 0;
}

/* ---- property values ---- */

static void bus_value_done(BusValue *v) {
        free(v->str);
        for (size_t i = 0; i < v->n_items; i++)
                bus_value_done(&v->items[i]);
        free(v->items);
        *v = (BusValue) {};
}

void bus_properties_done(BusProperties *p) {
        for (size_t i = 0; i < p->n; i++) {
                free(p->items[i].name);
                bus_value_done(&p->items[i].value);
        }
        free(p->items);
        *p = (BusProperties) {};
}

/* Read the next complete value at the current position of m (a variant is unwrapped). Nesting is bounded
 * by the D-Bus limits sd-bus enforces on the message. */
static int bus_read_value(sd_bus_message *m, BusValue *ret) {
        BusValue v = {};
        const char *contents;
        char type;
        int r;

        r = sd_bus_message_peek_type(m, &type, &contents);
        if (r < 0)
                return r;
        if (r == 0)
                return -EBADMSG;

        switch (type) {
        case SD_BUS_TYPE_STRING:
        case SD_BUS_TYPE_OBJECT_PATH:
        case SD_BUS_TYPE_SIGNATURE: {
                const char *s;

                r = sd_bus_message_read_basic(m, type, &s);
                if (r < 0)
                        return r;
                v.str = strdup(s);
                if (!v.str)
                        return -ENOMEM;
                break;
        }
        case SD_BUS_TYPE_BOOLEAN: {
                int b;

                r = sd_bus_message_read_basic(m, type, &b);
                v.u = !!b;
                break;
        }
        case SD_BUS_TYPE_BYTE: {
                uint8_t x;

                r = sd_bus_message_read_basic(m, type, &x);
                v.u = x;
                break;
        }
        case SD_BUS_TYPE_UINT16: {
                uint16_t x;

                r = sd_bus_message_read_basic(m, type, &x);
                v.u = x;
                break;
        }
        case SD_BUS_TYPE_UINT32: {
                uint32_t x;

                r = sd_bus_message_read_basic(m, type, &x);
                v.u = x;
                break;
        }
        case SD_BUS_TYPE_UINT64:
                r = sd_bus_message_read_basic(m, type, &v.u);
                break;
        case SD_BUS_TYPE_INT16: {
                int16_t x;

                r = sd_bus_message_read_basic(m, type, &x);
                v.i = x;
                break;
        }
        case SD_BUS_TYPE_INT32:
        case SD_BUS_TYPE_UNIX_FD: {
                int32_t x;

                r = sd_bus_message_read_basic(m, type, &x);
                v.i = x;
                break;
        }
        case SD_BUS_TYPE_INT64: {
                int64_t x;

                r = sd_bus_message_read_basic(m, type, &x);
                v.i = x;
                break;
        }
        case SD_BUS_TYPE_DOUBLE:
                r = sd_bus_message_read_basic(m, type, &v.d);
                break;
        case SD_BUS_TYPE_VARIANT:
                r = sd_bus_message_enter_container(m, type, contents);
                if (r < 0)
                        return r;
                r = bus_read_value(m, ret);
                if (r < 0)
                        return r;
                return sd_bus_message_exit_container(m);
        case SD_BUS_TYPE_ARRAY:
        case SD_BUS_TYPE_STRUCT:
        case SD_BUS_TYPE_DICT_ENTRY:
                r = sd_bus_message_enter_container(m, type, contents);
                if (r < 0)
                        return r;
                for (;;) {
                        BusValue *items;

                        r = sd_bus_message_at_end(m, false);
                        if (r < 0)
                                goto fail;
                        if (r > 0)
                                break;
                        items = reallocarray(v.items, v.n_items + 1, sizeof(BusValue));
                        if (!items) {
                                r = -ENOMEM;
                                goto fail;
                        }
                        v.items = items;
                        v.items[v.n_items] = (BusValue) {};
                        r = bus_read_value(m, &v.items[v.n_items]);
                        if (r < 0)
                                goto fail;
                        v.n_items++;
                }
                r = sd_bus_message_exit_container(m);
                if (type != SD_BUS_TYPE_ARRAY)
                        type = SD_BUS_TYPE_STRUCT;
                break;
        default:
                return -EBADMSG;
        }
        if (r < 0)
                goto fail;
        v.type = type;
        *ret = v;
        return 0;
fail:
        bus_value_done(&v);
        return r;
}

int ctl_get_all_properties(sd_bus *bus, const char *path, const char *interface, BusProperties *p,
                           sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        int r;

        r = sd_bus_call_method(bus, SOCKACT_BUS_NAME, path, "org.freedesktop.DBus.Properties", "GetAll",
                               error, &reply, "s", interface);
        if (r < 0)
                return r;
        r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "{sv}");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_DICT_ENTRY, "sv")) > 0) {
                BusProperty *items;
                const char *name;
                char *copy;

                r = sd_bus_message_read_basic(reply, SD_BUS_TYPE_STRING, &name);
                if (r < 0)
                        return r;
                copy = strdup(name);
                items = reallocarray(p->items, p->n + 1, sizeof(BusProperty));
                if (!copy || !items) {
                        free(copy);
                        if (items)
                                p->items = items;
                        return -ENOMEM;
                }
                p->items = items;
                p->items[p->n] = (BusProperty) { .name = copy, .interface = interface };
                r = bus_read_value(reply, &p->items[p->n].value);
                p->n++;
                if (r < 0)
                        return r;
                r = sd_bus_message_exit_container(reply);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return r;
        return sd_bus_message_exit_container(reply);
}

static int property_compare(const void *a, const void *b) {
        const BusProperty *x = a, *y = b;

        return strcmp(x->name, y->name);
}

void bus_properties_sort(BusProperties *p) {
        if (p->n > 1)
                qsort(p->items, p->n, sizeof(BusProperty), property_compare);
}

const BusProperty *bus_properties_find(const BusProperties *p, const char *name) {
        for (size_t i = 0; i < p->n; i++)
                if (streq(p->items[i].name, name))
                        return &p->items[i];
        return NULL;
}

const char *bus_properties_string(const BusProperties *p, const char *name) {
        const BusProperty *x = bus_properties_find(p, name);

        return x && x->value.str ? x->value.str : NULL;
}

uint64_t bus_properties_unsigned(const BusProperties *p, const char *name) {
        const BusProperty *x = bus_properties_find(p, name);

        if (!x)
                return 0;
        return strchr("byqut", x->value.type) ? x->value.u : 0;
}

int64_t bus_properties_signed(const BusProperties *p, const char *name) {
        const BusProperty *x = bus_properties_find(p, name);

        if (!x)
                return 0;
        return strchr("nixh", x->value.type) ? x->value.i : 0;
}

int bus_properties_strv(const BusProperties *p, const char *name, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        const BusProperty *x = bus_properties_find(p, name);

        if (x && x->value.type == SD_BUS_TYPE_ARRAY)
                for (size_t i = 0; i < x->value.n_items; i++)
                        if (x->value.items[i].str && strv_extend(&l, x->value.items[i].str) < 0)
                                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

bool bus_property_is_timestamp(const BusProperty *p) {
        return p->value.type == SD_BUS_TYPE_UINT64 && endswith(p->name, "Timestamp");
}

static void bus_value_print(const BusValue *v, FILE *f) {
        switch (v->type) {
        case SD_BUS_TYPE_STRING:
        case SD_BUS_TYPE_OBJECT_PATH:
        case SD_BUS_TYPE_SIGNATURE:
                fputs_sanitized(v->str, f);
                break;
        case SD_BUS_TYPE_BOOLEAN:
                fputs(v->u ? "yes" : "no", f);
                break;
        case SD_BUS_TYPE_BYTE:
        case SD_BUS_TYPE_UINT16:
        case SD_BUS_TYPE_UINT32:
        case SD_BUS_TYPE_UINT64:
                fprintf(f, "%" PRIu64, v->u);
                break;
        case SD_BUS_TYPE_DOUBLE:
                fprintf(f, "%g", v->d);
                break;
        case SD_BUS_TYPE_ARRAY:
        case SD_BUS_TYPE_STRUCT:
                for (size_t i = 0; i < v->n_items; i++) {
                        if (i > 0)
                                fputc(' ', f);
                        bus_value_print(&v->items[i], f);
                }
                break;
        default:
                fprintf(f, "%" PRIi64, v->i);
        }
}

static bool is_string_pair(const BusValue *v) {
        return v->type == SD_BUS_TYPE_STRUCT && v->n_items == 2 && v->items[0].type == SD_BUS_TYPE_STRING &&
               v->items[1].type == SD_BUS_TYPE_STRING;
}

void bus_property_print(const BusProperty *p, FILE *f) {
        const BusValue *v = &p->value;

        if (bus_property_is_timestamp(p)) {
                char buf[FORMAT_TIMESTAMP_MAX];

                fprintf(f, "%s=%s\n", p->name, strempty(format_timestamp(buf, sizeof buf, v->u)));
                return;
        }
        /* Listen=: one line per entry, "ADDRESS (TYPE)", as systemctl show prints it */
        if (v->type == SD_BUS_TYPE_ARRAY && v->n_items > 0 && is_string_pair(&v->items[0])) {
                for (size_t i = 0; i < v->n_items; i++) {
                        fprintf(f, "%s=", p->name);
                        if (is_string_pair(&v->items[i])) {
                                fputs_sanitized(v->items[i].items[1].str, f);
                                fputs(" (", f);
                                fputs_sanitized(v->items[i].items[0].str, f);
                                fputc(')', f);
                        } else
                                bus_value_print(&v->items[i], f);
                        fputc('\n', f);
                }
                return;
        }
        fprintf(f, "%s=", p->name);
        bus_value_print(v, f);
        fputc('\n', f);
}

void bus_value_json(const BusValue *v, JsonWriter *j) {
        switch (v->type) {
        case SD_BUS_TYPE_STRING:
        case SD_BUS_TYPE_OBJECT_PATH:
        case SD_BUS_TYPE_SIGNATURE:
                json_string(j, v->str);
                break;
        case SD_BUS_TYPE_BOOLEAN:
                json_bool(j, v->u);
                break;
        case SD_BUS_TYPE_BYTE:
        case SD_BUS_TYPE_UINT16:
        case SD_BUS_TYPE_UINT32:
        case SD_BUS_TYPE_UINT64:
                json_unsigned(j, v->u);
                break;
        case SD_BUS_TYPE_DOUBLE:
                json_double(j, v->d);
                break;
        case SD_BUS_TYPE_ARRAY:
        case SD_BUS_TYPE_STRUCT:
                json_begin_array(j);
                for (size_t i = 0; i < v->n_items; i++)
                        bus_value_json(&v->items[i], j);
                json_end_array(j);
                break;
        default:
                json_signed(j, v->i);
        }
}

/* ---- unit log ---- */

void log_lines_free(LogLine *l, size_t n) {
        for (size_t i = 0; i < n; i++)
                free(l[i].message);
        free(l);
}

int ctl_get_unit_log(sd_bus *bus, const char *name, unsigned max_lines, LogLine **ret, size_t *ret_n,
                     sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        LogLine *lines = NULL;
        size_t n = 0;
        uint64_t t;
        const char *s;
        int r;

        r = ctl_call_manager(bus, "GetUnitLog", error, &reply, "su", name, (uint32_t) max_lines);
        if (r < 0)
                return r;
        r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ts)");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_read(reply, "(ts)", &t, &s)) > 0) {
                LogLine *l = reallocarray(lines, n + 1, sizeof(LogLine));
                char *copy;

                if (!l) {
                        r = -ENOMEM;
                        break;
                }
                lines = l;
                copy = strdup(s);
                if (!copy) {
                        r = -ENOMEM;
                        break;
                }
                lines[n++] = (LogLine) { .timestamp = t, .message = copy };
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(reply);
        if (r < 0) {
                log_lines_free(lines, n);
                return r;
        }
        *ret = lines;
        *ret_n = n;
        return 0;
}
