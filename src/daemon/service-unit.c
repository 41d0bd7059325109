/* SPDX-License-Identifier: MIT */
#include <signal.h>
#include <sys/wait.h>

#include "condition.h"
#include "exec.h"
#include "exit-status.h"
#include "log.h"
#include "service-internal.h"
#include "socket-unit.h"
#include "string-util.h"
#include "strv.h"
#include "time-util.h"

static const char *const service_state_table[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = "dead",
        [SERVICE_CONDITION] = "condition",
        [SERVICE_START_PRE] = "start-pre",
        [SERVICE_START] = "start",
        [SERVICE_START_POST] = "start-post",
        [SERVICE_RUNNING] = "running",
        [SERVICE_RELOAD] = "reload",
        [SERVICE_EXITED] = "exited",
        [SERVICE_STOP] = "stop",
        [SERVICE_STOP_SIGTERM] = "stop-sigterm",
        [SERVICE_STOP_SIGKILL] = "stop-sigkill",
        [SERVICE_STOP_POST] = "stop-post",
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

const char *service_name_of(const ServiceUnit *s) {
        return s->unit->name;
}

const ServiceSection *service_config_of(const ServiceUnit *s) {
        return &s->unit->config->service;
}

int service_unit_new(Unit *u, ServiceUnit **ret) {
        ServiceUnit *s = calloc(1, sizeof(ServiceUnit));

        if (!s)
                return -ENOMEM;
        s->unit = u;
        s->log_fd = -EBADF;
        s->log_write_fd = -EBADF;
        s->conn_fd = -EBADF;
        *ret = s;
        return 0;
}

ServiceUnit *service_unit_free(ServiceUnit *s) {
        if (!s)
                return NULL;
        manager_unwatch_child(s->unit->manager, &s->main_watch);
        manager_unwatch_child(s->unit->manager, &s->control_watch);
        s->pid_file_retry = sd_event_source_disable_unref(s->pid_file_retry);
        s->timer = sd_event_source_disable_unref(s->timer);
        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        free(s->fds);
        strv_free(s->fd_names);
        service_fd_store_flush(s);
        free(s->status_text);
        service_close_log(s);
        s->conn_fd = safe_close(s->conn_fd);
        free(s->extra_environment);
        free(s->per_source_key);
        free(s->log_buf);
        free(s);
        return NULL;
}

bool service_unit_is_active(const ServiceUnit *s) {
        return IN_SET(s->state, SERVICE_CONDITION, SERVICE_START_PRE, SERVICE_START, SERVICE_START_POST, SERVICE_RUNNING,
                      SERVICE_RELOAD, SERVICE_EXITED, SERVICE_STOP, SERVICE_STOP_SIGTERM, SERVICE_STOP_SIGKILL, SERVICE_STOP_POST,
                      SERVICE_AUTO_RESTART);
}

void service_set_state(ServiceUnit *s, ServiceState state) {
        ServiceState old = s->state;

        s->state = state;
        /* Every state with a timeout arms it on entry; the others have none. */
        if (IN_SET(state, SERVICE_RUNNING, SERVICE_EXITED, SERVICE_DEAD, SERVICE_FAILED))
                s->timer = sd_event_source_disable_unref(s->timer);
        if (old != state) {
                log_debug("%s: changed %s -> %s", service_name_of(s), service_state_to_string(old),
                          service_state_to_string(state));
                unit_state_changed(s->unit);
        }
        /* The sockets that activate us watch their listeners again once we are gone. */
        if (!service_unit_is_active(s) && old != state)
                manager_service_finished(s->unit->manager, s);
}

/* ---- exit and restart ---- */

static void service_enter_dead(ServiceUnit *s, ServiceResult result, bool allow_restart) {
        if (s->result == SERVICE_SUCCESS)
                s->result = result;
        manager_unwatch_child(s->unit->manager, &s->main_watch);
        manager_unwatch_child(s->unit->manager, &s->control_watch);
        s->main_pid = 0;
        s->main_group = 0;
        s->pending_main_pid = 0;
        s->control_pid = 0;
        s->control_command = s->main_command = NULL;
        s->pid_file_retry = sd_event_source_disable_unref(s->pid_file_retry);
        s->untracked = false;
        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        s->conn_fd = safe_close(s->conn_fd);
        s->log_write_fd = safe_close(s->log_write_fd); /* the read end drains and closes on EOF */
        s->stopping = false;
        s->fds = mfree_ptr(s->fds);
        s->n_fds = 0;
        s->fd_names = strv_free(s->fd_names);

        if (allow_restart && !s->unit->manager->exiting && service_should_restart(s) &&
            service_arm_timer(s, service_config_of(s)->restart_sec, service_on_restart_timer) >= 0) {
                service_remove_runtime_directories(s, true);
                service_set_state(s, SERVICE_AUTO_RESTART);
                return;
        }
        service_remove_runtime_directories(s, false);
        service_fd_store_flush(s); /* released when the service really stops; kept across a restart */
        if (s->result != SERVICE_SUCCESS)
                log_warning("%s: Failed with result '%s'.",
                            service_name_of(s), service_result_to_string(s->result));
        service_set_state(s, s->result == SERVICE_SUCCESS ? SERVICE_DEAD : SERVICE_FAILED);
}

/* ---- timers and signals ---- */

int service_arm_timer(ServiceUnit *s, usec_t usec, sd_event_time_handler_t handler) {
        s->timer = sd_event_source_disable_unref(s->timer);
        if (usec == USEC_INFINITY)
                return 0;
        return sd_event_add_time_relative(s->unit->manager->event, &s->timer, CLOCK_MONOTONIC, usec, 0, handler, s);
}

static void signal_pid(pid_t pid, int sig, bool whole_group) {
        if (pid <= 0)
                return;
        /* Each process we start leads its own session and process group (setsid() in exec), so the group
         * stands for "the control group" where sockact has no cgroup of its own. */
        if (whole_group && kill(-pid, sig) >= 0)
                return;
        (void) kill(pid, sig);
}

void service_signal(ServiceUnit *s, int sig, bool whole_group) {
        /* A main process named by MAINPID= or a PID file may not lead a group: the group of the process we
         * started is signalled too, and the main process itself unless it is in that group. */
        if (whole_group && s->main_pid > 0 && s->main_group > 0 && s->main_group != s->main_pid) {
                (void) kill(-s->main_group, sig);
                if (getpgid(s->main_pid) == s->main_group)
                        return;
        }
        signal_pid(s->main_pid, sig, whole_group);
}

/* How a process ended, as systemd 252's is_clean_exit(): exit status 0 is clean; SIGHUP, SIGINT, SIGTERM and
 * SIGPIPE are clean for the main process of a service that is not Type=oneshot (a daemon without handlers for
 * them), whoever sent them; SuccessExitStatus= applies to the main process only. */
static ServiceResult result_of(const ServiceUnit *s, const siginfo_t *si, bool main, bool *ret_success) {
        const ServiceSection *c = service_config_of(s);
        const ExitStatusSet *extra = main ? &c->success_status : NULL;
        bool success;

        if (si->si_code == CLD_EXITED)
                success = si->si_status == 0 ||
                          (extra && exit_status_set_test(extra, CLD_EXITED, si->si_status));
        else
                success = (extra && exit_status_set_test(extra, CLD_KILLED, si->si_status)) ||
                          (main && c->type != SERVICE_ONESHOT &&
                           IN_SET(si->si_status, SIGHUP, SIGINT, SIGTERM, SIGPIPE));
        *ret_success = success;
        return success                      ? SERVICE_SUCCESS
               : si->si_code == CLD_EXITED ? SERVICE_FAILURE_EXIT_CODE
               : si->si_code == CLD_DUMPED ? SERVICE_FAILURE_CORE_DUMP
                                           : SERVICE_FAILURE_SIGNAL;
}

static void log_exit(const ServiceUnit *s, const char *what, const siginfo_t *si, bool success) {
        if (si->si_code == CLD_EXITED)
                log_full(success ? LOG_DEBUG : LOG_NOTICE, "%s: %s exited, code=exited, status=%i/%s", service_name_of(s),
                         what, si->si_status, strna(exit_status_to_string(si->si_status)));
        else
                log_full(success ? LOG_DEBUG : LOG_NOTICE, "%s: %s exited, code=%s, status=%i/%s", service_name_of(s), what,
                         si->si_code == CLD_DUMPED ? "dumped" : "killed", si->si_status,
                         strna(sigabbrev_np(si->si_status)));
}

static void service_record(ServiceUnit *s, ServiceResult r) {
        if (s->result == SERVICE_SUCCESS)
                s->result = r;
}

/* ---- the state machine: start-pre -> start -> start-post -> running -> stop -> stop-sigterm ->
 * stop-sigkill -> stop-post -> dead (or failed, auto-restart) ---- */

static int service_spawn(ServiceUnit *s, const ExecCommand *cmd, bool control, const int *fds, size_t n_fds,
                         char **fd_names, pid_t *ret_pid);
static void service_enter_start(ServiceUnit *s);
static void service_enter_start_pre(ServiceUnit *s);
static void service_enter_stop(ServiceUnit *s, ServiceResult r);
static void service_enter_stop_post(ServiceUnit *s, ServiceResult r);

static void on_control_exit(const siginfo_t *si, void *userdata);

/* Run cmd (and, when it succeeds, the rest of its list) as the control process of the current state. */
static int service_run_control(ServiceUnit *s, const ExecCommand *cmd) {
        pid_t pid;
        int r;

        s->control_command = cmd;
        r = service_spawn(s, cmd, true, NULL, 0, NULL, &pid);
        if (r < 0)
                return r;
        s->control_pid = pid;
        r = manager_watch_child(s->unit->manager, &s->control_watch, pid, on_control_exit, s);
        if (r < 0) {
                signal_pid(pid, SIGKILL, true);
                s->control_pid = 0;
                return log_error_errno(r, "%s: Failed to watch control process %i: %m", service_name_of(s), (int) pid);
        }
        return 0;
}

static void on_control_exit(const siginfo_t *si, void *userdata) {
        ServiceUnit *s = userdata;
        const ExecCommand *cmd = s->control_command;
        bool success;
        ServiceResult r = result_of(s, si, false, &success);

        s->control_pid = 0;
        if (!success && cmd && (cmd->flags & EXEC_COMMAND_IGNORE_FAILURE)) {
                success = true;
                r = SERVICE_SUCCESS;
        }
        log_exit(s, "Control process", si, success);

        if (success && cmd && cmd->next) {
                if (service_run_control(s, cmd->next) >= 0)
                        return;
                success = false;
                r = SERVICE_FAILURE_RESOURCES;
        }
        s->control_command = NULL;

        switch (s->state) {
        case SERVICE_CONDITION:
                if (success)
                        service_enter_start_pre(s);
                else if (si->si_code == CLD_EXITED && si->si_status >= 1 && si->si_status <= 254) {
                        log_info("%s: Skipped due to 'exec-condition'.", service_name_of(s));
                        s->result = SERVICE_SUCCESS;
                        service_enter_dead(s, SERVICE_SUCCESS, false);
                } else
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, r);
                break;
        case SERVICE_START_PRE:
                if (success)
                        service_enter_start(s);
                else
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, r);
                break;
        case SERVICE_START_POST:
                if (success)
                        service_enter_running(s);
                else
                        service_enter_stop(s, r);
                break;
        case SERVICE_RELOAD:
                /* a failed reload leaves the service running, as in systemd; a main process that exited
                 * meanwhile stops it now */
                if (!success) {
                        log_warning("%s: Reload failed.", service_name_of(s));
                        s->reload_result = r;
                }
                service_enter_running(s);
                break;
        case SERVICE_STOP:
                service_enter_signal(s, SERVICE_STOP_SIGTERM, r);
                break;
        case SERVICE_STOP_POST:
                service_enter_dead(s, r, true);
                break;
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                if (s->main_pid <= 0)
                        service_enter_stop_post(s, SERVICE_SUCCESS);
                break;
        default:
                break;
        }
}

int service_set_main_pid(ServiceUnit *s, pid_t pid) {
        int r = manager_watch_child(s->unit->manager, &s->main_watch, pid, service_on_child_exit, s);

        if (r < 0)
                return log_error_errno(r, "%s: Failed to watch main PID %i: %m", service_name_of(s),
                                       (int) pid);
        s->main_pid = pid;
        s->pending_main_pid = 0;
        log_debug("%s: Supervising process %i.", service_name_of(s), (int) pid);
        return 0;
}

void service_on_child_exit(const siginfo_t *si, void *userdata) {
        ServiceUnit *s = userdata;
        const ServiceSection *c = service_config_of(s);
        bool success;
        ServiceResult result = result_of(s, si, true, &success);

        s->exit_code = si->si_code;
        s->exit_status = si->si_status;
        s->exec_main_exit_timestamp = now_realtime_usec();
        log_exit(s, "Main process", si, success);
        s->main_pid = 0;
        /* MAINPID= named another process of the service, which is ours now that its parent exited: it is the
         * main process from now on, as systemd takes it over */
        if (s->pending_main_pid > 0) {
                pid_t next = s->pending_main_pid;

                s->pending_main_pid = 0;

                if (service_parent_of(next) == getpid() && service_set_main_pid(s, next) >= 0)
                        return;
        }
        /* the main process leads its own group (setsid() in exec), or belongs to it (MAINPID=): see
         * service_enter_signal() */
        s->exited_group = s->main_group > 0 ? s->main_group : si->si_pid;
        s->main_exited = true;

        switch (s->state) {
        case SERVICE_START:
                if (c->type == SERVICE_ONESHOT && success && s->main_command && s->main_command->next) {
                        /* Type=oneshot: the ExecStart= lines run one after the other */
                        pid_t pid;
                        s->main_command = s->main_command->next;
                        if (service_spawn(s, s->main_command, false, NULL, 0, NULL, &pid) >= 0) {
                                if (manager_watch_child(s->unit->manager, &s->main_watch, pid,
                                                        service_on_child_exit, s) >= 0) {
                                        s->main_pid = s->main_group = pid;
                                        break;
                                }
                                signal_pid(pid, SIGKILL, true); /* not left unsupervised */
                        }
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        break;
                }
                if (success && c->type == SERVICE_ONESHOT)
                        service_enter_start_post(s);
                else if (success && c->type == SERVICE_FORKING) {
                        s->start_session = si->si_pid; /* it led the session its daemon still belongs to */
                        service_forking_started(s);
                }
                else if (success) /* notify: exited before READY=1 */
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_EXIT_CODE);
                else
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, result);
                break;
        case SERVICE_START_POST:
                service_record(s, result); /* the post commands finish first */
                break;
        case SERVICE_RUNNING:
                service_enter_stop(s, result);
                break;
        case SERVICE_RELOAD:
                /* ExecReload= finishes first; RELOADING=1 without a control process stops now */
                if (s->control_pid > 0)
                        service_record(s, result);
                else
                        service_enter_stop(s, result);
                break;
        case SERVICE_STOP:
                service_record(s, result);
                break;
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                /* The rest of the process group is signalled once more before we forget about it. */
                if (c->kill.kill_mode == KILL_CONTROL_GROUP || c->kill.kill_mode == KILL_MIXED)
                        (void) kill(-si->si_pid, c->kill.final_kill_signal);
                if (s->control_pid <= 0)
                        service_enter_stop_post(s, SERVICE_SUCCESS);
                break;
        default:
                break;
        }
        s->exited_group = 0;
}

/* ExecCondition=: exit 0 goes on, 1..254 skips the start cleanly (no failure), 255 or a signal fails. */
static void service_enter_condition(ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);

        if (!c->exec_condition) {
                service_enter_start_pre(s);
                return;
        }
        service_set_state(s, SERVICE_CONDITION);
        (void) service_arm_timer(s, c->timeout_start, service_on_start_timeout);
        if (service_run_control(s, c->exec_condition) < 0)
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
}

static void service_enter_start_pre(ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);

        if (!c->exec_start_pre) {
                service_enter_start(s);
                return;
        }
        service_set_state(s, SERVICE_START_PRE);
        (void) service_arm_timer(s, c->timeout_start, service_on_start_timeout);
        if (service_run_control(s, c->exec_start_pre) < 0)
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
}

static void service_enter_start(ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);
        Manager *m = s->unit->manager;
        pid_t pid;
        int r;

        s->main_command = c->exec_start;
        /* the listeners first, then the stored fds (sd_listen_fds(3): fd-store fds come last) */
        if (s->n_fd_store > 0) {
                int *all = reallocarray(s->fds, s->n_fds + s->n_fd_store, sizeof(int));
                if (!all) {
                        log_oom();
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                s->fds = all;
                for (size_t i = 0; i < s->n_fd_store; i++) {
                        s->fds[s->n_fds++] = s->fd_store[i].fd;
                        if (strv_extend(&s->fd_names, s->fd_store[i].name) < 0)
                                log_oom();
                }
        }
        r = service_spawn(s, c->exec_start, false, s->fds, s->n_fds, s->fd_names, &pid);
        if (r >= 0) {
                r = manager_watch_child(m, &s->main_watch, pid, service_on_child_exit, s);
                if (r < 0) {
                        /* cannot watch it: do not leave an unsupervised process behind */
                        signal_pid(pid, SIGKILL, true);
                        log_error_errno(r, "%s: Failed to watch process %i: %m",
                                        service_name_of(s), (int) pid);
                }
        }
        if (r < 0) {
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                return;
        }
        s->main_pid = s->main_group = pid;
        s->exec_main_start_timestamp = now_realtime_usec();
        s->exec_main_exit_timestamp = 0;
        log_debug("%s: Started main process %i.", service_name_of(s), (int) pid);
        if (s->accept_socket) /* the instance has the connection now; our copy would keep it open */
                s->conn_fd = safe_close(s->conn_fd);
        if (IN_SET(c->type, SERVICE_ONESHOT, SERVICE_NOTIFY, SERVICE_FORKING)) {
                /* oneshot: until it exits; notify: until it sends READY=1; forking: until the parent exits */
                service_set_state(s, SERVICE_START);
                (void) service_arm_timer(s, c->timeout_start, service_on_start_timeout);
        } else
                service_enter_start_post(s);
}

void service_enter_start_post(ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);

        if (!c->exec_start_post) {
                service_enter_running(s);
                return;
        }
        service_set_state(s, SERVICE_START_POST);
        (void) service_arm_timer(s, c->timeout_start, service_on_start_timeout);
        if (service_run_control(s, c->exec_start_post) < 0)
                service_enter_stop(s, SERVICE_FAILURE_RESOURCES);
}

void service_enter_running(ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);

        if (s->main_pid > 0 || s->untracked) {
                service_set_state(s, SERVICE_RUNNING);
                return;
        }
        if (s->result == SERVICE_SUCCESS && c->remain_after_exit) {
                service_set_state(s, SERVICE_EXITED);
                return;
        }
        /* the main process is gone already (oneshot, or a service that exited during start-post) */
        service_enter_stop(s, SERVICE_SUCCESS);
}

static void service_enter_stop(ServiceUnit *s, ServiceResult r) {
        const ServiceSection *c = service_config_of(s);

        service_record(s, r);
        if (!c->exec_stop) {
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
                return;
        }
        service_set_state(s, SERVICE_STOP);
        (void) service_arm_timer(s, c->timeout_stop, service_on_stop_timeout);
        if (service_run_control(s, c->exec_stop) < 0)
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
}

void service_enter_signal(ServiceUnit *s, ServiceState state, ServiceResult r) {
        const KillContext *k = &service_config_of(s)->kill;
        bool group = k->kill_mode == KILL_CONTROL_GROUP;
        int sig = state == SERVICE_STOP_SIGTERM ? k->kill_signal : k->final_kill_signal;

        service_record(s, r);
        if (k->kill_mode != KILL_NONE && (s->main_pid > 0 || s->control_pid > 0)) {
                service_signal(s, sig, state == SERVICE_STOP_SIGKILL ? k->kill_mode != KILL_PROCESS : group);
                signal_pid(s->control_pid, sig, true);
                if (state == SERVICE_STOP_SIGTERM && k->send_sighup)
                        service_signal(s, SIGHUP, group);
                service_set_state(s, state);
                (void) service_arm_timer(s, service_config_of(s)->timeout_stop, service_on_stop_timeout);
                return;
        }
        /* What the main process left in its process group is stopped with the service, as systemd stops the
         * rest of the control group, at once and not waited for (the group is not watched): when the main
         * process exited just now (this is its exit being handled), or earlier (ExecStop= ran since, or
         * RemainAfterExit=) if a process in the group is our child, re-parented to us: either keeps the
         * group's number from being a new process's. */
        if (group || k->kill_mode == KILL_MIXED) {
                pid_t g = s->exited_group;
                int gsig = group ? sig : k->final_kill_signal;

                if (g <= 0 && s->main_pid <= 0 && s->main_group > 0 &&
                    service_group_has_our_child(s->main_group))
                        g = s->main_group;

                if (g > 0 && kill(-g, gsig) >= 0 && !IN_SET(gsig, SIGKILL, SIGCONT))
                        (void) kill(-g, SIGCONT);
                s->exited_group = 0;
        }
        service_enter_stop_post(s, SERVICE_SUCCESS);
}

static void service_enter_stop_post(ServiceUnit *s, ServiceResult r) {
        const ServiceSection *c = service_config_of(s);

        service_record(s, r);
        if (!c->exec_stop_post) {
                service_enter_dead(s, SERVICE_SUCCESS, !s->stop_requested);
                return;
        }
        service_set_state(s, SERVICE_STOP_POST);
        (void) service_arm_timer(s, c->timeout_stop, service_on_stop_timeout);
        if (service_run_control(s, c->exec_stop_post) < 0)
                service_enter_dead(s, SERVICE_FAILURE_RESOURCES, !s->stop_requested);
}

int service_on_stop_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;
        const KillContext *k = &service_config_of(s)->kill;

        s->timer = sd_event_source_disable_unref(s->timer);
        switch (s->state) {
        case SERVICE_STOP:
                log_warning("%s: Stopping timed out. Terminating.", service_name_of(s));
                signal_pid(s->control_pid, k->kill_signal, true);
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_SIGTERM:
                if (k->send_sigkill) {
                        log_warning("%s: State 'stop-sigterm' timed out. Killing.", service_name_of(s));
                        service_enter_signal(s, SERVICE_STOP_SIGKILL, SERVICE_FAILURE_TIMEOUT);
                        break;
                }
                _fallthrough_;
        case SERVICE_STOP_SIGKILL:
                log_warning("%s: Processes still around after final SIGKILL. Giving up.",
                            service_name_of(s));
                manager_unwatch_child(s->unit->manager, &s->control_watch);
                s->control_pid = 0;
                service_enter_stop_post(s, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_POST:
                log_warning("%s: State 'stop-post' timed out. Killing.", service_name_of(s));
                signal_pid(s->control_pid, k->final_kill_signal, true);
                manager_unwatch_child(s->unit->manager, &s->control_watch);
                s->control_pid = 0;
                service_enter_dead(s, SERVICE_FAILURE_TIMEOUT, !s->stop_requested);
                break;
        default:
                break;
        }
        return 0;
}

int service_on_start_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;

        s->timer = sd_event_source_disable_unref(s->timer);
        log_warning("%s: Start operation timed out. Terminating.", service_name_of(s));
        /* systemd skips ExecStop= after a start timeout */
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_TIMEOUT);
        return 0;
}

int service_on_reload_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;

        s->timer = sd_event_source_disable_unref(s->timer);
        if (s->control_pid > 0) {
                /* its exit brings us back to running */
                log_warning("%s: Reload operation timed out. Killing reload process.", service_name_of(s));
                s->reload_result = SERVICE_FAILURE_TIMEOUT;
                signal_pid(s->control_pid, SIGKILL, true);
        } else {
                log_warning("%s: Reload operation timed out.", service_name_of(s));
                s->reload_result = SERVICE_FAILURE_TIMEOUT;
                service_enter_running(s);
        }
        return 0;
}

/* The reload's control process is abandoned (killed; the reaper collects it) when a stop interrupts it. */
static void service_abandon_control(ServiceUnit *s) {
        if (s->control_pid <= 0)
                return;
        signal_pid(s->control_pid, SIGKILL, true);
        manager_unwatch_child(s->unit->manager, &s->control_watch); /* reaped as any other child */
        s->control_pid = 0;
        s->control_command = NULL;
}

int service_unit_reload(ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);
        int r;

        if (!c->exec_reload)
                return -ENOEXEC;
        if (s->state != SERVICE_RUNNING)
                return -EBUSY;
        s->reload_result = SERVICE_SUCCESS;
        service_set_state(s, SERVICE_RELOAD);
        (void) service_arm_timer(s, c->timeout_start, service_on_reload_timeout);
        r = service_run_control(s, c->exec_reload);
        if (r < 0) {
                log_warning_errno(r, "%s: Failed to run ExecReload=: %m", service_name_of(s));
                s->reload_result = SERVICE_FAILURE_RESOURCES;
                service_enter_running(s);
        }
        return 0;
}

void service_unit_stop(ServiceUnit *s) {
        s->stop_requested = true;
        switch (s->state) {
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
        case SERVICE_START_POST:
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
                return;
        case SERVICE_RELOAD:
                service_abandon_control(s);
                _fallthrough_;
        case SERVICE_RUNNING:
        case SERVICE_EXITED:
                service_enter_stop(s, SERVICE_SUCCESS);
                return;
        case SERVICE_AUTO_RESTART:
                /* as systemd: the restart is called off and the unit is inactive, its result kept */
                service_remove_runtime_directories(s, false);
                service_fd_store_flush(s);
                service_set_state(s, SERVICE_DEAD);
                return;
        default:
                return;
        }
}

void service_unit_reset_failed(ServiceUnit *s) {
        if (s->state == SERVICE_FAILED) {
                /* not through service_set_state(): the sockets and the registry heard of the stop already */
                s->state = SERVICE_DEAD;
                log_debug("%s: changed failed -> dead", service_name_of(s));
                unit_state_changed(s->unit);
        }
        s->result = SERVICE_SUCCESS;
        s->n_restarts = 0;
        s->start_limit_count = 0;
}

/* ---- start ---- */

static int service_spawn(ServiceUnit *s, const ExecCommand *cmd, bool control, const int *fds, size_t n_fds,
                         char **fd_names, pid_t *ret_pid) {
        const ServiceSection *c = service_config_of(s);
        Manager *m = s->unit->manager;
        _cleanup_close_ int log_read = -EBADF, log_write = -EBADF;
        ExecParameters p = {
                .unit = service_name_of(s),
                /* control processes get no listeners (systemd 252 has no PassFileDescriptorsToExec=) */
                .fds = control ? NULL : fds,
                .n_fds = control ? 0 : n_fds,
                .fd_names = control ? NULL : fd_names,
                .pass_listen_env = !control && c->exec.std_input != EXEC_INPUT_SOCKET,
                /* the main process only; a WATCHDOG_USEC= from the last run is its own */
                .watchdog_usec = control ? 0 : c->watchdog,
                .stdin_fd = s->conn_fd,
                .stdin_fd_blocking = s->conn_fd >= 0, /* Accept=yes connections are accepted so */
                .log_fd = -EBADF,
                .manager_environment = m->environment,
                .manager_environment_index = m->environment_index,
                .default_rlimits = m->default_rlimit,
                .signals = &m->signals,
                .non_blocking = c->non_blocking,
                .runtime_dir_root = unit_loader_specifiers(m->loader)->runtime_dir,
                .state_dir_root = unit_loader_specifiers(m->loader)->state_dir,
                .cache_dir_root = unit_loader_specifiers(m->loader)->cache_dir,
                .logs_dir_root = unit_loader_specifiers(m->loader)->logs_dir,
                .config_dir_root = unit_loader_specifiers(m->loader)->config_dir,
                .apply_credentials = !(control && c->permissions_start_only),
        };
        /* the service's own assignments, NOTIFY_SOCKET, INVOCATION_ID, MAINPID and what ExecStop= and
         * ExecStopPost= learn of the service's end: borrowed or on the stack, not copied */
        size_t n_extra = strv_length(s->extra_environment), k = n_extra;
        _cleanup_free_ char **env = malloc((n_extra + 7) * sizeof(char *));
        char mainpid[sizeof("MAINPID=") + DECIMAL_STR_MAX_U64], buf[DECIMAL_STR_MAX_U64];
        char result[64], exit_code[32], exit_status[32];
        pid_t pid;
        int r;

        if (!env)
                return log_oom();
        if (n_extra > 0)
                memcpy(env, s->extra_environment, n_extra * sizeof(char *));
        /* Every service may talk to us (NotifyAccess= decides whom we listen to). */
        if (m->notify_env)
                env[k++] = m->notify_env;
        if (s->invocation_env[0])
                env[k++] = s->invocation_env;
        if (control && s->main_pid > 0) {
                stpcpy(stpcpy(mainpid, "MAINPID="), format_u64(buf, (uint64_t) s->main_pid));
                env[k++] = mainpid;
        }
        if (control &&
            IN_SET(s->state, SERVICE_STOP, SERVICE_STOP_SIGTERM, SERVICE_STOP_SIGKILL, SERVICE_STOP_POST)) {
                (void) snprintf(result, sizeof(result), "SERVICE_RESULT=%s",
                                service_result_to_string(s->result));
                env[k++] = result;
                if (s->main_exited) {
                        bool exited = s->exit_code == CLD_EXITED;
                        const char *sig = exited ? NULL : sigabbrev_np(s->exit_status);

                        (void) snprintf(exit_code, sizeof(exit_code), "EXIT_CODE=%s",
                                        exited ? "exited" : s->exit_code == CLD_DUMPED ? "dumped" : "killed");
                        if (exited)
                                (void) snprintf(exit_status, sizeof(exit_status), "EXIT_STATUS=%i", s->exit_status);
                        else if (sig)
                                (void) snprintf(exit_status, sizeof(exit_status), "EXIT_STATUS=%s", sig);
                        else
                                (void) snprintf(exit_status, sizeof(exit_status), "EXIT_STATUS=%i", s->exit_status);
                        env[k++] = exit_code;
                        env[k++] = exit_status;
                }
        }
        env[k] = NULL;
        p.extra_environment = env;

        r = service_output_open(s, &log_read, &log_write);
        if (r < 0)
                return r;
        /* all processes of the service share one output pipe: its write end is kept in log_write_fd */
        p.log_fd = log_write >= 0 ? log_write : s->log_write_fd;
        r = exec_spawn(cmd, &c->exec, &p, &pid);
        if (r < 0)
                return r;
        if (log_read >= 0)
                service_output_watch(s, TAKE_FD(log_read), TAKE_FD(log_write));
        *ret_pid = pid;
        return 0;
}

static int service_start_common(ServiceUnit *s, const int *fds, size_t n_fds, char **fd_names) {
        const ServiceSection *c = service_config_of(s);

        if (s->unit->config->load_error != 0) {
                log_error("%s: Unit failed to load: %s", service_name_of(s), strna(s->unit->config->load_error_reason));
                s->result = SERVICE_FAILURE_LOAD;
                service_set_state(s, SERVICE_FAILED);
                return -s->unit->config->load_error;
        }
        if (!c->exec_start) {
                log_error("%s: Service has no ExecStart=, refusing.", service_name_of(s));
                return -ENOEXEC;
        }
        /* Condition*= skip the start (the unit is not failed), Assert*= refuse it; both before the start limit. */
        if (!condition_test_list(s->unit->config->unit.conditions, service_name_of(s), s->unit->manager->environment, NULL)) {
                log_info("%s: Condition check resulted in %s being skipped.",
                         service_name_of(s), service_name_of(s));
                s->result = SERVICE_SUCCESS;
                return 0;
        }
        if (!assert_test_list(s->unit->config->unit.asserts, service_name_of(s), s->unit->manager->environment, NULL)) {
                log_error("%s: Assertion failed, refusing to start.", service_name_of(s));
                return -EPROTO;
        }
        if (!service_start_limit_ok(s)) {
                log_error("%s: Start request repeated too quickly.", service_name_of(s));
                s->result = SERVICE_FAILURE_START_LIMIT_HIT;
                service_set_state(s, SERVICE_FAILED);
                return -ECANCELED;
        }
        s->result = SERVICE_SUCCESS;
        s->stop_requested = false;
        s->main_exited = false;
        s->pending_main_pid = 0;
        memcpy(s->invocation_env, "INVOCATION_ID=", strlen("INVOCATION_ID="));
        manager_invocation_id(s->unit->manager, s->invocation_env + strlen("INVOCATION_ID="));
        /* the listeners are kept for the whole start sequence; the socket units own them */
        free(s->fds);
        s->fds = NULL;
        s->n_fds = 0;
        s->fd_names = strv_free(s->fd_names);
        if (n_fds > 0) {
                s->fds = malloc(n_fds * sizeof(int));
                s->fd_names = strv_copy(fd_names);
                if (!s->fds || (fd_names && !s->fd_names))
                        return log_oom();
                memcpy(s->fds, fds, n_fds * sizeof(int));
                s->n_fds = n_fds;
        }
        service_enter_condition(s);
        return service_unit_is_active(s) || s->result == SERVICE_SUCCESS ? 0 : -ECHILD;
}

int service_unit_start(ServiceUnit *s) {
        _cleanup_free_ int *fds = NULL;
        _cleanup_strv_free_ char **names = NULL;
        size_t n_fds = 0;
        int r;

        if (service_unit_is_active(s) && s->state != SERVICE_AUTO_RESTART)
                return 0;
        manager_unit_apply_pending(s->unit); /* what a reload read while the service ran */
        r = manager_collect_fds(s->unit->manager, s, &fds, &names, &n_fds);
        if (r < 0)
                return log_error_errno(r, "%s: Failed to collect the socket fds: %m", service_name_of(s));
        return service_start_common(s, fds, n_fds, names);
}

int service_unit_start_connection(ServiceUnit *s, SocketUnit *socket, int fd, char **extra_environment) {
        char *names[] = { (char *) "connection", NULL };
        int r;

        s->conn_fd = fd;
        s->accept_socket = socket;
        s->remove_when_dead = true;
        free(s->extra_environment);
        s->extra_environment = extra_environment;
        if (service_config_of(s)->exec.std_input == EXEC_INPUT_SOCKET)
                r = service_start_common(s, NULL, 0, NULL);
        else
                r = service_start_common(s, &s->conn_fd, 1, names);
        return r;
}
