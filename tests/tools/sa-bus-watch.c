/* SPDX-License-Identifier: MIT */
/* Test client: sa-bus-watch PATH SECONDS
 * Connects to sockactd's control socket PATH (sd-bus peer to peer) and prints every UnitChanged signal as
 * "UnitChanged NAME ACTIVE SUB" and every Reloaded as "Reloaded", one a line, for SECONDS. Prints "ready"
 * first, once connected. Exit 0, 1 on connection errors, 2 on usage errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <time.h>

static int on_signal(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const char *name, *active, *sub;

        if (sd_bus_message_is_signal(m, "org.sockact1.Manager", "Reloaded")) {
                printf("Reloaded\n");
        } else if (sd_bus_message_read(m, "sss", &name, &active, &sub) >= 0)
                printf("UnitChanged %s %s %s\n", name, active, sub);
        fflush(stdout);
        return 0;
}

static uint64_t now_usec(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

int main(int argc, char *argv[]) {
        sd_bus *bus = NULL;
        char *address;
        uint64_t end;
        int r;

        if (argc != 3 || atoi(argv[2]) <= 0)
                return fprintf(stderr, "usage: sa-bus-watch PATH SECONDS\n"), 2;
        if (asprintf(&address, "unix:path=%s", argv[1]) < 0)
                return 1;
        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, address);
        if (r >= 0)
                r = sd_bus_match_signal(bus, NULL, NULL, "/org/sockact1", "org.sockact1.Manager", NULL, on_signal,
                                        NULL);
        if (r >= 0)
                r = sd_bus_start(bus);
        /* a call makes sure the connection is up before we say so */
        if (r >= 0)
                r = sd_bus_call_method(bus, NULL, "/org/freedesktop/DBus", "org.freedesktop.DBus.Peer", "Ping", NULL,
                                       NULL, NULL);
        free(address);
        if (r < 0) {
                fprintf(stderr, "sa-bus-watch: %s: %s\n", argv[1], strerror(-r));
                sd_bus_unref(bus);
                return 1;
        }
        printf("ready\n");
        fflush(stdout);
        end = now_usec() + (uint64_t) atoi(argv[2]) * 1000000;
        while (now_usec() < end) {
                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        break;
                if (r > 0)
                        continue;
                if (sd_bus_wait(bus, end - now_usec()) < 0)
                        break;
        }
        sd_bus_flush_close_unref(bus);
        return r < 0 ? 1 : 0;
}
