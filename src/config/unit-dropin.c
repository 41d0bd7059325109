/* SPDX-License-Identifier: MIT */
/* The drop-ins of a unit: which ".conf" files of "<name>.d" directories on the search path apply, in which
 * order. */
#include <dirent.h>

#include "string-util.h"
#include "strv.h"
#include "unit-load-internal.h"
#include "unit-name.h"

#define N_DROPINS_MAX 4096U

/* ---- drop-ins ---- */

/* The *.conf names in dir (none if it does not exist). While the loader caches, the list is kept and
 * *ret_owned is NULL; otherwise *ret_owned is the list, for the caller to free. */
static int conf_names_in(UnitLoader *l, const char *dir, char ***ret, char ***ret_owned) {
        char **names = l->cached ? hashmap_get(l->dropin_dirs, dir) : NULL;
        DIR *d;
        struct dirent *de;
        int r;

        if (names || (l->cached && hashmap_contains(l->dropin_dirs, dir))) {
                *ret = names;
                *ret_owned = NULL;
                return 0;
        }
        d = opendir(dir);
        if (d) {
                while ((de = readdir(d))) {
                        if (de->d_name[0] == '.' || !endswith(de->d_name, ".conf"))
                                continue;
                        if (strv_extend(&names, de->d_name) < 0) {
                                closedir(d);
                                strv_free(names);
                                return -ENOMEM;
                        }
                }
                closedir(d);
        }
        if (!l->cached) {
                *ret = *ret_owned = names;
                return 0;
        }
        r = hashmap_put(l->dropin_dirs, dir, names);
        if (r < 0) {
                strv_free(names);
                return r;
        }
        *ret = names;
        *ret_owned = NULL;
        return 0;
}

static void hashmap_free_freep(Hashmap **h) {
        hashmap_free(*h, free);
}

/* Collect the "*.conf" files of "<dir>/<name>.d/". The names come in groups (the requested name with its
 * template and dash prefixes; the same for the name the file was found under; the type-wide "socket");
 * within a group systemd walks the search directories in order and, in each, every name of the group. For
 * equal file names the first one found wins, so /etc/a-.service.d/x.conf beats
 * /usr/lib/a-b.service.d/x.conf. The result is sorted by file name. */
static int find_dropins(UnitLoader *l, char **const *groups, size_t n_groups, char ***ret) {
        _cleanup_(hashmap_free_freep) Hashmap *seen = NULL;
        _cleanup_strv_free_ char **keys = NULL, **paths = NULL;
        char dname[UNIT_NAME_MAX + sizeof(".d")];
        int r;

        for (size_t g = 0; g < n_groups; g++)
        for (size_t i = 0; i < l->n_dirs; i++)
                STRV_FOREACH(n, groups[g]) {
                        const DirEntries *e = dir_listing(l, i);
                        _cleanup_free_ char *dir = NULL;
                        _cleanup_strv_free_ char **owned = NULL;
                        char **confs;

                        /* (most units have no drop-ins: nothing is allocated until a directory is found; while
                         * not cached, every directory may be there) */
                        if (strlen(*n) > UNIT_NAME_MAX || (e && !e->has_dropin_dirs))
                                continue;
                        strcpy(stpcpy(dname, *n), ".d");
                        if (e && !dir_entries_contains(e, dname))
                                continue;
                        dir = strjoin(l->dirs[i].path, "/", dname);
                        if (!dir)
                                return -ENOMEM;
                        r = conf_names_in(l, dir, &confs, &owned);
                        if (r < 0)
                                return r;
                        if (!confs)
                                continue;
                        if (!seen && !(seen = hashmap_new()))
                                return -ENOMEM;
                        STRV_FOREACH(c, confs) {
                                char *p;

                                if (hashmap_contains(seen, *c))
                                        continue;
                                if (hashmap_size(seen) >= N_DROPINS_MAX)
                                        return -E2BIG;
                                p = strjoin(dir, "/", *c);
                                if (!p)
                                        return -ENOMEM;
                                r = hashmap_put(seen, *c, p);
                                if (r < 0) {
                                        free(p);
                                        return r;
                                }
                                if (strv_extend(&keys, *c) < 0)
                                        return -ENOMEM;
                        }
                }
        strv_sort(keys);
        STRV_FOREACH(k, keys)
                if (strv_extend(&paths, hashmap_get(seen, *k)) < 0)
                        return -ENOMEM;
        *ret = TAKE_PTR(paths);
        return 0;
}

/* The drop-ins of unit name (found as id): those of the requested name, of the name the file was found
 * under, and the type-wide ones. -E2BIG when there are too many. */
int unit_dropin_paths(UnitLoader *l, const char *name, const char *id, UnitType type, char ***ret) {
        _cleanup_strv_free_ char **names = NULL, **alias_names = NULL, **type_names = NULL;
        bool any = false;
        int r;

        for (size_t i = 0; i < l->n_dirs; i++)
                any = any || !dir_listing(l, i) || dir_listing(l, i)->has_dropin_dirs;
        if (!any) { /* listed, and no "*.d" directory anywhere: the common case, made cheap */
                *ret = NULL;
                return 0;
        }
        r = unit_name_dropin_names(name, &names);
        if (r < 0)
                return r;
        if (!streq(id, name) && !unit_name_is_valid(id, UNIT_NAME_TEMPLATE)) {
                r = unit_name_dropin_names(id, &alias_names);
                if (r < 0)
                        return r;
        }
        if (strv_extend(&type_names, unit_type_to_string(type)) < 0) /* type-wide "socket.d/" */
                return -ENOMEM;
        char **const groups[] = { names, alias_names, type_names };
        return find_dropins(l, groups, ELEMENTSOF(groups), ret);
}
