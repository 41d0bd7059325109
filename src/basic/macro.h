/* SPDX-License-Identifier: MIT */
#pragma once

/* Small helpers used everywhere: cleanup attributes, ownership transfer, set membership. */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((__cleanup__(f)))
#define _unused_ __attribute__((__unused__))
#define _printf_(a, b) __attribute__((__format__(printf, a, b)))
#define _pure_ __attribute__((__pure__))
#define _const_ __attribute__((__const__))
#define _noreturn_ __attribute__((__noreturn__))
#define _sentinel_ __attribute__((__sentinel__))
#define _warn_unused_result_ __attribute__((__warn_unused_result__))
#define _fallthrough_ __attribute__((__fallthrough__))
#define _likely_(x) (__builtin_expect(!!(x), 1))
#define _unlikely_(x) (__builtin_expect(!!(x), 0))

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

#define MIN(a, b)                                                                                                 \
        __extension__({                                                                                          \
                const __typeof__(a) _a = (a);                                                                    \
                const __typeof__(b) _b = (b);                                                                    \
                _a < _b ? _a : _b;                                                                               \
        })
#define MAX(a, b)                                                                                                 \
        __extension__({                                                                                          \
                const __typeof__(a) _a = (a);                                                                    \
                const __typeof__(b) _b = (b);                                                                    \
                _a > _b ? _a : _b;                                                                               \
        })

/* Hand ownership of a pointer or fd to the caller, leaving the cleanup variable empty. */
#define TAKE_PTR(p)                                                                                               \
        __extension__({                                                                                          \
                __typeof__(p) _p = (p);                                                                          \
                (p) = NULL;                                                                                      \
                _p;                                                                                              \
        })
#define TAKE_FD(fd)                                                                                               \
        __extension__({                                                                                          \
                int _fd = (fd);                                                                                  \
                (fd) = -EBADF;                                                                                   \
                _fd;                                                                                             \
        })

static inline void freep(void *p) {
        free(*(void **) p);
}
#define _cleanup_free_ _cleanup_(freep)

static inline int safe_close(int fd) {
        if (fd >= 0) {
                int saved = errno;
                (void) close(fd);
                errno = saved;
        }
        return -EBADF;
}
static inline void closep(int *fd) {
        *fd = safe_close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

static inline void fclosep(FILE **f) {
        if (*f)
                (void) fclose(*f);
}
#define _cleanup_fclose_ _cleanup_(fclosep)

/* Define a "typep(type **p)" cleanup helper that calls func(*p) when *p is non-NULL. */
#define DEFINE_TRIVIAL_CLEANUP_FUNC(type, func)                                                                   \
        static inline void func##p(type *p) {                                                                    \
                if (*p)                                                                                          \
                        func(*p);                                                                                \
        }

#define streq(a, b) (strcmp((a), (b)) == 0)
#define strneq(a, b, n) (strncmp((a), (b), (n)) == 0)
#define strcaseeq(a, b) (strcasecmp((a), (b)) == 0)

static inline bool streq_ptr(const char *a, const char *b) {
        if (!a || !b)
                return a == b;
        return streq(a, b);
}

static inline bool isempty(const char *s) {
        return !s || s[0] == '\0';
}

static inline const char *strempty(const char *s) {
        return s ?: "";
}

static inline const char *strna(const char *s) {
        return s ?: "n/a";
}

/* IN_SET(x, a, b, c): x equals one of the (integer) values. */
#define IN_SET(x, first, ...)                                                                                     \
        __extension__({                                                                                          \
                const __typeof__(first) _set[] = { first, __VA_ARGS__ };                                         \
                const __typeof__(first) _x = (x);                                                                \
                bool _found = false;                                                                             \
                for (size_t _i = 0; _i < ELEMENTSOF(_set); _i++)                                                 \
                        if (_set[_i] == _x) {                                                                    \
                                _found = true;                                                                   \
                                break;                                                                           \
                        }                                                                                        \
                _found;                                                                                          \
        })

/* STR_IN_SET(s, "a", "b"): s equals one of the strings. */
#define STR_IN_SET(s, ...)                                                                                        \
        __extension__({                                                                                          \
                const char *const _sset[] = { __VA_ARGS__ };                                                     \
                const char *_s = (s);                                                                            \
                bool _sfound = false;                                                                            \
                for (size_t _i = 0; _s && _i < ELEMENTSOF(_sset); _i++)                                          \
                        if (streq(_sset[_i], _s)) {                                                              \
                                _sfound = true;                                                                  \
                                break;                                                                           \
                        }                                                                                        \
                _sfound;                                                                                         \
        })

/* The value of errno as a negative return code; never 0. */
static inline int negative_errno(void) {
        return errno > 0 ? -errno : -EINVAL;
}

/* Run a libc call returning -1/errno and convert to the -errno convention. */
#define RET_NERRNO(expr)                                                                                          \
        __extension__({                                                                                          \
                int _r = (expr);                                                                                 \
                _r < 0 ? negative_errno() : _r;                                                                  \
        })

#define assert_return(expr, r)                                                                                    \
        do {                                                                                                     \
                if (_unlikely_(!(expr)))                                                                         \
                        return (r);                                                                              \
        } while (0)

/* Generate "name_to_string()" and "name_from_string()" for an enum backed by a string table. */
#define DEFINE_STRING_TABLE_LOOKUP(name, type)                                                                    \
        const char *name##_to_string(type i) {                                                                   \
                if ((size_t) i >= ELEMENTSOF(name##_table))                                                      \
                        return NULL;                                                                             \
                return name##_table[i];                                                                          \
        }                                                                                                        \
        type name##_from_string(const char *s) {                                                                 \
                if (!s)                                                                                          \
                        return (type) - EINVAL;                                                                  \
                for (size_t i = 0; i < ELEMENTSOF(name##_table); i++)                                            \
                        if (name##_table[i] && streq(name##_table[i], s))                                        \
                                return (type) i;                                                                 \
                return (type) - EINVAL;                                                                          \
        }

#define DECLARE_STRING_TABLE_LOOKUP(name, type)                                                                   \
        const char *name##_to_string(type i) _const_;                                                            \
        type name##_from_string(const char *s) _pure_

static inline void *mfree_ptr(void *p) {
        free(p);
        return NULL;
}
