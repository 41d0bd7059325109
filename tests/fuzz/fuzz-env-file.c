/* SPDX-License-Identifier: MIT */
/* Fuzz target for the EnvironmentFile= reader. */
#include <stddef.h>
#include <stdint.h>

#include "env-util.h"
#include "log.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        char **l = NULL;

        log_set_max_level(LOG_ERR);
        if (env_file_parse((const char *) data, size, "fuzz", &l) >= 0)
                strv_free(l);
        return 0;
}
