/* SPDX-License-Identifier: MIT */
#pragma once

/* Internals shared by control.c (the server, its clients, the Manager object) and control-unit.c (the unit
 * objects). */

#include <stdint.h>
#include <sys/types.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-id128.h>

#include "control.h"

#define CONTROL_PATH "/org/sockact1"
#define CONTROL_UNIT_PREFIX "/org/sockact1/unit"
#define CONTROL_MANAGER_INTERFACE "org.sockact1.Manager"
#define CONTROL_UNIT_INTERFACE "org.sockact1.Unit"
#define CONTROL_SOCKET_INTERFACE "org.sockact1.Socket"
#define CONTROL_SERVICE_INTERFACE "org.sockact1.Service"

#define CONTROL_ERROR_NO_SUCH_UNIT "org.sockact1.Error.NoSuchUnit"
#define CONTROL_ERROR_LOAD_FAILED "org.sockact1.Error.LoadFailed"
#define CONTROL_ERROR_INVALID_NAME "org.sockact1.Error.InvalidName"
#define CONTROL_ERROR_FAILED "org.sockact1.Error.Failed"

typedef struct ControlClient {
        ControlServer *server;
        sd_bus *bus;
        uid_t uid; /* SO_PEERCRED at accept() */
        pid_t pid;
        uint64_t id; /* for log messages */
        bool dead;   /* disconnected; freed by the server's gc */
        bool spoke;  /* sent a message: signals may go to it (see client_wants_signal()) */
        struct ControlClient *next;
} ControlClient;

struct ControlServer {
        Manager *manager;
        int fd;
        char *path;
        sd_event_source *io;
        sd_event_source *accept_retry; /* out of fds: accept again a bit later */
        sd_event_source *gc;           /* frees the clients that are gone */
        sd_id128_t id;
        ControlClient *clients;
        unsigned n_clients;
        uint64_t n_accepted;
};

/* The client that sent m. */
ControlClient *control_client_of(ControlServer *c, sd_bus_message *m);
/* 0 if the sender of m may change state (uid 0 or our euid, and not shutting down), else an error set. */
int control_check_mutating(ControlServer *c, sd_bus_message *m, sd_bus_error *error);

/* The unit called name, loaded if needed; a unit without a file is not kept (NoSuchUnit). */
int control_load_unit(ControlServer *c, const char *name, Unit **ret, sd_bus_error *error);
/* The unit called name if it is in the registry (InvalidName, NoSuchUnit). */
int control_get_unit(ControlServer *c, const char *name, Unit **ret, sd_bus_error *error);

/* The methods shared by the Manager (by name) and the Unit objects. They reply to m. */
int control_unit_start(sd_bus_message *m, Unit *u, sd_bus_error *error);
int control_unit_stop(sd_bus_message *m, Unit *u, sd_bus_error *error);
int control_unit_restart(sd_bus_message *m, Unit *u, sd_bus_error *error);
int control_unit_reset_failed(sd_bus_message *m, Unit *u, sd_bus_error *error);
/* ExecReload= of a running service. */
int control_unit_reload(sd_bus_message *m, Unit *u, sd_bus_error *error);
int control_unit_reply_log(sd_bus_message *m, Unit *u, uint32_t max_lines);

/* "loaded", "not-found", "bad-setting", "error", "masked". */
const char *control_load_state(const Unit *u);
const char *control_description(const Unit *u);
/* CONTROL_UNIT_PREFIX + the unit name, escaped as sd_bus_path_encode() does. */
int control_unit_path(const char *name, char **ret);
/* Append s (NULL = "") as a D-Bus string: invalid UTF-8 is replaced rather than failing the reply. */
int control_append_string(sd_bus_message *m, const char *s);
/* What a socket unit activates: Service=, NAME.service, or the template NAME@.service with Accept=yes. */
int control_socket_activates(const Unit *u, char **ret);
/* A listener as list-sockets shows it: "Stream" and "127.0.0.1:80", "FIFO" and "/run/fifo", ... */
int control_port_describe(const SocketPort *p, const char **ret_type, char **ret_address);

int control_find_unit(sd_bus *bus, const char *path, const char *interface, void *userdata, void **ret_found,
                      sd_bus_error *error);
int control_enumerate_units(sd_bus *bus, const char *prefix, void *userdata, char ***ret_nodes,
                            sd_bus_error *error);

extern const sd_bus_vtable control_manager_vtable[];
extern const sd_bus_vtable control_unit_vtable[];
extern const sd_bus_vtable control_socket_vtable[];
extern const sd_bus_vtable control_service_vtable[];
