/*
 * password — password hashing (argon2id via libsodium) and the password policy.
 * Owns: the cost parameters and the dummy hash that equalises login timing.
 * Uses: libsodium crypto_pwhash_str (argon2id).
 * Thread-safety: safe after kazi_rand_init(); the dummy hash is built once, lazily,
 * under a pthread_once.
 */
#ifndef KAZI_AUTH_PASSWORD_H
#define KAZI_AUTH_PASSWORD_H

#include <stddef.h>

/* At least OWASP's argon2id minimum (m=19 MiB, t=2, p=1). */
#define KAZI_PASSWORD_OPSLIMIT 2
#define KAZI_PASSWORD_MEMLIMIT (19u * 1024u * 1024u)
#define KAZI_PASSWORD_MIN      12
#define KAZI_PASSWORD_MAX      1024
#define KAZI_PASSWORD_HASH_MAX 128

/* KAZI_EINVALID (field `field`) unless 12..1024 bytes of valid text. */
int kazi_password_check_policy(const char *password, const char *field);

/* Hash into out (KAZI_PASSWORD_HASH_MAX bytes). KAZI_ERROR when memory runs out. */
int kazi_password_hash(char *out, const char *password);

/* Build the dummy hash now (servers call this at start-up so that the first
 * unknown-user login takes no longer than any other). */
void kazi_password_warm(void);

/* KAZI_OK when password matches hash (constant time inside libsodium), else
 * KAZI_EUNAUTH. A NULL or malformed hash is verified against the dummy hash so that
 * the call takes the same time and still fails. */
int kazi_password_verify(const char *hash, const char *password);

#endif
