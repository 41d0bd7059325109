/* SPDX-License-Identifier: MIT */
#pragma once

/* Table-driven directive parsing. Every directive is one ConfigItem row: section, key, parser, dumper, ltype
 * and where its value lives. A parser gets the raw value and a pointer to its field; a bad value is logged
 * with FILE:LINE and ignored (return 0) — except in rows marked CONFIG_FAIL_CLOSED, where the unit fails to
 * load. Only -ENOMEM stops a parse. */

#include <stdio.h>

#include "specifier.h"
#include "unit-config.h"

/* What a parser may need besides its field: the unit being built and the specifier context. */
typedef struct LoadContext {
        UnitFile *unit;
        const SpecifierContext *spec;
        bool fail_closed; /* set by the dispatcher for CONFIG_FAIL_CLOSED rows */
        bool refused;     /* set by config_bad_value() when it refused a fail-closed value */
        const char *section;
} LoadContext;

typedef int (*ConfigParserCallback)(const char *filename, unsigned line, const char *section, const char *lvalue,
                                    int ltype, const char *rvalue, void *data, LoadContext *ctx);
/* Print the current value as zero or more "Key=value" lines. */
typedef void (*ConfigDumpCallback)(FILE *f, const char *lvalue, int ltype, const void *data);

typedef enum ConfigBase {
        CONFIG_BASE_UNIT,    /* UnitSection */
        CONFIG_BASE_INSTALL, /* InstallSection */
        CONFIG_BASE_SOCKET,  /* SocketSection */
        CONFIG_BASE_SERVICE, /* ServiceSection */
        CONFIG_BASE_EXEC,    /* the ExecContext of the row's section */
        CONFIG_BASE_KILL,    /* the KillContext of the row's section */
        CONFIG_BASE_NONE,    /* no field (obsolete/unsupported keys) */
} ConfigBase;

typedef enum ConfigItemFlags {
        CONFIG_SPECIFIERS = 1 << 0,         /* expand %-specifiers before parsing */
        CONFIG_SPECIFIERS_NAME = 1 << 1,    /* expand the subset for settings naming units (and [Install]) */
        CONFIG_FAIL_CLOSED = 1 << 2,        /* an invalid value makes the unit fail to load */
        CONFIG_NO_DUMP = 1 << 3,            /* alias of another row: not dumped twice */
        CONFIG_FATAL = 1 << 4,              /* with CONFIG_FAIL_CLOSED: a bad value also stops reading the file,
                                             * as systemd 252 does for Exec*=, User=, Group=, ... */
} ConfigItemFlags;

typedef struct ConfigItem {
        const char *section; /* "Socket", or "Exec" for rows shared by [Socket] and [Service] */
        const char *lvalue;
        ConfigParserCallback parse;
        ConfigDumpCallback dump;
        int ltype;
        ConfigBase base;
        size_t offset;
        unsigned flags;
} ConfigItem;

/* Log a bad value: a warning that ends in ", ignoring" normally, an error that fails the unit for
 * fail-closed rows. Returns 0 so that parsers can "return config_bad_value(...)". */
int config_bad_value(LoadContext *ctx, const char *filename, unsigned line, int error, const char *format, ...)
        _printf_(5, 6);

/* A bounded excerpt of a value for messages, so that a megabyte of garbage does not flood the log. */
const char *config_excerpt(const char *s, char buf[static 128]);
#define EXCERPT(s) config_excerpt((s), (char[128]){})
/* The last word of a bad-value message: fail-closed rows refuse the unit, the others ignore the line. */
#define IGNORING(ctx) ((ctx) && (ctx)->fail_closed ? "refusing" : "ignoring")

/* Generic parsers. */
#define CONFIG_PARSER(name)                                                                                       \
        int name(const char *filename, unsigned line, const char *section, const char *lvalue, int ltype,       \
                 const char *rvalue, void *data, LoadContext *ctx)
#define CONFIG_DUMPER(name) void name(FILE *f, const char *lvalue, int ltype, const void *data)

CONFIG_PARSER(config_parse_string);
CONFIG_PARSER(config_parse_path);
CONFIG_PARSER(config_parse_strv);
CONFIG_PARSER(config_parse_path_strv);
CONFIG_PARSER(config_parse_bool);
CONFIG_PARSER(config_parse_unsigned);
CONFIG_PARSER(config_parse_int);
CONFIG_PARSER(config_parse_long);
CONFIG_PARSER(config_parse_sec);
CONFIG_PARSER(config_parse_sec_fix_0);
CONFIG_PARSER(config_parse_nsec);
CONFIG_PARSER(config_parse_iec_size);
CONFIG_PARSER(config_parse_mode);
CONFIG_PARSER(config_parse_enum);
CONFIG_PARSER(config_parse_signal);
CONFIG_PARSER(config_parse_obsolete);
CONFIG_PARSER(config_parse_unsupported);

CONFIG_DUMPER(config_dump_string);
CONFIG_DUMPER(config_dump_strv);
CONFIG_DUMPER(config_dump_bool);
CONFIG_DUMPER(config_dump_unsigned);
CONFIG_DUMPER(config_dump_int);
CONFIG_DUMPER(config_dump_long);
CONFIG_DUMPER(config_dump_sec);
CONFIG_DUMPER(config_dump_nsec);
CONFIG_DUMPER(config_dump_iec_size);
CONFIG_DUMPER(config_dump_mode);
CONFIG_DUMPER(config_dump_enum);
CONFIG_DUMPER(config_dump_signal);

/* Enumerations parsed by config_parse_enum; ltype selects one. */
typedef enum ConfigEnum {
        CONFIG_ENUM_COLLECT_MODE,
        CONFIG_ENUM_JOB_MODE,
        CONFIG_ENUM_EMERGENCY_ACTION,
        CONFIG_ENUM_KILL_MODE,
        CONFIG_ENUM_SERVICE_TYPE,
        CONFIG_ENUM_SERVICE_EXIT_TYPE,
        CONFIG_ENUM_SERVICE_RESTART,
        CONFIG_ENUM_NOTIFY_ACCESS,
        CONFIG_ENUM_TIMEOUT_FAILURE_MODE,
        CONFIG_ENUM_OOM_POLICY,
        CONFIG_ENUM_PRESERVE_MODE,
        _CONFIG_ENUM_MAX,
} ConfigEnum;

/* Expand specifiers in a value for a row with CONFIG_SPECIFIERS; logs and returns <0 when that fails. */
int config_expand_specifiers(LoadContext *ctx, const char *filename, unsigned line, const char *lvalue,
                             const char *rvalue, bool name_set, char **ret);

/* Directive lookup. */
const ConfigItem *config_item_lookup(UnitType type, const char *section, const char *lvalue);
/* All rows (for dumps, man-page checks and tests). */
const ConfigItem *config_items(size_t *ret_n);
/* Keys systemd 252 knows that sockact does not implement. */
typedef struct UnsupportedItem {
        const char *section;
        const char *lvalue;
} UnsupportedItem;
const UnsupportedItem *config_unsupported_items(size_t *ret_n);
bool config_item_is_unsupported(UnitType type, const char *section, const char *lvalue);

/* The sections a unit type reads (NULL-terminated). */
const char *const *config_sections_for_type(UnitType type);
/* Whether units of this type read the section (a .socket file's [Service] section is ignored, as in systemd). */
bool config_section_is_read(UnitType type, const char *section);
/* Where the row's value lives in the unit, for reading. NULL for CONFIG_BASE_NONE and for a section the unit's
 * type does not read (its storage does not exist: unit-config.h). A socket without exec settings reads the
 * defaults (exec_context_defaults). */
const void *config_item_data(const ConfigItem *item, const UnitFile *u, const char *section);
/* The same for writing: allocates the socket's ExecContext on its first exec setting. -ENOENT when there is
 * no field (*ret = NULL), -ENOMEM. */
int config_item_data_writable(const ConfigItem *item, UnitFile *u, const char *section, void **ret);

/* Dispatch one assignment from the reader. */
int config_dispatch(const char *filename, unsigned line, const char *section, const char *lvalue,
                    const char *rvalue, LoadContext *ctx);

/* Dump every setting of the unit as it is after loading. */
void config_dump_unit(FILE *f, UnitFile *u);
