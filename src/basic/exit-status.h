/* SPDX-License-Identifier: MIT */
#pragma once

/* Process exit codes with their systemd names (systemd.exec(5), "PROCESS EXIT CODES"), and the exit status
 * sets of SuccessExitStatus=, RestartPreventExitStatus= and RestartForceExitStatus=. */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "macro.h"
#include "signal-util.h"

/* Codes of the LSB and of systemd's service manager, for a child that fails before execve(). Together with
 * EXIT_SUCCESS/EXIT_FAILURE (libc) and the BSD EX_* codes of <sysexits.h> these are the named ones. */
enum {
        EXIT_INVALIDARGUMENT = 2,
        EXIT_NOTIMPLEMENTED = 3,
        EXIT_NOPERMISSION = 4,
        EXIT_NOTINSTALLED = 5,
        EXIT_NOTCONFIGURED = 6,
        EXIT_NOTRUNNING = 7,

        EXIT_CHDIR = 200,
        EXIT_NICE = 201,
        EXIT_FDS = 202,
        EXIT_EXEC = 203,
        EXIT_MEMORY = 204,
        EXIT_LIMITS = 205,
        EXIT_OOM_ADJUST = 206,
        EXIT_SIGNAL_MASK = 207,
        EXIT_STDIN = 208,
        EXIT_STDOUT = 209,
        EXIT_CHROOT = 210,
        EXIT_IOPRIO = 211,
        EXIT_TIMERSLACK = 212,
        EXIT_SECUREBITS = 213,
        EXIT_SETSCHEDULER = 214,
        EXIT_CPUAFFINITY = 215,
        EXIT_GROUP = 216,
        EXIT_USER = 217,
        EXIT_CAPABILITIES = 218,
        EXIT_CGROUP = 219,
        EXIT_SETSID = 220,
        EXIT_CONFIRM = 221,
        EXIT_STDERR = 222,
        /* 223 is reserved */
        EXIT_PAM = 224,
        EXIT_NETWORK = 225,
        EXIT_NAMESPACE = 226,
        EXIT_NO_NEW_PRIVILEGES = 227,
        EXIT_SECCOMP = 228,
        EXIT_SELINUX_CONTEXT = 229,
        EXIT_PERSONALITY = 230,
        EXIT_APPARMOR_PROFILE = 231,
        EXIT_ADDRESS_FAMILIES = 232,
        EXIT_RUNTIME_DIRECTORY = 233,
        /* 234 is reserved */
        EXIT_CHOWN = 235,
        EXIT_SMACK_PROCESS_LABEL = 236,
        EXIT_KEYRING = 237,
        EXIT_STATE_DIRECTORY = 238,
        EXIT_CACHE_DIRECTORY = 239,
        EXIT_LOGS_DIRECTORY = 240,
        EXIT_CONFIGURATION_DIRECTORY = 241,
        EXIT_NUMA_POLICY = 242,
        EXIT_CREDENTIALS = 243,
        EXIT_BPF = 245,

        EXIT_EXCEPTION = 255, /* a signal death propagated as an exit code, as shells do */
};

/* Bitmaps: exit codes 0..255 and signals 1.._NSIG-1. All zero is the empty set. */
typedef struct ExitStatusSet {
        uint8_t status[256 / 8];
        uint8_t signal[(_NSIG + 7) / 8];
} ExitStatusSet;

/* The name systemd uses in unit files without the EXIT_/EX_ prefix ("SUCCESS", "CHDIR", "OOM_ADJUST",
 * "APPARMOR" for 231, "DATAERR" for 65, "USAGE" for 64), or NULL if the code has none. */
const char *exit_status_to_string(int status) _const_;

/* Such a name (case-sensitive) or a number 0..255 (number syntax of safe_atou8()): the code; else -EINVAL. */
int exit_status_from_string(const char *s);

/* Empty the set. */
void exit_status_set_reset(ExitStatusSet *set);

/* Add one word: an exit code (number or name, tried first) or a signal name ("SIGTERM", "TERM", "RTMIN+1";
 * signal numbers are read as exit codes). -EINVAL if it is neither; the set is unchanged then. */
int exit_status_set_add_word(ExitStatusSet *set, const char *word);

/* Parse a whole SuccessExitStatus=-style value into set, as systemd 252 does: an empty (or all-whitespace)
 * value resets the set; otherwise every whitespace-separated word is added (a backslash escapes the next
 * character, quotes are not special). Invalid words are skipped while the valid ones are still added, like
 * systemd, which logs "Failed to parse value, ignoring: WORD" per bad word and keeps the rest of the line.
 * Returns 0 when every word was valid; -EINVAL when some were not, and then, if ret_bad_words is not NULL,
 * it receives the invalid words joined by spaces (the caller frees it); -ENOMEM (set possibly partly
 * updated). */
int exit_status_set_parse(ExitStatusSet *set, const char *rvalue, char **ret_bad_words);

/* Whether a child that ended with code (CLD_EXITED, CLD_KILLED or CLD_DUMPED) and status (exit code or
 * signal) is in the set. */
bool exit_status_set_test(const ExitStatusSet *set, int code, int status) _pure_;
bool exit_status_set_is_empty(const ExitStatusSet *set) _pure_;

/* "0 1 75 SIGTERM SIGRTMIN+1": the exit codes as numbers in ascending order, then the signals by name;
 * "" for the empty set. */
int exit_status_set_format(const ExitStatusSet *set, char **ret);
