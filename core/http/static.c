#include "http/static.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_STATIC_FILE (32 * 1024 * 1024)

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".csv", "text/csv; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
    {".map", "application/json"},
};

const char *kazi_static_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strcmp(dot, types[i].ext)) return types[i].type;
    return "application/octet-stream";
}

static int safe_path(const char *p)
{
    if (p[0] != '/') return 0;
    for (const char *s = p; *s; s++) {
        if (*s == '\\') return 0;
        if (s[0] == '/' && s[1] == '.' && (s[2] == '.' || s[2] == '/' || s[2] == '\0')) return 0;
    }
    return 1;
}

static int read_file(char **out, size_t *len, const char *path, const struct stat *st)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return KAZI_ENOTFOUND;
    char *buf = malloc((size_t)st->st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st->st_size, f) : 0;
    fclose(f);
    if (!buf || n != (size_t)st->st_size) {
        free(buf);
        return kazi_error_set(KAZI_ERROR, NULL, "cannot read %s", path);
    }
    *out = buf;
    *len = n;
    return KAZI_OK;
}

/* Whether an Accept-Encoding value ACCEPT names CODING (a token of its list, not
 * refused with q=0). */
static int accepts(const char *accept, const char *coding)
{
    size_t n = strlen(coding);
    for (const char *s = accept; s && *s;) {
        s += strspn(s, " \t,");
        size_t len = strcspn(s, " \t,;");
        const char *end = s + strcspn(s, ",");
        if (len == n && !strncasecmp(s, coding, n)) {
            const char *q = strstr(s, "q=");
            return !(q && q < end && strtod(q + 2, NULL) <= 0);
        }
        s = end;
    }
    return 0;
}

/* The precompressed sibling of PATH (NAME.br, else NAME.gz) that ACCEPT allows, written
 * to OUT with its stat in ST; its coding, or NULL to send PATH itself. */
static const char *sibling(char *out, size_t size, const char *path, const char *accept,
                           struct stat *st)
{
    static const char *const codings[][2] = {{"br", ".br"}, {"gzip", ".gz"}};
    for (size_t i = 0; i < sizeof codings / sizeof codings[0]; i++) {
        struct stat cst;
        if (!accepts(accept, codings[i][0])) continue;
        if (snprintf(out, size, "%s%s", path, codings[i][1]) >= (int)size) continue;
        if (stat(out, &cst) == 0 && S_ISREG(cst.st_mode)) {
            *st = cst;
            return codings[i][0];
        }
    }
    return NULL;
}

int kazi_static_serve(kazi_req *req, kazi_resp *resp, const char *web_dir)
{
    char path[1024], packed[1040], etag[80];
    struct stat st;
    if (!safe_path(req->path)) return KAZI_ENOTFOUND;
    const char *last = strrchr(req->path, '/');
    const char *rel = strchr(last, '.') ? req->path : "/index.html";
    if (snprintf(path, sizeof path, "%s%s", web_dir, rel) >= (int)sizeof path)
        return KAZI_ENOTFOUND;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_STATIC_FILE)
        return KAZI_ENOTFOUND;

    const char *type = kazi_static_type(path);
    const char *coding =
        sibling(packed, sizeof packed, path, kazi_req_header(req, "Accept-Encoding"), &st);
    const char *send = coding ? packed : path;
    snprintf(etag, sizeof etag, "\"%llx-%llx%s%s\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtime, coding ? "-" : "", coding ? coding : "");
    int immutable = !strncmp(rel, "/assets/", 8);
    kazi_resp_header(resp, "Cache-Control",
                     immutable ? "public, max-age=31536000, immutable" : "no-cache");
    kazi_resp_header(resp, "ETag", etag);
    kazi_resp_header(resp, "Vary", "Accept-Encoding");
    if (coding) kazi_resp_header(resp, "Content-Encoding", coding);
    const char *inm = kazi_req_header(req, "If-None-Match");
    if (inm && !strcmp(inm, etag)) {
        resp->status = 304;
        resp->content_type = type;
        return KAZI_OK;
    }
    char *data;
    size_t len;
    int rc = read_file(&data, &len, send, &st);
    if (rc < 0) return rc;
    kazi_reply_take(resp, 200, type, data, len);
    return KAZI_OK;
}
