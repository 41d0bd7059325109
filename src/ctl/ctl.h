/* SPDX-License-Identifier: MIT */
#pragma once

/* sockactctl: the settings from the command line and the verbs. Every verb returns the exit status
 * (>= 0, see CtlExit) or a negative errno, which main() turns into 1; the verb has logged why. */

#include <limits.h>

#include "macro.h"
#include "unit-load.h"

/* Exit statuses, as systemctl uses them. */
typedef enum CtlExit {
        CTL_EXIT_SUCCESS = 0,
        CTL_EXIT_FAILURE = 1,
        CTL_EXIT_USAGE = 2,
        CTL_EXIT_NOT_ACTIVE = 3,   /* status, is-active: the unit is not active */
        CTL_EXIT_NO_SUCH_UNIT = 4, /* status, is-active, show, logs: no such unit; any verb: access denied */
        CTL_EXIT_NOT_LOADED = 5,   /* start, stop, restart: no such unit */
} CtlExit;

extern UnitScope arg_scope;
extern const char *arg_unit_path;
extern const char *arg_runtime_dir;
extern bool arg_json;
extern bool arg_no_legend;
extern bool arg_dump;
extern bool arg_now;
extern bool arg_no_block;
extern char **arg_properties; /* show -p */
extern unsigned arg_lines;    /* logs -n; UINT_MAX when not given */

/* Colour on standard output: only on a terminal, and not when $NO_COLOR is set (https://no-color.org). */
bool ctl_use_color(void);

/* ctl-verify.c */
int verb_verify(int argc, char *argv[]);

/* ctl-units.c: offline, through the config layer */
/* The unit loader on the search path chosen by --system/--user, --unit-path or $SOCKACT_UNIT_PATH, with
 * extra directories searched first. Logs on failure. */
int ctl_unit_loader_new(char *const *front, UnitLoader **ret);
int verb_cat(int argc, char *argv[]);
int verb_enable(int argc, char *argv[]);
int verb_disable(int argc, char *argv[]);

/* ctl-list.c */
int verb_list_units(int argc, char *argv[]);
int verb_list_sockets(int argc, char *argv[]);
int verb_logs(int argc, char *argv[]);

/* ctl-status.c */
int verb_status(int argc, char *argv[]);
int verb_show(int argc, char *argv[]);
int verb_is_active(int argc, char *argv[]);

/* ctl-jobs.c */
int verb_start(int argc, char *argv[]);
int verb_stop(int argc, char *argv[]);
int verb_restart(int argc, char *argv[]);
int verb_reset_failed(int argc, char *argv[]);
int verb_reload(int argc, char *argv[]);
