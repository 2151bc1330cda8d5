#include "util/record.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Records address nodes and text with 32 bits. */
#define LIMIT ((uint64_t)UINT32_MAX)

uint32_t kazi_record_reserve(kazi_record_writer *w, uint32_t n)
{
    uint64_t first = w->nnodes;
    if (w->failed || first + n >= LIMIT) {
        w->failed = 1;
        return 0;
    }
    if (first + n > w->cap) {
        uint64_t cap = w->cap ? w->cap * 2 : 64;
        while (cap < first + n)
            cap *= 2;
        kazi_rnode *nodes = realloc(w->nodes, cap * sizeof *nodes);
        if (!nodes) {
            w->failed = 1;
            return 0;
        }
        w->nodes = nodes;
        w->cap = cap;
    }
    memset(w->nodes + first, 0, n * sizeof *w->nodes);
    w->nnodes = first + n;
    return (uint32_t)first;
}

/* Append len bytes of text; its offset, or UINT32_MAX (failed). */
static uint32_t add_text(kazi_record_writer *w, const char *s, size_t len)
{
    uint64_t at = w->ntext;
    if (w->failed || at + len >= LIMIT) {
        w->failed = 1;
        return UINT32_MAX;
    }
    if (at + len + 1 > w->tcap) {
        uint64_t cap = w->tcap ? w->tcap * 2 : 256;
        while (cap < at + len + 1)
            cap *= 2;
        char *t = realloc(w->text, cap);
        if (!t) {
            w->failed = 1;
            return UINT32_MAX;
        }
        w->text = t;
        w->tcap = cap;
    }
    memcpy(w->text + at, s, len);
    w->ntext = at + len;
    return (uint32_t)at;
}

void kazi_record_put_key(kazi_record_writer *w, uint32_t at, const char *key, size_t klen)
{
    uint32_t k = add_text(w, key, klen);
    if (w->failed) return;
    w->nodes[at].key = k;
    w->nodes[at].klen = (uint32_t)klen;
}

void kazi_record_put_string(kazi_record_writer *w, uint32_t at, const char *s, size_t len)
{
    uint32_t t = add_text(w, s, len);
    if (w->failed) return;
    w->nodes[at].type = KAZI_RN_STRING;
    w->nodes[at].n = (uint32_t)len;
    w->nodes[at].v.at = t;
}

void kazi_record_put_integer(kazi_record_writer *w, uint32_t at, int64_t i)
{
    if (w->failed) return;
    w->nodes[at].type = KAZI_RN_INTEGER;
    w->nodes[at].v.i = i;
}

void kazi_record_put_real(kazi_record_writer *w, uint32_t at, double d)
{
    if (w->failed) return;
    w->nodes[at].type = KAZI_RN_REAL;
    w->nodes[at].v.d = d;
}

uint32_t kazi_record_put_container(kazi_record_writer *w, uint32_t at, uint32_t type, uint32_t n)
{
    uint32_t first = kazi_record_reserve(w, n);
    if (w->failed) return 0;
    w->nodes[at].type = type;
    w->nodes[at].n = n;
    w->nodes[at].v.at = first;
    return first;
}

void kazi_record_put_json(kazi_record_writer *w, uint32_t at, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        kazi_record_put_string(w, at, json_string_value(v), json_string_length(v));
        return;
    case JSON_INTEGER:
        kazi_record_put_integer(w, at, (int64_t)json_integer_value(v));
        return;
    case JSON_REAL:
        kazi_record_put_real(w, at, json_real_value(v));
        return;
    case JSON_TRUE:
    case JSON_FALSE:
        if (!w->failed) w->nodes[at].type = json_is_true(v) ? KAZI_RN_TRUE : KAZI_RN_FALSE;
        return;
    case JSON_OBJECT: {
        uint32_t m =
            kazi_record_put_container(w, at, KAZI_RN_OBJECT, (uint32_t)json_object_size(v));
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            if (w->failed) return;
            kazi_record_put_key(w, m, k, strlen(k));
            kazi_record_put_json(w, m++, x);
        }
        return;
    }
    case JSON_ARRAY: {
        uint32_t m = kazi_record_put_container(w, at, KAZI_RN_ARRAY, (uint32_t)json_array_size(v));
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (w->failed) return;
            kazi_record_put_json(w, m++, x);
        }
        return;
    }
    default:
        if (!w->failed) w->nodes[at].type = KAZI_RN_NULL;
        return;
    }
}

int kazi_record_finish(kazi_record **out, kazi_record_writer *w)
{
    *out = NULL;
    kazi_record *r = NULL;
    if (!w->failed)
        r = malloc(sizeof *r + w->nnodes * sizeof(kazi_rnode) + w->ntext + KAZI_RECORD_PAD);
    if (r) {
        r->nnodes = (uint32_t)w->nnodes;
        r->ntext = (uint32_t)w->ntext;
        memcpy(r->nodes, w->nodes, w->nnodes * sizeof(kazi_rnode));
        char *t = (char *)(r->nodes + w->nnodes);
        if (w->ntext) memcpy(t, w->text, w->ntext);
        memset(t + w->ntext, 0, KAZI_RECORD_PAD);
        r->text = t;
    }
    w->nnodes = w->ntext = 0;
    w->failed = 0;
    if (!r) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    *out = r;
    return KAZI_OK;
}

void kazi_record_writer_free(kazi_record_writer *w)
{
    free(w->nodes);
    free(w->text);
    memset(w, 0, sizeof *w);
}

int kazi_record_from_json(kazi_record **out, const json_t *v)
{
    kazi_record_writer w = {0};
    kazi_record_put_json(&w, kazi_record_reserve(&w, 1), v);
    int rc = kazi_record_finish(out, &w);
    kazi_record_writer_free(&w);
    return rc;
}

void kazi_record_free(kazi_record *r)
{
    free(r);
}

json_t *kazi_record_to_json(const kazi_record *r, uint32_t node)
{
    const kazi_rnode *n = &r->nodes[node];
    switch (n->type) {
    case KAZI_RN_STRING:
        return json_stringn(r->text + n->v.at, n->n);
    case KAZI_RN_INTEGER:
        return json_integer((json_int_t)n->v.i);
    case KAZI_RN_REAL:
        return json_real(n->v.d);
    case KAZI_RN_TRUE:
        return json_true();
    case KAZI_RN_FALSE:
        return json_false();
    case KAZI_RN_OBJECT: {
        json_t *o = json_object();
        for (uint32_t i = 0; o && i < n->n; i++) {
            const kazi_rnode *m = &r->nodes[n->v.at + i];
            json_t *x = kazi_record_to_json(r, (uint32_t)(n->v.at + i));
            if (!x || json_object_setn_new(o, r->text + m->key, m->klen, x) < 0) {
                json_decref(o);
                return NULL;
            }
        }
        return o;
    }
    case KAZI_RN_ARRAY: {
        json_t *a = json_array();
        for (uint32_t i = 0; a && i < n->n; i++) {
            json_t *x = kazi_record_to_json(r, (uint32_t)(n->v.at + i));
            if (!x || json_array_append_new(a, x) < 0) {
                json_decref(a);
                return NULL;
            }
        }
        return a;
    }
    default:
        return json_null();
    }
}
