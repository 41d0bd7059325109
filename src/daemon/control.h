/* SPDX-License-Identifier: MIT */
#pragma once

/* The control interface: an sd-bus peer-to-peer server on $RUNTIME/private, one connection per client, on
 * the manager's event loop (the protocol: sockactd(8), CONTROL INTERFACE). */

#include "manager.h"

/* > 0 if a daemon answers on RUNTIME_DIR/private already (checked before anything in the runtime directory is
 * replaced). */
int control_socket_in_use(const char *runtime_dir);
/* Listen on RUNTIME_DIR/private (mode 0600 for the system instance, 0666 for a user instance) and serve
 * the control protocol; sets m->control. A stale socket file is replaced, anything else is refused. */
int control_server_start(Manager *m);
/* Disconnect every client, close the socket and remove its file. */
ControlServer *control_server_free(ControlServer *c);

/* The state of u changed (unit_state_changed()): finish a RestartUnit, send UnitChanged to the clients. */
void control_unit_changed(ControlServer *c, Unit *u);
/* Send Reloaded() to the clients. */
void control_emit_reloaded(ControlServer *c);
