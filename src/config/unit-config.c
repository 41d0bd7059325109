/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <signal.h>
#include <sys/socket.h>
#include <syslog.h>

#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-config.h"

static const char *const unit_dependency_table[_UNIT_DEPENDENCY_MAX] = {
        [UNIT_REQUIRES] = "Requires",
        [UNIT_REQUISITE] = "Requisite",
        [UNIT_WANTS] = "Wants",
        [UNIT_BINDS_TO] = "BindsTo",
        [UNIT_PART_OF] = "PartOf",
        [UNIT_UPHOLDS] = "Upholds",
        [UNIT_CONFLICTS] = "Conflicts",
        [UNIT_BEFORE] = "Before",
        [UNIT_AFTER] = "After",
        [UNIT_ON_FAILURE] = "OnFailure",
        [UNIT_ON_SUCCESS] = "OnSuccess",
        [UNIT_PROPAGATES_RELOAD_TO] = "PropagatesReloadTo",
        [UNIT_RELOAD_PROPAGATED_FROM] = "ReloadPropagatedFrom",
        [UNIT_PROPAGATES_STOP_TO] = "PropagatesStopTo",
        [UNIT_STOP_PROPAGATED_FROM] = "StopPropagatedFrom",
        [UNIT_JOINS_NAMESPACE_OF] = "JoinsNamespaceOf",
};
DEFINE_STRING_TABLE_LOOKUP(unit_dependency, UnitDependency);

static const char *const condition_type_table[_CONDITION_TYPE_MAX] = {
        [CONDITION_ARCHITECTURE] = "Architecture",
        [CONDITION_FIRMWARE] = "Firmware",
        [CONDITION_VIRTUALIZATION] = "Virtualization",
        [CONDITION_HOST] = "Host",
        [CONDITION_KERNEL_COMMAND_LINE] = "KernelCommandLine",
        [CONDITION_KERNEL_VERSION] = "KernelVersion",
        [CONDITION_CREDENTIAL] = "Credential",
        [CONDITION_SECURITY] = "Security",
        [CONDITION_CAPABILITY] = "Capability",
        [CONDITION_AC_POWER] = "ACPower",
        [CONDITION_MEMORY] = "Memory",
        [CONDITION_CPUS] = "CPUs",
        [CONDITION_ENVIRONMENT] = "Environment",
        [CONDITION_CPU_FEATURE] = "CPUFeature",
        [CONDITION_OS_RELEASE] = "OSRelease",
        [CONDITION_MEMORY_PRESSURE] = "MemoryPressure",
        [CONDITION_CPU_PRESSURE] = "CPUPressure",
        [CONDITION_IO_PRESSURE] = "IOPressure",
        [CONDITION_NEEDS_UPDATE] = "NeedsUpdate",
        [CONDITION_FIRST_BOOT] = "FirstBoot",
        [CONDITION_PATH_EXISTS] = "PathExists",
        [CONDITION_PATH_EXISTS_GLOB] = "PathExistsGlob",
        [CONDITION_PATH_IS_DIRECTORY] = "PathIsDirectory",
        [CONDITION_PATH_IS_SYMBOLIC_LINK] = "PathIsSymbolicLink",
        [CONDITION_PATH_IS_MOUNT_POINT] = "PathIsMountPoint",
        [CONDITION_PATH_IS_READ_WRITE] = "PathIsReadWrite",
        [CONDITION_PATH_IS_ENCRYPTED] = "PathIsEncrypted",
        [CONDITION_DIRECTORY_NOT_EMPTY] = "DirectoryNotEmpty",
        [CONDITION_FILE_NOT_EMPTY] = "FileNotEmpty",
        [CONDITION_FILE_IS_EXECUTABLE] = "FileIsExecutable",
        [CONDITION_USER] = "User",
        [CONDITION_GROUP] = "Group",
        [CONDITION_CONTROL_GROUP_CONTROLLER] = "ControlGroupController",
};
DEFINE_STRING_TABLE_LOOKUP(condition_type, ConditionType);

static const char *const collect_mode_table[_COLLECT_MODE_MAX] = {
        [COLLECT_INACTIVE] = "inactive",
        [COLLECT_INACTIVE_OR_FAILED] = "inactive-or-failed",
};
DEFINE_STRING_TABLE_LOOKUP(collect_mode, CollectMode);

static const char *const emergency_action_table[_EMERGENCY_ACTION_MAX] = {
        [EMERGENCY_ACTION_NONE] = "none",
        [EMERGENCY_ACTION_REBOOT] = "reboot",
        [EMERGENCY_ACTION_REBOOT_FORCE] = "reboot-force",
        [EMERGENCY_ACTION_REBOOT_IMMEDIATE] = "reboot-immediate",
        [EMERGENCY_ACTION_POWEROFF] = "poweroff",
        [EMERGENCY_ACTION_POWEROFF_FORCE] = "poweroff-force",
        [EMERGENCY_ACTION_POWEROFF_IMMEDIATE] = "poweroff-immediate",
        [EMERGENCY_ACTION_EXIT] = "exit",
        [EMERGENCY_ACTION_EXIT_FORCE] = "exit-force",
        [EMERGENCY_ACTION_SOFT_REBOOT] = NULL, /* not in systemd 252 */
        [EMERGENCY_ACTION_SOFT_REBOOT_FORCE] = NULL,
        [EMERGENCY_ACTION_KEXEC] = "kexec",
        [EMERGENCY_ACTION_KEXEC_FORCE] = "kexec-force",
        [EMERGENCY_ACTION_HALT] = "halt",
        [EMERGENCY_ACTION_HALT_FORCE] = "halt-force",
        [EMERGENCY_ACTION_HALT_IMMEDIATE] = "halt-immediate",
};
DEFINE_STRING_TABLE_LOOKUP(emergency_action, EmergencyAction);

static const char *const job_mode_table[_JOB_MODE_MAX] = {
        [JOB_FAIL] = "fail",
        [JOB_REPLACE] = "replace",
        [JOB_REPLACE_IRREVERSIBLY] = "replace-irreversibly",
        [JOB_ISOLATE] = "isolate",
        [JOB_FLUSH] = "flush",
        [JOB_IGNORE_DEPENDENCIES] = "ignore-dependencies",
        [JOB_IGNORE_REQUIREMENTS] = "ignore-requirements",
        [JOB_TRIGGERING] = "triggering",
};
DEFINE_STRING_TABLE_LOOKUP(job_mode, JobMode);

static const char *const exec_input_table[_EXEC_INPUT_MAX] = {
        [EXEC_INPUT_NULL] = "null",
        [EXEC_INPUT_TTY] = "tty",
        [EXEC_INPUT_TTY_FORCE] = "tty-force",
        [EXEC_INPUT_TTY_FAIL] = "tty-fail",
        [EXEC_INPUT_SOCKET] = "socket",
        [EXEC_INPUT_NAMED_FD] = "fd",
        [EXEC_INPUT_DATA] = "data",
        [EXEC_INPUT_FILE] = "file",
};
DEFINE_STRING_TABLE_LOOKUP(exec_input, ExecInput);

static const char *const exec_output_table[_EXEC_OUTPUT_MAX] = {
        [EXEC_OUTPUT_INHERIT] = "inherit",
        [EXEC_OUTPUT_NULL] = "null",
        [EXEC_OUTPUT_TTY] = "tty",
        [EXEC_OUTPUT_KMSG] = "kmsg",
        [EXEC_OUTPUT_KMSG_AND_CONSOLE] = "kmsg+console",
        [EXEC_OUTPUT_JOURNAL] = "journal",
        [EXEC_OUTPUT_JOURNAL_AND_CONSOLE] = "journal+console",
        [EXEC_OUTPUT_SYSLOG] = "syslog",
        [EXEC_OUTPUT_SYSLOG_AND_CONSOLE] = "syslog+console",
        [EXEC_OUTPUT_SOCKET] = "socket",
        [EXEC_OUTPUT_NAMED_FD] = "fd",
        [EXEC_OUTPUT_FILE] = "file",
        [EXEC_OUTPUT_FILE_APPEND] = "append",
        [EXEC_OUTPUT_FILE_TRUNCATE] = "truncate",
};
DEFINE_STRING_TABLE_LOOKUP(exec_output, ExecOutput);

static const char *const exec_preserve_mode_table[_EXEC_PRESERVE_MODE_MAX] = {
        [EXEC_PRESERVE_NO] = "no",
        [EXEC_PRESERVE_YES] = "yes",
        [EXEC_PRESERVE_RESTART] = "restart",
};
DEFINE_STRING_TABLE_LOOKUP(exec_preserve_mode, ExecPreserveMode);

static const char *const kill_mode_table[_KILL_MODE_MAX] = {
        [KILL_CONTROL_GROUP] = "control-group",
        [KILL_PROCESS] = "process",
        [KILL_MIXED] = "mixed",
        [KILL_NONE] = "none",
};
DEFINE_STRING_TABLE_LOOKUP(kill_mode, KillMode);

static const char *const socket_address_bind_ipv6_only_table[_SOCKET_ADDRESS_BIND_IPV6_ONLY_MAX] = {
        [SOCKET_ADDRESS_DEFAULT] = "default",
        [SOCKET_ADDRESS_BOTH] = "both",
        [SOCKET_ADDRESS_IPV6_ONLY] = "ipv6-only",
};
DEFINE_STRING_TABLE_LOOKUP(socket_address_bind_ipv6_only, SocketAddressBindIPv6Only);

static const char *const socket_timestamping_table[_SOCKET_TIMESTAMPING_MAX] = {
        [SOCKET_TIMESTAMPING_OFF] = "off",
        [SOCKET_TIMESTAMPING_US] = "us",
        [SOCKET_TIMESTAMPING_NS] = "ns",
};
DEFINE_STRING_TABLE_LOOKUP(socket_timestamping, SocketTimestamping);

static const char *const service_type_table[_SERVICE_TYPE_MAX] = {
        [SERVICE_SIMPLE] = "simple",
        [SERVICE_FORKING] = "forking",
        [SERVICE_ONESHOT] = "oneshot",
        [SERVICE_DBUS] = "dbus",
        [SERVICE_NOTIFY] = "notify",
        [SERVICE_IDLE] = "idle",
        [SERVICE_EXEC] = "exec",
};
DEFINE_STRING_TABLE_LOOKUP(service_type, ServiceType);

static const char *const service_exit_type_table[_SERVICE_EXIT_TYPE_MAX] = {
        [SERVICE_EXIT_MAIN] = "main",
        [SERVICE_EXIT_CGROUP] = "cgroup",
};
DEFINE_STRING_TABLE_LOOKUP(service_exit_type, ServiceExitType);

static const char *const service_restart_table[_SERVICE_RESTART_MAX] = {
        [SERVICE_RESTART_NO] = "no",
        [SERVICE_RESTART_ON_SUCCESS] = "on-success",
        [SERVICE_RESTART_ON_FAILURE] = "on-failure",
        [SERVICE_RESTART_ON_ABNORMAL] = "on-abnormal",
        [SERVICE_RESTART_ON_WATCHDOG] = "on-watchdog",
        [SERVICE_RESTART_ON_ABORT] = "on-abort",
        [SERVICE_RESTART_ALWAYS] = "always",
};
DEFINE_STRING_TABLE_LOOKUP(service_restart, ServiceRestart);

static const char *const notify_access_table[_NOTIFY_ACCESS_MAX] = {
        [NOTIFY_NONE] = "none",
        [NOTIFY_ALL] = "all",
        [NOTIFY_MAIN] = "main",
        [NOTIFY_EXEC] = "exec",
};
DEFINE_STRING_TABLE_LOOKUP(notify_access, NotifyAccess);

static const char *const service_timeout_failure_mode_table[_SERVICE_TIMEOUT_FAILURE_MODE_MAX] = {
        [SERVICE_TIMEOUT_TERMINATE] = "terminate",
        [SERVICE_TIMEOUT_ABORT] = "abort",
        [SERVICE_TIMEOUT_KILL] = "kill",
};
DEFINE_STRING_TABLE_LOOKUP(service_timeout_failure_mode, ServiceTimeoutFailureMode);

static const char *const oom_policy_table[_OOM_POLICY_MAX] = {
        [OOM_CONTINUE] = "continue",
        [OOM_STOP] = "stop",
        [OOM_KILL] = "kill",
};
DEFINE_STRING_TABLE_LOOKUP(oom_policy, OOMPolicy);

const UnitDefaults unit_defaults_builtin = {
        .timeout_start = 90 * USEC_PER_SEC,
        .timeout_stop = 90 * USEC_PER_SEC,
        .timeout_abort = 90 * USEC_PER_SEC,
        .restart_sec = 100 * USEC_PER_MSEC,
        .start_limit_interval = 10 * USEC_PER_SEC,
        .start_limit_burst = 5,
        .std_output = EXEC_OUTPUT_JOURNAL,
        .std_error = EXEC_OUTPUT_INHERIT,
};

/* Every exec directory type has its mode below. */
_Static_assert(_EXEC_DIRECTORY_TYPE_MAX == 5, "exec_context_defaults lists the directory types");

const ExecContext exec_context_defaults = {
        .umask = 0022,
        .std_input = EXEC_INPUT_NULL,
        .std_output = EXEC_OUTPUT_JOURNAL,
        .std_error = EXEC_OUTPUT_INHERIT,
        .directories = {
                [EXEC_DIRECTORY_RUNTIME] = { .mode = 0755 },
                [EXEC_DIRECTORY_STATE] = { .mode = 0755 },
                [EXEC_DIRECTORY_CACHE] = { .mode = 0755 },
                [EXEC_DIRECTORY_LOGS] = { .mode = 0755 },
                [EXEC_DIRECTORY_CONFIGURATION] = { .mode = 0755 },
        },
        .ignore_sigpipe = true,
        .syslog_priority = LOG_DAEMON | LOG_INFO,
        .syslog_level_prefix = true,
        .timer_slack_nsec = NSEC_INFINITY,
        .cpu_sched_policy = -1,
        .ioprio_class = -1,
        .ioprio_priority = 4,
        .log_level_max = -1,
};

void exec_context_init(ExecContext *c) {
        *c = exec_context_defaults;
}

ExecContext *exec_context_new(void) {
        ExecContext *c = malloc(sizeof(ExecContext));

        if (c)
                exec_context_init(c);
        return c;
}

/* systemd's derived stdio defaults: input data means StandardInput=data; a tty, socket or fd as input makes
 * output inherit it unless StandardOutput= was given. */
void exec_context_finalize(ExecContext *c) {
        if (!c->std_input_set && c->std_input_data)
                c->std_input = EXEC_INPUT_DATA;
        if (!c->std_output_set &&
            IN_SET(c->std_input, EXEC_INPUT_TTY, EXEC_INPUT_TTY_FORCE, EXEC_INPUT_TTY_FAIL, EXEC_INPUT_SOCKET,
                   EXEC_INPUT_NAMED_FD))
                c->std_output = EXEC_OUTPUT_INHERIT;
}

void exec_context_done(ExecContext *c) {
        free(c->user);
        free(c->group);
        strv_free(c->supplementary_groups);
        free(c->working_directory);
        free(c->root_directory);
        strv_free(c->environment);
        strv_free(c->environment_files);
        strv_free(c->pass_environment);
        strv_free(c->unset_environment);
        for (size_t i = 0; i < N_RLIMITS; i++)
                free(c->rlimit[i]);
        for (size_t i = 0; i < 3; i++)
                free(c->stdio_file[i]);
        free(c->std_input_data);
        free(c->tty_path);
        for (int i = 0; i < _EXEC_DIRECTORY_TYPE_MAX; i++)
                strv_free(c->directories[i].paths);
        free(c->syslog_identifier);
}

ExecContext *exec_context_free(ExecContext *c) {
        if (!c)
                return NULL;
        exec_context_done(c);
        free(c);
        return NULL;
}

void kill_context_init(KillContext *c) {
        *c = (KillContext) {
                .kill_mode = KILL_CONTROL_GROUP,
                .kill_signal = SIGTERM,
                .final_kill_signal = SIGKILL,
                .watchdog_signal = SIGABRT,
                .send_sigkill = true,
        };
}

Condition *condition_free_list(Condition *c) {
        while (c) {
                Condition *n = c->next;
                free(c->parameter);
                free(c);
                c = n;
        }
        return NULL;
}

SocketPort *socket_port_free_list(SocketPort *p) {
        while (p) {
                SocketPort *n = p->next;
                free(p->path);
                free(p);
                p = n;
        }
        return NULL;
}

size_t unit_file_size(UnitType type) {
        switch (type) {
        case UNIT_SOCKET:
                return offsetof(UnitFile, socket) + sizeof(SocketSection);
        case UNIT_SERVICE:
                return offsetof(UnitFile, service) + sizeof(ServiceSection);
        default:
                return offsetof(UnitFile, socket);
        }
}

static void socket_section_init(SocketSection *s, const UnitDefaults *d) {
        *s = (SocketSection) {
                .backlog = UINT_MAX,
                .socket_mode = 0666,
                .directory_mode = 0755,
                .max_connections = 64,
                .priority = -1,
                .ip_tos = -1,
                .ip_ttl = -1,
                .mark = -1,
                .timeout = d->timeout_start,
                .trigger_limit_interval = USEC_INFINITY,
                .trigger_limit_burst = UINT_MAX,
                .poll_limit_interval = USEC_INFINITY,
                .poll_limit_burst = UINT_MAX,
        };
        kill_context_init(&s->kill);
}

static void service_section_init(ServiceSection *s, const UnitDefaults *d) {
        *s = (ServiceSection) {
                .type = SERVICE_SIMPLE,
                .restart = SERVICE_RESTART_NO,
                .restart_sec = d->restart_sec,
                .timeout_start = d->timeout_start,
                .timeout_stop = d->timeout_stop,
                .timeout_abort = d->timeout_abort,
                .runtime_max = USEC_INFINITY,
                .guess_main_pid = true,
                .notify_access = NOTIFY_NONE,
                .oom_policy = OOM_STOP,
        };
        exec_context_init(&s->exec);
        s->exec.std_output = d->std_output;
        s->exec.std_error = d->std_error;
        kill_context_init(&s->kill);
}

UnitFile *unit_file_new(const char *name, UnitType type, const UnitDefaults *d) {
        UnitFile *u;

        if (!d)
                d = &unit_defaults_builtin;
        u = calloc(1, unit_file_size(type));
        if (!u)
                return NULL;
        u->name = strdup(name);
        if (!u->name)
                return mfree_ptr(u);
        u->type = type;

        u->unit = (UnitSection) {
                .default_dependencies = true,
                .collect_mode = COLLECT_INACTIVE,
                .on_failure_job_mode = JOB_REPLACE,
                .on_success_job_mode = JOB_FAIL,
                .failure_action_exit_status = -1,
                .success_action_exit_status = -1,
                .job_timeout = USEC_INFINITY,
                .job_running_timeout = USEC_INFINITY,
                .start_limit_interval = d->start_limit_interval,
                .start_limit_burst = d->start_limit_burst,
        };
        if (type == UNIT_SOCKET)
                socket_section_init(&u->socket, d);
        else if (type == UNIT_SERVICE)
                service_section_init(&u->service, d);
        return u;
}

static void socket_section_done(SocketSection *s) {
        socket_port_free_list(s->ports);
        free(s->bind_to_device);
        free(s->socket_user);
        free(s->socket_group);
        free(s->tcp_congestion);
        strv_free(s->symlinks);
        free(s->fdname);
        free(s->service);
        exec_command_free_list(s->exec_start_pre);
        exec_command_free_list(s->exec_start_post);
        exec_command_free_list(s->exec_stop_pre);
        exec_command_free_list(s->exec_stop_post);
        exec_context_free(s->exec);
}

static void service_section_done(ServiceSection *s) {
        exec_command_free_list(s->exec_condition);
        exec_command_free_list(s->exec_start_pre);
        exec_command_free_list(s->exec_start);
        exec_command_free_list(s->exec_start_post);
        exec_command_free_list(s->exec_reload);
        exec_command_free_list(s->exec_stop);
        exec_command_free_list(s->exec_stop_post);
        free(s->pid_file);
        strv_free(s->sockets);
        free(s->bus_name);
        exec_context_done(&s->exec);
}

UnitFile *unit_file_free(UnitFile *u) {
        if (!u)
                return NULL;
        free(u->name);
        free(u->id);
        free(u->fragment_path);
        strv_free(u->dropin_paths);
        free(u->stamps);
        strv_free(u->aliases);
        free(u->load_error_reason);

        free(u->unit.description);
        strv_free(u->unit.documentation);
        for (size_t i = 0; i < _UNIT_DEPENDENCY_MAX; i++)
                strv_free(u->unit.dependencies[i]);
        strv_free(u->unit.requires_mounts_for);
        free(u->unit.source_path);
        free(u->unit.job_timeout_reboot_argument);
        free(u->unit.reboot_argument);
        condition_free_list(u->unit.conditions);
        condition_free_list(u->unit.asserts);

        strv_free(u->install.alias);
        strv_free(u->install.wanted_by);
        strv_free(u->install.required_by);
        strv_free(u->install.also);
        free(u->install.default_instance);

        if (u->type == UNIT_SOCKET)
                socket_section_done(&u->socket);
        else if (u->type == UNIT_SERVICE)
                service_section_done(&u->service);
        free(u);
        return NULL;
}

static void socket_section_finalize(SocketSection *s) {
        /* systemd's defaults that depend on Accept= (socket_add_extras). */
        if (s->trigger_limit_interval == USEC_INFINITY)
                s->trigger_limit_interval = 2 * USEC_PER_SEC;
        if (s->trigger_limit_burst == UINT_MAX)
                s->trigger_limit_burst = s->accept ? 200 : 20;
        if (s->poll_limit_interval == USEC_INFINITY)
                s->poll_limit_interval = 2 * USEC_PER_SEC;
        if (s->poll_limit_burst == UINT_MAX)
                s->poll_limit_burst = s->accept ? 150 : 15;
        if (s->exec)
                exec_context_finalize(s->exec);
}

static void service_section_finalize(ServiceSection *v) {
        /* Type= defaults: dbus with BusName=, else simple with ExecStart=, else oneshot (systemd.service(5)). */
        if (!v->type_set) {
                if (v->bus_name)
                        v->type = SERVICE_DBUS;
                else if (v->exec_start)
                        v->type = SERVICE_SIMPLE;
                else
                        v->type = SERVICE_ONESHOT;
        }
        exec_context_finalize(&v->exec);
        if (!v->notify_access_set && (v->type == SERVICE_NOTIFY || v->watchdog > 0))
                v->notify_access = NOTIFY_MAIN;
        if (!v->timeout_abort_set)
                v->timeout_abort = v->timeout_stop;
        /* Oneshot services have no start timeout unless one was configured (systemd's service_add_extras). */
        if (v->type == SERVICE_ONESHOT && !v->timeout_start_set)
                v->timeout_start = USEC_INFINITY;
}

void unit_file_finalize(UnitFile *u) {
        if (u->type == UNIT_SOCKET)
                socket_section_finalize(&u->socket);
        else if (u->type == UNIT_SERVICE)
                service_section_finalize(&u->service);
}
