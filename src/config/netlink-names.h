/* SPDX-License-Identifier: MIT */
#pragma once

/* ListenNetlink=: names of netlink families, the same table as systemd 252 (socket-util.c): "route",
 * "firewall", "inet-diag", "nflog", "xfrm", "selinux", "iscsi", "audit", "fib-lookup", "connector",
 * "netfilter", "ip6-fw", "dnrtmsg", "kobject-uevent", "generic", "scsitransport", "ecryptfs", "rdma".
 * Families without a name (1, 2, 17, 21 crypto, 22 smc, ...) are written as numbers. */

/* The family for a name (case-sensitive) or a number 0…INT_MAX in systemd's integer syntax; -EINVAL
 * otherwise. */
int netlink_family_from_string(const char *s);
/* The name of a family, NULL if it has none. */
const char *netlink_family_to_string(int family);
/* The name, or the decimal number for families without a name; -ERANGE for a negative family, -ENOMEM. */
int netlink_family_to_string_alloc(int family, char **ret);
