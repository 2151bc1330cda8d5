#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>
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

int kazi_buf_json_string(kazi_buf *b, const char *s, size_t n)
{
    int rc = kazi_buf_append(b, "\"", 1);
    size_t run = 0; /* bytes since the last escape, appended in one piece */
    for (size_t i = 0; i < n && rc == KAZI_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            run++;
            continue;
        }
        rc = kazi_buf_append(b, s + i - run, run);
        run = 0;
        char esc[8];
        size_t len = 2;
        esc[0] = '\\';
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            len = (size_t)snprintf(esc, sizeof esc, "\\u%04x", c);
        }
        if (rc == KAZI_OK) rc = kazi_buf_append(b, esc, len);
    }
    if (rc == KAZI_OK) rc = kazi_buf_append(b, s + n - run, run);
    if (rc == KAZI_OK) rc = kazi_buf_append(b, "\"", 1);
    return rc;
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
