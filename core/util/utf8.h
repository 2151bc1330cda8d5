/*
 * utf8 — what counts as UTF-8 text in Kazi: one decoder for every place that checks
 * text (CSV imports, configuration files, field values, demo names).
 * Owns: the rules for a valid character (no stray continuation byte, no truncated
 *       sequence, no overlong form, no surrogate, nothing past U+10FFFF).
 * Uses: nothing.
 * Thread-safety: pure functions.
 */
#ifndef KAZI_UTIL_UTF8_H
#define KAZI_UTIL_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the valid UTF-8 character at s, n bytes left (n >= 1),
 * or 0 when the bytes there are not one. */
size_t kazi_utf8_char(const unsigned char *s, size_t n);

/* Is s[0..n) valid UTF-8 throughout? (NUL bytes count as characters here.) */
int kazi_utf8_valid(const char *s, size_t n);

#endif
