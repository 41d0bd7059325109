/* SPDX-License-Identifier: MIT */
#include <signal.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-id128.h>

#include "control.h"
#include "manager-internal.h"
#include "env-util.h"
#include "exec.h"
#include "log.h"
#include "manager.h"
#include "notify.h"
#include "service-unit.h"
#include "socket-unit.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

#define MANAGER_UNITS_MAX_DEFAULT 65536U

static const char *const unit_active_state_table[_UNIT_ACTIVE_STATE_MAX] = {
        [UNIT_ACTIVE] = "active",
        [UNIT_RELOADING] = "reloading",
        [UNIT_INACTIVE] = "inactive",
        [UNIT_FAILED] = "failed",
        [UNIT_ACTIVATING] = "activating",
        [UNIT_DEACTIVATING] = "deactivating",
};
DEFINE_STRING_TABLE_LOOKUP(unit_active_state, UnitActiveState);

/* ---- units ---- */

static void unit_gc_dequeue(Unit *u) {
        if (!u->gc_queued)
                return;
        for (Unit **p = &u->manager->gc_queue; *p; p = &(*p)->gc_next)
                if (*p == u) {
                        *p = u->gc_next;
                        break;
                }
        u->gc_queued = false;
        u->gc_next = NULL;
}

static Unit *unit_free(Unit *u) {
        if (!u)
                return NULL;
        unit_gc_dequeue(u);
        u->restart = sd_event_source_disable_unref(u->restart);
        socket_unit_free(u->socket);
        service_unit_free(u->service); /* may log its last line into the ring */
        log_ring_free(u->log_ring);
        if (u->shared_config)
                template_config_unref(u->shared_config);
        else
                unit_file_free(u->config);
        unit_file_free(u->pending_config);
        free(u->name);
        free(u);
        return NULL;
}

static void unit_free_void(void *u) {
        unit_free(u);
}

UnitActiveState unit_active_state(const Unit *u) {
        if (u->config->load_error != 0)
                return UNIT_FAILED;
        if (u->socket)
                switch (u->socket->state) {
                case SOCKET_LISTENING:
                case SOCKET_RUNNING:
                        return UNIT_ACTIVE;
                case SOCKET_STOP_PRE:
                case SOCKET_STOP_POST:
                        return UNIT_DEACTIVATING;
                case SOCKET_START_PRE:
                case SOCKET_START_POST:
                        return UNIT_ACTIVATING;
                case SOCKET_FAILED:
                        return UNIT_FAILED;
                default:
                        return UNIT_INACTIVE;
                }
        if (u->service)
                switch (u->service->state) {
                case SERVICE_RUNNING:
                case SERVICE_EXITED:
                        return UNIT_ACTIVE;
                case SERVICE_RELOAD:
                        return UNIT_RELOADING;
                case SERVICE_CONDITION:
                case SERVICE_START_PRE:
                case SERVICE_START:
                case SERVICE_START_POST:
                case SERVICE_AUTO_RESTART:
                        return UNIT_ACTIVATING;
                case SERVICE_STOP:
                case SERVICE_STOP_SIGTERM:
                case SERVICE_STOP_SIGKILL:
                case SERVICE_STOP_POST:
                        return UNIT_DEACTIVATING;
                case SERVICE_FAILED:
                        return UNIT_FAILED;
                default:
                        return UNIT_INACTIVE;
                }
        return UNIT_INACTIVE;
}

usec_t now_realtime_usec(void) {
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000;
}

/* The timestamps as systemd keeps them (unit_notify()): every change counts for StateChangeTimestamp; the
 * others mark entering or leaving active (reloading counts as active) and entering inactive or failed. */
void unit_state_changed(Unit *u) {
        UnitActiveState old = u->active_state, new = unit_active_state(u);
        bool was_active = IN_SET(old, UNIT_ACTIVE, UNIT_RELOADING);
        bool is_active = IN_SET(new, UNIT_ACTIVE, UNIT_RELOADING);
        bool was_inactive = IN_SET(old, UNIT_INACTIVE, UNIT_FAILED);
        bool is_inactive = IN_SET(new, UNIT_INACTIVE, UNIT_FAILED);
        usec_t now = now_realtime_usec();

        u->state_change_timestamp = now;
        if (!was_active && is_active)
                u->active_enter_timestamp = now;
        else if (was_active && !is_active)
                u->active_exit_timestamp = now;
        if (!was_inactive && is_inactive)
                u->inactive_enter_timestamp = now;
        u->active_state = new;
        if (u->manager->control)
                control_unit_changed(u->manager->control, u);
}

const char *unit_sub_state(const Unit *u) {
        if (u->socket)
                return socket_state_to_string(u->socket->state);
        if (u->service)
                return service_state_to_string(u->service->state);
        return "dead";
}

static int on_terminate(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Manager *m = userdata;

        log_info("Received SIG%s, stopping.", sigabbrev_np((int) si->ssi_signo) ?: "?");
        manager_shutdown(m);
        return 0;
}

static int on_reload(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Manager *m = userdata;

        log_debug("Received SIGHUP, reloading.");
        if (manager_reload(m) >= 0 && m->control) /* logs the outcome */
                control_emit_reloaded(m->control);
        return 0;
}

static int on_gc(sd_event_source *source, void *userdata);

int manager_new(UnitScope scope, char **search_path, const char *runtime_dir, const UnitDefaults *defaults,
                Manager **ret) {
        _cleanup_(manager_freep) Manager *m = NULL;
        int r;

        m = calloc(1, sizeof(Manager));
        if (!m)
                return -ENOMEM;
        m->scope = scope;
        m->notify_fd = -EBADF;
        m->defaults = defaults ? *defaults : unit_defaults_builtin;
        m->max_units = MANAGER_UNITS_MAX_DEFAULT;
        m->startup_timestamp = now_realtime_usec();
        m->search_path = strv_copy(search_path);
        m->runtime_dir = strdup(runtime_dir);
        m->units = hashmap_new_borrowing(); /* keyed by each unit's own name */
        m->sockets_by_service = hashmap_new();
        if (!m->search_path || !m->runtime_dir || !m->units || !m->sockets_by_service)
                return -ENOMEM;

        r = sd_event_default(&m->event);
        if (r < 0)
                return r;
        /* Child processes are watched by the loop; SIGCHLD must be blocked for that. */
        {
                sigset_t ss;
                sigemptyset(&ss);
                sigaddset(&ss, SIGCHLD);
                if (sigprocmask(SIG_BLOCK, &ss, NULL) < 0)
                        return -errno;
        }
        /* Signals are taken from the event loop only (the mask is set here, the handlers are sources). */
        for (int sig = SIGTERM; sig != 0; sig = sig == SIGTERM ? SIGINT : 0) {
                r = sd_event_add_signal(m->event, NULL, sig | SD_EVENT_SIGNAL_PROCMASK, on_terminate, m);
                if (r < 0)
                        return r;
        }
        r = sd_event_add_signal(m->event, NULL, SIGHUP | SD_EVENT_SIGNAL_PROCMASK, on_reload, m);
        if (r < 0)
                return r;
        r = manager_child_setup(m);
        if (r < 0)
                return r;
        r = sd_event_add_defer(m->event, &m->gc, on_gc, m);
        if (r < 0)
                return r;
        (void) sd_event_source_set_enabled(m->gc, SD_EVENT_OFF);
        (void) sd_event_source_set_description(m->gc, "unit-gc");

        r = unit_loader_new(scope, m->search_path, &m->defaults, &m->loader);
        if (r < 0)
                return r;
        r = exec_manager_environment(scope == UNIT_SCOPE_USER, &m->environment);
        if (r < 0)
                return r;
        r = exec_environment_index(m->environment, &m->environment_index);
        if (r < 0)
                return r;
        {
                sd_id128_t key;

                r = sd_id128_randomize(&key);
                if (r < 0)
                        return r;
                memcpy(m->invocation_key, key.bytes, sizeof(m->invocation_key));
        }
        r = exec_signals_snapshot(&m->signals);
        if (r < 0)
                return r;
        r = exec_spawn_prepare();
        if (r < 0)
                return r;
        m->spec_runtime_dir = unit_loader_specifiers(m->loader)->runtime_dir;
        r = notify_socket_open(m);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

Manager *manager_free(Manager *m) {
        if (!m)
                return NULL;
        m->control = control_server_free(m->control); /* before the units its clients look at */
        m->gc_queue = NULL; /* every unit goes now */
        hashmap_free(m->units, unit_free_void);
        hashmap_free(m->sockets_by_service, NULL); /* after the units: they leave it as they go */
        hashmap_free(m->pids, NULL);
        manager_template_cache_clear(m);
        m->reaper = sd_event_source_disable_unref(m->reaper);
        m->gc = sd_event_source_disable_unref(m->gc);
        m->exit_check = sd_event_source_disable_unref(m->exit_check);
        m->sigchld = sd_event_source_disable_unref(m->sigchld);
        notify_socket_close(m);
        unit_loader_free(m->loader);
        strv_free(m->enabled);
        strv_free(m->environment);
        hashmap_free(m->environment_index, NULL);
        strv_free(m->search_path);
        free(m->runtime_dir);
        sd_event_unref(m->event);
        free(m);
        return NULL;
}

int manager_load_unit(Manager *m, const char *name, Unit **ret) {
        _cleanup_(unit_file_freep) UnitFile *config = NULL;
        TemplateConfig *shared = NULL;
        UnitFile *c = NULL;
        bool is_instance;
        Unit *u;
        int r;

        u = hashmap_get(m->units, name);
        if (u) {
                *ret = u;
                return 0;
        }
        is_instance = unit_name_is_valid(name, UNIT_NAME_INSTANCE);
        if (!is_instance && !unit_name_is_valid(name, UNIT_NAME_PLAIN))
                return -EINVAL;
        if (hashmap_size(m->units) >= m->max_units)
                return -E2BIG;

        r = manager_load_config(m, name, is_instance, &c, &shared);
        if (r < 0)
                return r;
        if (!shared)
                config = c;

        u = calloc(1, sizeof(Unit));
        if (!u) {
                template_config_unref(shared);
                return -ENOMEM;
        }
        u->manager = m;
        u->type = c->type;
        u->name = strdup(name);
        u->config = c;
        u->shared_config = shared;
        TAKE_PTR(config);
        if (!u->name) {
                unit_free(u);
                return -ENOMEM;
        }
        if (u->type == UNIT_SOCKET && u->config->load_error == 0)
                r = socket_unit_new(u, &u->socket);
        else if (u->type == UNIT_SERVICE)
                r = service_unit_new(u, &u->service);
        if (r < 0) {
                unit_free(u);
                return r;
        }
        r = hashmap_put(m->units, u->name, u);
        if (r < 0) {
                unit_free(u);
                return r;
        }
        u->active_state = unit_active_state(u);
        *ret = u;
        return 0;
}

int manager_start_unit(Manager *m, const char *name) {
        Unit *u;
        int r;

        r = manager_load_unit(m, name, &u);
        if (r == -ENOMEM)
                return log_oom();
        if (r == -EINVAL)
                return log_error_errno(r, "%s: Invalid unit name, ignoring.", name);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to load unit: %m", name);

        manager_unit_apply_pending(u); /* what a reload read while the unit was busy */
        if (u->config->load_error != 0)
                return log_error_errno(u->config->load_error, "%s: Unit failed to load: %s", name,
                                       strna(u->config->load_error_reason));
        switch (u->type) {
        case UNIT_SOCKET:
                return socket_unit_start(u->socket);
        case UNIT_SERVICE:
                return service_unit_start(u->service);
        default:
                return log_error_errno(EOPNOTSUPP, "%s: Unit type is not supported by sockact, ignoring.", name);
        }
}

/* Ready once the initial sockets listen; failed units do not keep the daemon from serving. Sockets with
 * ExecStartPre=/ExecStartPost= open or finish their listeners later: READY=1 waits for them. */
static void manager_check_ready(Manager *m) {
        unsigned n_listening = 0, n_failed = 0, n_starting = 0;
        const char *k;
        void *v;
        size_t i = 0;
        int r;

        while (hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                if (u->socket && IN_SET(u->socket->state, SOCKET_START_PRE, SOCKET_START_POST))
                        n_starting++;
                else if (u->socket && u->socket->state == SOCKET_LISTENING)
                        n_listening++;
                else if (unit_active_state(u) == UNIT_FAILED)
                        n_failed++;
        }
        m->n_starting = n_starting;
        if (n_starting > 0) {
                log_debug("Waiting for %u socket unit(s) to finish starting before READY=1.", n_starting);
                return;
        }
        log_info("Startup finished: %u socket unit(s) listening, %u failed.", n_listening, n_failed);
        r = sd_notifyf(false, "READY=1\nSTATUS=%u socket unit(s) listening, %u failed", n_listening, n_failed);
        if (r < 0)
                log_warning_errno(r, "Failed to notify our supervisor, ignoring: %m");
        m->ready_sent = true;
        m->ready_timestamp = now_realtime_usec();
}

void manager_socket_start_finished(Manager *m) {
        if (m->ready_sent || !m->startup_done)
                return;
        /* counted down, and checked by a full look once it reaches zero */
        if (m->n_starting > 0)
                m->n_starting--;
        if (m->n_starting == 0)
                manager_check_ready(m);
}

int manager_startup(Manager *m, char **extra_units) {
        int r;

        /* kept: a reload starts the units enabled since */
        r = unit_loader_list_wants(m->loader, "sockets.target", &m->enabled);
        if (r < 0)
                return log_error_errno(r, "Failed to list enabled units: %m");
        STRV_FOREACH(n, m->enabled)
                (void) manager_start_unit(m, *n);
        STRV_FOREACH(n, extra_units)
                (void) manager_start_unit(m, *n);
        /* The directory listings served the bulk load; from now on a load asks the file system, and the listings
         * are kept only for the next reload to take over (unit-load.h). */
        unit_loader_cache_retire(m->loader);

        m->startup_done = true;
        manager_check_ready(m);
        return 0;
}

static bool manager_services_active(Manager *m);

static int on_exit_check(sd_event_source *source, void *userdata) {
        Manager *m = userdata;

        if (m->exiting && !manager_services_active(m))
                (void) sd_event_exit(m->event, 0);
        return 0;
}

/* While shutting down, every unit that stops asks whether the daemon may exit; the answer looks at every
 * unit, so it is taken once after the current events (10,000 sockets stopping at once would else cost
 * 10,000 full scans). */
static void manager_check_exit(Manager *m) {
        if (!m->exiting)
                return;
        if (!m->exit_check) {
                if (sd_event_add_defer(m->event, &m->exit_check, on_exit_check, m) < 0) {
                        (void) on_exit_check(NULL, m); /* at once, then */
                        return;
                }
                (void) sd_event_source_set_description(m->exit_check, "exit-check");
        }
        (void) sd_event_source_set_enabled(m->exit_check, SD_EVENT_ONESHOT);
}

static bool manager_services_active(Manager *m) {
        const char *k;
        void *v;
        size_t i = 0;

        while (hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                if (u->service && service_unit_is_active(u->service))
                        return true;
                if (u->socket && socket_unit_is_busy(u->socket))
                        return true;
        }
        return false;
}

void manager_socket_stopped(Manager *m) {
        const char *k;
        void *v;
        size_t i = 0;

        /* sockets whose unit file a reload found removed leave the registry once stopped */
        while (m->n_drop_pending > 0 && !m->exiting && hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                if (u->drop_when_stopped && u->socket && !socket_unit_is_busy(u->socket) &&
                    IN_SET(u->socket->state, SOCKET_DEAD, SOCKET_FAILED))
                        manager_unit_gc(m, u);
        }
        manager_check_exit(m);
}

void manager_shutdown(Manager *m) {
        const char *k;
        void *v;
        size_t i = 0;

        if (m->exiting)
                return;
        m->exiting = true;
        (void) sd_notify(false, "STOPPING=1");
        /* Listeners first (no new activations), then the services; we exit when the last one is gone. */
        while (hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                if (u->socket)
                        socket_unit_stop(u->socket);
        }
        i = 0;
        while (hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                if (u->service)
                        service_unit_stop(u->service);
        }
        manager_check_exit(m);
}

static bool socket_feeds_service(SocketUnit *so, ServiceUnit *s) {
        _cleanup_free_ char *name = NULL;

        if (so->unit->config->socket.accept)
                return false;
        if (strv_contains(s->unit->config->service.sockets, so->unit->name))
                return true;
        if (so->service_name)
                return streq(so->service_name, s->unit->name);
        return socket_unit_service_name(so, &name) >= 0 && streq(name, s->unit->name);
}

static int feeders_add(SocketUnit ***l, size_t *n, SocketUnit *so) {
        SocketUnit **a;

        for (size_t i = 0; i < *n; i++)
                if ((*l)[i] == so)
                        return 0;
        a = reallocarray(*l, *n + 1, sizeof(SocketUnit *));
        if (!a)
                return -ENOMEM;
        *l = a;
        a[(*n)++] = so;
        return 0;
}

/* The Accept=no sockets whose listeners service s gets, in any state: those named in its Sockets= and those
 * that activate it (Service=, or the same name). Found through the index, not by looking at every unit: an
 * Accept=no service starts and ends as often as traffic comes and goes. */
static int service_feeders(Manager *m, ServiceUnit *s, SocketUnit ***ret, size_t *ret_n) {
        _cleanup_free_ SocketUnit **l = NULL;
        size_t n = 0;

        if (m->sockets_by_service_incomplete) {
                const char *k;
                void *v;
                size_t i = 0;

                while (hashmap_iterate(m->units, &i, &k, &v)) {
                        Unit *u = v;
                        if (u->socket && socket_feeds_service(u->socket, s) && feeders_add(&l, &n, u->socket) < 0)
                                return -ENOMEM;
                }
        } else {
                STRV_FOREACH(sn, s->unit->config->service.sockets) {
                        Unit *u = hashmap_get(m->units, *sn);
                        if (u && u->socket && !u->socket->unit->config->socket.accept &&
                            feeders_add(&l, &n, u->socket) < 0)
                                return -ENOMEM;
                }
                for (SocketUnit *so = hashmap_get(m->sockets_by_service, s->unit->name); so; so = so->service_next)
                        if (feeders_add(&l, &n, so) < 0)
                                return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        *ret_n = n;
        return 0;
}

int manager_collect_fds(Manager *m, ServiceUnit *s, int **ret_fds, char ***ret_names, size_t *ret_n) {
        _cleanup_free_ int *fds = NULL;
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ SocketUnit **feeders = NULL;
        size_t n = 0, n_feeders = 0;
        int r;

        /* Sockets= may name sockets nobody started yet: start them, so their listeners exist. */
        STRV_FOREACH(sn, s->unit->config->service.sockets)
                (void) manager_start_unit(m, *sn);

        r = service_feeders(m, s, &feeders, &n_feeders);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n_feeders; i++) {
                SocketUnit *so = feeders[i];

                if (!IN_SET(so->state, SOCKET_LISTENING, SOCKET_RUNNING))
                        continue;
                for (size_t p = 0; p < so->n_ports; p++) {
                        int *f;

                        if (so->ports[p].lfd.fd < 0)
                                continue;
                        f = reallocarray(fds, n + 1, sizeof(int));
                        if (!f)
                                return -ENOMEM;
                        fds = f;
                        fds[n++] = so->ports[p].lfd.fd;
                        if (strv_extend(&names, so->unit->config->socket.fdname ?: so->unit->name) < 0)
                                return -ENOMEM;
                }
                /* The service owns the traffic now. */
                if (so->state == SOCKET_LISTENING) {
                        so->state = SOCKET_RUNNING;
                        unit_state_changed(so->unit);
                        for (size_t p = 0; p < so->n_ports; p++)
                                if (so->ports[p].io)
                                        (void) sd_event_source_set_enabled(so->ports[p].io, SD_EVENT_OFF);
                }
        }
        *ret_fds = TAKE_PTR(fds);
        *ret_names = TAKE_PTR(names);
        *ret_n = n;
        return 0;
}

void manager_service_finished(Manager *m, ServiceUnit *s) {
        if (s->accept_socket) {
                socket_unit_connection_closed(s->accept_socket, s->per_source_key);
                s->accept_socket = NULL;
        } else if (!m->exiting) {
                _cleanup_free_ SocketUnit **feeders = NULL;
                size_t n = 0;

                if (service_feeders(m, s, &feeders, &n) < 0) {
                        /* no memory for the list: look at every unit, none may be left without a listener */
                        const char *k;
                        void *v;
                        size_t i = 0;

                        while (hashmap_iterate(m->units, &i, &k, &v)) {
                                Unit *u = v;
                                if (u->socket && socket_feeds_service(u->socket, s)) {
                                        socket_unit_service_stopped(u->socket);
                                        manager_unit_apply_pending(u);
                                }
                        }
                }
                for (size_t i = 0; i < n; i++) {
                        socket_unit_service_stopped(feeders[i]);
                        /* a reload changed it while it ran (may re-index it: feeders is a copy) */
                        manager_unit_apply_pending(feeders[i]->unit);
                }
        }
        if (s->remove_when_dead)
                manager_unit_gc(m, s->unit);
        manager_check_exit(m);
}

/* Remove unit u from the registry and free it, unless it became busy again since it was queued. */
static void unit_collect(Unit *u) {
        Manager *m = u->manager;
        const char *k;
        void *v;
        size_t i = 0;

        if (u->service && service_unit_is_active(u->service))
                return; /* restarted in the meantime */
        if (u->socket && (socket_unit_is_busy(u->socket) || !IN_SET(u->socket->state, SOCKET_DEAD, SOCKET_FAILED)))
                return; /* started again */
        if (u->drop_when_stopped && m->n_drop_pending > 0)
                m->n_drop_pending--;
        /* Accept=yes instances still running keep serving; they no longer report to the socket */
        while (u->socket && hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *o = v;
                if (o->service && o->service->accept_socket == u->socket)
                        o->service->accept_socket = NULL;
        }
        (void) hashmap_remove_value(m->units, u->name, u);
        unit_free(u);
}

/* One pass over every unit queued since the last: an Accept=yes instance is queued at the end of each
 * connection, and a defer event source per unit cost more than the rest of its removal. */
void manager_gc_run(Manager *m) {
        /* bounded: what is queued while this runs waits for the next pass */
        for (Unit *batch = TAKE_PTR(m->gc_queue), *next; batch; batch = next) {
                next = batch->gc_next;
                batch->gc_queued = false;
                batch->gc_next = NULL;
                unit_collect(batch);
        }
}

static int on_gc(sd_event_source *source, void *userdata) {
        manager_gc_run(userdata);
        return 0;
}

int manager_set_defaults(Manager *m, char *const *environment, struct rlimit *const *rlimits) {
        int r;

        STRV_FOREACH(a, environment) {
                r = strv_env_replace_strdup(&m->environment, *a);
                if (r < 0)
                        return r;
        }
        if (environment && environment[0]) {
                m->environment_index = hashmap_free(m->environment_index, NULL);
                r = exec_environment_index(m->environment, &m->environment_index);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < N_RLIMITS; i++) {
                m->default_rlimit[i] = NULL;
                if (rlimits && rlimits[i]) {
                        m->default_rlimit_store[i] = *rlimits[i];
                        m->default_rlimit[i] = &m->default_rlimit_store[i];
                }
        }
        return 0;
}

/* splitmix64's finalizer: a bijection of 64-bit numbers that mixes every bit into every other. */
static uint64_t mix64(uint64_t x) {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        x ^= x >> 31;
        return x;
}

void manager_invocation_id(Manager *m, char ret[static 33]) {
        uint64_t n = ++m->n_invocations;
        uint64_t v[2] = { mix64(n + m->invocation_key[0]), mix64(n ^ m->invocation_key[1]) };

        for (size_t i = 0; i < 32; i++)
                ret[i] = "0123456789abcdef"[(v[i / 16] >> (60 - 4 * (i % 16))) & 15];
        ret[32] = '\0';
}

void manager_unit_gc(Manager *m, Unit *u) {
        if (u->gc_queued)
                return;
        u->gc_queued = true;
        u->gc_next = m->gc_queue;
        /* the first since the last pass: the pass is due, after the current event (the SIGCHLD handler runs
         * it itself when it is done: most units go when their last process exits) */
        if (!m->gc_queue && !m->gc_at_reap_end)
                (void) sd_event_source_set_enabled(m->gc, SD_EVENT_ONESHOT);
        m->gc_queue = u;
}

int manager_run(Manager *m) {
        return sd_event_loop(m->event);
}
