/* SPDX-License-Identifier: MIT */
/* Parsers for standard input and output (StandardInput=, StandardOutput=, StandardError=,
 * StandardInputText=, StandardInputData=), shared by [Socket] and [Service]. */
#include "directive-parsers.h"
#include "escape.h"
#include "log.h"
#include "string-util.h"
#include "utf8.h"

/* $LISTEN_FDNAMES rules: printable ASCII, no ':', at most 255 characters. */
static bool fdname_is_valid(const char *s) {
        if (isempty(s) || strlen(s) > 255)
                return false;
        for (const char *c = s; *c; c++)
                if (*c < ' ' || *c >= 127 || *c == ':')
                        return false;
        return true;
}

static bool stdio_path_is_valid(const char *s) {
        return s[0] == '/' && strlen(s) < 4096 && utf8_is_valid(s) && !string_has_cc(s, NULL);
}

CONFIG_PARSER(config_parse_exec_input) {
        ExecContext *c = (ExecContext *) ((char *) data - offsetof(ExecContext, std_input));
        const char *n;
        ExecInput i;

        if (streq(rvalue, "fd") || streq(rvalue, "fd:")) {
                n = "stdin"; /* systemd: a bare "fd" means the fd named after the stream */
                i = EXEC_INPUT_NAMED_FD;
        } else if ((n = startswith(rvalue, "fd:"))) {
                if (!fdname_is_valid(n))
                        return config_bad_value(ctx, filename, line, EINVAL, "Invalid file descriptor name, ignoring: %s",
                                                EXCERPT(n));
                i = EXEC_INPUT_NAMED_FD;
        } else if ((n = startswith(rvalue, "file:"))) {
                if (!stdio_path_is_valid(n))
                        return config_bad_value(ctx, filename, line, EINVAL, "File path %s is not absolute, ignoring.",
                                                EXCERPT(n));
                i = EXEC_INPUT_FILE;
        } else {
                i = exec_input_from_string(rvalue);
                if (i < 0 || IN_SET(i, EXEC_INPUT_NAMED_FD, EXEC_INPUT_FILE))
                        return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse input specifier, ignoring: %s",
                                                EXCERPT(rvalue));
        }
        if (free_and_strdup(&c->stdio_file[0], n) < 0)
                return log_oom();
        c->std_input = i;
        c->std_input_set = true;
        return 0;
}

CONFIG_DUMPER(config_dump_exec_input) {
        const ExecContext *c = (const ExecContext *) ((const char *) data - offsetof(ExecContext, std_input));

        if (c->std_input == EXEC_INPUT_FILE)
                fprintf(f, "%s=file:%s\n", lvalue, c->stdio_file[0]);
        else if (c->std_input == EXEC_INPUT_NAMED_FD)
                fprintf(f, "%s=fd:%s\n", lvalue, c->stdio_file[0]);
        else
                fprintf(f, "%s=%s\n", lvalue, strna(exec_input_to_string(c->std_input)));
}

CONFIG_PARSER(config_parse_exec_output) {
        ExecOutput *o = data;
        ExecContext *c = (ExecContext *) ((char *) data - (ltype == EXEC_STDERR ? offsetof(ExecContext, std_error)
                                                                                : offsetof(ExecContext, std_output)));
        static const struct {
                const char *prefix;
                ExecOutput output;
        } prefixes[] = {
                { "fd:", EXEC_OUTPUT_NAMED_FD },
                { "file:", EXEC_OUTPUT_FILE },
                { "append:", EXEC_OUTPUT_FILE_APPEND },
                { "truncate:", EXEC_OUTPUT_FILE_TRUNCATE },
        };
        const char *n = NULL;
        ExecOutput v = _EXEC_OUTPUT_INVALID;

        for (size_t i = 0; i < ELEMENTSOF(prefixes); i++)
                if ((n = startswith(rvalue, prefixes[i].prefix))) {
                        v = prefixes[i].output;
                        break;
                }
        if (streq(rvalue, "fd") || streq(rvalue, "fd:")) {
                n = ltype == EXEC_STDERR ? "stderr" : "stdout"; /* a bare "fd" names the stream itself */
                v = EXEC_OUTPUT_NAMED_FD;
        } else if (n) {
                if (v == EXEC_OUTPUT_NAMED_FD ? !fdname_is_valid(n) : !stdio_path_is_valid(n))
                        return config_bad_value(ctx, filename, line, EINVAL, "Failed to parse %s=, ignoring: %s", lvalue,
                                                EXCERPT(rvalue));
        } else {
                v = exec_output_from_string(rvalue);
                if (v < 0 || IN_SET(v, EXEC_OUTPUT_NAMED_FD, EXEC_OUTPUT_FILE, EXEC_OUTPUT_FILE_APPEND,
                                    EXEC_OUTPUT_FILE_TRUNCATE))
                        return config_bad_value(ctx, filename, line, EINVAL,
                                                "Failed to parse output specifier, ignoring: %s", EXCERPT(rvalue));
        }
        if (free_and_strdup(&c->stdio_file[ltype], n) < 0)
                return log_oom();
        *o = v;
        if (ltype == EXEC_STDOUT)
                c->std_output_set = true;
        return 0;
}

CONFIG_DUMPER(config_dump_exec_output) {
        const ExecOutput *o = data;
        const ExecContext *c = (const ExecContext *) ((const char *) data -
                                                      (ltype == EXEC_STDERR ? offsetof(ExecContext, std_error)
                                                                            : offsetof(ExecContext, std_output)));
        static const char *const prefix[_EXEC_OUTPUT_MAX] = {
                [EXEC_OUTPUT_NAMED_FD] = "fd:",
                [EXEC_OUTPUT_FILE] = "file:",
                [EXEC_OUTPUT_FILE_APPEND] = "append:",
                [EXEC_OUTPUT_FILE_TRUNCATE] = "truncate:",
        };

        if (prefix[*o])
                fprintf(f, "%s=%s%s\n", lvalue, prefix[*o], strempty(c->stdio_file[ltype]));
        else
                fprintf(f, "%s=%s\n", lvalue, strna(exec_output_to_string(*o)));
}

#define STDIN_DATA_MAX (64U * 1024U * 1024U)

static int append_input_data(ExecContext *c, const void *d, size_t n) {
        char *b;

        if (c->std_input_data_size + n > STDIN_DATA_MAX)
                return -E2BIG;
        b = realloc(c->std_input_data, c->std_input_data_size + n + 1);
        if (!b)
                return -ENOMEM;
        memcpy(b + c->std_input_data_size, d, n);
        c->std_input_data_size += n;
        b[c->std_input_data_size] = '\0';
        c->std_input_data = b;
        return 0;
}

CONFIG_PARSER(config_parse_exec_input_text) {
        ExecContext *c = (ExecContext *) ((char *) data - offsetof(ExecContext, std_input_data));
        _cleanup_free_ char *u = NULL;
        int r;

        if (isempty(rvalue)) {
                c->std_input_data = mfree_ptr(c->std_input_data);
                c->std_input_data_size = 0;
                return 0;
        }
        r = cunescape(rvalue, strlen(rvalue), 0, &u);
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to decode C escaped text, ignoring: %s",
                                        EXCERPT(rvalue));
        r = append_input_data(c, u, strlen(u));
        if (r >= 0)
                r = append_input_data(c, "\n", 1);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Too much input data, ignoring.");
        return 0;
}

static int base64_value(char ch) {
        if (ch >= 'A' && ch <= 'Z')
                return ch - 'A';
        if (ch >= 'a' && ch <= 'z')
                return ch - 'a' + 26;
        if (ch >= '0' && ch <= '9')
                return ch - '0' + 52;
        if (ch == '+')
                return 62;
        if (ch == '/')
                return 63;
        return -1;
}

/* Decode base64 with whitespace allowed anywhere and optional '=' padding at the end only. */
static int base64_decode(const char *s, char **ret, size_t *ret_size) {
        _cleanup_free_ char *out = malloc(strlen(s) / 4 * 3 + 3);
        unsigned acc = 0, bits = 0, pad = 0;
        size_t n = 0;

        if (!out)
                return -ENOMEM;
        for (const char *p = s; *p; p++) {
                int v;

                if (strchr(WHITESPACE, *p))
                        continue;
                if (*p == '=') {
                        pad++;
                        continue;
                }
                if (pad > 0)
                        return -EINVAL;
                v = base64_value(*p);
                if (v < 0)
                        return -EINVAL;
                acc = (acc << 6) | (unsigned) v;
                bits += 6;
                if (bits >= 8) {
                        bits -= 8;
                        out[n++] = (char) ((acc >> bits) & 0xff);
                }
        }
        if (pad > 2 || bits >= 6 || (acc & ((1U << bits) - 1)) != 0)
                return -EINVAL;
        *ret = TAKE_PTR(out);
        *ret_size = n;
        return 0;
}

CONFIG_PARSER(config_parse_exec_input_data) {
        ExecContext *c = (ExecContext *) ((char *) data - offsetof(ExecContext, std_input_data));
        _cleanup_free_ char *d = NULL;
        size_t n;
        int r;

        if (isempty(rvalue)) {
                c->std_input_data = mfree_ptr(c->std_input_data);
                c->std_input_data_size = 0;
                return 0;
        }
        r = base64_decode(rvalue, &d, &n);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Failed to decode base64 data, ignoring: %s",
                                        EXCERPT(rvalue));
        r = append_input_data(c, d, n);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0)
                return config_bad_value(ctx, filename, line, -r, "Too much input data, ignoring.");
        return 0;
}

CONFIG_DUMPER(config_dump_exec_input_data) {
        const ExecContext *c = (const ExecContext *) ((const char *) data - offsetof(ExecContext, std_input_data));
        fprintf(f, "%s=%zu bytes\n", lvalue, c->std_input_data_size);
}
