/* SPDX-License-Identifier: MIT */
#pragma once

/* Unit names as systemd 252 understands them (systemd.unit(5) "DESCRIPTION", "STRING ESCAPING FOR INCLUSION
 * IN UNIT NAMES", systemd-escape(1)). Pure string functions: no I/O, no logging, no global state. */

#include "macro.h"

typedef enum UnitType {
        UNIT_SERVICE,
        UNIT_SOCKET,
        UNIT_TARGET,
        UNIT_DEVICE,
        UNIT_MOUNT,
        UNIT_AUTOMOUNT,
        UNIT_SWAP,
        UNIT_TIMER,
        UNIT_PATH,
        UNIT_SLICE,
        UNIT_SCOPE,
        _UNIT_TYPE_MAX,
        _UNIT_TYPE_INVALID = -EINVAL,
} UnitType;

DECLARE_STRING_TABLE_LOOKUP(unit_type, UnitType);

/* Buffer size for a unit name including the NUL: names have at most 255 characters. */
#define UNIT_NAME_MAX 256

typedef enum UnitNameFlags {
        UNIT_NAME_PLAIN = 1 << 0,    /* "foo.service" */
        UNIT_NAME_TEMPLATE = 1 << 1, /* "foo@.service" */
        UNIT_NAME_INSTANCE = 1 << 2, /* "foo@bar.service" */
        UNIT_NAME_ANY = UNIT_NAME_PLAIN | UNIT_NAME_TEMPLATE | UNIT_NAME_INSTANCE,
} UnitNameFlags;

/* A valid name has 1..255 characters: a non-empty prefix of [A-Za-z0-9:_.\-\\], optionally followed by "@"
 * and an instance (which may contain further "@"), then "." and a known type. Whether plain, template
 * (empty instance) or instance names are accepted is chosen by flags. */
bool unit_name_is_valid(const char *n, UnitNameFlags flags) _pure_;
/* Non-empty, only the characters allowed in a prefix (no "@"). */
bool unit_prefix_is_valid(const char *p) _pure_;
/* Non-empty, prefix characters or "@". */
bool unit_instance_is_valid(const char *i) _pure_;
/* "." followed by a known type: ".socket". */
bool unit_suffix_is_valid(const char *s) _pure_;

/* Type from the suffix of a valid name; _UNIT_TYPE_INVALID otherwise. */
UnitType unit_name_to_type(const char *n) _pure_;

/* The part before the first "@", or before the type suffix: "foo@bar.socket" and "foo.socket" -> "foo". */
int unit_name_to_prefix(const char *n, char **ret);
/* Everything before the type suffix: "foo@bar.socket" -> "foo@bar" (%N). */
int unit_name_to_prefix_and_instance(const char *n, char **ret);
/* Returns UNIT_NAME_PLAIN (*ret = NULL), UNIT_NAME_TEMPLATE (*ret = "") or UNIT_NAME_INSTANCE (*ret = the
 * instance), or -EINVAL for an invalid name. */
int unit_name_to_instance(const char *n, char **ret);
/* "foo@bar.socket" or "foo@.socket" -> "foo@.socket"; -EINVAL for plain or invalid names. */
int unit_name_template(const char *n, char **ret);
/* Put instance into a template or instance name: ("foo@.service", "x") -> "foo@x.service". -EINVAL if n is
 * not a template/instance, the instance is invalid, or the result would be too long. */
int unit_name_replace_instance(const char *n, const char *instance, char **ret);
/* ("foo@x.socket", ".service") -> "foo@x.service". */
int unit_name_change_suffix(const char *n, const char *suffix, char **ret);
/* prefix [+ "@" + instance] + suffix, validated. instance NULL builds a plain name, "" a template. */
int unit_name_build(const char *prefix, const char *instance, const char *suffix, char **ret);

/* systemd-escape: "/" -> "-"; "-", "\\", a leading "." and every byte outside [A-Za-z0-9:_.] -> "\xNN"
 * (lower-case hex). Returns NULL on OOM. */
char *unit_name_escape(const char *s);
/* Reverse of unit_name_escape(): "-" -> "/", "\xNN" -> byte. -EINVAL for a malformed escape, and (unlike
 * systemd, which silently truncates there) for "\x00". */
int unit_name_unescape(const char *s, char **ret);
/* systemd-escape --path: the path is simplified ("//" and "." components dropped, trailing "/" removed),
 * "/" or "" become "-", otherwise the leading "/" is dropped and the rest escaped. -EINVAL for ".."
 * components, a relative path that is only ".", a component longer than 255 bytes or a simplified path of
 * 4096 bytes or more. */
int unit_name_path_escape(const char *path, char **ret);
/* systemd-escape -u --path: "-" -> "/", else "/" + unescaped; -EINVAL unless the result is a normalized
 * absolute path (no "//", "." or ".." components, no trailing "/"). */
int unit_name_path_unescape(const char *s, char **ret);
/* unit_name_path_escape(path) + suffix: ("/dev/sda", ".device") -> "dev-sda.device". -ENAMETOOLONG if the
 * result exceeds 255 characters. */
int unit_name_from_path(const char *path, const char *suffix, char **ret);
/* Prefix of a name, path-unescaped: "dev-sda.device" -> "/dev/sda". */
int unit_name_to_path(const char *n, char **ret);

/* Dash-truncated names searched for drop-ins (systemd.unit(5)), most specific first, as systemd 252's
 * dropin.c derives them: the prefix is cut after its last "-" (a trailing "-" is first chopped once), and
 * this repeats until no "-" is left or only a leading "-" remains.
 *   "a-b-c.socket"           -> { "a-b-.socket", "a-.socket" }
 *   "foo-bar@inst.service"   -> { "foo-@inst.service" }      (an instance keeps its instance)
 *   "foo-bar@.service"       -> { "foo-.service" }           (a template yields plain names)
 *   "-.mount", "foo.service" -> {} (*ret = NULL, returns 0)
 * Returns the number of names. */
int unit_name_dash_prefixes(const char *name, char ***ret);
/* Every name whose "<name>.d/" directory systemd 252 searches for drop-ins of one unit name, in its search
 * order and without duplicates (the type-wide "<type>.d/" is not included):
 *   plain "a-b-c.socket"       -> a-b-c.socket, a-b-.socket, a-.socket
 *   instance "a-b@i.service"   -> a-b@i.service, a-b@.service, a-.service, a-@i.service, a-@.service
 * i.e. each step of the instance's dash chain is followed by its template, and the first template is
 * followed by the plain dash chain of the template. Returns the number of names. */
int unit_name_dropin_names(const char *name, char ***ret);
