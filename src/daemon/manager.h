/* SPDX-License-Identifier: MIT */
#pragma once

/* The manager: the unit registry, the event loop, start-up and orderly shutdown. */

#include <signal.h>
#include <systemd/sd-event.h>

#include "exec.h"
#include "hashmap.h"
#include "log-ring.h"
#include "unit-config.h"
#include "unit-load.h"

typedef struct Manager Manager;
typedef struct Unit Unit;
typedef struct SocketUnit SocketUnit;
typedef struct ServiceUnit ServiceUnit;
typedef struct ControlServer ControlServer;
typedef struct TemplateConfig TemplateConfig;

typedef enum UnitActiveState {
        UNIT_ACTIVE,
        UNIT_RELOADING,
        UNIT_INACTIVE,
        UNIT_FAILED,
        UNIT_ACTIVATING,
        UNIT_DEACTIVATING,
        _UNIT_ACTIVE_STATE_MAX,
        _UNIT_ACTIVE_STATE_INVALID = -EINVAL,
} UnitActiveState;

DECLARE_STRING_TABLE_LOOKUP(unit_active_state, UnitActiveState);

struct Unit {
        Manager *manager;
        char *name;
        UnitType type;
        UnitFile *config; /* as loaded; never NULL (a unit that failed to load has config->load_error set);
                           * read-only: instances of a template may share it (shared_config), and then
                           * config->name is another instance's name, u->name is the unit's own */
        TemplateConfig *shared_config; /* config belongs to the template cache; unit_free() drops it */
        UnitFile *pending_config; /* read by a reload while the unit was busy: applied when it next starts */
        bool drop_when_stopped;   /* its file was removed: leaves the registry once its socket stopped */
        SocketUnit *socket;
        ServiceUnit *service;
        bool gc_queued;      /* pending removal from the registry (Manager.gc_queue) */
        Unit *gc_next;
        /* for the control interface, kept by unit_state_changed(); timestamps in realtime usec, 0 = never */
        UnitActiveState active_state;
        usec_t active_enter_timestamp;
        usec_t active_exit_timestamp;
        usec_t inactive_enter_timestamp;
        usec_t state_change_timestamp;
        LogRing *log_ring;        /* the last lines its processes wrote to the log */
        sd_event_source *restart; /* RestartUnit: started again once it is stopped (control.c) */
};

struct Manager {
        sd_event *event;
        UnitScope scope;
        char **search_path;
        char *runtime_dir;
        UnitDefaults defaults;
        UnitLoader *loader;
        Hashmap *units; /* name -> Unit */
        Hashmap *sockets_by_service; /* service name -> an Accept=no SocketUnit activating it, the others of
                                      * that service follow its service_next (socket-unit.c) */
        bool sockets_by_service_incomplete; /* an insertion failed (ENOMEM): look at every unit instead */
        char **enabled;             /* the units linked from sockets.target.wants/, as last read (sorted) */
        unsigned n_drop_pending;    /* units with drop_when_stopped */
        unsigned max_units;
        char **environment;          /* the base environment of every service */
        Hashmap *environment_index;  /* its names (exec_environment_index()) */
        struct rlimit default_rlimit_store[N_RLIMITS]; /* DefaultLimit*= of sockactd.conf(5) */
        const struct rlimit *default_rlimit[N_RLIMITS]; /* into the store, NULL: not set */
        ExecSignals signals;         /* our signal dispositions, what a spawned child resets */
        const char *spec_runtime_dir; /* "/run" or $XDG_RUNTIME_DIR, base of RuntimeDirectory= */
        Hashmap *pids;               /* processes we watch (ChildWatch.key -> ChildWatch), the others are orphans */
        Hashmap *templates;          /* the template cache: "foo@.service" -> TemplateConfig, NULL when the
                                      * template's instances cannot share one (see manager.c) */
        sd_event_source *sigchld;    /* reaps every child that exited */
        sd_event_source *reaper;     /* deferred: the rest of a large batch of exits */
        Unit *gc_queue;              /* units to remove from the registry once the current event is done */
        sd_event_source *gc;         /* deferred: goes through gc_queue */
        bool gc_at_reap_end;         /* the SIGCHLD handler goes through gc_queue when it is done */
        sd_event_source *exit_check; /* shutting down: is anything still busy? (once per loop iteration) */
        int notify_fd;
        char *notify_path;
        char *notify_env;            /* "NOTIFY_SOCKET=" notify_path */
        uint64_t invocation_key[2];  /* random, once: the invocation IDs (manager_invocation_id()) */
        uint64_t n_invocations;
        sd_event_source *notify_source;
        bool ready_sent;
        bool startup_done;   /* every initial unit was started; READY=1 waits for n_starting sockets */
        unsigned n_starting; /* initial sockets still running ExecStartPre=/ExecStartPost= */
        bool exiting;
        ControlServer *control;  /* the control socket $RUNTIME/private (control.c), once started */
        usec_t startup_timestamp; /* realtime usec */
        usec_t ready_timestamp;
};

int manager_new(UnitScope scope, char **search_path, const char *runtime_dir, const UnitDefaults *defaults,
                Manager **ret);
Manager *manager_free(Manager *m);
DEFINE_TRIVIAL_CLEANUP_FUNC(Manager *, manager_free);

/* Load (once) and return the unit called name. Returns -EINVAL for an invalid name, -E2BIG when the unit
 * cap is reached, -ENOMEM; a unit whose file is missing or broken is returned with its load error. */
int manager_load_unit(Manager *m, const char *name, Unit **ret);
/* Start the unit; a failure is logged and leaves the unit failed, it is not an error of the daemon. */
int manager_start_unit(Manager *m, const char *name);
/* Start every enabled socket and every unit named; then tell our supervisor we are ready. */
int manager_startup(Manager *m, char **extra_units);
/* Stop every unit (listeners closed, nodes removed as configured) and leave the event loop with 0. */
void manager_shutdown(Manager *m);
int manager_run(Manager *m);

/* The listeners service s is handed (its sockets, and those named in Sockets=), as fds and names; the
 * sockets concerned stop watching their listeners while the service runs. */
int manager_collect_fds(Manager *m, ServiceUnit *s, int **ret_fds, char ***ret_names, size_t *ret_n);
/* Service s became inactive: its sockets listen again; Accept=yes instances are dropped. */
void manager_service_finished(Manager *m, ServiceUnit *s);
/* Every child of the daemon (the processes it starts and orphans reparented to it) is reaped by the
 * manager's SIGCHLD handler, waitid(P_ALL); a watched one is then handed to its watch. So processes are never
 * watched with sd_event_add_child(): it would find them reaped already. */
typedef void (*ChildHandler)(const siginfo_t *si, void *userdata);
typedef struct ChildWatch {
        pid_t pid; /* 0: idle */
        ChildHandler handler;
        void *userdata;
        char key[8]; /* the manager's key for pid while watched (manager-child.c) */
} ChildWatch;

/* Watch pid with w (the caller's storage, e.g. in the unit, which must outlive the watch or unwatch it):
 * handler(si, userdata) runs once after the process exited and was reaped, w being idle again by then. A
 * watch in use is moved to pid. -EINVAL, -ENOMEM. */
int manager_watch_child(Manager *m, ChildWatch *w, pid_t pid, ChildHandler handler, void *userdata);
/* Stop watching (nothing if idle); the process is still reaped when it exits. */
void manager_unwatch_child(Manager *m, ChildWatch *w);
/* Reap the children that have exited now, without waiting for SIGCHLD to be dispatched. */
void manager_reap(Manager *m);
/* Does some unit watch pid? */
bool manager_child_watched(Manager *m, pid_t pid);

/* A socket finished stopping: the daemon may exit if nothing else is busy. */
void manager_socket_stopped(Manager *m);
/* A socket left start-pre/start-post (it listens now, or failed): READY=1 may be due. */
void manager_socket_start_finished(Manager *m);

/* Forget the parsed templates (call whenever unit files are re-read): instances loaded later parse their
 * template again; running instances keep the configuration they were started with. */
void manager_template_cache_clear(Manager *m);
/* u's configuration was its template's (shared_config): drop that reference and return true; false if u
 * had its own. */
bool manager_unit_drop_shared_config(Unit *u);

/* Drop unit u from the registry once the current event is handled. */
void manager_unit_gc(Manager *m, Unit *u);
/* sockactd.conf(5)'s DefaultEnvironment= (added to the environment of every process, later wins) and
 * DefaultLimit*= (for the processes whose unit sets no limit of that kind). */
int manager_set_defaults(Manager *m, char *const *environment, struct rlimit *const *rlimits);
/* A new $INVOCATION_ID: 32 hex digits, unique for the daemon's lifetime and not predictable from outside
 * (two keyed bijections of a counter). */
void manager_invocation_id(Manager *m, char ret[static 33]);

/* Re-read the unit files (SIGHUP, sockactctl reload; see reload.c and sockactd(8)). 0 on success; on
 * -ENOMEM before anything changed, the old state is left as it was. */
int manager_reload(Manager *m);
/* Apply u's pending configuration if it is idle enough for it (reload.c). */
void manager_unit_apply_pending(Unit *u);

UnitActiveState unit_active_state(const Unit *u);
const char *unit_sub_state(const Unit *u);
/* The socket or service of u changed state: timestamps, and UnitChanged to control clients. Called on every
 * transition (Accept=yes makes hundreds a second): cheap when nobody listens. */
void unit_state_changed(Unit *u);
/* CLOCK_REALTIME in usec, as the control interface reports times. */
usec_t now_realtime_usec(void);

