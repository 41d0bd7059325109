/* SPDX-License-Identifier: MIT */
#include <signal.h>
#include <systemd/sd-daemon.h>

#include "log.h"
#include "manager.h"
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

static Unit *unit_free(Unit *u) {
        if (!u)
                return NULL;
        socket_unit_free(u->socket);
        unit_file_free(u->config);
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
                        return UNIT_DEACTIVATING;
                case SOCKET_FAILED:
                        return UNIT_FAILED;
                default:
                        return UNIT_INACTIVE;
                }
        return UNIT_INACTIVE;
}

const char *unit_sub_state(const Unit *u) {
        if (u->socket)
                return socket_state_to_string(u->socket->state);
        return "dead";
}

static int on_terminate(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Manager *m = userdata;

        log_info("Received SIG%s, stopping.", sigabbrev_np((int) si->ssi_signo) ?: "?");
        manager_shutdown(m);
        return 0;
}

static int on_reload(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        log_notice("Received SIGHUP; reloading is not implemented yet, ignoring.");
        return 0;
}

int manager_new(UnitScope scope, char **search_path, const char *runtime_dir, const UnitDefaults *defaults,
                Manager **ret) {
        _cleanup_(manager_freep) Manager *m = NULL;
        int r;

        m = calloc(1, sizeof(Manager));
        if (!m)
                return -ENOMEM;
        m->scope = scope;
        m->defaults = defaults ? *defaults : unit_defaults_builtin;
        m->max_units = MANAGER_UNITS_MAX_DEFAULT;
        m->search_path = strv_copy(search_path);
        m->runtime_dir = strdup(runtime_dir);
        m->units = hashmap_new();
        if (!m->search_path || !m->runtime_dir || !m->units)
                return -ENOMEM;

        r = sd_event_default(&m->event);
        if (r < 0)
                return r;
        /* Signals are taken from the event loop only (the mask is set here, the handlers are sources). */
        for (int sig = SIGTERM; sig != 0; sig = sig == SIGTERM ? SIGINT : 0) {
                r = sd_event_add_signal(m->event, NULL, sig | SD_EVENT_SIGNAL_PROCMASK, on_terminate, m);
                if (r < 0)
                        return r;
        }
        r = sd_event_add_signal(m->event, NULL, SIGHUP | SD_EVENT_SIGNAL_PROCMASK, on_reload, m);
        if (r < 0)
                return r;

        r = unit_loader_new(scope, m->search_path, &m->defaults, &m->loader);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

Manager *manager_free(Manager *m) {
        if (!m)
                return NULL;
        hashmap_free(m->units, unit_free_void);
        unit_loader_free(m->loader);
        strv_free(m->search_path);
        free(m->runtime_dir);
        sd_event_unref(m->event);
        free(m);
        return NULL;
}

int manager_load_unit(Manager *m, const char *name, Unit **ret) {
        _cleanup_(unit_file_freep) UnitFile *config = NULL;
        Unit *u;
        int r;

        u = hashmap_get(m->units, name);
        if (u) {
                *ret = u;
                return 0;
        }
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return -EINVAL;
        if (hashmap_size(m->units) >= m->max_units)
                return -E2BIG;

        r = unit_loader_load(m->loader, name, &config);
        if (r < 0)
                return r;

        u = calloc(1, sizeof(Unit));
        if (!u)
                return -ENOMEM;
        u->manager = m;
        u->type = config->type;
        u->name = strdup(name);
        u->config = TAKE_PTR(config);
        if (!u->name) {
                unit_free(u);
                return -ENOMEM;
        }
        if (u->type == UNIT_SOCKET) {
                r = socket_unit_new(u, &u->socket);
                if (r < 0) {
                        unit_free(u);
                        return r;
                }
        }
        r = hashmap_put(m->units, name, u);
        if (r < 0) {
                unit_free(u);
                return r;
        }
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

        switch (u->type) {
        case UNIT_SOCKET:
                return socket_unit_start(u->socket);
        case UNIT_SERVICE:
                if (u->config->load_error != 0)
                        return log_error_errno(u->config->load_error, "%s: Unit failed to load: %s", name,
                                               strna(u->config->load_error_reason));
                log_warning("%s: Starting services directly is not implemented yet, ignoring.", name);
                return 0;
        default:
                return log_error_errno(EOPNOTSUPP, "%s: Unit type is not supported by sockact, ignoring.", name);
        }
}

int manager_startup(Manager *m, char **extra_units) {
        _cleanup_strv_free_ char **enabled = NULL;
        unsigned n_listening = 0, n_failed = 0;
        const char *k;
        void *v;
        size_t i = 0;
        int r;

        r = unit_loader_list_wants(m->loader, "sockets.target", &enabled);
        if (r < 0)
                return log_error_errno(r, "Failed to list enabled units: %m");
        STRV_FOREACH(n, enabled)
                (void) manager_start_unit(m, *n);
        STRV_FOREACH(n, extra_units)
                (void) manager_start_unit(m, *n);

        while (hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                if (u->socket && u->socket->state == SOCKET_LISTENING)
                        n_listening++;
                else if (unit_active_state(u) == UNIT_FAILED)
                        n_failed++;
        }
        log_info("Startup finished: %u socket unit(s) listening, %u failed.", n_listening, n_failed);

        /* Ready once the initial sockets listen; failed units do not keep the daemon from serving. */
        r = sd_notifyf(false, "READY=1\nSTATUS=%u socket unit(s) listening, %u failed", n_listening, n_failed);
        if (r < 0)
                log_warning_errno(r, "Failed to notify our supervisor, ignoring: %m");
        m->ready_sent = true;
        return 0;
}

void manager_shutdown(Manager *m) {
        const char *k;
        void *v;
        size_t i = 0;

        if (m->exiting)
                return;
        m->exiting = true;
        (void) sd_notify(false, "STOPPING=1");
        while (hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                if (u->socket)
                        socket_unit_stop(u->socket);
        }
        (void) sd_event_exit(m->event, 0);
}

int manager_run(Manager *m) {
        return sd_event_loop(m->event);
}
