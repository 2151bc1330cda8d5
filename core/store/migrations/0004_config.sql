-- Versioned configuration: validations of configuration commits and activations
-- (rollouts) of refs/kazi/live. Commits are 40-hex git ids of DATA/config.git.
CREATE TABLE config_validations (
    id           INTEGER PRIMARY KEY,
    commit_id    TEXT NOT NULL CHECK (length(commit_id) = 40),
    ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
    errors       TEXT NOT NULL,      -- JSON array of {file, line, message}
    checks       TEXT NOT NULL,      -- which checks ran, e.g. "builtin" or "builtin+lua"
    validated_at TEXT NOT NULL,      -- RFC 3339 UTC
    validated_by TEXT NOT NULL
);
CREATE INDEX config_validations_commit ON config_validations (commit_id, id);

CREATE TABLE config_rollouts (
    id           INTEGER PRIMARY KEY,
    from_commit  TEXT CHECK (from_commit IS NULL OR length(from_commit) = 40),
    to_commit    TEXT NOT NULL CHECK (length(to_commit) = 40),
    activated_by TEXT NOT NULL,
    reason       TEXT NOT NULL,
    activated_at TEXT NOT NULL,      -- RFC 3339 UTC
    request_id   TEXT
);
CREATE INDEX config_rollouts_to ON config_rollouts (to_commit);
