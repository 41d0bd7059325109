/* SPDX-License-Identifier: MIT */
#pragma once

/* A socket unit at run time: dead -> listening <-> running -> dead, plus failed (DESIGN.md). */

#include "manager.h"
#include "socket-listen.h"

typedef enum SocketState {
        SOCKET_DEAD,
        SOCKET_START_PRE,
        SOCKET_START_POST,
        SOCKET_LISTENING,
        SOCKET_RUNNING,
        SOCKET_STOP_PRE,
        SOCKET_STOP_POST,
        SOCKET_FAILED,
        _SOCKET_STATE_MAX,
        _SOCKET_STATE_INVALID = -EINVAL,
} SocketState;

DECLARE_STRING_TABLE_LOOKUP(socket_state, SocketState);

typedef enum SocketResult {
        SOCKET_SUCCESS,
        SOCKET_FAILURE_RESOURCES,
        SOCKET_FAILURE_TRIGGER_LIMIT_HIT,
        SOCKET_FAILURE_SERVICE_START_LIMIT_HIT,
        SOCKET_FAILURE_LOAD,
        SOCKET_FAILURE_EXIT_CODE,
        _SOCKET_RESULT_MAX,
        _SOCKET_RESULT_INVALID = -EINVAL,
} SocketResult;

DECLARE_STRING_TABLE_LOOKUP(socket_result, SocketResult);

typedef struct SocketPortRuntime {
        SocketUnit *socket;
        const SocketPort *config;
        ListenFd lfd;
        sd_event_source *io;
        /* Accept=yes: the listener's address when it is the local address of every connection (not a
         * wildcard), so that instances are named without asking each connection; local_len 0: ask */
        union {
                struct sockaddr sa;
                struct sockaddr_storage ss;
        } local;
        socklen_t local_len;
        char *local_pretty; /* local as instance names have it (socket_instance_address()), or NULL */
} SocketPortRuntime;

struct SocketUnit {
        Unit *unit;
        SocketState state;
        SocketResult result;
        SocketPortRuntime *ports;
        size_t n_ports;
        char *symlink_target; /* the node Symlinks= point to, while they exist */
        char *instance_prefix; /* Accept=yes: "foo" of foo.socket, as in its instances foo@N-....service */
        uint64_t n_accepted;
        uint64_t n_refused;
        unsigned n_connections;
        uint64_t n_triggers;
        usec_t trigger_begin;
        unsigned trigger_count;
        Hashmap *per_source; /* source address or "uid:N" -> connections (MaxConnectionsPerSource=) */
        char *service_name;        /* Accept=no: the service it activates, its key in sockets_by_service */
        SocketUnit *service_next;  /* the next socket activating the same service */
        char *last_error;
        char invocation_env[sizeof("INVOCATION_ID=") + 32]; /* of this start, for its commands */
        pid_t control_pid; /* ExecStartPre/Post, ExecStopPre/Post of the socket */
        ChildWatch control_watch;
        sd_event_source *control_timer;
        const ExecCommand *control_command;
};

int socket_unit_new(Unit *u, SocketUnit **ret);
SocketUnit *socket_unit_free(SocketUnit *s);

/* Create every listener and watch them. On any failure, close what was opened and enter failed. */
int socket_unit_start(SocketUnit *s);
/* Close the listeners, remove nodes as configured, enter dead. */
void socket_unit_stop(SocketUnit *s);
/* The name of the service an Accept=no socket activates. */
int socket_unit_service_name(const SocketUnit *s, char **ret);
/* The activated service stopped: listen again. */
void socket_unit_service_stopped(SocketUnit *s);
/* failed -> dead, the result and the trigger limit counter cleared (ResetFailed). */
void socket_unit_reset_failed(SocketUnit *s);
/* A control process of the socket is running or a stop is under way. */
bool socket_unit_is_busy(const SocketUnit *s);
/* An Accept=yes instance ended: connection accounting. */
void socket_unit_connection_closed(SocketUnit *s, const char *source);
/* Reload: config (taken over) replaces the unit's configuration, whose old value is returned in *ret_old for
 * the caller to free. Only for a socket that is listening, dead or failed: no service or control process uses
 * its listeners or commands then. A listening socket keeps every listener whose port and settings did not
 * change (socket_port_equal(), socket_listen_options_equal()), with its fd; the others are closed (their
 * nodes removed as on a stop) and then the new ones opened; if one cannot be opened the socket fails, as at a
 * start (the error is returned after the failure was logged). A changed Symlinks= is made anew. -ENOMEM
 * before anything changed. */
int socket_unit_reconfigure(SocketUnit *s, UnitFile *config, UnitFile **ret_old);
