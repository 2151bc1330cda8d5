/*
 * strmap — a string → int64 table for one pass over a file (an import's org-unit codes,
 * its rows' identifier and name keys) or a generation's catalogue index: open
 * addressing, keys copied, no removal.
 * Owns: its keys and slots until kazi_strmap_free.
 * Uses: libc, util/error.
 * Thread-safety: a table being filled belongs to one thread; once filled, any number of
 * threads may kazi_strmap_get from it at once (a lookup writes nothing).
 */
#ifndef KAZI_UTIL_STRMAP_H
#define KAZI_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct kazi_strmap {
    char **keys;
    int64_t *vals;
    size_t cap, n; /* cap is 0 or a power of two, at least twice n */
} kazi_strmap;     /* zero-initialised is an empty table */

/* 1 and *val set when `key` is in the table, else 0. */
int kazi_strmap_get(const kazi_strmap *m, const char *key, int64_t *val);

/* Insert `key` → `val` unless the key is there already (the first value stays).
 * KAZI_OK, or KAZI_ERROR ("out of memory", the table unchanged). */
int kazi_strmap_put(kazi_strmap *m, const char *key, int64_t val);

/* Free the keys and slots; the table is empty again. NULL-safe. */
void kazi_strmap_free(kazi_strmap *m);

#endif
