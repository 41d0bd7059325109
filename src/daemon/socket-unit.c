/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <sys/socket.h>

#include <sys/wait.h>

#include "condition.h"
#include "exec.h"
#include "log.h"
#include "service-unit.h"
#include "socket-accept.h"
#include "socket-unit.h"
#include "unit-name.h"
#include "string-util.h"
#include "strv.h"

static const char *const socket_state_table[_SOCKET_STATE_MAX] = {
        [SOCKET_DEAD] = "dead",
        [SOCKET_START_PRE] = "start-pre",
        [SOCKET_START_POST] = "start-post",
        [SOCKET_LISTENING] = "listening",
        [SOCKET_RUNNING] = "running",
        [SOCKET_STOP_PRE] = "stop-pre",
        [SOCKET_STOP_POST] = "stop-post",
        [SOCKET_FAILED] = "failed",
};
DEFINE_STRING_TABLE_LOOKUP(socket_state, SocketState);

static const char *const socket_result_table[_SOCKET_RESULT_MAX] = {
        [SOCKET_SUCCESS] = "success",
        [SOCKET_FAILURE_RESOURCES] = "resources",
        [SOCKET_FAILURE_TRIGGER_LIMIT_HIT] = "trigger-limit-hit",
        [SOCKET_FAILURE_SERVICE_START_LIMIT_HIT] = "service-start-limit-hit",
        [SOCKET_FAILURE_LOAD] = "load",
        [SOCKET_FAILURE_EXIT_CODE] = "exit-code",
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
        if (old != state) {
                log_debug("%s: changed %s -> %s", name_of(s), socket_state_to_string(old), socket_state_to_string(state));
                unit_state_changed(s->unit);
        }
        if (IN_SET(old, SOCKET_START_PRE, SOCKET_START_POST) && !IN_SET(state, SOCKET_START_PRE, SOCKET_START_POST))
                manager_socket_start_finished(s->unit->manager);
}

/* The manager's index of Accept=no sockets by the service they activate (Manager.sockets_by_service). */
static void socket_index_remove(SocketUnit *s) {
        Hashmap *index = s->unit->manager->sockets_by_service;
        SocketUnit *head;

        if (!s->service_name)
                return;
        head = hashmap_get(index, s->service_name);
        for (SocketUnit **p = &head; *p; p = &(*p)->service_next)
                if (*p == s) {
                        *p = s->service_next;
                        break;
                }
        if (head)
                (void) hashmap_replace(index, s->service_name, head, NULL); /* the key exists: no allocation */
        else
                (void) hashmap_remove(index, s->service_name);
        s->service_next = NULL;
        s->service_name = mfree_ptr(s->service_name);
}

static void socket_index_add(SocketUnit *s) {
        Manager *m = s->unit->manager;
        int r;

        if (s->unit->config->socket.accept)
                return;
        r = socket_unit_service_name(s, &s->service_name);
        if (r >= 0) {
                s->service_next = hashmap_get(m->sockets_by_service, s->service_name);
                r = hashmap_replace(m->sockets_by_service, s->service_name, s, NULL);
        }
        if (r < 0) {
                /* the manager looks at every unit instead, as slow as correct */
                log_debug_errno(r, "%s: Cannot index the socket by its service: %m", name_of(s));
                m->sockets_by_service_incomplete = true;
                s->service_next = NULL;
                s->service_name = mfree_ptr(s->service_name);
        }
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
        s->per_source = hashmap_new();
        if (!s->per_source) {
                free(s->ports);
                free(s);
                return -ENOMEM;
        }
        socket_index_add(s);
        *ret = s;
        return 0;
}

static void socket_close_ports(SocketUnit *s, bool remove_nodes) {
        const SocketSection *c = &s->unit->config->socket;

        /* Symlinks= are removed with the nodes, only for RemoveOnStop=yes (systemd's socket_close_fds()). */
        if (s->symlink_target) {
                if (remove_nodes && c->remove_on_stop)
                        (void) socket_symlinks_remove(name_of(s), c, s->symlink_target);
                s->symlink_target = mfree_ptr(s->symlink_target);
        }
        for (size_t i = 0; i < s->n_ports; i++) {
                SocketPortRuntime *p = &s->ports[i];

                p->io = sd_event_source_disable_unref(p->io);
                p->local_len = 0;
                p->local_pretty = mfree_ptr(p->local_pretty);
                if (remove_nodes && c->remove_on_stop && p->lfd.fd >= 0)
                        (void) socket_port_remove(name_of(s), p->config, &p->lfd);
                listen_fd_close(&p->lfd);
        }
}

SocketUnit *socket_unit_free(SocketUnit *s) {
        if (!s)
                return NULL;
        manager_unwatch_child(s->unit->manager, &s->control_watch);
        s->control_timer = sd_event_source_disable_unref(s->control_timer);
        socket_index_remove(s);
        socket_close_ports(s, false);
        hashmap_free(s->per_source, NULL);
        free(s->instance_prefix);
        free(s->ports);
        free(s->last_error);
        free(s);
        return NULL;
}

static usec_t now_usec(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000;
}

/* TriggerLimitIntervalSec=/TriggerLimitBurst=: false once the limit is hit. */
static bool socket_trigger_ok(SocketUnit *s) {
        const SocketSection *c = &s->unit->config->socket;
        usec_t now = now_usec();

        s->n_triggers++;
        if (c->trigger_limit_interval == 0 || c->trigger_limit_burst == 0)
                return true;
        if (s->trigger_count == 0 || now - s->trigger_begin > c->trigger_limit_interval) {
                s->trigger_begin = now;
                s->trigger_count = 0;
        }
        return ++s->trigger_count <= c->trigger_limit_burst;
}

static void socket_enter_failed(SocketUnit *s, SocketResult result) {
        s->result = result;
        socket_close_ports(s, true);
        socket_set_state(s, SOCKET_FAILED);
        log_warning("%s: Failed with result '%s'.", name_of(s), socket_result_to_string(result));
}

/* The service this socket activates (Accept=no): Service= or the same name with .service. */
int socket_unit_service_name(const SocketUnit *s, char **ret) {
        const SocketSection *c = &s->unit->config->socket;

        if (c->service)
                *ret = strdup(c->service);
        else
                return unit_name_change_suffix(name_of(s), ".service", ret);
        return *ret ? 0 : -ENOMEM;
}

static void socket_activate(SocketUnit *s) {
        _cleanup_free_ char *svc = NULL;
        Unit *u;
        int r;

        if (!socket_trigger_ok(s)) {
                log_error("%s: Trigger limit hit, refusing further activation.", name_of(s));
                socket_enter_failed(s, SOCKET_FAILURE_TRIGGER_LIMIT_HIT);
                return;
        }
        r = socket_unit_service_name(s, &svc);
        if (r >= 0)
                r = manager_load_unit(s->unit->manager, svc, &u);
        if (r >= 0 && (u->type != UNIT_SERVICE || u->config->load_error != 0)) {
                log_error("%s: Service %s not loaded, %s cannot be started: %s", name_of(s), svc, name_of(s),
                          strna(u->config->load_error_reason));
                socket_enter_failed(s, SOCKET_FAILURE_RESOURCES);
                return;
        }
        if (r < 0) {
                log_error_errno(r, "%s: Failed to load the service to activate: %m", name_of(s));
                socket_enter_failed(s, SOCKET_FAILURE_RESOURCES);
                return;
        }
        /* While the service runs it owns the traffic: stop watching first, the start may finish at once. */
        socket_set_state(s, SOCKET_RUNNING);
        r = service_unit_start(u->service);
        if (r < 0 && !service_unit_is_active(u->service))
                socket_enter_failed(s, u->service->result == SERVICE_FAILURE_START_LIMIT_HIT
                                               ? SOCKET_FAILURE_SERVICE_START_LIMIT_HIT
                                               : SOCKET_FAILURE_RESOURCES);
        else if (s->state == SOCKET_RUNNING && !service_unit_is_active(u->service))
                /* skipped (a condition did not hold) or over already: listen again; queued traffic triggers
                 * again, bounded by the trigger limit, as in systemd */
                socket_unit_service_stopped(s);
}

static int socket_dispatch_io(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        SocketPortRuntime *p = userdata;
        SocketUnit *s = p->socket;
        const SocketSection *c = &s->unit->config->socket;

        if (s->state != SOCKET_LISTENING)
                return 0;
        if (!c->accept) {
                socket_activate(s);
                return 0;
        }
        /* Accept every pending connection, bounded per wakeup so that one busy socket cannot starve the rest.
         * Blocking: the daemon does no I/O on it, and the instance gets it blocking. */
        for (unsigned i = 0; i < 256; i++) {
                SockaddrUnion peer;
                socklen_t peer_len = sizeof(peer);
                int cfd = accept4(fd, &peer.sa, &peer_len, SOCK_CLOEXEC);
                if (cfd < 0) {
                        if (IN_SET(errno, EAGAIN, EINTR, ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT, EHOSTDOWN,
                                   ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH))
                                return 0;
                        log_warning_errno(errno, "%s: Failed to accept a connection, ignoring: %m", name_of(s));
                        return 0;
                }
                if (!socket_trigger_ok(s)) {
                        safe_close(cfd);
                        log_error("%s: Trigger limit hit, refusing further activation.", name_of(s));
                        socket_enter_failed(s, SOCKET_FAILURE_TRIGGER_LIMIT_HIT);
                        return 0;
                }
                socket_accept_one(s, p, cfd, &peer, peer_len);
                if (s->state != SOCKET_LISTENING)
                        return 0;
        }
        return 0;
}

/* The service this socket activated has stopped: watch the listeners again (Accept=no). */
void socket_unit_service_stopped(SocketUnit *s) {
        const SocketSection *c = &s->unit->config->socket;

        if (s->state != SOCKET_RUNNING)
                return;
        /* The service shared our listeners' open files and may have cleared O_NONBLOCK (NonBlocking=no):
         * the daemon never blocks on them, so set it again. */
        for (size_t i = 0; i < s->n_ports; i++)
                if (s->ports[i].lfd.fd >= 0) {
                        int fl = fcntl(s->ports[i].lfd.fd, F_GETFL);
                        if (fl >= 0 && !(fl & O_NONBLOCK))
                                (void) fcntl(s->ports[i].lfd.fd, F_SETFL, fl | O_NONBLOCK);
                }
        if (c->flush_pending)
                for (size_t i = 0; i < s->n_ports; i++) {
                        int fd = s->ports[i].lfd.fd;
                        char buf[1024];
                        /* drop what is queued: pending connections or datagrams, bounded */
                        for (unsigned k = 0; fd >= 0 && k < 4096; k++) {
                                int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                                if (cfd >= 0) {
                                        safe_close(cfd);
                                        continue;
                                }
                                if (errno == ENOTSOCK || errno == EINVAL || errno == EOPNOTSUPP) {
                                        if (read(fd, buf, sizeof(buf)) > 0)
                                                continue;
                                }
                                break;
                        }
                }
        socket_set_state(s, SOCKET_LISTENING);
}

/* ---- the socket's own commands: ExecStartPre/Post around opening, ExecStopPre/Post around closing ---- */

static void on_socket_control_exit(const siginfo_t *si, void *userdata);
static int socket_open_ports(SocketUnit *s);
static void socket_enter_start_post(SocketUnit *s);
static void socket_enter_listening(SocketUnit *s);
static void socket_enter_stop_post(SocketUnit *s, SocketResult r);

static int on_socket_control_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        SocketUnit *s = userdata;

        s->control_timer = sd_event_source_disable_unref(s->control_timer);
        log_warning("%s: %s operation timed out. Terminating.", name_of(s), socket_state_to_string(s->state));
        if (s->control_pid > 0) {
                (void) kill(-s->control_pid, s->unit->config->socket.kill.final_kill_signal);
                (void) kill(s->control_pid, s->unit->config->socket.kill.final_kill_signal);
        }
        return 0; /* the exit of the killed process moves on, with a timeout result */
}

static int socket_run_control(SocketUnit *s, const ExecCommand *cmd) {
        const SocketSection *c = &s->unit->config->socket;
        Manager *m = s->unit->manager;
        const SpecifierContext *spec = unit_loader_specifiers(m->loader);
        ExecParameters p = {
                .unit = name_of(s),
                .stdin_fd = -EBADF,
                .log_fd = -EBADF,
                .manager_environment = m->environment,
                .manager_environment_index = m->environment_index,
                .default_rlimits = m->default_rlimit,
                .signals = &m->signals,
                .runtime_dir_root = spec->runtime_dir,
                .state_dir_root = spec->state_dir,
                .cache_dir_root = spec->cache_dir,
                .logs_dir_root = spec->logs_dir,
                .config_dir_root = spec->config_dir,
                .apply_credentials = true,
        };
        char *env[] = { s->invocation_env[0] ? s->invocation_env : NULL, NULL };
        pid_t pid;
        int r;

        p.extra_environment = env;
        s->control_command = cmd;
        r = exec_spawn(cmd, socket_exec_context(c), &p, &pid);
        if (r < 0)
                return r;
        r = manager_watch_child(m, &s->control_watch, pid, on_socket_control_exit, s);
        if (r < 0) {
                (void) kill(-pid, SIGKILL);
                (void) kill(pid, SIGKILL);
                return log_error_errno(r, "%s: Failed to watch control process %i: %m", name_of(s), (int) pid);
        }
        s->control_pid = pid;
        if (!s->control_timer && c->timeout != USEC_INFINITY)
                (void) sd_event_add_time_relative(m->event, &s->control_timer, CLOCK_MONOTONIC, c->timeout, 0,
                                                  on_socket_control_timeout, s);
        return 0;
}

static void on_socket_control_exit(const siginfo_t *si, void *userdata) {
        SocketUnit *s = userdata;
        const ExecCommand *cmd = s->control_command;
        bool success = si->si_code == CLD_EXITED && si->si_status == 0;

        s->control_pid = 0;
        if (!success && cmd && (cmd->flags & EXEC_COMMAND_IGNORE_FAILURE))
                success = true;
        if (!success)
                log_notice("%s: Control process exited, code=%s, status=%i", name_of(s),
                           si->si_code == CLD_EXITED ? "exited" : "killed", si->si_status);
        if (success && cmd && cmd->next && socket_run_control(s, cmd->next) >= 0)
                return;
        s->control_command = NULL;
        s->control_timer = sd_event_source_disable_unref(s->control_timer);

        switch (s->state) {
        case SOCKET_START_PRE:
                if (success && socket_open_ports(s) >= 0)
                        socket_enter_start_post(s);
                else if (!success)
                        socket_enter_stop_post(s, SOCKET_FAILURE_EXIT_CODE);
                break;
        case SOCKET_START_POST:
                if (success)
                        socket_enter_listening(s);
                else {
                        socket_close_ports(s, true);
                        socket_enter_stop_post(s, SOCKET_FAILURE_EXIT_CODE);
                }
                break;
        case SOCKET_STOP_PRE:
                socket_close_ports(s, true);
                socket_enter_stop_post(s, success ? SOCKET_SUCCESS : SOCKET_FAILURE_EXIT_CODE);
                break;
        case SOCKET_STOP_POST:
                if (s->result == SOCKET_SUCCESS && !success)
                        s->result = SOCKET_FAILURE_EXIT_CODE;
                if (s->result != SOCKET_SUCCESS)
                        log_warning("%s: Failed with result '%s'.", name_of(s), socket_result_to_string(s->result));
                socket_set_state(s, s->result == SOCKET_SUCCESS ? SOCKET_DEAD : SOCKET_FAILED);
                manager_socket_stopped(s->unit->manager);
                break;
        default:
                break;
        }
}

/* Accept=yes: keep the listener's address when every connection has it as its local address: not for
 * wildcards, nor with Transparent= (a redirected connection keeps its original destination). */
static void socket_port_note_local(const SocketSection *c, SocketPortRuntime *p) {
        p->local_len = sizeof(p->local);
        if (!c->accept || c->transparent || getsockname(p->lfd.fd, &p->local.sa, &p->local_len) < 0 ||
            p->local_len > sizeof(p->local)) {
                p->local_len = 0;
                return;
        }
        switch (p->local.sa.sa_family) {
        case AF_INET:
                if (((const struct sockaddr_in *) &p->local)->sin_addr.s_addr == htonl(INADDR_ANY))
                        p->local_len = 0;
                break;
        case AF_INET6: {
                const struct in6_addr *a = &((const struct sockaddr_in6 *) &p->local)->sin6_addr;

                if (IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_V4MAPPED(a))
                        p->local_len = 0;
                break;
        }
        case AF_UNIX:
                return; /* named by the peer's credentials */
        default:
                p->local_len = 0;
        }
        if (p->local_len > 0) {
                char buf[SOCKET_INSTANCE_ADDRESS_MAX];

                /* not mapped (see above): the name of every instance has it so */
                if (socket_instance_address(&p->local.sa, p->local_len, false, buf) >= 0)
                        p->local_pretty = strdup(buf); /* NULL: formatted per connection then */
        }
}

/* Open every listener; on failure close them and fail (after ExecStopPost=). */
static int socket_open_ports(SocketUnit *s) {
        const SocketSection *c = &s->unit->config->socket;
        Manager *m = s->unit->manager;
        int r;

        for (size_t i = 0; i < s->n_ports; i++) {
                SocketPortRuntime *p = &s->ports[i];

                if (p->lfd.fd >= 0)
                        continue; /* kept across a reload */
                r = socket_port_open(name_of(s), c, p->config, &p->lfd);
                if (r >= 0) {
                        socket_port_note_local(c, p);
                        r = sd_event_add_io(m->event, &p->io, p->lfd.fd, EPOLLIN, socket_dispatch_io, p);
                }
                if (r >= 0) {
                        (void) sd_event_source_set_description(p->io, name_of(s));
                        /* not watched until the socket listens */
                        (void) sd_event_source_set_enabled(p->io, SD_EVENT_OFF);
                }
                if (r < 0) {
                        /* socket_port_open() said why; a failed watch is reported here. */
                        if (p->lfd.fd >= 0) {
                                _cleanup_free_ char *what = socket_port_describe(p->config);

                                log_error_errno(r, "%s: Failed to listen on %s: cannot watch it for traffic: %m",
                                                name_of(s), strna(what));
                        }
                        free(s->last_error);
                        s->last_error = strdup(strerror(-r));
                        socket_close_ports(s, true);
                        socket_enter_stop_post(s, SOCKET_FAILURE_RESOURCES);
                        return r;
                }
        }
        if (c->symlinks && !s->symlink_target) {
                const char *target = socket_symlink_target(c);

                if (!target)
                        log_warning("%s: Symlinks= needs exactly one path-based listener, ignoring.", name_of(s));
                else {
                        /* even if some link failed, the ones created are ours to remove later */
                        (void) socket_symlinks_create(name_of(s), c, target);
                        s->symlink_target = strdup(target);
                }
        }
        return 0;
}

static void socket_enter_listening(SocketUnit *s) {
        socket_set_state(s, SOCKET_LISTENING);
        log_debug("%s: listening.", name_of(s));
}

static void socket_enter_start_post(SocketUnit *s) {
        const SocketSection *c = &s->unit->config->socket;

        if (!c->exec_start_post) {
                socket_enter_listening(s);
                return;
        }
        socket_set_state(s, SOCKET_START_POST);
        if (socket_run_control(s, c->exec_start_post) < 0) {
                socket_close_ports(s, true);
                socket_enter_stop_post(s, SOCKET_FAILURE_RESOURCES);
        }
}

static void socket_enter_stop_post(SocketUnit *s, SocketResult r) {
        const SocketSection *c = &s->unit->config->socket;

        if (s->result == SOCKET_SUCCESS)
                s->result = r;
        if (c->exec_stop_post) {
                socket_set_state(s, SOCKET_STOP_POST);
                if (socket_run_control(s, c->exec_stop_post) >= 0)
                        return;
                if (s->result == SOCKET_SUCCESS)
                        s->result = SOCKET_FAILURE_RESOURCES;
        }
        if (s->result != SOCKET_SUCCESS)
                log_warning("%s: Failed with result '%s'.", name_of(s), socket_result_to_string(s->result));
        socket_set_state(s, s->result == SOCKET_SUCCESS ? SOCKET_DEAD : SOCKET_FAILED);
        manager_socket_stopped(s->unit->manager);
}

int socket_unit_start(SocketUnit *s) {
        const SocketSection *c = &s->unit->config->socket;

        if (!IN_SET(s->state, SOCKET_DEAD, SOCKET_FAILED))
                return 0;
        if (s->unit->config->load_error != 0) {
                log_error("%s: Unit failed to load: %s", name_of(s), strna(s->unit->config->load_error_reason));
                s->result = SOCKET_FAILURE_LOAD;
                socket_set_state(s, SOCKET_FAILED);
                return 0;
        }
        if (!condition_test_list(s->unit->config->unit.conditions, name_of(s), s->unit->manager->environment, NULL)) {
                log_info("%s: Condition check resulted in %s being skipped.", name_of(s), name_of(s));
                return 0;
        }
        if (!assert_test_list(s->unit->config->unit.asserts, name_of(s), s->unit->manager->environment, NULL)) {
                log_error("%s: Assertion failed, refusing to start.", name_of(s));
                return -EPROTO;
        }
        /* As systemd: the service still has the listeners of the last run (a socket unit being restarted): new
         * ones, in particular a unix socket made anew at its path, would take its traffic away. */
        if (!c->accept) {
                _cleanup_free_ char *svc = NULL;
                Unit *u = NULL;

                if (socket_unit_service_name(s, &svc) >= 0)
                        u = hashmap_get(s->unit->manager->units, svc);
                if (u && u->service && service_unit_is_active(u->service) &&
                    u->service->state != SERVICE_AUTO_RESTART) {
                        log_error("%s: Socket service %s already active, refusing.", name_of(s), svc);
                        return -EBUSY;
                }
        }
        s->result = SOCKET_SUCCESS;
        memcpy(s->invocation_env, "INVOCATION_ID=", strlen("INVOCATION_ID="));
        manager_invocation_id(s->unit->manager, s->invocation_env + strlen("INVOCATION_ID="));
        if (c->exec_start_pre) {
                socket_set_state(s, SOCKET_START_PRE);
                if (socket_run_control(s, c->exec_start_pre) < 0)
                        socket_enter_stop_post(s, SOCKET_FAILURE_RESOURCES);
                return 0;
        }
        if (socket_open_ports(s) >= 0)
                socket_enter_start_post(s);
        return 0;
}

void socket_unit_stop(SocketUnit *s) {
        const SocketSection *c = &s->unit->config->socket;

        switch (s->state) {
        case SOCKET_LISTENING:
        case SOCKET_RUNNING:
                if (c->exec_stop_pre) {
                        socket_set_state(s, SOCKET_STOP_PRE);
                        if (socket_run_control(s, c->exec_stop_pre) >= 0)
                                return;
                }
                socket_close_ports(s, true);
                socket_enter_stop_post(s, SOCKET_SUCCESS);
                return;
        case SOCKET_START_PRE:
        case SOCKET_START_POST:
                if (s->control_pid > 0) {
                        (void) kill(-s->control_pid, c->kill.kill_signal);
                        (void) kill(s->control_pid, c->kill.kill_signal);
                }
                return; /* its exit moves on */
        case SOCKET_DEAD:
        case SOCKET_FAILED:
                socket_close_ports(s, false);
                return;
        default:
                return;
        }
}

void socket_unit_reset_failed(SocketUnit *s) {
        if (s->state == SOCKET_FAILED)
                socket_set_state(s, SOCKET_DEAD);
        s->result = SOCKET_SUCCESS;
        s->trigger_count = 0;
}

bool socket_unit_is_busy(const SocketUnit *s) {
        return s->control_pid > 0 || IN_SET(s->state, SOCKET_STOP_PRE, SOCKET_STOP_POST, SOCKET_START_PRE,
                                                SOCKET_START_POST);
}

/* ---- reload ---- */

int socket_unit_reconfigure(SocketUnit *s, UnitFile *config, UnitFile **ret_old) {
        const SocketSection *oc = &s->unit->config->socket, *nc = &config->socket;
        bool same_options = socket_listen_options_equal(oc, nc);
        _cleanup_free_ SocketPortRuntime *ports = NULL;
        size_t n = 0, n_kept = 0, n_closed = 0;
        UnitFile *old;
        int r;

        assert_return(IN_SET(s->state, SOCKET_LISTENING, SOCKET_DEAD, SOCKET_FAILED), -EBUSY);
        for (const SocketPort *p = nc->ports; p; p = p->next)
                n++;
        if (n > 0) {
                ports = calloc(n, sizeof(SocketPortRuntime));
                if (!ports)
                        return -ENOMEM;
        }
        /* Nothing can fail from here on. The listeners whose settings did not change move over with their fd
         * and event source. */
        n = 0;
        for (const SocketPort *p = nc->ports; p; p = p->next, n++) {
                ports[n] = (SocketPortRuntime) { .socket = s, .config = p, .lfd = LISTEN_FD_NULL };
                for (size_t j = 0; same_options && j < s->n_ports; j++) {
                        SocketPortRuntime *o = &s->ports[j];

                        if (o->lfd.fd < 0 || !socket_port_equal(o->config, p))
                                continue;
                        ports[n].lfd = o->lfd;
                        ports[n].io = TAKE_PTR(o->io);
                        ports[n].local = o->local;
                        ports[n].local_len = o->local_len;
                        ports[n].local_pretty = TAKE_PTR(o->local_pretty);
                        o->lfd = LISTEN_FD_NULL;
                        if (ports[n].io)
                                (void) sd_event_source_set_userdata(ports[n].io, &ports[n]);
                        n_kept++;
                        break;
                }
        }
        /* Symlinks= that change are removed (while they still point to our node) and made anew below. */
        if (s->symlink_target && (!strv_equal(oc->symlinks, nc->symlinks) ||
                                  !streq_ptr(s->symlink_target, socket_symlink_target(nc)))) {
                (void) socket_symlinks_remove(name_of(s), oc, s->symlink_target);
                s->symlink_target = mfree_ptr(s->symlink_target);
        }
        /* The others are closed first: a changed listener may take the same address. Their nodes go as on
         * a stop. A socket is shut down before it is closed: a child forked a moment ago and not yet
         * exec'd still has it open, and would keep its port bound. (No service holds them: the socket
         * listens.) */
        for (size_t j = 0; j < s->n_ports; j++) {
                SocketPortRuntime *o = &s->ports[j];

                o->io = sd_event_source_disable_unref(o->io);
                o->local_pretty = mfree_ptr(o->local_pretty);
                if (o->lfd.fd < 0)
                        continue;
                if (oc->remove_on_stop)
                        (void) socket_port_remove(name_of(s), o->config, &o->lfd);
                if (o->config->type == SOCKET_PORT_SOCKET)
                        (void) shutdown(o->lfd.fd, SHUT_RDWR);
                listen_fd_close(&o->lfd);
                n_closed++;
        }

        old = s->unit->config;
        socket_index_remove(s);
        s->unit->config = config;
        socket_index_add(s); /* Service= or Accept= may have changed */
        free(s->ports);
        s->ports = TAKE_PTR(ports);
        s->n_ports = n;
        *ret_old = old;

        if (s->state != SOCKET_LISTENING)
                return 0;
        if (n_closed == 0 && n_kept == n && !(nc->symlinks && !s->symlink_target)) {
                log_debug("%s: Listener settings unchanged, %zu listener(s) kept.", name_of(s), n_kept);
                return 0;
        }
        log_info("%s: Listener settings changed: %zu listener(s) kept, %zu closed, %zu opened.", name_of(s),
                 n_kept, n_closed, n - n_kept);
        /* On failure the socket fails, as when it starts (socket_open_ports() said why). */
        r = socket_open_ports(s);
        if (r < 0)
                return r;
        socket_set_state(s, SOCKET_LISTENING); /* watch the new listeners too */
        return 0;
}
