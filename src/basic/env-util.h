/* SPDX-License-Identifier: MIT */
#pragma once

/* Environment blocks ("NAME=value" string vectors), the EnvironmentFile= format and the run-time
 * expansion of Exec*= command lines, following systemd 252. */

#include "macro.h"

/* Names: ASCII letters, digits and '_', not empty, not starting with a digit (bash's rule, as systemd).
 * Values: valid UTF-8 (utf8.h, noncharacters refused); control characters are allowed. Lengths are
 * bounded by ARG_MAX as in systemd. */
bool env_name_is_valid(const char *e) _pure_;
bool env_value_is_valid(const char *e) _pure_;
bool env_assignment_is_valid(const char *e) _pure_;
/* What UnsetEnvironment= accepts: a name or a full assignment. */
bool env_name_or_assignment_is_valid(const char *e) _pure_;

/* The value of NAME in l ("NAME=value"), NULL if unset. When a name occurs several times the last entry
 * wins. strv_env_get_n() looks up the first n bytes of name. */
const char *strv_env_get(char *const *l, const char *name) _pure_;
const char *strv_env_get_n(char *const *l, const char *name, size_t n) _pure_;

/* Set or replace an assignment: the first entry with the same name is replaced in place, later ones are
 * dropped; otherwise assignment is appended. Takes ownership of assignment, also on failure. Returns 1 if
 * appended, 0 if replaced, -EINVAL if assignment has no '=', -ENOMEM (also for a NULL assignment). */
int strv_env_replace_consume(char ***l, char *assignment);
int strv_env_replace_strdup(char ***l, const char *assignment);
/* Set name to value (NULL: unset). -EINVAL for an invalid name. */
int strv_env_assign(char ***l, const char *name, const char *value);

/* Remove, in place, every entry matching pattern: a name matches all its assignments, "NAME=value"
 * matches only that exact assignment (UnsetEnvironment= semantics). Returns how many were removed. */
int strv_env_unset(char **l, const char *pattern);

/* Apply every assignment of other to *l with strv_env_replace_strdup(): later settings override. */
int strv_env_merge(char ***l, char *const *other);

/* Drop, in place, entries that are not valid assignments and all but the last of duplicated names
 * (keeping the position of the last one), in O(n log n). Returns how many invalid entries were dropped,
 * or -ENOMEM (l is then valid but may still hold duplicates). */
int strv_env_clean(char **l);

/* Parse the EnvironmentFile= format from the first len bytes of text (which need not be NUL-terminated).
 * Rules (systemd.exec(5), systemd 252, values checked against systemd-analyze's os-release reader, which
 * shares the parser):
 *  - "KEY=VALUE" assignments; a line without '=' is ignored; whitespace around KEY and around an unquoted
 *    VALUE is dropped, interior whitespace kept; "\n" and "\r" both end a line.
 *  - '#' or ';' as the first non-blank character of a line starts a comment (a trailing backslash
 *    continues it onto the next line); there are no inline comments.
 *  - Unquoted values: backslash keeps the next character, backslash-newline joins lines. Quotes are
 *    literal once an unquoted value has started.
 *  - '...' is verbatim up to the next single quote, across lines. "..." recognizes \" \\ \` \$ and
 *    backslash-newline; any other backslash stays with the character after it. Quoted and unquoted
 *    pieces right after '=' concatenate: A='x'"y" gives "xy".
 *  - No "export " prefix: such a line has the key "export NAME", which is invalid and skipped.
 *  - A repeated key replaces the earlier value, keeping the earlier position.
 *  - A NUL byte anywhere fails the whole file with -EBADMSG, invalid UTF-8 in a key or value with -EINVAL
 *    (systemd 252 refuses such files);
 *    assignments with an invalid name (or too long) are skipped with a debug message naming fname:line.
 * Returns 0 and an allocated, possibly empty, vector in *ret_assignments. */
int env_file_parse(const char *text, size_t len, const char *fname, char ***ret_assignments);

/* Expand variables in a single word: "${NAME}" becomes the value of NAME (empty if unset), "$$" becomes
 * "$"; anything else, including "$NAME" without braces and an unterminated "${", stays as written. */
int replace_env(const char *word, char *const *env, char **ret);

/* The run-time expansion of an Exec*= argv (systemd 252 replace_env_argv(), skipped for the ':' prefix):
 * a word that starts with '$' not followed by '{' or '$' is replaced by the value of the variable named by
 * the rest of the word, split at whitespace with quotes respected and removed (zero words if the variable
 * is unset or blank; "$" alone names no variable and disappears); every other word goes through
 * replace_env(). Note that argv[0] is expanded too, the executable path never is. */
int replace_env_argv(char *const *argv, char *const *env, char ***ret);
