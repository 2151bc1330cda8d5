-- Provenance of report runs (issue 5 point 7): every run of a Lua report, from the API
-- or the CLI, with who ran it, in which org-unit scope, when, with which parameters,
-- under which configuration commit, and how many rows it returned. The rows themselves
-- are not kept (they can hold personal data and would go stale).
CREATE TABLE report_runs (
    id            INTEGER PRIMARY KEY,
    report_id     TEXT NOT NULL,
    params        TEXT NOT NULL,        -- JSON object as given by the caller
    run_by        TEXT NOT NULL,        -- username, "token:<id>", or "cli:<login>"
    user_id       INTEGER,              -- NULL from the CLI
    scope_path    TEXT NOT NULL,        -- org-unit path the run could see; '/' national
    config_commit TEXT NOT NULL,        -- the configuration the report ran under
    format        TEXT NOT NULL CHECK (format IN ('json', 'csv')),
    via           TEXT NOT NULL CHECK (via IN ('api', 'cli')),
    row_count     INTEGER NOT NULL CHECK (row_count >= 0),
    request_id    TEXT,
    run_at        INTEGER NOT NULL      -- epoch milliseconds
);
CREATE INDEX report_runs_scope ON report_runs (scope_path, id);
CREATE INDEX report_runs_user ON report_runs (user_id, id);
