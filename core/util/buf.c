#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the NUL after them. */
static int room(kazi_buf *b, size_t n)
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
    return KAZI_OK;
}

int kazi_buf_append(kazi_buf *b, const char *s, size_t n)
{
    int rc = room(b, n);
    if (rc < 0) return rc;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KAZI_OK;
}

/* The bytes a JSON string escapes (1): control characters, the quote and the backslash;
 * the rest (0x60 to 0xff) are 0. */
static const unsigned char escaped[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20: '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x30 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50: '\\' */
};

int kazi_buf_json_string(kazi_buf *b, const char *s, size_t n)
{
    /* Room for the string unescaped and both quotes at once; each escape makes room for
     * its own bytes and the rest. Runs without an escape are copied in one piece. */
    if (n > SIZE_MAX / 8) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    int rc = room(b, n + 2);
    if (rc < 0) return rc;
    b->data[b->len++] = '"';
    for (size_t i = 0;;) {
        size_t from = i;
        while (i < n && !escaped[(unsigned char)s[i]])
            i++;
        memcpy(b->data + b->len, s + from, i - from);
        b->len += i - from;
        if (i == n) break;
        if ((rc = room(b, 6 + (n - i - 1) + 1)) < 0) return rc;
        unsigned char c = (unsigned char)s[i++];
        char *d = b->data + b->len;
        *d++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *d++ = (char)c;
            break;
        case '\b':
            *d++ = 'b';
            break;
        case '\f':
            *d++ = 'f';
            break;
        case '\n':
            *d++ = 'n';
            break;
        case '\r':
            *d++ = 'r';
            break;
        case '\t':
            *d++ = 't';
            break;
        default:
            *d++ = 'u';
            *d++ = '0';
            *d++ = '0';
            *d++ = "0123456789abcdef"[c >> 4];
            *d++ = "0123456789abcdef"[c & 15];
        }
        b->len = (size_t)(d - b->data);
    }
    b->data[b->len++] = '"';
    b->data[b->len] = '\0';
    return KAZI_OK;
}

size_t kazi_str_copy(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

size_t kazi_str_int(char *out, long long v)
{
    char d[KAZI_INT_TEXT];
    size_t i = sizeof d;
    /* in unsigned arithmetic, so the most negative value has its digits too */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        d[--i] = (char)('0' + u % 10);
    while ((u /= 10));
    if (v < 0) d[--i] = '-';
    size_t n = sizeof d - i;
    memcpy(out, d + i, n);
    out[n] = '\0';
    return n;
}
