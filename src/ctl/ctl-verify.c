/* SPDX-License-Identifier: MIT */
/* sockactctl verify: load unit files offline through the config layer and report every problem. */
#include <libgen.h>
#include <limits.h>

#include "config-parse.h"
#include "ctl-format.h"
#include "ctl.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"
#include "unit-name.h"

typedef struct VerifyState {
        UnitLoader *loader;
        char **done; /* names already verified */
        bool failed;
        JsonWriter *json; /* --json: one object per unit is appended to this array */
} VerifyState;

static void verify_state_done(VerifyState *st) {
        st->done = strv_free(st->done);
}

static void verify_report(VerifyState *st, const char *name, const UnitFile *u, const char *error) {
        if (!st->json)
                return;
        json_begin_object(st->json);
        json_field_string(st->json, "unit", name);
        json_field_string(st->json, "path", u ? u->fragment_path : NULL);
        json_field_string(st->json, "result", error ? "failed" : "ok");
        json_field_string(st->json, "error", error);
        json_field_unsigned(st->json, "warnings", u ? u->n_warnings : 0);
        json_end_object(st->json);
}

static int verify_one(VerifyState *st, const char *name, bool activated_by_other) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        int r;

        if (strv_contains(st->done, name))
                return 0;
        if (strv_extend(&st->done, name) < 0)
                return log_oom();

        r = unit_loader_load(st->loader, name, &u);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                log_error("%s: Invalid unit name.", name);
                verify_report(st, name, NULL, "Invalid unit name.");
                st->failed = true;
                return 0;
        }
        if (u->load_error != 0) {
                /* Parse errors were printed with their line already; say once more which unit fails. */
                if (IN_SET(u->load_error, -ENOENT, -ERFKILL, -EOPNOTSUPP))
                        log_error("%s", u->load_error_reason);
                else
                        log_error("%s: Unit %s failed to load: %s", u->fragment_path ?: name, name,
                                  strna(u->load_error_reason));
                st->failed = true;
        }
        verify_report(st, name, u, u->load_error != 0 ? strna(u->load_error_reason) : NULL);
        if (arg_dump && u->load_error == 0)
                config_dump_unit(stdout, u);

        /* A socket is only useful with the service it activates: check that one too. */
        if (u->type == UNIT_SOCKET && u->load_error == 0 && !activated_by_other) {
                _cleanup_free_ char *svc = NULL;

                if (u->socket.service)
                        svc = strdup(u->socket.service);
                else if (u->socket.accept) {
                        _cleanup_free_ char *prefix = NULL;
                        r = unit_name_to_prefix(name, &prefix);
                        if (r >= 0)
                                r = unit_name_build(prefix, "", ".service", &svc);
                } else
                        r = unit_name_change_suffix(name, ".service", &svc);
                if (!svc)
                        return log_oom();
                if (!strv_contains(st->done, svc)) {
                        _cleanup_(unit_file_freep) UnitFile *s = NULL;

                        r = unit_loader_load(st->loader, svc, &s);
                        if (r < 0)
                                return log_oom();
                        if (s->load_error == -ENOENT) {
                                log_error("%s: Service %s not found, %s cannot be started.", u->fragment_path,
                                          svc, name);
                                verify_report(st, svc, s, strna(s->load_error_reason));
                                st->failed = true;
                                return strv_extend(&st->done, svc) < 0 ? log_oom() : 0;
                        }
                        return verify_one(st, svc, true);
                }
        }
        return 0;
}

int verb_verify(int argc, char *argv[]) {
        _cleanup_strv_free_ char **front = NULL, **names = NULL;
        _cleanup_(unit_loader_freep) UnitLoader *loader = NULL;
        _cleanup_(verify_state_done) VerifyState st = {};
        JsonWriter j;
        int r;

        if (arg_json && arg_dump) {
                log_error("--dump prints unit files, not JSON; use one of --dump and --json.");
                return CTL_EXIT_USAGE;
        }
        json_init(&j, stdout);
        if (arg_json) {
                json_begin_array(&j);
                st.json = &j;
        }

        /* Files named on the command line are found first in their own directory. */
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];

                if (strchr(a, '/') || access(a, F_OK) >= 0) {
                        char abs[PATH_MAX];
                        _cleanup_free_ char *copy1 = strdup(a), *copy2 = strdup(a);

                        if (!copy1 || !copy2)
                                return log_oom();
                        if (!realpath(dirname(copy1), abs)) {
                                r = negative_errno();
                                log_error_errno(r, "%s: %m", a);
                                verify_report(&st, a, NULL, strerror(-r));
                                st.failed = true;
                                continue;
                        }
                        if (!strv_contains(front, abs) && strv_extend(&front, abs) < 0)
                                return log_oom();
                        if (strv_extend(&names, basename(copy2)) < 0)
                                return log_oom();
                } else if (strv_extend(&names, a) < 0)
                        return log_oom();
        }

        r = ctl_unit_loader_new(front, &loader);
        if (r < 0)
                return r;
        st.loader = loader;

        STRV_FOREACH(n, names) {
                _cleanup_free_ char *instance = NULL;

                if (!unit_name_is_valid(*n, UNIT_NAME_ANY)) {
                        log_error("%s: Invalid unit name.", *n);
                        verify_report(&st, *n, NULL, "Invalid unit name.");
                        st.failed = true;
                        continue;
                }
                /* A template is checked as an instance of itself, as systemd-analyze does. */
                if (unit_name_is_valid(*n, UNIT_NAME_TEMPLATE) &&
                    unit_name_replace_instance(*n, "test_instance", &instance) < 0)
                        return log_oom();
                r = verify_one(&st, instance ?: *n, false);
                if (r < 0)
                        return r;
        }
        if (arg_json) {
                json_end_array(&j);
                json_finish(&j);
        }
        return st.failed ? CTL_EXIT_FAILURE : 0;
}
