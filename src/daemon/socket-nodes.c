/* SPDX-License-Identifier: MIT */
/* The file-system nodes of socket units besides opening them (socket-listen.c): parent directories created
 * with DirectoryMode=, RemoveOnStop= removing a node only while it is still the one we created, Symlinks=
 * (see socket-listen.h). */
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>

#include "log.h"
#include "socket-internal.h"
#include "strv.h"

/* ---- parent directories ---- */

/* mkdir -p of the missing parents of path, each created with exactly `mode`. Existing components are left
 * as they are. Errors are ignored, as systemd ignores them: the following bind()/mkfifo() reports them. */
void socket_mkdir_parents(const char *path, mode_t mode) {
        _cleanup_free_ char *buf = strdup(path);
        mode_t old;

        if (!buf || buf[0] == '\0')
                return;
        old = umask_for(mode);
        /* Every component but the last; the loop runs at most strlen(path) times. */
        for (char *slash = strchr(buf + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
                if (slash[-1] == '/')
                        continue;
                *slash = '\0';
                if (mkdir(buf, mode & 07777) < 0 && errno != EEXIST) {
                        *slash = '/';
                        break;
                }
                *slash = '/';
        }
        (void) umask(old);
}

/* ---- removal ---- */

int socket_remove_path_node(const char *unit, const char *path, const ListenFd *l, mode_t type) {
        struct stat st;

        if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                if (errno == ENOENT)
                        return 0;
                return log_warning_errno(errno, "%s: Failed to inspect %s, not removing it: %m", unit, path);
        }
        if ((st.st_mode & S_IFMT) != type || st.st_dev != l->dev || st.st_ino != l->ino) {
                log_debug("%s: %s is no longer the node we created, leaving it.", unit, path);
                return 0;
        }
        if (unlink(path) < 0) {
                if (errno == ENOENT)
                        return 0;
                return log_warning_errno(errno, "%s: Failed to remove %s: %m", unit, path);
        }
        return 1;
}

static int remove_mqueue(const char *unit, const char *name, const ListenFd *l) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        /* No O_PATH for queues: open it again (read, else write) to see whether it is still ours. */
        fd = mq_open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0 && errno == EACCES)
                fd = mq_open(name, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
                if (errno == ENOENT)
                        return 0;
                log_debug_errno(errno, "%s: Cannot open message queue %s to check it, leaving it: %m", unit,
                                name);
                return 0;
        }
        if (fstat(fd, &st) < 0)
                return log_warning_errno(errno, "%s: Failed to inspect message queue %s: %m", unit, name);
        if (st.st_dev != l->dev || st.st_ino != l->ino) {
                log_debug("%s: Message queue %s is no longer the one we created, leaving it.", unit, name);
                return 0;
        }
        if (mq_unlink(name) < 0) {
                if (errno == ENOENT)
                        return 0;
                return log_warning_errno(errno, "%s: Failed to remove message queue %s: %m", unit, name);
        }
        return 1;
}

int socket_port_remove(const char *unit, const SocketPort *p, const ListenFd *l) {
        const char *path;

        if (!unit || !p || !l)
                return -EINVAL;
        if (!l->have_node)
                return 0;

        switch (p->type) {
        case SOCKET_PORT_SOCKET:
                path = socket_address_get_path(&p->address);
                return path ? socket_remove_path_node(unit, path, l, S_IFSOCK) : 0;
        case SOCKET_PORT_FIFO:
                return socket_remove_path_node(unit, p->path, l, S_IFIFO);
        case SOCKET_PORT_MQUEUE:
                return remove_mqueue(unit, p->path, l);
        default:
                return 0;
        }
}

/* ---- Symlinks= ---- */

const char *socket_symlink_target(const SocketSection *s) {
        const char *found = NULL;

        if (!s)
                return NULL;
        for (const SocketPort *p = s->ports; p; p = p->next) {
                const char *f = NULL;

                if (p->type == SOCKET_PORT_FIFO)
                        f = p->path;
                else if (p->type == SOCKET_PORT_SOCKET)
                        f = socket_address_get_path(&p->address);
                if (!f)
                        continue;
                if (found)
                        return NULL;
                found = f;
        }
        return found;
}

/* Whether path is a symlink whose content is exactly target. -errno if it cannot be read. */
static int symlink_points_to(const char *path, const char *target) {
        size_t n = strlen(target);
        _cleanup_free_ char *buf = malloc(n + 2);
        ssize_t k;

        if (!buf)
                return -ENOMEM;
        k = readlink(path, buf, n + 2);
        if (k < 0)
                return negative_errno();
        return (size_t) k == n && memcmp(buf, target, n) == 0;
}

/* Replace the symlink at path by one pointing to target, atomically (a temporary link renamed over it). */
static int symlink_replace(const char *target, const char *path) {
        for (unsigned attempt = 0; attempt < 64; attempt++) {
                struct timespec ts;
                _cleanup_free_ char *tmp = NULL;

                (void) clock_gettime(CLOCK_MONOTONIC, &ts);
                if (asprintf(&tmp, "%s.#sockact%x%lx%x", path, (unsigned) getpid(), (long) ts.tv_nsec,
                             attempt) < 0)
                        return -ENOMEM;
                if (symlink(target, tmp) < 0) {
                        if (errno == EEXIST)
                                continue;
                        return negative_errno();
                }
                if (rename(tmp, path) < 0) {
                        int r = negative_errno();

                        (void) unlink(tmp);
                        return r;
                }
                return 0;
        }
        return -EEXIST;
}

static const char *symlinks_target_or_warn(const char *unit, const SocketSection *s, const char *target) {
        const char *t = socket_symlink_target(s);

        if (!t) {
                log_warning("%s: Symlinks= needs exactly one AF_UNIX file system socket or FIFO, ignoring.",
                            unit);
                return NULL;
        }
        return target ?: t;
}

int socket_symlinks_create(const char *unit, const SocketSection *s, const char *target) {
        int ret = 0;

        if (!unit || !s)
                return -EINVAL;
        if (!s->symlinks || !s->symlinks[0])
                return 0;
        target = symlinks_target_or_warn(unit, s, target);
        if (!target)
                return -EINVAL;

        STRV_FOREACH(link, s->symlinks) {
                struct stat st;
                int r = 0;

                socket_mkdir_parents(*link, s->directory_mode);
                if (symlink(target, *link) >= 0)
                        continue;
                if (errno != EEXIST)
                        r = negative_errno();
                else if (fstatat(AT_FDCWD, *link, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        r = negative_errno();
                else if (!S_ISLNK(st.st_mode)) {
                        log_warning("%s: Failed to create symlink %s -> %s: the path exists and is not a "
                                    "symlink, ignoring.", unit, *link, target);
                        if (ret == 0)
                                ret = -EEXIST;
                        continue;
                } else {
                        r = symlink_points_to(*link, target);
                        if (r == 0)
                                r = symlink_replace(target, *link);
                }
                if (r < 0) {
                        log_warning_errno(r, "%s: Failed to create symlink %s -> %s, ignoring: %m", unit,
                                          *link, target);
                        if (ret == 0)
                                ret = r;
                }
        }
        return ret;
}

int socket_symlinks_remove(const char *unit, const SocketSection *s, const char *target) {
        int ret = 0, n = 0;

        if (!unit || !s)
                return -EINVAL;
        if (!s->symlinks || !s->symlinks[0])
                return 0;
        if (!target)
                target = socket_symlink_target(s);
        if (!target)
                return 0; /* nothing was created */

        STRV_FOREACH(link, s->symlinks) {
                int r = symlink_points_to(*link, target);

                if (r == -ENOENT || r == -EINVAL || r == 0) /* gone, not a symlink, or points elsewhere */
                        continue;
                if (r > 0 && unlink(*link) >= 0) {
                        n++;
                        continue;
                }
                if (r > 0) {
                        if (errno == ENOENT)
                                continue;
                        r = negative_errno();
                }
                log_warning_errno(r, "%s: Failed to remove symlink %s: %m", unit, *link);
                if (ret == 0)
                        ret = r;
        }
        return ret < 0 ? ret : n;
}
