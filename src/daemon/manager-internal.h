/* SPDX-License-Identifier: MIT */
#pragma once

/* Shared by the manager's files (manager.c, manager-child.c, manager-template.c); not for the rest. */

#include "manager.h"

/* manager-template.c: the configuration of unit name (an instance if is_instance), shared from the template
 * cache (*ret_shared set, *ret_config borrowed from it) or loaded (*ret_shared NULL, *ret_config owned). */
int manager_load_config(Manager *m, const char *name, bool is_instance, UnitFile **ret_config,
                        TemplateConfig **ret_shared);
/* Drop one reference; NULL. */
TemplateConfig *template_config_unref(TemplateConfig *t);

/* manager-child.c: the SIGCHLD source, the reaper and the table of watched processes. */
int manager_child_setup(Manager *m);

/* manager.c: remove the units queued by manager_unit_gc() now; for a caller on no unit's call stack. */
void manager_gc_run(Manager *m);
