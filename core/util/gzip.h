/*
 * gzip — gzip (RFC 1952) compression of a buffer or of a stream written in pieces.
 * Owns: the only use of zlib; its state (about 256 KB per stream) until freed.
 * Uses: zlib, util/error.
 * Thread-safety: a stream belongs to one thread; the buffer call is reentrant.
 */
#ifndef KAZI_UTIL_GZIP_H
#define KAZI_UTIL_GZIP_H

#include <stddef.h>

/* Levels: FAST for large streams (CPU bound: about three times faster, a little larger),
 * BEST for replies held in memory (small, sent once). */
#define KAZI_GZIP_FAST 1
#define KAZI_GZIP_BEST 6

/*
 * Compress `len` bytes of `data` at `level` into a new malloc'd buffer *out (the caller
 * frees it) of *out_len bytes, a complete gzip member. KAZI_ERROR ("out of memory" or
 * zlib's reason) with *out NULL otherwise.
 */
int kazi_gzip(char **out, size_t *out_len, const char *data, size_t len, int level);

/* Receives compressed bytes; a negative return stops the stream (its error is kept). */
typedef int (*kazi_gzip_sink)(void *ctx, const char *buf, size_t len);

typedef struct kazi_gzip_stream kazi_gzip_stream;

/*
 * Begin a gzip stream that hands its output to `sink` in pieces of up to 16 KB (and
 * never an empty one). KAZI_ERROR when memory runs out. Free it with kazi_gzip_free.
 */
int kazi_gzip_begin(kazi_gzip_stream **out, int level, kazi_gzip_sink sink, void *ctx);

/* Compress `len` more bytes. KAZI_OK, or the sink's negative code, or KAZI_ERROR. */
int kazi_gzip_write(kazi_gzip_stream *z, const char *buf, size_t len);

/* Flush what is left and the gzip trailer. KAZI_OK, the sink's code, or KAZI_ERROR. */
int kazi_gzip_finish(kazi_gzip_stream *z);

/* Release a stream, finished or not. NULL-safe. */
void kazi_gzip_free(kazi_gzip_stream *z);

#endif
