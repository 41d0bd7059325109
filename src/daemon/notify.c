/* SPDX-License-Identifier: MIT */
/* The NOTIFY_SOCKET receiver: one datagram socket in the runtime directory for every service (sd_notify(3)).
 * Senders are identified by SCM_CREDENTIALS and matched to a service by NotifyAccess=. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "log.h"
#include "notify.h"
#include "parse-util.h"
#include "service-unit.h"
#include "string-util.h"
#include "strv.h"

#define NOTIFY_MESSAGE_MAX 4096
#define NOTIFY_FDS_MAX 253 /* SCM_MAX_FD */

/* The service that accepts a notification from pid; *ret_refusing: one whose process it is but whose
 * NotifyAccess= does not let it send (systemd warns about those). */
static ServiceUnit *find_sender(Manager *m, pid_t pid, ServiceUnit **ret_refusing) {
        const char *k;
        void *v;
        size_t i = 0;
        pid_t pgid = getpgid(pid);

        *ret_refusing = NULL;

        while (hashmap_iterate(m->units, &i, &k, &v)) {
                Unit *u = v;
                ServiceUnit *s = u->service;

                if (!s || s->main_pid <= 0 || !service_unit_is_active(s))
                        continue;
                switch (u->config->service.notify_access) {
                case NOTIFY_MAIN:
                        if (pid == s->main_pid)
                                return s;
                        if (pgid > 0 && pgid == s->main_pid)
                                *ret_refusing = s;
                        break;
                case NOTIFY_EXEC:
                case NOTIFY_ALL:
                        /* every process of the service shares its process group (setsid() at exec) */
                        if (pid == s->main_pid || (pgid > 0 && pgid == s->main_pid))
                                return s;
                        break;
                default:
                        if (pid == s->main_pid || (pgid > 0 && pgid == s->main_pid))
                                *ret_refusing = s;
                        break;
                }
        }
        return NULL;
}

static int on_notify(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        Manager *m = userdata;

        /* Drain what is queued, bounded per wakeup. */
        for (unsigned round = 0; round < 64; round++) {
                char buf[NOTIFY_MESSAGE_MAX + 1];
                union {
                        struct cmsghdr h;
                        uint8_t b[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * NOTIFY_FDS_MAX)];
                } control;
                struct iovec iov = { .iov_base = buf, .iov_len = NOTIFY_MESSAGE_MAX };
                struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control,
                                     .msg_controllen = sizeof(control) };
                struct ucred *cred = NULL;
                _cleanup_strv_free_ char **lines = NULL;
                int fds[NOTIFY_FDS_MAX];
                size_t n_fds = 0;
                ServiceUnit *s, *refusing;
                ssize_t n;

                n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
                if (n < 0)
                        return 0;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
                        if (c->cmsg_level != SOL_SOCKET)
                                continue;
                        if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len == CMSG_LEN(sizeof(struct ucred)))
                                cred = (struct ucred *) CMSG_DATA(c);
                        else if (c->cmsg_type == SCM_RIGHTS) {
                                /* kept for the fd store (FDSTORE=1); closed below otherwise */
                                int *got = (int *) CMSG_DATA(c);
                                size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                                for (size_t j = 0; j < k; j++) {
                                        if (n_fds < NOTIFY_FDS_MAX)
                                                fds[n_fds++] = got[j];
                                        else
                                                safe_close(got[j]);
                                }
                        }
                }
                if ((size_t) n > NOTIFY_MESSAGE_MAX || !cred || cred->pid <= 0) {
                        log_debug("Ignoring notification without credentials or too long.");
                        for (size_t j = 0; j < n_fds; j++)
                                safe_close(fds[j]);
                        continue;
                }
                buf[n] = '\0';
                s = find_sender(m, cred->pid, &refusing);
                if (!s && refusing && refusing->unit->config->service.notify_access == NOTIFY_MAIN)
                        log_warning("%s: Got notification message from PID %i, but reception only permitted for "
                                    "main PID %i",
                                    refusing->unit->name, (int) cred->pid, (int) refusing->main_pid);
                else if (!s && refusing)
                        log_warning("%s: Got notification message from PID %i, but reception is disabled",
                                    refusing->unit->name, (int) cred->pid);
                if (!s) {
                        log_debug("Ignoring notification from PID %i: no service accepts it.", (int) cred->pid);
                        for (size_t j = 0; j < n_fds; j++)
                                safe_close(fds[j]);
                        continue;
                }
                if (strv_split(buf, "\n", &lines) < 0) {
                        for (size_t j = 0; j < n_fds; j++)
                                safe_close(fds[j]);
                        return log_oom();
                }
                service_unit_notify(s, cred->pid, lines, fds, n_fds); /* takes the fds */
        }
        return 0;
}

int notify_socket_open(Manager *m) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *path = strjoin(m->runtime_dir, "/notify"), *env = NULL;
        int one = 1, r;
        struct stat st;

        if (!path)
                return -ENOMEM;
        env = strjoin("NOTIFY_SOCKET=", path);
        if (!env)
                return -ENOMEM;
        if (strlen(path) >= sizeof(sa.sun_path))
                return log_error_errno(ENAMETOOLONG, "Runtime directory path too long for %s", path);
        strcpy(sa.sun_path, path);

        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return log_error_errno(errno, "Failed to create the notify socket: %m");
        /* A stale socket from an earlier run is ours to replace; anything else is not touched. */
        if (lstat(path, &st) >= 0) {
                if (!S_ISSOCK(st.st_mode))
                        return log_error_errno(EEXIST, "%s exists and is not a socket, refusing.", path);
                (void) unlink(path);
        }
        if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0)
                return log_error_errno(errno, "Failed to bind %s: %m", path);
        (void) chmod(path, 0777); /* services running as other users must be able to send */
        if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
                return log_error_errno(errno, "Failed to enable SO_PASSCRED on %s: %m", path);
        r = sd_event_add_io(m->event, &m->notify_source, fd, EPOLLIN, on_notify, m);
        if (r < 0)
                return log_error_errno(r, "Failed to watch %s: %m", path);
        (void) sd_event_source_set_description(m->notify_source, "notify");
        /* a message sent just before exiting (FDSTORE=1, STATUS=) must be seen before the exit itself */
        (void) sd_event_source_set_priority(m->notify_source, SD_EVENT_PRIORITY_IMPORTANT);
        m->notify_fd = TAKE_FD(fd);
        m->notify_path = TAKE_PTR(path);
        m->notify_env = TAKE_PTR(env);
        return 0;
}

void notify_socket_close(Manager *m) {
        m->notify_source = sd_event_source_disable_unref(m->notify_source);
        m->notify_fd = safe_close(m->notify_fd);
        if (m->notify_path) {
                (void) unlink(m->notify_path);
                m->notify_path = mfree_ptr(m->notify_path);
        }
        m->notify_env = mfree_ptr(m->notify_env);
}
