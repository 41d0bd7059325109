/* SPDX-License-Identifier: MIT */
#pragma once

/* A string-keyed hash table with open addressing. Keys are copied, except in a table made by
 * hashmap_new_borrowing(), whose keys the caller keeps alive and unchanged while they are in the table (a
 * replaced value's entry takes the new key). Values are owned by the caller unless a free function is given to
 * hashmap_free(). */

#include "macro.h"

typedef struct Hashmap Hashmap;

Hashmap *hashmap_new(void);
Hashmap *hashmap_new_borrowing(void);
/* Free the table; free_value (may be NULL) is called for every value. */
Hashmap *hashmap_free(Hashmap *h, void (*free_value)(void *v));
/* Insert; -EEXIST if the key is present (the table is unchanged), -ENOMEM on allocation failure. */
int hashmap_put(Hashmap *h, const char *key, void *value);
/* Insert or replace; the old value is returned through ret_old (may be NULL). */
int hashmap_replace(Hashmap *h, const char *key, void *value, void **ret_old);
void *hashmap_get(const Hashmap *h, const char *key);
bool hashmap_contains(const Hashmap *h, const char *key);
/* Remove and return the value, or NULL. */
void *hashmap_remove(Hashmap *h, const char *key);
/* Remove key only if it maps to value; whether it did. */
bool hashmap_remove_value(Hashmap *h, const char *key, const void *value);
size_t hashmap_size(const Hashmap *h) _pure_;
/* Iterate: start with *i = 0; returns false at the end. */
bool hashmap_iterate(const Hashmap *h, size_t *i, const char **ret_key, void **ret_value);
