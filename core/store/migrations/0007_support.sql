-- Supervision, pay and support (issue 8): who supervises whom, supervision sessions
-- (the supervised hours certification rules count), payments and reimbursements,
-- support and wellness activities, monthly activity returns, and the link from a
-- user account to the person it is (so a supervisor sees their own supervisees).
-- Dates are ISO-8601 TEXT, periods 'YYYY-MM', times epoch milliseconds.

-- A user who is also a person in the register (a supervisor, usually). At most one
-- person per user; set by an administrator (PUT /api/v1/users/{id}/person).
CREATE TABLE user_person (
    user_id   INTEGER PRIMARY KEY REFERENCES app_user(id),
    person_id INTEGER NOT NULL REFERENCES person(id)
);

-- A supervisor assigned to a worker from start_date to end_date (NULL: current).
-- `config_source` is the configuration the rule allowed it under.
CREATE TABLE supervision (
    id                   INTEGER PRIMARY KEY,
    person_id            INTEGER NOT NULL REFERENCES person(id),
    supervisor_person_id INTEGER NOT NULL REFERENCES person(id),
    type                 TEXT NOT NULL CHECK (type IN ('individual', 'group', 'job_sharing',
                                                       'shadowing')),
    start_date           TEXT NOT NULL,
    end_date             TEXT,
    end_reason           TEXT,
    config_source        TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    CHECK (person_id <> supervisor_person_id)
);
CREATE INDEX supervision_person ON supervision(person_id, start_date);
CREATE INDEX supervision_supervisor ON supervision(supervisor_person_id, end_date);

-- One supervision session with a worker: the supervised minutes of certification.
CREATE TABLE supervision_session (
    id                   INTEGER PRIMARY KEY,
    person_id            INTEGER NOT NULL REFERENCES person(id),
    supervisor_person_id INTEGER NOT NULL REFERENCES person(id),
    session_date         TEXT NOT NULL,
    duration_minutes     INTEGER NOT NULL CHECK (duration_minutes > 0 AND duration_minutes <= 1440),
    mode                 TEXT NOT NULL CHECK (mode IN ('in_person', 'phone', 'video', 'field_visit')),
    topics               TEXT,
    follow_up            TEXT,
    created_at           INTEGER NOT NULL
);
CREATE INDEX supervision_session_person ON supervision_session(person_id, session_date);

-- Money and goods a worker received for a period (principle 16). `kind`: payment
-- (salary), stipend, allowance, materials (value of goods issued), reimbursement
-- (expenses such as transport). `funder_id`: the organisation that paid.
CREATE TABLE payment (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    kind        TEXT NOT NULL CHECK (kind IN ('payment', 'stipend', 'allowance', 'materials',
                                              'reimbursement')),
    period      TEXT NOT NULL,
    amount      NUMERIC NOT NULL CHECK (amount >= 0),
    currency    TEXT NOT NULL,
    purpose     TEXT,
    funder_id   INTEGER REFERENCES organisation(id),
    paid_on     TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX payment_person ON payment(person_id, period);

-- Support and self-care (principle 18).
CREATE TABLE support_activity (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person(id),
    kind          TEXT NOT NULL CHECK (kind IN ('debriefing', 'peer_support', 'counselling',
                                                'wellness')),
    activity_date TEXT NOT NULL,
    note          TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX support_activity_person ON support_activity(person_id, activity_date);

-- Monthly activity returns (principle 7): one count per worker, month and activity
-- type (declared with kazi.activity). Re-entering a month replaces its count.
CREATE TABLE activity_return (
    person_id  INTEGER NOT NULL REFERENCES person(id),
    period     TEXT NOT NULL,
    activity   TEXT NOT NULL,
    count      INTEGER NOT NULL CHECK (count >= 0),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, period, activity)
);
CREATE INDEX activity_return_period ON activity_return(period, activity);

-- Published views for reports, filtered by the caller's scope through the worker's
-- residence (as the registry scopes people). No names: analysts may run reports.
CREATE VIEW report_supervision_workers AS
    SELECT p.id AS person_id, p.org_path AS org_path, pos.cadre AS cadre,
           count(DISTINCT s.id) AS current_supervisors,
           max(ss.session_date) AS last_session_date
      FROM person p
      JOIN assignment a ON a.person_id = p.id AND a.end_date IS NULL
      JOIN position pos ON pos.id = a.position_id
      LEFT JOIN supervision s ON s.person_id = p.id AND s.end_date IS NULL
      LEFT JOIN supervision_session ss ON ss.person_id = p.id
     WHERE p.status = 'active' AND kazi_in_scope(p.org_path)
     GROUP BY p.id, p.org_path, pos.cadre;

CREATE VIEW report_supervision_sessions AS
    SELECT ss.person_id, p.org_path, ss.session_date, ss.duration_minutes, ss.mode
      FROM supervision_session ss JOIN person p ON p.id = ss.person_id
     WHERE kazi_in_scope(p.org_path);

CREATE VIEW report_payments AS
    SELECT pm.person_id, p.org_path, pm.kind, pm.period, pm.amount, pm.currency, pm.funder_id
      FROM payment pm JOIN person p ON p.id = pm.person_id
     WHERE kazi_in_scope(p.org_path);

CREATE VIEW report_support_activities AS
    SELECT sa.person_id, p.org_path, sa.kind, sa.activity_date
      FROM support_activity sa JOIN person p ON p.id = sa.person_id
     WHERE kazi_in_scope(p.org_path);

CREATE VIEW report_activity_returns AS
    SELECT ar.person_id, p.org_path, ar.period, ar.activity, ar.count
      FROM activity_return ar JOIN person p ON p.id = ar.person_id
     WHERE kazi_in_scope(p.org_path);

CREATE VIEW report_service AS
    SELECT a.person_id, p.org_path AS residence_path, pos.org_path AS post_path, pos.cadre,
           a.start_date, a.end_date, a.end_reason, a.engagement
      FROM assignment a JOIN person p ON p.id = a.person_id
      JOIN position pos ON pos.id = a.position_id
     WHERE kazi_in_scope(p.org_path);
