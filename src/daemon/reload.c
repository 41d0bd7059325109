/* SPDX-License-Identifier: MIT */
/* Reloading the unit files (SIGHUP, sockactctl reload), as sockactd(8) describes it to users.
 *
 * A new loader lists the search path again, taking over the listings of the directories that did not change
 * since the start-up or the last reload (the daemon's loader keeps them for that only: between reloads a load
 * asks the file system, unit-load.h). A unit whose files are the ones it was read from, unchanged
 * (unit_loader_unit_is_current(): the same fragment and drop-ins are found and each has the stamp it had when
 * read), is left alone, not even parsed: its listeners, processes and counters stay as they are. The others
 * are parsed again and the new configuration applied:
 *
 *  - a socket that listens keeps each listener whose port and settings did not change, with its fd; the
 *    changed ones are re-created (socket_unit_reconfigure()). A socket that is dead or failed just takes the
 *    new configuration; a reload does not start it.
 *  - a socket whose service runs (Accept=no), or that runs an Exec*= command of its own, keeps its listeners
 *    and configuration until it listens again or is started next (pending_config).
 *  - a socket unit whose file was removed or masked is stopped (its ExecStopPre/Post as configured before)
 *    and leaves the registry; its Accept=yes instances keep running.
 *  - a unit file with errors does not take a listening socket's listeners away: the socket keeps its previous
 *    configuration, and the unit gets the load error at its next start.
 *  - a running service keeps running with its processes; the new configuration applies at its next start.
 *    A service whose file was removed keeps running until it exits and then leaves the registry.
 *  - Accept=yes instances are not looked at: new connections use the template as it is now.
 *  - sockets linked from sockets.target.wants/ since the last reload (or the start) are started; those no
 *    longer linked keep running, as after systemd's daemon-reload.
 *
 * All reading and parsing happens before anything changes: if it fails (ENOMEM), the daemon carries on as
 * before. After that, a unit that cannot take its new configuration fails on its own (logged). */
#include <systemd/sd-daemon.h>
#include <time.h>

#include "log.h"
#include "manager.h"
#include "service-unit.h"
#include "socket-unit.h"
#include "strv.h"

typedef struct ReloadChange {
        Unit *unit;
        UnitFile *config; /* handed over by unit_reload(): not to be looked at afterwards */
        bool gone;        /* config_is_gone(config), noted before */
} ReloadChange;

static usec_t now_usec(clockid_t clock) {
        struct timespec ts;
        clock_gettime(clock, &ts);
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / NSEC_PER_USEC;
}

/* The file is gone (or masked): the unit no longer exists. Other load errors are errors in the file. */
static bool config_is_gone(const UnitFile *c) {
        return IN_SET(c->load_error, -ENOENT, -ERFKILL);
}

/* The configuration u used until now, replaced. */
static void unit_release_config(Unit *u, UnitFile *old) {
        /* an instance's configuration may be its template's, shared through the template cache */
        if (!manager_unit_drop_shared_config(u))
                unit_file_free(old);
}

static void unit_set_pending(Unit *u, UnitFile *c) {
        if (u->pending_config != c)
                unit_file_free(u->pending_config);
        u->pending_config = c;
}

/* Whether socket unit u can take configuration c now: its listeners and commands are not in use, and a
 * broken file does not take away the listeners of a socket that works. */
static bool socket_may_apply(const Unit *u, const UnitFile *c) {
        if (!u->socket)
                return true;
        if (u->socket->state == SOCKET_LISTENING)
                return c->load_error == 0;
        return IN_SET(u->socket->state, SOCKET_DEAD, SOCKET_FAILED);
}

/* Give socket unit u configuration c (taken over on success). -ENOMEM if nothing changed. */
static int socket_apply(Unit *u, UnitFile *c) {
        UnitFile *old = NULL;
        int r;

        if (!u->socket) {
                /* it failed to load before: there is no runtime yet */
                old = u->config;
                u->config = c;
                if (c->load_error == 0) {
                        r = socket_unit_new(u, &u->socket);
                        if (r < 0) {
                                u->config = old;
                                return r;
                        }
                }
                unit_release_config(u, old);
                return 0;
        }
        r = socket_unit_reconfigure(u->socket, c, &old);
        if (!old)
                return r < 0 ? r : -EINVAL;
        /* a listener that could not be opened failed the socket, which was logged */
        unit_release_config(u, old);
        return 0;
}

static bool service_may_apply(const Unit *u) {
        return !u->service || !service_unit_is_active(u->service) ||
               u->service->state == SERVICE_AUTO_RESTART; /* between two runs */
}

static void service_apply(Unit *u, UnitFile *c) {
        UnitFile *old = u->config;

        u->config = c;
        unit_release_config(u, old);
}

void manager_unit_apply_pending(Unit *u) {
        UnitFile *c = u->pending_config;

        if (!c)
                return;
        if (u->type == UNIT_SOCKET) {
                if (!socket_may_apply(u, c) || socket_apply(u, c) < 0)
                        return;
        } else if (u->type == UNIT_SERVICE) {
                if (!service_may_apply(u))
                        return;
                service_apply(u, c);
        } else
                service_apply(u, c);
        u->pending_config = NULL;
        log_debug("%s: Now using the configuration read at the last reload.", u->name);
}

static bool socket_stopped(const Unit *u) {
        return !u->socket ||
               (!socket_unit_is_busy(u->socket) && IN_SET(u->socket->state, SOCKET_DEAD, SOCKET_FAILED));
}

/* A socket unit whose file was removed: stop it, and drop it once stopped. */
static void socket_reload_gone(Manager *m, Unit *u, UnitFile *c) {
        unit_set_pending(u, c); /* a start until it is gone finds no unit */
        if (socket_stopped(u)) {
                manager_unit_gc(m, u);
                return;
        }
        log_info("%s: Unit file removed, stopping the socket.", u->name);
        socket_unit_stop(u->socket);
        if (socket_stopped(u))
                manager_unit_gc(m, u);
        else {
                /* ExecStopPre=/ExecStopPost= run: dropped when done (manager_socket_stopped()) */
                u->drop_when_stopped = true;
                m->n_drop_pending++;
        }
}

static void socket_reload(Manager *m, Unit *u, UnitFile *c) {
        int r;

        if (config_is_gone(c)) {
                socket_reload_gone(m, u, c);
                return;
        }
        if (!socket_may_apply(u, c)) {
                unit_set_pending(u, c);
                if (c->load_error != 0)
                        log_warning("%s: Unit file has errors; the socket keeps its listeners and previous "
                                    "settings until it is stopped.", u->name);
                else
                        log_info("%s: Unit file changed; the new settings apply when the socket %s.", u->name,
                                 u->socket->state == SOCKET_RUNNING ? "listens again after its service ran"
                                                                    : "is started next");
                return;
        }
        r = socket_apply(u, c);
        if (r < 0) {
                log_warning_errno(r, "%s: Cannot apply the new settings now, keeping them for the next "
                                  "start: %m", u->name);
                unit_set_pending(u, c);
                return;
        }
        unit_set_pending(u, NULL);
}

static void service_reload(Manager *m, Unit *u, UnitFile *c) {
        if (config_is_gone(c)) {
                if (!service_may_apply(u)) {
                        log_info("%s: Unit file removed; the service keeps running until it exits.", u->name);
                        u->service->remove_when_dead = true;
                        unit_set_pending(u, c); /* a restart finds no unit */
                } else {
                        unit_file_free(c);
                        manager_unit_gc(m, u);
                }
                return;
        }
        if (!service_may_apply(u)) {
                log_info("%s: Unit file changed; the running service keeps its settings until it starts "
                         "again.", u->name);
                unit_set_pending(u, c);
                return;
        }
        service_apply(u, c);
        unit_set_pending(u, NULL);
}

static void unit_reload(Manager *m, Unit *u, UnitFile *c) {
        if (c->load_error != 0 && !config_is_gone(c))
                log_debug("%s: %s", u->name, strna(c->load_error_reason));
        switch (u->type) {
        case UNIT_SOCKET:
                socket_reload(m, u, c);
                break;
        case UNIT_SERVICE:
                service_reload(m, u, c);
                break;
        default:
                service_apply(u, c); /* other types have no runtime */
                unit_set_pending(u, NULL);
        }
}

/* Start the units in `now` that are not in `before` (both sorted). Returns how many were started. */
static size_t start_newly_enabled(Manager *m, char **before, char **now) {
        size_t n = 0;

        for (char **a = before, **b = now; b && *b; b++) {
                int c = 1;

                while (a && *a && (c = strcmp(*a, *b)) < 0)
                        a++;
                if (c == 0)
                        continue;
                log_info("%s: Enabled since the last reload, starting.", *b);
                (void) manager_start_unit(m, *b); /* logs failures */
                n++;
        }
        return n;
}

int manager_reload(Manager *m) {
        _cleanup_(unit_loader_freep) UnitLoader *loader = NULL;
        _cleanup_strv_free_ char **enabled = NULL;
        ReloadChange *changes = NULL;
        size_t n_changes = 0, n_checked = 0, n_started, i = 0;
        usec_t begin = now_usec(CLOCK_MONOTONIC), cpu = now_usec(CLOCK_PROCESS_CPUTIME_ID), took;
        const char *k;
        void *v;
        int r;

        if (m->exiting) {
                log_notice("Shutting down, not reloading.");
                return -ESHUTDOWN;
        }
        if (m->ready_sent)
                (void) sd_notifyf(false, "RELOADING=1\nMONOTONIC_USEC=%llu", (unsigned long long) begin);

        /* ---- read and parse: nothing changes yet ---- */
        r = unit_loader_new_from(m->loader, &loader);
        if (r >= 0)
                r = unit_loader_list_wants(loader, "sockets.target", &enabled);
        if (r >= 0) {
                changes = calloc(hashmap_size(m->units) + 1, sizeof(ReloadChange));
                if (!changes)
                        r = -ENOMEM;
        }
        while (r >= 0 && hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                UnitFile *c = NULL;

                /* going away anyway; Accept=yes instances (and removed services) end with their connection */
                if (u->gc_queued || u->drop_when_stopped || (u->service && u->service->remove_when_dead))
                        continue;
                n_checked++;
                r = unit_loader_unit_is_current(loader, u->name, u->pending_config ?: u->config);
                if (r != 0)
                        continue;
                r = unit_loader_load(loader, u->name, &c);
                if (r >= 0)
                        changes[n_changes++] = (ReloadChange) { .unit = u, .config = c, .gone = config_is_gone(c) };
        }
        if (r < 0) {
                for (size_t j = 0; j < n_changes; j++)
                        unit_file_free(changes[j].config);
                free(changes);
                log_error_errno(r, "Failed to reload the unit files, carrying on with the previous ones: %m");
                if (m->ready_sent)
                        (void) sd_notify(false, "READY=1");
                return r;
        }

        /* ---- apply ---- */
        unit_loader_free(m->loader);
        m->loader = TAKE_PTR(loader);
        m->spec_runtime_dir = unit_loader_specifiers(m->loader)->runtime_dir;
        /* the next connection must load its template as it is now */
        manager_template_cache_clear(m);
        /* units removed first: their ports are free then for the units that take them over */
        for (int pass = 0; pass < 2; pass++)
                for (size_t j = 0; j < n_changes; j++)
                        if (changes[j].gone == (pass == 0))
                                unit_reload(m, changes[j].unit, changes[j].config);
        free(changes);
        n_started = start_newly_enabled(m, m->enabled, enabled);
        strv_free(m->enabled);
        m->enabled = TAKE_PTR(enabled);
        /* as after the start-up: the listings served the bulk work, later loads ask the file system */
        unit_loader_cache_retire(m->loader);

        took = now_usec(CLOCK_MONOTONIC) - begin;
        cpu = now_usec(CLOCK_PROCESS_CPUTIME_ID) - cpu;
        log_info("Reloaded in %llu.%03llu ms (CPU %llu.%03llu ms): %zu unit(s) checked, %zu read again, %zu "
                 "newly enabled started.", (unsigned long long) (took / 1000),
                 (unsigned long long) (took % 1000), (unsigned long long) (cpu / 1000),
                 (unsigned long long) (cpu % 1000), n_checked, n_changes, n_started);
        if (m->ready_sent)
                (void) sd_notify(false, "READY=1");
        return 0;
}
