#include "http/router.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static const kazi_route **routes;
static int nroutes;
/* Per route, built once: how many '/' its pattern has and the length of its literal
 * start (up to the first {param}). A path is matched only against the routes with the
 * same number of segments and the same literal start, so a request compares a handful
 * of patterns, not all of them. */
typedef struct route_key {
    int slashes;
    size_t literal;
} route_key;
static route_key *keys;
/* The route indexes in order of their slash count, each count's in table order:
 * by_slashes[first[s] .. first[s + 1]) are the routes with s slashes (s <= MAX_SLASHES;
 * a path with more has no route). A request looks only at its own count's routes. */
#define MAX_SLASHES    15
#define MAX_CANDIDATES 16
static int *by_slashes;
static int first[MAX_SLASHES + 2];

static int slashes(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '/';
    return n;
}

static int valid_pattern(const char *p)
{
    if (p[0] != '/') return 0;
    int params = 0, open = 0;
    for (const char *c = p; *c; c++) {
        if (*c == '{') {
            if (open || c[-1] != '/') return 0;
            open = 1;
            params++;
        } else if (*c == '}') {
            if (!open || c[-1] == '{' || (c[1] && c[1] != '/')) return 0;
            open = 0;
        }
    }
    return !open && params <= KAZI_MAX_PARAMS;
}

void kazi_router_free(void)
{
    free(routes);
    free(keys);
    free(by_slashes);
    by_slashes = NULL;
    memset(first, 0, sizeof first);
    keys = NULL;
    routes = NULL;
    nroutes = 0;
}

int kazi_router_build(const kazi_route *const *tables)
{
    int n = 0;
    for (int t = 0; tables[t]; t++)
        for (const kazi_route *r = tables[t]; r->method; r++)
            n++;
    const kazi_route **list = calloc((size_t)n + 1, sizeof *list);
    if (!list) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    int k = 0;
    for (int t = 0; tables[t]; t++) {
        for (const kazi_route *r = tables[t]; r->method; r++) {
            if (!valid_pattern(r->pattern) || !r->handler || !r->permission) {
                free(list);
                return kazi_error_set(KAZI_EINVALID, "pattern", "bad route %s %s", r->method,
                                      r->pattern);
            }
            for (int j = 0; j < k; j++) {
                if (!strcmp(list[j]->method, r->method) && !strcmp(list[j]->pattern, r->pattern)) {
                    free(list);
                    return kazi_error_set(KAZI_EINVALID, "pattern", "duplicate route %s %s",
                                          r->method, r->pattern);
                }
            }
            list[k++] = r;
        }
    }
    route_key *k2 = calloc((size_t)n + 1, sizeof *k2);
    if (!k2) {
        free(list);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    int *order = calloc((size_t)n + 1, sizeof *order);
    if (!order) {
        free(list);
        free(k2);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    int starts[MAX_SLASHES + 2] = {0};
    for (int i = 0; i < n; i++) {
        k2[i] = (route_key){slashes(list[i]->pattern), strcspn(list[i]->pattern, "{")};
        if (k2[i].slashes > MAX_SLASHES) {
            int rc = kazi_error_set(KAZI_EINVALID, "pattern", "route %s has more than %d segments",
                                    list[i]->pattern, MAX_SLASHES);
            free(list);
            free(k2);
            free(order);
            return rc;
        }
        starts[k2[i].slashes + 1]++;
    }
    for (int c = 1; c < MAX_SLASHES + 2; c++)
        starts[c] += starts[c - 1];
    kazi_router_free();
    memcpy(first, starts, sizeof first);
    for (int i = 0; i < n; i++) /* table order kept within a count */
        order[starts[k2[i].slashes]++] = i;
    routes = list;
    keys = k2;
    by_slashes = order;
    nroutes = n;
    return KAZI_OK;
}

int kazi_router_count(void)
{
    return nroutes;
}

const kazi_route *kazi_router_at(int i)
{
    return i >= 0 && i < nroutes ? routes[i] : NULL;
}

/* Match path against pattern, filling req's params. 1 on match. */
static int match(const char *pat, const char *path, kazi_req *req)
{
    req->nparams = 0;
    while (*pat && *path) {
        if (*pat == '{') {
            const char *close = strchr(pat, '}');
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (len == 0 || len >= KAZI_PARAM_MAX || req->nparams >= KAZI_MAX_PARAMS) return 0;
            int i = req->nparams++;
            req->params[i].name = pat + 1;
            req->params[i].name_len = (size_t)(close - pat - 1);
            memcpy(req->params[i].value, path, len);
            req->params[i].value[len] = '\0';
            pat = close + 1;
            path += len;
        } else {
            if (*pat != *path) return 0;
            pat++;
            path++;
        }
    }
    return *pat == '\0' && *path == '\0';
}

/* Compare two patterns that match the same path: segment by segment from the left, the
 * first where one is a literal and the other a {param} decides. >0 when a is more
 * specific, <0 when b is, 0 when they have the same shape (the same path template). */
static int specificity(const char *a, const char *b)
{
    while (*a && *b) {
        int pa = *a == '{', pb = *b == '{';
        if (pa != pb) return pa ? -1 : 1;
        a += strcspn(a, "/");
        b += strcspn(b, "/");
        if (*a) a++;
        if (*b) b++;
    }
    return 0;
}

int kazi_router_match(kazi_req *req, char *allow, size_t allow_size)
{
    size_t alen = 0;
    int best = -1;
    if (allow_size) allow[0] = '\0';
    req->route = NULL;
    req->route_index = -1;
    int path_slashes = slashes(req->path);
    size_t path_len = strlen(req->path);
    int from = 0, to = 0;
    if (nroutes && path_slashes <= MAX_SLASHES) {
        from = first[path_slashes];
        to = first[path_slashes + 1];
    }
    /* The routes whose pattern matches the path, kept for choosing by method below
     * (in table order; a path matching more than MAX_CANDIDATES is looked at again). */
    int cand[MAX_CANDIDATES], ncand = 0, overflow = 0;
    for (int j = from; j < to; j++) {
        int i = by_slashes[j];
        /* most patterns differ from the path in the last letter before their literal
         * start's final '/' ("/api/v1/people/" from "/api/v1/positions/"): one byte
         * compared before the whole start */
        size_t lit = keys[i].literal;
        if (lit > path_len || (lit >= 2 && routes[i]->pattern[lit - 2] != req->path[lit - 2]) ||
            strncmp(routes[i]->pattern, req->path, lit) != 0 ||
            !match(routes[i]->pattern, req->path, req))
            continue;
        if (ncand < MAX_CANDIDATES)
            cand[ncand++] = i;
        else
            overflow = 1;
        if (best < 0 || specificity(routes[i]->pattern, routes[best]->pattern) > 0) best = i;
    }
    if (best < 0) {
        req->nparams = 0;
        return kazi_error_set(KAZI_ENOTFOUND, NULL, "no such resource: %s", req->path);
    }
    /* The path's template is the best pattern; its methods are the only ones allowed. */
    int n = overflow ? to - from : ncand;
    for (int j = 0; j < n; j++) {
        int i = overflow ? by_slashes[from + j] : cand[j];
        if ((overflow && strncmp(routes[i]->pattern, req->path, keys[i].literal) != 0) ||
            specificity(routes[i]->pattern, routes[best]->pattern) != 0 ||
            !match(routes[i]->pattern, req->path, req))
            continue;
        if (!strcmp(routes[i]->method, req->method)) {
            req->route = routes[i];
            req->route_index = i;
            return KAZI_OK;
        }
        size_t ml = strlen(routes[i]->method);
        if (!strstr(allow, routes[i]->method) && alen + ml + 3 < allow_size) {
            if (alen) {
                memcpy(allow + alen, ", ", 2);
                alen += 2;
            }
            memcpy(allow + alen, routes[i]->method, ml + 1);
            alen += ml;
        }
    }
    req->nparams = 0;
    return kazi_error_set(KAZI_EMETHOD, NULL, "%s is not allowed here; allowed: %s", req->method,
                          allow);
}
