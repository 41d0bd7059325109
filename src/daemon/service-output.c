/* SPDX-License-Identifier: MIT */
#include <fcntl.h>

#include "log.h"
#include "service-internal.h"

/* ---- output of the service's processes, "to the daemon's log, each line prefixed with the unit name" ----
 * (StandardOutput=/StandardError= journal, syslog or kmsg, with or without +console): one pipe shared by all
 * processes of the service; its read end is watched, its write end kept in log_write_fd while the service
 * runs. */

/* The line buffer: allocated with the first pipe (most services never have one), kept for the restarts. */
#define SERVICE_LOG_BUF_SIZE 2048

/* One line of output of the service's processes: to the daemon's log, and into the unit's ring (GetUnitLog). */
static void service_log_line(ServiceUnit *s, const char *p, size_t n) {
        log_info("%s: %.*s", service_name_of(s), (int) n, p);
        (void) log_ring_push(&s->unit->log_ring, now_realtime_usec(), p, n);
}

void service_close_log(ServiceUnit *s) {
        if (s->log_len > 0) {
                service_log_line(s, s->log_buf, s->log_len);
                s->log_len = 0;
        }
        s->log_io = sd_event_source_disable_unref(s->log_io);
        s->log_fd = safe_close(s->log_fd);
        s->log_write_fd = safe_close(s->log_write_fd);
}

static int service_dispatch_log(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        ServiceUnit *s = userdata;

        for (unsigned round = 0; round < 16; round++) {
                ssize_t n = read(fd, s->log_buf + s->log_len, SERVICE_LOG_BUF_SIZE - 1 - s->log_len);
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
                        service_log_line(s, s->log_buf, k);
                        memmove(s->log_buf, nl + 1, s->log_len - k - 1);
                        s->log_len -= k + 1;
                }
                if (s->log_len == SERVICE_LOG_BUF_SIZE - 1) { /* an overlong line: emit it in pieces */
                        service_log_line(s, s->log_buf, s->log_len);
                        s->log_len = 0;
                }
        }
        return 0;
}

static bool output_goes_to_log(ExecOutput o) {
        return IN_SET(o, EXEC_OUTPUT_JOURNAL, EXEC_OUTPUT_JOURNAL_AND_CONSOLE, EXEC_OUTPUT_SYSLOG,
                      EXEC_OUTPUT_SYSLOG_AND_CONSOLE, EXEC_OUTPUT_KMSG, EXEC_OUTPUT_KMSG_AND_CONSOLE);
}

int service_output_open(ServiceUnit *s, int *ret_read, int *ret_write) {
        const ServiceSection *c = service_config_of(s);
        int pipefd[2];

        if (s->log_fd >= 0 && s->log_write_fd < 0) {
                /* the pipe of a run that ended and was not drained yet (an immediate restart): take what it
                 * holds and close it, this run gets a new one */
                (void) service_dispatch_log(s->log_io, s->log_fd, EPOLLIN, s);
                service_close_log(s);
        }
        if (s->log_fd < 0 && (output_goes_to_log(c->exec.std_output) || output_goes_to_log(c->exec.std_error))) {
                if (pipe2(pipefd, O_CLOEXEC) < 0)
                        return log_error_errno(errno, "%s: Failed to create output pipe: %m",
                                               service_name_of(s));
                *ret_read = pipefd[0];
                *ret_write = pipefd[1];
                return 0;
        }
        *ret_read = *ret_write = -EBADF;
        return 0;
}

void service_output_watch(ServiceUnit *s, int log_read, int log_write) {
        _cleanup_close_ int read_fd = log_read, write_fd = log_write;

        if (!s->log_buf) {
                s->log_buf = malloc(SERVICE_LOG_BUF_SIZE);
                if (!s->log_buf) {
                        log_oom();
                        return;
                }
        }
        (void) fcntl(read_fd, F_SETFL, O_NONBLOCK);
        if (sd_event_add_io(s->unit->manager->event, &s->log_io, read_fd, EPOLLIN, service_dispatch_log,
                            s) >= 0) {
                s->log_fd = TAKE_FD(read_fd);
                s->log_write_fd = TAKE_FD(write_fd);
                (void) sd_event_source_set_description(s->log_io, service_name_of(s));
        }
}
