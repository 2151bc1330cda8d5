/*
 * compress — gzip for the API's JSON and CSV replies, when the client accepts it.
 * Owns: the rule of which replies are compressed (docs/security.md, "Compression"):
 *   JSON and CSV replies of a route, 1 KB or more, never one that carries a secret.
 * Uses: util/gzip, http/request, http/router.
 * Thread-safety: per request; no shared state.
 */
#ifndef KAZI_HTTP_COMPRESS_H
#define KAZI_HTTP_COMPRESS_H

#include "http/request.h"

/* Replies smaller than this are sent as they are: gzip would save a few hundred bytes at
 * best, and they are the hot, latency-bound ones (healthz, a person by id). */
#define KAZI_COMPRESS_MIN 1024

/* Does this Accept-Encoding value accept gzip (gzip or x-gzip or *, q above 0)? */
int kazi_compress_accepts_gzip(const char *accept_encoding);

/*
 * Compress the reply about to be sent to `req`, when all of: the route answered it
 * (not a static file: those are precompressed), it is JSON or CSV, it does not carry
 * a secret (the route is marked .secret, or it sets a cookie: BREACH), it has no
 * Content-Encoding yet, and it is at least KAZI_COMPRESS_MIN bytes or streamed.
 * Such a reply says Vary: Accept-Encoding; when the client accepts gzip its body is
 * replaced by the gzip of it (a streamed reply is marked resp->gzip and compressed by
 * kazi_compress_stream while it is sent), with Content-Encoding: gzip. An ETag stays
 * as it is: the validator of the uncompressed body (kazi_reply_json_etag), the same for
 * both codings, so a 304 (which has no body to compress) always names the ETag the
 * client holds; API replies are no-store and never ranged, so no cache can mix the
 * two codings' bytes. On any failure the reply is left as it was (sent uncompressed).
 */
void kazi_compress_reply(const kazi_req *req, kazi_resp *resp);

/*
 * Run a streamed reply's producer with its output gzipped on the way to `write`.
 * Returns the producer's code, or KAZI_ERROR / the writer's code when compressing or
 * writing fails (the reply is then cut short, like any failed stream).
 */
int kazi_compress_stream(kazi_resp_producer fn, void *ctx, kazi_resp_write_fn write, void *wctx);

#endif
