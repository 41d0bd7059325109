/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include "exec.h"
#include "exit-status.h"
#include "log.h"
#include "parse-util.h"
#include "service-unit.h"
#include "socket-unit.h"
#include "string-util.h"
#include "strv.h"

static const char *const service_state_table[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = "dead",
        [SERVICE_START] = "start",
        [SERVICE_RUNNING] = "running",
        [SERVICE_EXITED] = "exited",
        [SERVICE_STOP_SIGTERM] = "stop-sigterm",
        [SERVICE_STOP_SIGKILL] = "stop-sigkill",
        [SERVICE_AUTO_RESTART] = "auto-restart",
        [SERVICE_FAILED] = "failed",
};
DEFINE_STRING_TABLE_LOOKUP(service_state, ServiceState);

static const char *const service_result_table[_SERVICE_RESULT_MAX] = {
        [SERVICE_SUCCESS] = "success",
        [SERVICE_FAILURE_RESOURCES] = "resources",
        [SERVICE_FAILURE_EXIT_CODE] = "exit-code",
        [SERVICE_FAILURE_SIGNAL] = "signal",
        [SERVICE_FAILURE_CORE_DUMP] = "core-dump",
        [SERVICE_FAILURE_TIMEOUT] = "timeout",
        [SERVICE_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
        [SERVICE_FAILURE_LOAD] = "load",
        [SERVICE_FAILURE_WATCHDOG] = "watchdog",
};
DEFINE_STRING_TABLE_LOOKUP(service_result, ServiceResult);

static const char *name_of(const ServiceUnit *s) {
        return s->unit->name;
}

static const ServiceSection *config_of(const ServiceUnit *s) {
        return &s->unit->config->service;
}

static usec_t now_usec(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000;
}

int service_unit_new(Unit *u, ServiceUnit **ret) {
        ServiceUnit *s = calloc(1, sizeof(ServiceUnit));

        if (!s)
                return -ENOMEM;
        s->unit = u;
        s->log_fd = -EBADF;
        s->conn_fd = -EBADF;
        *ret = s;
        return 0;
}

static void service_close_log(ServiceUnit *s) {
        if (s->log_len > 0) {
                log_info("%s: %.*s", name_of(s), (int) s->log_len, s->log_buf);
                s->log_len = 0;
        }
        s->log_io = sd_event_source_disable_unref(s->log_io);
        s->log_fd = safe_close(s->log_fd);
}

ServiceUnit *service_unit_free(ServiceUnit *s) {
        if (!s)
                return NULL;
        s->child = sd_event_source_disable_unref(s->child);
        s->timer = sd_event_source_disable_unref(s->timer);
        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        free(s->status_text);
        service_close_log(s);
        s->conn_fd = safe_close(s->conn_fd);
        strv_free(s->extra_environment);
        free(s->per_source_key);
        free(s);
        return NULL;
}

bool service_unit_is_active(const ServiceUnit *s) {
        return IN_SET(s->state, SERVICE_START, SERVICE_RUNNING, SERVICE_EXITED, SERVICE_STOP_SIGTERM,
                      SERVICE_STOP_SIGKILL, SERVICE_AUTO_RESTART);
}

static void service_set_state(ServiceUnit *s, ServiceState state) {
        ServiceState old = s->state;

        s->state = state;
        if (!IN_SET(state, SERVICE_STOP_SIGTERM, SERVICE_STOP_SIGKILL, SERVICE_AUTO_RESTART, SERVICE_START))
                s->timer = sd_event_source_disable_unref(s->timer);
        if (old != state)
                log_debug("%s: changed %s -> %s", name_of(s), service_state_to_string(old),
                          service_state_to_string(state));
        /* The sockets that activate us watch their listeners again once we are gone. */
        if (!service_unit_is_active(s) && old != state)
                manager_service_finished(s->unit->manager, s);
}

static int service_arm_timer(ServiceUnit *s, usec_t usec, sd_event_time_handler_t handler);

/* ---- output of the service's processes, "to the daemon's log, each line prefixed with the unit name" ---- */

static int service_dispatch_log(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        ServiceUnit *s = userdata;

        for (unsigned round = 0; round < 16; round++) {
                ssize_t n = read(fd, s->log_buf + s->log_len, sizeof(s->log_buf) - 1 - s->log_len);
                char *nl;

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && errno == EAGAIN)
                        return 0;
                if (n <= 0) {
                        service_close_log(s);
                        return 0;
                }
                s->log_len += (size_t) n;
                while ((nl = memchr(s->log_buf, '\n', s->log_len))) {
                        size_t k = (size_t) (nl - s->log_buf);
                        log_info("%s: %.*s", name_of(s), (int) k, s->log_buf);
                        memmove(s->log_buf, nl + 1, s->log_len - k - 1);
                        s->log_len -= k + 1;
                }
                if (s->log_len == sizeof(s->log_buf) - 1) { /* an overlong line: emit it in pieces */
                        log_info("%s: %.*s", name_of(s), (int) s->log_len, s->log_buf);
                        s->log_len = 0;
                }
        }
        return 0;
}

static bool output_goes_to_log(ExecOutput o) {
        return IN_SET(o, EXEC_OUTPUT_JOURNAL, EXEC_OUTPUT_JOURNAL_AND_CONSOLE, EXEC_OUTPUT_SYSLOG,
                      EXEC_OUTPUT_SYSLOG_AND_CONSOLE, EXEC_OUTPUT_KMSG, EXEC_OUTPUT_KMSG_AND_CONSOLE);
}

/* ---- exit and restart ---- */

static bool service_should_restart(const ServiceUnit *s) {
        const ServiceSection *c = config_of(s);
        bool clean = s->result == SERVICE_SUCCESS;

        if (s->exit_code == CLD_EXITED && exit_status_set_test(&c->restart_prevent_status, CLD_EXITED, s->exit_status))
                return false;
        if (s->exit_code != CLD_EXITED && exit_status_set_test(&c->restart_prevent_status, CLD_KILLED, s->exit_status))
                return false;
        if (exit_status_set_test(&c->restart_force_status, s->exit_code == CLD_EXITED ? CLD_EXITED : CLD_KILLED,
                                 s->exit_status))
                return true;
        switch (c->restart) {
        case SERVICE_RESTART_NO:
                return false;
        case SERVICE_RESTART_ALWAYS:
                return true;
        case SERVICE_RESTART_ON_SUCCESS:
                return clean;
        case SERVICE_RESTART_ON_FAILURE:
                return !clean;
        case SERVICE_RESTART_ON_ABNORMAL:
                return IN_SET(s->result, SERVICE_FAILURE_SIGNAL, SERVICE_FAILURE_CORE_DUMP, SERVICE_FAILURE_TIMEOUT,
                              SERVICE_FAILURE_WATCHDOG);
        case SERVICE_RESTART_ON_WATCHDOG:
                return s->result == SERVICE_FAILURE_WATCHDOG;
        case SERVICE_RESTART_ON_ABORT:
                return IN_SET(s->result, SERVICE_FAILURE_SIGNAL, SERVICE_FAILURE_CORE_DUMP, SERVICE_FAILURE_WATCHDOG);
        default:
                return false;
        }
}

static int on_restart_timer(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;

        s->timer = sd_event_source_disable_unref(s->timer);
        s->n_restarts++;
        log_info("%s: Scheduled restart job, restart counter is at %u.", name_of(s), s->n_restarts);
        s->state = SERVICE_DEAD; /* start from scratch without telling the sockets we stopped */
        (void) service_unit_start(s);
        return 0;
}

static void service_enter_dead(ServiceUnit *s, ServiceResult result, bool allow_restart) {
        if (s->result == SERVICE_SUCCESS)
                s->result = result;
        s->main_pid = 0;
        s->child = sd_event_source_disable_unref(s->child);
        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        s->conn_fd = safe_close(s->conn_fd);
        s->stopping = false;

        if (allow_restart && !s->unit->manager->exiting && service_should_restart(s) &&
            service_arm_timer(s, config_of(s)->restart_sec, on_restart_timer) >= 0) {
                service_set_state(s, SERVICE_AUTO_RESTART);
                return;
        }
        if (s->result != SERVICE_SUCCESS)
                log_warning("%s: Failed with result '%s'.", name_of(s), service_result_to_string(s->result));
        service_set_state(s, s->result == SERVICE_SUCCESS ? SERVICE_DEAD : SERVICE_FAILED);
}

static int on_child_exit(sd_event_source *source, const siginfo_t *si, void *userdata) {
        ServiceUnit *s = userdata;
        const ServiceSection *c = config_of(s);
        ServiceResult result;
        bool success;

        s->exit_code = si->si_code;
        s->exit_status = si->si_status;
        s->child = sd_event_source_disable_unref(s->child);

        if (si->si_code == CLD_EXITED)
                success = si->si_status == 0 || exit_status_set_test(&c->success_status, CLD_EXITED, si->si_status);
        else
                success = exit_status_set_test(&c->success_status, CLD_KILLED, si->si_status) ||
                          (IN_SET(si->si_status, SIGHUP, SIGINT, SIGTERM, SIGPIPE) &&
                           IN_SET(s->state, SERVICE_STOP_SIGTERM, SERVICE_STOP_SIGKILL));
        result = success                        ? SERVICE_SUCCESS
                 : si->si_code == CLD_EXITED ? SERVICE_FAILURE_EXIT_CODE
                 : si->si_code == CLD_DUMPED ? SERVICE_FAILURE_CORE_DUMP
                                             : SERVICE_FAILURE_SIGNAL;

        if (si->si_code == CLD_EXITED)
                log_full(success ? LOG_DEBUG : LOG_NOTICE, "%s: Main process exited, code=exited, status=%i/%s",
                         name_of(s), si->si_status, strna(exit_status_to_string(si->si_status)));
        else
                log_full(success ? LOG_DEBUG : LOG_NOTICE, "%s: Main process exited, code=%s, status=%i/%s",
                         name_of(s), si->si_code == CLD_DUMPED ? "dumped" : "killed", si->si_status,
                         strna(sigabbrev_np(si->si_status)));

        switch (s->state) {
        case SERVICE_START: /* oneshot finished */
                if (success && c->remain_after_exit) {
                        s->main_pid = 0;
                        service_set_state(s, SERVICE_EXITED);
                } else
                        service_enter_dead(s, result, true);
                break;
        case SERVICE_RUNNING:
                service_enter_dead(s, result, true);
                break;
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                /* The rest of the process group is signalled once more before we forget about it. */
                if (c->kill.kill_mode == KILL_CONTROL_GROUP || c->kill.kill_mode == KILL_MIXED)
                        (void) kill(-si->si_pid, c->kill.final_kill_signal);
                service_enter_dead(s, SERVICE_SUCCESS, false);
                break;
        default:
                break;
        }
        return 0;
}

/* ---- timers ---- */

static int service_arm_timer(ServiceUnit *s, usec_t usec, sd_event_time_handler_t handler) {
        s->timer = sd_event_source_disable_unref(s->timer);
        if (usec == USEC_INFINITY)
                return 0;
        return sd_event_add_time_relative(s->unit->manager->event, &s->timer, CLOCK_MONOTONIC, usec, 0, handler, s);
}

static void service_signal(ServiceUnit *s, int sig, bool whole_group) {
        if (s->main_pid <= 0)
                return;
        /* Each process we start leads its own session and process group (setsid() in exec), so the group
         * stands for "the control group" where sockact has no cgroup of its own. */
        if (whole_group && kill(-s->main_pid, sig) >= 0)
                return;
        (void) kill(s->main_pid, sig);
}

static int on_stop_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;
        const KillContext *k = &config_of(s)->kill;

        s->timer = sd_event_source_disable_unref(s->timer);
        if (s->state == SERVICE_STOP_SIGTERM && k->send_sigkill) {
                log_warning("%s: State 'stop-sigterm' timed out. Killing.", name_of(s));
                s->result = SERVICE_FAILURE_TIMEOUT;
                service_signal(s, k->final_kill_signal, k->kill_mode != KILL_PROCESS);
                service_set_state(s, SERVICE_STOP_SIGKILL);
                (void) service_arm_timer(s, config_of(s)->timeout_stop, on_stop_timeout);
                return 0;
        }
        log_warning("%s: Processes still around after final SIGKILL. Giving up.", name_of(s));
        service_enter_dead(s, SERVICE_FAILURE_TIMEOUT, false);
        return 0;
}

static int on_start_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;

        s->timer = sd_event_source_disable_unref(s->timer);
        log_warning("%s: Start operation timed out. Terminating.", name_of(s));
        s->result = SERVICE_FAILURE_TIMEOUT;
        service_unit_stop(s);
        return 0;
}

void service_unit_stop(ServiceUnit *s) {
        const KillContext *k = &config_of(s)->kill;

        switch (s->state) {
        case SERVICE_START:
        case SERVICE_RUNNING:
                if (s->main_pid > 0 && k->kill_mode != KILL_NONE) {
                        service_signal(s, k->kill_signal, k->kill_mode == KILL_CONTROL_GROUP);
                        if (k->send_sighup)
                                service_signal(s, SIGHUP, k->kill_mode == KILL_CONTROL_GROUP);
                        service_set_state(s, SERVICE_STOP_SIGTERM);
                        (void) service_arm_timer(s, config_of(s)->timeout_stop, on_stop_timeout);
                        return;
                }
                service_enter_dead(s, SERVICE_SUCCESS, false);
                return;
        case SERVICE_EXITED:
        case SERVICE_AUTO_RESTART:
                service_enter_dead(s, SERVICE_SUCCESS, false);
                return;
        default:
                return;
        }
}

/* ---- start ---- */

static bool service_start_limit_ok(ServiceUnit *s) {
        const UnitSection *u = &s->unit->config->unit;
        usec_t now = now_usec();

        if (u->start_limit_interval == 0 || u->start_limit_burst == 0)
                return true;
        if (s->start_limit_count == 0 || now - s->start_limit_begin > u->start_limit_interval) {
                s->start_limit_begin = now;
                s->start_limit_count = 0;
        }
        return ++s->start_limit_count <= u->start_limit_burst;
}

static int service_spawn(ServiceUnit *s, const int *fds, size_t n_fds, char **fd_names) {
        const ServiceSection *c = config_of(s);
        Manager *m = s->unit->manager;
        _cleanup_close_ int log_read = -EBADF, log_write = -EBADF;
        ExecParameters p = {
                .unit = name_of(s),
                .fds = fds,
                .n_fds = n_fds,
                .fd_names = fd_names,
                .pass_listen_env = c->exec.std_input != EXEC_INPUT_SOCKET,
                .stdin_fd = s->conn_fd,
                .log_fd = -EBADF,
                .manager_environment = m->environment,
                .non_blocking = c->non_blocking,
                .runtime_dir_root = unit_loader_specifiers(m->loader)->runtime_dir,
                .state_dir_root = unit_loader_specifiers(m->loader)->state_dir,
                .cache_dir_root = unit_loader_specifiers(m->loader)->cache_dir,
                .logs_dir_root = unit_loader_specifiers(m->loader)->logs_dir,
                .config_dir_root = unit_loader_specifiers(m->loader)->config_dir,
                .apply_credentials = true,
        };
        _cleanup_strv_free_ char **env = strv_copy(s->extra_environment);
        pid_t pid;
        int r, pipefd[2];

        /* Every service may talk to us (NotifyAccess= decides whom we listen to). */
        if (m->notify_path && (strv_consume(&env, strjoin("NOTIFY_SOCKET=", m->notify_path)) < 0))
                return log_oom();
        p.extra_environment = env;

        if (output_goes_to_log(c->exec.std_output) || output_goes_to_log(c->exec.std_error)) {
                if (pipe2(pipefd, O_CLOEXEC) < 0)
                        return log_error_errno(errno, "%s: Failed to create output pipe: %m", name_of(s));
                log_read = pipefd[0];
                log_write = pipefd[1];
                p.log_fd = log_write;
        }
        r = exec_spawn(c->exec_start, &c->exec, &p, &pid);
        if (r < 0)
                return r;
        s->main_pid = pid;
        r = sd_event_add_child(m->event, &s->child, pid, WEXITED, on_child_exit, s);
        if (r < 0) {
                /* Cannot watch it: do not leave an unsupervised process behind. */
                (void) kill(-pid, SIGKILL);
                (void) kill(pid, SIGKILL);
                return log_error_errno(r, "%s: Failed to watch process %i: %m", name_of(s), (int) pid);
        }
        if (log_read >= 0) {
                (void) fcntl(log_read, F_SETFL, O_NONBLOCK);
                if (sd_event_add_io(m->event, &s->log_io, log_read, EPOLLIN, service_dispatch_log, s) >= 0) {
                        s->log_fd = TAKE_FD(log_read);
                        (void) sd_event_source_set_description(s->log_io, name_of(s));
                }
        }
        log_debug("%s: Started main process %i.", name_of(s), (int) pid);
        return 0;
}

static int service_start_common(ServiceUnit *s, const int *fds, size_t n_fds, char **fd_names) {
        const ServiceSection *c = config_of(s);
        int r;

        if (s->unit->config->load_error != 0) {
                log_error("%s: Unit failed to load: %s", name_of(s), strna(s->unit->config->load_error_reason));
                s->result = SERVICE_FAILURE_LOAD;
                service_set_state(s, SERVICE_FAILED);
                return -s->unit->config->load_error;
        }
        if (!c->exec_start) {
                log_error("%s: Service has no ExecStart=, refusing.", name_of(s));
                return -ENOEXEC;
        }
        if (!service_start_limit_ok(s)) {
                log_error("%s: Start request repeated too quickly.", name_of(s));
                s->result = SERVICE_FAILURE_START_LIMIT_HIT;
                service_set_state(s, SERVICE_FAILED);
                return -ECANCELED;
        }
        s->result = SERVICE_SUCCESS;
        r = service_spawn(s, fds, n_fds, fd_names);
        if (r < 0) {
                s->result = SERVICE_FAILURE_RESOURCES;
                service_set_state(s, SERVICE_FAILED);
                return r;
        }
        if (IN_SET(c->type, SERVICE_ONESHOT, SERVICE_NOTIFY)) {
                /* oneshot: until it exits; notify: until it sends READY=1 */
                service_set_state(s, SERVICE_START);
                (void) service_arm_timer(s, c->timeout_start, on_start_timeout);
        } else
                service_set_state(s, SERVICE_RUNNING);
        return 0;
}

static int on_watchdog_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;
        const KillContext *k = &config_of(s)->kill;

        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        log_error("%s: Watchdog timeout (limit %s)!", name_of(s), "WatchdogSec=");
        s->result = SERVICE_FAILURE_WATCHDOG;
        service_signal(s, k->watchdog_signal, false);
        service_unit_stop(s);
        return 0;
}

static void service_reset_watchdog(ServiceUnit *s) {
        usec_t w = s->watchdog_usec ? s->watchdog_usec : config_of(s)->watchdog;

        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        if (w == 0 || w == USEC_INFINITY || !service_unit_is_active(s))
                return;
        (void) sd_event_add_time_relative(s->unit->manager->event, &s->watchdog, CLOCK_MONOTONIC, w, 0,
                                          on_watchdog_timeout, s);
}

void service_unit_notify(ServiceUnit *s, pid_t sender, char **lines) {
        const ServiceSection *c = config_of(s);
        bool ready = false;

        STRV_FOREACH(l, lines) {
                const char *v;
                uint64_t u;
                int pid;

                if (streq(*l, "READY=1"))
                        ready = true;
                else if ((v = startswith(*l, "STATUS="))) {
                        if (free_and_strdup(&s->status_text, v) < 0)
                                log_oom();
                } else if ((v = startswith(*l, "MAINPID="))) {
                        if (safe_atoi(v, &pid) >= 0 && pid > 0 && (sender == s->main_pid || getuid() == 0)) {
                                /* only a process of ours may be named; it must be in the service's group */
                                if (getpgid(pid) == s->main_pid || pid == s->main_pid)
                                        log_debug("%s: MAINPID=%i noted (the original process is still tracked).",
                                                  name_of(s), pid);
                                else
                                        log_warning("%s: New main PID %i does not belong to service, refusing.",
                                                    name_of(s), pid);
                        }
                } else if (streq(*l, "STOPPING=1")) {
                        log_debug("%s: Service is stopping.", name_of(s));
                        s->stopping = true;
                } else if ((v = startswith(*l, "ERRNO=")) && safe_atoi(v, &pid) >= 0) {
                        s->status_errno = pid;
                } else if ((v = startswith(*l, "EXTEND_TIMEOUT_USEC=")) && safe_atou64(v, &u) >= 0) {
                        if (s->state == SERVICE_START || s->state == SERVICE_STOP_SIGTERM)
                                (void) service_arm_timer(s, u, s->state == SERVICE_START ? on_start_timeout
                                                                                           : on_stop_timeout);
                } else if (streq(*l, "WATCHDOG=1"))
                        service_reset_watchdog(s);
                else if (streq(*l, "WATCHDOG=trigger")) {
                        s->result = SERVICE_FAILURE_WATCHDOG;
                        service_unit_stop(s);
                        return;
                } else if ((v = startswith(*l, "WATCHDOG_USEC=")) && safe_atou64(v, &u) >= 0) {
                        s->watchdog_usec = u;
                        service_reset_watchdog(s);
                }
        }
        if (ready && s->state == SERVICE_START && c->type == SERVICE_NOTIFY) {
                service_set_state(s, SERVICE_RUNNING);
                service_reset_watchdog(s);
                log_debug("%s: Service is ready.", name_of(s));
        }
}

int service_unit_start(ServiceUnit *s) {
        _cleanup_free_ int *fds = NULL;
        _cleanup_strv_free_ char **names = NULL;
        size_t n_fds = 0;
        int r;

        if (service_unit_is_active(s) && s->state != SERVICE_AUTO_RESTART)
                return 0;
        r = manager_collect_fds(s->unit->manager, s, &fds, &names, &n_fds);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to collect the socket fds: %m", name_of(s));
        return service_start_common(s, fds, n_fds, names);
}

int service_unit_start_connection(ServiceUnit *s, SocketUnit *socket, int fd, char **extra_environment) {
        char *names[] = { (char *) "connection", NULL };
        int r;

        s->conn_fd = fd;
        s->accept_socket = socket;
        s->remove_when_dead = true;
        strv_free(s->extra_environment);
        s->extra_environment = extra_environment;
        if (config_of(s)->exec.std_input == EXEC_INPUT_SOCKET)
                r = service_start_common(s, NULL, 0, NULL);
        else
                r = service_start_common(s, &s->conn_fd, 1, names);
        /* the daemon's copy of the connection is not needed once the instance has it */
        s->conn_fd = safe_close(s->conn_fd);
        return r;
}
