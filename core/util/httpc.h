/*
 * httpc — an HTTP(S) client for Kazi's outgoing calls (a push to DHIS2): one POST,
 * its status and its body. The one place libcurl is included.
 * Owns: libcurl's global set-up and each call's handle.
 * Uses: libcurl (Debian's libcurl4-openssl-dev).
 * Thread-safety: reentrant once kazi_httpc_post has run once (the global set-up is
 * done under pthread_once).
 */
#ifndef KAZI_UTIL_HTTPC_H
#define KAZI_UTIL_HTTPC_H

#include <stddef.h>

/* What the server answered. */
typedef struct kazi_httpc_reply {
    long status;        /* the HTTP status */
    char *body;         /* malloc'd, NUL-terminated (possibly ""); kazi_httpc_reply_free */
    size_t len;         /* bytes in body */
    char *content_type; /* malloc'd, or NULL when the server sent none */
} kazi_httpc_reply;

/* The largest reply body read; a longer one is an error. */
#define KAZI_HTTPC_MAX_REPLY (8u << 20)

/*
 * POST `len` bytes of `body` to `url` (http:// or https:// only; redirects are not
 * followed, so a credential never travels to another host) with the NULL-terminated
 * list of "Name: value" `headers`, waiting at most `timeout_s` seconds (0: 120).
 * KAZI_OK with *out filled whatever the status; KAZI_EINVALID (field "url") for a URL
 * that is not http(s); KAZI_ERROR when the server cannot be reached or the reply is
 * over KAZI_HTTPC_MAX_REPLY (message says which; *out is then empty).
 */
int kazi_httpc_post(kazi_httpc_reply *out, const char *url, const char *const *headers,
                    const char *body, size_t len, long timeout_s);

/* Free what a reply holds (NULL-safe; the struct itself is the caller's). */
void kazi_httpc_reply_free(kazi_httpc_reply *r);

#endif
