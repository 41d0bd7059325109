/* SPDX-License-Identifier: MIT */
/* Test helper: print every directive the parser knows, one "STATE SECTION KEY" per line, where STATE is
 * "supported" or "unsupported" and SECTION is Unit, Install, Socket, Service, or Exec/Kill (valid in both
 * [Socket] and [Service]). Used by the man-page coverage test. */
#include "config-parse.h"

int main(void) {
        const ConfigItem *items;
        const UnsupportedItem *u;
        size_t n;

        items = config_items(&n);
        for (size_t i = 0; i < n; i++)
                printf("supported %s %s\n", items[i].section, items[i].lvalue);
        u = config_unsupported_items(&n);
        for (size_t i = 0; i < n; i++)
                printf("unsupported %s %s\n", u[i].section, u[i].lvalue);
        return 0;
}
