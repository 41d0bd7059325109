/* SPDX-License-Identifier: MIT */
/* Accept=yes: one service instance per connection, named after the connection as systemd 252 names it, with
 * REMOTE_ADDR/REMOTE_PORT and the connection limits; the accept loop itself is in socket-unit.c. */
#include <netinet/in.h>

#include "log.h"
#include "manager.h"
#include "service-unit.h"
#include "socket-accept.h"
#include "socket-listen.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

/* Accept=yes: the instance name systemd 252 builds: "N-LOCAL-REMOTE" for IP peers, "N-PID-UID" for unix.
 * The peer's address is the one accept() returned, the local one the listener's unless that is a
 * wildcard. */
static int socket_instance_name(SocketUnit *s, const SocketPortRuntime *p, int fd, const SockaddrUnion *peer,
                                socklen_t peer_len, char **ret, char ***ret_env, char **ret_source) {
        SockaddrUnion local = {}, remote = {};
        socklen_t ll = sizeof(local), rl = sizeof(remote);
        _cleanup_free_ char *a = NULL, *b = NULL, *addr = NULL;
        _cleanup_strv_free_ char **env = NULL;
        char nbuf[DECIMAL_STR_MAX_U64];
        const char *nb;
        uint64_t n = s->n_accepted;
        int r;

        if (p->local_len > 0) {
                memcpy(&local, &p->local, p->local_len);
                ll = p->local_len;
        } else if (getsockname(fd, &local.sa, &ll) < 0)
                return -errno;
        if (peer_len > 0 && peer_len <= sizeof(remote) && peer->sa.sa_family != AF_UNSPEC) {
                memcpy(&remote, peer, peer_len);
                rl = peer_len;
        } else if (getpeername(fd, &remote.sa, &rl) < 0)
                return -errno;
        nb = format_u64(nbuf, n);
        if (remote.sa.sa_family == AF_UNIX) {
                struct ucred cred;
                socklen_t cl = sizeof(cred);
                char pbuf[DECIMAL_STR_MAX_U64], ubuf[DECIMAL_STR_MAX_U64];
                bool got = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) >= 0 && cl == sizeof(cred);
                bool known = got && cred.pid > 0;
                const char *uid = format_u64(ubuf, got ? cred.uid : 0);

                *ret = known ? strjoin(nb, "-", format_u64(pbuf, (uint64_t) cred.pid), "-", uid)
                             : strjoin(nb, "-unknown");
                if (!*ret)
                        return -ENOMEM;
                *ret_source = strjoin("uid:", uid);
                if (!*ret_source)
                        return -ENOMEM;
                *ret_env = NULL;
                return 0;
        }
        if (p->local_pretty) {
                a = strdup(p->local_pretty);
                r = a ? 0 : -ENOMEM;
        } else
                r = sockaddr_pretty(&local.sa, ll, true, true, &a);
        if (r >= 0)
                r = sockaddr_pretty(&remote.sa, rl, true, true, &b);
        if (r >= 0)
                r = sockaddr_pretty(&remote.sa, rl, true, false, &addr);
        if (r < 0)
                return r;
        *ret = strjoin(nb, "-", a, "-", b);
        if (!*ret)
                return -ENOMEM;
        if (strv_consume(&env, strjoin("REMOTE_ADDR=", addr)) < 0)
                return -ENOMEM;
        {
                unsigned port = remote.sa.sa_family == AF_INET ? ntohs(((struct sockaddr_in *) &remote)->sin_port)
                                : remote.sa.sa_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *) &remote)->sin6_port)
                                                                   : 0;
                char pbuf[DECIMAL_STR_MAX_U64];

                if (port > 0 && strv_consume(&env, strjoin("REMOTE_PORT=", format_u64(pbuf, port))) < 0)
                        return -ENOMEM;
        }
        *ret_source = TAKE_PTR(addr);
        *ret_env = TAKE_PTR(env);
        return 0;
}

void socket_accept_one(SocketUnit *s, const SocketPortRuntime *p, int cfd, const SockaddrUnion *peer,
                       socklen_t peer_len) {
        const SocketSection *c = &s->unit->config->socket;
        _cleanup_free_ char *instance = NULL, *name = NULL, *source = NULL;
        _cleanup_strv_free_ char **env = NULL;
        _cleanup_close_ int fd = cfd;
        uintptr_t per_source;
        Unit *u;
        int r;

        if (s->n_connections >= c->max_connections)
                manager_reap(s->unit->manager); /* instances that ended since SIGCHLD was last handled */
        if (s->n_connections >= c->max_connections) {
                log_warning("%s: Too many incoming connections (%u), dropping connection.", s->unit->name, s->n_connections);
                s->n_refused++;
                return;
        }
        (void) socket_apply_connection_options(s->unit->name, c, fd);
        r = socket_instance_name(s, p, fd, peer, peer_len, &instance, &env, &source);
        if (r == -ENOTCONN)
                return; /* the peer is gone already */
        if (r < 0) {
                log_warning_errno(r, "%s: Failed to name the connection, dropping it: %m", s->unit->name);
                s->n_refused++;
                return;
        }
        per_source = (uintptr_t) hashmap_get(s->per_source, source);
        if (c->max_connections_per_source > 0 && per_source >= c->max_connections_per_source) {
                log_warning("%s: Too many incoming connections (%u) from source %s, dropping connection.",
                            s->unit->name, (unsigned) per_source, source);
                s->n_refused++;
                return;
        }
        if ((!s->instance_prefix && unit_name_to_prefix(s->unit->name, &s->instance_prefix) < 0) ||
            unit_name_build(s->instance_prefix, instance, ".service", &name) < 0) {
                log_oom();
                return;
        }
        s->n_accepted++;
        r = manager_load_unit(s->unit->manager, name, &u);
        if (r < 0) {
                log_error_errno(r, "%s: Failed to load %s: %m", s->unit->name, name);
                s->n_refused++;
                return;
        }
        if (u->type != UNIT_SERVICE || u->config->load_error != 0) {
                log_error("%s: Service %s not loaded: %s", s->unit->name, name, strna(u->config->load_error_reason));
                manager_unit_gc(s->unit->manager, u);
                s->n_refused++;
                return;
        }
        u->service->per_source_key = TAKE_PTR(source);
        (void) hashmap_replace(s->per_source, u->service->per_source_key, (void *) (per_source + 1), NULL);
        s->n_connections++;
        r = service_unit_start_connection(u->service, s, TAKE_FD(fd), TAKE_PTR(env));
        if (r < 0 && !service_unit_is_active(u->service))
                manager_unit_gc(s->unit->manager, u);
}

void socket_unit_connection_closed(SocketUnit *s, const char *source) {
        uintptr_t n;

        if (s->n_connections > 0)
                s->n_connections--;
        if (!source)
                return;
        n = (uintptr_t) hashmap_get(s->per_source, source);
        if (n <= 1)
                (void) hashmap_remove(s->per_source, source);
        else
                (void) hashmap_replace(s->per_source, source, (void *) (n - 1), NULL);
}
