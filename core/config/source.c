#include "config/source.h"
#include "util/error.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int kazi_config_path_check(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n == 0 || n > 512 || path[0] == '/' || strchr(path, '\\'))
        return kazi_error_set(KAZI_EINVALID, "path", "bad configuration path '%s'",
                              path ? path : "");
    const char *seg = path;
    for (;;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 0 || (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
            return kazi_error_set(KAZI_EINVALID, "path", "bad configuration path '%s'", path);
        if (!slash) break;
        seg = slash + 1;
    }
    return KAZI_OK;
}

void kazi_config_source_free(kazi_config_source *src)
{
    if (src && src->free) src->free(src);
}

void kazi_config_paths_free(char **paths)
{
    if (!paths) return;
    for (char **p = paths; *p; p++)
        free(*p);
    free(paths);
}

static int dir_read(const kazi_config_source *src, const char *path, char **out, size_t *len)
{
    int rc = kazi_config_path_check(path);
    if (rc < 0) return rc;
    char full[2048];
    snprintf(full, sizeof full, "%s/%s", (const char *)src->impl, path);
    struct stat st;
    if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode))
        return kazi_error_set(KAZI_ENOTFOUND, "path", "no file %s in the configuration", path);
    FILE *f = fopen(full, "rb");
    if (!f) return kazi_error_set(KAZI_ENOTFOUND, "path", "cannot read %s", path);
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!buf || n != (size_t)st.st_size) {
        free(buf);
        return kazi_error_set(KAZI_ERROR, "path", "cannot read %s", path);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return KAZI_OK;
}

typedef struct {
    char **v;
    size_t n, cap;
} strvec;

static int push(strvec *sv, const char *s)
{
    if (sv->n + 2 > sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 32;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (!v) return KAZI_ERROR;
        sv->v = v;
        sv->cap = cap;
    }
    if (!(sv->v[sv->n] = strdup(s))) return KAZI_ERROR;
    sv->n++;
    sv->v[sv->n] = NULL;
    return KAZI_OK;
}

static int walk(strvec *sv, const char *root, const char *rel, int depth)
{
    char full[2048];
    snprintf(full, sizeof full, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(full);
    if (!d) return KAZI_OK;
    int rc = KAZI_OK;
    for (struct dirent *e; rc == KAZI_OK && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char child[1024], childfull[2048];
        snprintf(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(childfull, sizeof childfull, "%s/%s", root, child);
        struct stat st;
        if (lstat(childfull, &st) != 0) continue;
        if (S_ISDIR(st.st_mode) && depth < 16)
            rc = walk(sv, root, child, depth + 1);
        else if (S_ISREG(st.st_mode))
            rc = push(sv, child);
    }
    closedir(d);
    return rc;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int dir_list(const kazi_config_source *src, char ***out)
{
    strvec sv = {0};
    if (walk(&sv, src->impl, "", 0) < 0 || (!sv.v && push(&sv, "") < 0)) {
        if (sv.v) kazi_config_paths_free(sv.v);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory listing the configuration");
    }
    if (sv.n == 1 && sv.v[0][0] == '\0') { /* empty directory: an empty list */
        free(sv.v[0]);
        sv.v[0] = NULL;
        sv.n = 0;
    }
    qsort(sv.v, sv.n, sizeof *sv.v, cmp);
    *out = sv.v;
    return KAZI_OK;
}

static void dir_free(kazi_config_source *src)
{
    free(src->impl);
    free(src);
}

int kazi_config_source_dir(kazi_config_source **out, const char *dir)
{
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return kazi_error_set(KAZI_ENOTFOUND, "dir", "%s is not a directory", dir ? dir : "");
    kazi_config_source *src = calloc(1, sizeof *src);
    if (!src || !(src->impl = strdup(dir))) {
        free(src);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    src->read = dir_read;
    src->list = dir_list;
    src->free = dir_free;
    /* The id is recorded in decisions and shown to API clients: the folder's name only,
     * never the server's file path ("dir:tanzania"). */
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && dir[b - 1] != '/')
        b--;
    snprintf(src->id, sizeof src->id, "dir:%.*s", (int)(n - b), dir + b);
    *out = src;
    return KAZI_OK;
}
