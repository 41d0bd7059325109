/* SPDX-License-Identifier: MIT */
#pragma once

/* Signal names as unit files use them (KillSignal=, SuccessExitStatus=, ...). */

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

#ifndef _NSIG
#  define _NSIG NSIG
#endif

/* Signal numbers are 1 .. _NSIG - 1 (64 on Linux). */
#define SIGNAL_VALID(s) ((s) > 0 && (s) < _NSIG)

/* Enough for every signal_to_string_buf() result ("SIGRTMIN+30"). */
#define SIGNAL_TO_STRING_MAX 24

/* "SIGTERM", "TERM", "RTMIN", "RTMIN+3", "SIGRTMAX-2" (case-sensitive) or a number 1 .. _NSIG - 1 (number
 * syntax of safe_atoi()): the signal number, or -EINVAL for anything else, including numbers out of range. */
int signal_from_string(const char *s);

/* "SIGTERM" for the classic signals; NULL for realtime and invalid ones (see signal_to_string_buf()). */
const char *signal_to_string(int signo) _const_;

/* Like signal_to_string(), but also formats realtime signals as "SIGRTMIN+n" into buf; NULL if signo is
 * not a valid signal or buf is too small (SIGNAL_TO_STRING_MAX always suffices). */
const char *signal_to_string_buf(int signo, char *buf, size_t size);
