/* SPDX-License-Identifier: MIT */
/* The manager's template cache: the parsed unit file an Accept=yes socket's instances share. */
#include <dirent.h>

#include "log.h"
#include "manager-internal.h"
#include "string-util.h"
#include "strv.h"
#include "syntax.h"
#include "unit-name.h"

/* ---- the template cache ----
 *
 * Accept=yes starts one instance of a template per connection. Instead of reading and parsing the template
 * again for each, its instances share the unit file as parsed for the first one, as long as the result
 * cannot depend on the instance name: the files hold no specifier (no '%' at all), the unit was found under
 * the template's name, and the search path holds no unit file or drop-in directory of single instances
 * ("foo@bar.service", "foo@bar.service.d", "foo@bar-.service.d", ...). Otherwise the template is recorded as
 * not shareable and each instance is loaded on its own, as before. The cache lives until unit files are
 * re-read (manager_template_cache_clear()). */

struct TemplateConfig {
        UnitFile *config;
        unsigned n_ref; /* the cache's reference and one per unit */
};

TemplateConfig *template_config_unref(TemplateConfig *t) {
        if (!t || --t->n_ref > 0)
                return NULL;
        unit_file_free(t->config);
        free(t);
        return NULL;
}

/* The cache's value for a template that is not shareable: one look-up tells all three cases apart. */
static TemplateConfig not_shareable;
#define NOT_SHAREABLE (&not_shareable)

static void template_config_unref_void(void *t) {
        if (t != NOT_SHAREABLE)
                template_config_unref(t);
}

void manager_template_cache_clear(Manager *m) {
        m->templates = hashmap_free(m->templates, template_config_unref_void);
}

bool manager_unit_drop_shared_config(Unit *u) {
        if (!u->shared_config)
                return false;
        u->shared_config = template_config_unref(u->shared_config);
        return true;
}

static bool file_has_specifier(const char *path) {
        _cleanup_free_ char *text = NULL;
        size_t n;

        if (read_full_file(path, &text, &n) < 0)
                return true; /* cannot tell */
        return memchr(text, '%', n);
}

/* A unit file or drop-in directory in the search path that applies to some instances of template only:
 * "foo@X.service" or "foo@X.service.d" with X not empty. */
static bool search_path_has_instance_files(Manager *m, const char *template) {
        size_t prefix_len = strcspn(template, "@") + 1, template_len = strlen(template);
        const char *type = strrchr(template, '.');

        STRV_FOREACH(d, unit_loader_search_path(m->loader)) {
                DIR *dir = opendir(*d);
                struct dirent *de;
                bool found = false;

                if (!dir) {
                        if (errno == ENOENT)
                                continue;
                        return true; /* cannot tell */
                }
                while (!found && (de = readdir(dir))) {
                        size_t n = strlen(de->d_name);

                        if (n >= 2 && streq(de->d_name + n - 2, ".d"))
                                n -= 2;
                        found = n > template_len && strneq(de->d_name, template, prefix_len) &&
                                strneq(de->d_name + n - strlen(type), type, strlen(type));
                }
                closedir(dir);
                if (found)
                        return true;
        }
        return false;
}

static bool template_shareable(Manager *m, const UnitFile *config, const char *template) {
        if (config->load_error != 0 || !streq_ptr(config->id, template) || !config->fragment_path)
                return false;
        if (file_has_specifier(config->fragment_path))
                return false;
        STRV_FOREACH(d, config->dropin_paths)
                if (file_has_specifier(*d))
                        return false;
        return !search_path_has_instance_files(m, template);
}

/* The configuration of unit name (an instance if is_instance): shared from the template cache (*ret_shared
 * set, *ret_config borrowed from it) or loaded (*ret_shared NULL, *ret_config owned). */
int manager_load_config(Manager *m, const char *name, bool is_instance, UnitFile **ret_config,
                        TemplateConfig **ret_shared) {
        _cleanup_(unit_file_freep) UnitFile *config = NULL;
        char template[UNIT_NAME_MAX + 1];
        const char *suffix;
        size_t prefix_len;
        TemplateConfig *t;
        int r;

        *ret_shared = NULL;
        if (!is_instance)
                return unit_loader_load(m->loader, name, ret_config);
        /* "foo@bar.service" -> "foo@.service" (name is valid: no checks, which unit_name_template() makes) */
        prefix_len = strcspn(name, "@") + 1;
        suffix = strrchr(name, '.');
        if (prefix_len + strlen(suffix) >= sizeof(template))
                return unit_loader_load(m->loader, name, ret_config);
        memcpy(template, name, prefix_len);
        strcpy(template + prefix_len, suffix);
        t = hashmap_get(m->templates, template);
        if (t == NOT_SHAREABLE)
                return unit_loader_load(m->loader, name, ret_config);
        if (t) {
                t->n_ref++;
                *ret_config = t->config;
                *ret_shared = t;
                return 0;
        }

        r = unit_loader_load(m->loader, name, &config);
        if (r < 0)
                return r;
        if (config->load_error != 0) { /* nothing to decide yet */
                *ret_config = TAKE_PTR(config);
                return 0;
        }
        if (!m->templates && !(m->templates = hashmap_new()))
                return -ENOMEM;
        if (!template_shareable(m, config, template)) {
                log_debug("%s: instances are loaded one by one (specifiers or instance files).", template);
                r = hashmap_put(m->templates, template, NOT_SHAREABLE);
                if (r < 0)
                        return r;
                *ret_config = TAKE_PTR(config);
                return 0;
        }
        t = calloc(1, sizeof(TemplateConfig));
        if (!t)
                return -ENOMEM;
        *t = (TemplateConfig) { .config = config, .n_ref = 2 };
        r = hashmap_put(m->templates, template, t);
        if (r < 0) {
                free(t);
                return r;
        }
        TAKE_PTR(config);
        *ret_config = t->config;
        *ret_shared = t;
        return 0;
}
