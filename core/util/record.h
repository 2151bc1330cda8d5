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

/* Zero bytes after a record's text (so its text is NUL-terminated, and a reader may
 * load 16 bytes from the start of any text in it). */
#define KAZI_RECORD_PAD 16

/* Node 0 is the root. */
typedef struct kazi_record {
    uint32_t nnodes;
    uint32_t ntext;
    const char *text;
    kazi_rnode nodes[];
} kazi_record;

/*
 * A record with the value of `v` (any JSON value; object members in their JSON order).
 * *out is new (kazi_record_free). KAZI_ERROR "out of memory" (also for a value past the
 * layout's 2^32 nodes or bytes of text).
 */
int kazi_record_from_json(kazi_record **out, const json_t *v);

/*
 * Writing a record node by node (domain/dossier writes dossiers straight from rows):
 * kazi_record_reserve places n nodes side by side (the members of one container) and
 * answers the first's index; kazi_record_put_* give a reserved node its key (NULL for
 * a list item) and value; kazi_record_put_container reserves its n members. A failed
 * allocation is remembered and reported by kazi_record_finish. Indexes stay valid as
 * the writer grows. A zero-initialised writer is empty; kazi_record_finish leaves it
 * empty again (its buffers kept for the next record); kazi_record_writer_free frees them.
 */
typedef struct kazi_record_writer {
    kazi_rnode *nodes;
    char *text;
    uint64_t nnodes, cap, ntext, tcap;
    int failed;
} kazi_record_writer;

uint32_t kazi_record_reserve(kazi_record_writer *w, uint32_t n);
void kazi_record_put_key(kazi_record_writer *w, uint32_t at, const char *key, size_t klen);
void kazi_record_put_string(kazi_record_writer *w, uint32_t at, const char *s, size_t len);
void kazi_record_put_integer(kazi_record_writer *w, uint32_t at, int64_t i);
void kazi_record_put_real(kazi_record_writer *w, uint32_t at, double d);
/* type KAZI_RN_OBJECT or KAZI_RN_ARRAY; answers the first member's index */
uint32_t kazi_record_put_container(kazi_record_writer *w, uint32_t at, uint32_t type, uint32_t n);
/* the value of any JSON value (null as KAZI_RN_NULL) */
void kazi_record_put_json(kazi_record_writer *w, uint32_t at, const json_t *v);
/* The record written (node 0 is its root) as *out (kazi_record_free): KAZI_OK, or
 * KAZI_ERROR "out of memory" when any step failed. */
int kazi_record_finish(kazi_record **out, kazi_record_writer *w);
void kazi_record_writer_free(kazi_record_writer *w);

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
        if (c->klen == klen && (!klen || (k[0] == key[0] && !__builtin_memcmp(k, key, klen))))
            return c;
    }
    return NULL;
}

#endif
