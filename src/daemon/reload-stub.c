/* SPDX-License-Identifier: MIT */
/* STUB: manager_reload() comes with the reload work (branch "reload"). Until that is merged, Reload() on the
 * control interface answers org.sockact1.Error.Failed "Reload is not supported yet". Drop this file (and its
 * line in mk/control.am) when merging the real one. */
#include "manager.h"

int manager_reload(Manager *m) {
        return -EOPNOTSUPP;
}
