/* SPDX-License-Identifier: MIT */
#pragma once

/* What the parts of the service unit share, and nothing else uses: service-unit.c runs the state machine,
 * service-forking.c finds the main process of a Type=forking service, service-fdstore.c keeps the fd store,
 * service-notify.c handles the notifications and the watchdog, service-output.c carries the output of the
 * service's processes to the daemon's log, service-restart.c decides on restarts and keeps the start
 * limit. */

#include "service-unit.h"

/* ---- service-unit.c ---- */

const char *service_name_of(const ServiceUnit *s);
const ServiceSection *service_config_of(const ServiceUnit *s);
void service_on_child_exit(const siginfo_t *si, void *userdata);
void service_enter_start_post(ServiceUnit *s);
void service_enter_signal(ServiceUnit *s, ServiceState state, ServiceResult r);
void service_enter_running(ServiceUnit *s);
void service_set_state(ServiceUnit *s, ServiceState state);
/* (Re)arm the timeout of the current state; USEC_INFINITY: none. */
int service_arm_timer(ServiceUnit *s, usec_t usec, sd_event_time_handler_t handler);
int service_on_start_timeout(sd_event_source *source, uint64_t usec, void *userdata);
int service_on_stop_timeout(sd_event_source *source, uint64_t usec, void *userdata);
int service_on_reload_timeout(sd_event_source *source, uint64_t usec, void *userdata);
/* Signal the main process (and its process group with whole_group). */
void service_signal(ServiceUnit *s, int sig, bool whole_group);

/* ---- service-forking.c ---- */

/* After the start command of a Type=forking service exited successfully. */
void service_forking_started(ServiceUnit *s);
/* The parent of a process (from /proc), or -errno. */
pid_t service_parent_of(pid_t pid);
/* Whether a child of ours (not a zombie) is in process group pgid: while it is, the number is the group's. */
bool service_group_has_our_child(pid_t pgid);
/* Make pid, a child of ours, the main process (MAINPID=, or the one it named once it is ours). */
int service_set_main_pid(ServiceUnit *s, pid_t pid);

/* ---- service-fdstore.c ---- */

void service_fd_store_flush(ServiceUnit *s);
void service_fd_store_notify(ServiceUnit *s, char **lines, int *fds, size_t n_fds);

/* ---- service-output.c ---- */

/* Drain and close the output pipe (the rest of a line is logged as a line of its own). */
void service_close_log(ServiceUnit *s);
/* Before a process of s is spawned: the two ends of a new output pipe when its output goes to the log and
 * there is no pipe yet, else -EBADF in both (an open pipe is used through log_write_fd; the pipe of an ended
 * run is drained and closed first). -errno, logged, if the pipe cannot be made. */
int service_output_open(ServiceUnit *s, int *ret_read, int *ret_write);
/* After the spawn: watch the read end of the new pipe, keep its write end for the following processes. Takes
 * both fds (closed if the read end cannot be watched). */
void service_output_watch(ServiceUnit *s, int log_read, int log_write);

/* ---- service-restart.c ---- */

/* Whether the service that ended (s->result, s->exit_code, s->exit_status) is to be restarted. */
bool service_should_restart(const ServiceUnit *s);
/* The handler of the RestartSec= timer: starts the service again. */
int service_on_restart_timer(sd_event_source *source, uint64_t usec, void *userdata);
void service_remove_runtime_directories(ServiceUnit *s, bool restarting);
/* Counts a start; false once StartLimitBurst= starts happened within StartLimitIntervalSec=. */
bool service_start_limit_ok(ServiceUnit *s);
