/* SPDX-License-Identifier: MIT */
#pragma once

/* NULL-terminated arrays of strings ("string vectors"). NULL is a valid empty strv everywhere. */

#include "macro.h"

char **strv_free(char **l);
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);
#define _cleanup_strv_free_ _cleanup_(strv_freep)

size_t strv_length(char *const *l) _pure_;
bool strv_contains(char *const *l, const char *s) _pure_;
bool strv_has_char(char *const *l, char c) _pure_;
/* A copy of the n strings of l in one allocation, the array and its strings: free() frees it. */
char **strv_pack(const char *const *l, size_t n);
bool strv_equal(char *const *a, char *const *b) _pure_;
char **strv_copy(char *const *l);

/* Append a copy of s. */
int strv_extend(char ***l, const char *s);
/* Append s itself, taking ownership (freed on failure). */
int strv_consume(char ***l, char *s);
/* Append copies of every string of other. */
int strv_extend_strv(char ***l, char *const *other);
/* Remove every entry equal to s. */
void strv_remove(char **l, const char *s);
/* Drop later duplicates, keeping the first occurrence. */
void strv_uniq(char **l);
void strv_sort(char **l);
/* Join with a separator; returns NULL on OOM. */
char *strv_join(char *const *l, const char *sep);
/* Split on any of the characters in sep, dropping empty fields. */
int strv_split(const char *s, const char *sep, char ***ret);

#define STRV_FOREACH(s, l) for (__typeof__(*(l)) *s = (l); s && *s; s++)
