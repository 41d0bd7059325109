/* SPDX-License-Identifier: MIT */
/* sockactctl verify: load unit files offline through the config layer and report every problem. */
#include <libgen.h>
#include <limits.h>

#include "config-parse.h"
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
} VerifyState;

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
                                log_error("%s: Service %s not found, %s cannot be started.", u->fragment_path, svc, name);
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
        VerifyState st = {};
        int r;

        /* Files named on the command line are found first in their own directory. */
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];

                if (strchr(a, '/') || access(a, F_OK) >= 0) {
                        char abs[PATH_MAX];
                        _cleanup_free_ char *copy1 = strdup(a), *copy2 = strdup(a);

                        if (!copy1 || !copy2)
                                return log_oom();
                        if (!realpath(dirname(copy1), abs)) {
                                log_error_errno(errno, "%s: %m", a);
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

        r = ctl_unit_loader_new(front, &st.loader);
        if (r < 0)
                return r;

        STRV_FOREACH(n, names) {
                _cleanup_free_ char *instance = NULL;

                if (!unit_name_is_valid(*n, UNIT_NAME_ANY)) {
                        log_error("%s: Invalid unit name.", *n);
                        st.failed = true;
                        continue;
                }
                /* A template is checked as an instance of itself, as systemd-analyze does. */
                if (unit_name_is_valid(*n, UNIT_NAME_TEMPLATE) &&
                    unit_name_replace_instance(*n, "test_instance", &instance) < 0)
                        return log_oom();
                r = verify_one(&st, instance ?: *n, false);
                if (r < 0)
                        break;
        }
        unit_loader_free(st.loader);
        strv_free(st.done);
        if (r < 0)
                return r;
        return st.failed ? 1 : 0;
}
