-- Population denominators and the published views indicators are computed from
-- (issue 16). Dates are ISO-8601 TEXT, times epoch milliseconds.

-- How many people of a population group (kazi.population_group: "total",
-- "children" under 18, and what the configuration declares) live in an org unit in
-- a year. A unit without a row for a year has no figure of its own; the domain sums
-- its children then (domain/population.c), never a guess.
CREATE TABLE population (
    org_unit_id      INTEGER NOT NULL REFERENCES org_unit(id),
    year             INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    population_group TEXT NOT NULL,
    count            INTEGER NOT NULL CHECK (count >= 0),
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (org_unit_id, year, population_group)
);
CREATE INDEX population_year ON population(year, population_group, org_unit_id);

-- Published views (docs/plugins.md, "Published views"). Every view over people or
-- posts filters with kazi_in_scope(path). Views named report_personal_* hold names,
-- birth dates, phones or identifiers: the report connection refuses them to callers
-- without the permission reports.personal; every other view holds none.

-- People: sex and age group (whole years on the day the report runs: kazi_today(), Kazi's
-- clock), never names.
CREATE VIEW report_people AS
    SELECT p.id AS person_id, p.residence_org_unit_id AS org_unit_id, p.org_path, p.status,
           p.sex,
           CASE WHEN p.birth_date IS NULL THEN 'unknown'
                WHEN date(p.birth_date, '+25 years') > kazi_today() THEN 'under-25'
                WHEN date(p.birth_date, '+35 years') > kazi_today() THEN '25-34'
                WHEN date(p.birth_date, '+45 years') > kazi_today() THEN '35-44'
                WHEN date(p.birth_date, '+55 years') > kazi_today() THEN '45-54'
                WHEN date(p.birth_date, '+65 years') > kazi_today() THEN '55-64'
                ELSE '65-plus' END AS age_group,
           date(p.created_at / 1000, 'unixepoch') AS registered_date
      FROM person p
     WHERE p.status <> 'merged' AND kazi_in_scope(p.org_path);

CREATE VIEW report_personal_people AS
    SELECT p.id AS person_id, p.residence_org_unit_id AS org_unit_id, p.org_path, p.status,
           p.given_name, p.family_name, p.other_names, p.sex, p.birth_date, p.phone
      FROM person p
     WHERE p.status <> 'merged' AND kazi_in_scope(p.org_path);

CREATE VIEW report_personal_identifiers AS
    SELECT i.person_id, p.org_path, i.type, i.value
      FROM person_identifier i JOIN person p ON p.id = i.person_id
     WHERE kazi_in_scope(p.org_path);

-- Posts with their vacancy: `vacant` 1 when no one holds the post now;
-- `vacant_since` the day the last holder left (the day the post was created when
-- no one ever held it), NULL while held.
CREATE VIEW report_positions AS
    SELECT pos.id AS position_id, pos.code, pos.title, pos.org_unit_id, pos.org_path,
           pos.organisation_id, pos.cadre, pos.level, pos.approved, pos.funded_by,
           CASE WHEN cur.id IS NULL THEN 1 ELSE 0 END AS vacant,
           cur.person_id AS holder_person_id, cur.start_date AS filled_since,
           CASE WHEN cur.id IS NOT NULL THEN NULL
                ELSE coalesce((SELECT max(a.end_date) FROM assignment a
                                WHERE a.position_id = pos.id),
                              date(pos.created_at / 1000, 'unixepoch')) END AS vacant_since
      FROM position pos
      LEFT JOIN assignment cur ON cur.position_id = pos.id AND cur.end_date IS NULL
     WHERE kazi_in_scope(pos.org_path);

-- Every assignment (current and past), scoped by the worker's residence as people
-- are; `post_path` is where the post is. A table joined only for its columns also
-- names one in its join condition (`pos.cadre <> ''`, always true): a query reading
-- none of its columns (count(assignment_id)) would otherwise read its row ids
-- alone, which SQLite reports without the view and the authorizer refuses.
CREATE VIEW report_assignments AS
    SELECT a.id AS assignment_id, a.person_id, a.position_id, pos.cadre, pos.level,
           pos.org_unit_id AS post_org_unit_id, pos.org_path AS post_path,
           p.org_path AS residence_path, a.start_date, a.end_date, a.end_reason, a.engagement,
           a.pay_amount, a.pay_currency
      FROM assignment a JOIN person p ON p.id = a.person_id
      JOIN position pos ON pos.id = a.position_id AND pos.cadre <> ''
     WHERE kazi_in_scope(p.org_path);

-- report_service (0007) had that fault: SELECT count(person_id) FROM report_service
-- was refused. The same view, with the position named in the join.
DROP VIEW report_service;
CREATE VIEW report_service AS
    SELECT a.person_id, p.org_path AS residence_path, pos.org_path AS post_path, pos.cadre,
           a.start_date, a.end_date, a.end_reason, a.engagement
      FROM assignment a JOIN person p ON p.id = a.person_id
      JOIN position pos ON pos.id = a.position_id AND pos.cadre <> ''
     WHERE kazi_in_scope(p.org_path);

-- Certificates: `status` is 'valid', 'expired' (past expires_date on the day the
-- report runs) or 'revoked'. No certificate numbers.
CREATE VIEW report_certificates AS
    SELECT c.id AS certificate_id, c.person_id, p.org_path, c.certification, c.issued_date,
           c.expires_date,
           CASE WHEN c.status = 'revoked' THEN 'revoked'
                WHEN c.expires_date IS NOT NULL AND c.expires_date < kazi_today() THEN 'expired'
                ELSE 'valid' END AS status,
           c.renews_id, CASE WHEN c.override_reason IS NULL THEN 0 ELSE 1 END AS overridden
      FROM certificate c JOIN person p ON p.id = c.person_id
     WHERE kazi_in_scope(p.org_path);

-- Training events held at a venue in scope, with their enrolment counts.
CREATE VIEW report_training_events AS
    SELECT e.id AS event_id, e.course, e.course_version, e.title, e.venue_org_unit_id,
           e.venue_path, e.start_date, e.end_date, e.capacity,
           (SELECT count(n.id) FROM enrolment n WHERE n.event_id = e.id) AS enrolled,
           (SELECT count(n.id) FROM enrolment n WHERE n.event_id = e.id AND n.attended = 1)
               AS attended,
           (SELECT count(n.id) FROM enrolment n WHERE n.event_id = e.id AND n.passed = 1)
               AS passed
      FROM training_event e
     WHERE kazi_in_scope(e.venue_path);

-- Enrolments and results, scoped by the trainee's residence.
CREATE VIEW report_enrolments AS
    SELECT n.id AS enrolment_id, n.event_id, n.person_id, p.org_path, e.course,
           e.course_version, e.venue_path, e.start_date, e.end_date, n.travelled,
           n.outside_ward, n.attended, n.passed, n.score, n.completed_date
      FROM enrolment n JOIN person p ON p.id = n.person_id
      JOIN training_event e ON e.id = n.event_id AND e.course <> ''
     WHERE kazi_in_scope(p.org_path);

-- Courses as run in scope (names and hours are declarations: kazi.catalogue("courses")).
CREATE VIEW report_courses AS
    SELECT e.course, e.course_version, count(e.id) AS events, sum(e.capacity) AS capacity,
           min(e.start_date) AS first_start_date, max(e.end_date) AS last_end_date,
           (SELECT count(n.id) FROM enrolment n JOIN training_event x ON x.id = n.event_id
             WHERE x.course = e.course AND x.course_version = e.course_version
               AND kazi_in_scope(x.venue_path)) AS enrolled
      FROM training_event e
     WHERE kazi_in_scope(e.venue_path)
     GROUP BY e.course, e.course_version;

-- Approved credit for prior training or experience (no free text: `what`,
-- `evidence` and the approver's name stay in the register).
CREATE VIEW report_prior_learning AS
    SELECT l.id AS prior_learning_id, l.person_id, p.org_path, l.kind, l.equivalent_course,
           l.hours, l.approved_date
      FROM prior_learning l JOIN person p ON p.id = l.person_id
     WHERE kazi_in_scope(p.org_path);

-- Who supervises whom (current and past), scoped by the worker's residence.
CREATE VIEW report_supervisions AS
    SELECT s.id AS supervision_id, s.person_id, s.supervisor_person_id, p.org_path, s.type,
           s.start_date, s.end_date, s.end_reason
      FROM supervision s JOIN person p ON p.id = s.person_id
     WHERE kazi_in_scope(p.org_path);

-- Each unit's own population figures.
CREATE VIEW report_population AS
    SELECT u.id AS org_unit_id, u.code, u.level_id, u.depth, u.path, f.year,
           f.population_group, f.count
      FROM population f JOIN org_unit u ON u.id = f.org_unit_id
     WHERE kazi_in_scope(u.path);

-- Figures rolled up the hierarchy: a unit's own figure when it has one (source
-- 'own'), else the sum of the top-most figures below it (source 'sum', `figures`
-- of them). A unit with no figure at or below it for a year has no row: missing.
-- Each figure counts for its own unit and for the ancestors above it up to (not
-- including) the nearest ancestor holding a figure of its own; ancestors are found
-- by path, one index look-up per level (`lv`: the depths in use).
CREATE VIEW report_population_rollup AS
    SELECT u.id AS org_unit_id, u.code, u.level_id, u.depth, u.path, f.year,
           f.population_group, sum(f.count) AS count,
           CASE WHEN max(f.org_unit_id = u.id) = 1 THEN 'own' ELSE 'sum' END AS source,
           count(f.org_unit_id) AS figures
      FROM population f
      JOIN org_unit d ON d.id = f.org_unit_id
      JOIN (SELECT DISTINCT depth AS k FROM org_unit) lv ON lv.k <= d.depth
      JOIN org_unit u ON u.path = kazi_path_at(d.path, lv.k)
     WHERE u.depth > coalesce(
               (SELECT max(lv2.k)
                  FROM (SELECT DISTINCT depth AS k FROM org_unit) lv2
                  JOIN org_unit a ON a.path = kazi_path_at(d.path, lv2.k)
                  JOIN population g ON g.org_unit_id = a.id AND g.year = f.year
                                   AND g.population_group = f.population_group
                 WHERE lv2.k < d.depth), -1)
       AND kazi_in_scope(u.path)
     GROUP BY u.id, u.code, u.level_id, u.depth, u.path, f.year, f.population_group;
