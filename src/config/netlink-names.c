/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <sys/socket.h>

#include "macro.h"
#include "netlink-names.h"
#include "socket-address.h"
#include "string-util.h"

static const char *const netlink_family_table[] = {
        [NETLINK_ROUTE] = "route",
        [NETLINK_FIREWALL] = "firewall",
        [NETLINK_INET_DIAG] = "inet-diag",
        [NETLINK_NFLOG] = "nflog",
        [NETLINK_XFRM] = "xfrm",
        [NETLINK_SELINUX] = "selinux",
        [NETLINK_ISCSI] = "iscsi",
        [NETLINK_AUDIT] = "audit",
        [NETLINK_FIB_LOOKUP] = "fib-lookup",
        [NETLINK_CONNECTOR] = "connector",
        [NETLINK_NETFILTER] = "netfilter",
        [NETLINK_IP6_FW] = "ip6-fw",
        [NETLINK_DNRTMSG] = "dnrtmsg",
        [NETLINK_KOBJECT_UEVENT] = "kobject-uevent",
        [NETLINK_GENERIC] = "generic",
        [NETLINK_SCSITRANSPORT] = "scsitransport",
        [NETLINK_ECRYPTFS] = "ecryptfs",
        [NETLINK_RDMA] = "rdma",
};

int netlink_family_from_string(const char *s) {
        unsigned u;

        if (!s)
                return -EINVAL;

        for (size_t i = 0; i < ELEMENTSOF(netlink_family_table); i++)
                if (netlink_family_table[i] && streq(netlink_family_table[i], s))
                        return (int) i;

        /* Like systemd's string tables "with fallback": any number up to INT_MAX is a family too. */
        if (socket_address_parse_unsigned(s, false, &u) < 0)
                return -EINVAL;
        if (u > INT_MAX)
                return -EINVAL;
        return (int) u;
}

const char *netlink_family_to_string(int family) {
        if (family < 0 || (size_t) family >= ELEMENTSOF(netlink_family_table))
                return NULL;
        return netlink_family_table[family];
}

int netlink_family_to_string_alloc(int family, char **ret) {
        const char *name;
        char *s;

        if (family < 0)
                return -ERANGE;

        name = netlink_family_to_string(family);
        if (name)
                s = strdup(name);
        else if (asprintf(&s, "%i", family) < 0)
                s = NULL;
        if (!s)
                return -ENOMEM;

        *ret = s;
        return 0;
}

int socket_address_parse_netlink(SocketAddress *ret, const char *s) {
        _cleanup_free_ char *word = NULL;
        unsigned group = 0;
        size_t n = 0;
        int family, r;

        if (!s || !ret)
                return -EINVAL;

        /* The first whitespace-separated word, with backslash escaping the next byte (systemd's
         * extract_first_word() without flags); the rest, after the separating whitespace, is the group. */
        s += strspn(s, WHITESPACE);
        if (!*s)
                return -EINVAL;

        word = malloc(strlen(s) + 1);
        if (!word)
                return -ENOMEM;
        for (; *s && !strchr(WHITESPACE, *s); s++) {
                if (*s == '\\') {
                        s++;
                        if (!*s)
                                return -EINVAL;
                }
                word[n++] = *s;
        }
        word[n] = 0;
        s += strspn(s, WHITESPACE);

        family = netlink_family_from_string(word);
        if (family < 0)
                return -EINVAL;

        if (*s) {
                r = socket_address_parse_unsigned(s, false, &group);
                if (r < 0)
                        return r;
        }

        *ret = (SocketAddress) {
                .sockaddr.nl = {
                        .nl_family = AF_NETLINK,
                        .nl_groups = group,
                },
                .size = sizeof(struct sockaddr_nl),
                .type = SOCK_RAW,
                .protocol = family,
        };
        return 0;
}
