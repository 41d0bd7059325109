/* SPDX-License-Identifier: MIT */
/* Parsers for [Socket]. */
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>

#include "directive-parsers.h"
#include "log.h"
#include "parse-util.h"
#include "socket-address.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"
#include "utf8.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

static const char *port_directive(int ltype) {
        switch (ltype) {
        case SOCK_STREAM:
                return "ListenStream";
        case SOCK_DGRAM:
                return "ListenDatagram";
        case SOCK_SEQPACKET:
                return "ListenSequentialPacket";
        case SOCK_RAW:
                return "ListenNetlink";
        case -SOCKET_PORT_FIFO:
                return "ListenFIFO";
        case -SOCKET_PORT_SPECIAL:
                return "ListenSpecial";
        case -SOCKET_PORT_MQUEUE:
                return "ListenMessageQueue";
        case -SOCKET_PORT_USB_FUNCTION:
                return "ListenUSBFunction";
        }
        return NULL;
}

/* ltype: SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW (netlink), or -SocketPortType for the others. */
CONFIG_PARSER(config_parse_listen) {
        SocketPort **ports = data, *p;
        int r;

        if (isempty(rvalue)) {
                /* An empty assignment to any Listen*= resets the whole list. */
                *ports = socket_port_free_list(*ports);
                return 0;
        }

        p = calloc(1, sizeof(SocketPort));
        if (!p)
                return log_oom();
        p->line = line;
        p->directive = port_directive(ltype);

        if (ltype < 0) {
                p->type = (SocketPortType) -ltype;
                if (p->type == SOCKET_PORT_USB_FUNCTION) {
                        free(p);
                        ctx->fail_closed = true;
                        return config_bad_value(ctx, filename, line, EOPNOTSUPP,
                                                "ListenUSBFunction= is not supported by sockact, refusing.");
                }
                if (rvalue[0] != '/' || strlen(rvalue) >= 4096 || !utf8_is_valid(rvalue) ||
                    string_has_cc(rvalue, NULL) ||
                    (p->type == SOCKET_PORT_MQUEUE && (strchr(rvalue + 1, '/') || rvalue[1] == '\0'))) {
                        free(p);
                        return config_bad_value(ctx, filename, line, EINVAL, "%s= path is not valid, %s: %s",
                                                lvalue, IGNORING(ctx), EXCERPT(rvalue));
                }
                p->path = strdup(rvalue);
                if (!p->path) {
                        free(p);
                        return log_oom();
                }
        } else {
                p->type = SOCKET_PORT_SOCKET;
                if (ltype == SOCK_RAW)
                        r = socket_address_parse_netlink(&p->address, rvalue);
                else
                        r = socket_address_parse_and_check(rvalue, &p->address);
                if (r < 0) {
                        free(p);
                        return config_bad_value(ctx, filename, line, -r, "Failed to parse address value in '%s', %s: %m",
                                                EXCERPT(rvalue), IGNORING(ctx));
                }
                p->address.type = ltype;
                if (ltype == SOCK_SEQPACKET && socket_address_family(&p->address) != AF_UNIX) {
                        free(p);
                        return config_bad_value(ctx, filename, line, EAFNOSUPPORT,
                                                "Address family not supported, %s: %s", IGNORING(ctx), EXCERPT(rvalue));
                }
        }

        /* Keep the order of the Listen*= lines: that is the order of the fds passed to the service. */
        while (*ports)
                ports = &(*ports)->next;
        *ports = p;
        return 0;
}

CONFIG_DUMPER(config_dump_listen) {
        const SocketPort *const *ports = data;
        const char *directive = lvalue;

        for (const SocketPort *p = *ports; p; p = p->next) {
                if (!streq_ptr(p->directive, directive))
                        continue;
                if (p->type == SOCKET_PORT_SOCKET) {
                        _cleanup_free_ char *s = NULL;
                        if (socket_address_print(&p->address, &s) >= 0)
                                fprintf(f, "%s=%s\n", lvalue, s);
                } else
                        fprintf(f, "%s=%s\n", lvalue, p->path);
        }
}

CONFIG_PARSER(config_parse_socket_protocol) {
        int *proto = data;

        if (streq(rvalue, "udplite"))
                *proto = IPPROTO_UDPLITE;
        else if (streq(rvalue, "sctp"))
                *proto = IPPROTO_SCTP;
        else if (streq(rvalue, "mptcp")) /* a sockact extension; systemd 252 knows only the first two */
                *proto = IPPROTO_MPTCP;
        else
                return config_bad_value(ctx, filename, line, EINVAL, "Socket protocol not supported, ignoring: %s",
                                        EXCERPT(rvalue));
        return 0;
}

CONFIG_DUMPER(config_dump_socket_protocol) {
        int p = *(const int *) data;
        fprintf(f, "%s=%s\n", lvalue,
                p == IPPROTO_UDPLITE ? "udplite" : p == IPPROTO_SCTP ? "sctp" : p == IPPROTO_MPTCP ? "mptcp" : "");
}

CONFIG_PARSER(config_parse_bind_ipv6_only) {
        SocketAddressBindIPv6Only *b = data;
        SocketAddressBindIPv6Only v;
        int k;

        v = socket_address_bind_ipv6_only_from_string(rvalue);
        if (v >= 0) {
                *b = v;
                return 0;
        }
        k = parse_boolean(rvalue);
        if (k < 0)
                return config_bad_value(ctx, filename, line, -k, "Failed to parse bind IPv6 only value, ignoring: %s",
                                        EXCERPT(rvalue));
        *b = k ? SOCKET_ADDRESS_IPV6_ONLY : SOCKET_ADDRESS_BOTH;
        return 0;
}

CONFIG_DUMPER(config_dump_bind_ipv6_only) {
        fprintf(f, "%s=%s\n", lvalue, strna(socket_address_bind_ipv6_only_to_string(*(const int *) data)));
}

CONFIG_PARSER(config_parse_timestamping) {
        SocketTimestamping *t = data;
        int k;

        if (STR_IN_SET(rvalue, "off"))
                *t = SOCKET_TIMESTAMPING_OFF;
        else if (STR_IN_SET(rvalue, "us", "usec", "µs"))
                *t = SOCKET_TIMESTAMPING_US;
        else if (STR_IN_SET(rvalue, "ns", "nsec"))
                *t = SOCKET_TIMESTAMPING_NS;
        else {
                k = parse_boolean(rvalue);
                if (k < 0)
                        return config_bad_value(ctx, filename, line, EINVAL,
                                                "Failed to parse timestamping precision, ignoring: %s", EXCERPT(rvalue));
                *t = k ? SOCKET_TIMESTAMPING_NS : SOCKET_TIMESTAMPING_OFF;
        }
        return 0;
}

CONFIG_DUMPER(config_dump_timestamping) {
        fprintf(f, "%s=%s\n", lvalue, strna(socket_timestamping_to_string(*(const int *) data)));
}

CONFIG_PARSER(config_parse_ip_tos) {
        static const struct {
                const char *name;
                int value;
        } names[] = {
                { "low-delay", IPTOS_LOWDELAY },
                { "throughput", IPTOS_THROUGHPUT },
                { "reliability", IPTOS_RELIABILITY },
                { "low-cost", IPTOS_MINCOST },
        };
        int *tos = data;
        unsigned u;

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(rvalue, names[i].name)) {
                        *tos = names[i].value;
                        return 0;
                }
        if (safe_atou(rvalue, &u) < 0 || u > 0xff)
                return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse IP TOS value, ignoring: %s",
                                        EXCERPT(rvalue));
        *tos = (int) u;
        return 0;
}

CONFIG_PARSER(config_parse_bind_to_device) {
        char **s = data;

        if (isempty(rvalue)) {
                *s = mfree_ptr(*s);
                return 0;
        }
        if (!ifname_valid(rvalue))
                return config_bad_value(ctx, filename, line, EINVAL, "Invalid interface name, ignoring: %s",
                                        EXCERPT(rvalue));
        return free_and_strdup(s, rvalue) < 0 ? log_oom() : 0;
}

CONFIG_PARSER(config_parse_fdname) {
        char **s = data;

        if (isempty(rvalue)) {
                *s = mfree_ptr(*s);
                return 0;
        }
        /* The names are joined with ':' in $LISTEN_FDNAMES, so they may not contain one. */
        bool ok = strlen(rvalue) <= 255;
        for (const char *c = rvalue; ok && *c; c++)
                ok = *c >= ' ' && *c < 127 && *c != ':'; /* printable ASCII, as systemd's fdname_is_valid() */
        if (!ok)
                return config_bad_value(ctx, filename, line, EINVAL, "Invalid file descriptor name, ignoring: %s",
                                        EXCERPT(rvalue));
        return free_and_strdup(s, rvalue) < 0 ? log_oom() : 0;
}

CONFIG_PARSER(config_parse_socket_service) {
        char **s = data;

        if (!unit_name_is_valid(rvalue, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return config_bad_value(ctx, filename, line, EINVAL, "Invalid unit name, ignoring: %s", EXCERPT(rvalue));
        if (!endswith(rvalue, ".service"))
                return config_bad_value(ctx, filename, line, EINVAL, "Unit must be of type service, ignoring: %s",
                                        EXCERPT(rvalue));
        return free_and_strdup(s, rvalue) < 0 ? log_oom() : 0;
}

CONFIG_PARSER(config_parse_backlog) {
        unsigned *b = data;
        int r = safe_atou(rvalue, b);

        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to parse %s= value, ignoring: %s", lvalue,
                                        EXCERPT(rvalue));
        return 0;
}

/* Priority=, IPTTL=, Mark=: integers where -1 means "not set". */
CONFIG_PARSER(config_parse_socket_int) {
        int *i = data;
        int v;
        int r = safe_atoi(rvalue, &v);

        if (r < 0 || (ltype == 1 && (v < 0 || v > 255)))
                return config_bad_value(ctx, filename, line, r < 0 ? -r : ERANGE,
                                        "Failed to parse %s= value, ignoring: %s", lvalue, EXCERPT(rvalue));
        *i = v;
        return 0;
}

CONFIG_DUMPER(config_dump_socket_int) {
        int i = *(const int *) data;
        if (i < 0)
                fprintf(f, "%s=\n", lvalue);
        else
                fprintf(f, "%s=%i\n", lvalue, i);
}

CONFIG_PARSER(config_parse_tcp_congestion) {
        char **s = data;

        if (isempty(rvalue)) {
                *s = mfree_ptr(*s);
                return 0;
        }
        if (strlen(rvalue) >= 16 || !in_charset(rvalue, ALPHANUMERICAL "_-"))
                return config_bad_value(ctx, filename, line, EINVAL, "Invalid TCP congestion algorithm, ignoring: %s",
                                        EXCERPT(rvalue));
        return free_and_strdup(s, rvalue) < 0 ? log_oom() : 0;
}

CONFIG_PARSER(config_parse_socket_timeout) {
        return config_parse_sec_fix_0(filename, line, section, lvalue, ltype, rvalue, data, ctx);
}
