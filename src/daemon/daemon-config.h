/* SPDX-License-Identifier: MIT */
#pragma once

/* The daemon's own settings file, sockactd.conf(5): plain INI read with libinih, one section [Manager] whose
 * keys follow systemd-system.conf(5). Bad lines are logged as "FILE:LINE: message" (warnings) and skipped;
 * the setting keeps its previous value. */

#include <stdbool.h>
#include <sys/resource.h>

#include "log.h"
#include "unit-config.h"
#include "unit-load.h"

#define DAEMON_CONFIG_MAX_UNITS_DEFAULT 65536U
/* Files larger than this are refused with -EFBIG (a settings file is a few hundred bytes). */
#define DAEMON_CONFIG_FILE_MAX (1024U * 1024U)
/* libinih hands its reader a line buffer of INI_MAX_LINE bytes (200 in Debian's build and upstream's
 * default) that must also hold the newline and the terminating NUL, so the longest line read whole is
 * 198 bytes, not counting the newline. A longer line is reported ("Line too long") and ignored as a whole;
 * it is never cut in two, which is what libinih's own file reader does. */

typedef struct DaemonConfig {
        int log_level;        /* LogLevel=, LOG_INFO */
        LogTarget log_target; /* LogTarget=, LOG_TARGET_AUTO */
        bool log_color;       /* LogColor=, yes (only matters on a terminal) */
        bool log_time;        /* LogTime=, no */
        char *unit_path;      /* UnitPath= as written (validated), NULL: the built-in search path */
        /* DefaultTimeout{Start,Stop,Abort}Sec=, DefaultRestartSec=, DefaultStartLimit{IntervalSec,Burst}= */
        UnitDefaults defaults;
        /* DefaultTimeoutAbortSec= was given; otherwise defaults.timeout_abort is a copy of
         * defaults.timeout_stop (units fall back to their own TimeoutStopSec=). */
        bool timeout_abort_set;
        struct rlimit *default_rlimit[N_RLIMITS]; /* DefaultLimit*=, indexed by RLIMIT_*; NULL: unset */
        ExecOutput default_std_output;            /* DefaultStandardOutput=, journal */
        ExecOutput default_std_error;             /* DefaultStandardError=, inherit */
        char **default_environment;               /* DefaultEnvironment=, "NAME=value", no duplicate names */
        unsigned max_units;                       /* MaxUnits=, DAEMON_CONFIG_MAX_UNITS_DEFAULT */
} DaemonConfig;

/* The built-in defaults. */
void daemon_config_init(DaemonConfig *c);

/* Read the settings file at path into c; settings the file does not mention keep their values in c, so
 * loading several files in a row layers them. A missing file is not an error unless must_exist (-ENOENT);
 * other errors opening or reading the file (-EISDIR, -EFBIG, -EBADFD for a FIFO, socket or device other
 * than /dev/null, -EACCES ...) are returned without logging and leave c untouched. Invalid lines and
 * values are logged as warnings and skipped: the result is still 0. Only -ENOMEM interrupts a parse (c
 * may then be partly updated, but stays valid for daemon_config_done()). */
int daemon_config_load(DaemonConfig *c, const char *path, bool must_exist);

void daemon_config_done(DaemonConfig *c);

/* Where the settings file is looked for without --config=: SYSCONFDIR/sockact/sockactd.conf for the system
 * instance; $XDG_CONFIG_HOME/sockact/sockactd.conf, or ~/.config/sockact/sockactd.conf when
 * XDG_CONFIG_HOME is unset or not absolute, for a user instance. -ENXIO when neither XDG_CONFIG_HOME nor
 * HOME is an absolute path. */
int daemon_config_default_path(UnitScope scope, char **ret);
