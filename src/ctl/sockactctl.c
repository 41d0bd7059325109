/* SPDX-License-Identifier: MIT */
#include <getopt.h>

#include "log.h"

static int help(void) {
        printf("Usage: sockactctl [OPTIONS...] COMMAND ...\n");
        return 0;
}

int main(int argc, char *argv[]) {
        (void) argc;
        (void) argv;
        return help();
}
