/* SPDX-License-Identifier: MIT */
/* Test service for the fd store: fdstore-test LOGFILE
 * First start: no fd named "mystate" -> put a memfd holding "generation 1" in the store (FDSTORE=1,
 * FDNAME=mystate), log "stored", exit 3 (so that Restart=on-failure starts it again).
 * Next start: find "mystate" among the passed fds, log "found: <content> names=<LISTEN_FDNAMES>", exit 0. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

static void free_names(char **names) {
        for (size_t i = 0; names && names[i]; i++)
                free(names[i]);
        free(names);
}

/* Everything is freed and the log closed before returning: under ASan a leak report would end the process
 * with _exit() and another status, before stdio is flushed. */
int main(int argc, char *argv[]) {
        const char *names_env = getenv("LISTEN_FDNAMES");
        char **names = NULL, buf[128] = "";
        FILE *log;
        int n, fd, r = 3;

        if (argc != 2 || !(log = fopen(argv[1], "ae")))
                return 2;
        n = sd_listen_fds_with_names(0, &names);
        for (int i = 0; i < n; i++)
                if (names && strcmp(names[i], "mystate") == 0) {
                        ssize_t k = pread(SD_LISTEN_FDS_START + i, buf, sizeof(buf) - 1, 0);
                        buf[k > 0 ? k : 0] = '\0';
                        fprintf(log, "found: %s names=%s\n", buf, names_env ? names_env : "");
                        r = 0;
                        break;
                }
        free_names(names);
        if (r == 3) {
                fd = memfd_create("state", MFD_CLOEXEC);
                if (fd < 0 || write(fd, "generation 1", 12) != 12 ||
                    sd_pid_notify_with_fds(0, 0, "FDSTORE=1\nFDNAME=mystate", &fd, 1) <= 0)
                        r = 2;
                else
                        fprintf(log, "stored\n");
        }
        fclose(log);
        return r;
}
