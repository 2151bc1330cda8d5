-- Access: the org-unit hierarchy, organisations, users, sessions, API tokens,
-- login rate limiting and the hash-chained audit trail (issue 3).

-- The hierarchy as a materialised path: `path` is "/<root id>/<child id>/.../<own id>/".
-- A subtree is the index range [prefix, prefix with its last '/' replaced by '0'),
-- an ancestor test is a string prefix test; see docs/security.md ("Org units").
CREATE TABLE org_unit (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES org_unit(id),
    depth      INTEGER NOT NULL CHECK (depth >= 0),
    level_id   TEXT NOT NULL,
    path       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX org_unit_parent ON org_unit(parent_id, name);
CREATE INDEX org_unit_name ON org_unit(name);

-- Employers and funders (principle 6: inside and outside government).
CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('government', 'ngo', 'private', 'faith_based')),
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX organisation_org_unit ON organisation(org_unit_id);

-- People who sign in. One role each; scope_org_unit_id NULL means national scope.
CREATE TABLE app_user (
    id                INTEGER PRIMARY KEY,
    username          TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL,
    scope_org_unit_id INTEGER REFERENCES org_unit(id),
    disabled          INTEGER NOT NULL DEFAULT 0,
    totp_secret       TEXT,              -- base32; set while enrolling or enrolled
    totp_enabled      INTEGER NOT NULL DEFAULT 0,
    totp_last_step    INTEGER NOT NULL DEFAULT 0, -- replay protection
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE recovery_code (
    user_id   INTEGER NOT NULL REFERENCES app_user(id),
    code_hash TEXT NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- Sessions are found by the hash of their id; the id itself is never stored.
CREATE TABLE session (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user(id),
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    mfa_pending  INTEGER NOT NULL DEFAULT 0, -- administrator who must enrol TOTP first
    client_addr  TEXT
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_token (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    token_hash        TEXT NOT NULL UNIQUE,
    prefix            TEXT NOT NULL,
    role              TEXT NOT NULL,
    scope_org_unit_id INTEGER REFERENCES org_unit(id),
    expires_at        INTEGER NOT NULL,
    created_by        INTEGER REFERENCES app_user(id),
    created_at        INTEGER NOT NULL,
    revoked_at        INTEGER,
    last_used_at      INTEGER
);

-- Failed logins, per account ('user') and per client address ('addr').
CREATE TABLE login_failure (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failure_key ON login_failure(kind, key, at);

-- Append-only, hash-chained audit trail. `hash` = SHA-256 over prev_hash and the
-- canonical serialisation of the row (domain/audit.c); verify with `kazi audit verify`.
CREATE TABLE audit (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    actor_user_id  INTEGER,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    entity_id      TEXT,
    before_json    TEXT,
    after_json     TEXT,
    request_id     TEXT,
    client_addr    TEXT,
    config_version TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity_type, entity_id);
CREATE INDEX audit_actor ON audit(actor_user_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
