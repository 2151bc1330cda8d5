/*
 * rand — cryptographically secure randomness (libsodium).
 * Owns: libsodium initialisation.
 * Uses: libsodium.
 * Thread-safety: safe after kazi_rand_init() (call once at start-up; idempotent).
 */
#ifndef KAZI_UTIL_RAND_H
#define KAZI_UTIL_RAND_H

#include <stddef.h>

/* Initialise libsodium. KAZI_ERROR if the system has no entropy source. */
int kazi_rand_init(void);

/* Fill buf with n random bytes. */
void kazi_rand_bytes(void *buf, size_t n);

/* Write 2*n lowercase hex characters of n random bytes plus NUL into out
 * (which must hold 2*n+1 bytes). */
void kazi_rand_hex(char *out, size_t n);

#endif
