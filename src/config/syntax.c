/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

#include "fileio.h"
#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "syntax.h"

#define COMMENTS "#;"

typedef struct Parser {
        const char *filename;
        const char *const *sections;
        SyntaxAssignmentFn fn;
        void *userdata;
        char *section;          /* current section, NULL before the first header */
        bool section_ignored;   /* unknown or X- section: skip its assignments */
} Parser;

static bool section_is_known(const Parser *p, const char *name) {
        for (size_t i = 0; p->sections && p->sections[i]; i++)
                if (streq(p->sections[i], name))
                        return true;
        return false;
}

/* One logical line, already joined and NUL-terminated, modifiable. */
static int parse_logical_line(Parser *p, unsigned line, char *l) {
        char *e, *key, *value;

        l = strstrip(l);
        if (*l == '\0')
                return 0;
        if (strchr(COMMENTS, *l))
                return 0;

        if (*l == '[') {
                size_t k = strlen(l);
                char *n;

                if (l[k - 1] != ']') {
                        log_syntax(NULL, LOG_ERR, p->filename, line, EBADMSG, "Invalid section header '%s'", l);
                        return -EBADMSG;
                }
                n = strndup(l + 1, k - 2);
                if (!n)
                        return log_oom();
                if (string_has_cc(n, NULL) || strchr(n, '[') || strchr(n, ']')) {
                        log_syntax(NULL, LOG_ERR, p->filename, line, EBADMSG, "Bad characters in section header '%s'", l);
                        free(n);
                        return -EBADMSG;
                }
                free(p->section);
                p->section = n;
                p->section_ignored = false;
                if (!section_is_known(p, n)) {
                        p->section_ignored = true;
                        if (!startswith(n, "X-"))
                                log_syntax(NULL, LOG_WARNING, p->filename, line, 0, "Unknown section '%s'. Ignoring.", n);
                }
                return 0;
        }

        if (!p->section) {
                log_syntax(NULL, LOG_WARNING, p->filename, line, 0, "Assignment outside of section. Ignoring.");
                return 0;
        }
        if (p->section_ignored)
                return 0;

        e = strchr(l, '=');
        if (!e) {
                log_syntax(NULL, LOG_WARNING, p->filename, line, 0, "Missing '=', ignoring line.");
                return 0;
        }
        if (e == l) {
                log_syntax(NULL, LOG_WARNING, p->filename, line, 0, "Missing key name before '=', ignoring line.");
                return 0;
        }
        *e = '\0';
        key = strstrip(l);
        value = strstrip(e + 1);
        if (*key == '\0') {
                log_syntax(NULL, LOG_WARNING, p->filename, line, 0, "Missing key name before '=', ignoring line.");
                return 0;
        }
        return p->fn(p->filename, line, p->section, key, value, p->userdata);
}

/* True when the line ends in an odd number of backslashes, i.e. the last one is not itself escaped. */
static bool ends_in_continuation(const char *l, size_t n) {
        size_t k = 0;

        while (k < n && l[n - 1 - k] == '\\')
                k++;
        return k % 2 == 1;
}

int syntax_parse(const char *filename, const char *text, size_t size, const char *const *sections,
                 SyntaxAssignmentFn fn, void *userdata) {
        Parser p = { .filename = filename, .sections = sections, .fn = fn, .userdata = userdata };
        _cleanup_free_ char *cont = NULL, *buf = NULL;
        size_t cont_len = 0, pos = 0, buf_alloc = 0;
        unsigned line = 0;
        bool bom_done = false;
        int r = 0;

        while (pos < size) {
                size_t start = pos, n;
                const char *l;

                /* A physical line ends at LF, CR, CRLF or NUL. */
                while (pos < size && !IN_SET(text[pos], '\n', '\r', '\0'))
                        pos++;
                n = pos - start;
                if (pos < size) {
                        if (text[pos] == '\r' && pos + 1 < size && text[pos + 1] == '\n')
                                pos++;
                        pos++;
                }
                line++;

                if (n > SYNTAX_LINE_MAX) {
                        log_syntax(NULL, LOG_ERR, filename, line, ENOBUFS, "Line too long.");
                        r = -EBADMSG;
                        goto finish;
                }
                l = text + start;

                /* Comment lines are skipped, also inside a continuation. */
                {
                        size_t ws = 0;
                        while (ws < n && strchr(WHITESPACE, l[ws]))
                                ws++;
                        if (ws < n && strchr(COMMENTS, l[ws]))
                                continue;
                }

                /* A UTF-8 byte order mark is dropped from the first line that starts with one, once (what
                 * systemd does; normally that is the first line of the file). */
                if (!bom_done && n >= 3 && memcmp(l, "\xef\xbb\xbf", 3) == 0) {
                        l += 3;
                        n -= 3;
                        bom_done = true;
                }

                if (cont_len > 0 && cont_len + n > SYNTAX_LINE_MAX) {
                        log_syntax(NULL, LOG_ERR, filename, line, ENOBUFS, "Continuation line too long.");
                        r = -EBADMSG;
                        goto finish;
                }

                if (ends_in_continuation(l, n)) {
                        /* Keep collecting; the backslash becomes a space. */
                        char *c = realloc(cont, cont_len + n + 1);
                        if (!c) {
                                r = log_oom();
                                goto finish;
                        }
                        cont = c;
                        memcpy(cont + cont_len, l, n - 1);
                        cont[cont_len + n - 1] = ' ';
                        cont_len += n;
                        cont[cont_len] = '\0';
                        continue;
                }

                if (buf_alloc < cont_len + n + 1) {
                        char *b = realloc(buf, cont_len + n + 1);
                        if (!b) {
                                r = log_oom();
                                goto finish;
                        }
                        buf = b;
                        buf_alloc = cont_len + n + 1;
                }
                if (cont_len > 0)
                        memcpy(buf, cont, cont_len);
                memcpy(buf + cont_len, l, n);
                buf[cont_len + n] = '\0';
                cont = mfree_ptr(cont);
                cont_len = 0;

                r = parse_logical_line(&p, line, buf);
                if (r < 0)
                        goto finish;
        }

        /* A file ending in a continuation: the collected text is the last line; systemd counts the end of
         * the file as one more line, and so do we, so that diagnostics name the same line. */
        if (cont) {
                r = parse_logical_line(&p, line + 1, cont);
                if (r < 0)
                        goto finish;
        }
        r = 0;

finish:
        free(p.section);
        return r;
}

int read_full_file(const char *path, char **ret_text, size_t *ret_size) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
                return -EBADFD;
        if (S_ISREG(st.st_mode) && (uint64_t) st.st_size > SYNTAX_FILE_MAX)
                return -EFBIG;

        return read_fd_bounded(fd, SYNTAX_FILE_MAX, false, S_ISREG(st.st_mode) ? (size_t) st.st_size : 0, ret_text,
                               ret_size);
}
