/* SPDX-License-Identifier: MIT */
#pragma once

/* What the parts of the unit loader share, and nothing else uses: unit-load.c finds and loads unit files,
 * unit-dropin.c collects their drop-ins, unit-specifiers.c fills the specifier context. */

#include "file-stamp.h"
#include "hashmap.h"
#include "unit-load.h"

/* A search directory and what it held when listed (NULL when not listed). */
typedef struct DirListing {
        char *path;
        DirEntries *entries;
} DirListing;

/* While the loader caches (from unit_loader_cache_fill() on), lookups use the listings: dirs[].entries,
 * listings and dropin_dirs are read at most once each; previous_listings only while a loader made by
 * unit_loader_new_from() caches. Once it does not (unit_loader_cache_retire() or _drop()), lookups ask the file
 * system (dir_listing()); retired, it keeps dirs[].entries and listings for a successor to take over. */
struct UnitLoader {
        UnitScope scope;
        char **search_path;
        DirListing *dirs; /* one per search path entry */
        size_t n_dirs;
        bool cached;
        Hashmap *listings;          /* other directories listed ("<dir>/<target>.wants"), path -> DirEntries */
        Hashmap *previous_listings; /* unit_loader_new_from(): those of the previous loader, to take over */
        Hashmap *dropin_dirs; /* "<dir>/<name>.d" -> char** of *.conf names (read on demand) */
        UnitDefaults defaults;
        usec_t stamp_window;
        SpecifierContext spec;
        bool spec_system_filled; /* the fields that need system look-ups (unit_specifiers_fill_system()) */
        char *spec_strings[32];  /* owned strings the context points to */
        size_t n_spec_strings;
};

/* The listing of search directory i to look names up in; NULL: not cached, ask the file system. */
static inline const DirEntries *dir_listing(const UnitLoader *l, size_t i) {
        return l->cached ? l->dirs[i].entries : NULL;
}

/* ---- unit-load.c ---- */

/* env + suffix if $env is an absolute path, else $HOME + fallback_below_home + suffix (-ENXIO without
 * fallback_below_home or an absolute $HOME). */
int unit_loader_user_dir(const char *env, const char *fallback_below_home, const char *suffix, char **ret);

/* ---- unit-dropin.c ---- */

/* The drop-ins of unit name (found as id): those of the requested name, of the name the file was found
 * under, and the type-wide ones. -E2BIG when there are too many. */
int unit_dropin_paths(UnitLoader *l, const char *name, const char *id, UnitType type, char ***ret);

/* ---- unit-specifiers.c ---- */

/* The directories of the specifier context and the numeric ids: from the environment, no look-ups. */
void unit_specifiers_fill(UnitLoader *l);
/* The rest, from the system (user and group database, machine and boot id, host name, uname, os-release);
 * once per loader, the first time a unit file with a '%' in it is read. */
void unit_specifiers_fill_system(UnitLoader *l);
