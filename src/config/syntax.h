/* SPDX-License-Identifier: MIT */
#pragma once

/* The unit-file reader of systemd.syntax(7): sections, "Key=Value" assignments, comments only at the start of a
 * line, backslash continuation (comment lines inside a continuation are skipped), CR/LF/CRLF/NUL line ends, a
 * UTF-8 byte order mark (dropped once, as systemd does), logical lines up to SYNTAX_LINE_MAX. It knows nothing about keys: every assignment in a
 * known section goes to the callback. */

#include <stddef.h>

#include "macro.h"

#define SYNTAX_LINE_MAX (1024U * 1024U) /* systemd's LONG_LINE_MAX */
#define SYNTAX_FILE_MAX (64U * 1024U * 1024U)

/* Called for each assignment. key and value are stripped of surrounding whitespace. A negative return stops the
 * parse and is returned by syntax_parse(). */
typedef int (*SyntaxAssignmentFn)(const char *filename, unsigned line, const char *section, const char *key,
                                  const char *value, void *userdata);

/* Parse text (size bytes, may contain NULs). sections: the NULL-terminated list of sections the caller knows;
 * assignments in other sections are skipped ("Unknown section" is reported once; X- sections silently). Returns
 * 0 on success, -EBADMSG when the file is unusable (invalid section header, line too long) after logging why,
 * or the callback's error. Diagnostics go through log_syntax() at warning level (errors at error level). */
int syntax_parse(const char *filename, const char *text, size_t size, const char *const *sections,
                 SyntaxAssignmentFn fn, void *userdata);

/* Read a whole file (bounded by SYNTAX_FILE_MAX) into memory. */
int read_full_file(const char *path, char **ret_text, size_t *ret_size);
