/* SPDX-License-Identifier: MIT */
#pragma once

/* A service unit at run time: dead -> start -> running -> stop-sigterm -> stop-sigkill -> dead, with exited
 * (oneshot + RemainAfterExit=), auto-restart and failed (DESIGN.md). */

#include "manager.h"

typedef struct ServiceUnit ServiceUnit;

typedef struct FdStoreEntry {
        ServiceUnit *service;
        int fd;
        char *name;
        sd_event_source *poll; /* removed on EPOLLHUP/EPOLLERR unless FDPOLL=0 */
} FdStoreEntry;

typedef enum ServiceState {
        SERVICE_DEAD,
        SERVICE_CONDITION,
        SERVICE_START_PRE,
        SERVICE_START,
        SERVICE_START_POST,
        SERVICE_RUNNING,
        SERVICE_RELOAD,
        SERVICE_EXITED,
        SERVICE_STOP,
        SERVICE_STOP_SIGTERM,
        SERVICE_STOP_SIGKILL,
        SERVICE_STOP_POST,
        SERVICE_AUTO_RESTART,
        SERVICE_FAILED,
        _SERVICE_STATE_MAX,
        _SERVICE_STATE_INVALID = -EINVAL,
} ServiceState;

DECLARE_STRING_TABLE_LOOKUP(service_state, ServiceState);

typedef enum ServiceResult {
        SERVICE_SUCCESS,
        SERVICE_FAILURE_RESOURCES,
        SERVICE_FAILURE_EXIT_CODE,
        SERVICE_FAILURE_SIGNAL,
        SERVICE_FAILURE_CORE_DUMP,
        SERVICE_FAILURE_TIMEOUT,
        SERVICE_FAILURE_START_LIMIT_HIT,
        SERVICE_FAILURE_LOAD,
        SERVICE_FAILURE_WATCHDOG,
        _SERVICE_RESULT_MAX,
        _SERVICE_RESULT_INVALID = -EINVAL,
} ServiceResult;

DECLARE_STRING_TABLE_LOOKUP(service_result, ServiceResult);

struct ServiceUnit {
        Unit *unit;
        ServiceState state;
        ServiceResult result;
        pid_t main_pid;
        pid_t exited_group;      /* while its exit is handled: the process group of the main process */
        pid_t pending_main_pid;  /* MAINPID= named it while it was not our child yet */
        pid_t main_group;        /* the process group of the main process (the first one's pid) */
        bool main_exited;        /* the main process of this start exited: exit_code/exit_status are its */
        ServiceResult reload_result; /* of the last ExecReload= */
        char invocation_env[sizeof("INVOCATION_ID=") + 32]; /* of this start, for all its processes */
        ChildWatch main_watch;
        const ExecCommand *main_command;    /* the ExecStart= line running (oneshot runs them in turn) */
        pid_t control_pid;                  /* ExecStartPre/Post, ExecStop, ExecStopPost */
        ChildWatch control_watch;
        const ExecCommand *control_command;
        int *fds;                           /* the listeners for the main process (owned by the sockets) */
        size_t n_fds;
        char **fd_names;
        int log_write_fd;                   /* write end of the output pipe, shared by all processes */
        bool stop_requested;
        sd_event_source *pid_file_retry;    /* Type=forking: waiting for PIDFile= to appear */
        bool untracked;                     /* Type=forking without a known main PID */
        pid_t start_session;                /* Type=forking: the session of the start process */
        struct FdStoreEntry *fd_store;      /* FDSTORE=1: kept across restarts, passed back after the listeners */
        size_t n_fd_store;
        sd_event_source *timer;
        int log_fd;              /* read end of the output pipe (journal/syslog/kmsg output) */
        sd_event_source *log_io;
        char *log_buf;           /* SERVICE_LOG_BUF_SIZE bytes, once the service has an output pipe */
        size_t log_len;
        int conn_fd;             /* Accept=yes: the connection this instance serves */
        char **extra_environment; /* Accept=yes: REMOTE_ADDR, REMOTE_PORT, one allocation (strv_pack()) */
        SocketUnit *accept_socket; /* Accept=yes: the socket that spawned us (connection accounting) */
        int exit_code;           /* CLD_EXITED, CLD_KILLED, CLD_DUMPED of the last main process */
        int exit_status;
        unsigned n_restarts;
        usec_t start_limit_begin;
        unsigned start_limit_count;
        sd_event_source *watchdog;
        usec_t watchdog_usec;    /* WATCHDOG_USEC= override */
        char *status_text;       /* STATUS= */
        int status_errno;        /* ERRNO= */
        bool stopping;           /* STOPPING=1 */
        bool remove_when_dead;   /* Accept=yes instances are dropped from the registry when they end */
        char *per_source_key;    /* Accept=yes: the source the connection came from */
        usec_t exec_main_start_timestamp; /* realtime usec, for the control interface */
        usec_t exec_main_exit_timestamp;
};

int service_unit_new(Unit *u, ServiceUnit **ret);
ServiceUnit *service_unit_free(ServiceUnit *s);

/* Start the service with the listeners of every socket unit that activates it. */
int service_unit_start(ServiceUnit *s);
/* Start an Accept=yes instance serving connection fd (taken over). */
int service_unit_start_connection(ServiceUnit *s, SocketUnit *socket, int fd, char **extra_environment);
void service_unit_stop(ServiceUnit *s);
/* failed -> dead; the result, the restart counter and the start limit counter cleared (ResetFailed). */
void service_unit_reset_failed(ServiceUnit *s);
/* Run ExecReload= of a running service (systemctl reload): -ENOEXEC when it has none, -EBUSY when it is not
 * running (or a reload is under way); the reload itself goes on in the background. */
int service_unit_reload(ServiceUnit *s);
/* A notification from sender (already matched by NotifyAccess=): READY, STATUS, MAINPID, STOPPING, RELOADING,
 * ERRNO, EXTEND_TIMEOUT_USEC, WATCHDOG, and FDSTORE with its fds. */
void service_unit_notify(ServiceUnit *s, pid_t sender, char **lines, int *fds, size_t n_fds);
bool service_unit_is_active(const ServiceUnit *s);
