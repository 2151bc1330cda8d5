/*
 * secret — random bearer secrets (session ids, API tokens, recovery codes) and the
 * hashes under which they are stored, plus TOTP (RFC 6238) through liboath.
 * Owns: secret formats: 256-bit ids as 64 hex digits, hashes as BLAKE2b-256 hex.
 * Uses: libsodium, liboath.
 * Thread-safety: safe after kazi_rand_init().
 */
#ifndef KAZI_AUTH_SECRET_H
#define KAZI_AUTH_SECRET_H

#include <stddef.h>
#include <stdint.h>

/* 32 random bytes as 64 lowercase hex digits + NUL (out: 65 bytes). */
void kazi_secret_new(char out[65]);

/* BLAKE2b-256 of the NUL-terminated secret as 64 hex digits + NUL. Secrets are
 * 256-bit random, so an unsalted fast hash suffices: a stolen table reveals nothing
 * that can be replayed. */
void kazi_secret_hash(char out[65], const char *secret);

/* Constant-time equality of two NUL-terminated strings of possibly different length. */
int kazi_secret_equal(const char *a, const char *b);

/* A recovery code "xxxx-xxxx-xxxx" (lowercase base32-like) into out (15 bytes). */
void kazi_secret_recovery_code(char out[15]);

/* Normalise a typed recovery code (drop spaces and dashes, lowercase) into out. */
void kazi_secret_normalise_code(char *out, size_t size, const char *in);

#define KAZI_TOTP_STEP_S 30
#define KAZI_TOTP_DIGITS 6

/* A new 160-bit TOTP secret, base32 (32 characters + NUL). */
int kazi_totp_secret_new(char out[33]);

/*
 * Check a 6-digit code against the base32 secret at time now_ms, accepting one step
 * of clock drift either way. A step at or before `last_step` is refused (replay).
 * On KAZI_OK *step is the matched time step (to store as the new last_step);
 * KAZI_EUNAUTH otherwise.
 */
int kazi_totp_check(int64_t *step, const char *secret_b32, const char *code, int64_t now_ms,
                    int64_t last_step);

/* The code for secret_b32 at now_ms into out (7 bytes) — for tests and the CLI. */
int kazi_totp_generate(char out[7], const char *secret_b32, int64_t now_ms);

/* otpauth:// URI for authenticator apps into out. */
void kazi_totp_uri(char *out, size_t size, const char *issuer, const char *account,
                   const char *secret_b32);

#endif
