/*
 * record — a read-only JSON value laid out compactly: one allocation holding every
 * node (24 bytes each, the members of an object or list next to each other) and every
 * key and text after them. What rules read (dossiers): reading a member touches one or
 * two cache lines instead of a chain of separately allocated JSON values.
 * Owns: the layout, its building from JSON and its conversion back.
 * Uses: libc, util/json.
 * Thread-safety: a built record is immutable; any number of threads may read it.
 */
#ifndef KAZI_UTIL_RECORD_H
#define KAZI_UTIL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "util/json.h"

enum {
    KAZI_RN_NULL,
    KAZI_RN_FALSE,
    KAZI_RN_TRUE,
    KAZI_RN_INTEGER,
    KAZI_RN_REAL,
    KAZI_RN_STRING,
    KAZI_RN_OBJECT,
    KAZI_RN_ARRAY
};

/* One value. A member of an object carries its key (key, klen: in the text). A string
 * is n bytes at text + v.at; an object or list has n children, nodes v.at .. v.at+n-1. */
typedef struct kazi_rnode {
    uint32_t key, klen;
    uint32_t n;
    uint32_t type;
    union {
        int64_t i;
        double d;
        uint64_t at;
    } v;
} kazi_rnode;

/* Node 0 is the root. */
typedef struct kazi_record {
    uint32_t nnodes;
    uint32_t ntext;
    const char *text;
    kazi_rnode nodes[];
} kazi_record;

/*
 * A record with the value of `v` (any JSON value; object members in their JSON order).
 * *out is new (kazi_record_free). KAZI_ERROR "out of memory", or KAZI_EINVALID when v
 * is too large for the layout (more than 2^32 nodes or bytes of text).
 */
int kazi_record_from_json(kazi_record **out, const json_t *v);

/* Free a record; NULL-safe. */
void kazi_record_free(kazi_record *r);

/* The value of node `node` of r as new JSON (NULL when out of memory). */
json_t *kazi_record_to_json(const kazi_record *r, uint32_t node);

/* The child of object node `node` named key (klen bytes), or NULL. */
static inline const kazi_rnode *kazi_record_member(const kazi_record *r, const kazi_rnode *obj,
                                                   const char *key, size_t klen)
{
    const kazi_rnode *c = r->nodes + obj->v.at, *end = c + obj->n;
    for (; c < end; c++) {
        const char *k = r->text + c->key;
        if (c->klen == klen && k[0] == key[0] && !__builtin_memcmp(k, key, klen)) return c;
    }
    return NULL;
}

#endif
