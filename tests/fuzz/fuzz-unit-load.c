/* SPDX-License-Identifier: MIT */
/* Fuzz target over the loader: the input is split at the first line "----" into a unit file and a drop-in
 * (the first line of the unit part names the type, as in fuzz-unit-parse); both are written to a private
 * directory tree and the unit is loaded through the search path, with its drop-ins and templates. */
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"
#include "unit-name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static void quiet(int level, const char *m, void *u) {
}

/* Remove what we wrote (a fixed set of names) when the process ends. */
static void cleanup(void) {
        static const char *const files[] = { "f@.socket", "f@.service", "f@.socket.d/10-fuzz.conf",
                                             "f@.service.d/10-fuzz.conf", "f@.socket.d", "f@.service.d" };
        char path[256];

        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                snprintf(path, sizeof(path), "%s/%s", root, files[i]);
                (void) remove(path);
        }
        (void) rmdir(root);
}

static void write_all(const char *path, const char *d, size_t n) {
        FILE *f = fopen(path, "we");
        if (!f)
                abort();
        if (n > 0 && fwrite(d, 1, n, f) != n)
                abort();
        fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        const char *text = (const char *) data, *sep, *body;
        char type[16] = "socket", path[256], name[64];
        _cleanup_strv_free_ char **search = NULL;
        UnitLoader *l = NULL;
        UnitFile *u = NULL;
        size_t nl, unit_len;

        log_set_sink(quiet, NULL);
        if (!root[0]) {
                snprintf(root, sizeof(root), "/tmp/fuzz-unit-load-%d", (int) getpid());
                (void) mkdir(root, 0700);
                atexit(cleanup);
        }

        nl = 0;
        while (nl < size && text[nl] != '\n')
                nl++;
        if (nl < sizeof(type) && nl > 0 && !memchr(text, '\0', nl)) {
                memcpy(type, text, nl);
                type[nl] = '\0';
                if (!STR_IN_SET(type, "socket", "service"))
                        strcpy(type, "socket");
        }
        body = nl < size ? text + nl + 1 : text + size;
        sep = memmem(body, size - (size_t) (body - text), "\n----\n", 6);
        unit_len = sep ? (size_t) (sep - body) : size - (size_t) (body - text);

        /* a template unit and a drop-in for the instance's template directory */
        snprintf(name, sizeof(name), "f@.%s", type);
        snprintf(path, sizeof(path), "%s/%s", root, name);
        write_all(path, body, unit_len);
        snprintf(path, sizeof(path), "%s/f@.%s.d", root, type);
        (void) mkdir(path, 0700);
        snprintf(path, sizeof(path), "%s/f@.%s.d/10-fuzz.conf", root, type);
        if (sep)
                write_all(path, sep + 6, size - (size_t) (sep + 6 - text));
        else
                (void) unlink(path);

        if (strv_extend(&search, root) < 0 || unit_loader_new(UNIT_SCOPE_SYSTEM, search, NULL, &l) < 0)
                abort();
        snprintf(name, sizeof(name), "f@i-n.st\\x2d.%s", type);
        if (unit_loader_load(l, name, &u) >= 0)
                unit_file_free(u);
        unit_loader_free(l);
        return 0;
}
