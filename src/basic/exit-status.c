/* SPDX-License-Identifier: MIT */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "exit-status.h"
#include "parse-util.h"
#include "string-util.h"

/* The names accepted in unit files (systemd.exec(5) lists them with an EXIT_ or EX_ prefix, which unit files
 * leave out). Note 231 is "APPARMOR", not "APPARMOR_PROFILE", as systemd 252 reads it. */
static const char *const exit_status_names[256] = {
        [0] = "SUCCESS",
        [1] = "FAILURE",

        [EXIT_INVALIDARGUMENT] = "INVALIDARGUMENT",
        [EXIT_NOTIMPLEMENTED] = "NOTIMPLEMENTED",
        [EXIT_NOPERMISSION] = "NOPERMISSION",
        [EXIT_NOTINSTALLED] = "NOTINSTALLED",
        [EXIT_NOTCONFIGURED] = "NOTCONFIGURED",
        [EXIT_NOTRUNNING] = "NOTRUNNING",

        /* BSD <sysexits.h> */
        [64] = "USAGE",
        [65] = "DATAERR",
        [66] = "NOINPUT",
        [67] = "NOUSER",
        [68] = "NOHOST",
        [69] = "UNAVAILABLE",
        [70] = "SOFTWARE",
        [71] = "OSERR",
        [72] = "OSFILE",
        [73] = "CANTCREAT",
        [74] = "IOERR",
        [75] = "TEMPFAIL",
        [76] = "PROTOCOL",
        [77] = "NOPERM",
        [78] = "CONFIG",

        [EXIT_CHDIR] = "CHDIR",
        [EXIT_NICE] = "NICE",
        [EXIT_FDS] = "FDS",
        [EXIT_EXEC] = "EXEC",
        [EXIT_MEMORY] = "MEMORY",
        [EXIT_LIMITS] = "LIMITS",
        [EXIT_OOM_ADJUST] = "OOM_ADJUST",
        [EXIT_SIGNAL_MASK] = "SIGNAL_MASK",
        [EXIT_STDIN] = "STDIN",
        [EXIT_STDOUT] = "STDOUT",
        [EXIT_CHROOT] = "CHROOT",
        [EXIT_IOPRIO] = "IOPRIO",
        [EXIT_TIMERSLACK] = "TIMERSLACK",
        [EXIT_SECUREBITS] = "SECUREBITS",
        [EXIT_SETSCHEDULER] = "SETSCHEDULER",
        [EXIT_CPUAFFINITY] = "CPUAFFINITY",
        [EXIT_GROUP] = "GROUP",
        [EXIT_USER] = "USER",
        [EXIT_CAPABILITIES] = "CAPABILITIES",
        [EXIT_CGROUP] = "CGROUP",
        [EXIT_SETSID] = "SETSID",
        [EXIT_CONFIRM] = "CONFIRM",
        [EXIT_STDERR] = "STDERR",
        [EXIT_PAM] = "PAM",
        [EXIT_NETWORK] = "NETWORK",
        [EXIT_NAMESPACE] = "NAMESPACE",
        [EXIT_NO_NEW_PRIVILEGES] = "NO_NEW_PRIVILEGES",
        [EXIT_SECCOMP] = "SECCOMP",
        [EXIT_SELINUX_CONTEXT] = "SELINUX_CONTEXT",
        [EXIT_PERSONALITY] = "PERSONALITY",
        [EXIT_APPARMOR_PROFILE] = "APPARMOR",
        [EXIT_ADDRESS_FAMILIES] = "ADDRESS_FAMILIES",
        [EXIT_RUNTIME_DIRECTORY] = "RUNTIME_DIRECTORY",
        [EXIT_CHOWN] = "CHOWN",
        [EXIT_SMACK_PROCESS_LABEL] = "SMACK_PROCESS_LABEL",
        [EXIT_KEYRING] = "KEYRING",
        [EXIT_STATE_DIRECTORY] = "STATE_DIRECTORY",
        [EXIT_CACHE_DIRECTORY] = "CACHE_DIRECTORY",
        [EXIT_LOGS_DIRECTORY] = "LOGS_DIRECTORY",
        [EXIT_CONFIGURATION_DIRECTORY] = "CONFIGURATION_DIRECTORY",
        [EXIT_NUMA_POLICY] = "NUMA_POLICY",
        [EXIT_CREDENTIALS] = "CREDENTIALS",
        [EXIT_BPF] = "BPF",
        [EXIT_EXCEPTION] = "EXCEPTION",
};

const char *exit_status_to_string(int status) {
        if (status < 0 || (size_t) status >= ELEMENTSOF(exit_status_names))
                return NULL;
        return exit_status_names[status];
}

int exit_status_from_string(const char *s) {
        uint8_t v;

        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(exit_status_names); i++)
                if (exit_status_names[i] && streq(exit_status_names[i], s))
                        return (int) i;
        if (safe_atou8(s, &v) < 0)
                return -EINVAL;
        return v;
}

static bool bit_test(const uint8_t *map, size_t n_bytes, int i) {
        if (i < 0 || (size_t) i / 8 >= n_bytes)
                return false;
        return map[i / 8] & (1U << (i % 8));
}

static void bit_set(uint8_t *map, int i) {
        map[i / 8] = (uint8_t) (map[i / 8] | (1U << (i % 8)));
}

void exit_status_set_reset(ExitStatusSet *set) {
        if (set)
                *set = (ExitStatusSet) {};
}

int exit_status_set_add_word(ExitStatusSet *set, const char *word) {
        int r;

        if (!set || !word)
                return -EINVAL;

        /* Exit codes first, so that numbers are exit codes, never signals. */
        r = exit_status_from_string(word);
        if (r >= 0) {
                bit_set(set->status, r);
                return 0;
        }

        r = signal_from_string(word);
        if (r < 0)
                return -EINVAL;
        bit_set(set->signal, r);
        return 0;
}

int exit_status_set_parse(ExitStatusSet *set, const char *rvalue, char **ret_bad_words) {
        _cleanup_free_ char *word = NULL, *bad = NULL;
        size_t n, n_bad = 0;
        const char *p;

        if (!set || !rvalue)
                return -EINVAL;

        if (rvalue[strspn(rvalue, WHITESPACE)] == '\0') {
                exit_status_set_reset(set);
                return 0;
        }

        /* A word is never longer than the value, and neither are the bad words joined by single spaces, as
         * every word needed at least one separator in the value. */
        n = strlen(rvalue);
        word = malloc(n + 1);
        bad = malloc(n + 1);
        if (!word || !bad)
                return -ENOMEM;

        for (p = rvalue;;) {
                size_t k = 0;
                bool broken = false;

                p += strspn(p, WHITESPACE);
                if (*p == '\0')
                        break;

                /* One word: up to whitespace, a backslash takes the next character literally. */
                while (*p != '\0' && !strchr(WHITESPACE, *p)) {
                        if (*p == '\\') {
                                if (p[1] == '\0') {
                                        /* A dangling backslash: systemd gives up on the rest of the line. */
                                        word[k++] = '\\';
                                        p++;
                                        broken = true;
                                        break;
                                }
                                p++;
                        }
                        word[k++] = *p++;
                }
                word[k] = '\0';

                if (broken || exit_status_set_add_word(set, word) < 0) {
                        if (n_bad > 0)
                                bad[n_bad++] = ' ';
                        memcpy(bad + n_bad, word, k);
                        n_bad += k;
                }
                if (broken)
                        break;
        }

        if (n_bad == 0)
                return 0;
        bad[n_bad] = '\0';
        if (ret_bad_words)
                *ret_bad_words = TAKE_PTR(bad);
        return -EINVAL;
}

bool exit_status_set_test(const ExitStatusSet *set, int code, int status) {
        if (!set)
                return false;
        if (code == CLD_EXITED)
                return bit_test(set->status, sizeof(set->status), status);
        if (IN_SET(code, CLD_KILLED, CLD_DUMPED))
                return bit_test(set->signal, sizeof(set->signal), status);
        return false;
}

bool exit_status_set_is_empty(const ExitStatusSet *set) {
        if (!set)
                return true;
        for (size_t i = 0; i < sizeof(set->status); i++)
                if (set->status[i])
                        return false;
        for (size_t i = 0; i < sizeof(set->signal); i++)
                if (set->signal[i])
                        return false;
        return true;
}

int exit_status_set_format(const ExitStatusSet *set, char **ret) {
        /* Worst case: every code ("255 ") and every signal name plus a space. */
        const size_t size = 256 * 4 + (size_t) _NSIG * SIGNAL_TO_STRING_MAX + 1;
        _cleanup_free_ char *s = NULL;
        size_t pos = 0;

        if (!set || !ret)
                return -EINVAL;

        s = malloc(size);
        if (!s)
                return -ENOMEM;
        s[0] = '\0';

        for (int i = 0; i < 256; i++)
                if (bit_test(set->status, sizeof(set->status), i))
                        pos += (size_t) snprintf(s + pos, size - pos, "%s%d", pos > 0 ? " " : "", i);

        for (int i = 1; i < _NSIG; i++) {
                char buf[SIGNAL_TO_STRING_MAX];
                const char *name;

                if (!bit_test(set->signal, sizeof(set->signal), i))
                        continue;
                name = signal_to_string_buf(i, buf, sizeof(buf));
                if (name)
                        pos += (size_t) snprintf(s + pos, size - pos, "%s%s", pos > 0 ? " " : "", name);
                else
                        pos += (size_t) snprintf(s + pos, size - pos, "%s%d", pos > 0 ? " " : "", i);
        }

        *ret = TAKE_PTR(s);
        return 0;
}
