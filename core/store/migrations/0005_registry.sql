-- The registry (issue 6): people, their identifiers, positions, assignments and
-- import jobs. Written for SQLite and PostgreSQL alike (dates are ISO-8601 TEXT,
-- times are epoch milliseconds, booleans 0/1).

-- A person. `residence_org_unit_id` is the unit they live in (a village, usually:
-- "close to where they come from") and also decides who may see the record:
-- `org_path` is a copy of that unit's materialised path, so a caller's scope and the
-- org_unit filter are one index range each. `name_key` is the normalised
-- "family given other" (lower case, single spaces) for prefix search and sorting.
CREATE TABLE person (
    id                    INTEGER PRIMARY KEY,
    given_name            TEXT NOT NULL,
    family_name           TEXT NOT NULL,
    other_names           TEXT,
    name_key              TEXT NOT NULL,
    given_key             TEXT NOT NULL,
    sex                   TEXT CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    birth_date            TEXT,
    phone                 TEXT,
    languages             TEXT NOT NULL DEFAULT '[]',
    education             TEXT,
    residence_org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    org_path              TEXT NOT NULL,
    custom                TEXT NOT NULL DEFAULT '{}',
    status                TEXT NOT NULL DEFAULT 'active'
                          CHECK (status IN ('active', 'inactive', 'deceased', 'merged')),
    status_reason         TEXT,
    merged_into_id        INTEGER REFERENCES person(id),
    review_duplicate_of   INTEGER REFERENCES person(id),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX person_name ON person(name_key, id);
-- Covers the scoped and filtered search (status, sex) so counting a district and
-- choosing its page read the index only; rows are fetched by id for the page.
CREATE INDEX person_scope ON person(org_path, status, sex, name_key, id);
CREATE INDEX person_given ON person(given_key, id);
CREATE INDEX person_dup_birth ON person(name_key, birth_date);
CREATE INDEX person_review ON person(review_duplicate_of) WHERE review_duplicate_of IS NOT NULL;

-- Identifiers of several types (national ID, programme number, ...); each value is
-- unique within its type.
CREATE TABLE person_identifier (
    type      TEXT NOT NULL,
    value     TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (type, value)
);
CREATE INDEX person_identifier_person ON person_identifier(person_id);
CREATE INDEX person_identifier_value ON person_identifier(value);

-- A post in an org unit for a cadre, employed by an organisation.
CREATE TABLE position (
    id                 INTEGER PRIMARY KEY,
    code               TEXT UNIQUE,
    title              TEXT NOT NULL,
    org_unit_id        INTEGER NOT NULL REFERENCES org_unit(id),
    org_path           TEXT NOT NULL,
    organisation_id    INTEGER NOT NULL REFERENCES organisation(id),
    cadre              TEXT NOT NULL,
    level              TEXT,
    approved           INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
    funded_by          TEXT,
    custom             TEXT NOT NULL DEFAULT '{}',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX position_scope ON position(org_path, id);
CREATE INDEX position_cadre ON position(cadre, id);

-- A person in a position from start_date to end_date (NULL: current).
CREATE TABLE assignment (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    position_id  INTEGER NOT NULL REFERENCES position(id),
    start_date   TEXT NOT NULL,
    end_date     TEXT,
    engagement   TEXT NOT NULL CHECK (engagement IN ('volunteer', 'stipend', 'salaried')),
    pay_amount   NUMERIC,
    pay_currency TEXT,
    end_reason   TEXT CHECK (end_reason IN ('promotion', 'transfer', 'resignation',
                                            'retirement', 'death', 'dismissal')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX assignment_person ON assignment(person_id, start_date);
-- A position has at most one current holder.
CREATE UNIQUE INDEX assignment_current ON assignment(position_id) WHERE end_date IS NULL;
