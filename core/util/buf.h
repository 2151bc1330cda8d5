/*
 * buf — a growing byte buffer, always NUL-terminated: replies assembled in pieces,
 * extracts gathered from a stream.
 * Owns: its malloc'd bytes until the caller takes them (b->data) or frees them.
 * Uses: libc only.
 * Thread-safety: one buffer per thread at a time.
 */
#ifndef KAZI_UTIL_BUF_H
#define KAZI_UTIL_BUF_H

#include <stddef.h>

typedef struct kazi_buf {
    char *data; /* malloc'd, NUL-terminated once anything was appended; the caller frees */
    size_t len, cap;
} kazi_buf;

/* Copy the string src into dst (size bytes, size > 0), cut to size - 1 bytes and always
 * NUL-terminated, as snprintf(dst, size, "%s", src) without its formatting machinery
 * (a request copies a few such strings: its id, its language). Returns the bytes
 * copied. */
size_t kazi_str_copy(char *dst, size_t size, const char *src);

/* The decimal digits of v (with '-' when negative) into out, which holds at least
 * KAZI_INT_TEXT bytes, NUL-terminated, as snprintf's "%lld"; returns their length. */
#define KAZI_INT_TEXT 21
size_t kazi_str_int(char *out, long long v);

/* Append n bytes (doubling the capacity as needed). KAZI_OK, or KAZI_ERROR ("out of
 * memory", the buffer unchanged). */
int kazi_buf_append(kazi_buf *b, const char *s, size_t n);

/* Append n bytes of UTF-8 text as a JSON string: quoted, with '"', '\\' and control
 * characters escaped as jansson's compact dump writes them. KAZI_OK or KAZI_ERROR. */
int kazi_buf_json_string(kazi_buf *b, const char *s, size_t n);

#endif
