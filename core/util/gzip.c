#include "util/gzip.h"
#include "util/error.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

/* windowBits 15 + 16: a gzip header and trailer rather than zlib's. */
#define GZIP_WINDOW (15 + 16)
#define OUT_CHUNK   (16 * 1024)

struct kazi_gzip_stream {
    z_stream zs;
    kazi_gzip_sink sink;
    void *ctx;
    int ready; /* deflateInit2 succeeded: deflateEnd is owed */
    unsigned char out[OUT_CHUNK];
};

int kazi_gzip(char **out, size_t *out_len, const char *data, size_t len, int level)
{
    *out = NULL;
    *out_len = 0;
    if (len > UINT_MAX / 2) return kazi_error_set(KAZI_ERROR, NULL, "too large to compress");
    z_stream zs = {0};
    if (deflateInit2(&zs, level, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    /* deflateBound covers zlib's wrapper; gzip's header and trailer are 18 bytes. */
    size_t cap = deflateBound(&zs, (uLong)len) + 18;
    char *buf = malloc(cap);
    int rc = KAZI_OK;
    if (!buf) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)buf;
    zs.avail_out = (uInt)cap;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "gzip failed: %s", zs.msg ? zs.msg : "no room");
        free(buf);
        goto done;
    }
    *out = buf;
    *out_len = cap - zs.avail_out;
done:
    deflateEnd(&zs);
    return rc;
}

int kazi_gzip_begin(kazi_gzip_stream **out, int level, kazi_gzip_sink sink, void *ctx)
{
    *out = NULL;
    kazi_gzip_stream *z = calloc(1, sizeof *z);
    if (!z) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (deflateInit2(&z->zs, level, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    z->ready = 1;
    z->sink = sink;
    z->ctx = ctx;
    z->zs.next_out = z->out;
    z->zs.avail_out = OUT_CHUNK;
    *out = z;
    return KAZI_OK;
}

/* Hand the compressed bytes gathered so far to the sink. */
static int drain(kazi_gzip_stream *z)
{
    size_t n = OUT_CHUNK - z->zs.avail_out;
    int rc = n ? z->sink(z->ctx, (const char *)z->out, n) : KAZI_OK;
    z->zs.next_out = z->out;
    z->zs.avail_out = OUT_CHUNK;
    return rc;
}

/* Run deflate with `flush` until it has taken all input (and, finishing, ended). */
static int pump(kazi_gzip_stream *z, int flush)
{
    for (;;) {
        int zr = deflate(&z->zs, flush);
        if (zr == Z_STREAM_ERROR)
            return kazi_error_set(KAZI_ERROR, NULL, "gzip failed: %s",
                                  z->zs.msg ? z->zs.msg : "stream error");
        int done = flush == Z_FINISH ? zr == Z_STREAM_END : z->zs.avail_in == 0;
        if (z->zs.avail_out == 0 || (done && flush == Z_FINISH)) {
            int rc = drain(z);
            if (rc < 0) return rc;
        }
        if (done && z->zs.avail_out != 0) return KAZI_OK;
    }
}

int kazi_gzip_write(kazi_gzip_stream *z, const char *buf, size_t len)
{
    while (len) {
        uInt n = len > UINT_MAX / 2 ? UINT_MAX / 2 : (uInt)len;
        z->zs.next_in = (Bytef *)(uintptr_t)buf;
        z->zs.avail_in = n;
        int rc = pump(z, Z_NO_FLUSH);
        if (rc < 0) return rc;
        buf += n;
        len -= n;
    }
    return KAZI_OK;
}

int kazi_gzip_finish(kazi_gzip_stream *z)
{
    z->zs.next_in = NULL;
    z->zs.avail_in = 0;
    return pump(z, Z_FINISH);
}

void kazi_gzip_free(kazi_gzip_stream *z)
{
    if (!z) return;
    if (z->ready) deflateEnd(&z->zs);
    free(z);
}
