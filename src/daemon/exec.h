/* SPDX-License-Identifier: MIT */
#pragma once

/* Starting a service process as systemd 252 does (systemd.exec(5), systemd.service(5) "COMMAND LINES",
 * sd_listen_fds(3)): everything that may allocate, block on NSS or read files is done in the parent; the
 * child shares the parent's memory until execve() (a vfork-style clone), only makes system calls on prepared
 * data and ends in execve() or in _exit() with the systemd exit code of the step that failed (EXIT_CHDIR,
 * EXIT_EXEC, ...; exit-status.h). The parent side is in exec.c and exec-env.c, the child in exec-child.c. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "exec-command.h"
#include "hashmap.h"
#include "unit-config.h"

/* The daemon's signal dispositions, bit sig-1 set for each signal that is ignored or has a handler: what a
 * child has to reset. The daemon takes the snapshot once (manager_new()); it must be taken again if the
 * daemon ever changes a disposition. */
typedef struct ExecSignals {
        uint64_t ignored;
        uint64_t caught;
} ExecSignals;

int exec_signals_snapshot(ExecSignals *ret);

typedef struct ExecParameters {
        const char *unit;         /* "foo.service", for messages */
        const int *fds;           /* passed as fds 3, 4, ... in this order */
        size_t n_fds;
        char *const *fd_names;    /* one per fd, joined with ':' into $LISTEN_FDNAMES; NULL: not set */
        bool pass_listen_env;     /* set $LISTEN_FDS/$LISTEN_PID/$LISTEN_FDNAMES (only when n_fds > 0) */
        usec_t watchdog_usec;     /* > 0: set $WATCHDOG_USEC and $WATCHDOG_PID (the main process's own) */
        int stdin_fd;             /* the connection for StandardInput/Output/Error=socket, else -EBADF */
        bool stdin_fd_blocking;   /* it was accepted without O_NONBLOCK: the child need not check */
        int log_fd;               /* write end of a pipe read by the daemon for StandardOutput/Error=journal,
                                   * syslog, kmsg (+console); -EBADF: /dev/null */
        char *const *manager_environment; /* the base environment: valid and unique assignments
                                           * (exec_manager_environment()), not validated again per spawn */
        const struct rlimit *const *default_rlimits; /* N_RLIMITS: for the kinds the unit sets none of; NULL */
        const Hashmap *manager_environment_index; /* its names -> 1 + their index (exec_environment_index());
                                                   * NULL: searched */
        char *const *extra_environment;   /* REMOTE_ADDR, NOTIFY_SOCKET, MAINPID, INVOCATION_ID, ... */
        bool non_blocking;        /* NonBlocking=: O_NONBLOCK set on passed socket fds, else cleared */
        const char *runtime_dir_root; /* bases of RuntimeDirectory= ... ConfigurationDirectory=; NULL: */
        const char *state_dir_root;   /* that kind of directory is not set up */
        const char *cache_dir_root;
        const char *logs_dir_root;
        const char *config_dir_root;
        bool apply_credentials;   /* false skips User=/Group=/SupplementaryGroups= (PermissionsStartOnly=);
                                   * the '+' and '!' prefixes of the command skip them in any case */
        const ExecSignals *signals; /* the daemon's dispositions (exec_signals_snapshot()); NULL: unknown, the
                                     * child resets every signal (64 system calls) */
} ExecParameters;

/* Spawn and exec cmd. The parent resolves the executable, expands argv, builds the environment, reads
 * EnvironmentFile=, looks up User=/Group=, creates RuntimeDirectory= and friends and the StandardInputData=
 * memfd; the child resets signals, calls setsid(), sets up stdio, moves the passed fds to 3.., closes every
 * other fd, applies the process settings, changes credentials and directory and calls execve().
 * Failures that systemd 252 reports from the child (unknown User=, missing executable, chdir, ...) make the
 * child _exit() with the systemd exit code (the parent logs the reason when it knows it already, otherwise
 * the child writes one line to the daemon's stderr). Returns 0 and the pid, or -errno (logged) when the spawn
 * itself fails: EnvironmentFile= unreadable, StandardInput=socket without a socket, out of memory, clone. */
int exec_spawn(const ExecCommand *cmd, const ExecContext *c, const ExecParameters *p, pid_t *ret_pid);

/* Allocate what spawning needs ahead of the first spawn (the child's stack), so that the first connection
 * does not wait for it, and note the daemon's umask and a close-on-exec copy of its stderr, which every child
 * uses for its failure messages. Optional: exec_spawn() does it when needed. The daemon must not change its
 * umask for good afterwards. */
int exec_spawn_prepare(void);

/* The environment of a spawned process, in systemd's order (later wins): manager_environment,
 * extra_environment, then what the manager defines ($LISTEN_PID, $LISTEN_FDS, $LISTEN_FDNAMES,
 * $WATCHDOG_PID, $WATCHDOG_USEC, $SYSTEMD_EXEC_PID, $HOME, $LOGNAME, $USER, $SHELL, $TERM, $RUNTIME_DIRECTORY...), PassEnvironment= (from
 * the daemon's own environment), Environment=, EnvironmentFile=; invalid entries dropped; UnsetEnvironment=
 * last.
 * $LISTEN_PID, $WATCHDOG_PID and $SYSTEMD_EXEC_PID hold EXEC_PID_PLACEHOLDER, which the child overwrites with
 * its pid.
 * Looks up User= (-ESRCH if unknown) and reads EnvironmentFile= (errors as exec_spawn()). */
int exec_build_environment(const ExecContext *c, const ExecParameters *p, char ***ret);

#define EXEC_PID_PLACEHOLDER "...................."

/* The base environment of services. System instance: PATH=EXEC_SEARCH_PATH_DEFAULT plus LANG, LANGUAGE and
 * LC_* copied from the daemon's environment. User instance: the daemon's whole environment with PATH set to
 * EXEC_SEARCH_PATH_DEFAULT and without the variables the manager sets per service ($NOTIFY_SOCKET,
 * $LISTEN_*, $INVOCATION_ID, $MAINPID, $WATCHDOG_*, ...), as systemd's sanitize_environment(). */
int exec_manager_environment(bool user_instance, char ***ret);
/* The index of a manager environment for ExecParameters.manager_environment_index: each name -> 1 + the
 * position of its assignment. */
int exec_environment_index(char *const *env, Hashmap **ret);
