/* SPDX-License-Identifier: MIT */
/* Fuzz target over what a service may send to $NOTIFY_SOCKET: the input's first byte picks the state the
 * service is in (start, running, reload), the rest is the datagram, split into lines as the notify socket
 * does. Each input gets a fresh manager with one Type=notify service (main PID a number no process can
 * have, so a stop signals nobody); the service's reaction (READY=1, STATUS=, MAINPID=, WATCHDOG=,
 * EXTEND_TIMEOUT_USEC=, RELOADING=1, STOPPING=1, ERRNO=, FDSTORE=...) runs as in the daemon. */
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "log.h"
#include "manager.h"
#include "service-unit.h"
#include "string-util.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_NOTIFY_MAX 4096
#define NO_SUCH_PID ((pid_t) 0x7ffffff0) /* above any pid_max */

static char root[64];

static void quiet(int level, const char *m, void *u) {
}

static void cleanup(void) {
        char path[256];

        snprintf(path, sizeof(path), "%s/units/fuzz.service", root);
        (void) remove(path);
        snprintf(path, sizeof(path), "%s/units", root);
        (void) rmdir(path);
        snprintf(path, sizeof(path), "%s/run/notify", root);
        (void) remove(path);
        snprintf(path, sizeof(path), "%s/run", root);
        (void) rmdir(path);
        (void) rmdir(root);
}

static void setup(void) {
        static const char unit[] = "[Service]\nType=notify\nExecStart=/bin/true\nFileDescriptorStoreMax=4\n"
                                   "WatchdogSec=1h\nNotifyAccess=all\nRestart=no\n";
        char path[256];
        FILE *f;

        snprintf(root, sizeof(root), "/tmp/fuzz-notify-%d", (int) getpid());
        snprintf(path, sizeof(path), "%s/units", root);
        if (mkdir(root, 0700) < 0 || mkdir(path, 0700) < 0)
                abort();
        snprintf(path, sizeof(path), "%s/run", root);
        if (mkdir(path, 0700) < 0)
                abort();
        snprintf(path, sizeof(path), "%s/units/fuzz.service", root);
        f = fopen(path, "we");
        if (!f || fwrite(unit, 1, sizeof(unit) - 1, f) != sizeof(unit) - 1)
                abort();
        fclose(f);
        atexit(cleanup);
        if (!getenv("XDG_RUNTIME_DIR"))
                setenv("XDG_RUNTIME_DIR", root, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        static const ServiceState states[] = { SERVICE_START, SERVICE_RUNNING, SERVICE_RELOAD };
        _cleanup_strv_free_ char **lines = NULL;
        _cleanup_free_ char *units = NULL, *run = NULL;
        char *search[2] = {};
        char buf[FUZZ_NOTIFY_MAX + 1];
        Manager *m = NULL;
        Unit *u = NULL;
        ServiceUnit *s;
        size_t n;

        log_set_sink(quiet, NULL);
        if (!root[0])
                setup();
        if (size < 1)
                return 0;
        n = MIN(size - 1, (size_t) FUZZ_NOTIFY_MAX);
        memcpy(buf, data + 1, n);
        buf[n] = '\0';

        units = strjoin(root, "/units");
        run = strjoin(root, "/run");
        if (!units || !run)
                abort();
        search[0] = units;
        if (manager_new(UNIT_SCOPE_USER, search, run, NULL, &m) < 0)
                abort();
        if (manager_load_unit(m, "fuzz.service", &u) < 0 || !u->service)
                abort();
        s = u->service;
        s->state = states[data[0] % ELEMENTSOF(states)];
        s->main_pid = NO_SUCH_PID;
        if (strv_split(buf, "\n", &lines) < 0)
                abort();
        service_unit_notify(s, NO_SUCH_PID, lines, NULL, 0);
        manager_free(m);
        return 0;
}
