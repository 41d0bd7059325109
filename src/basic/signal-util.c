/* SPDX-License-Identifier: MIT */
#include "parse-util.h"
#include "signal-util.h"
#include "string-util.h"

/* The classic signals by their Linux names. Aliases (SIGIOT, SIGPOLL, SIGCLD, SIGUNUSED) are not accepted,
 * as by systemd. */
static const char *const signal_names[] = {
        [SIGHUP] = "SIGHUP",       [SIGINT] = "SIGINT",       [SIGQUIT] = "SIGQUIT",
        [SIGILL] = "SIGILL",       [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
        [SIGBUS] = "SIGBUS",       [SIGFPE] = "SIGFPE",       [SIGKILL] = "SIGKILL",
        [SIGUSR1] = "SIGUSR1",     [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE",     [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
#ifdef SIGSTKFLT
        [SIGSTKFLT] = "SIGSTKFLT",
#endif
        [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",     [SIGSTOP] = "SIGSTOP",
        [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",     [SIGTTOU] = "SIGTTOU",
        [SIGURG] = "SIGURG",       [SIGXCPU] = "SIGXCPU",     [SIGXFSZ] = "SIGXFSZ",
        [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",     [SIGWINCH] = "SIGWINCH",
        [SIGIO] = "SIGIO",
#ifdef SIGPWR
        [SIGPWR] = "SIGPWR",
#endif
        [SIGSYS] = "SIGSYS",
};

int signal_from_string(const char *s) {
        const char *p, *n;
        int signo;

        if (!s)
                return -EINVAL;

        if (safe_atoi(s, &signo) >= 0)
                return SIGNAL_VALID(signo) ? signo : -EINVAL;

        p = startswith(s, "SIG") ?: s;

        for (size_t i = 0; i < ELEMENTSOF(signal_names); i++)
                if (signal_names[i] && streq(signal_names[i] + 3, p))
                        return (int) i;

        /* "RTMIN" or "RTMIN+n", 0 <= n <= SIGRTMAX - SIGRTMIN; the sign belongs to the number. The range is
         * checked before adding, so huge values cannot overflow. */
        n = startswith(p, "RTMIN");
        if (n) {
                if (*n == '\0')
                        return SIGRTMIN;
                if (*n != '+' || safe_atoi(n, &signo) < 0 || signo < 0 || signo > SIGRTMAX - SIGRTMIN)
                        return -EINVAL;
                return SIGRTMIN + signo;
        }

        /* "RTMAX" or "RTMAX-n", same range. */
        n = startswith(p, "RTMAX");
        if (n) {
                if (*n == '\0')
                        return SIGRTMAX;
                if (*n != '-' || safe_atoi(n, &signo) < 0 || signo > 0 || signo < SIGRTMIN - SIGRTMAX)
                        return -EINVAL;
                return SIGRTMAX + signo;
        }

        return -EINVAL;
}

const char *signal_to_string(int signo) {
        if (signo <= 0 || (size_t) signo >= ELEMENTSOF(signal_names))
                return NULL;
        return signal_names[signo];
}

const char *signal_to_string_buf(int signo, char *buf, size_t size) {
        const char *name = signal_to_string(signo);
        int k;

        if (!buf)
                return NULL;
        if (name)
                k = snprintf(buf, size, "%s", name);
        else if (signo >= SIGRTMIN && signo <= SIGRTMAX)
                k = snprintf(buf, size, "SIGRTMIN+%d", signo - SIGRTMIN);
        else
                return NULL;
        if (k < 0 || (size_t) k >= size)
                return NULL;
        return buf;
}
