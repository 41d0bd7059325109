/* SPDX-License-Identifier: MIT */
#include <sys/wait.h>

#include "exit-status.h"
#include "log.h"
#include "rm-rf.h"
#include "service-internal.h"
#include "string-util.h"
#include "strv.h"

/* ---- restarts and their limits: Restart= with RestartPreventExitStatus= and RestartForceExitStatus=,
 * the restart timer (RestartSec=), the start limit (StartLimitIntervalSec=, StartLimitBurst=), and what a
 * restart keeps of RuntimeDirectory= (RuntimeDirectoryPreserve=) ---- */

bool service_should_restart(const ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);
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

int service_on_restart_timer(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;

        s->timer = sd_event_source_disable_unref(s->timer);
        s->n_restarts++;
        log_info("%s: Scheduled restart job, restart counter is at %u.", service_name_of(s), s->n_restarts);
        s->state = SERVICE_DEAD; /* start from scratch without telling the sockets we stopped */
        unit_state_changed(s->unit);
        (void) service_unit_start(s);
        return 0;
}

/* RuntimeDirectory=: removed when the service stops, as systemd does (RuntimeDirectoryPreserve=no), or only
 * when it does not restart (=restart). */
void service_remove_runtime_directories(ServiceUnit *s, bool restarting) {
        const ExecContext *c = &service_config_of(s)->exec;
        const char *root = s->unit->manager->spec_runtime_dir;

        if (!root || c->runtime_directory_preserve_mode == EXEC_PRESERVE_YES ||
            (restarting && c->runtime_directory_preserve_mode == EXEC_PRESERVE_RESTART))
                return;
        STRV_FOREACH(d, c->directories[EXEC_DIRECTORY_RUNTIME].paths) {
                _cleanup_free_ char *path = strjoin(root, "/", *d);
                int r;

                if (!path) {
                        log_oom();
                        return;
                }
                r = rm_rf(path);
                if (r < 0)
                        log_warning_errno(r, "%s: Failed to remove runtime directory %s, ignoring: %m", service_name_of(s),
                                          path);
        }
}

static usec_t now_usec(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000;
}

bool service_start_limit_ok(ServiceUnit *s) {
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
