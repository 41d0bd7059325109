/* SPDX-License-Identifier: MIT */
/* Benchmark: load N socket+service pairs with drop-ins through the unit loader, as the daemon will at start.
 * Usage: bench-load DIR [N]   (DIR is created and filled; N defaults to 10000)
 * Prints the wall and CPU time and units/s. Not part of make check. */
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

static void write_file(const char *path, const char *text) {
        FILE *f = fopen(path, "we");
        if (!f) {
                perror(path);
                exit(1);
        }
        fputs(text, f);
        fclose(f);
}

static double now(clockid_t c) {
        struct timespec ts;
        clock_gettime(c, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int main(int argc, char *argv[]) {
        const char *dir = argc > 1 ? argv[1] : NULL;
        unsigned n = argc > 2 ? (unsigned) strtoul(argv[2], NULL, 10) : 10000;
        _cleanup_strv_free_ char **path = NULL;
        char p[4096], t[1024];
        double w0, c0, w1, c1;
        unsigned loaded = 0, failed = 0;
        UnitLoader *l = NULL;

        if (!dir || n == 0 || n > 1000000) {
                fprintf(stderr, "usage: bench-load DIR [N]\n");
                return 2;
        }
        /* Two search directories: units in "lib", drop-ins in "etc", plus a type-wide drop-in. */
        snprintf(p, sizeof(p), "%s/etc", dir);
        mkdir(dir, 0755);
        mkdir(p, 0755);
        snprintf(p, sizeof(p), "%s/lib", dir);
        mkdir(p, 0755);
        snprintf(p, sizeof(p), "%s/lib/socket.d", dir);
        mkdir(p, 0755);
        snprintf(p, sizeof(p), "%s/lib/socket.d/50-defaults.conf", dir);
        write_file(p, "[Socket]\nKeepAlive=yes\n");
        for (unsigned i = 0; i < n; i++) {
                snprintf(p, sizeof(p), "%s/lib/svc%u.socket", dir, i);
                snprintf(t, sizeof(t),
                         "[Unit]\nDescription=Bench socket %%n\n[Socket]\nListenStream=127.0.0.1:%u\n"
                         "ListenStream=/run/bench/%%N.sock\nBacklog=64\n[Install]\nWantedBy=sockets.target\n",
                         10000 + i % 50000);
                write_file(p, t);
                snprintf(p, sizeof(p), "%s/lib/svc%u.service", dir, i);
                write_file(p, "[Unit]\nDescription=Bench service %n\n[Service]\nExecStart=/bin/cat\n"
                              "Environment=A=1 B=2\nRestart=on-failure\n");
                snprintf(p, sizeof(p), "%s/etc/svc%u.socket.d", dir, i);
                mkdir(p, 0755);
                snprintf(p, sizeof(p), "%s/etc/svc%u.socket.d/10-override.conf", dir, i);
                write_file(p, "[Socket]\nMaxConnections=10\n");
        }

        log_set_max_level(LOG_ERR);
        if (strv_consume(&path, strjoin(dir, "/etc")) < 0 || strv_consume(&path, strjoin(dir, "/lib")) < 0)
                return 1;

        w0 = now(CLOCK_MONOTONIC);
        c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        if (unit_loader_new(UNIT_SCOPE_SYSTEM, path, NULL, &l) < 0)
                return 1;
        for (unsigned i = 0; i < n; i++)
                for (int k = 0; k < 2; k++) {
                        UnitFile *u = NULL;
                        snprintf(p, sizeof(p), "svc%u.%s", i, k == 0 ? "socket" : "service");
                        if (unit_loader_load(l, p, &u) < 0)
                                return 1;
                        if (u->load_error == 0 && (k == 1 || (u->socket.max_connections == 10 && u->socket.keep_alive)))
                                loaded++;
                        else
                                failed++;
                        unit_file_free(u);
                }
        unit_loader_free(l);
        w1 = now(CLOCK_MONOTONIC);
        c1 = now(CLOCK_PROCESS_CPUTIME_ID);

        printf("loaded %u units (%u socket+service pairs, each socket with 2 drop-ins), %u failed\n", loaded, n, failed);
        printf("wall %.3f s, cpu %.3f s, %.0f units/s (target: %u pairs in < 1 s on one core)\n", w1 - w0, c1 - c0,
               (double) (loaded + failed) / (c1 - c0), n);
        return failed == 0 ? 0 : 1;
}
