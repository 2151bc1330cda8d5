#include "util/rand.h"
#include "util/error.h"

#include <sodium.h>

int kazi_rand_init(void)
{
    if (sodium_init() < 0) return kazi_error_set(KAZI_ERROR, NULL, "libsodium failed to start");
    return KAZI_OK;
}

void kazi_rand_bytes(void *buf, size_t n)
{
    randombytes_buf(buf, n);
}

void kazi_rand_hex(char *out, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[64];
    size_t k = 0;
    while (n > 0) {
        size_t chunk = n < sizeof b ? n : sizeof b;
        randombytes_buf(b, chunk);
        for (size_t i = 0; i < chunk; i++) {
            out[k++] = hex[b[i] >> 4];
            out[k++] = hex[b[i] & 15];
        }
        n -= chunk;
    }
    out[k] = '\0';
}
