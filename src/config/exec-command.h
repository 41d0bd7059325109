/* SPDX-License-Identifier: MIT */
#pragma once

/* Exec*= command lines (systemd.service(5) "COMMAND LINES"), parsed as systemd 252 does. */

#include "macro.h"

/* systemd 252's fixed search path for an executable given as a bare name (Debian build, as printed by
 * `systemd-path search-binaries-default`). The daemon resolves such names at exec time. */
#define EXEC_SEARCH_PATH_DEFAULT "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

typedef enum ExecCommandFlags {
        EXEC_COMMAND_IGNORE_FAILURE = 1 << 0,   /* '-' */
        EXEC_COMMAND_FULLY_PRIVILEGED = 1 << 1, /* '+' */
        EXEC_COMMAND_NO_SETUID = 1 << 2,        /* '!' */
        EXEC_COMMAND_AMBIENT_MAGIC = 1 << 3,    /* '!!' */
        EXEC_COMMAND_NO_ENV_EXPAND = 1 << 4,    /* ':' */
} ExecCommandFlags;

typedef struct ExecCommand {
        /* The executable: an absolute path (with redundant slashes and "." components removed) or a
         * bare file name to look up in EXEC_SEARCH_PATH_DEFAULT. Never contains quotes, backslashes or
         * control characters. '$' in it is literal: variables are never expanded in the path. */
        char *path;
        /* argv[0] is the path as written (before simplification), or with '@' the word after the path.
         * Specifiers are already expanded; "$VAR" / "${VAR}" are still in, replace_env_argv() expands
         * them at exec time unless EXEC_COMMAND_NO_ENV_EXPAND. Never empty. */
        char **argv;
        ExecCommandFlags flags;
        struct ExecCommand *next;
} ExecCommand;

/* Free c and everything after it; returns NULL. */
ExecCommand *exec_command_free_list(ExecCommand *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(ExecCommand *, exec_command_free_list);

/* Append c (itself possibly a list) to the end of *l. */
int exec_command_append_list(ExecCommand **l, ExecCommand *c);

/* Specifier expansion for one word: store an allocated expansion of in in *ret, or return -errno
 * (-EBADSLT for an unknown specifier, as systemd). */
typedef int (*ExecExpandFn)(const char *in, void *userdata, char **ret);

/* Parse one Exec*= value into a list of commands, exactly as systemd 252's config_parse_exec():
 *  - Words are unquoted and C-unescaped (extract-word.h); an unknown escape is kept verbatim with a
 *    warning. A lone unquoted ";" word separates commands, "\;" is a literal ";" argument (so are ";"
 *    in quotes and words like "x;"). Leading and repeated separators are skipped.
 *  - Prefixes in front of the executable, after unquoting, in any order: '-', '@', ':' once each and one
 *    of '+', '!', '!!' ('!' twice, not necessarily adjacent). Anything else ends the prefixes, so "!+",
 *    "+!", "!!!", "--" and "@@" leave a prefix character in the path, which then is invalid.
 *  - Specifiers are expanded with expand (NULL: no expansion, '%' is literal) on the executable after
 *    the prefixes and on each argument after unquoting, so "\x25n" expands like "%n".
 *  - The executable must be an absolute path or a file name without '/', no longer than systemd allows
 *    (NAME_MAX per component, PATH_MAX in all); it may contain spaces but no quotes, backslashes or
 *    control characters, and must not end in '/'.
 * Returns:
 *   0  success. *ret_list is the list, NULL if rvalue yields no command. An empty rvalue means "reset the
 *      list" in a unit file: the caller checks isempty(rvalue) itself (";" also yields no command, but
 *      does not reset).
 *   1  success with diagnostics systemd logs without failing the unit: unknown escapes kept verbatim, or
 *      a command that failed to parse but carried '-' (or whose first word had unbalanced quotes): that
 *      command and the rest of the line are dropped, as systemd does. *ret_list holds what systemd keeps
 *      (possibly NULL).
 *  <0  the unit must fail to load: -EINVAL, the error of expand, or -ENOMEM. *ret_list is untouched.
 * In both the 1 and <0 cases *ret_error (if ret_error is not NULL) receives the messages, worded as
 * systemd's, one per line ('\n'-separated, no trailing newline), the fatal one last; after 0 it is NULL. */
int exec_command_parse(const char *rvalue, ExecExpandFn expand, void *userdata, ExecCommand **ret_list,
                       char **ret_error);

/* Format one command (not the list after it) as a command line that exec_command_parse() with expand ==
 * NULL reads back to the same path, argv and flags, e.g. "-@/bin/sh sh -c \"echo hi\"". */
int exec_command_format(const ExecCommand *c, char **ret);
