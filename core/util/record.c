#include "util/record.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Nodes and bytes of text that v needs (members' keys included). */
static int measure(const json_t *v, uint64_t *nodes, uint64_t *text, int depth)
{
    size_t i;
    const char *k;
    json_t *x;
    if (depth > 1000) return -1;
    (*nodes)++;
    switch (json_typeof(v)) {
    case JSON_STRING:
        *text += json_string_length(v);
        return 0;
    case JSON_OBJECT:
        json_object_foreach((json_t *)v, k, x)
        {
            *text += strlen(k);
            if (measure(x, nodes, text, depth + 1) < 0) return -1;
        }
        return 0;
    case JSON_ARRAY:
        json_array_foreach(v, i, x) if (measure(x, nodes, text, depth + 1) < 0) return -1;
        return 0;
    default:
        return 0;
    }
}

typedef struct {
    kazi_record *r;
    char *text;
    uint32_t next_node, next_text;
    const json_t **src; /* the JSON value of each node, for the breadth-first fill */
} filler;

static void fill_value(filler *f, kazi_rnode *n, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING: {
        size_t len = json_string_length(v);
        n->type = KAZI_RN_STRING;
        n->n = (uint32_t)len;
        n->v.at = f->next_text;
        memcpy(f->text + f->next_text, json_string_value(v), len);
        f->next_text += (uint32_t)len;
        return;
    }
    case JSON_INTEGER:
        n->type = KAZI_RN_INTEGER;
        n->v.i = (int64_t)json_integer_value(v);
        return;
    case JSON_REAL:
        n->type = KAZI_RN_REAL;
        n->v.d = json_real_value(v);
        return;
    case JSON_TRUE:
        n->type = KAZI_RN_TRUE;
        return;
    case JSON_FALSE:
        n->type = KAZI_RN_FALSE;
        return;
    case JSON_NULL:
        n->type = KAZI_RN_NULL;
        return;
    case JSON_OBJECT:
    case JSON_ARRAY:
        /* children are placed when this node's turn comes in the breadth-first pass */
        n->type = json_is_object(v) ? KAZI_RN_OBJECT : KAZI_RN_ARRAY;
        f->src[n - f->r->nodes] = v;
        return;
    }
}

int kazi_record_from_json(kazi_record **out, const json_t *v)
{
    uint64_t nodes = 0, text = 0;
    *out = NULL;
    if (measure(v, &nodes, &text, 0) < 0 || nodes >= UINT32_MAX || text >= UINT32_MAX)
        return kazi_error_set(KAZI_EINVALID, NULL, "value too large for a record");
    kazi_record *r = malloc(sizeof *r + nodes * sizeof(kazi_rnode) + text + 1);
    const json_t **src = calloc(nodes, sizeof *src);
    if (!r || !src) {
        free(r);
        free(src);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    memset(r->nodes, 0, nodes * sizeof(kazi_rnode));
    r->nnodes = (uint32_t)nodes;
    r->ntext = (uint32_t)text;
    char *t = (char *)(r->nodes + nodes);
    t[text] = '\0';
    r->text = t;
    filler f = {r, t, 1, 0, src};
    fill_value(&f, &r->nodes[0], v);
    /* breadth first: the members of each container are placed next to each other */
    for (uint32_t i = 0; i < f.next_node; i++) {
        const json_t *c = src[i];
        if (!c) continue;
        kazi_rnode *n = &r->nodes[i];
        n->v.at = f.next_node;
        if (json_is_object(c)) {
            const char *k;
            json_t *x;
            n->n = (uint32_t)json_object_size(c);
            f.next_node += n->n;
            kazi_rnode *m = &r->nodes[n->v.at];
            json_object_foreach((json_t *)c, k, x)
            {
                size_t klen = strlen(k);
                m->key = f.next_text;
                m->klen = (uint32_t)klen;
                memcpy(t + f.next_text, k, klen);
                f.next_text += (uint32_t)klen;
                fill_value(&f, m++, x);
            }
        } else {
            size_t j;
            json_t *x;
            n->n = (uint32_t)json_array_size(c);
            f.next_node += n->n;
            kazi_rnode *m = &r->nodes[n->v.at];
            json_array_foreach(c, j, x) fill_value(&f, m++, x);
        }
    }
    free(src);
    *out = r;
    return KAZI_OK;
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
