/* SPDX-License-Identifier: MIT */
#pragma once

/* What the three parts of exec share, and nothing else uses: exec-env.c looks up credentials and builds the
 * environment, exec.c turns a command into a ChildPlan, exec-child.c starts the child that carries the plan
 * out. */

#include <stdint.h>
#include <sys/resource.h>

#include "exec.h"

/* ---- small predicates ---- */

static inline bool exec_is_terminal_input(ExecInput i) {
        return IN_SET(i, EXEC_INPUT_TTY, EXEC_INPUT_TTY_FORCE, EXEC_INPUT_TTY_FAIL);
}

static inline bool exec_is_terminal_output(ExecOutput o) {
        return IN_SET(o, EXEC_OUTPUT_TTY, EXEC_OUTPUT_KMSG_AND_CONSOLE, EXEC_OUTPUT_JOURNAL_AND_CONSOLE,
                      EXEC_OUTPUT_SYSLOG_AND_CONSOLE);
}

static inline const char *exec_tty_path(const ExecContext *c) {
        return c->tty_path ?: "/dev/console";
}

static inline bool exec_uses_socket_stdio(const ExecContext *c) {
        return c->std_input == EXEC_INPUT_SOCKET || c->std_output == EXEC_OUTPUT_SOCKET ||
                c->std_error == EXEC_OUTPUT_SOCKET;
}

/* The fds passed as 3, 4, ...: with StandardInput/Output/Error=socket the connection goes to stdio and
 * nothing is passed. */
static inline size_t exec_passed_fds(const ExecContext *c, const ExecParameters *p) {
        return exec_uses_socket_stdio(c) ? 0 : p->n_fds;
}

/* The base directory of RuntimeDirectory= and friends, NULL: not set up. */
const char *exec_directory_root(const ExecParameters *p, ExecDirectoryType t);

/* ---- credentials (exec-env.c; systemd's get_fixed_user()/get_fixed_group() with USER_CREDS_CLEAN) ---- */

typedef struct ExecCreds {
        char *user_name; /* NULL without User= */
        char *home;      /* NULL: $HOME not set */
        char *shell;
        uid_t uid;       /* (uid_t) -1: not changed */
        gid_t gid;       /* (gid_t) -1: not changed */
        gid_t *groups;   /* the supplementary groups to set, if set_groups */
        size_t n_groups;
        bool set_groups;
} ExecCreds;

void exec_creds_done(ExecCreds *cr);
/* Returns 0, or the systemd exit code (EXIT_USER, EXIT_GROUP) with the error in *ret_error and the message
 * logged; -ENOMEM. */
int exec_creds_resolve(const ExecContext *c, const char *unit, ExecCreds *cr, int *ret_error);
/* The home directory for $HOME and WorkingDirectory=~: from User=, else for '~' the manager's; NULL: none. */
int exec_home(const ExecContext *c, const ExecCreds *cr, char **ret);

/* EnvironmentFile= as systemd 252's exec_context_load_environment(). */
int exec_load_environment_files(const ExecContext *c, char ***ret);

/* ---- the environment of one spawn (exec-env.c) ---- */

typedef struct ExecEnv {
        char **own;  /* the assignments made for this spawn (owned) */
        size_t n_own;
        char **envp; /* the environment: an owned array of pointers into own, into the manager environment and
                      * into the unit's and the caller's assignments, which must outlive it */
        char *listen_pid_slot; /* the value parts of $LISTEN_PID, $WATCHDOG_PID and */
        char *watchdog_pid_slot; /* $SYSTEMD_EXEC_PID=EXEC_PID_PLACEHOLDER in own if envp has them, */
        char *exec_pid_slot;   /* else NULL: the child overwrites them */
} ExecEnv;

void exec_env_done(ExecEnv *e);
/* Build the environment exec_build_environment() describes without copying the manager environment, whose
 * entries are taken as valid and unique (exec_manager_environment() makes them so). */
int exec_env_build(const ExecContext *c, const ExecParameters *p, size_t n_fds, const ExecCreds *cr,
                   const char *home, char *const *files_env, ExecEnv *ret);

/* ---- the plan the child carries out (exec-child.c) ---- */

typedef enum StdioKind {
        STDIO_OPEN,       /* open(path, flags, mode) */
        STDIO_SOURCE,     /* dup2(the source fd, n) */
        STDIO_DUP_STDIN,  /* dup2(0, n) */
        STDIO_DUP_STDOUT, /* dup2(1, n) */
} StdioKind;

typedef enum StdioSource {
        SOURCE_SOCKET,
        SOURCE_LOG,
        SOURCE_DATA,
} StdioSource;

typedef struct StdioPlan {
        StdioKind kind;
        const char *path;
        int flags;
        StdioSource source;
} StdioPlan;

/* Everything the child needs, prepared by the parent. The child shares the parent's memory until it calls
 * execve(): it only makes system calls on this data (no allocation, no stdio, no locks) and may change the
 * fd numbers and pid slots in it, nothing else. */
typedef struct ChildPlan {
        const char *unit;
        bool exit_early; /* a step failed in the parent (and logged why): the child exits at once */
        int early_status;
        const char *path;
        char *const *argv;
        char **envp;
        bool ignore_enoent;
        char *listen_pid_slot;
        char *watchdog_pid_slot;
        char *exec_pid_slot;

        uint64_t reset_signals; /* bit sig-1: set the disposition of sig to SIG_DFL */
        bool block_signals;     /* block every signal in the parent around the spawn (a handler is set) */
        bool ignore_sigpipe;

        int *fds; /* the fds to pass (moved around by the child) */
        size_t n_fds;
        bool non_blocking;
        int socket_fd;
        bool socket_fd_blocking; /* known to be blocking already: not checked */
        int log_fd;
        int data_fd;
        int err_fd; /* the daemon's stderr for the child's failure messages: -EBADF: the child copies it */
        StdioPlan stdio[3];
        mode_t file_mode;

        int oom_score_adjust;
        bool oom_score_adjust_set;
        int nice;
        bool nice_set;
        bool sched_set;
        int sched_policy;
        int sched_priority;
        int ioprio; /* -1: unchanged */
        bool timer_slack_set;
        unsigned long timer_slack;
        mode_t umask;
        bool set_umask; /* umask differs from the daemon's */
        const struct rlimit *const *rlimits; /* N_RLIMITS entries, NULL: unchanged */
        bool sandbox;                        /* rlimits, NoNewPrivileges= (not for '+') */
        bool no_new_privileges;
        bool set_uid;
        uid_t uid;
        gid_t gid;
        const gid_t *groups;
        size_t n_groups;
        bool set_groups;
        const char *root_directory;
        const char *working_directory; /* NULL: "/" */
        bool working_directory_missing_ok;
} ChildPlan;

/* Fill the signal part of the plan from the daemon's dispositions (NULL: unknown, reset every signal). */
void exec_plan_signals(ChildPlan *plan, const ExecSignals *signals, bool ignore_sigpipe);
/* Start the child for plan: a vfork-style clone sharing our memory until execve() (fork() under
 * AddressSanitizer). Returns 0 and the pid, or -errno. */
int exec_child_spawn(ChildPlan *plan, pid_t *ret_pid);
