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

int unit_loader_new(UnitScope scope, char *const *search_path, const UnitDefaults *defaults, UnitLoader **ret);
UnitLoader *unit_loader_free(UnitLoader *l);
DEFINE_TRIVIAL_CLEANUP_FUNC(UnitLoader *, unit_loader_free);

/* The loader starts with every search directory listed, which makes loading many units cheap (a name not in
 * a listing is not looked for). unit_loader_cache_drop() frees the listings (the daemon does so once start-up
 * is done): each load then asks the file system, which costs a few stat() calls and sees files added since.
 * unit_loader_cache_fill() lists the directories again (one readdir() pass each), e.g. before a reload. */
int unit_loader_cache_fill(UnitLoader *l);
void unit_loader_cache_drop(UnitLoader *l);

char *const *unit_loader_search_path(const UnitLoader *l);
/* The loader's specifier context. Its directories (%t %S %C %L %E %T %V) and %U %G are always set; the fields
 * that need system look-ups (%u %h %s %g %m %b %H %v %a, os-release) are filled only once a unit file with a
 * '%' in it is loaded, and are NULL before. */
const SpecifierContext *unit_loader_specifiers(const UnitLoader *l);

/* Load the unit called name. Returns -ENOMEM or -EINVAL (invalid name) only; a unit that is not found, masked
 * or broken is still returned, with load_error set and the reason in load_error_reason. */
int unit_loader_load(UnitLoader *l, const char *name, UnitFile **ret);

/* The names linked from "<target>.wants/" directories on the search path (the enabled units). */
int unit_loader_list_wants(UnitLoader *l, const char *target, char ***ret);

/* The checks systemd makes once a unit is loaded (a socket needs a Listen*= line, a service an ExecStart=,
 * ...). Logs "FILE: message" and sets load_error on failure. */
int unit_file_verify(UnitFile *u);

/* Parse a unit body from memory as unit `name` (the reader + the directive table; no drop-ins, no search
 * path). Used by the fuzzers and tests. */
int unit_file_load_from_text(const char *name, const char *filename, const char *text, size_t size,
                             const SpecifierContext *spec, const UnitDefaults *defaults, UnitFile **ret);
