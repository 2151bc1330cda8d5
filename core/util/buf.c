#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int kazi_buf_append(kazi_buf *b, const char *s, size_t n)
{
    /* the size computations below must not wrap: refuse what no buffer can hold */
    if (n > SIZE_MAX / 4 - b->len) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        b->data = d;
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KAZI_OK;
}
