#include "auth/password.h"
#include "util/error.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    char pw[33];
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
    if (crypto_pwhash_str(dummy, pw, strlen(pw), KAZI_PASSWORD_OPSLIMIT, KAZI_PASSWORD_MEMLIMIT) !=
        0)
        dummy[0] = '\0';
}

void kazi_password_warm(void)
{
    pthread_once(&dummy_once, make_dummy);
}

int kazi_password_check_policy(const char *pw, const char *field)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < KAZI_PASSWORD_MIN)
        return kazi_error_set(KAZI_EINVALID, field, "the password must be at least %d characters",
                              KAZI_PASSWORD_MIN);
    if (n > KAZI_PASSWORD_MAX)
        return kazi_error_set(KAZI_EINVALID, field, "the password must be at most %d characters",
                              KAZI_PASSWORD_MAX);
    return KAZI_OK;
}

int kazi_password_hash(char *out, const char *pw)
{
    _Static_assert(crypto_pwhash_STRBYTES <= KAZI_PASSWORD_HASH_MAX, "hash buffer too small");
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), KAZI_PASSWORD_OPSLIMIT, KAZI_PASSWORD_MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory hashing a password");
    return KAZI_OK;
}

int kazi_password_verify(const char *hash, const char *pw)
{
    int real = hash && !strncmp(hash, "$argon2id$", 10);
    if (!real) {
        pthread_once(&dummy_once, make_dummy);
        hash = dummy;
    }
    int ok = crypto_pwhash_str_verify(hash, pw ? pw : "", pw ? strlen(pw) : 0) == 0;
    if (real && ok) return KAZI_OK;
    return kazi_error_set(KAZI_EUNAUTH, NULL, "wrong username or password");
}
