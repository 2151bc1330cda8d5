/*
 * httpc — outgoing HTTP(S) through libcurl. See httpc.h.
 */
#include "util/httpc.h"
#include "util/buf.h"
#include "util/error.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct sink {
    kazi_buf buf;
    int too_big;
} sink;

static size_t on_data(char *ptr, size_t size, size_t n, void *ctx)
{
    sink *s = ctx;
    size_t len = size * n;
    if (s->buf.len + len > KAZI_HTTPC_MAX_REPLY) {
        s->too_big = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    return kazi_buf_append(&s->buf, ptr, len) < 0 ? 0 : len;
}

void kazi_httpc_reply_free(kazi_httpc_reply *r)
{
    if (!r) return;
    free(r->body);
    free(r->content_type);
    memset(r, 0, sizeof *r);
}

int kazi_httpc_post(kazi_httpc_reply *out, const char *url, const char *const *headers,
                    const char *body, size_t len, long timeout_s)
{
    memset(out, 0, sizeof *out);
    if (!url || (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)))
        return kazi_error_set(KAZI_EINVALID, "url", "the URL must start with http:// or https://");
    pthread_once(&once, global_init);
    if (global_rc != CURLE_OK) return kazi_error_set(KAZI_ERROR, NULL, "libcurl did not start");
    int rc = KAZI_OK;
    struct curl_slist *list = NULL;
    sink s = {{0}, 0};
    CURL *h = curl_easy_init();
    if (!h) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (const char *const *hd = headers; hd && *hd; hd++) {
        struct curl_slist *next = curl_slist_append(list, *hd);
        if (!next) {
            rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            goto done;
        }
        list = next;
    }
    char err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s > 0 ? timeout_s : 120L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
    CURLcode cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        rc = s.too_big ? kazi_error_set(KAZI_ERROR, NULL, "the reply of %s is over %u bytes", url,
                                        KAZI_HTTPC_MAX_REPLY)
                       : kazi_error_set(KAZI_ERROR, NULL, "could not POST to %s: %s", url,
                                        err[0] ? err : curl_easy_strerror(cc));
        goto done;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    char *ct = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
    if (ct && !(out->content_type = strdup(ct))) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if (!s.buf.data && kazi_buf_append(&s.buf, "", 0) < 0) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    out->body = s.buf.data;
    out->len = s.buf.len;
    s.buf.data = NULL;
done:
    if (rc < 0) kazi_httpc_reply_free(out);
    free(s.buf.data);
    curl_slist_free_all(list);
    curl_easy_cleanup(h);
    return rc;
}
