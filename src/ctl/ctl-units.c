/* SPDX-License-Identifier: MIT */
/* sockactctl cat, enable, disable: offline, on the unit files through the config layer. */
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>

#include "ctl-format.h"
#include "ctl-jobs.h"
#include "ctl.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "syntax.h"
#include "unit-name.h"

#define WANTS_DIR "sockets.target.wants"

DEFINE_TRIVIAL_CLEANUP_FUNC(DIR *, closedir);

int ctl_unit_loader_new(char *const *front, UnitLoader **ret) {
        _cleanup_strv_free_ char **path = NULL, **all = NULL;
        const char *env = getenv("SOCKACT_UNIT_PATH");
        int r;

        if (arg_unit_path)
                r = unit_search_path_parse(arg_unit_path, arg_scope, &path);
        else if (env)
                r = unit_search_path_parse(env, arg_scope, &path);
        else
                r = unit_search_path_default(arg_scope, &path);
        if (r < 0)
                return log_error_errno(r, "Invalid unit path: %m");
        if (strv_extend_strv(&all, front) < 0 || strv_extend_strv(&all, path) < 0)
                return log_oom();
        strv_uniq(all);

        r = unit_loader_new(arg_scope, all, NULL, ret);
        if (r < 0)
                return log_error_errno(r, "Failed to set up the unit loader: %m");
        return 0;
}

/* Load a unit without the parser's diagnostics: cat and enable only need to find the files (verify is
 * the command that reports problems). */
static int load_quietly(UnitLoader *l, const char *name, UnitFile **ret) {
        int level = log_get_max_level(), r;

        log_set_max_level(-1);
        r = unit_loader_load(l, name, ret);
        log_set_max_level(level);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0)
                return log_error_errno(r, "%s: Invalid unit name.", name);
        return 0;
}

/* ---- cat ---- */

static int cat_file(const char *unit, const char *path, bool first, JsonWriter *j) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        int r;

        r = read_full_file(path, &text, &size);
        if (r < 0)
                return log_error_errno(r, "Failed to read %s: %m", path);
        if (j) {
                json_begin_object(j);
                json_field_string(j, "unit", unit);
                json_field_string(j, "path", path);
                json_field_string(j, "content", text);
                json_end_object(j);
                return 0;
        }
        printf("%s# %s\n", first ? "" : "\n", path);
        fwrite(text, 1, size, stdout);
        if (size > 0 && text[size - 1] != '\n')
                putchar('\n');
        return 0;
}

int verb_cat(int argc, char *argv[]) {
        _cleanup_(unit_loader_freep) UnitLoader *loader = NULL;
        bool first = true;
        JsonWriter j;
        int r, ret = 0;

        r = ctl_unit_loader_new(NULL, &loader);
        if (r < 0)
                return r;
        json_init(&j, stdout);
        if (arg_json)
                json_begin_array(&j);
        for (int i = 1; i < argc; i++) {
                _cleanup_(unit_file_freep) UnitFile *u = NULL;

                if (!unit_name_is_valid(argv[i], UNIT_NAME_ANY)) {
                        log_error("%s: Invalid unit name.", argv[i]);
                        ret = CTL_EXIT_FAILURE;
                        continue;
                }
                r = load_quietly(loader, argv[i], &u);
                if (r < 0)
                        return r;
                if (u->masked) {
                        log_error("Unit %s is masked.", argv[i]);
                        ret = CTL_EXIT_FAILURE;
                        continue;
                }
                if (!u->fragment_path) {
                        log_error("No files found for %s.", argv[i]);
                        ret = CTL_EXIT_FAILURE;
                        continue;
                }
                if (cat_file(argv[i], u->fragment_path, first, arg_json ? &j : NULL) < 0)
                        ret = CTL_EXIT_FAILURE;
                first = false;
                STRV_FOREACH(d, u->dropin_paths)
                        if (cat_file(argv[i], *d, false, arg_json ? &j : NULL) < 0)
                                ret = CTL_EXIT_FAILURE;
        }
        if (arg_json) {
                json_end_array(&j);
                json_finish(&j);
        }
        return ret;
}

/* ---- enable, disable ---- */

typedef struct Changes {
        JsonWriter *json;  /* the "changes" array, or NULL */
        char **units;      /* what --now acts on */
        int ret;
} Changes;

static void change_symlink(Changes *c, const char *path, const char *target) {
        /* on stderr, as systemctl prints it */
        log_notice("Created symlink %s \u2192 %s.", path, target);
        if (c->json) {
                json_begin_object(c->json);
                json_field_string(c->json, "type", "symlink");
                json_field_string(c->json, "path", path);
                json_field_string(c->json, "target", target);
                json_end_object(c->json);
        }
}

static void change_unlink(Changes *c, const char *path) {
        log_notice("Removed \"%s\".", path);
        if (c->json) {
                json_begin_object(c->json);
                json_field_string(c->json, "type", "unlink");
                json_field_string(c->json, "path", path);
                json_end_object(c->json);
        }
}

/* The directory of path, without the last component. */
static char *dir_of(const char *path) {
        _cleanup_free_ char *copy = strdup(path);

        return copy ? strdup(dirname(copy)) : NULL;
}

static int mkdir_one(const char *path) {
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

static int enable_one(UnitLoader *loader, const char *name, Changes *c) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *link_name = NULL, *fragment_dir = NULL, *target = NULL;
        _cleanup_free_ char *dir = NULL, *link = NULL;
        _cleanup_strv_free_ char **enabled = NULL;
        const char *first = unit_loader_search_path(loader)[0];
        struct stat a, b;
        int r;

        r = load_quietly(loader, name, &u);
        if (r < 0)
                return r;
        if (u->masked)
                return log_error_errno(ERFKILL, "Failed to enable unit: Unit %s is masked.", name);
        if (!u->fragment_path)
                return log_error_errno(ENOENT, "Failed to enable unit: Unit file %s does not exist.", name);

        /* A template is enabled as its DefaultInstance=, as systemctl does; it cannot be enabled bare. */
        if (unit_name_is_valid(name, UNIT_NAME_TEMPLATE)) {
                if (isempty(u->install.default_instance))
                        return log_error_errno(EINVAL, "Failed to enable unit: %s is a template; name an "
                                                       "instance or set DefaultInstance= in [Install].", name);
                r = unit_name_replace_instance(name, u->install.default_instance, &link_name);
                if (r < 0)
                        return log_error_errno(r, "Failed to enable unit: invalid DefaultInstance=%s for %s.",
                                               u->install.default_instance, name);
        } else
                link_name = strdup(name);
        if (!link_name)
                return log_oom();
        if (strv_extend(&c->units, link_name) < 0)
                return log_oom();

        r = unit_loader_list_wants(loader, "sockets.target", &enabled);
        if (r < 0)
                return log_error_errno(r, "Failed to read the enabled units: %m");
        if (strv_contains(enabled, link_name))
                return 0; /* already enabled, maybe in another directory of the search path */

        /* "../NAME" when the unit file lives in that directory, else the file's absolute path */
        fragment_dir = dir_of(u->fragment_path);
        if (!fragment_dir)
                return log_oom();
        if (streq(fragment_dir, first))
                target = strjoin("../", u->fragment_path + strlen(fragment_dir) + 1);
        else
                target = strdup(u->fragment_path);
        dir = strjoin(first, "/" WANTS_DIR);
        link = strjoin(dir, "/", link_name);
        if (!target || !dir || !link)
                return log_oom();

        r = mkdir_one(first);
        if (r >= 0)
                r = mkdir_one(dir);
        if (r < 0)
                return log_error_errno(r, "Failed to enable unit: cannot create %s: %m", dir);
        if (lstat(link, &a) >= 0) {
                /* the name is taken (list_wants skips what is not a unit link): the same file is fine */
                if (stat(link, &a) >= 0 && stat(u->fragment_path, &b) >= 0 && a.st_dev == b.st_dev &&
                    a.st_ino == b.st_ino)
                        return 0;
                return log_error_errno(EEXIST, "Failed to enable unit: %s already exists.", link);
        }
        if (symlink(target, link) < 0)
                return log_error_errno(errno, "Failed to enable unit: cannot create %s: %m", link);
        change_symlink(c, link, u->fragment_path);
        return 0;
}

/* Does the link called entry enable name? The name itself, or for a template every instance of it. */
static bool link_matches(const char *entry, const char *name) {
        _cleanup_free_ char *template = NULL;

        if (streq(entry, name))
                return true;
        return unit_name_is_valid(name, UNIT_NAME_TEMPLATE) &&
               unit_name_is_valid(entry, UNIT_NAME_INSTANCE) && unit_name_template(entry, &template) >= 0 &&
               streq(template, name);
}

static int disable_one(UnitLoader *loader, const char *name, Changes *c) {
        unsigned n_removed = 0;
        int r;

        STRV_FOREACH(d, unit_loader_search_path(loader)) {
                _cleanup_free_ char *dir = strjoin(*d, "/" WANTS_DIR);
                _cleanup_(closedirp) DIR *dp = NULL;
                struct dirent *de;

                if (!dir)
                        return log_oom();
                dp = opendir(dir);
                if (!dp) {
                        if (errno == ENOENT)
                                continue;
                        return log_error_errno(errno, "Failed to disable unit: cannot read %s: %m", dir);
                }
                while ((de = readdir(dp))) {
                        _cleanup_free_ char *link = NULL;
                        struct stat st;

                        if (!link_matches(de->d_name, name))
                                continue;
                        link = strjoin(dir, "/", de->d_name);
                        if (!link)
                                return log_oom();
                        if (lstat(link, &st) < 0 || !S_ISLNK(st.st_mode))
                                continue; /* only links are ours to remove */
                        if (unlink(link) < 0)
                                return log_error_errno(errno, "Failed to disable unit: cannot remove %s: %m",
                                                       link);
                        change_unlink(c, link);
                        n_removed++;
                        if (!unit_name_is_valid(de->d_name, UNIT_NAME_TEMPLATE) &&
                            !strv_contains(c->units, de->d_name) && strv_extend(&c->units, de->d_name) < 0)
                                return log_oom();
                }
        }

        if (n_removed == 0) {
                _cleanup_(unit_file_freep) UnitFile *u = NULL;

                r = load_quietly(loader, name, &u);
                if (r < 0)
                        return r;
                if (!u->fragment_path && !u->masked)
                        return log_error_errno(ENOENT, "Failed to disable unit: Unit file %s does not exist.",
                                               name);
        }
        /* --now stops the unit even when it was not enabled */
        if (!unit_name_is_valid(name, UNIT_NAME_TEMPLATE) && !strv_contains(c->units, name) &&
            strv_extend(&c->units, name) < 0)
                return log_oom();
        return 0;
}

static int verb_enable_disable(bool enable, int argc, char *argv[]) {
        _cleanup_(unit_loader_freep) UnitLoader *loader = NULL;
        Changes c = {};
        JsonWriter j;
        int r;

        r = ctl_unit_loader_new(NULL, &loader);
        if (r < 0)
                return r;
        if (strv_length(unit_loader_search_path(loader)) == 0)
                return log_error_errno(ENOENT, "The unit search path is empty.");

        json_init(&j, stdout);
        if (arg_json) {
                json_begin_object(&j);
                json_key(&j, "changes");
                json_begin_array(&j);
                c.json = &j;
        }
        for (int i = 1; i < argc; i++) {
                if (!unit_name_is_valid(argv[i], UNIT_NAME_ANY)) {
                        log_error("%s: Invalid unit name.", argv[i]);
                        c.ret = CTL_EXIT_FAILURE;
                        continue;
                }
                r = enable ? enable_one(loader, argv[i], &c) : disable_one(loader, argv[i], &c);
                if (r == -ENOMEM)
                        break;
                if (r < 0)
                        c.ret = CTL_EXIT_FAILURE;
        }
        if (arg_json)
                json_end_array(&j);
        if (r != -ENOMEM && arg_now && c.units) {
                if (arg_json) {
                        json_key(&j, "jobs");
                        json_begin_array(&j);
                }
                r = ctl_run_jobs(enable ? "start" : "stop", c.units, arg_json ? &j : NULL);
                if (arg_json)
                        json_end_array(&j);
                c.ret = MAX(c.ret, r < 0 ? (int) CTL_EXIT_FAILURE : r);
        }
        if (arg_json) {
                json_end_object(&j);
                json_finish(&j);
        }
        strv_free(c.units);
        return r == -ENOMEM ? r : c.ret;
}

int verb_enable(int argc, char *argv[]) {
        return verb_enable_disable(true, argc, argv);
}

int verb_disable(int argc, char *argv[]) {
        return verb_enable_disable(false, argc, argv);
}
