/* SPDX-License-Identifier: MIT */
#pragma once

#include "ctl-format.h"

/* Run the job verb ("start", "stop" or "restart") on each unit through the daemon and, unless --no-block,
 * wait until each has settled. Failures are logged. With j, one JSON object per unit is appended to the
 * array the caller has begun. Returns the exit status (the worst one), or a negative errno when the daemon
 * could not be reached. */
int ctl_run_jobs(const char *verb, char *const *names, JsonWriter *j);
