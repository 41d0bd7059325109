/* SPDX-License-Identifier: MIT */
#pragma once

/* The configuration built from a unit file and its drop-ins: immutable once loaded. The directive table
 * (directives.c) writes every field; nothing else does. */

#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "exec-command.h"
#include "exit-status.h"
#include "macro.h"
#include "socket-address.h"
#include "time-util.h"
#include "unit-name.h"

/* ---- [Unit] ---- */

typedef enum UnitDependency {
        UNIT_REQUIRES,
        UNIT_REQUISITE,
        UNIT_WANTS,
        UNIT_BINDS_TO,
        UNIT_PART_OF,
        UNIT_UPHOLDS,
        UNIT_CONFLICTS,
        UNIT_BEFORE,
        UNIT_AFTER,
        UNIT_ON_FAILURE,
        UNIT_ON_SUCCESS,
        UNIT_PROPAGATES_RELOAD_TO,
        UNIT_RELOAD_PROPAGATED_FROM,
        UNIT_PROPAGATES_STOP_TO,
        UNIT_STOP_PROPAGATED_FROM,
        UNIT_JOINS_NAMESPACE_OF,
        _UNIT_DEPENDENCY_MAX,
        _UNIT_DEPENDENCY_INVALID = -EINVAL,
} UnitDependency;

DECLARE_STRING_TABLE_LOOKUP(unit_dependency, UnitDependency);

typedef enum ConditionType {
        CONDITION_ARCHITECTURE,
        CONDITION_FIRMWARE,
        CONDITION_VIRTUALIZATION,
        CONDITION_HOST,
        CONDITION_KERNEL_COMMAND_LINE,
        CONDITION_KERNEL_VERSION,
        CONDITION_CREDENTIAL,
        CONDITION_SECURITY,
        CONDITION_CAPABILITY,
        CONDITION_AC_POWER,
        CONDITION_MEMORY,
        CONDITION_CPUS,
        CONDITION_ENVIRONMENT,
        CONDITION_CPU_FEATURE,
        CONDITION_OS_RELEASE,
        CONDITION_MEMORY_PRESSURE,
        CONDITION_CPU_PRESSURE,
        CONDITION_IO_PRESSURE,
        CONDITION_NEEDS_UPDATE,
        CONDITION_FIRST_BOOT,
        CONDITION_PATH_EXISTS,
        CONDITION_PATH_EXISTS_GLOB,
        CONDITION_PATH_IS_DIRECTORY,
        CONDITION_PATH_IS_SYMBOLIC_LINK,
        CONDITION_PATH_IS_MOUNT_POINT,
        CONDITION_PATH_IS_READ_WRITE,
        CONDITION_PATH_IS_ENCRYPTED,
        CONDITION_DIRECTORY_NOT_EMPTY,
        CONDITION_FILE_NOT_EMPTY,
        CONDITION_FILE_IS_EXECUTABLE,
        CONDITION_USER,
        CONDITION_GROUP,
        CONDITION_CONTROL_GROUP_CONTROLLER,
        _CONDITION_TYPE_MAX,
        _CONDITION_TYPE_INVALID = -EINVAL,
} ConditionType;

/* "PathExists" etc.: the key without the Condition/Assert prefix. */
DECLARE_STRING_TABLE_LOOKUP(condition_type, ConditionType);

typedef struct Condition {
        ConditionType type;
        bool trigger; /* '|' prefix */
        bool negate;  /* '!' prefix */
        char *parameter;
        struct Condition *next;
} Condition;

typedef enum CollectMode {
        COLLECT_INACTIVE,
        COLLECT_INACTIVE_OR_FAILED,
        _COLLECT_MODE_MAX,
        _COLLECT_MODE_INVALID = -EINVAL,
} CollectMode;

DECLARE_STRING_TABLE_LOOKUP(collect_mode, CollectMode);

typedef enum EmergencyAction {
        EMERGENCY_ACTION_NONE,
        EMERGENCY_ACTION_REBOOT,
        EMERGENCY_ACTION_REBOOT_FORCE,
        EMERGENCY_ACTION_REBOOT_IMMEDIATE,
        EMERGENCY_ACTION_POWEROFF,
        EMERGENCY_ACTION_POWEROFF_FORCE,
        EMERGENCY_ACTION_POWEROFF_IMMEDIATE,
        EMERGENCY_ACTION_EXIT,
        EMERGENCY_ACTION_EXIT_FORCE,
        EMERGENCY_ACTION_SOFT_REBOOT,
        EMERGENCY_ACTION_SOFT_REBOOT_FORCE,
        EMERGENCY_ACTION_KEXEC,
        EMERGENCY_ACTION_KEXEC_FORCE,
        EMERGENCY_ACTION_HALT,
        EMERGENCY_ACTION_HALT_FORCE,
        EMERGENCY_ACTION_HALT_IMMEDIATE,
        _EMERGENCY_ACTION_MAX,
        _EMERGENCY_ACTION_INVALID = -EINVAL,
} EmergencyAction;

DECLARE_STRING_TABLE_LOOKUP(emergency_action, EmergencyAction);

typedef enum JobMode {
        JOB_FAIL,
        JOB_REPLACE,
        JOB_REPLACE_IRREVERSIBLY,
        JOB_ISOLATE,
        JOB_FLUSH,
        JOB_IGNORE_DEPENDENCIES,
        JOB_IGNORE_REQUIREMENTS,
        JOB_TRIGGERING,
        _JOB_MODE_MAX,
        _JOB_MODE_INVALID = -EINVAL,
} JobMode;

DECLARE_STRING_TABLE_LOOKUP(job_mode, JobMode);

typedef struct UnitSection {
        char *description;
        char **documentation;
        char **dependencies[_UNIT_DEPENDENCY_MAX];
        char **requires_mounts_for;
        char *source_path;
        bool default_dependencies;
        bool stop_when_unneeded;
        bool refuse_manual_start;
        bool refuse_manual_stop;
        bool allow_isolate;
        bool ignore_on_isolate;
        CollectMode collect_mode;
        JobMode on_failure_job_mode;
        JobMode on_success_job_mode;
        EmergencyAction failure_action;
        EmergencyAction success_action;
        EmergencyAction start_limit_action;
        EmergencyAction job_timeout_action;
        int failure_action_exit_status;  /* -1 unset */
        int success_action_exit_status;  /* -1 unset */
        usec_t job_timeout;              /* USEC_INFINITY by default */
        usec_t job_running_timeout;
        char *job_timeout_reboot_argument;
        char *reboot_argument;
        usec_t start_limit_interval;     /* 10 s */
        unsigned start_limit_burst;      /* 5 */
        Condition *conditions;
        Condition *asserts;
} UnitSection;

typedef struct InstallSection {
        char **alias;
        char **wanted_by;
        char **required_by;
        char **also;
        char *default_instance;
} InstallSection;

/* ---- exec, kill: shared by [Socket] and [Service] ---- */

typedef enum ExecInput {
        EXEC_INPUT_NULL,
        EXEC_INPUT_TTY,
        EXEC_INPUT_TTY_FORCE,
        EXEC_INPUT_TTY_FAIL,
        EXEC_INPUT_SOCKET,
        EXEC_INPUT_NAMED_FD,
        EXEC_INPUT_DATA,
        EXEC_INPUT_FILE,
        _EXEC_INPUT_MAX,
        _EXEC_INPUT_INVALID = -EINVAL,
} ExecInput;

DECLARE_STRING_TABLE_LOOKUP(exec_input, ExecInput);

typedef enum ExecOutput {
        EXEC_OUTPUT_INHERIT,
        EXEC_OUTPUT_NULL,
        EXEC_OUTPUT_TTY,
        EXEC_OUTPUT_KMSG,
        EXEC_OUTPUT_KMSG_AND_CONSOLE,
        EXEC_OUTPUT_JOURNAL,
        EXEC_OUTPUT_JOURNAL_AND_CONSOLE,
        EXEC_OUTPUT_SYSLOG, /* legacy name, treated as journal (to our log) */
        EXEC_OUTPUT_SYSLOG_AND_CONSOLE,
        EXEC_OUTPUT_SOCKET,
        EXEC_OUTPUT_NAMED_FD,
        EXEC_OUTPUT_FILE,
        EXEC_OUTPUT_FILE_APPEND,
        EXEC_OUTPUT_FILE_TRUNCATE,
        _EXEC_OUTPUT_MAX,
        _EXEC_OUTPUT_INVALID = -EINVAL,
} ExecOutput;

DECLARE_STRING_TABLE_LOOKUP(exec_output, ExecOutput);

typedef enum ExecPreserveMode {
        EXEC_PRESERVE_NO,
        EXEC_PRESERVE_YES,
        EXEC_PRESERVE_RESTART,
        _EXEC_PRESERVE_MODE_MAX,
        _EXEC_PRESERVE_MODE_INVALID = -EINVAL,
} ExecPreserveMode;

DECLARE_STRING_TABLE_LOOKUP(exec_preserve_mode, ExecPreserveMode);

typedef enum ExecDirectoryType {
        EXEC_DIRECTORY_RUNTIME,
        EXEC_DIRECTORY_STATE,
        EXEC_DIRECTORY_CACHE,
        EXEC_DIRECTORY_LOGS,
        EXEC_DIRECTORY_CONFIGURATION,
        _EXEC_DIRECTORY_TYPE_MAX,
        _EXEC_DIRECTORY_TYPE_INVALID = -EINVAL,
} ExecDirectoryType;

typedef struct ExecDirectory {
        char **paths; /* relative names, validated */
        mode_t mode;  /* 0755 */
} ExecDirectory;

#define N_RLIMITS 16 /* RLIMIT_NLIMITS on Linux */

typedef struct ExecContext {
        char *user;
        char *group;
        char **supplementary_groups;
        char *working_directory;
        bool working_directory_missing_ok; /* '-' prefix */
        bool working_directory_home;       /* '~' */
        char *root_directory;
        char **environment;
        char **environment_files; /* "-/path" keeps the '-' meaning "ignore if missing" */
        char **pass_environment;
        char **unset_environment;
        mode_t umask;
        bool umask_set;
        int nice;
        bool nice_set;
        struct rlimit *rlimit[N_RLIMITS];
        ExecInput std_input;
        ExecOutput std_output;
        ExecOutput std_error;
        bool std_input_set;
        bool std_output_set;
        char *stdio_file[3];  /* file:/append:/truncate: paths, or fd names for fd: */
        char *std_input_data; /* StandardInputText=/StandardInputData= (decoded) */
        size_t std_input_data_size;
        char *tty_path;
        bool tty_reset;
        bool tty_vhangup;
        bool tty_vt_disallocate;
        ExecDirectory directories[_EXEC_DIRECTORY_TYPE_MAX];
        ExecPreserveMode runtime_directory_preserve_mode;
        bool no_new_privileges;
        bool ignore_sigpipe; /* yes */
        char *syslog_identifier;
        int syslog_priority; /* LOG_DAEMON|LOG_INFO */
        bool syslog_level_prefix;
        int oom_score_adjust;
        bool oom_score_adjust_set;
        nsec_t timer_slack_nsec; /* NSEC_INFINITY = unset */
        int cpu_sched_policy;    /* -1 unset */
        int cpu_sched_priority;
        bool cpu_sched_reset_on_fork;
        int ioprio_class; /* -1 unset */
        int ioprio_priority;
        int log_level_max; /* -1 unset */
} ExecContext;

typedef enum KillMode {
        KILL_CONTROL_GROUP,
        KILL_PROCESS,
        KILL_MIXED,
        KILL_NONE,
        _KILL_MODE_MAX,
        _KILL_MODE_INVALID = -EINVAL,
} KillMode;

DECLARE_STRING_TABLE_LOOKUP(kill_mode, KillMode);

typedef struct KillContext {
        KillMode kill_mode;
        int kill_signal;         /* SIGTERM */
        int restart_kill_signal; /* 0 = same as kill_signal */
        int final_kill_signal;   /* SIGKILL */
        int watchdog_signal;     /* SIGABRT */
        bool send_sigkill;       /* yes */
        bool send_sighup;        /* no */
} KillContext;

/* ---- [Socket] ---- */

typedef enum SocketPortType {
        SOCKET_PORT_SOCKET,
        SOCKET_PORT_FIFO,
        SOCKET_PORT_SPECIAL,
        SOCKET_PORT_MQUEUE,
        SOCKET_PORT_USB_FUNCTION,
        _SOCKET_PORT_TYPE_MAX,
        _SOCKET_PORT_TYPE_INVALID = -EINVAL,
} SocketPortType;

typedef struct SocketPort {
        SocketPortType type;
        const char *directive; /* "ListenStream" etc., for messages and dumps */
        SocketAddress address; /* SOCKET_PORT_SOCKET */
        char *path;            /* FIFO, special, mqueue, usb */
        unsigned line;
        struct SocketPort *next;
} SocketPort;

typedef enum SocketAddressBindIPv6Only {
        SOCKET_ADDRESS_DEFAULT,
        SOCKET_ADDRESS_BOTH,
        SOCKET_ADDRESS_IPV6_ONLY,
        _SOCKET_ADDRESS_BIND_IPV6_ONLY_MAX,
        _SOCKET_ADDRESS_BIND_IPV6_ONLY_INVALID = -EINVAL,
} SocketAddressBindIPv6Only;

DECLARE_STRING_TABLE_LOOKUP(socket_address_bind_ipv6_only, SocketAddressBindIPv6Only);

typedef enum SocketTimestamping {
        SOCKET_TIMESTAMPING_OFF,
        SOCKET_TIMESTAMPING_US,
        SOCKET_TIMESTAMPING_NS,
        _SOCKET_TIMESTAMPING_MAX,
        _SOCKET_TIMESTAMPING_INVALID = -EINVAL,
} SocketTimestamping;

DECLARE_STRING_TABLE_LOOKUP(socket_timestamping, SocketTimestamping);

typedef struct SocketSection {
        SocketPort *ports;
        bool accept;
        bool writable;
        bool flush_pending;
        unsigned backlog; /* UINT_MAX: capped by net.core.somaxconn at listen() */
        SocketAddressBindIPv6Only bind_ipv6_only;
        char *bind_to_device;
        char *socket_user;
        char *socket_group;
        mode_t socket_mode;    /* 0666 */
        mode_t directory_mode; /* 0755 */
        unsigned max_connections;
        unsigned max_connections_per_source;
        bool keep_alive;
        usec_t keep_alive_time; /* 0 = kernel default */
        usec_t keep_alive_interval;
        unsigned keep_alive_count;
        usec_t defer_accept;
        bool no_delay;
        int priority; /* -1 unset */
        uint64_t receive_buffer; /* 0 unset */
        uint64_t send_buffer;
        int ip_tos; /* -1 unset */
        int ip_ttl; /* -1 unset */
        int mark;   /* -1 unset */
        bool mark_set;
        bool reuse_port;
        bool free_bind;
        bool transparent;
        bool broadcast;
        bool pass_credentials;
        bool pass_security;
        bool pass_packet_info;
        SocketTimestamping timestamping;
        char *tcp_congestion;
        uint64_t pipe_size; /* 0 unset */
        long mq_maxmsg;     /* 0 unset */
        long mq_msgsize;
        char *smack_label_dummy_unused;
        bool remove_on_stop;
        char **symlinks;
        char *fdname;
        char *service; /* Service= */
        int socket_protocol;
        usec_t timeout;
        usec_t trigger_limit_interval; /* USEC_INFINITY = unset: per-Accept default applied at load */
        unsigned trigger_limit_burst;  /* UINT_MAX = unset */
        usec_t poll_limit_interval;
        unsigned poll_limit_burst;
        ExecCommand *exec_start_pre;
        ExecCommand *exec_start_post;
        ExecCommand *exec_stop_pre;
        ExecCommand *exec_stop_post;
        /* Allocated by the first exec setting (User=, Environment=, ...) in [Socket]; NULL means the defaults,
         * which is what most sockets have: read it through socket_exec_context(). */
        ExecContext *exec;
        KillContext kill;
} SocketSection;

/* ---- [Service] ---- */

typedef enum ServiceType {
        SERVICE_SIMPLE,
        SERVICE_FORKING,
        SERVICE_ONESHOT,
        SERVICE_DBUS,
        SERVICE_NOTIFY,
        SERVICE_IDLE,
        SERVICE_EXEC,
        _SERVICE_TYPE_MAX,
        _SERVICE_TYPE_INVALID = -EINVAL,
} ServiceType;

DECLARE_STRING_TABLE_LOOKUP(service_type, ServiceType);

typedef enum ServiceExitType {
        SERVICE_EXIT_MAIN,
        SERVICE_EXIT_CGROUP,
        _SERVICE_EXIT_TYPE_MAX,
        _SERVICE_EXIT_TYPE_INVALID = -EINVAL,
} ServiceExitType;

DECLARE_STRING_TABLE_LOOKUP(service_exit_type, ServiceExitType);

typedef enum ServiceRestart {
        SERVICE_RESTART_NO,
        SERVICE_RESTART_ON_SUCCESS,
        SERVICE_RESTART_ON_FAILURE,
        SERVICE_RESTART_ON_ABNORMAL,
        SERVICE_RESTART_ON_WATCHDOG,
        SERVICE_RESTART_ON_ABORT,
        SERVICE_RESTART_ALWAYS,
        _SERVICE_RESTART_MAX,
        _SERVICE_RESTART_INVALID = -EINVAL,
} ServiceRestart;

DECLARE_STRING_TABLE_LOOKUP(service_restart, ServiceRestart);

typedef enum NotifyAccess {
        NOTIFY_NONE,
        NOTIFY_ALL,
        NOTIFY_MAIN,
        NOTIFY_EXEC,
        _NOTIFY_ACCESS_MAX,
        _NOTIFY_ACCESS_INVALID = -EINVAL,
} NotifyAccess;

DECLARE_STRING_TABLE_LOOKUP(notify_access, NotifyAccess);

typedef enum ServiceTimeoutFailureMode {
        SERVICE_TIMEOUT_TERMINATE,
        SERVICE_TIMEOUT_ABORT,
        SERVICE_TIMEOUT_KILL,
        _SERVICE_TIMEOUT_FAILURE_MODE_MAX,
        _SERVICE_TIMEOUT_FAILURE_MODE_INVALID = -EINVAL,
} ServiceTimeoutFailureMode;

DECLARE_STRING_TABLE_LOOKUP(service_timeout_failure_mode, ServiceTimeoutFailureMode);

typedef enum OOMPolicy {
        OOM_CONTINUE,
        OOM_STOP,
        OOM_KILL,
        _OOM_POLICY_MAX,
        _OOM_POLICY_INVALID = -EINVAL,
} OOMPolicy;

DECLARE_STRING_TABLE_LOOKUP(oom_policy, OOMPolicy);

typedef struct ServiceSection {
        ServiceType type;
        bool type_set;
        ServiceExitType exit_type;
        ServiceRestart restart;
        usec_t restart_sec;        /* 100 ms */
        usec_t timeout_start;      /* default from the manager (90 s) */
        bool timeout_start_set;
        usec_t timeout_stop;
        usec_t timeout_abort;      /* USEC_INFINITY = same as stop */
        bool timeout_abort_set;
        usec_t runtime_max;        /* infinity */
        usec_t runtime_randomized_extra;
        usec_t watchdog;           /* 0 = off */
        ServiceTimeoutFailureMode timeout_start_failure_mode;
        ServiceTimeoutFailureMode timeout_stop_failure_mode;
        ExecCommand *exec_condition;
        ExecCommand *exec_start_pre;
        ExecCommand *exec_start;
        ExecCommand *exec_start_post;
        ExecCommand *exec_reload;
        ExecCommand *exec_stop;
        ExecCommand *exec_stop_post;
        char *pid_file;
        bool remain_after_exit;
        bool guess_main_pid; /* yes */
        bool permissions_start_only;
        bool root_directory_start_only;
        bool non_blocking;
        ExitStatusSet success_status;
        ExitStatusSet restart_prevent_status;
        ExitStatusSet restart_force_status;
        NotifyAccess notify_access;
        bool notify_access_set;
        unsigned fd_store_max;
        char **sockets;
        char *bus_name;
        OOMPolicy oom_policy;
        ExecContext exec;
        KillContext kill;
} ServiceSection;

/* ---- the whole unit ---- */

/* The identity of a file a unit was read from, taken with stat(2) just before reading it: a reload compares
 * it with the file as it is then to tell whether the unit changed without parsing it again. */
typedef struct FileStamp {
        dev_t dev;
        ino_t ino;
        off_t size;
        struct timespec mtime;
        struct timespec ctime;
        bool racy; /* no stamp, or changed so shortly before it was taken that a change in the same clock
                    * tick would not show: the file counts as changed at the next reload */
} FileStamp;

typedef struct UnitFile {
        char *name;          /* "foo@bar.socket" as requested */
        char *id;            /* the name the unit file was found under (after alias resolution) */
        UnitType type;
        char *fragment_path; /* NULL when masked or not found */
        char **dropin_paths;
        FileStamp *stamps;   /* the fragment's, then one per drop-in path (n_stamps); none when not read */
        size_t n_stamps;
        char **aliases;      /* other names that resolve to this fragment */
        bool masked;
        int load_error;      /* 0, or -errno when the unit could not be loaded (load_error_reason says why) */
        char *load_error_reason;
        unsigned n_errors;   /* error diagnostics emitted while loading */
        unsigned n_warnings;
        UnitSection unit;
        InstallSection install;
        /* The section of the unit's own type, and only that one: unit_file_new() allocates the struct up to
         * the end of that member (unit_file_size()), so a socket unit carries no ServiceSection, a service no
         * SocketSection, other types neither. Hence: never copy a UnitFile by value, and never touch the
         * member of another type (config_item_data() refuses rows of sections the type does not read). */
        union {
                SocketSection socket;   /* UNIT_SOCKET */
                ServiceSection service; /* UNIT_SERVICE */
        };
} UnitFile;

/* Manager-wide defaults that unit loading applies (from sockactd.conf). */
typedef struct UnitDefaults {
        usec_t timeout_start;
        usec_t timeout_stop;
        usec_t timeout_abort;
        usec_t restart_sec;
        usec_t start_limit_interval;
        unsigned start_limit_burst;
        ExecOutput std_output; /* of services without StandardOutput= (sockactd.conf(5)), journal */
        ExecOutput std_error;  /* ... StandardError=, inherit */
} UnitDefaults;

extern const UnitDefaults unit_defaults_builtin;

/* The bytes a UnitFile of this type occupies: the common part plus the section of the type. */
size_t unit_file_size(UnitType type) _const_;
UnitFile *unit_file_new(const char *name, UnitType type, const UnitDefaults *defaults);
UnitFile *unit_file_free(UnitFile *u);
DEFINE_TRIVIAL_CLEANUP_FUNC(UnitFile *, unit_file_free);

/* What exec_context_init() sets: the settings of a unit without exec settings. */
extern const ExecContext exec_context_defaults;

static inline const ExecContext *socket_exec_context(const SocketSection *s) {
        return s->exec ?: &exec_context_defaults;
}

void exec_context_init(ExecContext *c);
/* exec_context_init() on a new allocation, for a socket's first exec setting. */
ExecContext *exec_context_new(void);
/* exec_context_done() and free(). */
ExecContext *exec_context_free(ExecContext *c);
void exec_context_done(ExecContext *c);
void exec_context_finalize(ExecContext *c);
void kill_context_init(KillContext *c);
Condition *condition_free_list(Condition *c);
SocketPort *socket_port_free_list(SocketPort *p);

/* Apply the defaults that depend on other settings (e.g. trigger limits depend on Accept=). */
void unit_file_finalize(UnitFile *u);
