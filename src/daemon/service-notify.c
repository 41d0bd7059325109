/* SPDX-License-Identifier: MIT */
#include <unistd.h>

#include "log.h"
#include "parse-util.h"
#include "service-internal.h"
#include "string-util.h"
#include "strv.h"
#include "time-util.h"

/* ---- notifications (NOTIFY_SOCKET: READY=1, RELOADING=1, STATUS=, MAINPID=, STOPPING=1, ERRNO=,
 * EXTEND_TIMEOUT_USEC=, WATCHDOG=; the FDSTORE=1 part is in service-fdstore.c) and the watchdog timer ---- */

static int on_watchdog_timeout(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;
        const KillContext *k = &service_config_of(s)->kill;

        char buf[FORMAT_TIMESPAN_MAX];

        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        log_error("%s: Watchdog timeout (limit %s)!", service_name_of(s),
                  format_timespan(buf, sizeof(buf), s->watchdog_usec ?: service_config_of(s)->watchdog, 1));
        s->result = SERVICE_FAILURE_WATCHDOG;
        service_signal(s, k->watchdog_signal, false);
        service_unit_stop(s);
        return 0;
}

static void service_reset_watchdog(ServiceUnit *s) {
        usec_t w = s->watchdog_usec ? s->watchdog_usec : service_config_of(s)->watchdog;

        s->watchdog = sd_event_source_disable_unref(s->watchdog);
        if (w == 0 || w == USEC_INFINITY || !service_unit_is_active(s))
                return;
        (void) sd_event_add_time_relative(s->unit->manager->event, &s->watchdog, CLOCK_MONOTONIC, w, 0,
                                          on_watchdog_timeout, s);
}

void service_unit_notify(ServiceUnit *s, pid_t sender, char **lines, int *fds, size_t n_fds) {
        const ServiceSection *c = service_config_of(s);
        bool ready = false;

        service_fd_store_notify(s, lines, fds, n_fds);

        STRV_FOREACH(l, lines) {
                const char *v;
                uint64_t u;
                int pid;

                if (streq(*l, "READY=1"))
                        ready = true;
                else if (streq(*l, "RELOADING=1")) {
                        if (s->state == SERVICE_RUNNING) {
                                log_debug("%s: Service is reloading.", service_name_of(s));
                                service_set_state(s, SERVICE_RELOAD);
                                (void) service_arm_timer(s, c->timeout_start, service_on_reload_timeout);
                        }
                }
                else if ((v = startswith(*l, "STATUS="))) {
                        if (free_and_strdup(&s->status_text, v) < 0)
                                log_oom();
                } else if ((v = startswith(*l, "MAINPID="))) {
                        if (safe_atoi(v, &pid) >= 0 && pid > 0) {
                                /* From a sender NotifyAccess= lets in, as systemd: only a process of the service
                                 * may be named, one in its process group. A child of ours is supervised at once;
                                 * another (the main process's child) once the main process exited and it became
                                 * ours (we are a subreaper). */
                                if (pid == s->main_pid)
                                        ;
                                else if (s->main_group > 0 && getpgid(pid) == s->main_group) {
                                        if (service_parent_of(pid) == getpid())
                                                (void) service_set_main_pid(s, pid);
                                        else {
                                                s->pending_main_pid = pid;
                                                log_debug("%s: MAINPID=%i: supervised once the main process exited.",
                                                          service_name_of(s), pid);
                                        }
                                } else
                                        log_warning("%s: New main PID %i does not belong to service, refusing.",
                                                    service_name_of(s), pid);
                        }
                } else if (streq(*l, "STOPPING=1")) {
                        log_debug("%s: Service is stopping.", service_name_of(s));
                        s->stopping = true;
                } else if ((v = startswith(*l, "ERRNO=")) && safe_atoi(v, &pid) >= 0) {
                        s->status_errno = pid;
                } else if ((v = startswith(*l, "EXTEND_TIMEOUT_USEC=")) && safe_atou64(v, &u) >= 0) {
                        if (s->state == SERVICE_START || s->state == SERVICE_STOP_SIGTERM)
                                (void) service_arm_timer(s, u,
                                                         s->state == SERVICE_START ? service_on_start_timeout
                                                                                   : service_on_stop_timeout);
                        else if (s->state == SERVICE_RELOAD)
                                (void) service_arm_timer(s, u, service_on_reload_timeout);
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
        if (ready && s->state == SERVICE_RELOAD && s->control_pid <= 0) {
                log_debug("%s: Service finished reloading.", service_name_of(s));
                service_enter_running(s);
        }
        if (ready && s->state == SERVICE_START && c->type == SERVICE_NOTIFY) {
                log_debug("%s: Service is ready.", service_name_of(s));
                service_enter_start_post(s);
                service_reset_watchdog(s);
        }
}
