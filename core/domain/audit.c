#include "domain/audit.h"
#include "util/clock.h"
#include "util/error.h"

#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const kazi_audit_ctx *kazi_audit_ctx_cli(void)
{
    static kazi_audit_ctx ctx;
    if (!ctx.actor) kazi_caller_audit(&ctx, kazi_caller_cli());
    return &ctx;
}

/* name=len:bytes\n, or name=-\n for NULL: unambiguous for any content. */
static void feed(crypto_hash_sha256_state *h, const char *name, const char *value)
{
    char head[64];
    int n = value ? snprintf(head, sizeof head, "%s=%zu:", name, strlen(value))
                  : snprintf(head, sizeof head, "%s=-", name);
    crypto_hash_sha256_update(h, (const unsigned char *)head, (unsigned long long)n);
    if (value) crypto_hash_sha256_update(h, (const unsigned char *)value, strlen(value));
    crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

static void feed_int(crypto_hash_sha256_state *h, const char *name, int64_t v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)v);
    feed(h, name, num);
}

void kazi_audit_hash(char out[65], const kazi_audit_row *r)
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    feed(&h, "prev", r->prev_hash);
    feed_int(&h, "id", r->id);
    feed_int(&h, "at", r->at);
    feed_int(&h, "actor_user_id", r->actor_user_id);
    feed(&h, "actor", r->actor);
    feed(&h, "action", r->action);
    feed(&h, "entity_type", r->entity_type);
    feed(&h, "entity_id", r->entity_id);
    feed(&h, "before", r->before_json);
    feed(&h, "after", r->after_json);
    feed(&h, "request_id", r->request_id);
    feed(&h, "client_addr", r->client_addr);
    feed(&h, "config_version", r->config_version);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

int kazi_audit_append(kazi_db *db, const kazi_audit_ctx *ctx, const char *action,
                      const char *entity_type, const char *entity_id, const json_t *before,
                      const json_t *after)
{
    kazi_audit_row r = {0};
    int64_t head_id = 0;
    int rc = kazi_audit_head(&head_id, r.prev_hash, db);
    if (rc == KAZI_ENOTFOUND) {
        snprintf(r.prev_hash, sizeof r.prev_hash, "%s", KAZI_AUDIT_GENESIS);
        head_id = 0;
    } else if (rc < 0) {
        return rc;
    }
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if ((before && !b) || (after && !a)) {
        free(b);
        free(a);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory writing the audit trail");
    }
    r.id = head_id + 1;
    r.at = kazi_clock_now_ms();
    r.actor_user_id = ctx ? ctx->actor_user_id : 0;
    r.actor = ctx && ctx->actor ? ctx->actor : "system";
    r.action = action;
    r.entity_type = entity_type;
    r.entity_id = entity_id;
    r.before_json = b;
    r.after_json = a;
    r.request_id = ctx ? ctx->request_id : NULL;
    r.client_addr = ctx ? ctx->client_addr : NULL;
    r.config_version = NULL;
    kazi_audit_hash(r.hash, &r);
    rc = kazi_audit_insert(db, &r);
    free(b);
    free(a);
    return rc;
}

typedef struct {
    kazi_audit_report *rep;
    int64_t prev_id;
    char prev_hash[65];
} walk;

static int check(void *p, const kazi_audit_row *r)
{
    walk *w = p;
    char want[65];
    w->rep->rows++;
    if (r->id != w->prev_id + 1) {
        w->rep->bad_id = r->id;
        snprintf(w->rep->problem, sizeof w->rep->problem,
                 "row %lld follows row %lld: row(s) %lld..%lld were deleted", (long long)r->id,
                 (long long)w->prev_id, (long long)w->prev_id + 1, (long long)r->id - 1);
        return KAZI_ECONFLICT;
    }
    if (strcmp(r->prev_hash, w->prev_hash) != 0) {
        w->rep->bad_id = r->id;
        snprintf(w->rep->problem, sizeof w->rep->problem,
                 "row %lld does not chain onto row %lld (its prev_hash differs)", (long long)r->id,
                 (long long)w->prev_id);
        return KAZI_ECONFLICT;
    }
    kazi_audit_hash(want, r);
    if (strcmp(want, r->hash) != 0) {
        w->rep->bad_id = r->id;
        snprintf(w->rep->problem, sizeof w->rep->problem,
                 "row %lld was edited: its content does not match its hash", (long long)r->id);
        return KAZI_ECONFLICT;
    }
    w->prev_id = r->id;
    memcpy(w->prev_hash, r->hash, sizeof w->prev_hash);
    return KAZI_OK;
}

int kazi_audit_verify(kazi_audit_report *out, kazi_db *db)
{
    memset(out, 0, sizeof *out);
    walk w = {.rep = out};
    snprintf(w.prev_hash, sizeof w.prev_hash, "%s", KAZI_AUDIT_GENESIS);
    int rc = kazi_audit_each(db, check, &w);
    memcpy(out->head, w.prev_hash, sizeof out->head);
    if (rc == KAZI_ECONFLICT)
        return kazi_error_set(KAZI_ECONFLICT, NULL, "audit trail broken at row %lld: %s",
                              (long long)out->bad_id, out->problem);
    return rc;
}
