/* SPDX-License-Identifier: MIT */
#pragma once

/* Logging. Everything goes through log_internal(); where a message ends up is decided by the target
 * (console by default) or by a sink installed with log_set_sink() (tests, `sockactctl verify`).
 * Every log_*_errno() call returns -abs(error), so a caller can write "return log_error_errno(r, ...);". */

#include <stdarg.h>
#include <syslog.h>

#include "macro.h"

typedef enum LogTarget {
        LOG_TARGET_CONSOLE,
        LOG_TARGET_SYSLOG,
        LOG_TARGET_JOURNAL,
        LOG_TARGET_AUTO,
        _LOG_TARGET_MAX,
        _LOG_TARGET_INVALID = -EINVAL,
} LogTarget;

DECLARE_STRING_TABLE_LOOKUP(log_target, LogTarget);

/* A sink receives every message at or below the maximum level, already formatted, without newline. */
typedef void (*LogSink)(int level, const char *message, void *userdata);

void log_set_sink(LogSink sink, void *userdata);
void log_set_max_level(int level);
int log_get_max_level(void) _pure_;
int log_level_from_string(const char *s) _pure_;
const char *log_level_to_string(int level) _const_;
void log_set_target(LogTarget target);
LogTarget log_get_target(void) _pure_;
/* A prefix put before every console line ("sockactd: "); NULL for none. */
void log_set_prefix(const char *prefix);

int log_internal(int level, int error, const char *file, int line, const char *func, const char *format, ...)
        _printf_(6, 7);
int log_internalv(int level, int error, const char *file, int line, const char *func, const char *format,
                  va_list ap) _printf_(6, 0);

/* A diagnostic about a configuration file: "FILE:LINE: message" (LINE omitted when 0). */
int log_syntax_internal(const char *unit, int level, const char *config_file, unsigned config_line, int error,
                        const char *file, int line, const char *func, const char *format, ...) _printf_(9, 10);

#define log_full_errno(level, error, ...) log_internal((level), (error), __FILE__, __LINE__, __func__, __VA_ARGS__)
#define log_full(level, ...) log_full_errno((level), 0, __VA_ARGS__)

#define log_debug(...) log_full(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_full(LOG_INFO, __VA_ARGS__)
#define log_notice(...) log_full(LOG_NOTICE, __VA_ARGS__)
#define log_warning(...) log_full(LOG_WARNING, __VA_ARGS__)
#define log_error(...) log_full(LOG_ERR, __VA_ARGS__)

#define log_debug_errno(error, ...) log_full_errno(LOG_DEBUG, (error), __VA_ARGS__)
#define log_info_errno(error, ...) log_full_errno(LOG_INFO, (error), __VA_ARGS__)
#define log_notice_errno(error, ...) log_full_errno(LOG_NOTICE, (error), __VA_ARGS__)
#define log_warning_errno(error, ...) log_full_errno(LOG_WARNING, (error), __VA_ARGS__)
#define log_error_errno(error, ...) log_full_errno(LOG_ERR, (error), __VA_ARGS__)
#define log_oom() log_error_errno(ENOMEM, "Out of memory.")

#define log_syntax(unit, level, config_file, config_line, error, ...)                                            \
        log_syntax_internal((unit), (level), (config_file), (config_line), (error), __FILE__, __LINE__,         \
                            __func__, __VA_ARGS__)
