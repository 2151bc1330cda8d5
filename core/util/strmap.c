#include "util/strmap.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a */
static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

int kazi_strmap_get(const kazi_strmap *m, const char *key, int64_t *val)
{
    if (!m->cap) return 0;
    for (size_t i = str_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return 0;
        if (!strcmp(m->keys[i], key)) {
            *val = m->vals[i];
            return 1;
        }
    }
}

int kazi_strmap_put(kazi_strmap *m, const char *key, int64_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        char **keys = calloc(cap, sizeof *keys);
        int64_t *vals = calloc(cap, sizeof *vals);
        if (!keys || !vals) {
            free(keys);
            free(vals);
            return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            size_t k = str_hash(m->keys[i]) & (cap - 1);
            while (keys[k])
                k = (k + 1) & (cap - 1);
            keys[k] = m->keys[i];
            vals[k] = m->vals[i];
        }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
    }
    size_t i = str_hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key)) return KAZI_OK;
        i = (i + 1) & (m->cap - 1);
    }
    if (!(m->keys[i] = strdup(key))) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    m->vals[i] = val;
    m->n++;
    return KAZI_OK;
}

void kazi_strmap_free(kazi_strmap *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    *m = (kazi_strmap){0};
}
