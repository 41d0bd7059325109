/* SPDX-License-Identifier: MIT */
/* The directive table: every row reachable and robust, messages, fail-closed settings, defaults, dumps. */
#include <check.h>
#include <limits.h>
#include <signal.h>
#include <sys/socket.h>

#include "config-parse.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

static char **messages;

static void capture(int level, const char *m, void *u) {
        ck_assert_int_eq(strv_extend(&messages, m), 0);
}

static void setup(void) {
        messages = strv_free(messages);
        log_set_sink(capture, NULL);
        log_set_max_level(LOG_DEBUG);
}

static void teardown(void) {
        messages = strv_free(messages);
        log_set_sink(NULL, NULL);
        log_set_max_level(LOG_INFO);
}

static const SpecifierContext spec = {
        .runtime_dir = "/run", .host_name = "box", .user_name = "root", .uid = "0", .machine_id = "m",
        .boot_id = "b", .kernel_release = "6.1", .architecture = "x86-64", .home = "/root",
};

static UnitFile *text(const char *name, const char *body) {
        UnitFile *u = NULL;

        messages = strv_free(messages);
        ck_assert_int_eq(unit_file_load_from_text(name, name, body, strlen(body), &spec, NULL, &u), 0);
        return u;
}

static bool has_message(const char *needle) {
        STRV_FOREACH(m, messages)
                if (strstr(*m, needle))
                        return true;
        return false;
}

START_TEST(test_every_row_reachable_and_robust) {
        const ConfigItem *items;
        size_t n;

        items = config_items(&n);
        ck_assert_int_gt(n, 200);
        for (size_t i = 0; i < n; i++) {
                const ConfigItem *it = &items[i];
                const char *sections[2] = { it->section, NULL };
                UnitType types[2] = { UNIT_SOCKET, UNIT_SERVICE };

                if (STR_IN_SET(it->section, "Exec", "Kill")) {
                        sections[0] = "Socket";
                        sections[1] = "Service";
                }
                for (size_t k = 0; k < 2 && sections[k]; k++)
                        for (size_t t = 0; t < 2; t++) {
                                const char *values[] = { "", "garbage \x01 ;", "yes", "1", "/x", "%n", "%Z" };
                                ck_assert_ptr_eq(config_item_lookup(types[t], sections[k], it->lvalue), it);
                                for (size_t v = 0; v < ELEMENTSOF(values); v++) {
                                        _cleanup_(unit_file_freep) UnitFile *u = unit_file_new("a.socket", types[t], NULL);
                                        LoadContext ctx = { .unit = u, .spec = &spec };
                                        int r = config_dispatch("f", 1, sections[k], it->lvalue, values[v], &ctx);
                                        /* only a fatal row may stop the file, and only on a bad value */
                                        if (r == -ENOEXEC)
                                                ck_assert_msg((it->flags & CONFIG_FATAL) && u->load_error != 0,
                                                              "%s stopped the parse", it->lvalue);
                                        else
                                                ck_assert_int_eq(r, 0);
                                }
                        }
        }
}
END_TEST

START_TEST(test_table_has_no_duplicates) {
        const ConfigItem *items;
        const UnsupportedItem *un;
        size_t n, m;

        items = config_items(&n);
        un = config_unsupported_items(&m);
        for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++)
                        ck_assert_msg(!(streq(items[i].section, items[j].section) && streq(items[i].lvalue, items[j].lvalue)),
                                      "duplicate row %s %s", items[i].section, items[i].lvalue);
        /* An unsupported key has no row in any section it is listed for. */
        for (size_t j = 0; j < m; j++) {
                bool exec = streq(un[j].section, "Exec");
                if (exec || streq(un[j].section, "Socket"))
                        ck_assert_msg(!config_item_lookup(UNIT_SOCKET, "Socket", un[j].lvalue),
                                      "%s is both supported and unsupported in [Socket]", un[j].lvalue);
                if (exec || streq(un[j].section, "Service"))
                        ck_assert_msg(!config_item_lookup(UNIT_SERVICE, "Service", un[j].lvalue),
                                      "%s is both supported and unsupported in [Service]", un[j].lvalue);
                ck_assert(config_item_is_unsupported(UNIT_SOCKET, exec ? "Socket" : un[j].section, un[j].lvalue));
        }
}
END_TEST

START_TEST(test_unknown_unsupported_x) {
        UnitFile *u = text("a.service",
                           "[Unit]\nFooBar=1\nX-Mine=1\n[Service]\nExecStart=/bin/true\nSmackProcessLabel=x\nCPUQuota=20%\n"
                           "SmackLabelIPIn=x\nSysVStartPriority=3\n");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert(has_message("a.service:2: Unknown key 'FooBar' in section [Unit], ignoring."));
        ck_assert(!has_message("X-Mine"));
        ck_assert(has_message("a.service:6: SmackProcessLabel= is not supported by sockact, ignoring."));
        ck_assert(has_message("a.service:7: CPUQuota= is not supported by sockact, ignoring."));
        /* a [Socket]-only key in [Service] is unknown there, as in systemd */
        ck_assert(has_message("a.service:8: Unknown key 'SmackLabelIPIn' in section [Service], ignoring."));
        ck_assert(has_message("a.service:9: Support for option SysVStartPriority= has been removed and it is ignored"));
        unit_file_free(u);
}
END_TEST

START_TEST(test_socket_settings) {
        UnitFile *u = text("web.socket",
                           "[Socket]\nListenStream=127.0.0.1:8080\nListenStream=/run/web.sock\nListenDatagram=[::1]:53\n"
                           "ListenFIFO=/run/web.fifo\nListenNetlink=kobject-uevent 1\nBacklog=16\nReceiveBuffer=1M\n"
                           "KeepAlive=yes\nKeepAliveTimeSec=1min 30s\nKeepAliveProbes=4\nIPTOS=low-delay\nMark=5\n"
                           "SocketMode=0600\nTimestamping=us\nBindIPv6Only=ipv6-only\nFileDescriptorName=web\n"
                           "Service=other.service\nTriggerLimitBurst=5\n"
                           "ExecStartPre=-/bin/echo pre\nUser=nobody\nKillSignal=SIGINT\n");
        SocketPort *p = u->socket.ports;

        ck_assert_int_eq(u->load_error, 0);
        ck_assert_ptr_nonnull(p);
        ck_assert_int_eq(p->address.type, SOCK_STREAM);
        ck_assert_int_eq(socket_address_family(&p->address), AF_INET);
        ck_assert_int_eq(p->next->address.type, SOCK_STREAM);
        ck_assert_int_eq(socket_address_family(&p->next->address), AF_UNIX);
        ck_assert_int_eq(p->next->next->address.type, SOCK_DGRAM);
        ck_assert_int_eq(p->next->next->next->type, SOCKET_PORT_FIFO);
        ck_assert_int_eq(socket_address_family(&p->next->next->next->next->address), AF_NETLINK);
        ck_assert_ptr_null(p->next->next->next->next->next);
        ck_assert_uint_eq(u->socket.backlog, 16);
        ck_assert_uint_eq(u->socket.receive_buffer, 1024 * 1024);
        ck_assert(u->socket.keep_alive);
        ck_assert_uint_eq(u->socket.keep_alive_time, 90 * USEC_PER_SEC);
        ck_assert_uint_eq(u->socket.keep_alive_count, 4);
        ck_assert_int_eq(u->socket.ip_tos, 0x10);
        ck_assert_int_eq(u->socket.mark, 5);
        ck_assert_uint_eq(u->socket.socket_mode, 0600);
        ck_assert_int_eq(u->socket.timestamping, SOCKET_TIMESTAMPING_US);
        ck_assert_int_eq(u->socket.bind_ipv6_only, SOCKET_ADDRESS_IPV6_ONLY);
        ck_assert_str_eq(u->socket.fdname, "web");
        ck_assert_str_eq(u->socket.service, "other.service");
        ck_assert_uint_eq(u->socket.trigger_limit_burst, 5);
        ck_assert_uint_eq(u->socket.trigger_limit_interval, 2 * USEC_PER_SEC);
        ck_assert_ptr_nonnull(u->socket.exec_start_pre);
        ck_assert_str_eq(u->socket.exec->user, "nobody");
        ck_assert_int_eq(u->socket.kill.kill_signal, SIGINT);
        unit_file_free(u);

        /* Symlinks= needs exactly one node in the file system, as in systemd */
        u = text("l.socket", "[Socket]\nListenStream=/run/l.sock\nListenStream=127.0.0.1:5\nSymlinks=/run/a /run/b\n");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert_int_eq(strv_length(u->socket.symlinks), 2);
        unit_file_free(u);
        u = text("l.socket", "[Socket]\nListenStream=127.0.0.1:5\nSymlinks=/run/a\n");
        ck_assert_int_eq(u->load_error, -ENOEXEC);
        ck_assert_ptr_nonnull(strstr(u->load_error_reason, "none or more than one node"));
        unit_file_free(u);

        /* an empty Listen*= resets the list */
        u = text("r.socket", "[Socket]\nListenStream=1\nListenDatagram=2\nListenStream=\nListenStream=3\n");
        ck_assert_ptr_nonnull(u->socket.ports);
        ck_assert_ptr_null(u->socket.ports->next);
        unit_file_free(u);
}
END_TEST

/* A .socket file's [Service] section (and a .service file's [Socket]) is ignored as systemd 252 does: the unit
 * type does not read it, and the UnitFile has no storage for it. */
START_TEST(test_other_type_section_ignored) {
        UnitFile *u = text("o.socket", "[Socket]\nListenStream=1234\n[Service]\nExecStart=/bin/false\nUser=x\n"
                                       "Type=notify\n[Socket]\nBacklog=9\n");
        LoadContext ctx = { .unit = u, .spec = &spec };

        ck_assert_int_eq(u->load_error, 0);
        ck_assert(has_message("o.socket:3: Unknown section 'Service'. Ignoring."));
        ck_assert(!has_message("ExecStart"));
        ck_assert_uint_eq(u->socket.backlog, 9);
        ck_assert_ptr_null(u->socket.exec); /* no exec setting: the defaults, nothing allocated */
        ck_assert_uint_eq(unit_file_size(UNIT_SOCKET), offsetof(UnitFile, socket) + sizeof(SocketSection));
        ck_assert_uint_lt(unit_file_size(UNIT_SOCKET), sizeof(UnitFile));
        /* a direct dispatch of another type's row is refused too */
        messages = strv_free(messages);
        ck_assert_int_eq(config_dispatch("f", 7, "Service", "Type", "notify", &ctx), 0);
        ck_assert(has_message("f:7: Unknown section 'Service'. Ignoring."));
        ck_assert_ptr_null(config_item_data(config_item_lookup(UNIT_SERVICE, "Service", "Type"), u, "Service"));
        unit_file_free(u);

        u = text("o.service", "[Service]\nExecStart=/bin/true\n[Socket]\nListenStream=1\nExecStartPre=/bin/false\n");
        ck_assert_int_eq(u->load_error, 0);
        ck_assert(has_message("o.service:3: Unknown section 'Socket'. Ignoring."));
        ck_assert_ptr_null(u->service.exec_start_pre);
        ck_assert_ptr_nonnull(u->service.exec_start);
        unit_file_free(u);

        /* other types carry neither section */
        u = text("o.target", "[Unit]\nDescription=t\n");
        ck_assert_uint_eq(unit_file_size(UNIT_TARGET), offsetof(UnitFile, socket));
        ck_assert_str_eq(u->unit.description, "t");
        unit_file_free(u);
}
END_TEST

START_TEST(test_socket_defaults) {
        UnitFile *u = text("d.socket", "[Socket]\nListenStream=1234\n");

        ck_assert_uint_eq(u->socket.backlog, UINT_MAX);
        ck_assert_uint_eq(u->socket.max_connections, 64);
        ck_assert_uint_eq(u->socket.socket_mode, 0666);
        ck_assert_uint_eq(u->socket.directory_mode, 0755);
        ck_assert_uint_eq(u->socket.trigger_limit_burst, 20);
        ck_assert(!u->socket.accept);
        unit_file_free(u);
        u = text("e.socket", "[Socket]\nListenStream=1234\nAccept=yes\n");
        ck_assert_uint_eq(u->socket.trigger_limit_burst, 200);
        unit_file_free(u);
}
END_TEST

START_TEST(test_fail_closed) {
        /* -ENOEXEC: fatal in systemd too, the rest of the file is not read; -EBADMSG: sockact refuses the unit
         * where systemd would fall back to a default, and reads on to report every problem. */
        static const struct {
                const char *text;
                int error;
        } cases[] = {
                { "[Socket]\nListenStream=127.0.0.1:1\nSocketUser=a:b\n", -ENOEXEC },
                { "[Socket]\nListenStream=127.0.0.1:1\nSocketGroup=-\n", -ENOEXEC },
                { "[Socket]\nListenStream=127.0.0.1:1\nSocketMode=999\n", -EBADMSG },
                { "[Socket]\nListenStream=127.0.0.1:1\nDirectoryMode=abc\n", -EBADMSG },
                { "[Socket]\nListenStream=127.0.0.1:1\nListenStream=garbage\n", -EBADMSG },
                { "[Socket]\nListenStream=127.0.0.1:1\nListenUSBFunction=/dev/ffs\n", -EBADMSG },
                { "[Socket]\nListenStream=127.0.0.1:1\nUser=x/y\n", -ENOEXEC },
                { "[Socket]\nListenStream=127.0.0.1:1\nSupplementaryGroups=ok bad:name\n", -ENOEXEC },
                { "[Socket]\nListenStream=127.0.0.1:1\nExecStartPre=foo/bar\n", -ENOEXEC },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                UnitFile *u = text("f.socket", cases[i].text);
                ck_assert_msg(u->load_error == cases[i].error, "case %zu: load_error %d", i, u->load_error);
                ck_assert_ptr_nonnull(u->load_error_reason);
                ck_assert_ptr_nonnull(strstr(u->load_error_reason, "f.socket:"));
                unit_file_free(u);
        }
        {
                UnitFile *u = text("g.service", "[Service]\nExecStart=bin/relative\nNice=99\n");
                ck_assert_int_eq(u->load_error, -ENOEXEC);
                ck_assert(!has_message("Nice")); /* not read after the fatal line */
                unit_file_free(u);
                u = text("g.service", "[Service]\nExecStart=/bin/true \"unbalanced\n");
                ck_assert_int_eq(u->load_error, -ENOEXEC);
                unit_file_free(u);
                u = text("g.service", "[Service]\nExecStart=/bin/true\nUser=0\nGroup=adm\n");
                ck_assert_int_eq(u->load_error, 0);
                unit_file_free(u);
        }
        /* a bad value elsewhere is ignored with a warning, like systemd */
        {
                UnitFile *u = text("h.socket", "[Socket]\nListenStream=127.0.0.1:1\nBacklog=lots\nKeepAlive=perhaps\n");
                ck_assert_int_eq(u->load_error, 0);
                ck_assert(has_message("h.socket:3: Failed to parse Backlog= value, ignoring: lots"));
                ck_assert(has_message("h.socket:4: Failed to parse boolean value, ignoring: perhaps"));
                ck_assert_uint_eq(u->socket.backlog, UINT_MAX);
                unit_file_free(u);
        }
}
END_TEST

START_TEST(test_service_settings) {
        UnitFile *u = text("s.service",
                           "[Unit]\nDescription=Service %n on %H\nRequires=a.service b.socket\nAfter=a.service\n"
                           "ConditionPathExists=|!/etc/x\nConditionUser=root\nAssertPathExists=/y\nStartLimitBurst=9\n"
                           "[Service]\nType=notify\nExecStart=/bin/echo hello \"two words\"\nExecStop=/bin/kill $MAINPID\n"
                           "Restart=on-failure\nRestartSec=500ms\nTimeoutSec=30\nTimeoutStopSec=0\n"
                           "Environment=A=1 \"B=two words\"\nEnvironment=A=3\nEnvironmentFile=-/etc/default/x\n"
                           "LimitNOFILE=1024:4096\nLimitCORE=infinity\nUMask=0077\nNice=-5\n"
                           "StandardOutput=append:/var/log/x.log\nStandardError=null\nStandardInput=socket\n"
                           "WorkingDirectory=-~\nSuccessExitStatus=1 2 SIGUSR1\nRuntimeDirectory=foo foo/bar\n"
                           "FileDescriptorStoreMax=3\nSockets=a.socket b.socket\nKillMode=mixed\nSendSIGKILL=no\n"
                           "[Install]\nWantedBy=multi-user.target\nAlias=alias-%p.service\n");
        ServiceSection *s = &u->service;

        ck_assert_int_eq(u->load_error, 0);
        ck_assert_str_eq(u->unit.description, "Service s.service on box");
        ck_assert_int_eq(strv_length(u->unit.dependencies[UNIT_REQUIRES]), 2);
        ck_assert_ptr_nonnull(u->unit.conditions);
        ck_assert(u->unit.conditions->trigger && u->unit.conditions->negate);
        ck_assert_str_eq(u->unit.conditions->parameter, "/etc/x");
        ck_assert_int_eq(u->unit.conditions->next->type, CONDITION_USER);
        ck_assert_ptr_nonnull(u->unit.asserts);
        ck_assert_uint_eq(u->unit.start_limit_burst, 9);
        ck_assert_int_eq(s->type, SERVICE_NOTIFY);
        ck_assert_int_eq(s->notify_access, NOTIFY_MAIN);
        ck_assert_str_eq(s->exec_start->path, "/bin/echo");
        ck_assert_int_eq(strv_length(s->exec_start->argv), 3);
        ck_assert_str_eq(s->exec_start->argv[2], "two words");
        ck_assert_int_eq(s->restart, SERVICE_RESTART_ON_FAILURE);
        ck_assert_uint_eq(s->restart_sec, 500 * USEC_PER_MSEC);
        ck_assert_uint_eq(s->timeout_start, 30 * USEC_PER_SEC);
        ck_assert_uint_eq(s->timeout_stop, USEC_INFINITY);
        ck_assert_int_eq(strv_length(s->exec.environment), 2);
        ck_assert(strv_contains(s->exec.environment, "A=3"));
        ck_assert(strv_contains(s->exec.environment, "B=two words"));
        ck_assert_str_eq(s->exec.environment_files[0], "-/etc/default/x");
        ck_assert_ptr_nonnull(s->exec.rlimit[RLIMIT_NOFILE]);
        ck_assert_uint_eq(s->exec.rlimit[RLIMIT_NOFILE]->rlim_cur, 1024);
        ck_assert_uint_eq(s->exec.rlimit[RLIMIT_NOFILE]->rlim_max, 4096);
        ck_assert_uint_eq(s->exec.rlimit[RLIMIT_CORE]->rlim_cur, RLIM_INFINITY);
        ck_assert_uint_eq(s->exec.umask, 0077);
        ck_assert_int_eq(s->exec.nice, -5);
        ck_assert_int_eq(s->exec.std_output, EXEC_OUTPUT_FILE_APPEND);
        ck_assert_str_eq(s->exec.stdio_file[1], "/var/log/x.log");
        ck_assert_int_eq(s->exec.std_error, EXEC_OUTPUT_NULL);
        ck_assert_int_eq(s->exec.std_input, EXEC_INPUT_SOCKET);
        ck_assert(s->exec.working_directory_home && s->exec.working_directory_missing_ok);
        ck_assert(exit_status_set_test(&s->success_status, CLD_EXITED, 2));
        ck_assert(exit_status_set_test(&s->success_status, CLD_KILLED, SIGUSR1));
        ck_assert(!exit_status_set_test(&s->success_status, CLD_EXITED, 3));
        ck_assert_int_eq(strv_length(s->exec.directories[EXEC_DIRECTORY_RUNTIME].paths), 2);
        ck_assert_uint_eq(s->fd_store_max, 3);
        ck_assert_int_eq(strv_length(s->sockets), 2);
        ck_assert_int_eq(s->kill.kill_mode, KILL_MIXED);
        ck_assert(!s->kill.send_sigkill);
        ck_assert_str_eq(u->install.wanted_by[0], "multi-user.target");
        ck_assert_str_eq(u->install.alias[0], "alias-s.service");
        unit_file_free(u);
}
END_TEST

START_TEST(test_specifier_errors) {
        UnitFile *u = text("x.service", "[Unit]\nDescription=%Z bad\nWants=%t.service\n[Service]\nExecStart=/bin/echo %Z\n");
        ck_assert(has_message("x.service:2: Failed to resolve unit specifiers in %Z bad, ignoring"));
        ck_assert(has_message("x.service:3:"));
        ck_assert_ptr_null(u->unit.description);
        ck_assert_ptr_null(u->unit.dependencies[UNIT_WANTS]);
        /* ExecStart= is fatal */
        ck_assert_int_eq(u->load_error, -ENOEXEC);
        unit_file_free(u);
        /* a listener fails closed: the message says the unit is refused, not that the line is ignored */
        u = text("y.socket", "[Socket]\nListenStream=/run/%Z.sock\n");
        ck_assert(has_message("y.socket:2: Failed to resolve unit specifiers in /run/%Z.sock, refusing"));
        ck_assert_int_ne(u->load_error, 0);
        unit_file_free(u);
}
END_TEST

START_TEST(test_dump) {
        UnitFile *u = text("d.socket", "[Socket]\nListenStream=127.0.0.1:80\nListenStream=/run/x.sock\nBacklog=5\nAccept=yes\n"
                                       "[Install]\nWantedBy=sockets.target\n");
        char *buf = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&buf, &n);

        ck_assert_ptr_nonnull(f);
        config_dump_unit(f, u);
        fclose(f);
        ck_assert_ptr_nonnull(strstr(buf, "\nListenStream=127.0.0.1:80\nListenStream=/run/x.sock\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nBacklog=5\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nAccept=yes\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nMaxConnections=64\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nSocketMode=0666\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nTriggerLimitBurst=200\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nWantedBy=sockets.target\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nKillSignal=SIGTERM\n"));
        /* no exec setting: nothing allocated, the defaults are dumped */
        ck_assert_ptr_null(u->socket.exec);
        ck_assert_ptr_nonnull(strstr(buf, "\nUMask=0022\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nIgnoreSIGPIPE=yes\n"));
        free(buf);
        unit_file_free(u);

        /* the first exec setting allocates the context, with the defaults for the rest */
        u = text("e.socket", "[Socket]\nListenStream=1\nNice=3\n");
        buf = NULL;
        f = open_memstream(&buf, &n);
        ck_assert_ptr_nonnull(f);
        config_dump_unit(f, u);
        fclose(f);
        ck_assert_ptr_nonnull(u->socket.exec);
        ck_assert_int_eq(u->socket.exec->nice, 3);
        ck_assert_uint_eq(u->socket.exec->umask, 0022);
        ck_assert_ptr_nonnull(strstr(buf, "\nNice=3\n"));
        ck_assert_ptr_nonnull(strstr(buf, "\nUMask=0022\n"));
        free(buf);
        unit_file_free(u);
}
END_TEST

int main(void) {
        Suite *s = suite_create("directives");
        TCase *tc = tcase_create("table");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, test_every_row_reachable_and_robust);
        tcase_add_test(tc, test_table_has_no_duplicates);
        tcase_add_test(tc, test_unknown_unsupported_x);
        tcase_add_test(tc, test_socket_settings);
        tcase_add_test(tc, test_other_type_section_ignored);
        tcase_add_test(tc, test_socket_defaults);
        tcase_add_test(tc, test_fail_closed);
        tcase_add_test(tc, test_service_settings);
        tcase_add_test(tc, test_specifier_errors);
        tcase_add_test(tc, test_dump);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
