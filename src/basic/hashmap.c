/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "hashmap.h"

typedef struct Entry {
        char *key; /* NULL: empty slot; TOMBSTONE: removed */
        void *value;
        uint64_t hash;
} Entry;

struct Hashmap {
        Entry *entries;
        size_t n_buckets; /* power of two */
        size_t n_used;    /* live entries */
        size_t n_filled;  /* live entries + tombstones */
        bool borrow_keys; /* keys are the caller's, not copies */
};

static char tombstone_marker;
#define TOMBSTONE (&tombstone_marker)

/* FNV-1a, with a final mix: fine for unit names and paths, which are not attacker-chosen in bulk. */
static uint64_t hash_string(const char *s) {
        uint64_t h = 1469598103934665603ULL;

        for (; *s; s++) {
                h ^= (unsigned char) *s;
                h *= 1099511628211ULL;
        }
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
}

/* The buckets are allocated by the first insertion: many tables stay empty (one per socket unit, for
 * MaxConnectionsPerSource=), and an empty one costs only its header. */
#define N_BUCKETS_MIN 16U

Hashmap *hashmap_new(void) {
        return calloc(1, sizeof(Hashmap));
}

Hashmap *hashmap_new_borrowing(void) {
        Hashmap *h = hashmap_new();

        if (h)
                h->borrow_keys = true;
        return h;
}

static void key_free(const Hashmap *h, char *key) {
        if (!h->borrow_keys)
                free(key);
}

Hashmap *hashmap_free(Hashmap *h, void (*free_value)(void *v)) {
        if (!h)
                return NULL;
        for (size_t i = 0; i < h->n_buckets; i++) {
                Entry *e = &h->entries[i];
                if (!e->key || e->key == TOMBSTONE)
                        continue;
                key_free(h, e->key);
                if (free_value)
                        free_value(e->value);
        }
        free(h->entries);
        free(h);
        return NULL;
}

static Entry *lookup(const Hashmap *h, const char *key, uint64_t hash, Entry **ret_free_slot) {
        size_t mask = h->n_buckets - 1, i = hash & mask;
        Entry *free_slot = NULL;

        if (h->n_buckets == 0) {
                if (ret_free_slot)
                        *ret_free_slot = NULL;
                return NULL;
        }
        for (size_t probes = 0; probes < h->n_buckets; probes++, i = (i + 1) & mask) {
                Entry *e = &h->entries[i];

                if (!e->key) {
                        if (ret_free_slot)
                                *ret_free_slot = free_slot ?: e;
                        return NULL;
                }
                if (e->key == TOMBSTONE) {
                        if (!free_slot)
                                free_slot = e;
                        continue;
                }
                if (e->hash == hash && streq(e->key, key))
                        return e;
        }
        if (ret_free_slot)
                *ret_free_slot = free_slot;
        return NULL;
}

static int resize(Hashmap *h, size_t n_buckets) {
        Entry *old = h->entries;
        size_t old_n = h->n_buckets;

        h->entries = calloc(n_buckets, sizeof(Entry));
        if (!h->entries) {
                h->entries = old;
                return -ENOMEM;
        }
        h->n_buckets = n_buckets;
        h->n_filled = h->n_used;
        for (size_t i = 0; i < old_n; i++) {
                Entry *e = &old[i], *slot = NULL;
                if (!e->key || e->key == TOMBSTONE)
                        continue;
                (void) lookup(h, e->key, e->hash, &slot);
                *slot = *e;
        }
        free(old);
        return 0;
}

static int insert(Hashmap *h, const char *key, void *value, bool replace, void **ret_old) {
        uint64_t hash = hash_string(key);
        Entry *e, *slot = NULL;
        char *k;

        e = lookup(h, key, hash, &slot);
        if (e && !replace)
                return -EEXIST;
        if (e) {
                if (ret_old)
                        *ret_old = e->value;
                e->value = value;
                if (h->borrow_keys)
                        e->key = (char *) key; /* the new value's key: the old one may go with the old value */
                return 0;
        }
        /* Keep the load (including tombstones) under 3/4. */
        if ((h->n_filled + 1) * 4 > h->n_buckets * 3) {
                size_t n = MAX(h->n_buckets, N_BUCKETS_MIN);
                while ((h->n_used + 1) * 4 > n * 3 / 2)
                        n *= 2;
                if (resize(h, n) < 0)
                        return -ENOMEM;
                (void) lookup(h, key, hash, &slot);
        }
        k = h->borrow_keys ? (char *) key : strdup(key);
        if (!k)
                return -ENOMEM;
        if (!slot->key)
                h->n_filled++;
        *slot = (Entry) { .key = k, .value = value, .hash = hash };
        h->n_used++;
        if (ret_old)
                *ret_old = NULL;
        return 1;
}

int hashmap_replace(Hashmap *h, const char *key, void *value, void **ret_old) {
        return insert(h, key, value, true, ret_old);
}

int hashmap_put(Hashmap *h, const char *key, void *value) {
        return insert(h, key, value, false, NULL);
}

void *hashmap_get(const Hashmap *h, const char *key) {
        Entry *e;

        if (!h)
                return NULL;
        e = lookup(h, key, hash_string(key), NULL);
        return e ? e->value : NULL;
}

bool hashmap_contains(const Hashmap *h, const char *key) {
        return h && lookup(h, key, hash_string(key), NULL);
}

static void remove_entry(Hashmap *h, Entry *e) {
        key_free(h, e->key);
        h->n_used--;
        /* A slot followed by an empty one ends no probe sequence: it is emptied, with the tombstones before it,
         * so that a table with a steady stream of insertions and removals (one unit per connection) keeps
         * short probes. Nothing moves: an iteration in progress sees the same entries. */
        if (!h->entries[(size_t) (e - h->entries + 1) & (h->n_buckets - 1)].key) {
                size_t mask = h->n_buckets - 1, i = (size_t) (e - h->entries);

                *e = (Entry) {};
                h->n_filled--;
                for (i = (i - 1) & mask; h->entries[i].key == TOMBSTONE; i = (i - 1) & mask) {
                        h->entries[i] = (Entry) {};
                        h->n_filled--;
                }
        } else {
                e->key = TOMBSTONE;
                e->value = NULL;
        }
}

void *hashmap_remove(Hashmap *h, const char *key) {
        Entry *e;
        void *v;

        if (!h)
                return NULL;
        e = lookup(h, key, hash_string(key), NULL);
        if (!e)
                return NULL;
        v = e->value;
        remove_entry(h, e);
        return v;
}

bool hashmap_remove_value(Hashmap *h, const char *key, const void *value) {
        Entry *e;

        if (!h)
                return false;
        e = lookup(h, key, hash_string(key), NULL);
        if (!e || e->value != value)
                return false;
        remove_entry(h, e);
        return true;
}

size_t hashmap_size(const Hashmap *h) {
        return h ? h->n_used : 0;
}

bool hashmap_iterate(const Hashmap *h, size_t *i, const char **ret_key, void **ret_value) {
        if (!h)
                return false;
        for (; *i < h->n_buckets; (*i)++) {
                Entry *e = &h->entries[*i];
                if (!e->key || e->key == TOMBSTONE)
                        continue;
                if (ret_key)
                        *ret_key = e->key;
                if (ret_value)
                        *ret_value = e->value;
                (*i)++;
                return true;
        }
        return false;
}
