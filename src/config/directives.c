/* SPDX-License-Identifier: MIT */
/* The directive table: one row per key sockact reads, and the list of keys systemd 252 knows that sockact
 * does not implement. Adding a directive = one row here + its entry in the man page. */
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "directive-parsers.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"

#define ROW(sec, key, parse, dump, ltype, base, type, field, flags)                                               \
        { sec, key, parse, dump, ltype, base, offsetof(type, field), flags }
#define U(key, parse, dump, ltype, field, flags)                                                                  \
        ROW("Unit", key, parse, dump, ltype, CONFIG_BASE_UNIT, UnitSection, field, flags)
#define IN(key, parse, dump, field)                                                                               \
        ROW("Install", key, parse, dump, 0, CONFIG_BASE_INSTALL, InstallSection, field, CONFIG_SPECIFIERS_NAME)
#define S(key, parse, dump, ltype, field, flags)                                                                  \
        ROW("Socket", key, parse, dump, ltype, CONFIG_BASE_SOCKET, SocketSection, field, flags)
#define SV(key, parse, dump, ltype, field, flags)                                                                 \
        ROW("Service", key, parse, dump, ltype, CONFIG_BASE_SERVICE, ServiceSection, field, flags)
#define E(key, parse, dump, ltype, field, flags)                                                                  \
        ROW("Exec", key, parse, dump, ltype, CONFIG_BASE_EXEC, ExecContext, field, flags)
#define K(key, parse, dump, ltype, field, flags)                                                                  \
        ROW("Kill", key, parse, dump, ltype, CONFIG_BASE_KILL, KillContext, field, flags)

#define DEP(key, dep)                                                                                             \
        U(key, config_parse_unit_deps, config_dump_strv, dep, dependencies[dep], CONFIG_SPECIFIERS_NAME)
#define DEP_ALIAS(key, dep)                                                                                       \
        U(key, config_parse_unit_deps, NULL, dep, dependencies[dep], CONFIG_SPECIFIERS_NAME | CONFIG_NO_DUMP)
#define COND(name, type)                                                                                          \
        U("Condition" name, config_parse_condition, config_dump_condition, type, conditions, CONFIG_SPECIFIERS), \
        U("Assert" name, config_parse_condition, config_dump_condition, (type) | CONDITION_ASSERT, asserts,     \
          CONFIG_SPECIFIERS)
#define LIMIT(name, res) E("Limit" name, config_parse_rlimit, config_dump_rlimit, res, rlimit[res], 0)
#define LISTEN(key, ltype)                                                                                        \
        S(key, config_parse_listen, config_dump_listen, ltype, ports, CONFIG_SPECIFIERS | CONFIG_FAIL_CLOSED)
#define EXECDIR(name, type)                                                                                       \
        E(name "Directory", config_parse_exec_directories, config_dump_exec_directories, 0,                       \
          directories[type].paths, CONFIG_SPECIFIERS),                                                            \
        E(name "DirectoryMode", config_parse_mode, config_dump_mode, 0, directories[type].mode, 0)

static const ConfigItem items[] = {
        /* [Unit] */
        U("Description", config_parse_string, config_dump_string, 0, description, CONFIG_SPECIFIERS),
        U("Documentation", config_parse_documentation, config_dump_strv, 0, documentation, CONFIG_SPECIFIERS),
        DEP("Requires", UNIT_REQUIRES),
        DEP("Requisite", UNIT_REQUISITE),
        DEP("Wants", UNIT_WANTS),
        DEP("BindsTo", UNIT_BINDS_TO),
        DEP_ALIAS("BindTo", UNIT_BINDS_TO),
        DEP("PartOf", UNIT_PART_OF),
        DEP("Upholds", UNIT_UPHOLDS),
        DEP("Conflicts", UNIT_CONFLICTS),
        DEP("Before", UNIT_BEFORE),
        DEP("After", UNIT_AFTER),
        DEP("OnFailure", UNIT_ON_FAILURE),
        DEP("OnSuccess", UNIT_ON_SUCCESS),
        DEP("PropagatesReloadTo", UNIT_PROPAGATES_RELOAD_TO),
        DEP_ALIAS("PropagateReloadTo", UNIT_PROPAGATES_RELOAD_TO),
        DEP("ReloadPropagatedFrom", UNIT_RELOAD_PROPAGATED_FROM),
        DEP_ALIAS("PropagateReloadFrom", UNIT_RELOAD_PROPAGATED_FROM),
        DEP("PropagatesStopTo", UNIT_PROPAGATES_STOP_TO),
        DEP("StopPropagatedFrom", UNIT_STOP_PROPAGATED_FROM),
        DEP("JoinsNamespaceOf", UNIT_JOINS_NAMESPACE_OF),
        U("RequiresOverridable", config_parse_obsolete_unit_deps, NULL, UNIT_REQUIRES, dependencies, CONFIG_SPECIFIERS_NAME | CONFIG_NO_DUMP),
        U("RequisiteOverridable", config_parse_obsolete_unit_deps, NULL, UNIT_REQUISITE, dependencies, CONFIG_SPECIFIERS_NAME | CONFIG_NO_DUMP),
        U("RequiresMountsFor", config_parse_path_strv, config_dump_strv, 0, requires_mounts_for, CONFIG_SPECIFIERS),
        U("DefaultDependencies", config_parse_bool, config_dump_bool, 0, default_dependencies, 0),
        U("StopWhenUnneeded", config_parse_bool, config_dump_bool, 0, stop_when_unneeded, 0),
        U("RefuseManualStart", config_parse_bool, config_dump_bool, 0, refuse_manual_start, 0),
        U("RefuseManualStop", config_parse_bool, config_dump_bool, 0, refuse_manual_stop, 0),
        U("AllowIsolate", config_parse_bool, config_dump_bool, 0, allow_isolate, 0),
        U("IgnoreOnIsolate", config_parse_bool, config_dump_bool, 0, ignore_on_isolate, 0),
        U("IgnoreOnSnapshot", config_parse_obsolete, NULL, 0, description, CONFIG_NO_DUMP),
        U("OnFailureIsolate", config_parse_on_failure_isolate, NULL, 0, on_failure_job_mode, CONFIG_NO_DUMP),
        U("OnFailureJobMode", config_parse_enum, config_dump_enum, CONFIG_ENUM_JOB_MODE, on_failure_job_mode, 0),
        U("OnSuccessJobMode", config_parse_enum, config_dump_enum, CONFIG_ENUM_JOB_MODE, on_success_job_mode, 0),
        U("CollectMode", config_parse_enum, config_dump_enum, CONFIG_ENUM_COLLECT_MODE, collect_mode, 0),
        U("FailureAction", config_parse_enum, config_dump_enum, CONFIG_ENUM_EMERGENCY_ACTION, failure_action, 0),
        U("SuccessAction", config_parse_enum, config_dump_enum, CONFIG_ENUM_EMERGENCY_ACTION, success_action, 0),
        U("FailureActionExitStatus", config_parse_exit_action_status, config_dump_exit_action_status, 0, failure_action_exit_status, 0),
        U("SuccessActionExitStatus", config_parse_exit_action_status, config_dump_exit_action_status, 0, success_action_exit_status, 0),
        U("JobTimeoutSec", config_parse_sec_fix_0, config_dump_sec, 0, job_timeout, 0),
        U("JobRunningTimeoutSec", config_parse_sec_fix_0, config_dump_sec, 0, job_running_timeout, 0),
        U("JobTimeoutAction", config_parse_enum, config_dump_enum, CONFIG_ENUM_EMERGENCY_ACTION, job_timeout_action, 0),
        U("JobTimeoutRebootArgument", config_parse_string, config_dump_string, 0, job_timeout_reboot_argument, 0),
        U("StartLimitIntervalSec", config_parse_sec, config_dump_sec, 0, start_limit_interval, 0),
        U("StartLimitInterval", config_parse_sec, NULL, 0, start_limit_interval, CONFIG_NO_DUMP),
        U("StartLimitBurst", config_parse_unsigned, config_dump_unsigned, 0, start_limit_burst, 0),
        U("StartLimitAction", config_parse_enum, config_dump_enum, CONFIG_ENUM_EMERGENCY_ACTION, start_limit_action, 0),
        U("RebootArgument", config_parse_string, config_dump_string, 0, reboot_argument, 0),
        U("SourcePath", config_parse_path, config_dump_string, 0, source_path, 0),
        COND("Architecture", CONDITION_ARCHITECTURE),
        U("ConditionFirmware", config_parse_condition, config_dump_condition, CONDITION_FIRMWARE, conditions, CONFIG_SPECIFIERS),
        COND("Virtualization", CONDITION_VIRTUALIZATION),
        COND("Host", CONDITION_HOST),
        COND("KernelCommandLine", CONDITION_KERNEL_COMMAND_LINE),
        COND("KernelVersion", CONDITION_KERNEL_VERSION),
        COND("Credential", CONDITION_CREDENTIAL),
        COND("Security", CONDITION_SECURITY),
        COND("Capability", CONDITION_CAPABILITY),
        COND("ACPower", CONDITION_AC_POWER),
        COND("Memory", CONDITION_MEMORY),
        COND("CPUs", CONDITION_CPUS),
        COND("Environment", CONDITION_ENVIRONMENT),
        COND("CPUFeature", CONDITION_CPU_FEATURE),
        COND("OSRelease", CONDITION_OS_RELEASE),
        COND("MemoryPressure", CONDITION_MEMORY_PRESSURE),
        COND("CPUPressure", CONDITION_CPU_PRESSURE),
        COND("IOPressure", CONDITION_IO_PRESSURE),
        COND("NeedsUpdate", CONDITION_NEEDS_UPDATE),
        COND("FirstBoot", CONDITION_FIRST_BOOT),
        COND("PathExists", CONDITION_PATH_EXISTS),
        COND("PathExistsGlob", CONDITION_PATH_EXISTS_GLOB),
        COND("PathIsDirectory", CONDITION_PATH_IS_DIRECTORY),
        COND("PathIsSymbolicLink", CONDITION_PATH_IS_SYMBOLIC_LINK),
        COND("PathIsMountPoint", CONDITION_PATH_IS_MOUNT_POINT),
        COND("PathIsReadWrite", CONDITION_PATH_IS_READ_WRITE),
        COND("PathIsEncrypted", CONDITION_PATH_IS_ENCRYPTED),
        COND("DirectoryNotEmpty", CONDITION_DIRECTORY_NOT_EMPTY),
        COND("FileNotEmpty", CONDITION_FILE_NOT_EMPTY),
        COND("FileIsExecutable", CONDITION_FILE_IS_EXECUTABLE),
        COND("User", CONDITION_USER),
        COND("Group", CONDITION_GROUP),
        COND("ControlGroupController", CONDITION_CONTROL_GROUP_CONTROLLER),

        /* [Install] */
        IN("Alias", config_parse_install_names, config_dump_strv, alias),
        IN("WantedBy", config_parse_install_names, config_dump_strv, wanted_by),
        IN("RequiredBy", config_parse_install_names, config_dump_strv, required_by),
        IN("Also", config_parse_install_names, config_dump_strv, also),
        IN("DefaultInstance", config_parse_default_instance, config_dump_string, default_instance),

        /* [Socket] */
        LISTEN("ListenStream", SOCK_STREAM),
        LISTEN("ListenDatagram", SOCK_DGRAM),
        LISTEN("ListenSequentialPacket", SOCK_SEQPACKET),
        LISTEN("ListenNetlink", SOCK_RAW),
        LISTEN("ListenFIFO", -SOCKET_PORT_FIFO),
        LISTEN("ListenSpecial", -SOCKET_PORT_SPECIAL),
        LISTEN("ListenMessageQueue", -SOCKET_PORT_MQUEUE),
        LISTEN("ListenUSBFunction", -SOCKET_PORT_USB_FUNCTION),
        S("SocketProtocol", config_parse_socket_protocol, config_dump_socket_protocol, 0, socket_protocol, 0),
        S("BindIPv6Only", config_parse_bind_ipv6_only, config_dump_bind_ipv6_only, 0, bind_ipv6_only, 0),
        S("Backlog", config_parse_backlog, config_dump_unsigned, 0, backlog, 0),
        S("BindToDevice", config_parse_bind_to_device, config_dump_string, 0, bind_to_device, CONFIG_SPECIFIERS),
        S("SocketUser", config_parse_user_group, config_dump_string, 0, socket_user, CONFIG_SPECIFIERS | CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        S("SocketGroup", config_parse_user_group, config_dump_string, 0, socket_group, CONFIG_SPECIFIERS | CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        S("SocketMode", config_parse_mode, config_dump_mode, 0, socket_mode, CONFIG_FAIL_CLOSED),
        S("DirectoryMode", config_parse_mode, config_dump_mode, 0, directory_mode, CONFIG_FAIL_CLOSED),
        S("Accept", config_parse_bool, config_dump_bool, 0, accept, 0),
        S("Writable", config_parse_bool, config_dump_bool, 0, writable, 0),
        S("FlushPending", config_parse_bool, config_dump_bool, 0, flush_pending, 0),
        S("MaxConnections", config_parse_unsigned, config_dump_unsigned, 0, max_connections, 0),
        S("MaxConnectionsPerSource", config_parse_unsigned, config_dump_unsigned, 0, max_connections_per_source, 0),
        S("KeepAlive", config_parse_bool, config_dump_bool, 0, keep_alive, 0),
        S("KeepAliveTimeSec", config_parse_sec, config_dump_sec, 0, keep_alive_time, 0),
        S("KeepAliveIntervalSec", config_parse_sec, config_dump_sec, 0, keep_alive_interval, 0),
        S("KeepAliveProbes", config_parse_unsigned, config_dump_unsigned, 0, keep_alive_count, 0),
        S("DeferAcceptSec", config_parse_sec, config_dump_sec, 0, defer_accept, 0),
        S("NoDelay", config_parse_bool, config_dump_bool, 0, no_delay, 0),
        S("Priority", config_parse_socket_int, config_dump_socket_int, 0, priority, 0),
        S("ReceiveBuffer", config_parse_iec_size, config_dump_iec_size, 1, receive_buffer, 0),
        S("SendBuffer", config_parse_iec_size, config_dump_iec_size, 1, send_buffer, 0),
        S("IPTOS", config_parse_ip_tos, config_dump_socket_int, 0, ip_tos, 0),
        S("IPTTL", config_parse_socket_int, config_dump_socket_int, 1, ip_ttl, 0),
        S("Mark", config_parse_socket_int, config_dump_socket_int, 0, mark, 0),
        S("ReusePort", config_parse_bool, config_dump_bool, 0, reuse_port, 0),
        S("FreeBind", config_parse_bool, config_dump_bool, 0, free_bind, 0),
        S("Transparent", config_parse_bool, config_dump_bool, 0, transparent, 0),
        S("Broadcast", config_parse_bool, config_dump_bool, 0, broadcast, 0),
        S("PassCredentials", config_parse_bool, config_dump_bool, 0, pass_credentials, 0),
        S("PassSecurity", config_parse_bool, config_dump_bool, 0, pass_security, 0),
        S("PassPacketInfo", config_parse_bool, config_dump_bool, 0, pass_packet_info, 0),
        S("Timestamping", config_parse_timestamping, config_dump_timestamping, 0, timestamping, 0),
        S("TCPCongestion", config_parse_tcp_congestion, config_dump_string, 0, tcp_congestion, 0),
        S("PipeSize", config_parse_iec_size, config_dump_iec_size, 1, pipe_size, 0),
        S("MessageQueueMaxMessages", config_parse_long, config_dump_long, 0, mq_maxmsg, 0),
        S("MessageQueueMessageSize", config_parse_long, config_dump_long, 0, mq_msgsize, 0),
        S("RemoveOnStop", config_parse_bool, config_dump_bool, 0, remove_on_stop, 0),
        S("Symlinks", config_parse_path_strv, config_dump_strv, 0, symlinks, CONFIG_SPECIFIERS),
        S("FileDescriptorName", config_parse_fdname, config_dump_string, 0, fdname, CONFIG_SPECIFIERS),
        S("Service", config_parse_socket_service, config_dump_string, 0, service, CONFIG_SPECIFIERS_NAME),
        S("TimeoutSec", config_parse_socket_timeout, config_dump_sec, 0, timeout, 0),
        S("TriggerLimitIntervalSec", config_parse_sec, config_dump_sec, 0, trigger_limit_interval, 0),
        S("TriggerLimitBurst", config_parse_unsigned, config_dump_unsigned, 0, trigger_limit_burst, 0),
        S("ExecStartPre", config_parse_exec, config_dump_exec, 0, exec_start_pre, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        S("ExecStartPost", config_parse_exec, config_dump_exec, 0, exec_start_post, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        S("ExecStopPre", config_parse_exec, config_dump_exec, 0, exec_stop_pre, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        S("ExecStopPost", config_parse_exec, config_dump_exec, 0, exec_stop_post, CONFIG_FAIL_CLOSED | CONFIG_FATAL),

        /* [Service] */
        SV("Type", config_parse_service_type, config_dump_enum, CONFIG_ENUM_SERVICE_TYPE, type, 0),
        SV("ExitType", config_parse_enum, config_dump_enum, CONFIG_ENUM_SERVICE_EXIT_TYPE, exit_type, 0),
        SV("Restart", config_parse_enum, config_dump_enum, CONFIG_ENUM_SERVICE_RESTART, restart, 0),
        SV("RestartSec", config_parse_sec, config_dump_sec, 0, restart_sec, 0),
        SV("TimeoutSec", config_parse_service_timeout, NULL, 0, timeout_start, CONFIG_NO_DUMP),
        SV("TimeoutStartSec", config_parse_service_timeout, config_dump_sec, 1, timeout_start, 0),
        SV("TimeoutStopSec", config_parse_service_timeout, config_dump_sec, 2, timeout_stop, 0),
        SV("TimeoutAbortSec", config_parse_service_timeout_abort, config_dump_sec, 0, timeout_abort, 0),
        SV("TimeoutStartFailureMode", config_parse_enum, config_dump_enum, CONFIG_ENUM_TIMEOUT_FAILURE_MODE, timeout_start_failure_mode, 0),
        SV("TimeoutStopFailureMode", config_parse_enum, config_dump_enum, CONFIG_ENUM_TIMEOUT_FAILURE_MODE, timeout_stop_failure_mode, 0),
        SV("RuntimeMaxSec", config_parse_sec, config_dump_sec, 0, runtime_max, 0),
        SV("RuntimeRandomizedExtraSec", config_parse_sec, config_dump_sec, 0, runtime_randomized_extra, 0),
        SV("WatchdogSec", config_parse_sec, config_dump_sec, 0, watchdog, 0),
        SV("ExecCondition", config_parse_exec, config_dump_exec, 0, exec_condition, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        SV("ExecStartPre", config_parse_exec, config_dump_exec, 0, exec_start_pre, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        SV("ExecStart", config_parse_exec, config_dump_exec, 0, exec_start, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        SV("ExecStartPost", config_parse_exec, config_dump_exec, 0, exec_start_post, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        SV("ExecReload", config_parse_exec, config_dump_exec, 0, exec_reload, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        SV("ExecStop", config_parse_exec, config_dump_exec, 0, exec_stop, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        SV("ExecStopPost", config_parse_exec, config_dump_exec, 0, exec_stop_post, CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        SV("PIDFile", config_parse_pid_file, config_dump_string, 0, pid_file, CONFIG_SPECIFIERS),
        SV("RemainAfterExit", config_parse_bool, config_dump_bool, 0, remain_after_exit, 0),
        SV("GuessMainPID", config_parse_bool, config_dump_bool, 0, guess_main_pid, 0),
        SV("PermissionsStartOnly", config_parse_bool, config_dump_bool, 0, permissions_start_only, 0),
        SV("RootDirectoryStartOnly", config_parse_bool, config_dump_bool, 0, root_directory_start_only, 0),
        SV("NonBlocking", config_parse_bool, config_dump_bool, 0, non_blocking, 0),
        SV("SuccessExitStatus", config_parse_exit_status, config_dump_exit_status, 0, success_status, 0),
        SV("RestartPreventExitStatus", config_parse_exit_status, config_dump_exit_status, 0, restart_prevent_status, 0),
        SV("RestartForceExitStatus", config_parse_exit_status, config_dump_exit_status, 0, restart_force_status, 0),
        SV("NotifyAccess", config_parse_notify_access, config_dump_enum, CONFIG_ENUM_NOTIFY_ACCESS, notify_access, 0),
        SV("FileDescriptorStoreMax", config_parse_unsigned, config_dump_unsigned, 0, fd_store_max, 0),
        SV("Sockets", config_parse_service_sockets, config_dump_strv, 0, sockets, CONFIG_SPECIFIERS_NAME),
        SV("BusName", config_parse_string, config_dump_string, 0, bus_name, CONFIG_SPECIFIERS),
        SV("OOMPolicy", config_parse_enum, config_dump_enum, CONFIG_ENUM_OOM_POLICY, oom_policy, 0),
        /* [Unit] settings that older unit files still put in [Service]; systemd 252 accepts them there too. */
        ROW("Service", "StartLimitInterval", config_parse_sec, NULL, 0, CONFIG_BASE_UNIT, UnitSection, start_limit_interval, CONFIG_NO_DUMP),
        ROW("Service", "StartLimitBurst", config_parse_unsigned, NULL, 0, CONFIG_BASE_UNIT, UnitSection, start_limit_burst, CONFIG_NO_DUMP),
        ROW("Service", "StartLimitAction", config_parse_enum, NULL, CONFIG_ENUM_EMERGENCY_ACTION, CONFIG_BASE_UNIT, UnitSection, start_limit_action, CONFIG_NO_DUMP),
        ROW("Service", "FailureAction", config_parse_enum, NULL, CONFIG_ENUM_EMERGENCY_ACTION, CONFIG_BASE_UNIT, UnitSection, failure_action, CONFIG_NO_DUMP),
        ROW("Service", "RebootArgument", config_parse_string, NULL, 0, CONFIG_BASE_UNIT, UnitSection, reboot_argument, CONFIG_NO_DUMP),
        SV("SysVStartPriority", config_parse_obsolete, NULL, 0, type, CONFIG_NO_DUMP),
        SV("BusPolicy", config_parse_obsolete, NULL, 0, type, CONFIG_NO_DUMP),

        /* exec settings, in [Socket] and [Service] */
        E("User", config_parse_user_group, config_dump_string, 0, user, CONFIG_SPECIFIERS | CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        E("Group", config_parse_user_group, config_dump_string, 0, group, CONFIG_SPECIFIERS | CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        E("SupplementaryGroups", config_parse_user_group_strv, config_dump_strv, 0, supplementary_groups, CONFIG_SPECIFIERS | CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        E("WorkingDirectory", config_parse_working_directory, config_dump_working_directory, 0, working_directory, CONFIG_SPECIFIERS | CONFIG_FAIL_CLOSED | CONFIG_FATAL),
        E("RootDirectory", config_parse_path, config_dump_string, 0, root_directory, CONFIG_SPECIFIERS),
        E("Environment", config_parse_environ, config_dump_strv, 0, environment, CONFIG_SPECIFIERS),
        E("EnvironmentFile", config_parse_env_file, config_dump_strv, 0, environment_files, CONFIG_SPECIFIERS),
        E("PassEnvironment", config_parse_pass_environ, config_dump_strv, 0, pass_environment, CONFIG_SPECIFIERS),
        E("UnsetEnvironment", config_parse_unset_environ, config_dump_strv, 0, unset_environment, CONFIG_SPECIFIERS),
        E("UMask", config_parse_umask, config_dump_mode, 0, umask, 0),
        E("Nice", config_parse_nice, config_dump_optional_int, 0, nice, 0),
        LIMIT("CPU", RLIMIT_CPU),
        LIMIT("FSIZE", RLIMIT_FSIZE),
        LIMIT("DATA", RLIMIT_DATA),
        LIMIT("STACK", RLIMIT_STACK),
        LIMIT("CORE", RLIMIT_CORE),
        LIMIT("RSS", RLIMIT_RSS),
        LIMIT("NOFILE", RLIMIT_NOFILE),
        LIMIT("AS", RLIMIT_AS),
        LIMIT("NPROC", RLIMIT_NPROC),
        LIMIT("MEMLOCK", RLIMIT_MEMLOCK),
        LIMIT("LOCKS", RLIMIT_LOCKS),
        LIMIT("SIGPENDING", RLIMIT_SIGPENDING),
        LIMIT("MSGQUEUE", RLIMIT_MSGQUEUE),
        LIMIT("NICE", RLIMIT_NICE),
        LIMIT("RTPRIO", RLIMIT_RTPRIO),
        LIMIT("RTTIME", RLIMIT_RTTIME),
        E("StandardInput", config_parse_exec_input, config_dump_exec_input, 0, std_input, CONFIG_SPECIFIERS),
        E("StandardOutput", config_parse_exec_output, config_dump_exec_output, EXEC_STDOUT, std_output, CONFIG_SPECIFIERS),
        E("StandardError", config_parse_exec_output, config_dump_exec_output, EXEC_STDERR, std_error, CONFIG_SPECIFIERS),
        E("StandardInputText", config_parse_exec_input_text, config_dump_exec_input_data, 0, std_input_data, CONFIG_SPECIFIERS),
        E("StandardInputData", config_parse_exec_input_data, NULL, 0, std_input_data, CONFIG_NO_DUMP),
        E("TTYPath", config_parse_path, config_dump_string, 0, tty_path, CONFIG_SPECIFIERS),
        E("TTYReset", config_parse_bool, config_dump_bool, 0, tty_reset, 0),
        E("TTYVHangup", config_parse_bool, config_dump_bool, 0, tty_vhangup, 0),
        E("TTYVTDisallocate", config_parse_bool, config_dump_bool, 0, tty_vt_disallocate, 0),
        EXECDIR("Runtime", EXEC_DIRECTORY_RUNTIME),
        EXECDIR("State", EXEC_DIRECTORY_STATE),
        EXECDIR("Cache", EXEC_DIRECTORY_CACHE),
        EXECDIR("Logs", EXEC_DIRECTORY_LOGS),
        EXECDIR("Configuration", EXEC_DIRECTORY_CONFIGURATION),
        E("RuntimeDirectoryPreserve", config_parse_enum, config_dump_enum, CONFIG_ENUM_PRESERVE_MODE, runtime_directory_preserve_mode, 0),
        E("NoNewPrivileges", config_parse_bool, config_dump_bool, 0, no_new_privileges, 0),
        E("IgnoreSIGPIPE", config_parse_bool, config_dump_bool, 0, ignore_sigpipe, 0),
        E("SyslogIdentifier", config_parse_string, config_dump_string, 0, syslog_identifier, CONFIG_SPECIFIERS),
        E("SyslogFacility", config_parse_syslog_facility, NULL, 0, syslog_priority, CONFIG_NO_DUMP),
        E("SyslogLevel", config_parse_syslog_level, NULL, 0, syslog_priority, CONFIG_NO_DUMP),
        E("SyslogLevelPrefix", config_parse_bool, config_dump_bool, 0, syslog_level_prefix, 0),
        E("LogLevelMax", config_parse_log_level, config_dump_socket_int, 0, log_level_max, 0),
        E("OOMScoreAdjust", config_parse_oom_score_adjust, config_dump_optional_int, 0, oom_score_adjust, 0),
        E("TimerSlackNSec", config_parse_nsec, config_dump_nsec, 0, timer_slack_nsec, 0),
        E("CPUSchedulingPolicy", config_parse_cpu_sched_policy, config_dump_socket_int, 0, cpu_sched_policy, 0),
        E("CPUSchedulingPriority", config_parse_cpu_sched_prio, config_dump_int, 0, cpu_sched_priority, 0),
        E("CPUSchedulingResetOnFork", config_parse_bool, config_dump_bool, 0, cpu_sched_reset_on_fork, 0),
        E("IOSchedulingClass", config_parse_ioprio_class, config_dump_socket_int, 0, ioprio_class, 0),
        E("IOSchedulingPriority", config_parse_ioprio_priority, config_dump_int, 0, ioprio_priority, 0),

        /* kill settings, in [Socket] and [Service] */
        K("KillMode", config_parse_enum, config_dump_enum, CONFIG_ENUM_KILL_MODE, kill_mode, 0),
        K("KillSignal", config_parse_signal, config_dump_signal, 0, kill_signal, 0),
        K("RestartKillSignal", config_parse_signal, config_dump_signal, 0, restart_kill_signal, 0),
        K("FinalKillSignal", config_parse_signal, config_dump_signal, 0, final_kill_signal, 0),
        K("WatchdogSignal", config_parse_signal, config_dump_signal, 0, watchdog_signal, 0),
        K("SendSIGKILL", config_parse_bool, config_dump_bool, 0, send_sigkill, 0),
        K("SendSIGHUP", config_parse_bool, config_dump_bool, 0, send_sighup, 0),
};

#include "directives-unsupported.h"

const ConfigItem *config_items(size_t *ret_n) {
        *ret_n = ELEMENTSOF(items);
        return items;
}

const UnsupportedItem *config_unsupported_items(size_t *ret_n) {
        *ret_n = ELEMENTSOF(unsupported_items);
        return unsupported_items;
}

/* Rows sorted by (section, key) for binary search; built on first use. */
static const ConfigItem *sorted[ELEMENTSOF(items)];
static bool sorted_ready;

static int item_compare(const void *a, const void *b) {
        const ConfigItem *x = *(const ConfigItem *const *) a, *y = *(const ConfigItem *const *) b;
        int c = strcmp(x->section, y->section);
        return c != 0 ? c : strcmp(x->lvalue, y->lvalue);
}

static const ConfigItem *find(const char *section, const char *lvalue) {
        ConfigItem key = { .section = section, .lvalue = lvalue };
        const ConfigItem *k = &key, *const *hit;

        if (!sorted_ready) {
                for (size_t i = 0; i < ELEMENTSOF(items); i++)
                        sorted[i] = &items[i];
                qsort(sorted, ELEMENTSOF(items), sizeof(sorted[0]), item_compare);
                sorted_ready = true;
        }
        hit = bsearch(&k, sorted, ELEMENTSOF(items), sizeof(sorted[0]), item_compare);
        return hit ? *hit : NULL;
}

static bool section_has_exec(const char *section) {
        return STR_IN_SET(section, "Socket", "Service");
}

const ConfigItem *config_item_lookup(UnitType type, const char *section, const char *lvalue) {
        const ConfigItem *i;

        i = find(section, lvalue);
        if (i)
                return i;
        if (!section_has_exec(section))
                return NULL;
        i = find("Exec", lvalue);
        return i ?: find("Kill", lvalue);
}

bool config_item_is_unsupported(UnitType type, const char *section, const char *lvalue) {
        for (size_t i = 0; i < ELEMENTSOF(unsupported_items); i++) {
                const UnsupportedItem *u = &unsupported_items[i];
                if (!streq(u->lvalue, lvalue))
                        continue;
                if (streq(u->section, section) || (streq(u->section, "Exec") && section_has_exec(section)))
                        return true;
        }
        return false;
}

const char *const *config_sections_for_type(UnitType type) {
        static const char *const socket_sections[] = { "Unit", "Socket", "Install", NULL };
        static const char *const service_sections[] = { "Unit", "Service", "Install", NULL };
        static const char *const other_sections[] = { "Unit", "Install", NULL };

        switch (type) {
        case UNIT_SOCKET:
                return socket_sections;
        case UNIT_SERVICE:
                return service_sections;
        default:
                return other_sections;
        }
}

bool config_section_is_read(UnitType type, const char *section) {
        const char *const *l = config_sections_for_type(type);

        for (size_t i = 0; l[i]; i++)
                if (streq(l[i], section))
                        return true;
        return false;
}

/* Where the row's value lives. With create, what is allocated on demand (a socket's ExecContext) is allocated;
 * without, a socket without exec settings shows the defaults (read only: the dumpers take const data).
 * -ENOENT when the row has no field in this unit, -ENOMEM. */
static int item_data(const ConfigItem *item, UnitFile *u, const char *section, bool create, void **ret) {
        bool sock = streq(section, "Socket");
        char *base;

        *ret = NULL;
        /* A UnitFile holds only the section of its own type (unit-config.h). */
        if (!config_section_is_read(u->type, section))
                return -ENOENT;
        switch (item->base) {
        case CONFIG_BASE_UNIT:
                base = (char *) &u->unit;
                break;
        case CONFIG_BASE_INSTALL:
                base = (char *) &u->install;
                break;
        case CONFIG_BASE_SOCKET:
                if (u->type != UNIT_SOCKET)
                        return -ENOENT;
                base = (char *) &u->socket;
                break;
        case CONFIG_BASE_SERVICE:
                if (u->type != UNIT_SERVICE)
                        return -ENOENT;
                base = (char *) &u->service;
                break;
        case CONFIG_BASE_EXEC:
                if (!sock)
                        base = (char *) &u->service.exec;
                else if (u->socket.exec || !create)
                        base = (char *) socket_exec_context(&u->socket);
                else {
                        u->socket.exec = exec_context_new();
                        if (!u->socket.exec)
                                return -ENOMEM;
                        base = (char *) u->socket.exec;
                }
                break;
        case CONFIG_BASE_KILL:
                base = (char *) (sock ? &u->socket.kill : &u->service.kill);
                break;
        default:
                return -ENOENT;
        }
        *ret = base + item->offset;
        return 0;
}

const void *config_item_data(const ConfigItem *item, const UnitFile *u, const char *section) {
        void *data;

        (void) item_data(item, (UnitFile *) u, section, false, &data);
        return data;
}

int config_item_data_writable(const ConfigItem *item, UnitFile *u, const char *section, void **ret) {
        return item_data(item, u, section, true, ret);
}

static void dump_section(FILE *f, UnitFile *u, const char *section, const char *rows) {
        for (size_t i = 0; i < ELEMENTSOF(items); i++) {
                const ConfigItem *it = &items[i];

                if (!streq(it->section, rows) || !it->dump || (it->flags & CONFIG_NO_DUMP))
                        continue;
                it->dump(f, it->lvalue, it->ltype, config_item_data(it, u, section));
        }
}

void config_dump_unit(FILE *f, UnitFile *u) {
        const char *type_section = u->type == UNIT_SOCKET ? "Socket" : u->type == UNIT_SERVICE ? "Service" : NULL;

        fprintf(f, "# %s\n", u->name);
        if (u->fragment_path)
                fprintf(f, "# fragment: %s\n", u->fragment_path);
        STRV_FOREACH(d, u->dropin_paths)
                fprintf(f, "# drop-in: %s\n", *d);
        fputs("[Unit]\n", f);
        dump_section(f, u, "Unit", "Unit");
        if (type_section) {
                fprintf(f, "[%s]\n", type_section);
                dump_section(f, u, type_section, type_section);
                dump_section(f, u, type_section, "Exec");
                dump_section(f, u, type_section, "Kill");
        }
        fputs("[Install]\n", f);
        dump_section(f, u, "Install", "Install");
}
