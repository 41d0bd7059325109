/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdarg.h>

#include "escape.h"
#include "exec-command.h"
#include "extract-word.h"
#include "string-util.h"
#include "strv.h"

ExecCommand *exec_command_free_list(ExecCommand *c) {
        while (c) {
                ExecCommand *n = c->next;

                free(c->path);
                strv_free(c->argv);
                free(c);
                c = n;
        }
        return NULL;
}

int exec_command_append_list(ExecCommand **l, ExecCommand *c) {
        ExecCommand **t;

        if (!l)
                return -EINVAL;
        for (t = l; *t; t = &(*t)->next)
                ;
        *t = c;
        return 0;
}

/* systemd's string_is_safe(): no control characters, quotes or backslashes. */
static bool exec_path_is_safe(const char *p) {
        for (const unsigned char *t = (const unsigned char *) p; *t; t++)
                if (*t < ' ' || *t == 127 || strchr("\"'\\", *t))
                        return false;
        return true;
}

/* systemd's path_is_valid(): not empty, shorter than PATH_MAX, no component longer than NAME_MAX. */
static bool exec_path_is_valid(const char *p) {
        size_t n = strlen(p);

        if (n == 0 || n >= PATH_MAX)
                return false;
        for (const char *c = p; *c;) {
                size_t k;

                c += strspn(c, "/");
                k = strcspn(c, "/");
                if (k > NAME_MAX)
                        return false;
                c += k;
        }
        return true;
}

/* systemd's filename_is_valid(). */
static bool exec_filename_is_valid(const char *p) {
        if (isempty(p) || streq(p, ".") || streq(p, ".."))
                return false;
        if (strchr(p, '/'))
                return false;
        return strlen(p) <= NAME_MAX;
}

/* Drop repeated slashes and "." components of an absolute path, in place; ".." stays. */
static void exec_path_simplify(char *path) {
        char *w = path + 1;
        const char *c = path + 1;

        if (path[0] != '/')
                return;

        while (*c) {
                size_t k;

                c += strspn(c, "/");
                k = strcspn(c, "/");
                if (k == 0 || (k == 1 && c[0] == '.')) {
                        c += k;
                        continue;
                }
                if (w > path + 1)
                        *(w++) = '/';
                memmove(w, c, k);
                w += k;
                c += k;
        }
        *w = '\0';
}

/* Quote values put into messages: control characters (a newline would split our one-message-per-line
 * output) become C escapes, everything else stays as systemd prints it. */
static char *escape_cc(const char *s) {
        size_t n = strlen(s);
        char *r, *t;

        if (n > (SIZE_MAX - 1) / 4)
                return NULL;
        r = malloc(n * 4 + 1);
        if (!r)
                return NULL;
        t = r;
        for (; *s; s++) {
                unsigned char c = (unsigned char) *s;

                if (c >= ' ' && c != 127) {
                        *(t++) = (char) c;
                        continue;
                }
                *(t++) = '\\';
                switch (c) {
                case '\n':
                        *(t++) = 'n';
                        break;
                case '\t':
                        *(t++) = 't';
                        break;
                case '\r':
                        *(t++) = 'r';
                        break;
                default:
                        *(t++) = 'x';
                        *(t++) = "0123456789abcdef"[c >> 4];
                        *(t++) = "0123456789abcdef"[c & 15];
                }
        }
        *t = '\0';
        return r;
}

_printf_(2, 3) static int add_msg(WordList *msgs, const char *format, ...) {
        va_list ap;
        char *m;
        int r;

        va_start(ap, format);
        r = vasprintf(&m, format, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return wordlist_consume(msgs, m);
}

static int expand_word(ExecExpandFn expand, void *userdata, const char *in, char **ret) {
        char *out = NULL;
        int r;

        if (!expand) {
                out = strdup(in);
                if (!out)
                        return -ENOMEM;
                *ret = out;
                return 0;
        }

        r = expand(in, userdata, &out);
        if (r < 0)
                return r;
        if (!out)
                return -ENOMEM;
        *ret = out;
        return 0;
}

/* Consume the prefix characters at the start of *f. */
static ExecCommandFlags parse_prefixes(const char **f, bool *ret_separate_argv0) {
        const ExecCommandFlags priv = EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID |
                                      EXEC_COMMAND_AMBIENT_MAGIC;
        ExecCommandFlags flags = 0;
        bool separate_argv0 = false;

        for (;; (*f)++) {
                char c = **f;

                if (c == '-' && !(flags & EXEC_COMMAND_IGNORE_FAILURE))
                        flags |= EXEC_COMMAND_IGNORE_FAILURE;
                else if (c == '@' && !separate_argv0)
                        separate_argv0 = true;
                else if (c == ':' && !(flags & EXEC_COMMAND_NO_ENV_EXPAND))
                        flags |= EXEC_COMMAND_NO_ENV_EXPAND;
                else if (c == '+' && !(flags & priv))
                        flags |= EXEC_COMMAND_FULLY_PRIVILEGED;
                else if (c == '!' && !(flags & priv))
                        flags |= EXEC_COMMAND_NO_SETUID;
                else if (c == '!' && (flags & EXEC_COMMAND_NO_SETUID))
                        /* The second '!' of "!!", wherever it comes among the prefixes. */
                        flags = (flags & ~EXEC_COMMAND_NO_SETUID) | EXEC_COMMAND_AMBIENT_MAGIC;
                else
                        break;
        }

        *ret_separate_argv0 = separate_argv0;
        return flags;
}

/* Why the executable is unacceptable, in systemd's words, or NULL. */
static const char *check_path(const char *path) {
        if (isempty(path))
                return "Empty path in command line";
        if (!exec_path_is_safe(path))
                return "Executable name contains special characters";
        if (endswith(path, "/"))
                return "Executable path specifies a directory";
        if (path[0] == '/' ? !exec_path_is_valid(path) : !exec_filename_is_valid(path))
                return "Neither a valid executable name nor an absolute path";
        return NULL;
}

static const char *strerror_neg(int r) {
        return strerror(r < 0 ? -r : r);
}

int exec_command_parse(const char *rvalue, ExecExpandFn expand, void *userdata, ExecCommand **ret_list,
                       char **ret_error) {
        _cleanup_(exec_command_free_listp) ExecCommand *list = NULL;
        _cleanup_(wordlist_done) WordList msgs = {};
        ExecCommand **tail = &list;
        const char *p, *cmd_start;
        int r, fatal = 0;

        if (!ret_list)
                return -EINVAL;

        if (isempty(rvalue)) {
                *ret_list = NULL;
                if (ret_error)
                        *ret_error = NULL;
                return 0;
        }

        p = cmd_start = rvalue;
        for (;;) {
                _cleanup_free_ char *firstword = NULL, *path = NULL;
                _cleanup_(wordlist_done) WordList argv = {};
                ExecCommandFlags flags;
                bool separate_argv0, semicolon = false;
                const char *f, *why, *ign;
                ExecCommand *c;

                r = extract_first_word_lenient(&p, &firstword, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r == -EINVAL) {
                        /* systemd logs this at error level but carries on without the rest of the line. */
                        _cleanup_free_ char *e = escape_cc(cmd_start);

                        if (!e || add_msg(&msgs, "Unbalanced quoting, ignoring: \"%s\"", e) < 0)
                                return -ENOMEM;
                        break;
                }
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                if (r == 2) {
                        _cleanup_free_ char *e = escape_cc(firstword);

                        if (!e || add_msg(&msgs, "Ignoring unknown escape sequences: \"%s\"", e) < 0)
                                return -ENOMEM;
                }

                /* A lone ";" (also quoted) where a command would start is skipped. */
                if (streq(firstword, ";"))
                        continue;

                f = firstword;
                flags = parse_prefixes(&f, &separate_argv0);
                ign = (flags & EXEC_COMMAND_IGNORE_FAILURE) ? ", ignoring" : "";

                r = expand_word(expand, userdata, f, &path);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        _cleanup_free_ char *e = escape_cc(f);

                        if (!e || add_msg(&msgs, "Failed to resolve unit specifiers in '%s'%s: %s", e, ign,
                                          strerror_neg(r)) < 0)
                                return -ENOMEM;
                        fatal = r;
                        goto failed;
                }

                why = check_path(path);
                if (why) {
                        /* The empty-path message quotes the whole line, the others the path. */
                        _cleanup_free_ char *e = escape_cc(isempty(path) ? cmd_start : path);

                        if (!e || add_msg(&msgs, isempty(path) ? "%s%s: '%s'" : "%s%s: %s", why, ign, e) < 0)
                                return -ENOMEM;
                        fatal = -EINVAL;
                        goto failed;
                }

                if (!separate_argv0) {
                        r = wordlist_consume(&argv, strdup(path));
                        if (r < 0)
                                return r;
                }
                exec_path_simplify(path);

                while (!isempty(p)) {
                        _cleanup_free_ char *word = NULL, *resolved = NULL;

                        /* An unquoted lone ";" ends this command. */
                        if (p[0] == ';' && (p[1] == '\0' || strchr(WHITESPACE, p[1]))) {
                                p++;
                                p += strspn(p, WHITESPACE);
                                semicolon = true;
                                break;
                        }

                        /* An unquoted lone "\;" is a literal ";" (checked on the raw text: extract_first_word
                         * would return ";" for "\;", "';'" and "\x3b" alike). */
                        if (p[0] == '\\' && p[1] == ';' && (p[2] == '\0' || strchr(WHITESPACE, p[2]))) {
                                p += 2;
                                p += strspn(p, WHITESPACE);
                                r = wordlist_consume(&argv, strdup(";"));
                                if (r < 0)
                                        return r;
                                continue;
                        }

                        r = extract_first_word_lenient(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                        if (r == 0)
                                break;
                        if (r == -EINVAL) {
                                _cleanup_free_ char *e = escape_cc(cmd_start);

                                if (!e || add_msg(&msgs, "Unbalanced quoting, ignoring: \"%s\"", e) < 0)
                                        return -ENOMEM;
                                fatal = -EINVAL;
                                goto failed;
                        }
                        if (r < 0)
                                return r;
                        if (r == 2) {
                                _cleanup_free_ char *e = escape_cc(word);

                                if (!e || add_msg(&msgs, "Ignoring unknown escape sequences: \"%s\"", e) < 0)
                                        return -ENOMEM;
                        }

                        r = expand_word(expand, userdata, word, &resolved);
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0) {
                                _cleanup_free_ char *e = escape_cc(word);

                                if (!e || add_msg(&msgs, "Failed to resolve unit specifiers in %s%s: %s", e,
                                                  ign, strerror_neg(r)) < 0)
                                        return -ENOMEM;
                                fatal = r;
                                goto failed;
                        }

                        r = wordlist_consume(&argv, TAKE_PTR(resolved));
                        if (r < 0)
                                return r;
                }

                if (argv.n == 0) {
                        _cleanup_free_ char *e = escape_cc(cmd_start);

                        if (!e ||
                            add_msg(&msgs, "Empty executable name or zeroeth argument%s: %s", ign, e) < 0)
                                return -ENOMEM;
                        fatal = -EINVAL;
                        goto failed;
                }

                c = calloc(1, sizeof(ExecCommand));
                if (!c)
                        return -ENOMEM;
                c->argv = wordlist_steal(&argv);
                if (!c->argv) {
                        free(c);
                        return -ENOMEM;
                }
                c->path = TAKE_PTR(path);
                c->flags = flags;
                *tail = c;
                tail = &c->next;

                cmd_start = p;
                if (!semicolon)
                        break;
                continue;

        failed:
                /* With '-' systemd drops this command and the rest of the line and keeps the unit. */
                if (flags & EXEC_COMMAND_IGNORE_FAILURE)
                        fatal = 0;
                break;
        }

        if (fatal < 0 || msgs.n > 0) {
                if (ret_error) {
                        _cleanup_strv_free_ char **m = wordlist_steal(&msgs);
                        char *j;

                        if (!m)
                                return -ENOMEM;
                        j = strv_join(m, "\n");
                        if (!j)
                                return -ENOMEM;
                        *ret_error = j;
                }
                if (fatal < 0)
                        return fatal;
                *ret_list = TAKE_PTR(list);
                return 1;
        }

        *ret_list = TAKE_PTR(list);
        if (ret_error)
                *ret_error = NULL;
        return 0;
}

int exec_command_format(const ExecCommand *c, char **ret) {
        _cleanup_free_ char *result = NULL;
        char prefix[8], *t = prefix;
        bool need_at;

        if (!c || !ret || isempty(c->path) || !c->argv || !c->argv[0])
                return -EINVAL;

        if (c->flags & EXEC_COMMAND_IGNORE_FAILURE)
                *(t++) = '-';
        if (c->flags & EXEC_COMMAND_NO_ENV_EXPAND)
                *(t++) = ':';
        if (c->flags & EXEC_COMMAND_FULLY_PRIVILEGED)
                *(t++) = '+';
        else if (c->flags & EXEC_COMMAND_AMBIENT_MAGIC) {
                *(t++) = '!';
                *(t++) = '!';
        } else if (c->flags & EXEC_COMMAND_NO_SETUID)
                *(t++) = '!';

        /* '@' when argv[0] differs from the path, and where a re-parse would misread the path: a leading
         * '@' would be taken as the prefix, a lone ";" as a separator. */
        need_at = !streq(c->argv[0], c->path) || c->path[0] == '@' || (t == prefix && streq(c->path, ";"));
        if (need_at)
                *(t++) = '@';
        *t = '\0';

        for (size_t i = 0; c->argv[i]; i++) {
                _cleanup_free_ char *q = NULL;
                const char *w;
                char *n;

                if (i == 0) {
                        /* "/." passes the checks and simplifies to "/", which would not. */
                        _cleanup_free_ char *qp = quote_command_word(streq(c->path, "/") ? "/." : c->path);

                        if (!qp)
                                return -ENOMEM;
                        result = strjoin(prefix, qp);
                        if (!result)
                                return -ENOMEM;
                        if (!need_at)
                                continue;
                }

                w = c->argv[i];
                q = quote_command_word(w);
                if (!q)
                        return -ENOMEM;
                n = strjoin(result, " ", q);
                if (!n)
                        return -ENOMEM;
                free_and_replace_str(&result, n);
        }

        *ret = TAKE_PTR(result);
        return 0;
}
