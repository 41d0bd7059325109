/* SPDX-License-Identifier: MIT */
/* Accept=yes: one service instance per connection, named after the connection as systemd 252 names it, with
 * REMOTE_ADDR/REMOTE_PORT and the connection limits; the accept loop itself is in socket-unit.c. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/vm_sockets.h>

#include "log.h"
#include "manager.h"
#include "service-unit.h"
#include "socket-accept.h"
#include "socket-listen.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static bool sockaddr_is_v4_mapped(const SockaddrUnion *a) {
        return a->sa.sa_family == AF_INET6 &&
               IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *) a)->sin6_addr);
}

int socket_instance_address(const struct sockaddr *sa, socklen_t len, bool mapped_as_ipv4,
                            char buf[static SOCKET_INSTANCE_ADDRESS_MAX]) {
        char num[DECIMAL_STR_MAX_U64], *p = buf;
        uint64_t port;

        switch (sa->sa_family) {
        case AF_INET: {
                struct sockaddr_in in;

                if (len < sizeof(in))
                        return -EINVAL;
                memcpy(&in, sa, sizeof(in));
                p = ipv4_put(p, (const uint8_t *) &in.sin_addr.s_addr);
                port = ntohs(in.sin_port);
                break;
        }
        case AF_INET6: {
                struct sockaddr_in6 in6;

                if (len < sizeof(in6))
                        return -EINVAL;
                memcpy(&in6, sa, sizeof(in6));
                if (mapped_as_ipv4 && IN6_IS_ADDR_V4MAPPED(&in6.sin6_addr))
                        p = ipv4_put(p, in6.sin6_addr.s6_addr + 12);
                else {
                        if (!inet_ntop(AF_INET6, &in6.sin6_addr, p, INET6_ADDRSTRLEN))
                                return -EINVAL;
                        p += strlen(p);
                }
                port = ntohs(in6.sin6_port);
                break;
        }
        case AF_VSOCK: {
                struct sockaddr_vm vm;

                if (len < sizeof(vm))
                        return -EINVAL;
                memcpy(&vm, sa, sizeof(vm));
                p = stpcpy(p, format_u64(num, vm.svm_cid));
                port = vm.svm_port;
                break;
        }
        default:
                return -EAFNOSUPPORT;
        }
        *p++ = ':';
        stpcpy(p, format_u64(num, port));
        return 0;
}

/* Accept=yes: the instance name systemd 252 builds: "N-LOCAL-REMOTE" for IP and vsock peers (see
 * socket_instance_address()), "N-PID-UID" for unix ones. The local address is the listener's unless that is a
 * wildcard (then the connection's). *ret_env: REMOTE_ADDR and REMOTE_PORT in one allocation (strv_pack()), or
 * NULL; *ret_source: the peer for MaxConnectionsPerSource=. */
static int socket_instance_name(SocketUnit *s, const SocketPortRuntime *p, int fd, const SockaddrUnion *peer,
                                socklen_t peer_len, char **ret, char ***ret_env, char **ret_source) {
        SockaddrUnion local = {}, remote = {};
        socklen_t ll = sizeof(local), rl = sizeof(remote);
        _cleanup_free_ char *addr = NULL;
        char nbuf[DECIMAL_STR_MAX_U64], pbuf[DECIMAL_STR_MAX_U64], abuf[128];
        char lbuf[SOCKET_INSTANCE_ADDRESS_MAX], rbuf[SOCKET_INSTANCE_ADDRESS_MAX];
        char portbuf[sizeof("REMOTE_PORT=") + DECIMAL_STR_MAX_U64];
        const char *nb, *lp = p->local_pretty;
        unsigned port;
        bool mapped;
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
        nb = format_u64(nbuf, s->n_accepted);
        if (remote.sa.sa_family == AF_UNIX) {
                struct ucred cred;
                socklen_t cl = sizeof(cred);
                char pidbuf[DECIMAL_STR_MAX_U64], ubuf[DECIMAL_STR_MAX_U64];
                bool got = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) >= 0 && cl == sizeof(cred);
                bool known = got && cred.pid > 0;
                const char *uid = format_u64(ubuf, got ? cred.uid : 0);

                *ret = known ? strjoin(nb, "-", format_u64(pidbuf, (uint64_t) cred.pid), "-", uid)
                             : strjoin(nb, "-unknown");
                if (!*ret)
                        return -ENOMEM;
                *ret_source = strjoin("uid:", uid);
                if (!*ret_source)
                        return -ENOMEM;
                *ret_env = NULL;
                return 0;
        }
        mapped = sockaddr_is_v4_mapped(&local) && sockaddr_is_v4_mapped(&remote);
        r = socket_instance_address(&remote.sa, rl, mapped, rbuf);
        if (r >= 0 && !lp) {
                r = socket_instance_address(&local.sa, ll, mapped, lbuf);
                lp = lbuf;
        }
        if (r >= 0)
                r = sockaddr_pretty(&remote.sa, rl, true, false, &addr);
        if (r < 0)
                return r;
        *ret = strjoin(nb, "-", lp, "-", rbuf);
        if (!*ret)
                return -ENOMEM;
        port = remote.sa.sa_family == AF_INET ? ntohs(((struct sockaddr_in *) &remote)->sin_port)
                : remote.sa.sa_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *) &remote)->sin6_port)
                                                  : 0;
        if (strlen(addr) >= sizeof(abuf) - strlen("REMOTE_ADDR="))
                return -EINVAL;
        stpcpy(stpcpy(abuf, "REMOTE_ADDR="), addr);
        stpcpy(stpcpy(portbuf, "REMOTE_PORT="), format_u64(pbuf, port));
        *ret_env = strv_pack((const char *const[]) { abuf, portbuf }, port > 0 ? 2 : 1);
        if (!*ret_env)
                return -ENOMEM;
        *ret_source = TAKE_PTR(addr);
        return 0;
}

void socket_accept_one(SocketUnit *s, const SocketPortRuntime *p, int cfd, const SockaddrUnion *peer,
                       socklen_t peer_len) {
        const SocketSection *c = &s->unit->config->socket;
        _cleanup_free_ char *instance = NULL, *name = NULL, *source = NULL;
        _cleanup_free_ char **env = NULL;
        _cleanup_close_ int fd = cfd;
        uintptr_t per_source;
        Unit *u;
        int r;

        if (s->n_connections >= c->max_connections)
                manager_reap(s->unit->manager); /* instances that ended since SIGCHLD was last handled */
        if (s->n_connections >= c->max_connections) {
                log_warning("%s: Too many incoming connections (%u), dropping connection.", s->unit->name,
                            s->n_connections);
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
        r = s->instance_prefix ? 0 : unit_name_to_prefix(s->unit->name, &s->instance_prefix);
        if (r >= 0)
                r = unit_name_build(s->instance_prefix, instance, ".service", &name);
        if (r < 0) {
                log_warning_errno(r,
                                  "%s: Cannot make a unit name for the instance %s, dropping the connection: %m",
                                  s->unit->name, instance);
                s->n_refused++;
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
                log_error("%s: Service %s not loaded: %s", s->unit->name, name,
                          strna(u->config->load_error_reason));
                manager_unit_gc(s->unit->manager, u);
                s->n_refused++;
                return;
        }
        /* A unit of that name still serves an earlier connection (the count starts at 0 again when the socket
         * unit is made anew, e.g. after its file was removed and put back): as systemd, refuse this one. */
        if (service_unit_is_active(u->service) || u->service->accept_socket || u->service->conn_fd >= 0) {
                log_warning("%s: %s still serves an earlier connection, dropping the new one.", s->unit->name,
                            name);
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
