/* SPDX-License-Identifier: MIT */
/* A plain driver for the fuzz targets, so that `make check` replays every seed without libFuzzer:
 * each argument is a file, or a directory whose regular files are all replayed. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "macro.h"
#include "syntax.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path) {
        _cleanup_free_ char *text = NULL;
        size_t n;
        int r;

        r = read_full_file(path, &text, &n);
        if (r < 0) {
                fprintf(stderr, "%s: cannot read: %s\n", path, strerror(-r));
                return r;
        }
        (void) LLVMFuzzerTestOneInput((const uint8_t *) text, n);
        return 0;
}

int main(int argc, char *argv[]) {
        unsigned n = 0;
        int ret = 0;

        for (int i = 1; i < argc; i++) {
                struct stat st;
                DIR *d;
                struct dirent *de;

                if (stat(argv[i], &st) < 0) {
                        fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
                        ret = 1;
                        continue;
                }
                if (!S_ISDIR(st.st_mode)) {
                        if (replay_file(argv[i]) < 0)
                                ret = 1;
                        n++;
                        continue;
                }
                d = opendir(argv[i]);
                if (!d) {
                        ret = 1;
                        continue;
                }
                while ((de = readdir(d))) {
                        char p[4096];

                        if (de->d_name[0] == '.' || strcmp(de->d_name, "MANIFEST.tsv") == 0)
                                continue;
                        snprintf(p, sizeof(p), "%s/%s", argv[i], de->d_name);
                        if (stat(p, &st) < 0 || !S_ISREG(st.st_mode))
                                continue;
                        if (replay_file(p) < 0)
                                ret = 1;
                        n++;
                }
                closedir(d);
        }
        printf("replayed %u inputs\n", n);
        return ret;
}
