/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <strings.h>

#include "log.h"

static int max_level = LOG_INFO;
static LogTarget target = LOG_TARGET_CONSOLE;
static LogSink sink;
static void *sink_userdata;
static const char *prefix;

static const char *const log_target_table[_LOG_TARGET_MAX] = {
        [LOG_TARGET_CONSOLE] = "console",
        [LOG_TARGET_SYSLOG] = "syslog",
        [LOG_TARGET_JOURNAL] = "journal",
        [LOG_TARGET_AUTO] = "auto",
};

DEFINE_STRING_TABLE_LOOKUP(log_target, LogTarget);

static const char *const level_table[] = {
        [LOG_EMERG] = "emerg",   [LOG_ALERT] = "alert",   [LOG_CRIT] = "crit", [LOG_ERR] = "err",
        [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice", [LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

int log_level_from_string(const char *s) {
        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(level_table); i++)
                if (strcasecmp(level_table[i], s) == 0)
                        return (int) i;
        if (strcasecmp(s, "error") == 0)
                return LOG_ERR;
        if (strcasecmp(s, "warn") == 0)
                return LOG_WARNING;
        if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
                return s[0] - '0';
        return -EINVAL;
}

const char *log_level_to_string(int level) {
        if (level < 0 || (size_t) level >= ELEMENTSOF(level_table))
                return NULL;
        return level_table[level];
}

void log_set_sink(LogSink s, void *userdata) {
        sink = s;
        sink_userdata = userdata;
}

void log_set_max_level(int level) {
        max_level = level;
}

int log_get_max_level(void) {
        return max_level;
}

void log_set_target(LogTarget t) {
        target = t;
}

LogTarget log_get_target(void) {
        return target;
}

void log_set_prefix(const char *p) {
        prefix = p;
}

static void log_dispatch(int level, const char *message) {
        if (sink) {
                sink(level, message, sink_userdata);
                return;
        }
        if (target == LOG_TARGET_SYSLOG) {
                syslog(level, "%s", message);
                return;
        }
        fprintf(stderr, "%s%s\n", strempty(prefix), message);
}

int log_internalv(int level, int error, const char *file, int line, const char *func, const char *format,
                  va_list ap) {
        char buf[2048];
        int saved = errno;

        (void) file;
        (void) line;
        (void) func;

        if (error < 0)
                error = -error;
        if (level > max_level) {
                errno = saved;
                return -error;
        }

        /* Make %m print the error we were given. */
        if (error != 0)
                errno = error;
        (void) vsnprintf(buf, sizeof(buf), format, ap);
        log_dispatch(level, buf);

        errno = saved;
        return -error;
}

int log_internal(int level, int error, const char *file, int line, const char *func, const char *format, ...) {
        va_list ap;
        int r;

        va_start(ap, format);
        r = log_internalv(level, error, file, line, func, format, ap);
        va_end(ap);
        return r;
}

int log_syntax_internal(const char *unit, int level, const char *config_file, unsigned config_line, int error,
                        const char *file, int line, const char *func, const char *format, ...) {
        char msg[2048];
        va_list ap;
        int saved = errno;

        (void) unit;
        if (error < 0)
                error = -error;
        if (level > max_level)
                return -error;

        if (error != 0)
                errno = error;
        va_start(ap, format);
        (void) vsnprintf(msg, sizeof(msg), format, ap);
        va_end(ap);
        errno = saved;

        if (config_file && config_line > 0)
                return log_internal(level, error, file, line, func, "%s:%u: %s", config_file, config_line, msg);
        if (config_file)
                return log_internal(level, error, file, line, func, "%s: %s", config_file, msg);
        return log_internal(level, error, file, line, func, "%s", msg);
}
