#include "auth/secret.h"
#include "util/error.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kazi_secret_new(char out[65])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, 65, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

void kazi_secret_hash(char out[65], const char *secret)
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

int kazi_secret_equal(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na != nb) return 0;
    return sodium_memcmp(a, b, na) == 0;
}

void kazi_secret_recovery_code(char out[15])
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789"; /* no 0/o, 1/l/i */
    int k = 0;
    for (int i = 0; i < 12; i++) {
        if (i && i % 4 == 0) out[k++] = '-';
        out[k++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    }
    out[k] = '\0';
}

void kazi_secret_normalise_code(char *out, size_t size, const char *in)
{
    size_t k = 0;
    for (; in && *in && k + 1 < size; in++)
        if (*in != '-' && *in != ' ') out[k++] = (char)tolower((unsigned char)*in);
    if (size) out[k] = '\0';
}

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ok;

static void init_oath(void)
{
    oath_ok = oath_init() == OATH_OK;
}

static int decode(char **raw, size_t *len, const char *b32)
{
    pthread_once(&oath_once, init_oath);
    if (!oath_ok) return kazi_error_set(KAZI_ERROR, NULL, "liboath failed to initialise");
    if (oath_base32_decode(b32, strlen(b32), raw, len) != OATH_OK)
        return kazi_error_set(KAZI_ERROR, NULL, "stored TOTP secret is not base32");
    return KAZI_OK;
}

int kazi_totp_secret_new(char out[33])
{
    char raw[20], *b32 = NULL;
    size_t len = 0;
    pthread_once(&oath_once, init_oath);
    randombytes_buf(raw, sizeof raw);
    if (!oath_ok || oath_base32_encode(raw, sizeof raw, &b32, &len) != OATH_OK || len > 32) {
        free(b32);
        return kazi_error_set(KAZI_ERROR, NULL, "cannot encode a TOTP secret");
    }
    memcpy(out, b32, len);
    out[len] = '\0';
    free(b32);
    return KAZI_OK;
}

int kazi_totp_check(int64_t *step, const char *secret_b32, const char *code, int64_t now_ms,
                    int64_t last_step)
{
    if (!code || strlen(code) != KAZI_TOTP_DIGITS)
        return kazi_error_set(KAZI_EUNAUTH, "totp", "the one-time code is wrong");
    for (const char *p = code; *p; p++)
        if (!isdigit((unsigned char)*p))
            return kazi_error_set(KAZI_EUNAUTH, "totp", "the one-time code is wrong");
    char *raw = NULL;
    size_t len = 0;
    int rc = decode(&raw, &len, secret_b32);
    if (rc < 0) return rc;
    int pos = 0;
    uint64_t counter = 0;
    int r = oath_totp_validate3(raw, len, (time_t)(now_ms / 1000), KAZI_TOTP_STEP_S, 0, 1, &pos,
                                &counter, code);
    free(raw);
    if (r < 0 || (int64_t)counter <= last_step)
        return kazi_error_set(KAZI_EUNAUTH, "totp", "the one-time code is wrong or already used");
    *step = (int64_t)counter;
    return KAZI_OK;
}

int kazi_totp_generate(char out[7], const char *secret_b32, int64_t now_ms)
{
    char *raw = NULL;
    size_t len = 0;
    int rc = decode(&raw, &len, secret_b32);
    if (rc < 0) return rc;
    int r = oath_totp_generate(raw, len, (time_t)(now_ms / 1000), KAZI_TOTP_STEP_S, 0,
                               KAZI_TOTP_DIGITS, out);
    free(raw);
    return r == OATH_OK ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "cannot compute a TOTP code");
}

void kazi_totp_uri(char *out, size_t size, const char *issuer, const char *account,
                   const char *secret_b32)
{
    snprintf(out, size, "otpauth://totp/%s:%s?secret=%s&issuer=%s&digits=%d&period=%d", issuer,
             account, secret_b32, issuer, KAZI_TOTP_DIGITS, KAZI_TOTP_STEP_S);
}
