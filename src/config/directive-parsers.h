/* SPDX-License-Identifier: MIT */
#pragma once

/* The directive-specific parsers and dumpers referenced by the table in directives.c. */

#include "config-parse.h"

/* [Unit], [Install] (parse-unit.c) */
CONFIG_PARSER(config_parse_documentation);
CONFIG_PARSER(config_parse_unit_deps);
CONFIG_PARSER(config_parse_obsolete_unit_deps);
CONFIG_PARSER(config_parse_on_failure_isolate);
CONFIG_PARSER(config_parse_exit_action_status);
CONFIG_PARSER(config_parse_condition);
CONFIG_PARSER(config_parse_install_names);
CONFIG_PARSER(config_parse_default_instance);
CONFIG_DUMPER(config_dump_condition);
CONFIG_DUMPER(config_dump_exit_action_status);

/* [Socket] (parse-socket.c) */
CONFIG_PARSER(config_parse_listen);
CONFIG_PARSER(config_parse_socket_protocol);
CONFIG_PARSER(config_parse_bind_ipv6_only);
CONFIG_PARSER(config_parse_timestamping);
CONFIG_PARSER(config_parse_ip_tos);
CONFIG_PARSER(config_parse_bind_to_device);
CONFIG_PARSER(config_parse_fdname);
CONFIG_PARSER(config_parse_socket_service);
CONFIG_PARSER(config_parse_backlog);
CONFIG_PARSER(config_parse_socket_int);
CONFIG_PARSER(config_parse_tcp_congestion);
CONFIG_PARSER(config_parse_socket_timeout);
CONFIG_DUMPER(config_dump_listen);
CONFIG_DUMPER(config_dump_socket_protocol);
CONFIG_DUMPER(config_dump_bind_ipv6_only);
CONFIG_DUMPER(config_dump_timestamping);
CONFIG_DUMPER(config_dump_socket_int);

/* exec, kill, [Service] (parse-exec.c; StandardInput= and the like in parse-exec-stdio.c) */
CONFIG_PARSER(config_parse_exec);
CONFIG_PARSER(config_parse_user_group);
CONFIG_PARSER(config_parse_user_group_strv);
CONFIG_PARSER(config_parse_working_directory);
CONFIG_PARSER(config_parse_environ);
CONFIG_PARSER(config_parse_env_file);
CONFIG_PARSER(config_parse_pass_environ);
CONFIG_PARSER(config_parse_unset_environ);
CONFIG_PARSER(config_parse_umask);
CONFIG_PARSER(config_parse_nice);
CONFIG_PARSER(config_parse_rlimit);
CONFIG_PARSER(config_parse_exec_input);
CONFIG_PARSER(config_parse_exec_output);
CONFIG_PARSER(config_parse_exec_input_text);
CONFIG_PARSER(config_parse_exec_input_data);
CONFIG_PARSER(config_parse_exec_directories);
CONFIG_PARSER(config_parse_syslog_facility);
CONFIG_PARSER(config_parse_syslog_level);
CONFIG_PARSER(config_parse_log_level);
CONFIG_PARSER(config_parse_oom_score_adjust);
CONFIG_PARSER(config_parse_cpu_sched_policy);
CONFIG_PARSER(config_parse_cpu_sched_prio);
CONFIG_PARSER(config_parse_ioprio_class);
CONFIG_PARSER(config_parse_ioprio_priority);
CONFIG_PARSER(config_parse_service_timeout);
CONFIG_PARSER(config_parse_service_timeout_abort);
CONFIG_PARSER(config_parse_exit_status);
CONFIG_PARSER(config_parse_service_sockets);
CONFIG_PARSER(config_parse_pid_file);
CONFIG_PARSER(config_parse_service_type);
CONFIG_PARSER(config_parse_notify_access);
CONFIG_DUMPER(config_dump_exec);
CONFIG_DUMPER(config_dump_working_directory);
CONFIG_DUMPER(config_dump_rlimit);
CONFIG_DUMPER(config_dump_exec_input);
CONFIG_DUMPER(config_dump_exec_output);
CONFIG_DUMPER(config_dump_exec_input_data);
CONFIG_DUMPER(config_dump_exec_directories);
CONFIG_DUMPER(config_dump_exit_status);
CONFIG_DUMPER(config_dump_optional_int);

/* ltype values for config_parse_exec_output */
#define EXEC_STDOUT 1
#define EXEC_STDERR 2
/* ltype flag for config_parse_condition: an Assert*= row */
#define CONDITION_ASSERT 0x100
