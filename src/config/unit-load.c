/* SPDX-License-Identifier: MIT */
/* Finding and loading unit files: the search path, the loader and its directory cache, the fragment
 * (aliases, masks, templates), reading it and its drop-ins (unit-dropin.c), the checks after loading. */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>

#include "config-parse.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "syntax.h"
#include "unit-load-internal.h"
#include "unit-name.h"

#ifndef SOCKACT_LIBDIR
#define SOCKACT_LIBDIR "/usr/lib"
#endif

/* ---- search path ---- */

int unit_loader_user_dir(const char *env, const char *fallback_below_home, const char *suffix, char **ret) {
        const char *e = getenv(env);
        const char *home;

        if (e && e[0] == '/')
                *ret = strjoin(e, suffix);
        else {
                if (!fallback_below_home)
                        return -ENXIO;
                home = getenv("HOME");
                if (!home || home[0] != '/')
                        return -ENXIO;
                *ret = strjoin(home, fallback_below_home, suffix);
        }
        return *ret ? 0 : -ENOMEM;
}

int unit_search_path_default(UnitScope scope, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        char *d;
        int r;

        if (scope == UNIT_SCOPE_SYSTEM) {
                static const char *const system_dirs[] = {
                        "/etc/sockact/system",
                        "/run/sockact/system",
                        "/usr/local/lib/sockact/system",
                        SOCKACT_LIBDIR "/sockact/system",
                };
                for (size_t i = 0; i < ELEMENTSOF(system_dirs); i++)
                        if (!strv_contains(l, system_dirs[i]) && strv_extend(&l, system_dirs[i]) < 0)
                                return -ENOMEM;
        } else {
                r = unit_loader_user_dir("XDG_CONFIG_HOME", "/.config", "/sockact/user", &d);
                if (r == -ENOMEM)
                        return r;
                if (r >= 0 && strv_consume(&l, d) < 0)
                        return -ENOMEM;
                r = unit_loader_user_dir("XDG_RUNTIME_DIR", NULL, "/sockact/user", &d);
                if (r == -ENOMEM)
                        return r;
                if (r >= 0 && strv_consume(&l, d) < 0)
                        return -ENOMEM;
                if (strv_extend(&l, "/etc/sockact/user") < 0 || strv_extend(&l, SOCKACT_LIBDIR "/sockact/user") < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int unit_search_path_parse(const char *spec, UnitScope scope, char ***ret) {
        _cleanup_strv_free_ char **l = NULL, **def = NULL;
        size_t n = strlen(spec);
        int r;

        r = strv_split(spec, ":", &l);
        if (r < 0)
                return r;
        STRV_FOREACH(d, l)
                if ((*d)[0] != '/')
                        return -EINVAL;
        if (n > 0 && spec[n - 1] == ':') {
                r = unit_search_path_default(scope, &def);
                if (r < 0)
                        return r;
                if (strv_extend_strv(&l, def) < 0)
                        return -ENOMEM;
        }
        strv_uniq(l);
        *ret = TAKE_PTR(l);
        return 0;
}

/* ---- the loader ---- */

static void strv_free_void(void *p) {
        strv_free(p);
}

static void dir_entries_unref_void(void *p) {
        dir_entries_unref(p);
}

void unit_loader_cache_retire(UnitLoader *l) {
        l->previous_listings = hashmap_free(l->previous_listings, dir_entries_unref_void);
        l->dropin_dirs = hashmap_free(l->dropin_dirs, strv_free_void);
        l->cached = false;
}

void unit_loader_cache_drop(UnitLoader *l) {
        unit_loader_cache_retire(l);
        for (size_t i = 0; l->dirs && i < l->n_dirs; i++)
                l->dirs[i].entries = dir_entries_unref(l->dirs[i].entries);
        l->listings = hashmap_free(l->listings, dir_entries_unref_void);
}

/* List the search directories; those that previous (may be NULL) listed and that did not change since are
 * taken over, as are, later, its other listings (unit_loader_list_wants()). */
static int loader_cache_fill(UnitLoader *l, UnitLoader *previous) {
        const char *k;
        void *v;
        size_t it = 0;
        int r;

        unit_loader_cache_drop(l);
        l->dropin_dirs = hashmap_new();
        l->listings = hashmap_new();
        l->previous_listings = hashmap_new();
        if (!l->dropin_dirs || !l->listings || !l->previous_listings)
                goto fail_oom;
        while (previous && previous->listings && hashmap_iterate(previous->listings, &it, &k, &v)) {
                r = hashmap_put(l->previous_listings, k, v);
                if (r < 0)
                        goto fail;
                dir_entries_ref(v);
        }
        for (size_t i = 0; i < l->n_dirs; i++) {
                DirEntries *p = NULL;

                if (previous && i < previous->n_dirs && streq(previous->dirs[i].path, l->dirs[i].path))
                        p = previous->dirs[i].entries; /* NULL when previous dropped it */
                r = dir_entries_list(l->dirs[i].path, p, l->stamp_window, &l->dirs[i].entries);
                if (r < 0)
                        goto fail;
        }
        l->cached = true;
        return 0;

fail_oom:
        r = -ENOMEM;
fail:
        unit_loader_cache_drop(l);
        return r;
}

int unit_loader_cache_fill(UnitLoader *l) {
        return loader_cache_fill(l, NULL);
}

UnitLoader *unit_loader_free(UnitLoader *l) {
        if (!l)
                return NULL;
        unit_loader_cache_drop(l);
        for (size_t i = 0; l->dirs && i < l->n_dirs; i++)
                free(l->dirs[i].path);
        free(l->dirs);
        strv_free(l->search_path);
        for (size_t i = 0; i < l->n_spec_strings; i++)
                free(l->spec_strings[i]);
        free(l);
        return NULL;
}

static int loader_new(UnitScope scope, char *const *search_path, const UnitDefaults *defaults,
                      UnitLoader *previous, UnitLoader **ret) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        int r;

        l = calloc(1, sizeof(UnitLoader));
        if (!l)
                return -ENOMEM;
        l->scope = scope;
        l->defaults = defaults ? *defaults : unit_defaults_builtin;
        l->stamp_window = previous ? previous->stamp_window : UNIT_LOADER_STAMP_WINDOW_DEFAULT;
        if (search_path)
                l->search_path = strv_copy(search_path);
        else {
                r = unit_search_path_default(scope, &l->search_path);
                if (r < 0)
                        return r;
        }
        if (!l->search_path)
                return -ENOMEM;

        l->n_dirs = strv_length(l->search_path);
        l->dirs = calloc(l->n_dirs + 1, sizeof(DirListing));
        if (!l->dirs)
                return -ENOMEM;
        for (size_t i = 0; i < l->n_dirs; i++) {
                l->dirs[i].path = strdup(l->search_path[i]);
                if (!l->dirs[i].path)
                        return -ENOMEM;
        }
        r = loader_cache_fill(l, previous);
        if (r < 0)
                return r;
        unit_specifiers_fill(l);
        *ret = TAKE_PTR(l);
        return 0;
}

int unit_loader_new(UnitScope scope, char *const *search_path, const UnitDefaults *defaults, UnitLoader **ret) {
        return loader_new(scope, search_path, defaults, NULL, ret);
}

int unit_loader_new_from(UnitLoader *previous, UnitLoader **ret) {
        return loader_new(previous->scope, previous->search_path, &previous->defaults, previous, ret);
}

void unit_loader_set_stamp_window(UnitLoader *l, usec_t usec) {
        l->stamp_window = usec;
}

char *const *unit_loader_search_path(const UnitLoader *l) {
        return l->search_path;
}

const SpecifierContext *unit_loader_specifiers(const UnitLoader *l) {
        return &l->spec;
}

/* ---- finding the fragment ---- */

typedef struct Fragment {
        char *path;    /* what to read (symlinks in the search path already resolved) */
        char *id;      /* the unit name of the file found (differs from the request for aliases) */
        bool masked;
        bool have_stat; /* st: what path is (through a symlink), taken when it was found */
        struct stat st;
} Fragment;

static void fragment_done(Fragment *f) {
        free(f->path);
        free(f->id);
}

/* Look name up in the search path. 1 when found, 0 when not. */
static int find_fragment(UnitLoader *l, const char *name, Fragment *ret) {
        for (size_t i = 0; i < l->n_dirs; i++) {
                const DirEntries *e = dir_listing(l, i);
                _cleanup_free_ char *path = NULL;
                char target[PATH_MAX];
                const char *at;
                struct stat st;
                ssize_t k;
                int dfd;

                if (e && (e->fd < 0 || !dir_entries_contains(e, name)))
                        continue;
                path = strjoin(l->dirs[i].path, "/", name);
                if (!path)
                        return -ENOMEM;
                /* Listed: looked up through the directory's fd (one path component, not the whole path).
                 * Not cached: the file system is asked. */
                dfd = e ? e->fd : AT_FDCWD;
                at = e ? name : path;
                if (fstatat(dfd, at, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;

                *ret = (Fragment) {};
                if (S_ISLNK(st.st_mode)) {
                        const char *base;

                        k = readlinkat(dfd, at, target, sizeof(target) - 1);
                        if (k < 0)
                                continue;
                        target[k] = '\0';
                        if (streq(target, "/dev/null")) {
                                ret->masked = true;
                                ret->path = TAKE_PTR(path);
                                ret->id = strdup(name);
                                return ret->id ? 1 : -ENOMEM;
                        }
                        /* An alias: the unit is called by the name of the file the link points to, if that is
                         * a unit name of the same type. */
                        base = strrchr(target, '/');
                        base = base ? base + 1 : target;
                        if (unit_name_is_valid(base, UNIT_NAME_ANY) &&
                            unit_name_to_type(base) == unit_name_to_type(name))
                                ret->id = strdup(base);
                        else
                                ret->id = strdup(name);
                        if (!ret->id)
                                return -ENOMEM;
                        if (fstatat(dfd, at, &st, 0) < 0) {
                                /* dangling link */
                                ret->path = TAKE_PTR(path);
                                return 1;
                        }
                } else
                        ret->id = strdup(name);
                if (!ret->id)
                        return -ENOMEM;
                if (S_ISREG(st.st_mode) && st.st_size == 0)
                        ret->masked = true;
                ret->path = TAKE_PTR(path);
                ret->st = st;
                ret->have_stat = true;
                return 1;
        }
        return 0;
}

/* ---- loading ---- */

static int set_load_error(UnitFile *u, int error, const char *format, ...) _printf_(3, 4);
static int set_load_error(UnitFile *u, int error, const char *format, ...) {
        va_list ap;
        char *reason = NULL;

        va_start(ap, format);
        if (vasprintf(&reason, format, ap) < 0)
                reason = NULL;
        va_end(ap);
        if (u->load_error == 0) {
                u->load_error = error;
                free_and_replace_str(&u->load_error_reason, reason);
        } else
                free(reason);
        return 0;
}

static int parse_assignment(const char *filename, unsigned line, const char *section, const char *key,
                            const char *value, void *userdata) {
        return config_dispatch(filename, line, section, key, value, userdata);
}

static int parse_file(UnitFile *u, const char *path, const char *text, size_t size, LoadContext *ctx) {
        int r;

        r = syntax_parse(path, text, size, config_sections_for_type(u->type), parse_assignment, ctx);
        if (r == -ENOMEM)
                return r;
        if (r == -ENOEXEC) {
                /* A fatal setting: the reason is recorded already; the rest of the file is not read, nor are the
                 * drop-ins. */
                log_error("%s: Unit configuration has fatal error, unit will not be started.", path);
                u->load_error = -ENOEXEC;
                return 0;
        }
        if (r < 0) {
                u->n_errors++;
                set_load_error(u, -EBADMSG, "%s: the file could not be parsed", path);
        }
        return 0;
}


/* Record the stamp of the next file of u (before it is read), from st if given. */
static int unit_file_stamp(UnitFile *u, const char *path, const struct stat *st, usec_t window) {
        FileStamp *s;

        s = reallocarray(u->stamps, u->n_stamps + 1, sizeof(FileStamp));
        if (!s)
                return -ENOMEM;
        u->stamps = s;
        if (st)
                file_stamp_from_stat(st, window, &u->stamps[u->n_stamps++]);
        else
                file_stamp_take(path, window, &u->stamps[u->n_stamps++]);
        return 0;
}

/* Read and parse path into u; st, if given, is the stat(2) of path taken a moment ago. spec is the context the
 * file is expanded with (ctx->spec): its system fields are filled from the loader before a file with a '%' in
 * it is parsed. */
static int load_path(UnitLoader *l, UnitFile *u, const char *path, const struct stat *st, LoadContext *ctx,
                     SpecifierContext *spec) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        int r;

        r = unit_file_stamp(u, path, st, l->stamp_window);
        if (r < 0)
                return r;
        r = read_full_file(path, &text, &size);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                log_error_errno(r, "%s: Failed to read unit file: %m", path);
                u->n_errors++;
                return set_load_error(u, r, "%s: Failed to read unit file: %s", path, strerror(-r));
        }
        if (!l->spec_system_filled && memchr(text, '%', size)) {
                const char *name = spec->unit_name, *fragment = spec->unit_path;

                unit_specifiers_fill_system(l);
                *spec = l->spec;
                spec->unit_name = name;
                spec->unit_path = fragment;
        }
        return parse_file(u, path, text, size, ctx);
}

/* The fragment of name, or of its template for an instance. 1 when found, 0 when not. */
static int find_unit_fragment(UnitLoader *l, const char *name, Fragment *ret) {
        _cleanup_free_ char *template = NULL;
        int r;

        r = find_fragment(l, name, ret);
        if (r != 0 || !unit_name_is_valid(name, UNIT_NAME_INSTANCE))
                return r;
        r = unit_name_template(name, &template);
        if (r < 0)
                return r;
        return find_fragment(l, template, ret);
}

int unit_loader_load(UnitLoader *l, const char *name, UnitFile **ret) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_strv_free_ char **dropins = NULL;
        Fragment frag = {};
        bool frag_have_stat;
        struct stat frag_st;
        SpecifierContext spec;
        LoadContext ctx;
        UnitType type;
        int r;

        if (!unit_name_is_valid(name, UNIT_NAME_ANY))
                return -EINVAL;
        type = unit_name_to_type(name);
        u = unit_file_new(name, type, &l->defaults);
        if (!u)
                return -ENOMEM;

        r = find_unit_fragment(l, name, &frag);
        if (r < 0) {
                fragment_done(&frag);
                return r;
        }
        if (r == 0) {
                set_load_error(u, -ENOENT, "Unit %s not found.", name);
                *ret = TAKE_PTR(u);
                return 0;
        }

        u->fragment_path = TAKE_PTR(frag.path);
        u->id = TAKE_PTR(frag.id);
        frag_have_stat = frag.have_stat;
        frag_st = frag.st;
        if (frag.masked) {
                u->masked = true;
                set_load_error(u, -ERFKILL, "Unit %s is masked.", name);
                fragment_done(&frag);
                *ret = TAKE_PTR(u);
                return 0;
        }
        fragment_done(&frag);
        if (!streq(u->id, name) && !unit_name_is_valid(u->id, UNIT_NAME_TEMPLATE) &&
            strv_extend(&u->aliases, u->id) < 0)
                return -ENOMEM;

        if (!IN_SET(type, UNIT_SOCKET, UNIT_SERVICE)) {
                set_load_error(u, -EOPNOTSUPP, "%s: unit type .%s is not supported by sockact.", u->fragment_path,
                               strna(unit_type_to_string(type)));
                *ret = TAKE_PTR(u);
                return 0;
        }

        spec = l->spec;
        spec.unit_name = u->name;
        spec.unit_path = u->fragment_path;
        ctx = (LoadContext) { .unit = u, .spec = &spec };

        r = load_path(l, u, u->fragment_path, frag_have_stat ? &frag_st : NULL, &ctx, &spec);
        if (r < 0)
                return r;

        r = unit_dropin_paths(l, name, u->id, type, &dropins);
        if (r == -E2BIG)
                set_load_error(u, r, "%s: too many drop-in files", name);
        else if (r < 0)
                return r;
        STRV_FOREACH(d, dropins) {
                /* after a fatal error the rest is not read, but stamped: a reload notices when it changes */
                r = u->load_error == -ENOEXEC ? unit_file_stamp(u, *d, NULL, l->stamp_window)
                                               : load_path(l, u, *d, NULL, &ctx, &spec);
                if (r < 0)
                        return r;
        }
        u->dropin_paths = TAKE_PTR(dropins);

        unit_file_finalize(u);
        unit_file_verify(u);
        *ret = TAKE_PTR(u);
        return 0;
}

int unit_loader_unit_is_current(UnitLoader *l, const char *name, const UnitFile *u) {
        _cleanup_strv_free_ char **dropins = NULL;
        Fragment frag = {};
        bool have_stat;
        struct stat st;
        int r;

        r = find_unit_fragment(l, name, &frag);
        if (r < 0) {
                fragment_done(&frag);
                return r;
        }
        if (r == 0) /* still not found? */
                return !u->fragment_path && u->load_error == -ENOENT;
        r = streq_ptr(frag.path, u->fragment_path) && streq_ptr(frag.id, u->id) && frag.masked == u->masked;
        have_stat = frag.have_stat;
        st = frag.st;
        fragment_done(&frag);
        if (!r)
                return 0;
        if (u->masked || !IN_SET(u->type, UNIT_SOCKET, UNIT_SERVICE))
                return 1; /* nothing was read */

        r = unit_dropin_paths(l, name, u->id, u->type, &dropins);
        if (r == -E2BIG)
                return 0;
        if (r < 0)
                return r;
        if (!strv_equal(dropins, u->dropin_paths) || u->n_stamps != 1 + strv_length(dropins))
                return 0;
        for (size_t i = 0; i < u->n_stamps; i++) {
                FileStamp now;

                if (u->stamps[i].racy)
                        return 0;
                if (i == 0) /* the fragment was stat'ed when found */
                        file_stamp_from_stat(have_stat ? &st : NULL, 0, &now);
                else
                        file_stamp_take(dropins[i - 1], 0, &now);
                if (!file_stamp_equal(&now, &u->stamps[i]))
                        return 0;
        }
        return 1;
}

int unit_file_load_from_text(const char *name, const char *filename, const char *text, size_t size,
                             const SpecifierContext *spec, const UnitDefaults *defaults, UnitFile **ret) {
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        SpecifierContext s = spec ? *spec : (SpecifierContext) {};
        LoadContext ctx;
        int r;

        if (!unit_name_is_valid(name, UNIT_NAME_ANY))
                return -EINVAL;
        u = unit_file_new(name, unit_name_to_type(name), defaults);
        if (!u)
                return -ENOMEM;
        u->fragment_path = strdup(filename);
        if (!u->fragment_path)
                return -ENOMEM;
        s.unit_name = u->name;
        s.unit_path = u->fragment_path;
        ctx = (LoadContext) { .unit = u, .spec = &s };
        r = parse_file(u, filename, text, size, &ctx);
        if (r < 0)
                return r;
        unit_file_finalize(u);
        unit_file_verify(u);
        *ret = TAKE_PTR(u);
        return 0;
}

int unit_loader_list_wants(UnitLoader *l, const char *target, char ***ret) {
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *dname = strjoin(target, ".wants");
        size_t n = 0, n_dirs = 0;
        int r;

        if (!dname)
                return -ENOMEM;
        for (size_t i = 0; i < l->n_dirs; i++) {
                _cleanup_free_ char *dir = NULL;
                _cleanup_(dir_entries_unrefp) DirEntries *uncached = NULL;
                DirEntries *d;
                char **g;

                if (l->cached && !dir_entries_contains(dir_listing(l, i), dname))
                        continue;
                dir = strjoin(l->dirs[i].path, "/", dname);
                if (!dir)
                        return -ENOMEM;
                if (!l->cached) {
                        /* listed for this call only (a missing directory is an empty one) */
                        r = dir_entries_list(dir, NULL, l->stamp_window, &uncached);
                        if (r < 0)
                                return r;
                        d = uncached;
                } else if (!(d = hashmap_get(l->listings, dir))) {
                        /* listed once while cached; taken over from the previous loader while unchanged */
                        r = dir_entries_list(dir, hashmap_get(l->previous_listings, dir), l->stamp_window,
                                             &d);
                        if (r < 0)
                                return r;
                        r = hashmap_put(l->listings, dir, d);
                        if (r < 0) {
                                dir_entries_unref(d);
                                return r;
                        }
                }
                if (d->n == 0)
                        continue;
                g = reallocarray(names, n + d->n + 1, sizeof(char *));
                if (!g)
                        return -ENOMEM;
                names = g;
                names[n] = NULL;
                for (size_t k = 0; k < d->n; k++) {
                        if (!unit_name_is_valid(d->sorted[k], UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                                continue;
                        names[n] = strdup(d->sorted[k]);
                        if (!names[n])
                                return -ENOMEM;
                        names[++n] = NULL;
                }
                n_dirs++;
        }
        /* each directory's names are sorted; with several, sort all and drop the names enabled twice */
        if (n_dirs > 1) {
                size_t w = 0;

                strv_sort(names);
                for (size_t i = 0; names[i]; i++) {
                        if (w > 0 && streq(names[w - 1], names[i]))
                                free(names[i]);
                        else
                                names[w++] = names[i];
                }
                names[w] = NULL;
        }
        *ret = TAKE_PTR(names);
        return 0;
}

/* ---- post-load checks ---- */

static int refuse(UnitFile *u, const char *message) {
        log_error("%s: %s", u->fragment_path ?: u->name, message);
        u->n_errors++;
        return set_load_error(u, -ENOEXEC, "%s", message);
}

static bool port_accepts(const SocketPort *p) {
        return p->type == SOCKET_PORT_SOCKET &&
               IN_SET(p->address.type, SOCK_STREAM, SOCK_SEQPACKET) &&
               socket_address_family(&p->address) != AF_NETLINK;
}

int unit_file_verify(UnitFile *u) {
        if (u->load_error != 0)
                return u->load_error;

        if (u->type == UNIT_SOCKET) {
                SocketSection *s = &u->socket;

                if (!s->ports)
                        return refuse(u, "Unit has no Listen setting (ListenStream=, ListenDatagram=, ListenFIFO=, ...). Refusing.");
                if (s->symlinks) {
                        unsigned n_nodes = 0;
                        for (SocketPort *p = s->ports; p; p = p->next)
                                if ((p->type == SOCKET_PORT_SOCKET && socket_address_get_path(&p->address)) ||
                                    p->type == SOCKET_PORT_FIFO)
                                        n_nodes++;
                        if (n_nodes != 1)
                                return refuse(u, "Unit has symlinks set but none or more than one node in the file system. Refusing.");
                }
                if (s->accept) {
                        for (SocketPort *p = s->ports; p; p = p->next)
                                if (!port_accepts(p))
                                        return refuse(u, "Unit configured for accepting sockets, but sockets are non-accepting. Refusing.");
                        if (s->max_connections == 0)
                                return refuse(u, "MaxConnection= setting too small. Refusing.");
                        if (s->service)
                                return refuse(u, "Explicit service configuration for accepting socket units not supported. Refusing.");
                }
        }

        if (u->type == UNIT_SERVICE) {
                ServiceSection *s = &u->service;

                if (!s->exec_start && !s->exec_stop && u->unit.success_action == EMERGENCY_ACTION_NONE)
                        return refuse(u, "Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.");
                if (s->type != SERVICE_ONESHOT && !s->exec_start)
                        return refuse(u, "Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
                if (s->type != SERVICE_ONESHOT && s->exec_start && s->exec_start->next)
                        return refuse(u, "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.");
                if (s->type == SERVICE_ONESHOT && IN_SET(s->restart, SERVICE_RESTART_ALWAYS, SERVICE_RESTART_ON_SUCCESS))
                        return refuse(u, "Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.");
                if (s->type == SERVICE_DBUS && !s->bus_name)
                        return refuse(u, "Service is of type D-Bus but no D-Bus service name has been specified. Refusing.");
                if (s->exec.std_input == EXEC_INPUT_SOCKET || s->exec.std_output == EXEC_OUTPUT_SOCKET ||
                    s->exec.std_error == EXEC_OUTPUT_SOCKET) {
                        /* Only meaningful for instances spawned by Accept=yes sockets; checked at start. */
                }
        }
        return 0;
}
