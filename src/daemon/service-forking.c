/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <fcntl.h>

#include "log.h"
#include "parse-util.h"
#include "service-internal.h"
#include "string-util.h"

/* ---- Type=forking: find the daemon the start command left behind ---- */

/* The parent PID and session of pid from /proc, or -errno; a zombie (exited, not reaped) counts as gone:
 * -ESRCH. */
static pid_t proc_parent_session(pid_t pid, pid_t *ret_session, pid_t *ret_pgrp) {
        char path[64], buf[512], *p;
        _cleanup_close_ int fd = -EBADF;
        ssize_t n;
        int ppid, pgrp, session;
        char state;

        snprintf(path, sizeof(path), "/proc/%i/stat", (int) pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n <= 0)
                return -EIO;
        buf[n] = '\0';
        p = strrchr(buf, ')'); /* the command name may contain anything */
        if (!p || sscanf(p + 1, " %c %d %d %d", &state, &ppid, &pgrp, &session) != 4)
                return -EIO;
        if (state == 'Z')
                return -ESRCH;
        if (ret_session)
                *ret_session = (pid_t) session;
        if (ret_pgrp)
                *ret_pgrp = (pid_t) pgrp;
        return (pid_t) ppid;
}

bool service_group_has_our_child(pid_t pgid) {
        DIR *d = opendir("/proc");
        pid_t self = getpid();
        struct dirent *de;
        bool found = false;

        if (!d)
                return false;
        while (!found && (de = readdir(d))) {
                int pid = atoi(de->d_name);
                pid_t pgrp = 0;

                found = pid > 0 && proc_parent_session(pid, NULL, &pgrp) == self && pgrp == pgid;
        }
        closedir(d);
        return found;
}

pid_t service_parent_of(pid_t pid) {
        return proc_parent_session(pid, NULL, NULL);
}

/* Our children that no unit watches, in the session of the service's start process (every process we start
 * leads its own session: the stand-in for systemd's cgroup): candidates for the main process. */
static int guess_main_pid(ServiceUnit *s, pid_t session, pid_t *ret) {
        DIR *d = opendir("/proc");
        struct dirent *de;
        pid_t found = 0, self = getpid();
        unsigned n = 0;

        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                int pid = atoi(de->d_name);
                pid_t sid = 0;
                if (pid <= 0 || proc_parent_session(pid, &sid, NULL) != self || sid != session)
                        continue;
                if (manager_child_watched(s->unit->manager, pid))
                        continue;
                found = pid;
                n++;
        }
        closedir(d);
        if (n != 1)
                return n == 0 ? -ESRCH : -ENOTUNIQ;
        *ret = found;
        return 0;
}

static int read_pid_file(const char *path, pid_t *ret) {
        char buf[32] = "";
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        ssize_t n;
        int pid;

        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n <= 0)
                return -ENODATA;
        buf[n] = '\0';
        if (safe_atoi(strstrip(buf), &pid) < 0 || pid <= 1)
                return -EBADMSG;
        *ret = pid;
        return 0;
}

static int on_pid_file_retry(sd_event_source *source, uint64_t usec, void *userdata);

/* After the start command of a Type=forking service exited successfully. */
void service_forking_started(ServiceUnit *s) {
        const ServiceSection *c = service_config_of(s);
        pid_t pid = 0;
        int r;

        if (c->pid_file) {
                r = read_pid_file(c->pid_file, &pid);
                if (r == -ENOENT || r == -ENODATA) {
                        /* not written yet: look again shortly, within the start timeout */
                        (void) sd_event_source_disable_unref(s->pid_file_retry);
                        s->pid_file_retry = NULL;
                        if (sd_event_add_time_relative(s->unit->manager->event, &s->pid_file_retry, CLOCK_MONOTONIC,
                                                       50 * USEC_PER_MSEC, 0, on_pid_file_retry, s) >= 0)
                                return;
                }
                if (r < 0) {
                        log_error_errno(r, "%s: Failed to read PID file %s: %m",
                                        service_name_of(s), c->pid_file);
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
        } else if (c->guess_main_pid) {
                r = guess_main_pid(s, s->start_session, &pid);
                if (r < 0)
                        log_warning_errno(r, "%s: Failed to guess the main PID (%s), its processes are not supervised.",
                                          service_name_of(s), r == -ENOTUNIQ ? "more than one candidate" : "none left");
        }
        if (pid > 0) {
                if (service_parent_of(pid) != getpid()) {
                        log_error("%s: New main PID %i does not belong to service, refusing.", service_name_of(s), (int) pid);
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                r = manager_watch_child(s->unit->manager, &s->main_watch, pid, service_on_child_exit, s);
                if (r < 0) {
                        log_error_errno(r, "%s: Failed to watch main PID %i: %m",
                                        service_name_of(s), (int) pid);
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                s->main_pid = pid;
                log_debug("%s: Supervising process %i.", service_name_of(s), (int) pid);
        } else if (!c->pid_file)
                s->untracked = true; /* active, but we cannot tell when it ends */
        service_enter_start_post(s);
}

static int on_pid_file_retry(sd_event_source *source, uint64_t usec, void *userdata) {
        ServiceUnit *s = userdata;

        s->pid_file_retry = sd_event_source_disable_unref(s->pid_file_retry);
        if (s->state == SERVICE_START)
                service_forking_started(s);
        return 0;
}
