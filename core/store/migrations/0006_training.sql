-- Training, certification and the career lattice (issue 7). Dates are ISO-8601
-- TEXT, times epoch milliseconds, booleans 0/1; written for SQLite and PostgreSQL.

-- One run of a declared course (kazi.course) at a venue org unit between two dates.
-- `venue_path` copies the venue's materialised path: scope is one index range.
CREATE TABLE training_event (
    id              INTEGER PRIMARY KEY,
    course          TEXT NOT NULL,
    course_version  TEXT NOT NULL,
    title           TEXT,
    venue_org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    venue_path      TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    capacity        INTEGER NOT NULL CHECK (capacity > 0),
    config_id       TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX training_event_scope ON training_event(venue_path, start_date);
CREATE INDEX training_event_course ON training_event(course, start_date);

-- Trainers of an event: people in the register (master trainers, ...).
CREATE TABLE training_trainer (
    event_id  INTEGER NOT NULL REFERENCES training_event(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (event_id, person_id)
);

-- A trainee in an event. `travelled` is 1 when the venue lies outside the trainee's
-- home district, `outside_ward` when outside their home ward (principle 12).
-- Results: attended, passed, score, completed_date (the date rules count).
CREATE TABLE enrolment (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES training_event(id),
    person_id      INTEGER NOT NULL REFERENCES person(id),
    travelled      INTEGER NOT NULL DEFAULT 0 CHECK (travelled IN (0, 1)),
    outside_ward   INTEGER NOT NULL DEFAULT 0 CHECK (outside_ward IN (0, 1)),
    attended       INTEGER CHECK (attended IN (0, 1)),
    passed         INTEGER CHECK (passed IN (0, 1)),
    score          NUMERIC,
    completed_date TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (event_id, person_id)
);
CREATE INDEX enrolment_person ON enrolment(person_id);

-- Credit for prior training or work experience (principle 8). An approved record
-- with an equivalent course counts in rules like a completed course.
CREATE TABLE prior_learning (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER NOT NULL REFERENCES person(id),
    kind              TEXT NOT NULL CHECK (kind IN ('training', 'experience')),
    what              TEXT NOT NULL,
    evidence          TEXT NOT NULL,
    approved_by       TEXT NOT NULL,
    approved_date     TEXT NOT NULL,
    equivalent_course TEXT,
    hours             NUMERIC,
    created_at        INTEGER NOT NULL
);
CREATE INDEX prior_learning_person ON prior_learning(person_id);

-- A certificate issued by Kazi under a declared certification. `config_id` is the
-- configuration (commit) whose rule decided; `override_reason` is set when an
-- administrator issued it although the rule did not pass.
CREATE TABLE certificate (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    person_id       INTEGER NOT NULL REFERENCES person(id),
    certification   TEXT NOT NULL,
    issued_date     TEXT NOT NULL,
    expires_date    TEXT,
    evidence        TEXT NOT NULL DEFAULT '{}',
    config_id       TEXT NOT NULL,
    override_reason TEXT,
    renews_id       INTEGER REFERENCES certificate(id),
    status          TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
    revoked_reason  TEXT,
    revoked_date    TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX certificate_person ON certificate(person_id, certification);
CREATE INDEX certificate_expiry ON certificate(expires_date) WHERE status = 'valid';

-- A recorded move of the career lattice: a success (principle 11).
CREATE TABLE career_move (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES person(id),
    move               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('vertical', 'lateral')),
    from_assignment_id INTEGER NOT NULL REFERENCES assignment(id),
    to_assignment_id   INTEGER NOT NULL REFERENCES assignment(id),
    move_date          TEXT NOT NULL,
    outcome            TEXT NOT NULL DEFAULT 'success',
    config_id          TEXT NOT NULL,
    override_reason    TEXT,
    created_at         INTEGER NOT NULL
);
CREATE INDEX career_move_person ON career_move(person_id);

-- A position left vacant by a move: a replacement must be trained (principle 11).
-- The flag stays as history; a position counts as awaiting its replacement while it
-- has no current holder (GET /api/v1/careers/replacements).
CREATE TABLE replacement_needed (
    position_id    INTEGER PRIMARY KEY REFERENCES position(id),
    since_date     TEXT NOT NULL,
    career_move_id INTEGER REFERENCES career_move(id)
);
