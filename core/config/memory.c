#include "config/memory.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t n;
    char **paths;
    char **data;
    size_t *lens;
} mem;

static void mem_free(kazi_config_source *src)
{
    mem *m = src->impl;
    if (m) {
        for (size_t i = 0; i < m->n; i++) {
            free(m->paths[i]);
            free(m->data[i]);
        }
        free(m->paths);
        free(m->data);
        free(m->lens);
        free(m);
    }
    free(src);
}

static int mem_read(const kazi_config_source *src, const char *path, char **out, size_t *len)
{
    int rc = kazi_config_path_check(path);
    if (rc < 0) return rc;
    const mem *m = src->impl;
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->paths[i], path) != 0) continue;
        char *b = malloc(m->lens[i] + 1);
        if (!b) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        memcpy(b, m->data[i], m->lens[i]);
        b[m->lens[i]] = '\0';
        *out = b;
        *len = m->lens[i];
        return KAZI_OK;
    }
    return kazi_error_set(KAZI_ENOTFOUND, "path", "no file %s in the configuration", path);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int mem_list(const kazi_config_source *src, char ***out)
{
    const mem *m = src->impl;
    char **v = calloc(m->n + 1, sizeof *v);
    if (!v) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (size_t i = 0; i < m->n; i++) {
        if (!(v[i] = strdup(m->paths[i]))) {
            kazi_config_paths_free(v);
            return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        }
    }
    qsort(v, m->n, sizeof *v, cmp);
    *out = v;
    return KAZI_OK;
}

int kazi_config_source_memory(kazi_config_source **out, const char *id, const char *const *paths,
                              const char *const *contents, const size_t *lens, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = kazi_config_path_check(paths[i]);
        if (rc < 0) return rc;
    }
    kazi_config_source *src = calloc(1, sizeof *src);
    mem *m = calloc(1, sizeof *m);
    if (src) src->impl = m;
    if (!src || !m || !(m->paths = calloc(n + 1, sizeof *m->paths)) ||
        !(m->data = calloc(n + 1, sizeof *m->data)) ||
        !(m->lens = calloc(n + 1, sizeof *m->lens))) {
        if (src)
            mem_free(src);
        else
            free(m);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    src->read = mem_read;
    src->list = mem_list;
    src->free = mem_free;
    snprintf(src->id, sizeof src->id, "%s", id ? id : "memory");
    for (size_t i = 0; i < n; i++) {
        size_t len = lens ? lens[i] : strlen(contents[i]);
        m->paths[i] = strdup(paths[i]);
        m->data[i] = malloc(len + 1);
        m->lens[i] = len;
        m->n = i + 1;
        if (!m->paths[i] || !m->data[i]) {
            mem_free(src);
            return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        }
        memcpy(m->data[i], contents[i], len);
    }
    *out = src;
    return KAZI_OK;
}

int kazi_config_source_copy(kazi_config_source **out, const kazi_config_source *src)
{
    char **paths = NULL;
    int rc = src->list(src, &paths);
    if (rc < 0) return rc;
    size_t n = 0;
    while (paths[n])
        n++;
    char **data = calloc(n + 1, sizeof *data);
    size_t *lens = calloc(n + 1, sizeof *lens);
    if (!data || !lens) rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (size_t i = 0; rc == KAZI_OK && i < n; i++)
        rc = src->read(src, paths[i], &data[i], &lens[i]);
    if (rc == KAZI_OK)
        rc = kazi_config_source_memory(out, src->id, (const char *const *)paths,
                                       (const char *const *)data, lens, n);
    for (size_t i = 0; data && i < n; i++)
        free(data[i]);
    free(data);
    free(lens);
    kazi_config_paths_free(paths);
    return rc;
}

int kazi_config_source_split(kazi_config_source **rest, kazi_config_source **under,
                             const kazi_config_source *src, const char *prefix)
{
    char **paths = NULL;
    int rc = src->list(src, &paths);
    if (rc < 0) return rc;
    size_t n = 0, plen = strlen(prefix), nin = 0, nout = 0;
    while (paths[n])
        n++;
    const char **in_p = calloc(n + 1, sizeof *in_p), **out_p = calloc(n + 1, sizeof *out_p);
    char **in_d = calloc(n + 1, sizeof *in_d), **out_d = calloc(n + 1, sizeof *out_d);
    size_t *in_l = calloc(n + 1, sizeof *in_l), *out_l = calloc(n + 1, sizeof *out_l);
    if (!in_p || !out_p || !in_d || !out_d || !in_l || !out_l)
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (size_t i = 0; rc == KAZI_OK && i < n; i++) {
        int below = strncmp(paths[i], prefix, plen) == 0 && paths[i][plen];
        if (below) {
            in_p[nin] = paths[i] + plen;
            rc = src->read(src, paths[i], &in_d[nin], &in_l[nin]);
            nin++;
        } else {
            out_p[nout] = paths[i];
            rc = src->read(src, paths[i], &out_d[nout], &out_l[nout]);
            nout++;
        }
    }
    kazi_config_source *a = NULL, *b = NULL;
    if (rc == KAZI_OK)
        rc = kazi_config_source_memory(&a, src->id, out_p, (const char *const *)out_d, out_l, nout);
    if (rc == KAZI_OK && nin) {
        char id[sizeof src->id];
        int w = (int)(plen && prefix[plen - 1] == '/' ? plen - 1 : plen);
        if (snprintf(id, sizeof id, "%s:%.*s", src->id, w, prefix) >= (int)sizeof id)
            rc = kazi_error_set(KAZI_EINVALID, "config",
                                "the name of the configuration folder %s is too long", prefix);
        else
            rc = kazi_config_source_memory(&b, id, in_p, (const char *const *)in_d, in_l, nin);
    }
    for (size_t i = 0; i < n; i++) {
        if (in_d) free(in_d[i]);
        if (out_d) free(out_d[i]);
    }
    free(in_p);
    free(out_p);
    free(in_d);
    free(out_d);
    free(in_l);
    free(out_l);
    kazi_config_paths_free(paths);
    if (rc < 0) {
        kazi_config_source_free(a);
        return rc;
    }
    *rest = a;
    *under = b;
    return KAZI_OK;
}
