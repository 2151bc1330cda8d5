/*
 * static — serving the built web UI: content types, caching, precompressed files,
 * and the single-page-app fallback to index.html.
 * Owns: nothing beyond the response it fills.
 * Uses: http/request.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_HTTP_STATIC_H
#define KAZI_HTTP_STATIC_H

#include "http/request.h"

/*
 * Fill resp with the file under web_dir named by req->path. Paths with a ".."
 * segment, a NUL or a backslash are refused (KAZI_ENOTFOUND). A path whose last
 * segment has no dot gets index.html (client-side routes). Files under /assets/ are
 * content-hashed by the build and cached for a year; everything else is revalidated
 * with an ETag (If-None-Match → 304). A sibling `.br` (brotli) or `.gz` is sent when
 * the client accepts that coding (brotli first). KAZI_ENOTFOUND when there is no such file.
 */
int kazi_static_serve(kazi_req *req, kazi_resp *resp, const char *web_dir);

/* Content type for a file name, by extension; "application/octet-stream" if unknown. */
const char *kazi_static_type(const char *name);

#endif
