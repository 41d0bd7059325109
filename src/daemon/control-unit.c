/* SPDX-License-Identifier: MIT */
/* The unit objects of the control interface: /org/sockact1/unit/<escaped name> with org.sockact1.Unit, and
 * org.sockact1.Socket or org.sockact1.Service by type; and the methods the Manager offers by unit name. */
#include "control-bus.h"
#include "log.h"
#include "service-unit.h"
#include "socket-unit.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"
#include "utf8.h"

/* ---- helpers ---- */

int control_append_string(sd_bus_message *m, const char *s) {
        _cleanup_free_ char *fixed = NULL;

        s = strempty(s);
        if (!utf8_is_valid(s)) {
                fixed = utf8_make_valid(s, strlen(s), SIZE_MAX - 1, NULL);
                if (!fixed)
                        return -ENOMEM;
                s = fixed;
        }
        return sd_bus_message_append_basic(m, 's', s);
}

static int append_strv(sd_bus_message *m, char *const *l) {
        int r;

        r = sd_bus_message_open_container(m, 'a', "s");
        if (r < 0)
                return r;
        STRV_FOREACH(i, l) {
                r = control_append_string(m, *i);
                if (r < 0)
                        return r;
        }
        return sd_bus_message_close_container(m);
}

int control_unit_path(const char *name, char **ret) {
        return sd_bus_path_encode(CONTROL_UNIT_PREFIX, name, ret);
}

static bool unit_not_found(const Unit *u) {
        return u->config->load_error == -ENOENT && !u->config->masked;
}

const char *control_load_state(const Unit *u) {
        if (u->config->masked)
                return "masked";
        switch (u->config->load_error) {
        case 0:
                return "loaded";
        case -ENOENT:
                return "not-found";
        case -ENOEXEC:
        case -EBADMSG:
                return "bad-setting";
        default:
                return "error";
        }
}

const char *control_description(const Unit *u) {
        return u->config->unit.description ?: u->name;
}

int control_socket_activates(const Unit *u, char **ret) {
        const SocketSection *c = &u->config->socket;
        _cleanup_free_ char *prefix = NULL;
        int r;

        if (!c->accept) {
                if (c->service) {
                        *ret = strdup(c->service);
                        return *ret ? 0 : -ENOMEM;
                }
                return unit_name_change_suffix(u->name, ".service", ret);
        }
        r = unit_name_to_prefix(u->name, &prefix);
        if (r < 0)
                return r;
        *ret = strjoin(prefix, "@.service");
        return *ret ? 0 : -ENOMEM;
}

int control_port_describe(const SocketPort *p, const char **ret_type, char **ret_address) {
        const char *type;
        int r;

        switch (p->type) {
        case SOCKET_PORT_SOCKET:
                if (socket_address_family(&p->address) == AF_NETLINK)
                        type = "Netlink";
                else if (p->address.type == SOCK_DGRAM)
                        type = "Datagram";
                else if (p->address.type == SOCK_SEQPACKET)
                        type = "SequentialPacket";
                else
                        type = "Stream";
                r = socket_address_print_pretty(&p->address, ret_address);
                if (r < 0)
                        return r;
                break;
        case SOCKET_PORT_FIFO:
        case SOCKET_PORT_SPECIAL:
        case SOCKET_PORT_MQUEUE:
        case SOCKET_PORT_USB_FUNCTION:
                type = p->type == SOCKET_PORT_FIFO      ? "FIFO"
                       : p->type == SOCKET_PORT_SPECIAL ? "Special"
                       : p->type == SOCKET_PORT_MQUEUE  ? "MessageQueue"
                                                        : "USBFunction";
                *ret_address = strdup(strempty(p->path));
                if (!*ret_address)
                        return -ENOMEM;
                break;
        default:
                return -EINVAL;
        }
        *ret_type = type;
        return 0;
}

static int no_such_unit(sd_bus_error *error, const char *name) {
        return sd_bus_error_setf(error, CONTROL_ERROR_NO_SUCH_UNIT, "Unit %s not found.", name);
}

static int check_name(const char *name, sd_bus_error *error) {
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return sd_bus_error_setf(error, CONTROL_ERROR_INVALID_NAME, "Unit name %s is not valid.", name);
        return 0;
}

int control_get_unit(ControlServer *c, const char *name, Unit **ret, sd_bus_error *error) {
        Unit *u;
        int r;

        r = check_name(name, error);
        if (r < 0)
                return r;
        u = hashmap_get(c->manager->units, name);
        if (!u)
                return no_such_unit(error, name);
        *ret = u;
        return 0;
}

int control_load_unit(ControlServer *c, const char *name, Unit **ret, sd_bus_error *error) {
        Manager *m = c->manager;
        bool existed;
        Unit *u;
        int r;

        r = check_name(name, error);
        if (r < 0)
                return r;
        existed = hashmap_contains(m->units, name);
        r = manager_load_unit(m, name, &u);
        if (r == -E2BIG)
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED,
                                         "Too many units loaded (%u), refusing to load %s.", m->max_units, name);
        if (r < 0)
                return r;
        if (unit_not_found(u)) {
                if (!existed)
                        manager_unit_gc(m, u);
                return no_such_unit(error, name);
        }
        *ret = u;
        return 0;
}

/* ---- the methods ---- */

static int check_loaded(const Unit *u, sd_bus_error *error) {
        if (u->config->load_error == 0)
                return 0;
        if (unit_not_found(u))
                return no_such_unit(error, u->name);
        return sd_bus_error_setf(error, CONTROL_ERROR_LOAD_FAILED, "Unit %s failed to load: %s", u->name,
                                 strna(u->config->load_error_reason));
}

static int start_unit(Unit *u, sd_bus_error *error) {
        int r;

        if (u->socket)
                r = socket_unit_start(u->socket);
        else if (u->service)
                r = service_unit_start(u->service);
        else
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Unit %s cannot be started.", u->name);
        if (r >= 0)
                return 0;
        switch (r) {
        case -ECANCELED:
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Start request of %s repeated too quickly.",
                                         u->name);
        case -EPROTO:
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Assertion failed on %s.", u->name);
        case -ENOEXEC:
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Service %s has no ExecStart=.", u->name);
        case -EBUSY:
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED,
                                         "Unit %s not started: its service is still running with its listeners.",
                                         u->name);
        case -ECHILD:
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Unit %s failed to start (result '%s').",
                                         u->name,
                                         u->service ? service_result_to_string(u->service->result) : "?");
        default:
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Failed to start %s: %s", u->name,
                                         strerror(-r));
        }
}

int control_unit_start(sd_bus_message *m, Unit *u, sd_bus_error *error) {
        int r;

        r = check_loaded(u, error);
        if (r < 0)
                return r;
        log_debug("%s: Start requested over the control socket.", u->name);
        r = start_unit(u, error);
        if (r < 0)
                return r;
        return sd_bus_reply_method_return(m, NULL);
}

static void stop_unit(Unit *u) {
        if (u->socket)
                socket_unit_stop(u->socket);
        else if (u->service)
                service_unit_stop(u->service);
}

int control_unit_stop(sd_bus_message *m, Unit *u, sd_bus_error *error) {
        log_debug("%s: Stop requested over the control socket.", u->name);
        u->restart = sd_event_source_disable_unref(u->restart); /* a stop cancels a pending restart */
        stop_unit(u);
        return sd_bus_reply_method_return(m, NULL);
}

static bool unit_is_down(const Unit *u) {
        return IN_SET(unit_active_state(u), UNIT_INACTIVE, UNIT_FAILED);
}

static int on_unit_restart(sd_event_source *source, void *userdata) {
        Unit *u = userdata;
        sd_bus_error error = SD_BUS_ERROR_NULL;

        u->restart = sd_event_source_disable_unref(u->restart);
        if (start_unit(u, &error) < 0)
                log_warning("%s: Restart failed: %s", u->name, error.message);
        sd_bus_error_free(&error);
        return 0;
}

int control_unit_restart(sd_bus_message *m, Unit *u, sd_bus_error *error) {
        int r;

        r = check_loaded(u, error);
        if (r < 0)
                return r;
        if (u->service && u->service->remove_when_dead)
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED,
                                         "Unit %s serves one connection (Accept=yes) and cannot be restarted.",
                                         u->name);
        log_debug("%s: Restart requested over the control socket.", u->name);
        if (!unit_is_down(u))
                stop_unit(u);
        if (!unit_is_down(u)) {
                /* still stopping: control_unit_changed() starts it once it is down */
                if (!u->restart) {
                        r = sd_event_add_defer(u->manager->event, &u->restart, on_unit_restart, u);
                        if (r < 0)
                                return r;
                        (void) sd_event_source_set_enabled(u->restart, SD_EVENT_OFF);
                        (void) sd_event_source_set_description(u->restart, "unit-restart");
                }
                return sd_bus_reply_method_return(m, NULL);
        }
        r = start_unit(u, error);
        if (r < 0)
                return r;
        return sd_bus_reply_method_return(m, NULL);
}

int control_unit_reload(sd_bus_message *m, Unit *u, sd_bus_error *error) {
        int r;

        r = check_loaded(u, error);
        if (r < 0)
                return r;
        r = u->service ? service_unit_reload(u->service) : -ENOEXEC;
        if (r == -ENOEXEC)
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Job type reload is not applicable for unit %s.",
                                         u->name);
        if (r == -EBUSY)
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED,
                                         "Unit %s cannot be reloaded because it is not running.", u->name);
        if (r < 0)
                return r;
        log_debug("%s: Reload requested over the control socket.", u->name);
        return sd_bus_reply_method_return(m, NULL);
}

int control_unit_reset_failed(sd_bus_message *m, Unit *u, sd_bus_error *error) {
        if (u->socket)
                socket_unit_reset_failed(u->socket);
        else if (u->service)
                service_unit_reset_failed(u->service);
        return sd_bus_reply_method_return(m, NULL);
}

int control_unit_reply_log(sd_bus_message *m, Unit *u, uint32_t max_lines) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        size_t n = log_ring_size(u->log_ring), from = 0;
        int r;

        if (max_lines > 0 && n > max_lines)
                from = n - max_lines;
        r = sd_bus_message_new_method_return(m, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(reply, 'a', "(ts)");
        if (r < 0)
                return r;
        for (size_t i = from; i < n; i++) {
                const LogRingEntry *e = log_ring_get(u->log_ring, i);

                r = sd_bus_message_append(reply, "(ts)", e->timestamp, e->line); /* valid UTF-8 already */
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int method_start(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;
        int r = control_check_mutating(u->manager->control, m, error);

        return r < 0 ? r : control_unit_start(m, u, error);
}

static int method_stop(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;
        int r = control_check_mutating(u->manager->control, m, error);

        return r < 0 ? r : control_unit_stop(m, u, error);
}

static int method_restart(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;
        int r = control_check_mutating(u->manager->control, m, error);

        return r < 0 ? r : control_unit_restart(m, u, error);
}

static int method_reload(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;
        int r = control_check_mutating(u->manager->control, m, error);

        return r < 0 ? r : control_unit_reload(m, u, error);
}

static int method_reset_failed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;
        int r = control_check_mutating(u->manager->control, m, error);

        return r < 0 ? r : control_unit_reset_failed(m, u, error);
}

static int method_get_log(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        uint32_t max_lines;
        int r;

        r = sd_bus_message_read(m, "u", &max_lines);
        if (r < 0)
                return r;
        return control_unit_reply_log(m, userdata, max_lines);
}

/* ---- properties ---- */

static int append_u64(sd_bus_message *reply, uint64_t v) {
        return sd_bus_message_append_basic(reply, 't', &v);
}

static int append_u32(sd_bus_message *reply, uint32_t v) {
        return sd_bus_message_append_basic(reply, 'u', &v);
}

static int append_i32(sd_bus_message *reply, int32_t v) {
        return sd_bus_message_append_basic(reply, 'i', &v);
}

static int unit_property(sd_bus *bus, const char *path, const char *interface, const char *property,
                         sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;

        if (streq(property, "Id"))
                return control_append_string(reply, u->name);
        if (streq(property, "Description"))
                return control_append_string(reply, control_description(u));
        if (streq(property, "LoadState"))
                return control_append_string(reply, control_load_state(u));
        if (streq(property, "LoadError"))
                return control_append_string(reply,
                                             u->config->load_error != 0 ? u->config->load_error_reason : "");
        if (streq(property, "ActiveState"))
                return control_append_string(reply, unit_active_state_to_string(unit_active_state(u)));
        if (streq(property, "SubState"))
                return control_append_string(reply, unit_sub_state(u));
        if (streq(property, "FragmentPath"))
                return control_append_string(reply, u->config->fragment_path);
        if (streq(property, "DropInPaths"))
                return append_strv(reply, u->config->dropin_paths);
        if (streq(property, "ActiveEnterTimestamp"))
                return append_u64(reply, u->active_enter_timestamp);
        if (streq(property, "ActiveExitTimestamp"))
                return append_u64(reply, u->active_exit_timestamp);
        if (streq(property, "InactiveEnterTimestamp"))
                return append_u64(reply, u->inactive_enter_timestamp);
        if (streq(property, "StateChangeTimestamp"))
                return append_u64(reply, u->state_change_timestamp);
        return -EINVAL;
}

static int socket_listen(sd_bus_message *reply, const Unit *u) {
        int r;

        r = sd_bus_message_open_container(reply, 'a', "(ss)");
        if (r < 0)
                return r;
        for (const SocketPort *p = u->config->socket.ports; p; p = p->next) {
                _cleanup_free_ char *address = NULL;
                const char *type;

                r = control_port_describe(p, &type, &address);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        continue;
                r = sd_bus_message_open_container(reply, 'r', "ss");
                if (r >= 0)
                        r = control_append_string(reply, type);
                if (r >= 0)
                        r = control_append_string(reply, address);
                if (r >= 0)
                        r = sd_bus_message_close_container(reply);
                if (r < 0)
                        return r;
        }
        return sd_bus_message_close_container(reply);
}

static int socket_property(sd_bus *bus, const char *path, const char *interface, const char *property,
                           sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;
        const SocketUnit *so = u->socket; /* NULL if the unit failed to load */

        if (streq(property, "Listen"))
                return socket_listen(reply, u);
        if (streq(property, "Accept")) {
                int b = u->config->socket.accept;
                return sd_bus_message_append_basic(reply, 'b', &b);
        }
        if (streq(property, "Service")) {
                _cleanup_free_ char *name = NULL;
                int r = control_socket_activates(u, &name);
                if (r < 0)
                        return r;
                return control_append_string(reply, name);
        }
        if (streq(property, "Result"))
                return control_append_string(reply,
                                             socket_result_to_string(so ? so->result : SOCKET_FAILURE_LOAD));
        if (streq(property, "NAccepted"))
                return append_u64(reply, so ? so->n_accepted : 0);
        if (streq(property, "NRefused"))
                return append_u64(reply, so ? so->n_refused : 0);
        if (streq(property, "NConnections"))
                return append_u32(reply, so ? so->n_connections : 0);
        if (streq(property, "NTriggers"))
                return append_u64(reply, so ? so->n_triggers : 0);
        if (streq(property, "LastError"))
                return control_append_string(reply, so ? so->last_error : NULL);
        if (streq(property, "ControlPID"))
                return append_u32(reply, so && so->control_pid > 0 ? (uint32_t) so->control_pid : 0);
        return -EINVAL;
}

/* The socket units that activate service s: Accept=no sockets that name it (or Sockets= names them), or the
 * socket an Accept=yes instance serves. */
static int service_triggered_by(const Unit *u, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        const char *k;
        void *v;
        size_t i = 0;

        if (u->service->accept_socket)
                return strv_extend(ret, u->service->accept_socket->unit->name);
        while (hashmap_iterate(u->manager->units, &i, &k, &v)) {
                const Unit *so = v;
                _cleanup_free_ char *name = NULL;

                if (!so->socket || so->config->socket.accept)
                        continue;
                if (!strv_contains(u->config->service.sockets, so->name) &&
                    (control_socket_activates(so, &name) < 0 || !streq(name, u->name)))
                        continue;
                if (strv_extend(&l, so->name) < 0)
                        return -ENOMEM;
        }
        strv_sort(l);
        *ret = TAKE_PTR(l);
        return 0;
}

static int service_property(sd_bus *bus, const char *path, const char *interface, const char *property,
                            sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        Unit *u = userdata;
        const ServiceUnit *s = u->service;
        const ServiceSection *c = &u->config->service;

        if (streq(property, "Type"))
                return control_append_string(reply, service_type_to_string(c->type));
        if (streq(property, "Result"))
                return control_append_string(reply, service_result_to_string(s->result));
        if (streq(property, "ReloadResult"))
                return control_append_string(reply, service_result_to_string(s->reload_result));
        if (streq(property, "MainPID"))
                return append_u32(reply, s->main_pid > 0 ? (uint32_t) s->main_pid : 0);
        if (streq(property, "ControlPID"))
                return append_u32(reply, s->control_pid > 0 ? (uint32_t) s->control_pid : 0);
        if (streq(property, "ExecMainCode"))
                return append_i32(reply, s->exit_code);
        if (streq(property, "ExecMainStatus"))
                return append_i32(reply, s->exit_status);
        if (streq(property, "ExecMainStartTimestamp"))
                return append_u64(reply, s->exec_main_start_timestamp);
        if (streq(property, "ExecMainExitTimestamp"))
                return append_u64(reply, s->exec_main_exit_timestamp);
        if (streq(property, "NRestarts"))
                return append_u32(reply, s->n_restarts);
        if (streq(property, "StatusText"))
                return control_append_string(reply, s->status_text);
        if (streq(property, "StatusErrno"))
                return append_i32(reply, s->status_errno);
        if (streq(property, "Restart"))
                return control_append_string(reply, service_restart_to_string(c->restart));
        if (streq(property, "TriggeredBy")) {
                _cleanup_strv_free_ char **l = NULL;
                int r = service_triggered_by(u, &l);
                if (r < 0)
                        return r;
                return append_strv(reply, l);
        }
        if (streq(property, "Socket"))
                return control_append_string(reply, s->accept_socket ? s->accept_socket->unit->name : "");
        return -EINVAL;
}

/* ---- the object tree ---- */

int control_find_unit(sd_bus *bus, const char *path, const char *interface, void *userdata, void **ret_found,
                      sd_bus_error *error) {
        ControlClient *cl = userdata;
        _cleanup_free_ char *name = NULL;
        Unit *u;
        int r;

        r = sd_bus_path_decode(path, CONTROL_UNIT_PREFIX, &name);
        if (r <= 0)
                return r;
        u = hashmap_get(cl->server->manager->units, name);
        if (!u)
                return 0;
        if (streq(interface, CONTROL_SOCKET_INTERFACE) && u->type != UNIT_SOCKET)
                return 0;
        if (streq(interface, CONTROL_SERVICE_INTERFACE) && !u->service)
                return 0;
        *ret_found = u;
        return 1;
}

int control_enumerate_units(sd_bus *bus, const char *prefix, void *userdata, char ***ret_nodes,
                            sd_bus_error *error) {
        ControlClient *cl = userdata;
        Hashmap *units = cl->server->manager->units;
        _cleanup_strv_free_ char **l = NULL;
        size_t n = 0, i = 0;
        const char *k;
        void *v;

        l = calloc(hashmap_size(units) + 1, sizeof(char *));
        if (!l)
                return -ENOMEM;
        while (hashmap_iterate(units, &i, &k, &v)) {
                int r = control_unit_path(k, &l[n]);
                if (r < 0)
                        return r;
                n++;
        }
        *ret_nodes = TAKE_PTR(l);
        return 0;
}

#define UNIT_PROPERTY(name, signature) \
        SD_BUS_PROPERTY(name, signature, unit_property, 0, 0)
#define SOCKET_PROPERTY(name, signature) \
        SD_BUS_PROPERTY(name, signature, socket_property, 0, 0)
#define SERVICE_PROPERTY(name, signature) \
        SD_BUS_PROPERTY(name, signature, service_property, 0, 0)

/* Authorization is checked in the handlers (control_check_mutating()), not by sd-bus. */
const sd_bus_vtable control_unit_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Id", "s", unit_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        UNIT_PROPERTY("Description", "s"),
        UNIT_PROPERTY("LoadState", "s"),
        UNIT_PROPERTY("LoadError", "s"),
        UNIT_PROPERTY("ActiveState", "s"),
        UNIT_PROPERTY("SubState", "s"),
        UNIT_PROPERTY("FragmentPath", "s"),
        UNIT_PROPERTY("DropInPaths", "as"),
        UNIT_PROPERTY("ActiveEnterTimestamp", "t"),
        UNIT_PROPERTY("ActiveExitTimestamp", "t"),
        UNIT_PROPERTY("InactiveEnterTimestamp", "t"),
        UNIT_PROPERTY("StateChangeTimestamp", "t"),
        SD_BUS_METHOD("Start", NULL, NULL, method_start, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Stop", NULL, NULL, method_stop, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Restart", NULL, NULL, method_restart, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Reload", NULL, NULL, method_reload, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("ResetFailed", NULL, NULL, method_reset_failed, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetLog", SD_BUS_ARGS("u", max_lines), SD_BUS_RESULT("a(ts)", lines),
                                method_get_log, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
};

const sd_bus_vtable control_socket_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SOCKET_PROPERTY("Listen", "a(ss)"),
        SOCKET_PROPERTY("Accept", "b"),
        SOCKET_PROPERTY("Service", "s"),
        SOCKET_PROPERTY("Result", "s"),
        SOCKET_PROPERTY("NAccepted", "t"),
        SOCKET_PROPERTY("NRefused", "t"),
        SOCKET_PROPERTY("NConnections", "u"),
        SOCKET_PROPERTY("NTriggers", "t"),
        SOCKET_PROPERTY("LastError", "s"),
        SOCKET_PROPERTY("ControlPID", "u"),
        SD_BUS_VTABLE_END,
};

const sd_bus_vtable control_service_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SERVICE_PROPERTY("Type", "s"),
        SERVICE_PROPERTY("Result", "s"),
        SERVICE_PROPERTY("ReloadResult", "s"),
        SERVICE_PROPERTY("MainPID", "u"),
        SERVICE_PROPERTY("ControlPID", "u"),
        SERVICE_PROPERTY("ExecMainCode", "i"),
        SERVICE_PROPERTY("ExecMainStatus", "i"),
        SERVICE_PROPERTY("ExecMainStartTimestamp", "t"),
        SERVICE_PROPERTY("ExecMainExitTimestamp", "t"),
        SERVICE_PROPERTY("NRestarts", "u"),
        SERVICE_PROPERTY("StatusText", "s"),
        SERVICE_PROPERTY("StatusErrno", "i"),
        SERVICE_PROPERTY("Restart", "s"),
        SERVICE_PROPERTY("TriggeredBy", "as"),
        SERVICE_PROPERTY("Socket", "s"),
        SD_BUS_VTABLE_END,
};
