/* SPDX-License-Identifier: MIT */
#pragma once

/* A string-keyed hash table with open addressing. Keys are copied; values are owned by the caller unless a
 * free function is given to hashmap_free(). */

#include "macro.h"

typedef struct Hashmap Hashmap;

Hashmap *hashmap_new(void);
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
size_t hashmap_size(const Hashmap *h) _pure_;
/* Iterate: start with *i = 0; returns false at the end. */
bool hashmap_iterate(const Hashmap *h, size_t *i, const char **ret_key, void **ret_value);
