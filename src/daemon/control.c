/* SPDX-License-Identifier: MIT */
/* The control server: the listening socket $RUNTIME/private, one sd-bus server connection per client (no bus
 * daemon), the object /org/sockact1 (org.sockact1.Manager) and the signals. The unit objects are in
 * control-unit.c. */
#include <inttypes.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "control-bus.h"
#include "log.h"
#include "socket-unit.h"
#include "string-util.h"
#include "strv.h"

#define CONTROL_CLIENTS_MAX 64U
/* A client that does not read what we send is cut off: signals stop once this many messages wait for it,
 * and its next call disconnects it once twice as many do. */
#define CONTROL_SIGNAL_QUEUE_MAX 256U
#define CONTROL_QUEUE_MAX (2U * CONTROL_SIGNAL_QUEUE_MAX)

/* ---- clients ---- */

static ControlClient *control_client_free(ControlClient *cl) {
        if (!cl)
                return NULL;
        /* never flush: a client that does not read would block us */
        sd_bus_close_unref(cl->bus);
        free(cl);
        return NULL;
}

static int on_gc(sd_event_source *source, void *userdata) {
        ControlServer *c = userdata;

        for (ControlClient **p = &c->clients; *p;) {
                ControlClient *cl = *p;

                if (!cl->dead) {
                        p = &cl->next;
                        continue;
                }
                *p = cl->next;
                c->n_clients--;
                log_debug("Control connection %" PRIu64 " closed.", cl->id);
                control_client_free(cl);
        }
        return 0;
}

/* Mark cl gone; it is freed after the current event (it may be the one being dispatched). */
static void control_client_disconnect(ControlClient *cl) {
        if (cl->dead)
                return;
        cl->dead = true;
        (void) sd_event_source_set_enabled(cl->server->gc, SD_EVENT_ONESHOT);
}

static int on_disconnected(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        control_client_disconnect(userdata);
        return 0;
}

/* Runs before any message of the client is dispatched. */
static int on_message(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        ControlClient *cl = userdata;
        uint64_t n = 0;

        if (cl->dead)
                return 1; /* dropped */
        cl->spoke = true;
        if (sd_bus_get_n_queued_write(cl->bus, &n) >= 0 && n > CONTROL_QUEUE_MAX) {
                log_debug("Control connection %" PRIu64 " does not read its replies (%" PRIu64 " queued), "
                          "closing it.", cl->id, n);
                control_client_disconnect(cl);
                return 1;
        }
        return 0;
}

ControlClient *control_client_of(ControlServer *c, sd_bus_message *m) {
        sd_bus *bus = sd_bus_message_get_bus(m);

        for (ControlClient *cl = c->clients; cl; cl = cl->next)
                if (cl->bus == bus)
                        return cl;
        return NULL;
}

int control_check_mutating(ControlServer *c, sd_bus_message *m, sd_bus_error *error) {
        ControlClient *cl = control_client_of(c, m);

        if (!cl || (cl->uid != 0 && cl->uid != geteuid()))
                return sd_bus_error_set(error, SD_BUS_ERROR_ACCESS_DENIED, "Access denied");
        if (c->manager->exiting)
                return sd_bus_error_set(error, CONTROL_ERROR_FAILED, "The daemon is shutting down.");
        return 0;
}

/* busctl --address= says Hello() as if it talked to a bus daemon; answer it with a made-up unique name. */
static int method_hello(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        ControlClient *cl = userdata;
        char name[32];

        snprintf(name, sizeof(name), ":1.%" PRIu64, cl->id);
        return sd_bus_reply_method_return(m, "s", name);
}

static const sd_bus_vtable hello_vtable[] = {
        SD_BUS_VTABLE_START(SD_BUS_VTABLE_HIDDEN),
        SD_BUS_METHOD("Hello", NULL, "s", method_hello, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
};

static int control_client_new(ControlServer *c, int fd) {
        Manager *m = c->manager;
        ControlClient *cl;
        struct ucred cred = {};
        socklen_t l = sizeof(cred);
        int r;

        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &l) < 0) {
                r = -errno;
                safe_close(fd);
                return r;
        }
        cl = calloc(1, sizeof(ControlClient));
        if (!cl) {
                safe_close(fd);
                return -ENOMEM;
        }
        cl->server = c;
        cl->uid = cred.uid;
        cl->pid = cred.pid;
        cl->id = ++c->n_accepted;
        r = sd_bus_new(&cl->bus);
        if (r >= 0)
                r = sd_bus_set_fd(cl->bus, fd, fd);
        if (r < 0) {
                safe_close(fd);
                control_client_free(cl);
                return r;
        }
        /* the bus owns fd now */
        r = sd_bus_set_server(cl->bus, 1, c->id);
        if (r >= 0)
                r = sd_bus_negotiate_fds(cl->bus, false);
        if (r >= 0)
                r = sd_bus_negotiate_creds(cl->bus, true, SD_BUS_CREDS_PID | SD_BUS_CREDS_UID | SD_BUS_CREDS_EUID);
        if (r >= 0)
                r = sd_bus_add_filter(cl->bus, NULL, on_message, cl);
        if (r >= 0)
                r = sd_bus_match_signal(cl->bus, NULL, NULL, "/org/freedesktop/DBus/Local",
                                        "org.freedesktop.DBus.Local", "Disconnected", on_disconnected, cl);
        if (r >= 0)
                r = sd_bus_add_object_vtable(cl->bus, NULL, "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                             hello_vtable, cl);
        if (r >= 0)
                r = sd_bus_add_object_vtable(cl->bus, NULL, CONTROL_PATH, CONTROL_MANAGER_INTERFACE,
                                             control_manager_vtable, cl);
        if (r >= 0)
                r = sd_bus_add_fallback_vtable(cl->bus, NULL, CONTROL_UNIT_PREFIX, CONTROL_UNIT_INTERFACE,
                                               control_unit_vtable, control_find_unit, cl);
        if (r >= 0)
                r = sd_bus_add_fallback_vtable(cl->bus, NULL, CONTROL_UNIT_PREFIX, CONTROL_SOCKET_INTERFACE,
                                               control_socket_vtable, control_find_unit, cl);
        if (r >= 0)
                r = sd_bus_add_fallback_vtable(cl->bus, NULL, CONTROL_UNIT_PREFIX, CONTROL_SERVICE_INTERFACE,
                                               control_service_vtable, control_find_unit, cl);
        if (r >= 0)
                r = sd_bus_add_node_enumerator(cl->bus, NULL, CONTROL_UNIT_PREFIX, control_enumerate_units, cl);
        if (r >= 0)
                r = sd_bus_attach_event(cl->bus, m->event, SD_EVENT_PRIORITY_NORMAL);
        if (r >= 0)
                r = sd_bus_start(cl->bus);
        if (r < 0) {
                control_client_free(cl);
                return r;
        }
        cl->next = c->clients;
        c->clients = cl;
        c->n_clients++;
        log_debug("Control connection %" PRIu64 " from PID %i (UID %u), %u connected.", cl->id, (int) cl->pid,
                  (unsigned) cl->uid, c->n_clients);
        return 0;
}

static int on_accept_retry(sd_event_source *source, uint64_t usec, void *userdata) {
        ControlServer *c = userdata;

        c->accept_retry = sd_event_source_disable_unref(c->accept_retry);
        (void) sd_event_source_set_enabled(c->io, SD_EVENT_ON);
        return 0;
}

static int on_connection(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        ControlServer *c = userdata;
        int r;

        /* bounded per wakeup, so that a flood of connections cannot starve the units */
        for (unsigned i = 0; i < 16; i++) {
                int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

                if (cfd < 0) {
                        if (IN_SET(errno, EAGAIN, EINTR, ECONNABORTED, EPROTO))
                                return 0;
                        /* out of fds or memory: the listener stays readable, so pause instead of spinning */
                        log_warning_errno(errno, "Failed to accept a control connection, pausing for a second: %m");
                        (void) sd_event_source_set_enabled(c->io, SD_EVENT_OFF);
                        if (!c->accept_retry &&
                            sd_event_add_time_relative(c->manager->event, &c->accept_retry, CLOCK_MONOTONIC,
                                                       USEC_PER_SEC, 0, on_accept_retry, c) < 0)
                                (void) sd_event_source_set_enabled(c->io, SD_EVENT_ON);
                        return 0;
                }
                if (c->n_clients >= CONTROL_CLIENTS_MAX) {
                        log_debug("Too many control connections (%u), closing a new one.", c->n_clients);
                        safe_close(cfd);
                        continue;
                }
                r = control_client_new(c, cfd);
                if (r < 0)
                        log_warning_errno(r, "Failed to set up a control connection, closing it: %m");
        }
        return 0;
}

/* ---- signals ---- */

/* Signals go to a client only after its first message: a client that believes it talks to a bus daemon (as
 * busctl does) says Hello() first and fails if anything but the reply comes before it. */
static bool client_wants_signal(ControlClient *cl) {
        uint64_t n = 0;

        if (cl->dead || !cl->spoke || sd_bus_is_ready(cl->bus) <= 0)
                return false;
        return sd_bus_get_n_queued_write(cl->bus, &n) >= 0 && n < CONTROL_SIGNAL_QUEUE_MAX;
}

void control_unit_changed(ControlServer *c, Unit *u) {
        const char *active, *sub;

        if (u->restart && IN_SET(u->active_state, UNIT_INACTIVE, UNIT_FAILED))
                (void) sd_event_source_set_enabled(u->restart, SD_EVENT_ONESHOT);
        if (c->n_clients == 0)
                return;
        active = unit_active_state_to_string(u->active_state);
        sub = unit_sub_state(u);
        for (ControlClient *cl = c->clients; cl; cl = cl->next)
                if (client_wants_signal(cl))
                        (void) sd_bus_emit_signal(cl->bus, CONTROL_PATH, CONTROL_MANAGER_INTERFACE, "UnitChanged",
                                                  "sss", u->name, active, sub);
}

void control_emit_reloaded(ControlServer *c) {
        for (ControlClient *cl = c->clients; cl; cl = cl->next)
                if (client_wants_signal(cl))
                        (void) sd_bus_emit_signal(cl->bus, CONTROL_PATH, CONTROL_MANAGER_INTERFACE, "Reloaded",
                                                  NULL);
}

/* ---- the Manager object ---- */

static ControlServer *server_of(void *userdata) {
        return ((ControlClient *) userdata)->server;
}

static int unit_cmp(const void *a, const void *b) {
        return strcmp((*(Unit *const *) a)->name, (*(Unit *const *) b)->name);
}

/* Every unit in the registry, sorted by name. */
static int sorted_units(Manager *m, Unit ***ret, size_t *ret_n) {
        Unit **l;
        size_t n = 0, i = 0;
        const char *k;
        void *v;

        l = malloc(MAX(hashmap_size(m->units), (size_t) 1) * sizeof(Unit *));
        if (!l)
                return -ENOMEM;
        while (hashmap_iterate(m->units, &i, &k, &v))
                l[n++] = v;
        qsort(l, n, sizeof(Unit *), unit_cmp);
        *ret = l;
        *ret_n = n;
        return 0;
}

/* The start of ListUnits()'s and ListSockets()'s replies: the units sorted by name, and the reply with its
 * array of rows (signature row) opened. */
static int begin_unit_rows(sd_bus_message *m, void *userdata, const char *row, sd_bus_message **ret_reply,
                           Unit ***ret_units, size_t *ret_n) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_free_ Unit **units = NULL;
        size_t n;
        int r;

        r = sorted_units(server_of(userdata)->manager, &units, &n);
        if (r < 0)
                return r;
        r = sd_bus_message_new_method_return(m, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(reply, 'a', row);
        if (r < 0)
                return r;
        *ret_reply = TAKE_PTR(reply);
        *ret_units = TAKE_PTR(units);
        *ret_n = n;
        return 0;
}

static int method_list_units(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_free_ Unit **units = NULL;
        size_t n;
        int r;

        r = begin_unit_rows(m, userdata, "(ssssss)", &reply, &units, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                Unit *u = units[i];
                _cleanup_free_ char *path = NULL;

                r = control_unit_path(u->name, &path);
                if (r >= 0)
                        r = sd_bus_message_open_container(reply, 'r', "ssssss");
                if (r >= 0)
                        r = sd_bus_message_append(reply, "s", u->name);
                if (r >= 0)
                        r = control_append_string(reply, control_description(u));
                if (r >= 0)
                        r = sd_bus_message_append(reply, "ssss", control_load_state(u),
                                                  unit_active_state_to_string(unit_active_state(u)),
                                                  unit_sub_state(u), path);
                if (r >= 0)
                        r = sd_bus_message_close_container(reply);
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int append_socket_rows(sd_bus_message *reply, Unit *u) {
        const SocketUnit *so = u->socket;
        _cleanup_free_ char *activates = NULL;
        int r;

        r = control_socket_activates(u, &activates);
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
                r = sd_bus_message_open_container(reply, 'r', "sssssttu");
                if (r >= 0)
                        r = control_append_string(reply, address);
                if (r >= 0)
                        r = sd_bus_message_append(reply, "sss", type, u->name, activates);
                if (r >= 0)
                        r = sd_bus_message_append(reply, "sttu", socket_state_to_string(so->state), so->n_accepted,
                                                  so->n_refused, (uint32_t) so->n_connections);
                if (r >= 0)
                        r = sd_bus_message_close_container(reply);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int method_list_sockets(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_free_ Unit **units = NULL;
        size_t n;
        int r;

        r = begin_unit_rows(m, userdata, "(sssssttu)", &reply, &units, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if (units[i]->socket) {
                        r = append_socket_rows(reply, units[i]);
                        if (r < 0)
                                return r;
                }
        r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int reply_unit_path(sd_bus_message *m, Unit *u) {
        _cleanup_free_ char *path = NULL;
        int r;

        r = control_unit_path(u->name, &path);
        if (r < 0)
                return r;
        return sd_bus_reply_method_return(m, "o", path);
}

static int method_get_unit(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const char *name;
        Unit *u;
        int r;

        r = sd_bus_message_read(m, "s", &name);
        if (r < 0)
                return r;
        r = control_get_unit(server_of(userdata), name, &u, error);
        if (r < 0)
                return r;
        return reply_unit_path(m, u);
}

static int method_load_unit(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const char *name;
        Unit *u;
        int r;

        r = sd_bus_message_read(m, "s", &name);
        if (r < 0)
                return r;
        r = control_load_unit(server_of(userdata), name, &u, error);
        if (r < 0)
                return r;
        return reply_unit_path(m, u);
}

/* The methods that take a unit name and change its state: authorization first, then load. */
static int unit_method(sd_bus_message *m, void *userdata, sd_bus_error *error,
                       int (*fn)(sd_bus_message *m, Unit *u, sd_bus_error *error)) {
        ControlServer *c = server_of(userdata);
        const char *name;
        Unit *u;
        int r;

        r = sd_bus_message_read(m, "s", &name);
        if (r < 0)
                return r;
        r = control_check_mutating(c, m, error);
        if (r < 0)
                return r;
        r = control_load_unit(c, name, &u, error);
        if (r < 0)
                return r;
        return fn(m, u, error);
}

static int method_start_unit(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return unit_method(m, userdata, error, control_unit_start);
}

static int method_stop_unit(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return unit_method(m, userdata, error, control_unit_stop);
}

static int method_restart_unit(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return unit_method(m, userdata, error, control_unit_restart);
}

static int method_reload_unit(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return unit_method(m, userdata, error, control_unit_reload);
}

static int method_reset_failed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return unit_method(m, userdata, error, control_unit_reset_failed);
}

static int method_reload(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        ControlServer *c = server_of(userdata);
        int r;

        r = control_check_mutating(c, m, error);
        if (r < 0)
                return r;
        log_info("Reload requested over the control socket.");
        r = manager_reload(c->manager);
        if (r < 0)
                return sd_bus_error_setf(error, CONTROL_ERROR_FAILED, "Reload failed: %s", strerror(-r));
        control_emit_reloaded(c);
        return sd_bus_reply_method_return(m, NULL);
}

static int method_get_unit_log(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const char *name;
        uint32_t max_lines;
        Unit *u;
        int r;

        r = sd_bus_message_read(m, "su", &name, &max_lines);
        if (r < 0)
                return r;
        r = control_load_unit(server_of(userdata), name, &u, error);
        if (r < 0)
                return r;
        return control_unit_reply_log(m, u, max_lines);
}

static int manager_property(sd_bus *bus, const char *path, const char *interface, const char *property,
                            sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        Manager *m = server_of(userdata)->manager;

        if (streq(property, "Version"))
                return sd_bus_message_append(reply, "s", PACKAGE_VERSION);
        if (streq(property, "Scope"))
                return sd_bus_message_append(reply, "s", m->scope == UNIT_SCOPE_SYSTEM ? "system" : "user");
        if (streq(property, "RuntimeDirectory"))
                return control_append_string(reply, m->runtime_dir);
        if (streq(property, "UnitPath")) {
                int r = sd_bus_message_open_container(reply, 'a', "s");
                STRV_FOREACH(d, m->search_path)
                        if (r >= 0)
                                r = control_append_string(reply, *d);
                return r < 0 ? r : sd_bus_message_close_container(reply);
        }
        if (streq(property, "NUnits"))
                return sd_bus_message_append(reply, "u", (uint32_t) hashmap_size(m->units));
        if (streq(property, "StartupTimestamp"))
                return sd_bus_message_append(reply, "t", m->startup_timestamp);
        if (streq(property, "ReadyTimestamp"))
                return sd_bus_message_append(reply, "t", m->ready_timestamp);
        return -EINVAL;
}

#define NAME_ARG SD_BUS_ARGS("s", name)

const sd_bus_vtable control_manager_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Version", "s", manager_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("Scope", "s", manager_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("RuntimeDirectory", "s", manager_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("UnitPath", "as", manager_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("NUnits", "u", manager_property, 0, 0),
        SD_BUS_PROPERTY("StartupTimestamp", "t", manager_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("ReadyTimestamp", "t", manager_property, 0, 0),
        /* Authorization is checked in the handlers (control_check_mutating()), not by sd-bus. */
        SD_BUS_METHOD_WITH_ARGS("ListUnits", SD_BUS_NO_ARGS, SD_BUS_RESULT("a(ssssss)", units), method_list_units,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ListSockets", SD_BUS_NO_ARGS, SD_BUS_RESULT("a(sssssttu)", listeners),
                                method_list_sockets, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetUnit", NAME_ARG, SD_BUS_RESULT("o", unit), method_get_unit,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("LoadUnit", NAME_ARG, SD_BUS_RESULT("o", unit), method_load_unit,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("StartUnit", NAME_ARG, SD_BUS_NO_RESULT, method_start_unit,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("StopUnit", NAME_ARG, SD_BUS_NO_RESULT, method_stop_unit,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("RestartUnit", NAME_ARG, SD_BUS_NO_RESULT, method_restart_unit,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ReloadUnit", NAME_ARG, SD_BUS_NO_RESULT, method_reload_unit,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ResetFailed", NAME_ARG, SD_BUS_NO_RESULT, method_reset_failed,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Reload", NULL, NULL, method_reload, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetUnitLog", SD_BUS_ARGS("s", name, "u", max_lines),
                                SD_BUS_RESULT("a(ts)", lines), method_get_unit_log, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_SIGNAL_WITH_ARGS("UnitChanged", SD_BUS_ARGS("s", name, "s", active_state, "s", sub_state), 0),
        SD_BUS_SIGNAL("Reloaded", NULL, 0),
        SD_BUS_VTABLE_END,
};

/* ---- the server ---- */

/* Whether a daemon answers on the socket at path. */
static bool socket_answers(const struct sockaddr_un *sa) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        bool yes;

        if (fd < 0)
                return false;
        yes = connect(fd, (const struct sockaddr *) sa, sizeof(*sa)) >= 0 || errno == EAGAIN;
        safe_close(fd);
        return yes;
}

int control_socket_in_use(const char *runtime_dir) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        _cleanup_free_ char *path = strjoin(runtime_dir, "/private");
        struct stat st;

        if (!path)
                return -ENOMEM;
        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        return lstat(path, &st) >= 0 && S_ISSOCK(st.st_mode) && socket_answers(&sa);
}

/* Bind path for the listener. A socket file left by an earlier run is replaced, unless a daemon still
 * answers on it; anything that is not a socket is left alone and refused. */
static int control_bind(int fd, const char *path, mode_t mode) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct stat st;

        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        if (lstat(path, &st) >= 0) {
                if (!S_ISSOCK(st.st_mode))
                        return -EEXIST;
                if (socket_answers(&sa))
                        return -EADDRINUSE;
                if (unlink(path) < 0 && errno != ENOENT)
                        return -errno;
        }
        if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0)
                return -errno;
        /* nobody can connect before listen(): the mode is right by then */
        if (chmod(path, mode) < 0 || listen(fd, SOMAXCONN) < 0) {
                int r = -errno;
                (void) unlink(path);
                return r;
        }
        return 0;
}

ControlServer *control_server_free(ControlServer *c) {
        if (!c)
                return NULL;
        while (c->clients) {
                ControlClient *cl = c->clients;
                c->clients = cl->next;
                control_client_free(cl);
        }
        c->io = sd_event_source_disable_unref(c->io);
        c->accept_retry = sd_event_source_disable_unref(c->accept_retry);
        c->gc = sd_event_source_disable_unref(c->gc);
        if (c->fd >= 0 && c->path) {
                struct stat st;
                /* ours as long as it is a socket; the fd is closed after, so a new daemon cannot be hit */
                if (lstat(c->path, &st) >= 0 && S_ISSOCK(st.st_mode))
                        (void) unlink(c->path);
        }
        c->fd = safe_close(c->fd);
        free(c->path);
        if (c->manager && c->manager->control == c)
                c->manager->control = NULL;
        free(c);
        return NULL;
}

int control_server_start(Manager *m) {
        ControlServer *c;
        int r;

        c = calloc(1, sizeof(ControlServer));
        if (!c)
                return log_oom();
        c->manager = m;
        c->fd = -EBADF;
        c->path = strjoin(m->runtime_dir, "/private");
        if (!c->path) {
                control_server_free(c);
                return log_oom();
        }
        r = sd_id128_randomize(&c->id);
        if (r < 0) {
                control_server_free(c);
                return log_error_errno(r, "Failed to generate the control server's ID: %m");
        }
        c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (c->fd < 0) {
                r = -errno;
                control_server_free(c);
                return log_error_errno(r, "Failed to create the control socket: %m");
        }
        r = control_bind(c->fd, c->path, m->scope == UNIT_SCOPE_SYSTEM ? 0600 : 0666);
        if (r < 0) {
                if (r == -EEXIST)
                        log_error("%s exists and is not a socket, refusing.", c->path);
                else if (r == -EADDRINUSE)
                        log_error("%s is in use by a running daemon, refusing.", c->path);
                else
                        log_error_errno(r, "Failed to listen on %s: %m", c->path);
                c->fd = safe_close(c->fd); /* the path is not ours: do not remove it */
                control_server_free(c);
                return r;
        }
        r = sd_event_add_io(m->event, &c->io, c->fd, EPOLLIN, on_connection, c);
        if (r >= 0)
                r = sd_event_add_defer(m->event, &c->gc, on_gc, c);
        if (r < 0) {
                control_server_free(c);
                return log_error_errno(r, "Failed to watch the control socket: %m");
        }
        (void) sd_event_source_set_description(c->io, "control");
        (void) sd_event_source_set_enabled(c->gc, SD_EVENT_OFF);
        (void) sd_event_source_set_description(c->gc, "control-gc");
        m->control = c;
        log_debug("Control socket listening on %s.", c->path);
        return 0;
}
