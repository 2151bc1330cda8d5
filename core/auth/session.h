/*
 * session — signing in: password (+ TOTP) login with brute-force limits, session
 * and API-token authentication with idle and absolute timeouts, logout.
 * Owns: the session policy (timeouts, limits, whether administrators need TOTP).
 * Uses: auth/password, auth/secret, auth/access, store/user, store/session,
 * domain/audit, util/clock.
 * Thread-safety: configure once before serving; the rest is reentrant (each call
 * takes the caller's connection).
 */
#ifndef KAZI_AUTH_SESSION_H
#define KAZI_AUTH_SESSION_H

#include <stdint.h>

#include "auth/access.h"
#include "store/user.h"

typedef struct kazi_auth_opts {
    int64_t idle_ms;         /* default 30 min */
    int64_t absolute_ms;     /* default 12 h */
    int admin_totp_required; /* default 1 */
    int user_limit;          /* failed logins per account per window (default 5) */
    int addr_limit;          /* failed logins per client address per window (default 20) */
    int64_t window_ms;       /* default 15 min */
} kazi_auth_opts;

/* Set the policy; zero fields keep their defaults. */
void kazi_auth_configure(const kazi_auth_opts *opts);
const kazi_auth_opts *kazi_auth_options(void);

typedef struct kazi_login_req {
    const char *username, *password;
    const char *totp;          /* 6 digits, or NULL */
    const char *recovery_code; /* or NULL */
    const char *client_addr, *request_id;
    const char *replaces; /* the session id the client still had (its cookie) or NULL: a
                             session is replaced on sign-in, never reused */
} kazi_login_req;

typedef struct kazi_login_result {
    char session_id[65]; /* the cookie value: shown once, stored only hashed */
    char csrf_token[65];
    kazi_user user;
    int mfa_pending;
    int retry_after_s; /* set with KAZI_ERATELIMIT */
    json_t *session;   /* on success: the session document (kazi_auth_session_json); new */
} kazi_login_result;

/*
 * Sign in. KAZI_OK with a new session (a new id on every login); KAZI_EUNAUTH for a
 * wrong or unknown username, wrong password or a disabled account — the same message
 * and the same work (one argon2id verification) in each case; KAZI_EUNAUTH with slug
 * "totp_required" when the password is right but a second factor is needed;
 * KAZI_ERATELIMIT with out->retry_after_s when the account or the address has had
 * too many failures in the window. Failures and successes are audited. On success the
 * session in->replaces names is ended and out->session is the new session's document.
 */
int kazi_auth_login(kazi_login_result *out, kazi_db *db, const kazi_login_req *in);

/* The document of caller p's session (GET /api/v1/auth/me): who, role, permissions,
 * scope (kazi_auth_caller_json), the CSRF token (NULL: none, e.g. for API tokens), the
 * timeouts, and for a user the account. *out: new. */
int kazi_auth_session_json(json_t **out, kazi_db *db, const kazi_caller *p, const char *csrf);

/* The principal of session id `session_id` (the cookie value). KAZI_EUNAUTH when
 * unknown, idle too long, too old, or its user is disabled (expired sessions are
 * deleted). */
int kazi_auth_from_session(kazi_caller *out, kazi_db *db, const char *session_id);

/* The principal of API token `token`. KAZI_EUNAUTH when unknown, revoked or expired. */
int kazi_auth_from_token(kazi_caller *out, kazi_db *db, const char *token);

/* End the principal's session (audited). */
int kazi_auth_logout(kazi_db *db, const kazi_caller *p);

#endif
