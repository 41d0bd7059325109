/* SPDX-License-Identifier: MIT */
/* MemoryPressure=, CPUPressure=, IOPressure=: Pressure Stall Information of the system or of a slice. */
#include <stdlib.h>

#include "condition-internal.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "string-util.h"
#include "unit-name.h"

/* "12%", "12.5%", "12.34%", "125‰", "1234‱" as hundredths of a percent (permyriad), at most 100%. */
static int parse_permyriad(const char *s) {
        static const struct {
                const char *symbol;
                unsigned decimals; /* digits allowed after '.' */
                int scale;         /* permyriad per unit */
        } forms[] = {
                { "‱", 0, 1 },
                { "‰", 1, 10 },
                { "%", 2, 100 },
        };

        for (size_t i = 0; i < ELEMENTSOF(forms); i++) {
                _cleanup_free_ char *whole = NULL;
                const char *end = endswith(s, forms[i].symbol), *dot;
                int v, frac = 0, r;

                if (!end && i + 1 < ELEMENTSOF(forms))
                        continue;
                if (!end)
                        return -EINVAL;
                dot = memchr(s, '.', end - s);
                if (dot && forms[i].decimals > 0) {
                        size_t nd = (size_t) (end - dot - 1);

                        if (nd == 0 || nd > forms[i].decimals)
                                return -EINVAL;
                        for (size_t j = 0; j < forms[i].decimals; j++) {
                                char c = j < nd ? dot[1 + j] : '0';

                                if (!cond_is_digit(c))
                                        return -EINVAL;
                                frac = frac * 10 + (c - '0');
                        }
                } else
                        dot = end;
                whole = strndup(s, dot - s);
                if (!whole)
                        return -ENOMEM;
                r = safe_atoi(whole, &v);
                if (r < 0)
                        return r;
                if (v < 0 || v > 10000)
                        return -ERANGE;
                v = v * forms[i].scale + frac;
                return v > 10000 ? -ERANGE : v;
        }
        return -EINVAL;
}

/* "avg10=1.23" as hundredths. */
static int parse_pressure_value(const char *line, const char *key, unsigned long *ret) {
        const char *v = strstr(line, key), *dot;
        unsigned long whole, frac;
        char *end;

        if (!v)
                return -EINVAL;
        v += strlen(key);
        errno = 0;
        whole = strtoul(v, &end, 10);
        if (errno != 0 || end == v || *end != '.' || whole > 10000)
                return -EINVAL;
        dot = end;
        errno = 0;
        frac = strtoul(dot + 1, &end, 10);
        if (errno != 0 || end != dot + 3)
                return -EINVAL;
        *ret = whole * 100 + frac;
        return 0;
}

/* The "some" or "full" line of a PSI file; -ENODATA without it. */
static int read_pressure(const char *path, const char *type, const char *avg, unsigned long *ret) {
        _cleanup_free_ char *text = NULL;
        int r;

        r = cond_read_file_bounded(path, 65536, false, &text, NULL);
        if (r < 0)
                return r;
        for (char *l = text; l && *l;) {
                char *nl = strchr(l, '\n');

                if (nl)
                        *nl = '\0';
                if (startswith(l, type) && l[strlen(type)] == ' ')
                        return parse_pressure_value(l, avg, ret);
                l = nl ? nl + 1 : NULL;
        }
        return -ENODATA;
}

/* "a-b.slice" -> "a.slice/a-b.slice" (cg_slice_to_path()). */
static int slice_to_path(const char *slice, char **ret) {
        _cleanup_free_ char *path = NULL, *prefix = NULL, *e = NULL;
        const char *dash;
        int r;

        if (streq(slice, "-.slice")) {
                *ret = strdup("");
                return *ret ? 0 : -ENOMEM;
        }
        if (!unit_name_is_valid(slice, UNIT_NAME_PLAIN) || !endswith(slice, ".slice"))
                return -EINVAL;
        prefix = strndup(slice, strlen(slice) - strlen(".slice"));
        if (!prefix)
                return -ENOMEM;
        if (prefix[0] == '-')
                return -EINVAL;
        path = strdup("");
        if (!path)
                return -ENOMEM;
        for (dash = strchr(prefix, '-'); dash; dash = strchr(dash + 1, '-')) {
                _cleanup_free_ char *part = NULL, *escaped = NULL;
                char *n;

                if (IN_SET(dash[1], '\0', '-'))
                        return -EINVAL;
                part = strndup(prefix, dash - prefix);
                if (!part)
                        return -ENOMEM;
                n = strjoin(part, ".slice");
                if (!n)
                        return -ENOMEM;
                free_and_replace_str(&part, n);
                if (!unit_name_is_valid(part, UNIT_NAME_PLAIN))
                        return -EINVAL;
                r = cond_cgroup_escape(part, &escaped);
                if (r < 0)
                        return r;
                n = strjoin(path, escaped, "/");
                if (!n)
                        return -ENOMEM;
                free_and_replace_str(&path, n);
        }
        r = cond_cgroup_escape(slice, &e);
        if (r < 0)
                return r;
        *ret = strjoin(path, e);
        return *ret ? 0 : -ENOMEM;
}

/* Our cgroup's parent if we are an "init.scope" (PID 1, user managers), else the top of the tree. */
static int manager_cgroup_root(char **ret) {
        _cleanup_free_ char *text = NULL;
        char *e;

        if (cond_root_read("/proc/self/cgroup", COND_READ_MAX, false, &text, NULL) < 0)
                goto top;
        for (char *l = text; l && *l;) {
                char *nl = strchr(l, '\n'), *p;

                if (nl)
                        *nl = '\0';
                p = startswith(l, "0::");
                if (p) {
                        e = endswith(p, "/init.scope");
                        if (!e)
                                break;
                        *ret = strndup(p, e - p);
                        return *ret ? 0 : -ENOMEM;
                }
                l = nl ? nl + 1 : NULL;
        }
top:
        *ret = strdup("");
        return *ret ? 0 : -ENOMEM;
}

/* "[SLICE:]PERCENT[/10sec|1min|5min]": the average pressure must not exceed the threshold. Holds when PSI
 * is unavailable. */
int cond_test_pressure(ConditionType type, const char *param) {
        static const char *const psi_files[] = {
                "/proc/pressure/cpu",
                "/proc/pressure/io",
                "/proc/pressure/memory",
        };
        const char *resource = type == CONDITION_MEMORY_PRESSURE ? "memory" :
                               type == CONDITION_CPU_PRESSURE    ? "cpu" :
                                                                   "io";
        _cleanup_free_ char *first = NULL, *second = NULL, *third = NULL, *fourth = NULL, *path = NULL;
        const char *p = param, *value, *avg = "avg300=", *pref;
        unsigned long have;
        int limit, r;

        for (size_t i = 0; i < ELEMENTSOF(psi_files); i++) {
                _cleanup_free_ char *s = NULL;

                r = cond_root_read(psi_files[i], 65536, true, &s, NULL);
                if (IN_SET(r, -ENOENT, -EOPNOTSUPP)) {
                        log_debug("Pressure Stall Information (PSI) is not supported, assuming the condition holds.");
                        return true;
                }
        }

        r = extract_first_word(&p, &first, ":", 0);
        if (r <= 0)
                return r < 0 ? r : -EINVAL;
        r = extract_first_word(&p, &second, ":", 0);
        if (r < 0)
                return r;
        if (r == 0) {
                /* The system-wide "full" line of cpu is defined as zero: use "some" there. */
                pref = type == CONDITION_CPU_PRESSURE ? "some" : "full";
                path = strjoin(strempty(condition_root), "/proc/pressure/", resource);
                if (!path)
                        return -ENOMEM;
                value = first;
        } else {
                _cleanup_free_ char *slice_path = NULL, *top = NULL, *file = NULL;
                unsigned mask, want = type == CONDITION_MEMORY_PRESSURE ? CG_MEMORY :
                                      type == CONDITION_CPU_PRESSURE    ? CG_CPU :
                                                                          CG_IO;

                pref = "full";
                r = cond_cgroup_unified();
                if (r < 0)
                        return r;
                if (r == 0) {
                        log_debug("PSI of a slice needs the unified cgroup hierarchy, assuming the condition holds.");
                        return true;
                }
                r = cond_cgroup_supported_mask(&mask);
                if (r < 0)
                        return r;
                if (!(mask & want)) {
                        log_debug("cgroup controller %s not available, assuming the condition holds.", resource);
                        return true;
                }
                r = slice_to_path(strstrip(first), &slice_path);
                if (r < 0)
                        return r;
                r = manager_cgroup_root(&top);
                if (r < 0)
                        return r;
                file = strjoin(resource, ".pressure");
                if (!file)
                        return -ENOMEM;
                path = strjoin(strempty(condition_root), "/sys/fs/cgroup", top, "/", slice_path,
                               isempty(slice_path) ? "" : "/", file);
                if (!path)
                        return -ENOMEM;
                value = second;
        }

        r = extract_first_word(&value, &third, "/", 0);
        if (r <= 0)
                return r < 0 ? r : -EINVAL;
        r = extract_first_word(&value, &fourth, "/", 0);
        if (r < 0)
                return r;
        if (r > 0) {
                const char *span = skip_leading_whitespace(fourth);

                if (startswith(span, "10sec"))
                        avg = "avg10=";
                else if (startswith(span, "1min"))
                        avg = "avg60=";
                else if (startswith(span, "5min"))
                        avg = "avg300=";
                else
                        return -EINVAL;
        }
        limit = parse_permyriad(strstrip(third));
        if (limit < 0)
                return limit;

        r = read_pressure(path, pref, avg, &have);
        if (r == -ENODATA && streq(pref, "full"))
                r = read_pressure(path, "some", avg, &have);
        if (r == -ENOENT) {
                log_debug("%s not found, assuming the condition holds.", path);
                return true;
        }
        if (r < 0)
                return r;
        return have <= (unsigned long) limit;
}
