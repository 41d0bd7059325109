/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <sys/stat.h>

#include "log.h"
#include "service-internal.h"
#include "string-util.h"
#include "strv.h"

/* ---- the fd store (FDSTORE=1, FileDescriptorStoreMax=) ---- */

static void fd_store_entry_done(FdStoreEntry *e) {
        e->poll = sd_event_source_disable_unref(e->poll);
        e->fd = safe_close(e->fd);
        e->name = mfree_ptr(e->name);
}

static void fd_store_remove_at(ServiceUnit *s, size_t i) {
        fd_store_entry_done(&s->fd_store[i]);
        memmove(s->fd_store + i, s->fd_store + i + 1, (s->n_fd_store - i - 1) * sizeof(FdStoreEntry));
        s->n_fd_store--;
        /* the poll sources point at entries: re-point them after the move */
        for (size_t j = i; j < s->n_fd_store; j++)
                if (s->fd_store[j].poll)
                        (void) sd_event_source_set_userdata(s->fd_store[j].poll, &s->fd_store[j]);
}

void service_fd_store_flush(ServiceUnit *s) {
        while (s->n_fd_store > 0)
                fd_store_remove_at(s, s->n_fd_store - 1);
        s->fd_store = mfree_ptr(s->fd_store);
}

static int on_fd_store_hangup(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        FdStoreEntry *e = userdata;
        ServiceUnit *s = e->service;

        log_debug("%s: Stored file descriptor '%s' hung up, removing.", service_name_of(s), e->name);
        fd_store_remove_at(s, (size_t) (e - s->fd_store));
        return 0;
}

static void fd_store_add(ServiceUnit *s, int fd, const char *name, bool do_poll) {
        const ServiceSection *c = service_config_of(s);
        struct stat st, other;
        FdStoreEntry *n;

        if (fstat(fd, &st) < 0) {
                safe_close(fd);
                return;
        }
        /* the same open file only once */
        for (size_t i = 0; i < s->n_fd_store; i++)
                if (fstat(s->fd_store[i].fd, &other) >= 0 && other.st_dev == st.st_dev && other.st_ino == st.st_ino &&
                    fcntl(fd, F_GETFL) == fcntl(s->fd_store[i].fd, F_GETFL)) {
                        safe_close(fd);
                        return;
                }
        if (s->n_fd_store >= c->fd_store_max) {
                log_warning("%s: Too many file descriptors stored (FileDescriptorStoreMax=%u), closing.", service_name_of(s),
                            c->fd_store_max);
                safe_close(fd);
                return;
        }
        n = reallocarray(s->fd_store, s->n_fd_store + 1, sizeof(FdStoreEntry));
        if (!n) {
                safe_close(fd);
                log_oom();
                return;
        }
        s->fd_store = n;
        for (size_t j = 0; j < s->n_fd_store; j++) /* the array may have moved */
                if (s->fd_store[j].poll)
                        (void) sd_event_source_set_userdata(s->fd_store[j].poll, &s->fd_store[j]);
        s->fd_store[s->n_fd_store] = (FdStoreEntry) { .service = s, .fd = fd, .name = strdup(name ?: "stored") };
        if (!s->fd_store[s->n_fd_store].name) {
                safe_close(fd);
                log_oom();
                return;
        }
        if (do_poll && sd_event_add_io(s->unit->manager->event, &s->fd_store[s->n_fd_store].poll, fd, 0,
                                       on_fd_store_hangup, &s->fd_store[s->n_fd_store]) < 0)
                s->fd_store[s->n_fd_store].poll = NULL; /* not pollable (a regular file): kept without watch */
        s->n_fd_store++;
        log_debug("%s: Stored file descriptor '%s' (%zu of %u).", service_name_of(s), name ?: "stored", s->n_fd_store,
                  c->fd_store_max);
}

/* The FDSTORE=1, FDSTOREREMOVE=1, FDPOLL=0 and FDNAME= of a notification: the fds that came with it are
 * stored, or closed. */
void service_fd_store_notify(ServiceUnit *s, char **lines, int *fds, size_t n_fds) {
        const ServiceSection *c = service_config_of(s);
        bool store = false, store_remove = false, do_poll = true;
        const char *fdname = NULL;

        STRV_FOREACH(l, lines) {
                const char *v;
                if (streq(*l, "FDSTORE=1"))
                        store = true;
                else if (streq(*l, "FDSTOREREMOVE=1"))
                        store_remove = true;
                else if (streq(*l, "FDPOLL=0"))
                        do_poll = false;
                else if ((v = startswith(*l, "FDNAME="))) {
                        bool ok = strlen(v) <= 255 && *v;
                        for (const char *p = v; ok && *p; p++)
                                ok = *p >= ' ' && *p < 127 && *p != ':';
                        if (ok)
                                fdname = v;
                        else
                                log_warning("%s: Invalid FDNAME= '%s', ignoring.", service_name_of(s), v);
                }
        }
        if (store_remove && fdname)
                for (size_t i = s->n_fd_store; i > 0; i--)
                        if (streq(s->fd_store[i - 1].name, fdname))
                                fd_store_remove_at(s, i - 1);
        for (size_t i = 0; i < n_fds; i++) {
                if (store && c->fd_store_max > 0)
                        fd_store_add(s, fds[i], fdname, do_poll);
                else
                        safe_close(fds[i]); /* fds without FDSTORE=1, or no store configured, are closed */
        }
}
