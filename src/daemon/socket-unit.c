/* SPDX-License-Identifier: MIT */
#include "log.h"
#include "socket-unit.h"
#include "string-util.h"
#include "strv.h"

static const char *const socket_state_table[_SOCKET_STATE_MAX] = {
        [SOCKET_DEAD] = "dead",
        [SOCKET_LISTENING] = "listening",
        [SOCKET_RUNNING] = "running",
        [SOCKET_STOP_PRE] = "stop-pre",
        [SOCKET_FAILED] = "failed",
};
DEFINE_STRING_TABLE_LOOKUP(socket_state, SocketState);

static const char *const socket_result_table[_SOCKET_RESULT_MAX] = {
        [SOCKET_SUCCESS] = "success",
        [SOCKET_FAILURE_RESOURCES] = "resources",
        [SOCKET_FAILURE_TRIGGER_LIMIT_HIT] = "trigger-limit-hit",
        [SOCKET_FAILURE_SERVICE_START_LIMIT_HIT] = "service-start-limit-hit",
        [SOCKET_FAILURE_LOAD] = "load",
};
DEFINE_STRING_TABLE_LOOKUP(socket_result, SocketResult);

static const char *name_of(const SocketUnit *s) {
        return s->unit->name;
}

/* The one place a socket changes state: entry and exit effects and the log line "old -> new". */
static void socket_set_state(SocketUnit *s, SocketState state) {
        SocketState old = s->state;

        s->state = state;
        /* Listeners are watched only while listening: while the service runs it owns the traffic. */
        for (size_t i = 0; i < s->n_ports; i++)
                if (s->ports[i].io)
                        (void) sd_event_source_set_enabled(s->ports[i].io,
                                                           state == SOCKET_LISTENING ? SD_EVENT_ON : SD_EVENT_OFF);
        if (old != state)
                log_debug("%s: changed %s -> %s", name_of(s), socket_state_to_string(old), socket_state_to_string(state));
}

int socket_unit_new(Unit *u, SocketUnit **ret) {
        SocketUnit *s;
        size_t n = 0;

        s = calloc(1, sizeof(SocketUnit));
        if (!s)
                return -ENOMEM;
        s->unit = u;
        for (const SocketPort *p = u->config->socket.ports; p; p = p->next)
                n++;
        if (n > 0) {
                s->ports = calloc(n, sizeof(SocketPortRuntime));
                if (!s->ports) {
                        free(s);
                        return -ENOMEM;
                }
        }
        n = 0;
        for (const SocketPort *p = u->config->socket.ports; p; p = p->next, n++)
                s->ports[n] = (SocketPortRuntime) { .socket = s, .config = p, .lfd = { .fd = -EBADF } };
        s->n_ports = n;
        *ret = s;
        return 0;
}

static void socket_close_ports(SocketUnit *s, bool remove_nodes) {
        const SocketSection *c = &s->unit->config->socket;

        if (s->symlink_target) {
                (void) socket_symlinks_remove(name_of(s), c, s->symlink_target);
                s->symlink_target = mfree_ptr(s->symlink_target);
        }
        for (size_t i = 0; i < s->n_ports; i++) {
                SocketPortRuntime *p = &s->ports[i];

                p->io = sd_event_source_disable_unref(p->io);
                if (remove_nodes && c->remove_on_stop && p->lfd.fd >= 0)
                        (void) socket_port_remove(name_of(s), p->config, &p->lfd);
                listen_fd_close(&p->lfd);
        }
}

SocketUnit *socket_unit_free(SocketUnit *s) {
        if (!s)
                return NULL;
        socket_close_ports(s, false);
        free(s->ports);
        free(s->last_error);
        free(s);
        return NULL;
}

static int socket_dispatch_io(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        SocketPortRuntime *p = userdata;
        SocketUnit *s = p->socket;

        /* Activation of the service is not wired up yet: note the traffic once and stop watching, so that a
         * queued connection does not spin the loop. The listener stays open; nothing is lost. */
        log_info("%s: incoming traffic; service activation is not implemented yet.", name_of(s));
        s->n_triggers++;
        socket_set_state(s, SOCKET_RUNNING);
        return 0;
}

int socket_unit_start(SocketUnit *s) {
        const SocketSection *c = &s->unit->config->socket;
        Manager *m = s->unit->manager;
        int r;

        if (IN_SET(s->state, SOCKET_LISTENING, SOCKET_RUNNING))
                return 0;
        if (s->unit->config->load_error != 0) {
                log_error("%s: Unit failed to load: %s", name_of(s), strna(s->unit->config->load_error_reason));
                s->result = SOCKET_FAILURE_LOAD;
                socket_set_state(s, SOCKET_FAILED);
                return 0;
        }

        s->result = SOCKET_SUCCESS;
        for (size_t i = 0; i < s->n_ports; i++) {
                SocketPortRuntime *p = &s->ports[i];

                r = socket_port_open(name_of(s), c, p->config, &p->lfd);
                if (r >= 0)
                        r = sd_event_add_io(m->event, &p->io, p->lfd.fd, EPOLLIN, socket_dispatch_io, p);
                if (r >= 0)
                        (void) sd_event_source_set_description(p->io, name_of(s));
                if (r < 0) {
                        /* socket_port_open() said why; a failed watch is reported here. */
                        if (p->lfd.fd >= 0)
                                log_error_errno(r, "%s: Failed to watch listener: %m", name_of(s));
                        free(s->last_error);
                        s->last_error = strdup(strerror(-r));
                        socket_close_ports(s, true);
                        s->result = SOCKET_FAILURE_RESOURCES;
                        socket_set_state(s, SOCKET_FAILED);
                        return 0;
                }
        }

        if (c->symlinks) {
                const char *target = socket_symlink_target(c);

                if (!target)
                        log_warning("%s: Symlinks= needs exactly one path-based listener, ignoring.", name_of(s));
                else if (socket_symlinks_create(name_of(s), c, target) >= 0)
                        s->symlink_target = strdup(target);
        }
        socket_set_state(s, SOCKET_LISTENING);
        log_info("%s: listening.", name_of(s));
        return 0;
}

void socket_unit_stop(SocketUnit *s) {
        if (IN_SET(s->state, SOCKET_DEAD, SOCKET_FAILED)) {
                socket_close_ports(s, false);
                return;
        }
        socket_close_ports(s, true);
        socket_set_state(s, SOCKET_DEAD);
}
