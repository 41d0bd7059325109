/* SPDX-License-Identifier: MIT */
/* The loader: search path, masks, aliases, templates, drop-ins (order and shadowing), enabled units. */
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pwd.h>
#include <sys/stat.h>
#include <time.h>

#include "config-parse.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

static char root[] = "/tmp/test-load-XXXXXX";
static char **messages;
/* The "uncached" test case runs every test with the listings dropped; the "retired" one with the listings kept
 * but not used for lookups, as the daemon has them after start-up. */
static bool uncached, retired;

static void capture(int level, const char *m, void *u) {
        ck_assert_int_eq(strv_extend(&messages, m), 0);
}

static void put(const char *rel, const char *text) {
        _cleanup_free_ char *p = strjoin(root, "/", rel);
        char *slash;
        FILE *f;

        /* mkdir -p of the parent */
        for (slash = strchr(p + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
                *slash = '\0';
                (void) mkdir(p, 0755);
                *slash = '/';
        }
        f = fopen(p, "we");
        ck_assert_ptr_nonnull(f);
        fputs(text, f);
        fclose(f);
}

static void link_to(const char *target, const char *rel) {
        _cleanup_free_ char *p = strjoin(root, "/", rel);
        char *slash;

        for (slash = strchr(p + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
                *slash = '\0';
                (void) mkdir(p, 0755);
                *slash = '/';
        }
        ck_assert_int_eq(symlink(target, p), 0);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
        return remove(p);
}

static void setup(void) {
        strcpy(root, "/tmp/test-load-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(root));
        messages = strv_free(messages);
        log_set_sink(capture, NULL);
}

static void setup_uncached(void) {
        setup();
        uncached = true;
}

static void setup_retired(void) {
        setup();
        retired = true;
}

static void teardown(void) {
        uncached = retired = false;
        (void) nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        messages = strv_free(messages);
        log_set_sink(NULL, NULL);
}

/* A loader over root/etc, root/run, root/lib (highest precedence first). */
static UnitLoader *loader(void) {
        _cleanup_strv_free_ char **path = NULL;
        UnitLoader *l = NULL;

        ck_assert_int_eq(strv_consume(&path, strjoin(root, "/etc")), 0);
        ck_assert_int_eq(strv_consume(&path, strjoin(root, "/run")), 0);
        ck_assert_int_eq(strv_consume(&path, strjoin(root, "/lib")), 0);
        ck_assert_int_eq(unit_loader_new(UNIT_SCOPE_SYSTEM, path, NULL, &l), 0);
        if (uncached)
                unit_loader_cache_drop(l);
        if (retired)
                unit_loader_cache_retire(l);
        return l;
}

static UnitFile *load(UnitLoader *l, const char *name) {
        UnitFile *u = NULL;
        ck_assert_int_eq(unit_loader_load(l, name, &u), 0);
        ck_assert_ptr_nonnull(u);
        return u;
}

#define SOCK "[Socket]\nListenStream=127.0.0.1:1234\n"
#define SVC "[Service]\nExecStart=/bin/true\n"

START_TEST(test_search_path_precedence) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_(unit_file_freep) UnitFile *u = NULL;

        put("lib/a.service", "[Unit]\nDescription=lib\n" SVC);
        put("etc/a.service", "[Unit]\nDescription=etc\n" SVC);
        l = loader();
        u = load(l, "a.service");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_str_eq(u->unit.description, "etc");
        ck_assert_ptr_nonnull(endswith(u->fragment_path, "/etc/a.service"));
}
END_TEST

START_TEST(test_not_found_and_masked) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        UnitFile *u;

        put("lib/b.service", SVC);
        put("etc/c.service", "");
        put("lib/d.service", SVC);
        link_to("/dev/null", "etc/b.service");
        l = loader();

        u = load(l, "nope.service");
        ck_assert_int_eq(u->load_error, -ENOENT);
        ck_assert_str_eq(u->load_error_reason, "Unit nope.service not found.");
        unit_file_free(u);

        u = load(l, "b.service");
        ck_assert(u->masked);
        ck_assert_int_eq(u->load_error, -ERFKILL);
        unit_file_free(u);

        u = load(l, "c.service"); /* an empty file masks too */
        ck_assert(u->masked);
        unit_file_free(u);

        u = load(l, "d.service");
        ck_assert_int_eq(u->load_error, 0);
        unit_file_free(u);

        ck_assert_int_eq(unit_loader_load(l, "bad name.service", &u), -EINVAL);
}
END_TEST

START_TEST(test_alias) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_(unit_file_freep) UnitFile *u = NULL;
        _cleanup_free_ char *target = strjoin(root, "/lib/real.socket");

        put("lib/real.socket", "[Unit]\nDescription=%n\n" SOCK);
        put("lib/real.socket.d/10-x.conf", "[Socket]\nBacklog=7\n");
        link_to(target, "etc/other.socket");
        l = loader();
        u = load(l, "other.socket");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_str_eq(u->id, "real.socket");
        ck_assert(strv_contains(u->aliases, "real.socket"));
        ck_assert_str_eq(u->unit.description, "other.socket");
        /* drop-ins of the alias target apply too */
        ck_assert_int_eq(u->socket.backlog, 7);
}
END_TEST

START_TEST(test_template_instance) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        UnitFile *u;

        put("lib/echo@.service", "[Unit]\nDescription=Echo %i for %p (%n)\n" SVC);
        put("etc/echo@special.service", "[Unit]\nDescription=special\n" SVC);
        l = loader();

        u = load(l, "echo@one.service");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_str_eq(u->unit.description, "Echo one for echo (echo@one.service)");
        unit_file_free(u);

        /* a file for the instance itself wins over the template */
        u = load(l, "echo@special.service");
        ck_assert_str_eq(u->unit.description, "special");
        unit_file_free(u);
}
END_TEST

START_TEST(test_dropin_order_and_shadowing) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_(unit_file_freep) UnitFile *u = NULL;

        put("lib/web-api.socket", "[Socket]\nListenStream=127.0.0.1:80\nBacklog=1\n");
        /* applied in file-name order, whatever the directory */
        put("lib/web-api.socket.d/20-b.conf", "[Socket]\nBacklog=20\n");
        put("run/web-api.socket.d/10-a.conf", "[Socket]\nBacklog=10\nMaxConnections=10\n");
        /* same name in /etc shadows /lib */
        put("lib/web-api.socket.d/30-c.conf", "[Socket]\nBacklog=999\n");
        put("etc/web-api.socket.d/30-c.conf", "[Socket]\nBacklog=30\n");
        /* dash prefix and type-wide directories; the more specific name wins for equal file names */
        put("lib/web-.socket.d/40-d.conf", "[Socket]\nMaxConnections=40\n");
        put("lib/web-.socket.d/30-c.conf", "[Socket]\nBacklog=777\n");
        put("lib/socket.d/50-e.conf", "[Socket]\nKeepAlive=yes\n");
        /* not a .conf file */
        put("lib/web-api.socket.d/60-f.txt", "[Socket]\nBacklog=6\n");
        l = loader();
        u = load(l, "web-api.socket");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_int_eq(u->socket.backlog, 30);
        ck_assert_int_eq(u->socket.max_connections, 40);
        ck_assert(u->socket.keep_alive);
        ck_assert_int_eq(strv_length(u->dropin_paths), 5);
        ck_assert_ptr_nonnull(endswith(u->dropin_paths[0], "/run/web-api.socket.d/10-a.conf"));
        ck_assert_ptr_nonnull(endswith(u->dropin_paths[1], "/lib/web-api.socket.d/20-b.conf"));
        ck_assert_ptr_nonnull(endswith(u->dropin_paths[2], "/etc/web-api.socket.d/30-c.conf"));
        ck_assert_ptr_nonnull(endswith(u->dropin_paths[3], "/lib/web-.socket.d/40-d.conf"));
        ck_assert_ptr_nonnull(endswith(u->dropin_paths[4], "/lib/socket.d/50-e.conf"));
}
END_TEST

START_TEST(test_dropin_directory_order) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_(unit_file_freep) UnitFile *u = NULL;

        /* systemd walks the directories outermost: /etc's less specific name beats /lib's exact name. */
        put("lib/a-b.service", SVC);
        put("lib/a-b.service.d/x.conf", "[Service]\nNice=1\n");
        put("etc/a-.service.d/x.conf", "[Service]\nNice=2\n");
        l = loader();
        u = load(l, "a-b.service");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_int_eq(u->service.exec.nice, 2);
        ck_assert_int_eq(strv_length(u->dropin_paths), 1);
        ck_assert_ptr_nonnull(endswith(u->dropin_paths[0], "/etc/a-.service.d/x.conf"));
}
END_TEST

START_TEST(test_instance_dropins) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_(unit_file_freep) UnitFile *u = NULL;

        put("lib/t@.service", "[Service]\nExecStart=/bin/true\nNice=1\n");
        put("lib/t@.service.d/10.conf", "[Service]\nNice=2\nRestartSec=3\n");
        put("lib/t@x.service.d/10.conf", "[Service]\nNice=5\n"); /* instance beats template for 10.conf */
        l = loader();
        u = load(l, "t@x.service");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_int_eq(u->service.exec.nice, 5);
        ck_assert_uint_eq(u->service.restart_sec, 100 * USEC_PER_MSEC); /* template's 10.conf shadowed */
        ck_assert_int_eq(strv_length(u->dropin_paths), 1);
}
END_TEST

START_TEST(test_wants) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *t1 = strjoin(root, "/lib/a.socket"), *t2 = strjoin(root, "/lib/b.socket");

        put("lib/a.socket", SOCK);
        put("lib/b.socket", SOCK);
        put("etc/sockets.target.wants/.keep", "");
        link_to(t1, "etc/sockets.target.wants/a.socket");
        put("run/sockets.target.wants/.keep", "");
        link_to(t2, "run/sockets.target.wants/b.socket");
        link_to(t2, "run/sockets.target.wants/not a unit");
        link_to(t2, "etc/sockets.target.wants/b.socket"); /* enabled twice: listed once */
        l = loader();
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &names), 0);
        ck_assert_int_eq(strv_length(names), 2);
        ck_assert_str_eq(names[0], "a.socket");
        ck_assert_str_eq(names[1], "b.socket");
}
END_TEST

START_TEST(test_search_path_parse) {
        _cleanup_strv_free_ char **a = NULL, **b = NULL, **def = NULL;

        ck_assert_int_eq(unit_search_path_parse("/x:/y", UNIT_SCOPE_SYSTEM, &a), 0);
        ck_assert_int_eq(strv_length(a), 2);
        ck_assert_int_eq(unit_search_path_parse("/x:", UNIT_SCOPE_SYSTEM, &b), 0);
        ck_assert_int_eq(unit_search_path_default(UNIT_SCOPE_SYSTEM, &def), 0);
        ck_assert_str_eq(def[0], "/etc/sockact/system");
        ck_assert_int_eq(strv_length(b), 1 + strv_length(def));
        ck_assert_str_eq(b[0], "/x");
        ck_assert_str_eq(b[1], "/etc/sockact/system");
        ck_assert_int_eq(unit_search_path_parse("relative", UNIT_SCOPE_SYSTEM, &a), -EINVAL);
}
END_TEST

START_TEST(test_verify_messages) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        UnitFile *u;

        put("lib/nolisten.socket", "[Socket]\nAccept=yes\n");
        put("lib/dgram.socket", "[Socket]\nListenDatagram=127.0.0.1:5\nAccept=yes\n");
        put("lib/noexec.service", "[Service]\nType=simple\n");
        put("lib/two.service", "[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n");
        put("lib/oneshot.service", "[Service]\nType=oneshot\nExecStart=/bin/a\nExecStart=/bin/b\n");
        l = loader();

        u = load(l, "nolisten.socket");
        ck_assert_int_eq(u->load_error, -ENOEXEC);
        ck_assert_ptr_nonnull(strstr(u->load_error_reason, "Unit has no Listen setting"));
        unit_file_free(u);
        u = load(l, "dgram.socket");
        ck_assert_ptr_nonnull(strstr(u->load_error_reason, "sockets are non-accepting"));
        unit_file_free(u);
        u = load(l, "noexec.service");
        ck_assert_ptr_nonnull(strstr(u->load_error_reason, "Service has no ExecStart="));
        unit_file_free(u);
        u = load(l, "two.service");
        ck_assert_ptr_nonnull(strstr(u->load_error_reason, "more than one ExecStart="));
        unit_file_free(u);
        u = load(l, "oneshot.service");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_uint_eq(u->service.timeout_start, USEC_INFINITY); /* oneshot: no start timeout by default */
        unit_file_free(u);
}
END_TEST

/* A loader that treats files as settled at once (the default window would make every file just written
 * count as changed). */
static UnitLoader *loader_now(void) {
        UnitLoader *l = loader();
        unit_loader_set_stamp_window(l, 0);
        return l;
}

/* root/rel, in one of two static buffers */
static const char *at(const char *rel) {
        static char buf[2][PATH_MAX];
        static unsigned n;
        char *b = buf[n++ % 2];

        snprintf(b, PATH_MAX, "%s/%s", root, rel);
        return b;
}

static int current(const UnitFile *u) {
        _cleanup_(unit_loader_freep) UnitLoader *l = loader();
        return unit_loader_unit_is_current(l, u->name, u);
}

START_TEST(test_is_current) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        UnitFile *u;

        put("lib/a.socket", SOCK);
        put("lib/a.socket.d/10-x.conf", "[Socket]\nBacklog=7\n");
        l = loader_now();
        u = load(l, "a.socket");
        ck_assert_uint_eq(u->n_stamps, 2);
        ck_assert_int_eq(current(u), 1);

        /* the fragment edited */
        put("lib/a.socket", SOCK "Backlog=9\n");
        ck_assert_int_eq(current(u), 0);
        unit_file_free(u);
        l = unit_loader_free(l);
        l = loader_now();
        u = load(l, "a.socket");
        ck_assert_int_eq(current(u), 1);
        /* a drop-in edited, added (also type-wide), removed */
        put("lib/a.socket.d/10-x.conf", "[Socket]\nBacklog=17\n");
        ck_assert_int_eq(current(u), 0);
        unit_file_free(u);
        l = unit_loader_free(l);
        l = loader_now();
        u = load(l, "a.socket");
        put("etc/a.socket.d/20-y.conf", "[Socket]\nBacklog=8\n");
        ck_assert_int_eq(current(u), 0);
        ck_assert_int_eq(remove(at("etc/a.socket.d/20-y.conf")), 0);
        ck_assert_int_eq(current(u), 1);
        put("run/socket.d/x.conf", "[Socket]\nBacklog=3\n");
        ck_assert_int_eq(current(u), 0);
        ck_assert_int_eq(remove(at("run/socket.d/x.conf")), 0);
        ck_assert_int_eq(current(u), 1);
        /* overridden by a file earlier in the path, aliased, masked, removed */
        put("etc/a.socket", SOCK);
        ck_assert_int_eq(current(u), 0);
        ck_assert_int_eq(remove(at("etc/a.socket")), 0);
        ck_assert_int_eq(current(u), 1);
        link_to("/dev/null", "etc/a.socket");
        ck_assert_int_eq(current(u), 0);
        ck_assert_int_eq(remove(at("etc/a.socket")), 0);
        ck_assert_int_eq(rename(at("lib/a.socket"), at("lib/b.socket")), 0);
        ck_assert_int_eq(current(u), 0);
        link_to(at("lib/b.socket"), "lib/a.socket");
        ck_assert_int_eq(current(u), 0); /* now an alias of b.socket */
        unit_file_free(u);

        /* a unit not found stays current until its file appears; a masked one until it is unmasked */
        u = load(l, "nope.socket");
        ck_assert_int_eq(current(u), 1);
        put("lib/nope.socket", SOCK);
        ck_assert_int_eq(current(u), 0);
        unit_file_free(u);
        link_to("/dev/null", "etc/m.socket");
        put("lib/t@.service", SVC);
        l = unit_loader_free(l);
        l = loader_now();
        u = load(l, "m.socket");
        ck_assert(u->masked);
        ck_assert_int_eq(current(u), 1);
        ck_assert_int_eq(remove(at("etc/m.socket")), 0);
        ck_assert_int_eq(current(u), 0);
        unit_file_free(u);

        /* an instance follows its template, until a file for the instance itself appears */
        u = load(l, "t@1.service");
        ck_assert_int_eq(current(u), 1);
        put("etc/t@1.service", SVC);
        ck_assert_int_eq(current(u), 0);
        unit_file_free(u);
}
END_TEST

START_TEST(test_is_current_racy) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_(unit_file_freep) UnitFile *u = NULL;

        /* Just written: an edit in the same clock tick would leave the same stamp, so the file counts as
         * changed (read again) until it has been settled for the window when read. */
        put("lib/r.service", SVC);
        l = loader();
        u = load(l, "r.service");
        ck_assert(u->stamps[0].racy);
        ck_assert_int_eq(current(u), 0);
}
END_TEST

/* A loader for a reload takes over the listings of unchanged directories, and sees every change. Directories
 * changed within the stamp window (2 s) before they were listed are listed again: the tree is made to be
 * older than that first, so that listings are taken over indeed. */
START_TEST(test_new_from) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_strv_free_ char **wants = NULL;
        UnitLoader *prev;
        UnitFile *u;

        put("lib/a.socket", SOCK);
        link_to("../a.socket", "lib/sockets.target.wants/a.socket");
        (void) mkdir(at("etc"), 0755);
        ck_assert_int_eq(nanosleep(&(struct timespec) { .tv_sec = 2, .tv_nsec = 100000000 }, NULL), 0);
        l = loader();
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &wants), 0);
        ck_assert(strv_equal(wants, (char *[]) { "a.socket", NULL }));
        wants = strv_free(wants);

        /* nothing changed: the same answers (the listings taken over) */
        prev = l;
        ck_assert_int_eq(unit_loader_new_from(prev, &l), 0);
        unit_loader_free(prev); /* the new loader holds its own references */
        u = load(l, "a.socket");
        ck_assert_int_eq(u->load_error, 0);
        unit_file_free(u);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &wants), 0);
        ck_assert(strv_equal(wants, (char *[]) { "a.socket", NULL }));
        wants = strv_free(wants);

        /* a unit and a link added, a unit removed */
        put("lib/b.socket", SOCK);
        link_to("../b.socket", "lib/sockets.target.wants/b.socket");
        ck_assert_int_eq(remove(at("lib/a.socket")), 0);
        prev = l;
        ck_assert_int_eq(unit_loader_new_from(prev, &l), 0);
        unit_loader_free(prev);
        u = load(l, "b.socket");
        ck_assert_int_eq(u->load_error, 0);
        unit_file_free(u);
        u = load(l, "a.socket");
        ck_assert_int_eq(u->load_error, -ENOENT);
        unit_file_free(u);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &wants), 0);
        ck_assert(strv_equal(wants, (char *[]) { "a.socket", "b.socket", NULL }));
        wants = strv_free(wants);

        /* a link removed; a drop-in directory appears */
        ck_assert_int_eq(remove(at("lib/sockets.target.wants/a.socket")), 0);
        put("etc/b.socket.d/x.conf", "[Socket]\nBacklog=3\n");
        prev = l;
        ck_assert_int_eq(unit_loader_new_from(prev, &l), 0);
        unit_loader_free(prev);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &wants), 0);
        ck_assert(strv_equal(wants, (char *[]) { "b.socket", NULL }));
        u = load(l, "b.socket");
        ck_assert_int_eq(u->socket.backlog, 3);
        unit_file_free(u);
}
END_TEST

START_TEST(test_cache_fill_and_drop) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *t = strjoin(root, "/lib/late.socket");
        UnitFile *u;

        put("lib/a.service", SVC);
        l = loader();
        ck_assert_int_eq(unit_loader_cache_fill(l), 0);
        /* while cached, a file added after the listing is not seen ... */
        put("lib/late.socket", SOCK);
        put("lib/a.service.d/10-x.conf", "[Unit]\nDescription=drop-in\n");
        put("etc/sockets.target.wants/.keep", "");
        link_to(t, "etc/sockets.target.wants/late.socket");
        u = load(l, "late.socket");
        ck_assert_int_eq(u->load_error, -ENOENT);
        unit_file_free(u);
        u = load(l, "a.service");
        ck_assert_ptr_null(u->unit.description);
        unit_file_free(u);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &names), 0);
        ck_assert_ptr_null(names);

        /* ... without the listings every load asks the file system ... */
        unit_loader_cache_drop(l);
        u = load(l, "late.socket");
        ck_assert_int_eq(u->load_error, 0);
        unit_file_free(u);
        u = load(l, "a.service");
        ck_assert_str_eq(u->unit.description, "drop-in");
        unit_file_free(u);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &names), 0);
        ck_assert_int_eq(strv_length(names), 1);
        names = strv_free(names);

        /* ... and a new listing sees them too */
        ck_assert_int_eq(unit_loader_cache_fill(l), 0);
        put("lib/a.service.d/20-y.conf", "[Unit]\nDescription=second\n");
        u = load(l, "a.service"); /* the drop-in directory is read on first use and kept */
        ck_assert_str_eq(u->unit.description, "second");
        unit_file_free(u);
        put("lib/a.service.d/30-z.conf", "[Unit]\nDescription=third\n");
        u = load(l, "a.service");
        ck_assert_str_eq(u->unit.description, "second");
        unit_file_free(u);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &names), 0);
        ck_assert_int_eq(strv_length(names), 1);
}
END_TEST

/* A retired loader asks the file system, like one without listings; its successor takes its listings over where
 * the directory did not change, and lists again the others. */
START_TEST(test_cache_retire) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_strv_free_ char **names = NULL;
        UnitLoader *prev;
        UnitFile *u;

        put("lib/a.socket", SOCK);
        put("lib/b.service", SVC);
        link_to("../a.socket", "lib/sockets.target.wants/a.socket");
        l = loader();
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &names), 0);
        ck_assert(strv_equal(names, (char *[]) { "a.socket", NULL }));
        names = strv_free(names);
        unit_loader_cache_retire(l);

        /* added, removed, a drop-in directory and a link added: seen at once */
        put("lib/late.socket", SOCK);
        link_to("../late.socket", "lib/sockets.target.wants/late.socket");
        put("etc/b.service.d/x.conf", "[Unit]\nDescription=drop-in\n");
        ck_assert_int_eq(remove(at("lib/a.socket")), 0);
        u = load(l, "late.socket");
        ck_assert_int_eq(u->load_error, 0);
        unit_file_free(u);
        u = load(l, "a.socket");
        ck_assert_int_eq(u->load_error, -ENOENT);
        unit_file_free(u);
        u = load(l, "b.service");
        ck_assert_str_eq(u->unit.description, "drop-in");
        unit_file_free(u);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &names), 0);
        ck_assert(strv_equal(names, (char *[]) { "a.socket", "late.socket", NULL }));
        names = strv_free(names);

        /* the successor (for a reload) sees the same */
        prev = l;
        ck_assert_int_eq(unit_loader_new_from(prev, &l), 0);
        unit_loader_free(prev);
        u = load(l, "late.socket");
        ck_assert_int_eq(u->load_error, 0);
        unit_file_free(u);
        u = load(l, "a.socket");
        ck_assert_int_eq(u->load_error, -ENOENT);
        unit_file_free(u);
        u = load(l, "b.service");
        ck_assert_str_eq(u->unit.description, "drop-in");
        unit_file_free(u);
        ck_assert_int_eq(unit_loader_list_wants(l, "sockets.target", &names), 0);
        ck_assert(strv_equal(names, (char *[]) { "a.socket", "late.socket", NULL }));
}
END_TEST

/* The specifiers that need system look-ups are resolved when a unit file uses one, and only then looked up. */
START_TEST(test_system_specifiers_on_demand) {
        _cleanup_(unit_loader_freep) UnitLoader *l = NULL;
        _cleanup_free_ char *expect = NULL;
        char host[256] = "";
        struct passwd *pw = getpwuid(getuid());
        UnitFile *u;

        put("lib/plain.service", "[Unit]\nDescription=no specifier\n" SVC);
        put("lib/spec.service", "[Unit]\nDescription=%H/%u/%U\n" SVC);
        put("lib/dropin.service", SVC);
        put("lib/dropin.service.d/x.conf", "[Unit]\nDescription=%u@%H\n");
        l = loader();
        ck_assert_str_eq(unit_loader_specifiers(l)->runtime_dir, "/run");
        ck_assert_ptr_nonnull(unit_loader_specifiers(l)->uid);

        u = load(l, "plain.service");
        ck_assert_str_eq(u->unit.description, "no specifier");
        unit_file_free(u);
        ck_assert_ptr_null(unit_loader_specifiers(l)->host_name); /* not looked up yet */

        ck_assert_int_eq(gethostname(host, sizeof(host) - 1), 0);
        ck_assert_ptr_nonnull(pw);
        ck_assert_int_ge(asprintf(&expect, "%s/%s/%u", host, pw->pw_name, (unsigned) getuid()), 0);
        u = load(l, "spec.service");
        ck_assert_str_eq(u->unit.description, expect);
        unit_file_free(u);
        ck_assert_str_eq(unit_loader_specifiers(l)->host_name, host);

        /* a '%' only in a drop-in fills them as well (in a fresh loader) */
        l = unit_loader_free(l);
        l = loader();
        free(expect);
        ck_assert_int_ge(asprintf(&expect, "%s@%s", pw->pw_name, host), 0);
        u = load(l, "dropin.service");
        ck_assert_str_eq(u->unit.description, expect);
        unit_file_free(u);
}
END_TEST

static void add_loader_tests(TCase *tc) {
        tcase_add_test(tc, test_search_path_precedence);
        tcase_add_test(tc, test_not_found_and_masked);
        tcase_add_test(tc, test_alias);
        tcase_add_test(tc, test_template_instance);
        tcase_add_test(tc, test_dropin_order_and_shadowing);
        tcase_add_test(tc, test_dropin_directory_order);
        tcase_add_test(tc, test_instance_dropins);
        tcase_add_test(tc, test_wants);
        tcase_add_test(tc, test_verify_messages);
        tcase_add_test(tc, test_system_specifiers_on_demand);
        tcase_add_test(tc, test_is_current);
        tcase_add_test(tc, test_is_current_racy);
        tcase_add_test(tc, test_new_from);
}

int main(void) {
        Suite *s = suite_create("load");
        TCase *tc = tcase_create("loader"), *tu = tcase_create("loader-uncached");
        TCase *tr = tcase_create("loader-retired");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        add_loader_tests(tc);
        tcase_add_test(tc, test_search_path_parse);
        tcase_add_test(tc, test_cache_fill_and_drop);
        tcase_add_test(tc, test_cache_retire);
        suite_add_tcase(s, tc);
        tcase_add_checked_fixture(tu, setup_uncached, teardown);
        add_loader_tests(tu);
        suite_add_tcase(s, tu);
        tcase_add_checked_fixture(tr, setup_retired, teardown);
        add_loader_tests(tr);
        suite_add_tcase(s, tr);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
