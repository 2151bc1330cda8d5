#include "auth/session.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/secret.h"
#include "domain/audit.h"
#include "store/session.h"
#include "util/clock.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static kazi_auth_opts opts = {
    .idle_ms = 30 * 60 * 1000,
    .absolute_ms = 12 * 60 * 60 * 1000,
    .admin_totp_required = 1,
    .user_limit = 5,
    .addr_limit = 20,
    .window_ms = 15 * 60 * 1000,
};

void kazi_auth_configure(const kazi_auth_opts *o)
{
    if (o->idle_ms > 0) opts.idle_ms = o->idle_ms;
    if (o->absolute_ms > 0) opts.absolute_ms = o->absolute_ms;
    opts.admin_totp_required = o->admin_totp_required;
    if (o->user_limit > 0) opts.user_limit = o->user_limit;
    if (o->addr_limit > 0) opts.addr_limit = o->addr_limit;
    if (o->window_ms > 0) opts.window_ms = o->window_ms;
}

const kazi_auth_opts *kazi_auth_options(void)
{
    return &opts;
}

static int user_json_pair(json_t **out, const char *username)
{
    *out = json_pack("{s:s}", "username", username ? username : "");
    return *out ? KAZI_OK : KAZI_ERROR;
}

/* Record a failed login for the account key and the address, audited, in one
 * transaction. The caller's error is kept. */
static void record_failure(kazi_db *db, const kazi_login_req *in, const char *key,
                           const kazi_user *u, const char *reason)
{
    kazi_error saved = *kazi_error_last();
    int64_t now = kazi_clock_now_ms();
    json_t *after = NULL;
    user_json_pair(&after, key);
    if (after) json_object_set_new(after, "reason", json_string(reason));
    char id[32];
    if (u) snprintf(id, sizeof id, "%lld", (long long)u->id);
    kazi_audit_ctx ctx = {u ? u->id : 0, "anonymous", in->request_id, in->client_addr};
    if (kazi_db_begin(db) == KAZI_OK) {
        int rc = kazi_loginfail_add(db, "user", key, now, now - opts.window_ms);
        if (rc == KAZI_OK)
            rc = kazi_loginfail_add(db, "addr", in->client_addr ? in->client_addr : "", now,
                                    now - opts.window_ms);
        if (rc == KAZI_OK)
            rc = kazi_audit_append(db, &ctx, "login.failure", "user", u ? id : NULL, NULL, after);
        (void)kazi_db_end(db, rc); /* best effort: the refusal stands either way */
    }
    json_decref(after);
    kazi_error_set_slug(saved.code, saved.slug, saved.field[0] ? saved.field : NULL, "%s",
                        saved.message);
}

static int limited(kazi_login_result *out, kazi_db *db, const char *kind, const char *key,
                   int limit, int64_t now)
{
    int count = 0;
    int64_t oldest = 0;
    int rc = kazi_loginfail_count(&count, &oldest, db, kind, key, now - opts.window_ms);
    if (rc < 0) return rc;
    if (count < limit) return KAZI_OK;
    int64_t wait = oldest + opts.window_ms - now;
    int secs = (int)((wait + 999) / 1000);
    if (secs < 1) secs = 1;
    if (secs > out->retry_after_s) out->retry_after_s = secs;
    return kazi_error_set(KAZI_ERATELIMIT, NULL,
                          "too many failed sign-ins; try again in %d seconds", secs);
}

int kazi_auth_login(kazi_login_result *out, kazi_db *db, const kazi_login_req *in)
{
    char key[65];
    int rc;
    int64_t now = kazi_clock_now_ms();
    memset(out, 0, sizeof *out);
    /* Account key: the lowercased name as typed (so unknown names are limited too). */
    size_t k = 0;
    for (const char *p = in->username ? in->username : ""; *p && k + 1 < sizeof key; p++)
        key[k++] = (char)tolower((unsigned char)*p);
    key[k] = '\0';

    int rc_user = limited(out, db, "user", key, opts.user_limit, now);
    int rc_addr =
        rc_user == KAZI_OK || rc_user == KAZI_ERATELIMIT
            ? limited(out, db, "addr", in->client_addr ? in->client_addr : "", opts.addr_limit, now)
            : rc_user;
    if (rc_user < 0 && rc_user != KAZI_ERATELIMIT) return rc_user;
    if (rc_addr < 0 && rc_addr != KAZI_ERATELIMIT) return rc_addr;
    if (rc_user == KAZI_ERATELIMIT || rc_addr == KAZI_ERATELIMIT)
        return kazi_error_set(KAZI_ERATELIMIT, NULL,
                              "too many failed sign-ins; try again in %d seconds",
                              out->retry_after_s);

    kazi_user u;
    rc = kazi_user_get_by_name(&u, db, key);
    int found = rc == KAZI_OK;
    if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    /* Exactly one argon2id verification whatever the case, so timing tells nothing. */
    rc = kazi_password_verify(found ? u.password_hash : NULL, in->password);
    if (rc == KAZI_OK && u.disabled) rc = KAZI_EUNAUTH;
    if (rc < 0) {
        kazi_error_set(KAZI_EUNAUTH, NULL, "wrong username or password");
        record_failure(db, in, key, found ? &u : NULL,
                       !found       ? "unknown user"
                       : u.disabled ? "disabled"
                                    : "wrong password");
        return KAZI_EUNAUTH;
    }

    int64_t step = u.totp_last_step;
    int used_recovery = 0;
    if (u.totp_enabled) {
        if ((!in->totp || !*in->totp) && (!in->recovery_code || !*in->recovery_code))
            return kazi_error_set_slug(KAZI_EUNAUTH, "totp_required", "totp",
                                       "enter the 6-digit code from your authenticator app "
                                       "(or a recovery code)");
        if (in->totp && *in->totp) {
            rc = kazi_totp_check(&step, u.totp_secret, in->totp, now, u.totp_last_step);
        } else {
            char norm[32], hash[65];
            kazi_secret_normalise_code(norm, sizeof norm, in->recovery_code);
            kazi_secret_hash(hash, norm);
            used_recovery = 1;
            if ((rc = kazi_db_begin(db)) < 0) return rc;
            rc = kazi_recovery_use(db, u.id, hash, now);
            if (rc == KAZI_OK) {
                char id[32];
                snprintf(id, sizeof id, "%lld", (long long)u.id);
                kazi_audit_ctx ctx = {u.id, u.username, in->request_id, in->client_addr};
                rc = kazi_audit_append(db, &ctx, "user.recovery_code_used", "user", id, NULL, NULL);
            }
            rc = kazi_db_end(db, rc);
            if (rc == KAZI_ENOTFOUND) rc = KAZI_EUNAUTH;
        }
        if (rc < 0) {
            kazi_error_set_slug(KAZI_EUNAUTH, "invalid_totp", "totp",
                                "the one-time code or recovery code is wrong or already used");
            record_failure(db, in, key, &u, "wrong second factor");
            return KAZI_EUNAUTH;
        }
    }

    kazi_session_row s = {0};
    kazi_secret_new(out->session_id);
    kazi_secret_hash(s.id_hash, out->session_id);
    kazi_secret_new(s.csrf_token);
    memcpy(out->csrf_token, s.csrf_token, sizeof out->csrf_token);
    s.user_id = u.id;
    s.created_at = s.last_seen_at = now;
    s.mfa_pending = opts.admin_totp_required && !u.totp_enabled && !strcmp(u.role, KAZI_ROLE_ADMIN);
    out->mfa_pending = s.mfa_pending;
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)u.id);
    kazi_audit_ctx ctx = {u.id, u.username, in->request_id, in->client_addr};
    json_t *after =
        json_pack("{s:b,s:b}", "second_factor", u.totp_enabled, "recovery_code", used_recovery);
    if ((rc = kazi_db_begin(db)) < 0) {
        json_decref(after);
        return rc;
    }
    u.totp_last_step = step;
    if ((rc = kazi_loginfail_clear(db, "user", key)) >= 0 &&
        (rc = kazi_session_purge_user(db, u.id, now - opts.idle_ms, now - opts.absolute_ms)) >= 0 &&
        (rc = kazi_session_insert(db, &s, in->client_addr)) >= 0 &&
        (!u.totp_enabled || (rc = kazi_user_update(db, &u)) >= 0))
        rc = kazi_audit_append(db, &ctx, "login.success", "user", id, NULL, after);
    json_decref(after);
    if ((rc = kazi_db_end(db, rc)) < 0) return rc;
    out->user = u;
    if (in->replaces) { /* best effort: it may have expired already */
        char old[65];
        kazi_secret_hash(old, in->replaces);
        (void)kazi_session_delete(db, old);
    }
    kazi_caller p;
    if ((rc = kazi_auth_from_session(&p, db, out->session_id)) < 0) return rc;
    return kazi_auth_session_json(&out->session, db, &p, out->csrf_token);
}

int kazi_auth_session_json(json_t **out, kazi_db *db, const kazi_caller *p, const char *csrf)
{
    json_t *doc = kazi_auth_caller_json(p, db);
    if (!doc) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    json_object_set_new(doc, "csrf_token", csrf ? json_string(csrf) : json_null());
    json_object_set_new(doc, "idle_timeout_s", json_integer(opts.idle_ms / 1000));
    json_object_set_new(doc, "absolute_timeout_s", json_integer(opts.absolute_ms / 1000));
    kazi_user u;
    int rc = p->kind == KAZI_CALLER_USER ? kazi_user_get(&u, db, p->user_id) : KAZI_ENOTFOUND;
    if (rc == KAZI_OK) json_object_set_new(doc, "user", kazi_user_json(&u));
    *out = doc;
    return KAZI_OK;
}

static void fill_user(kazi_caller *out, const kazi_user *u, const char *scope_path)
{
    out->kind = KAZI_CALLER_USER;
    out->user_id = u->id;
    snprintf(out->name, sizeof out->name, "%s", u->username);
    snprintf(out->role, sizeof out->role, "%s", u->role);
    out->scope_org_unit_id = u->scope_org_unit_id;
    kazi_caller_set_scope(out, scope_path);
}

int kazi_auth_from_session(kazi_caller *out, kazi_db *db, const char *session_id)
{
    memset(out, 0, sizeof *out);
    if (!session_id || strlen(session_id) != 64)
        return kazi_error_set(KAZI_EUNAUTH, NULL, "sign in first");
    kazi_session_row s;
    kazi_user u;
    char hash[65], scope[KAZI_ORGUNIT_PATH_MAX];
    kazi_secret_hash(hash, session_id);
    /* One statement: the session, its user and the user's scope unit. */
    int rc = kazi_user_get_by_session(&u, &s, scope, sizeof scope, db, hash);
    if (rc == KAZI_ENOTFOUND) return kazi_error_set(KAZI_EUNAUTH, NULL, "sign in first");
    if (rc < 0) return rc;
    int64_t now = kazi_clock_now_ms();
    if (now - s.last_seen_at > opts.idle_ms || now - s.created_at > opts.absolute_ms) {
        kazi_session_delete(db, hash);
        return kazi_error_set_slug(KAZI_EUNAUTH, "session_expired", NULL,
                                   "your session has expired; sign in again");
    }
    if (u.disabled) {
        kazi_session_delete(db, hash);
        return kazi_error_set(KAZI_EUNAUTH, NULL, "sign in first");
    }
    fill_user(out, &u, scope);
    out->mfa_pending = s.mfa_pending;
    memcpy(out->session_hash, hash, sizeof out->session_hash);
    memcpy(out->csrf_token, s.csrf_token, sizeof out->csrf_token);
    /* Coarse touch: at most one write per 10 s per session. On a full disk the touch is
     * skipped, not the request: reads stay served while writes answer 507. */
    if (now - s.last_seen_at > 10000 && (rc = kazi_session_touch(db, hash, now)) < 0 &&
        rc != KAZI_EFULL)
        return rc;
    return KAZI_OK;
}

int kazi_auth_from_token(kazi_caller *out, kazi_db *db, const char *token)
{
    memset(out, 0, sizeof *out);
    if (!token || strncmp(token, "kz_", 3) != 0 || strlen(token) != 67)
        return kazi_error_set(KAZI_EUNAUTH, NULL, "the API token is not valid");
    char hash[65];
    kazi_secret_hash(hash, token);
    kazi_token_row t;
    int rc = kazi_token_get_by_hash(&t, db, hash);
    if (rc == KAZI_ENOTFOUND || (rc == KAZI_OK && t.revoked_at))
        return kazi_error_set(KAZI_EUNAUTH, NULL, "the API token is not valid");
    if (rc < 0) return rc;
    int64_t now = kazi_clock_now_ms();
    if (now >= t.expires_at)
        return kazi_error_set_slug(KAZI_EUNAUTH, "token_expired", NULL,
                                   "the API token has expired");
    out->kind = KAZI_CALLER_TOKEN;
    out->token_id = t.id; /* a principal of its own: user_id stays 0, not its creator */
    snprintf(out->name, sizeof out->name, "token:%lld", (long long)t.id);
    snprintf(out->role, sizeof out->role, "%s", t.role);
    out->scope_org_unit_id = t.scope_org_unit_id;
    /* Coarse: at most one write a minute, enough to see whether a token is in use. */
    if (now - t.last_used_at > 60000 && (rc = kazi_token_touch(db, t.id, now)) < 0 &&
        rc != KAZI_EFULL)
        return rc;
    return kazi_caller_load_scope(out, db);
}

int kazi_auth_logout(kazi_db *db, const kazi_caller *p)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, p);
    const kazi_audit_ctx *ctx = &actx;
    if (p->kind != KAZI_CALLER_USER)
        return kazi_error_set(KAZI_EINVALID, NULL, "an API token has no session to end");
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)p->user_id);
    int rc = kazi_db_begin(db);
    if (rc < 0) return rc;
    if ((rc = kazi_session_delete(db, p->session_hash)) == KAZI_OK)
        rc = kazi_audit_append(db, ctx, "logout", "user", id, NULL, NULL);
    return kazi_db_end(db, rc);
}
