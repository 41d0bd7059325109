/* SPDX-License-Identifier: MIT */
/* Fuzz target over the reader + directive table + post-load checks. The input's first line names the unit
 * type ("socket", "service", ...), as in systemd's fuzz-unit-file corpus; the rest is the unit body. A first
 * line that is not a type name is parsed as a socket, so no input is wasted. */
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "string-util.h"
#include "unit-load.h"
#include "unit-name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(int level, const char *m, void *u) {
        /* Touch the message so that a bad format is still caught by the sanitizers. */
        volatile size_t n = strlen(m);
        (void) n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        static const SpecifierContext spec = {
                .runtime_dir = "/run", .state_dir = "/var/lib", .cache_dir = "/var/cache", .logs_dir = "/var/log",
                .config_dir = "/etc", .home = "/root", .shell = "/bin/sh", .user_name = "root", .uid = "0",
                .group_name = "root", .gid = "0", .machine_id = "0123456789abcdef0123456789abcdef",
                .boot_id = "fedcba9876543210fedcba9876543210", .host_name = "fuzz.example",
                .kernel_release = "6.1.0", .architecture = "x86-64",
        };
        const char *text = (const char *) data;
        size_t nl, body;
        char type[32] = "", name[48];
        UnitFile *u = NULL;

        log_set_sink(quiet, NULL);
        log_set_max_level(LOG_DEBUG);

        nl = 0;
        while (nl < size && text[nl] != '\n')
                nl++;
        if (nl < sizeof(type) && memchr(text, '\0', nl) == NULL) {
                memcpy(type, text, nl);
                type[nl] = '\0';
        }
        if (unit_type_from_string(type) < 0)
                strcpy(type, "socket");
        body = nl < size ? nl + 1 : size;
        snprintf(name, sizeof(name), "a.%s", type);

        if (unit_file_load_from_text(name, name, text + body, size - body, &spec, NULL, &u) >= 0)
                unit_file_free(u);
        return 0;
}
