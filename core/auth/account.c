#include "auth/account.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/secret.h"
#include "store/orgunit.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static int check_username(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 64)
        return kazi_error_set(KAZI_EINVALID, "username", "the username must be 3 to 64 characters");
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
              *p == '-'))
            return kazi_error_set(KAZI_EINVALID, "username",
                                  "the username may contain only lowercase letters, digits, "
                                  "'.', '_' and '-'");
    return KAZI_OK;
}

static int check_display(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 200)
        return kazi_error_set(KAZI_EINVALID, "display_name",
                              "the display name must be 1 to 200 characters");
    return KAZI_OK;
}

/* Role and scope together: the role must exist and its scope rule must hold. */
static int check_role_scope(kazi_db *db, const char *role, int64_t scope, const char *field)
{
    if (!kazi_role_valid(role))
        return kazi_error_set(KAZI_EINVALID, "role", "unknown role '%s'; roles: %s",
                              role ? role : "", kazi_role_names());
    kazi_scope_rule rule = kazi_role_scope_rule(role);
    if (rule == KAZI_SCOPE_REQUIRED && !scope)
        return kazi_error_set(KAZI_EINVALID, field, "the role %s needs an org-unit scope", role);
    if (rule == KAZI_SCOPE_NATIONAL && scope)
        return kazi_error_set(KAZI_EINVALID, field, "the role %s is national and takes no scope",
                              role);
    if (scope) {
        kazi_orgunit u;
        int rc = kazi_orgunit_get(&u, db, scope);
        if (rc == KAZI_ENOTFOUND)
            return kazi_error_set(KAZI_EINVALID, field, "There is no org unit with id %lld",
                                  (long long)scope);
        if (rc < 0) return rc;
    }
    return KAZI_OK;
}

static void idstr(char *buf, size_t size, int64_t id)
{
    snprintf(buf, size, "%lld", (long long)id);
}

/* Run `body` between BEGIN and the end its rc decides (kazi_db_end). */
#define IN_TX(db, rc, body)                                                                        \
    do {                                                                                           \
        if ((rc = kazi_db_begin(db)) < 0) break;                                                   \
        body;                                                                                      \
        rc = kazi_db_end(db, rc);                                                                  \
    } while (0)

int kazi_account_create(kazi_user *out, kazi_db *db, const kazi_caller *caller,
                        const kazi_account_spec *spec)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_user u = {0};
    int rc;
    if ((rc = check_username(spec->username)) < 0) return rc;
    const char *display = spec->display_name ? spec->display_name : spec->username;
    if ((rc = check_display(display)) < 0) return rc;
    if ((rc = kazi_password_check_policy(spec->password, "password")) < 0) return rc;
    int64_t scope = spec->scope_org_unit_id;
    if (!scope && spec->scope_code && *spec->scope_code) {
        kazi_orgunit s;
        rc = kazi_orgunit_get_by_code(&s, db, spec->scope_code);
        if (rc == KAZI_ENOTFOUND)
            return kazi_error_set(KAZI_EINVALID, "scope", "no org unit with code %s",
                                  spec->scope_code);
        if (rc < 0) return rc;
        scope = s.id;
    }
    if ((rc = check_role_scope(db, spec->role, scope, "scope_org_unit_id")) < 0) return rc;
    snprintf(u.username, sizeof u.username, "%s", spec->username);
    snprintf(u.display_name, sizeof u.display_name, "%s", display);
    snprintf(u.role, sizeof u.role, "%s", spec->role);
    u.scope_org_unit_id = scope;
    if ((rc = kazi_password_hash(u.password_hash, spec->password)) < 0) return rc;
    IN_TX(db, rc, {
        if ((rc = kazi_user_insert(&u, db)) >= 0) {
            char id[32];
            idstr(id, sizeof id, u.id);
            json_t *after = kazi_user_json(&u);
            rc = kazi_audit_append(db, ctx, "user.create", "user", id, NULL, after);
            json_decref(after);
        }
    });
    if (rc == KAZI_OK && out) *out = u;
    return rc;
}

int kazi_account_update(kazi_user *out, kazi_db *db, const kazi_caller *caller, int64_t id,
                        const kazi_account_patch *p)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    /* An administrator cannot lock themselves out. */
    if (caller && caller->kind == KAZI_CALLER_USER && caller->user_id == id) {
        if (p->disabled == 1)
            return kazi_error_set(KAZI_EINVALID, "disabled", "you cannot disable your own account");
        if (p->role && strcmp(p->role, KAZI_ROLE_ADMIN) != 0)
            return kazi_error_set(KAZI_EINVALID, "role",
                                  "you cannot take away your own administrator role");
    }
    kazi_user u;
    int rc = kazi_user_get(&u, db, id);
    if (rc < 0) return rc;
    json_t *before = kazi_user_json(&u);
    if (p->display_name) {
        if ((rc = check_display(p->display_name)) < 0) goto done;
        snprintf(u.display_name, sizeof u.display_name, "%s", p->display_name);
    }
    if (p->role) snprintf(u.role, sizeof u.role, "%s", p->role);
    if (p->set_scope) u.scope_org_unit_id = p->scope_org_unit_id;
    if (p->role || p->set_scope)
        if ((rc = check_role_scope(db, u.role, u.scope_org_unit_id, "scope_org_unit_id")) < 0)
            goto done;
    if (p->disabled >= 0) u.disabled = p->disabled ? 1 : 0;
    IN_TX(db, rc, {
        char sid[32];
        idstr(sid, sizeof sid, u.id);
        json_t *after = kazi_user_json(&u);
        if ((rc = kazi_user_update(db, &u)) >= 0 && (u.disabled || p->role || p->set_scope))
            rc = kazi_session_delete_user(db, u.id, NULL); /* privileges changed: sign in again */
        if (rc >= 0) rc = kazi_audit_append(db, ctx, "user.update", "user", sid, before, after);
        json_decref(after);
    });
    if (rc == KAZI_OK && out) *out = u;
done:
    json_decref(before);
    return rc;
}

int kazi_account_set_password(kazi_db *db, const kazi_caller *caller, int64_t id,
                              const char *password, const char *keep)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_user u;
    int rc = kazi_user_get(&u, db, id);
    if (rc < 0) return rc;
    if ((rc = kazi_password_check_policy(password, "password")) < 0) return rc;
    if ((rc = kazi_password_hash(u.password_hash, password)) < 0) return rc;
    IN_TX(db, rc, {
        char sid[32];
        idstr(sid, sizeof sid, u.id);
        if ((rc = kazi_user_update(db, &u)) >= 0 &&
            (rc = kazi_session_delete_user(db, u.id, keep)) >= 0)
            rc = kazi_audit_append(db, ctx, "user.password", "user", sid, NULL, NULL);
    });
    return rc;
}

/* The caller's own account: users only (an API token has no password or factor). */
static int own_user(kazi_user *u, kazi_db *db, const kazi_caller *caller)
{
    if (!caller || caller->kind != KAZI_CALLER_USER)
        return kazi_error_set(KAZI_EDENIED, NULL, "an API token has no password or second factor");
    return kazi_user_get(u, db, caller->user_id);
}

int kazi_account_change_own_password(kazi_db *db, const kazi_caller *caller, const char *current,
                                     const char *password)
{
    kazi_user u;
    int rc = own_user(&u, db, caller);
    if (rc < 0) return rc;
    if (kazi_password_verify(u.password_hash, current) < 0)
        return kazi_error_set(KAZI_EINVALID, "current_password", "the current password is wrong");
    if ((rc = kazi_password_check_policy(password, "new_password")) < 0) return rc;
    return kazi_account_set_password(db, caller, u.id, password, caller->session_hash);
}

int kazi_account_lookup(int64_t *out, kazi_db *db, const char *username)
{
    kazi_user u;
    int rc = kazi_user_get_by_name(&u, db, username);
    if (rc == KAZI_ENOTFOUND)
        return kazi_error_set(KAZI_ENOTFOUND, "username", "no user named %s", username);
    if (rc == KAZI_OK) *out = u.id;
    return rc;
}

int kazi_account_totp_begin(char secret[33], kazi_db *db, const kazi_caller *caller)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_user u;
    int rc = own_user(&u, db, caller);
    if (rc < 0) return rc;
    if (u.totp_enabled)
        return kazi_error_set(KAZI_ECONFLICT, NULL,
                              "two-factor sign-in is already on; turn it off first");
    if ((rc = kazi_totp_secret_new(secret)) < 0) return rc;
    snprintf(u.totp_secret, sizeof u.totp_secret, "%s", secret);
    IN_TX(db, rc, {
        char sid[32];
        idstr(sid, sizeof sid, u.id);
        if ((rc = kazi_user_update(db, &u)) >= 0)
            rc = kazi_audit_append(db, ctx, "user.totp_begin", "user", sid, NULL, NULL);
    });
    return rc;
}

int kazi_account_totp_confirm(char codes[KAZI_RECOVERY_CODES][15], kazi_db *db,
                              const kazi_caller *caller, const char *code)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_user u;
    int64_t step;
    int rc = own_user(&u, db, caller);
    if (rc < 0) return rc;
    if (u.totp_enabled)
        return kazi_error_set(KAZI_ECONFLICT, NULL, "two-factor sign-in is already on");
    if (!u.totp_secret[0])
        return kazi_error_set(KAZI_ECONFLICT, NULL, "start enrolment first (POST .../totp)");
    if (kazi_totp_check(&step, u.totp_secret, code, kazi_clock_now_ms(), u.totp_last_step) < 0)
        return kazi_error_set(KAZI_EINVALID, "code", "the one-time code is wrong");
    char hashes[KAZI_RECOVERY_CODES][65];
    for (int i = 0; i < KAZI_RECOVERY_CODES; i++) {
        char norm[32];
        kazi_secret_recovery_code(codes[i]);
        kazi_secret_normalise_code(norm, sizeof norm, codes[i]);
        kazi_secret_hash(hashes[i], norm);
    }
    u.totp_enabled = 1;
    u.totp_last_step = step;
    IN_TX(db, rc, {
        char sid[32];
        idstr(sid, sizeof sid, u.id);
        if ((rc = kazi_user_update(db, &u)) >= 0 &&
            (rc = kazi_recovery_replace(db, u.id, hashes, KAZI_RECOVERY_CODES)) >= 0 &&
            (rc = kazi_session_clear_mfa(db, u.id)) >= 0)
            rc = kazi_audit_append(db, ctx, "user.totp_enable", "user", sid, NULL, NULL);
    });
    return rc;
}

int kazi_account_totp_disable(kazi_db *db, const kazi_caller *caller, const char *code)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_user u;
    int64_t step;
    int rc = own_user(&u, db, caller);
    if (rc < 0) return rc;
    if (!u.totp_enabled) return kazi_error_set(KAZI_ECONFLICT, NULL, "two-factor sign-in is off");
    if (kazi_totp_check(&step, u.totp_secret, code, kazi_clock_now_ms(), u.totp_last_step) < 0)
        return kazi_error_set(KAZI_EINVALID, "code", "the one-time code is wrong");
    u.totp_enabled = 0;
    u.totp_secret[0] = '\0';
    u.totp_last_step = step;
    IN_TX(db, rc, {
        char sid[32];
        idstr(sid, sizeof sid, u.id);
        if ((rc = kazi_user_update(db, &u)) >= 0 &&
            (rc = kazi_recovery_replace(db, u.id, NULL, 0)) >= 0)
            rc = kazi_audit_append(db, ctx, "user.totp_disable", "user", sid, NULL, NULL);
    });
    return rc;
}

int kazi_account_totp_reset(kazi_db *db, const kazi_caller *caller, int64_t user_id)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_user u;
    int rc = kazi_user_get(&u, db, user_id);
    if (rc < 0) return rc;
    u.totp_enabled = 0;
    u.totp_secret[0] = '\0';
    IN_TX(db, rc, {
        char sid[32];
        idstr(sid, sizeof sid, u.id);
        if ((rc = kazi_user_update(db, &u)) >= 0 &&
            (rc = kazi_recovery_replace(db, u.id, NULL, 0)) >= 0 &&
            (rc = kazi_session_delete_user(db, u.id, NULL)) >= 0)
            rc = kazi_audit_append(db, ctx, "user.totp_reset", "user", sid, NULL, NULL);
    });
    return rc;
}

int kazi_account_token_create(char token[68], kazi_token_row *out, kazi_db *db,
                              const kazi_caller *caller, const char *name, const char *role,
                              int64_t scope, int expires_in_days)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_token_row t = {0};
    int rc;
    if (!name || !*name || strlen(name) > 100)
        return kazi_error_set(KAZI_EINVALID, "name", "the token name must be 1 to 100 characters");
    if ((rc = check_role_scope(db, role, scope, "scope_org_unit_id")) < 0) return rc;
    if (!strcmp(role, KAZI_ROLE_ADMIN))
        return kazi_error_set(KAZI_EINVALID, "role",
                              "API tokens cannot carry the administrator role");
    if (expires_in_days < 1 || expires_in_days > 730)
        return kazi_error_set(KAZI_EINVALID, "expires_in_days",
                              "expires_in_days must be from 1 to 730");
    char secret[65], hash[65];
    kazi_secret_new(secret);
    snprintf(token, 68, "kz_%s", secret);
    kazi_secret_hash(hash, token);
    snprintf(t.name, sizeof t.name, "%s", name);
    snprintf(t.prefix, sizeof t.prefix, "%.11s", token);
    snprintf(t.role, sizeof t.role, "%s", role);
    t.scope_org_unit_id = scope;
    t.created_at = kazi_clock_now_ms();
    t.expires_at = t.created_at + (int64_t)expires_in_days * 86400000;
    t.created_by = ctx->actor_user_id;
    IN_TX(db, rc, {
        if ((rc = kazi_token_insert(&t, db, hash)) >= 0) {
            char sid[32];
            idstr(sid, sizeof sid, t.id);
            json_t *after = kazi_token_json(&t);
            rc = kazi_audit_append(db, ctx, "token.create", "token", sid, NULL, after);
            json_decref(after);
        }
    });
    if (rc == KAZI_OK && out) *out = t;
    return rc;
}

int kazi_account_token_revoke(kazi_db *db, const kazi_caller *caller, int64_t id)
{
    kazi_audit_ctx actx;
    kazi_caller_audit(&actx, caller);
    const kazi_audit_ctx *ctx = &actx;
    kazi_token_row t;
    int rc = kazi_token_get(&t, db, id);
    if (rc < 0) return rc;
    IN_TX(db, rc, {
        char sid[32];
        idstr(sid, sizeof sid, id);
        if ((rc = kazi_token_revoke(db, id, kazi_clock_now_ms())) >= 0)
            rc = kazi_audit_append(db, ctx, "token.revoke", "token", sid, NULL, NULL);
    });
    return rc;
}
