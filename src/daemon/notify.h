/* SPDX-License-Identifier: MIT */
#pragma once

#include "manager.h"

/* Bind $RUNTIME/notify and dispatch what services send there. */
int notify_socket_open(Manager *m);
void notify_socket_close(Manager *m);
