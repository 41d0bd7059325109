/* SPDX-License-Identifier: MIT */
#pragma once

/* Finding and loading unit files: the search path, aliases and masks, templates and instances, drop-ins
 * (systemd.unit(5)). While the loader caches (unit_loader_cache_fill()), every search directory and drop-in
 * directory is read at most once. */

#include "specifier.h"
#include "unit-config.h"

typedef enum UnitScope {
        UNIT_SCOPE_SYSTEM,
        UNIT_SCOPE_USER,
} UnitScope;

/* The built-in search path of the scope (DESIGN.md). */
int unit_search_path_default(UnitScope scope, char ***ret);
/* A colon-separated list of directories replaces the default; a trailing ':' appends the default to it. */
int unit_search_path_parse(const char *spec, UnitScope scope, char ***ret);

typedef struct UnitLoader UnitLoader;

/* A new loader caches: it starts with every search directory listed. */
int unit_loader_new(UnitScope scope, char *const *search_path, const UnitDefaults *defaults, UnitLoader **ret);
/* A new loader with the settings of previous (for a reload): it lists the search path again, but takes over
 * previous's listing of each directory that did not change since (file-stamp.h), unless previous dropped it. */
int unit_loader_new_from(UnitLoader *previous, UnitLoader **ret);
UnitLoader *unit_loader_free(UnitLoader *l);
DEFINE_TRIVIAL_CLEANUP_FUNC(UnitLoader *, unit_loader_free);

/* While the loader caches, loading many units is cheap: a name not in a directory's listing is not looked for,
 * and a drop-in directory is read once. Once it does not, each load asks the file system, which costs a few
 * stat() calls and sees the files added since. unit_loader_cache_retire() ends caching but keeps the listings
 * for unit_loader_new_from() to take over (the daemon retires its loader after start-up and after each
 * reload: a reload then lists only the directories that changed); unit_loader_cache_drop() frees them too.
 * unit_loader_cache_fill() lists the directories again (one readdir() pass each) and caches. */
int unit_loader_cache_fill(UnitLoader *l);
void unit_loader_cache_retire(UnitLoader *l);
void unit_loader_cache_drop(UnitLoader *l);

char *const *unit_loader_search_path(const UnitLoader *l);

/* File times come from a clock that ticks every few milliseconds (every 1 or 2 s on some file systems): a
 * file changed within this long before the loader read it may change again without its stamp showing it,
 * and is read again at the next reload (unit_loader_unit_is_current()). Tests set 0. */
#define UNIT_LOADER_STAMP_WINDOW_DEFAULT (2 * USEC_PER_SEC)
void unit_loader_set_stamp_window(UnitLoader *l, usec_t usec);
/* The loader's specifier context. Its directories (%t %S %C %L %E %T %V) and %U %G are always set; the fields
 * that need system look-ups (%u %h %s %g %m %b %H %v %a, os-release) are filled only once a unit file with a
 * '%' in it is loaded, and are NULL before. */
const SpecifierContext *unit_loader_specifiers(const UnitLoader *l);

/* Load the unit called name. Returns -ENOMEM or -EINVAL (invalid name) only; a unit that is not found, masked
 * or broken is still returned, with load_error set and the reason in load_error_reason. */
int unit_loader_load(UnitLoader *l, const char *name, UnitFile **ret);

/* Whether u, loaded earlier as unit name by any loader (u->name may differ when instances share one parsed
 * template), is what l would load now: the same fragment and drop-ins are found, none is masked or unmasked,
 * and each file has the stamp it had when u was read (FileStamp). A file changed less than the stamp window
 * before it was read counts as changed. Without parsing anything. 1 if current, 0 if not, -ENOMEM. A loader
 * that caches sees the directories as they were when listed: give it one listed after the change. */
int unit_loader_unit_is_current(UnitLoader *l, const char *name, const UnitFile *u);

/* The names linked from "<target>.wants/" directories on the search path (the enabled units). */
int unit_loader_list_wants(UnitLoader *l, const char *target, char ***ret);

/* The checks systemd makes once a unit is loaded (a socket needs a Listen*= line, a service an ExecStart=,
 * ...). Logs "FILE: message" and sets load_error on failure. */
int unit_file_verify(UnitFile *u);

/* Parse a unit body from memory as unit `name` (the reader + the directive table; no drop-ins, no search
 * path). Used by the fuzzers and tests. */
int unit_file_load_from_text(const char *name, const char *filename, const char *text, size_t size,
                             const SpecifierContext *spec, const UnitDefaults *defaults, UnitFile **ret);
