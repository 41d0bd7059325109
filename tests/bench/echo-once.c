/* SPDX-License-Identifier: MIT */
/* The service of the Accept=yes benchmark, the same for every supervisor (tests/bench/bench-accept.sh):
 * reads once from stdin (the connection), writes what it got to stdout (the connection) and exits 0.
 * Built static so that no supervisor pays for the dynamic loader differently. */
#include <unistd.h>

int main(void) {
        char buf[4096];
        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

        if (n <= 0)
                return 1;
        for (ssize_t off = 0; off < n;) {
                ssize_t k = write(STDOUT_FILENO, buf + off, (size_t) (n - off));
                if (k <= 0)
                        return 1;
                off += k;
        }
        return 0;
}
