/* SPDX-License-Identifier: MIT */
/* Fuzz target over the control interface: each input line is one call a client makes on the real server
 * (a fresh manager with its control socket in a private runtime directory, and a client connected to it
 * through that socket, both on the manager's event loop). The line's first byte picks the call, the rest is
 * its string argument (a unit name, an object path, an interface or property name); then the loop runs until
 * every reply came back. The units: a socket on an abstract address and services whose condition never holds,
 * and a service that fails to load, so that no call starts a process. */
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <systemd/sd-bus.h>

#include "control.h"
#include "log.h"
#include "manager.h"
#include "string-util.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CALLS_MAX 64
#define FUZZ_ROUNDS_MAX 2000

static char root[64];

static void quiet(int level, const char *m, void *u) {
}

static void write_unit(const char *name, const char *text) {
        char path[256];
        FILE *f;

        snprintf(path, sizeof(path), "%s/units/%s", root, name);
        f = fopen(path, "we");
        if (!f || fputs(text, f) < 0)
                abort();
        fclose(f);
}

static const char *const unit_names[] = { "a.socket", "a.service", "b@.socket", "b@.service", "c.service" };

static void cleanup(void) {
        char path[256];

        for (size_t i = 0; i < ELEMENTSOF(unit_names); i++) {
                snprintf(path, sizeof(path), "%s/units/%s", root, unit_names[i]);
                (void) remove(path);
        }
        snprintf(path, sizeof(path), "%s/units", root);
        (void) rmdir(path);
        snprintf(path, sizeof(path), "%s/run", root);
        (void) rmdir(path);
        (void) rmdir(root);
}

static void setup(void) {
        char path[256], text[256];

        snprintf(root, sizeof(root), "/tmp/fuzz-control-%d", (int) getpid());
        snprintf(path, sizeof(path), "%s/units", root);
        if (mkdir(root, 0700) < 0 || mkdir(path, 0700) < 0)
                abort();
        snprintf(path, sizeof(path), "%s/run", root);
        if (mkdir(path, 0700) < 0)
                abort();
        snprintf(text, sizeof(text), "[Socket]\nListenStream=@fuzz-control-%d-a\n", (int) getpid());
        write_unit("a.socket", text);
        write_unit("a.service", "[Unit]\nConditionPathExists=/nonexistent/fuzz\n[Service]\nExecStart=/bin/true\n"
                                "ExecReload=/bin/true\n");
        snprintf(text, sizeof(text), "[Socket]\nListenStream=@fuzz-control-%d-b\nAccept=yes\n", (int) getpid());
        write_unit("b@.socket", text);
        write_unit("b@.service", "[Unit]\nConditionPathExists=/nonexistent/fuzz\n[Service]\nExecStart=/bin/true\n");
        write_unit("c.service", "[Service]\nExecStart=relative/path/fails/to/load\n");
        atexit(cleanup);
        if (!getenv("XDG_RUNTIME_DIR"))
                setenv("XDG_RUNTIME_DIR", root, 0);
}

static int on_reply(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        unsigned *pending = userdata;
        const sd_bus_error *e = sd_bus_message_get_error(m);

        if (getenv("FUZZ_CONTROL_DEBUG"))
                fprintf(stderr, "reply: %s %s\n", e ? e->name : "ok", e ? e->message : "");
        (*pending)--;
        return 0;
}

/* Issue one call for line (its first byte picks it); returns 1 if a reply is pending. */
static int call(sd_bus *bus, const char *line, size_t len, unsigned *pending) {
        static const char *const manager_methods[] = { "LoadUnit", "GetUnit", "StartUnit", "StopUnit",
                                                       "RestartUnit", "ReloadUnit", "ResetFailed" };
        static const char *const unit_methods[] = { "Start", "Stop", "Restart", "Reload", "ResetFailed" };
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *msg = NULL;
        _cleanup_free_ char *arg = NULL, *path = NULL;
        unsigned op;
        int r;

        if (len == 0)
                return 0;
        op = (uint8_t) line[0] % 12;
        arg = strndup(line + 1, len - 1);
        if (!arg)
                abort();
        switch (op) {
        case 0 ... 6:
                r = sd_bus_message_new_method_call(bus, &msg, "org.sockact1", "/org/sockact1", "org.sockact1.Manager",
                                                   manager_methods[op]);
                if (r >= 0)
                        r = sd_bus_message_append(msg, "s", arg);
                break;
        case 7:
                r = sd_bus_message_new_method_call(bus, &msg, "org.sockact1", "/org/sockact1", "org.sockact1.Manager",
                                                   "GetUnitLog");
                if (r >= 0)
                        r = sd_bus_message_append(msg, "su", arg, (uint32_t) (len % 5));
                break;
        case 8:
                r = sd_bus_message_new_method_call(bus, &msg, "org.sockact1", "/org/sockact1", "org.sockact1.Manager",
                                                   len % 3 == 0 ? "ListUnits" : len % 3 == 1 ? "ListSockets" : "Reload");
                break;
        case 9: /* a unit object by its (escaped) name: every property of every interface */
                r = sd_bus_path_encode("/org/sockact1/unit", arg, &path);
                if (r >= 0)
                        r = sd_bus_message_new_method_call(bus, &msg, "org.sockact1", path,
                                                           "org.freedesktop.DBus.Properties", "GetAll");
                if (r >= 0)
                        r = sd_bus_message_append(msg, "s", len % 2 ? "" : "org.sockact1.Unit");
                break;
        case 10: /* a raw object path and interface: Get of a property named by the rest */
                r = sd_bus_message_new_method_call(bus, &msg, "org.sockact1", len % 2 ? arg : "/org/sockact1/unit/a_2esocket",
                                                   "org.freedesktop.DBus.Properties", "Get");
                if (r >= 0)
                        r = sd_bus_message_append(msg, "ss", "org.sockact1.Socket", arg);
                break;
        default: /* a unit's own method */
                r = sd_bus_path_encode("/org/sockact1/unit", arg, &path);
                if (r >= 0)
                        r = sd_bus_message_new_method_call(bus, &msg, "org.sockact1", path, "org.sockact1.Unit",
                                                           unit_methods[len % ELEMENTSOF(unit_methods)]);
                break;
        }
        if (r < 0) /* refused on our side already (invalid UTF-8, object path, ...) */
                return 0;
        r = sd_bus_call_async(bus, NULL, msg, on_reply, pending, 0);
        if (r < 0)
                return 0;
        (*pending)++;
        return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_free_ char *units = NULL, *run = NULL, *address = NULL;
        char *search[2] = {};
        sd_bus *bus = NULL;
        Manager *m = NULL;
        unsigned pending = 0, n_calls = 0;
        const char *p = (const char *) data, *end = p + size;

        log_set_sink(quiet, NULL);
        if (!root[0])
                setup();
        units = strjoin(root, "/units");
        run = strjoin(root, "/run");
        address = strjoin("unix:path=", root, "/run/private");
        if (!units || !run || !address)
                abort();
        search[0] = units;
        if (manager_new(UNIT_SCOPE_USER, search, run, NULL, &m) < 0 || control_server_start(m) < 0)
                abort();
        (void) manager_start_unit(m, "a.socket");
        if (sd_bus_new(&bus) < 0 || sd_bus_set_address(bus, address) < 0 ||
            sd_bus_attach_event(bus, m->event, SD_EVENT_PRIORITY_NORMAL) < 0 || sd_bus_start(bus) < 0)
                abort();

        while (p < end && n_calls < FUZZ_CALLS_MAX) {
                const char *nl = memchr(p, '\n', (size_t) (end - p));
                size_t len = nl ? (size_t) (nl - p) : (size_t) (end - p);

                n_calls += call(bus, p, len, &pending);
                p += len + (nl ? 1 : 0);
        }
        for (unsigned round = 0; pending > 0 && round < FUZZ_ROUNDS_MAX; round++)
                if (sd_event_run(m->event, 10 * 1000) < 0)
                        break;
        if (pending > 0) /* the server never answered: a hang is a bug */
                abort();

        sd_bus_close_unref(bus); /* no flush: with no call made, the handshake would wait for the server */
        manager_free(m);
        return 0;
}
