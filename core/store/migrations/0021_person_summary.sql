-- One row per person summarising what the certification, supervision and support
-- indicators ask of each worker (issue 16, point 6), so they read one row a worker
-- instead of every worker's certificates, supervision links, sessions and support.
--
-- Only facts are kept, never a verdict that depends on the day or the configuration:
-- "valid" is cert_until >= today, "holds a post on a day" is post_start <= day, "seen
-- since" compares last_session or last_support with a date, all at query time.
--
-- person_summary_recount is the one definition of each column (a recount from the
-- detail tables); the backfill, every trigger and the tests read it. Its columns:
--   cadres       the cadres of the person's current posts (no end date, a cadre set) in
--                start order (start_date, id), as ',psw,swo,'; NULL without one
--   posts        the same posts as cadre|engagement|organisation_id, ';' between them
--   post_start   the earliest start of those posts
--   ended_until  the latest end of their ended posts (a post ended after a day was held
--                on it: the indicators look such a person's posts up)
--   certs        certificates not revoked; cert_until the latest expiry among them
--                ('9999-12-31' for one that never expires)
--   supervisors  current supervision links (no end date) of the person as the worker
--   last_session the latest supervision session; last_support the latest support activity
CREATE VIEW person_summary_recount AS
    SELECT p.id AS person_id, p.org_path, p.status, p.sex, p.birth_date,
           (SELECT ',' || group_concat(x.cadre, ',') || ',' FROM (SELECT pos.cadre AS cadre
              FROM assignment a JOIN position pos ON pos.id = a.position_id AND pos.cadre <> ''
             WHERE a.person_id = p.id AND a.end_date IS NULL ORDER BY a.start_date, a.id) x)
               AS cadres,
           (SELECT group_concat(x.k, ';') FROM (SELECT pos.cadre || '|' || a.engagement || '|' ||
                   pos.organisation_id AS k
              FROM assignment a JOIN position pos ON pos.id = a.position_id AND pos.cadre <> ''
             WHERE a.person_id = p.id AND a.end_date IS NULL ORDER BY a.start_date, a.id) x)
               AS posts,
           (SELECT min(a.start_date) FROM assignment a
              JOIN position pos ON pos.id = a.position_id AND pos.cadre <> ''
             WHERE a.person_id = p.id AND a.end_date IS NULL) AS post_start,
           (SELECT max(a.end_date) FROM assignment a
              JOIN position pos ON pos.id = a.position_id AND pos.cadre <> ''
             WHERE a.person_id = p.id AND a.end_date IS NOT NULL) AS ended_until,
           (SELECT count(c.id) FROM certificate c
             WHERE c.person_id = p.id AND c.status <> 'revoked') AS certs,
           (SELECT max(coalesce(c.expires_date, '9999-12-31')) FROM certificate c
             WHERE c.person_id = p.id AND c.status <> 'revoked') AS cert_until,
           (SELECT count(s.id) FROM supervision s
             WHERE s.person_id = p.id AND s.end_date IS NULL) AS supervisors,
           (SELECT max(ss.session_date) FROM supervision_session ss
             WHERE ss.person_id = p.id) AS last_session,
           (SELECT max(sa.activity_date) FROM support_activity sa
             WHERE sa.person_id = p.id) AS last_support
      FROM person p;

CREATE TABLE person_summary (
    person_id    INTEGER PRIMARY KEY,
    org_path     TEXT NOT NULL,
    status       TEXT NOT NULL,
    sex          TEXT,
    birth_date   TEXT,
    cadres       TEXT,
    posts        TEXT,
    post_start   TEXT,
    ended_until  TEXT,
    certs        INTEGER NOT NULL,
    cert_until   TEXT,
    supervisors  INTEGER NOT NULL,
    last_session TEXT,
    last_support TEXT
);

INSERT INTO person_summary SELECT * FROM person_summary_recount;
-- the supervised workers alone, by residence (ind-workers-per-supervisor reads no other)
CREATE INDEX person_summary_supervised ON person_summary(org_path) WHERE supervisors > 0;

-- supervisor_place: current supervision links per worker's residence path and
-- supervisor (how many), so "distinct supervisors of the workers of an area" reads a
-- row per village and supervisor, not every link. A row exists while n > 0.
CREATE TABLE supervisor_place (
    org_path             TEXT NOT NULL,
    supervisor_person_id INTEGER NOT NULL,
    n                    INTEGER NOT NULL,
    PRIMARY KEY (org_path, supervisor_person_id)
) WITHOUT ROWID;

INSERT INTO supervisor_place (org_path, supervisor_person_id, n)
SELECT p.org_path, s.supervisor_person_id, count(s.id)
  FROM supervision s JOIN person p ON p.id = s.person_id
 WHERE s.end_date IS NULL
 GROUP BY p.org_path, s.supervisor_person_id;

-- People: a new person's row; their own columns follow them; gone with them.
CREATE TRIGGER person_summary_person_insert AFTER INSERT ON person BEGIN
    INSERT INTO person_summary SELECT * FROM person_summary_recount WHERE person_id = NEW.id;
END;
CREATE TRIGGER person_summary_person_update AFTER UPDATE OF org_path, status, sex, birth_date
ON person BEGIN
    UPDATE person_summary SET org_path = NEW.org_path, status = NEW.status, sex = NEW.sex,
           birth_date = NEW.birth_date
     WHERE person_id = NEW.id;
END;
CREATE TRIGGER person_summary_person_delete AFTER DELETE ON person BEGIN
    DELETE FROM person_summary WHERE person_id = OLD.id;
END;

-- Posts: the holder's cadres and dates recounted (both holders when it changes hands);
-- a post's cadre changed recounts everyone who held it.
CREATE TRIGGER person_summary_assignment_insert AFTER INSERT ON assignment BEGIN
    UPDATE person_summary SET (cadres, posts, post_start, ended_until) =
        (SELECT r.cadres, r.posts, r.post_start, r.ended_until FROM person_summary_recount r
          WHERE r.person_id = NEW.person_id)
     WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_summary_assignment_update
AFTER UPDATE OF person_id, position_id, start_date, end_date, engagement ON assignment BEGIN
    UPDATE person_summary SET (cadres, posts, post_start, ended_until) =
        (SELECT r.cadres, r.posts, r.post_start, r.ended_until FROM person_summary_recount r
          WHERE r.person_id = person_summary.person_id)
     WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER person_summary_assignment_delete AFTER DELETE ON assignment BEGIN
    UPDATE person_summary SET (cadres, posts, post_start, ended_until) =
        (SELECT r.cadres, r.posts, r.post_start, r.ended_until FROM person_summary_recount r
          WHERE r.person_id = OLD.person_id)
     WHERE person_id = OLD.person_id;
END;
CREATE TRIGGER person_summary_position_cadre AFTER UPDATE OF cadre, organisation_id ON position
WHEN OLD.cadre IS NOT NEW.cadre OR OLD.organisation_id IS NOT NEW.organisation_id
BEGIN
    UPDATE person_summary SET (cadres, posts, post_start, ended_until) =
        (SELECT r.cadres, r.posts, r.post_start, r.ended_until FROM person_summary_recount r
          WHERE r.person_id = person_summary.person_id)
     WHERE person_id IN (SELECT a.person_id FROM assignment a WHERE a.position_id = NEW.id);
END;

-- Certificates: issued, revoked, given another expiry, removed.
-- (an insertion compares the new row with the summary: no recount)
CREATE TRIGGER person_summary_certificate_insert AFTER INSERT ON certificate
WHEN NEW.status <> 'revoked'
BEGIN
    UPDATE person_summary SET certs = certs + 1,
           cert_until = CASE WHEN cert_until IS NULL
                               OR coalesce(NEW.expires_date, '9999-12-31') > cert_until
                             THEN coalesce(NEW.expires_date, '9999-12-31') ELSE cert_until END
     WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_summary_certificate_update
AFTER UPDATE OF person_id, status, expires_date ON certificate BEGIN
    UPDATE person_summary SET (certs, cert_until) =
        (SELECT r.certs, r.cert_until FROM person_summary_recount r
          WHERE r.person_id = person_summary.person_id)
     WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER person_summary_certificate_delete AFTER DELETE ON certificate BEGIN
    UPDATE person_summary SET (certs, cert_until) =
        (SELECT r.certs, r.cert_until FROM person_summary_recount r
          WHERE r.person_id = OLD.person_id)
     WHERE person_id = OLD.person_id;
END;

-- Supervision links: the worker's count of current ones, and the supervisor's place.
CREATE TRIGGER person_summary_supervision_insert AFTER INSERT ON supervision BEGIN
    UPDATE person_summary SET supervisors = supervisors + 1
     WHERE person_id = NEW.person_id AND NEW.end_date IS NULL;
    INSERT INTO supervisor_place (org_path, supervisor_person_id, n)
    SELECT p.org_path, NEW.supervisor_person_id, 1 FROM person p
     WHERE p.id = NEW.person_id AND NEW.end_date IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER person_summary_supervision_update
AFTER UPDATE OF person_id, supervisor_person_id, end_date ON supervision BEGIN
    UPDATE person_summary SET supervisors =
        (SELECT r.supervisors FROM person_summary_recount r
          WHERE r.person_id = person_summary.person_id)
     WHERE person_id IN (OLD.person_id, NEW.person_id);
    UPDATE supervisor_place SET n = n - 1
     WHERE OLD.end_date IS NULL AND supervisor_person_id = OLD.supervisor_person_id
       AND org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id);
    DELETE FROM supervisor_place
     WHERE OLD.end_date IS NULL AND supervisor_person_id = OLD.supervisor_person_id AND n <= 0
       AND org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id);
    INSERT INTO supervisor_place (org_path, supervisor_person_id, n)
    SELECT p.org_path, NEW.supervisor_person_id, 1 FROM person p
     WHERE p.id = NEW.person_id AND NEW.end_date IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER person_summary_supervision_delete AFTER DELETE ON supervision BEGIN
    UPDATE person_summary SET supervisors =
        (SELECT r.supervisors FROM person_summary_recount r WHERE r.person_id = OLD.person_id)
     WHERE person_id = OLD.person_id;
    UPDATE supervisor_place SET n = n - 1
     WHERE OLD.end_date IS NULL AND supervisor_person_id = OLD.supervisor_person_id
       AND org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id);
    DELETE FROM supervisor_place
     WHERE OLD.end_date IS NULL AND supervisor_person_id = OLD.supervisor_person_id AND n <= 0
       AND org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id);
END;
-- A worker who moves house takes their current links along.
CREATE TRIGGER supervisor_place_person AFTER UPDATE OF org_path ON person
WHEN OLD.org_path <> NEW.org_path
BEGIN
    UPDATE supervisor_place SET n = n - x.k
      FROM (SELECT supervisor_person_id AS xs, count(id) AS k FROM supervision
             WHERE person_id = NEW.id AND end_date IS NULL GROUP BY supervisor_person_id) AS x
     WHERE supervisor_place.org_path = OLD.org_path AND supervisor_place.supervisor_person_id = x.xs;
    DELETE FROM supervisor_place WHERE org_path = OLD.org_path AND n <= 0;
    INSERT INTO supervisor_place (org_path, supervisor_person_id, n)
    SELECT NEW.org_path, supervisor_person_id, count(id) FROM supervision
     WHERE person_id = NEW.id AND end_date IS NULL GROUP BY supervisor_person_id
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- Supervision sessions and support activities: the latest date.
CREATE TRIGGER person_summary_session_insert AFTER INSERT ON supervision_session BEGIN
    UPDATE person_summary SET last_session = NEW.session_date
     WHERE person_id = NEW.person_id
       AND (last_session IS NULL OR NEW.session_date > last_session);
END;
CREATE TRIGGER person_summary_session_update
AFTER UPDATE OF person_id, session_date ON supervision_session BEGIN
    UPDATE person_summary SET last_session =
        (SELECT r.last_session FROM person_summary_recount r
          WHERE r.person_id = person_summary.person_id)
     WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER person_summary_session_delete AFTER DELETE ON supervision_session BEGIN
    UPDATE person_summary SET last_session =
        (SELECT r.last_session FROM person_summary_recount r WHERE r.person_id = OLD.person_id)
     WHERE person_id = OLD.person_id;
END;
CREATE TRIGGER person_summary_support_insert AFTER INSERT ON support_activity BEGIN
    UPDATE person_summary SET last_support = NEW.activity_date
     WHERE person_id = NEW.person_id
       AND (last_support IS NULL OR NEW.activity_date > last_support);
END;
CREATE TRIGGER person_summary_support_update
AFTER UPDATE OF person_id, activity_date ON support_activity BEGIN
    UPDATE person_summary SET last_support =
        (SELECT r.last_support FROM person_summary_recount r
          WHERE r.person_id = person_summary.person_id)
     WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER person_summary_support_delete AFTER DELETE ON support_activity BEGIN
    UPDATE person_summary SET last_support =
        (SELECT r.last_support FROM person_summary_recount r WHERE r.person_id = OLD.person_id)
     WHERE person_id = OLD.person_id;
END;

-- Published views (docs/plugins.md, "Published views"), in the caller's scope by the
-- person's residence. Merged records are kept (their links may remain): filter on status.
CREATE VIEW report_person_summaries AS
    SELECT s.person_id, s.org_path, s.status, s.sex, kazi_age_group(s.birth_date) AS age_group,
           s.cadres, s.posts, s.post_start, s.ended_until, s.certs, s.cert_until, s.supervisors,
           s.last_session, s.last_support
      FROM person_summary s
     WHERE kazi_in_scope(s.org_path);

CREATE VIEW report_supervisor_places AS
    SELECT org_path, supervisor_person_id, n
      FROM supervisor_place
     WHERE kazi_in_scope(org_path);

-- The dashboard's supervision total for the whole register (issue 19, point 3), kept
-- as counts so it reads a few thousand rows at any size; the declarations (which
-- cadres, how often, how many per supervisor) and today's date are applied to them at
-- query time (store/figures.c).
--
-- supervised_count: active people with a current post, per set of current cadres in
-- start order (person_summary.cadres: the earliest declared one is found per set),
-- whether they have a current supervisor, and their last session ('' for none).
CREATE TABLE supervised_count (
    cadres       TEXT NOT NULL,
    supervised   INTEGER NOT NULL,
    last_session TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (cadres, supervised, last_session)
) WITHOUT ROWID;

-- supervisor_load: current supervision links of active workers per supervisor and the
-- cadre of the worker's earliest current post ('' for none).
CREATE TABLE supervisor_load (
    supervisor_person_id INTEGER NOT NULL,
    cadre                TEXT NOT NULL,
    n                    INTEGER NOT NULL,
    PRIMARY KEY (supervisor_person_id, cadre)
) WITHOUT ROWID;

INSERT INTO supervised_count (cadres, supervised, last_session, n)
SELECT cadres, supervisors > 0, coalesce(last_session, ''), count(person_id) FROM person_summary
 WHERE status = 'active' AND cadres IS NOT NULL
 GROUP BY 1, 2, 3;

INSERT INTO supervisor_load (supervisor_person_id, cadre, n)
SELECT s.supervisor_person_id,
       coalesce(substr(w.cadres, 2, instr(substr(w.cadres, 2), ',') - 1), ''), count(s.id)
  FROM supervision s JOIN person_summary w ON w.person_id = s.person_id AND w.status = 'active'
 WHERE s.end_date IS NULL
 GROUP BY 1, 2;

CREATE TRIGGER supervised_count_insert AFTER INSERT ON person_summary
WHEN NEW.status = 'active' AND NEW.cadres IS NOT NULL
BEGIN
    INSERT INTO supervised_count (cadres, supervised, last_session, n)
    VALUES (NEW.cadres, NEW.supervisors > 0, coalesce(NEW.last_session, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER supervised_count_delete AFTER DELETE ON person_summary
WHEN OLD.status = 'active' AND OLD.cadres IS NOT NULL
BEGIN
    UPDATE supervised_count SET n = n - 1
     WHERE cadres = OLD.cadres AND supervised = (OLD.supervisors > 0)
       AND last_session = coalesce(OLD.last_session, '');
    DELETE FROM supervised_count
     WHERE cadres = OLD.cadres AND supervised = (OLD.supervisors > 0)
       AND last_session = coalesce(OLD.last_session, '') AND n <= 0;
END;
CREATE TRIGGER supervised_count_update AFTER UPDATE OF status, cadres, supervisors, last_session
ON person_summary
WHEN (OLD.status = 'active') IS NOT (NEW.status = 'active') OR OLD.cadres IS NOT NEW.cadres
  OR (OLD.supervisors > 0) IS NOT (NEW.supervisors > 0) OR OLD.last_session IS NOT NEW.last_session
BEGIN
    UPDATE supervised_count SET n = n - 1
     WHERE OLD.status = 'active' AND cadres = OLD.cadres AND supervised = (OLD.supervisors > 0)
       AND last_session = coalesce(OLD.last_session, '');
    DELETE FROM supervised_count
     WHERE OLD.status = 'active' AND cadres = OLD.cadres AND supervised = (OLD.supervisors > 0)
       AND last_session = coalesce(OLD.last_session, '') AND n <= 0;
    INSERT INTO supervised_count (cadres, supervised, last_session, n)
    SELECT NEW.cadres, NEW.supervisors > 0, coalesce(NEW.last_session, ''), 1
     WHERE NEW.status = 'active' AND NEW.cadres IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- A link starting, ending, changing hands or removed; a worker becoming (in)active or
-- taking another earliest post moves their links.
CREATE TRIGGER supervisor_load_insert AFTER INSERT ON supervision WHEN NEW.end_date IS NULL
BEGIN
    INSERT INTO supervisor_load (supervisor_person_id, cadre, n)
    SELECT NEW.supervisor_person_id,
           coalesce(substr(w.cadres, 2, instr(substr(w.cadres, 2), ',') - 1), ''), 1
      FROM person_summary w WHERE w.person_id = NEW.person_id AND w.status = 'active'
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER supervisor_load_update
AFTER UPDATE OF person_id, supervisor_person_id, end_date ON supervision
WHEN OLD.end_date IS NULL OR NEW.end_date IS NULL
BEGIN
    UPDATE supervisor_load SET n = n - 1
     WHERE OLD.end_date IS NULL AND supervisor_person_id = OLD.supervisor_person_id
       AND cadre = (SELECT coalesce(substr(w.cadres, 2, instr(substr(w.cadres, 2), ',') - 1), '')
                      FROM person_summary w WHERE w.person_id = OLD.person_id AND w.status = 'active');
    DELETE FROM supervisor_load WHERE supervisor_person_id = OLD.supervisor_person_id AND n <= 0;
    INSERT INTO supervisor_load (supervisor_person_id, cadre, n)
    SELECT NEW.supervisor_person_id,
           coalesce(substr(w.cadres, 2, instr(substr(w.cadres, 2), ',') - 1), ''), 1
      FROM person_summary w
     WHERE NEW.end_date IS NULL AND w.person_id = NEW.person_id AND w.status = 'active'
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER supervisor_load_delete AFTER DELETE ON supervision WHEN OLD.end_date IS NULL
BEGIN
    UPDATE supervisor_load SET n = n - 1
     WHERE supervisor_person_id = OLD.supervisor_person_id
       AND cadre = (SELECT coalesce(substr(w.cadres, 2, instr(substr(w.cadres, 2), ',') - 1), '')
                      FROM person_summary w WHERE w.person_id = OLD.person_id AND w.status = 'active');
    DELETE FROM supervisor_load WHERE supervisor_person_id = OLD.supervisor_person_id AND n <= 0;
END;
CREATE TRIGGER supervisor_load_worker AFTER UPDATE OF status, cadres ON person_summary
WHEN (OLD.status = 'active') IS NOT (NEW.status = 'active')
  OR coalesce(substr(OLD.cadres, 2, instr(substr(OLD.cadres, 2), ',') - 1), '')
     IS NOT coalesce(substr(NEW.cadres, 2, instr(substr(NEW.cadres, 2), ',') - 1), '')
BEGIN
    UPDATE supervisor_load SET n = n - x.k
      FROM (SELECT supervisor_person_id AS xs, count(id) AS k FROM supervision
             WHERE person_id = OLD.person_id AND end_date IS NULL GROUP BY supervisor_person_id) AS x
     WHERE OLD.status = 'active' AND supervisor_load.supervisor_person_id = x.xs
       AND supervisor_load.cadre =
           coalesce(substr(OLD.cadres, 2, instr(substr(OLD.cadres, 2), ',') - 1), '');
    DELETE FROM supervisor_load WHERE n <= 0 AND supervisor_person_id IN
        (SELECT supervisor_person_id FROM supervision WHERE person_id = OLD.person_id AND end_date IS NULL);
    INSERT INTO supervisor_load (supervisor_person_id, cadre, n)
    SELECT supervisor_person_id,
           coalesce(substr(NEW.cadres, 2, instr(substr(NEW.cadres, 2), ',') - 1), ''), count(id)
      FROM supervision
     WHERE NEW.status = 'active' AND person_id = NEW.person_id AND end_date IS NULL
     GROUP BY supervisor_person_id
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- The dashboard's pay total for the whole register (issue 19, point 3), as counts; the
-- minima (kazi.pay) and the month are applied at query time (store/figures.c).
--
-- pay_count: active people with a current post, per person_summary.posts (their posts'
-- cadre, engagement and employer in start order: the minima pick the post that decides).
-- person_month: per person and month with a payment, what the month paid (payment,
-- stipend, allowance) and whether it reimbursed. pay_month_count: those months of the
-- people pay_count counts, per posts, month, amount paid and reimbursed.
CREATE TABLE pay_count (
    posts TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE person_month (
    person_id  INTEGER NOT NULL,
    period     TEXT NOT NULL,
    paid       NUMERIC NOT NULL,
    reimbursed INTEGER NOT NULL,
    PRIMARY KEY (person_id, period)
) WITHOUT ROWID;

CREATE TABLE pay_month_count (
    posts      TEXT NOT NULL,
    period     TEXT NOT NULL,
    paid       NUMERIC NOT NULL,
    reimbursed INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (period, posts, paid, reimbursed)
) WITHOUT ROWID;

-- the one definition of a person-month (backfill and triggers)
CREATE VIEW person_month_recount AS
    SELECT person_id, period,
           coalesce(sum(CASE WHEN kind IN ('payment', 'stipend', 'allowance') THEN amount END), 0)
               AS paid,
           max(kind = 'reimbursement') AS reimbursed
      FROM payment GROUP BY person_id, period;

INSERT INTO pay_count (posts, n)
SELECT posts, count(person_id) FROM person_summary
 WHERE status = 'active' AND posts IS NOT NULL GROUP BY posts;

INSERT INTO person_month (person_id, period, paid, reimbursed)
SELECT person_id, period, paid, reimbursed FROM person_month_recount;

INSERT INTO pay_month_count (posts, period, paid, reimbursed, n)
SELECT s.posts, m.period, m.paid, m.reimbursed, count(m.person_id)
  FROM person_month m JOIN person_summary s ON s.person_id = m.person_id
 WHERE s.status = 'active' AND s.posts IS NOT NULL
 GROUP BY 1, 2, 3, 4;

-- A payment recorded, changed or removed: its person-months recounted.
CREATE TRIGGER person_month_payment_insert AFTER INSERT ON payment BEGIN
    DELETE FROM person_month WHERE person_id = NEW.person_id AND period = NEW.period;
    INSERT INTO person_month (person_id, period, paid, reimbursed)
    SELECT person_id, period, paid, reimbursed FROM person_month_recount
     WHERE person_id = NEW.person_id AND period = NEW.period;
END;
CREATE TRIGGER person_month_payment_update
AFTER UPDATE OF person_id, period, kind, amount ON payment BEGIN
    DELETE FROM person_month
     WHERE (person_id = OLD.person_id AND period = OLD.period)
        OR (person_id = NEW.person_id AND period = NEW.period);
    INSERT INTO person_month (person_id, period, paid, reimbursed)
    SELECT person_id, period, paid, reimbursed FROM person_month_recount
     WHERE (person_id = OLD.person_id AND period = OLD.period)
        OR (person_id = NEW.person_id AND period = NEW.period);
END;
CREATE TRIGGER person_month_payment_delete AFTER DELETE ON payment BEGIN
    DELETE FROM person_month WHERE person_id = OLD.person_id AND period = OLD.period;
    INSERT INTO person_month (person_id, period, paid, reimbursed)
    SELECT person_id, period, paid, reimbursed FROM person_month_recount
     WHERE person_id = OLD.person_id AND period = OLD.period;
END;

-- A person-month counted under its person's posts while they are active with a post.
CREATE TRIGGER pay_month_count_insert AFTER INSERT ON person_month BEGIN
    INSERT INTO pay_month_count (posts, period, paid, reimbursed, n)
    SELECT s.posts, NEW.period, NEW.paid, NEW.reimbursed, 1 FROM person_summary s
     WHERE s.person_id = NEW.person_id AND s.status = 'active' AND s.posts IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER pay_month_count_delete AFTER DELETE ON person_month BEGIN
    UPDATE pay_month_count SET n = n - 1
     WHERE period = OLD.period AND paid = OLD.paid AND reimbursed = OLD.reimbursed
       AND posts = (SELECT s.posts FROM person_summary s WHERE s.person_id = OLD.person_id
                       AND s.status = 'active');
    DELETE FROM pay_month_count
     WHERE period = OLD.period AND paid = OLD.paid AND reimbursed = OLD.reimbursed AND n <= 0
       AND posts = (SELECT s.posts FROM person_summary s WHERE s.person_id = OLD.person_id
                       AND s.status = 'active');
END;

-- A person becoming (in)active or whose posts change moves their count and months.
CREATE TRIGGER pay_count_insert AFTER INSERT ON person_summary
WHEN NEW.status = 'active' AND NEW.posts IS NOT NULL
BEGIN
    INSERT INTO pay_count (posts, n) VALUES (NEW.posts, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER pay_count_delete AFTER DELETE ON person_summary
WHEN OLD.status = 'active' AND OLD.posts IS NOT NULL
BEGIN
    UPDATE pay_count SET n = n - 1 WHERE posts = OLD.posts;
    DELETE FROM pay_count WHERE posts = OLD.posts AND n <= 0;
END;
CREATE TRIGGER pay_count_update AFTER UPDATE OF status, posts ON person_summary
WHEN (OLD.status = 'active') IS NOT (NEW.status = 'active') OR OLD.posts IS NOT NEW.posts
BEGIN
    UPDATE pay_count SET n = n - 1 WHERE OLD.status = 'active' AND posts = OLD.posts;
    DELETE FROM pay_count WHERE posts = OLD.posts AND n <= 0;
    INSERT INTO pay_count (posts, n) SELECT NEW.posts, 1
     WHERE NEW.status = 'active' AND NEW.posts IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE pay_month_count SET n = n - 1
      FROM (SELECT period AS xp, paid AS xa, reimbursed AS xr FROM person_month
             WHERE person_id = OLD.person_id) AS x
     WHERE OLD.status = 'active' AND pay_month_count.posts = OLD.posts
       AND pay_month_count.period = x.xp AND pay_month_count.paid = x.xa
       AND pay_month_count.reimbursed = x.xr;
    DELETE FROM pay_month_count WHERE posts = OLD.posts AND n <= 0
       AND period IN (SELECT period FROM person_month WHERE person_id = OLD.person_id);
    INSERT INTO pay_month_count (posts, period, paid, reimbursed, n)
    SELECT NEW.posts, period, paid, reimbursed, 1 FROM person_month
     WHERE NEW.status = 'active' AND NEW.posts IS NOT NULL AND person_id = NEW.person_id
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
