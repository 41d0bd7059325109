/* SPDX-License-Identifier: MIT */
/* The manager's child processes: one SIGCHLD source and a reaper for every process that exits, each handed to
 * its ChildWatch. */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#include "log.h"
#include "manager-internal.h"

/* ---- child processes ----
 *
 * Every child exit is handled here: SIGCHLD, then waitid(P_ALL) until nothing is left, each reaped process
 * handed to its watch, if any. The others are orphans: as a child subreaper (and as PID 1 of a container) we
 * inherit processes that others left behind. One signal and a wait per exit instead of sd_event_add_child(),
 * whose pidfd, epoll registration and waits per process cost more than the rest of an Accept=yes
 * connection's bookkeeping. */

#define REAP_BATCH 4096U

/* The table's key for a pid, six characters of six bits each: no division, and never a NUL. */
static void pid_key(char key[static 8], pid_t pid) {
        uint32_t v = (uint32_t) pid;

        for (size_t i = 0; i < 6; i++, v >>= 6)
                key[i] = (char) ('0' + (v & 63U));
        key[6] = '\0';
}

void manager_reap(Manager *m) {
        char key[8];

        for (unsigned i = 0; i < REAP_BATCH; i++) {
                siginfo_t si = {};
                ChildWatch *w;

                if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0 || si.si_pid <= 0)
                        return;
                pid_key(key, si.si_pid);
                w = hashmap_remove(m->pids, key);
                if (!w) {
                        log_debug("Reaped orphaned process %i.", (int) si.si_pid);
                        continue;
                }
                w->pid = 0; /* idle again before the handler, which may watch the next process with it */
                w->handler(&si, w->userdata);
        }
        /* more than a batch at once: the rest after the events that are waiting */
        if (m->reaper)
                (void) sd_event_source_set_enabled(m->reaper, SD_EVENT_ONESHOT);
}

static int on_reap(sd_event_source *source, void *userdata) {
        manager_reap(userdata);
        return 0;
}

static int on_sigchld(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Manager *m = userdata;
        bool queued_before = m->gc_queue; /* a pass is due already */

        m->gc_at_reap_end = !queued_before;
        manager_reap(m);
        m->gc_at_reap_end = false;
        if (!queued_before)
                manager_gc_run(m); /* no unit is on the call stack here */
        return 0;
}

int manager_watch_child(Manager *m, ChildWatch *w, pid_t pid, ChildHandler handler, void *userdata) {
        int r;

        if (pid <= 0 || !handler)
                return -EINVAL;
        manager_unwatch_child(m, w);
        pid_key(w->key, pid); /* the table borrows it */
        r = hashmap_replace(m->pids, w->key, w, NULL);
        if (r < 0)
                return r;
        w->pid = pid;
        w->handler = handler;
        w->userdata = userdata;
        return 0;
}

void manager_unwatch_child(Manager *m, ChildWatch *w) {
        if (w->pid <= 0)
                return;
        (void) hashmap_remove_value(m->pids, w->key, w);
        w->pid = 0;
}

bool manager_child_watched(Manager *m, pid_t pid) {
        char key[8];

        pid_key(key, pid);
        return hashmap_contains(m->pids, key);
}

int manager_child_setup(Manager *m) {
        int r;

        m->pids = hashmap_new_borrowing();
        if (!m->pids)
                return -ENOMEM;
        r = sd_event_add_defer(m->event, &m->reaper, on_reap, m);
        if (r < 0)
                return r;
        (void) sd_event_source_set_enabled(m->reaper, SD_EVENT_OFF);
        (void) sd_event_source_set_description(m->reaper, "reaper");
        /* SIGCHLD is blocked already. Exits are handled before new connections, so that ended instances
         * are counted and freed first, but after notifications (the notify socket's priority is
         * SD_EVENT_PRIORITY_IMPORTANT), as in systemd: a message a process sent just before it exited
         * still finds it as the service's process. */
        r = sd_event_add_signal(m->event, &m->sigchld, SIGCHLD, on_sigchld, m);
        if (r < 0)
                return r;
        (void) sd_event_source_set_priority(m->sigchld, SD_EVENT_PRIORITY_IMPORTANT + 1);
        (void) sd_event_source_set_priority(m->reaper, SD_EVENT_PRIORITY_IMPORTANT + 1);
        return 0;
}
