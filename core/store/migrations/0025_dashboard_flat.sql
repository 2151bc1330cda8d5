-- The dashboard's last two reads that grew with the register (issue 19, point 2): at
-- 5,000,000 people its expiring certificates read 44,000 certificate and person rows
-- (285 ms) and its supervisors over their ratio grouped 658,000 supervisor_load rows
-- (295 ms). Both are now kept by triggers in a form the dashboard reads without a
-- worker's row; store/figures.c reads them, tests/unit/store/test_person_summary.c
-- recounts them from scratch after every kind of change and asserts the plans of
-- supervisor_mix's triggers, tests/unit/domain/test_figures.c asserts the dashboard's.

-- certificate_due: the certificates that can expire — valid, with an expiry date, not
-- renewed by a valid certificate — with the holder's place. The dashboard counts a
-- window of expiry dates in its covering index, whatever the caller's area: the rows it
-- reads are the certificates expiring in the window, none of them opened.
CREATE TABLE certificate_due (
    certificate_id INTEGER PRIMARY KEY,
    expires_date   TEXT NOT NULL,
    org_path       TEXT NOT NULL,
    certification  TEXT NOT NULL
);
CREATE INDEX certificate_due_window ON certificate_due(expires_date, org_path, certification);

-- What certificate_due holds, computed from the certificates (the triggers recount the
-- certificates a change touches through it).
CREATE VIEW certificate_due_recount AS
SELECT c.id AS certificate_id, c.expires_date AS expires_date, p.org_path AS org_path,
       c.certification AS certification
  FROM certificate c JOIN person p ON p.id = c.person_id
 WHERE c.status = 'valid' AND c.expires_date IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM certificate r WHERE r.renews_id = c.id AND r.status = 'valid');

INSERT INTO certificate_due SELECT * FROM certificate_due_recount;

-- A certificate written touches itself and the one it renews (which a valid renewal
-- takes out, and a revoked or removed one puts back).
CREATE TRIGGER certificate_due_insert AFTER INSERT ON certificate BEGIN
    DELETE FROM certificate_due WHERE certificate_id = NEW.renews_id;
    INSERT INTO certificate_due
    SELECT * FROM certificate_due_recount WHERE certificate_id IN (NEW.id, NEW.renews_id);
END;

CREATE TRIGGER certificate_due_update
AFTER UPDATE OF id, person_id, certification, expires_date, status, renews_id ON certificate
BEGIN
    DELETE FROM certificate_due
     WHERE certificate_id IN (OLD.id, NEW.id, OLD.renews_id, NEW.renews_id);
    INSERT INTO certificate_due
    SELECT * FROM certificate_due_recount
     WHERE certificate_id IN (OLD.id, NEW.id, OLD.renews_id, NEW.renews_id);
END;

CREATE TRIGGER certificate_due_delete AFTER DELETE ON certificate BEGIN
    DELETE FROM certificate_due WHERE certificate_id IN (OLD.id, OLD.renews_id);
    INSERT INTO certificate_due
    SELECT * FROM certificate_due_recount WHERE certificate_id = OLD.renews_id;
END;

-- A holder who moves takes their certificates along.
CREATE TRIGGER certificate_due_person AFTER UPDATE OF org_path ON person
WHEN OLD.org_path IS NOT NEW.org_path
BEGIN
    UPDATE certificate_due SET org_path = NEW.org_path
     WHERE certificate_id IN (SELECT id FROM certificate WHERE person_id = NEW.id);
END;

-- supervisor_mix: supervisors counted by the set of cadres they supervise (supervisor_load's
-- cadres, ',a,b,' in cadre order; '' for workers without a post) and their load (current
-- links of active workers). The declarations' ratios are applied to the few distinct sets
-- at query time, so "supervisors over their ratio" reads a few hundred rows at any size.
CREATE TABLE supervisor_mix (
    cadres TEXT NOT NULL,
    load   INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (cadres, load)
) WITHOUT ROWID;

-- supervisor_mix_of: each supervisor's set of cadres and load, from their rows of
-- supervisor_load. A window orders the set (3.40's group_concat takes no ORDER BY); the
-- usual ordered inner subquery would keep SQLite from pushing a supervisor's id into it,
-- and the triggers below would read all of supervisor_load (658,000 rows at 5,000,000)
-- for each change. Asked for one supervisor, it reads that supervisor's rows by the key
-- (tests/unit/store/test_person_summary.c asserts the triggers' plans). Each cadre comes
-- with its comma: as a window, group_concat of a lone '' is NULL, not ''.
CREATE VIEW supervisor_mix_of AS
SELECT DISTINCT supervisor_person_id, ',' || group_concat(cadre || ',', '') OVER w AS cadres,
       sum(n) OVER w AS load
  FROM supervisor_load WHERE n > 0
WINDOW w AS (PARTITION BY supervisor_person_id ORDER BY cadre
             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);

INSERT INTO supervisor_mix (cadres, load, n)
SELECT cadres, load, count(*) FROM supervisor_mix_of GROUP BY cadres, load;

-- supervisor_mix_add: a supervisor's set and load counted k more times in supervisor_mix
-- (k = 1 joins its count, -1 leaves it; a count that falls to 0 goes). A view of no rows,
-- written only through its INSTEAD OF trigger: the one statement the triggers below share.
CREATE VIEW supervisor_mix_add (supervisor_person_id, k) AS SELECT NULL, NULL WHERE 0;
CREATE TRIGGER supervisor_mix_add INSTEAD OF INSERT ON supervisor_mix_add BEGIN
    INSERT INTO supervisor_mix (cadres, load, n)
    SELECT cadres, load, NEW.k FROM supervisor_mix_of
     WHERE supervisor_person_id = NEW.supervisor_person_id
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
    DELETE FROM supervisor_mix WHERE n <= 0;
END;

-- One supervisor_load row changes at a time (its key never does): before the change the
-- supervisor leaves the count of their set and load, after it they join the count of the
-- new one, both read from supervisor_mix_of as the table stands. Rows of 0 count for
-- nothing. 0021's triggers write supervisor_load by upserts: one that meets its row fires
-- BEFORE INSERT, then the UPDATE triggers and no AFTER INSERT, so the supervisor leaves
-- before an insert only when the row is new.
CREATE TRIGGER supervisor_mix_leave_insert BEFORE INSERT ON supervisor_load
WHEN NEW.n > 0 AND NOT EXISTS (SELECT 1 FROM supervisor_load
                                WHERE supervisor_person_id = NEW.supervisor_person_id
                                  AND cadre = NEW.cadre)
BEGIN
    INSERT INTO supervisor_mix_add VALUES (NEW.supervisor_person_id, -1);
END;
CREATE TRIGGER supervisor_mix_join_insert AFTER INSERT ON supervisor_load WHEN NEW.n > 0 BEGIN
    INSERT INTO supervisor_mix_add VALUES (NEW.supervisor_person_id, 1);
END;

CREATE TRIGGER supervisor_mix_leave_update BEFORE UPDATE OF n ON supervisor_load
WHEN OLD.n IS NOT NEW.n
BEGIN
    INSERT INTO supervisor_mix_add VALUES (OLD.supervisor_person_id, -1);
END;
CREATE TRIGGER supervisor_mix_join_update AFTER UPDATE OF n ON supervisor_load
WHEN OLD.n IS NOT NEW.n
BEGIN
    INSERT INTO supervisor_mix_add VALUES (NEW.supervisor_person_id, 1);
END;

CREATE TRIGGER supervisor_mix_leave_delete BEFORE DELETE ON supervisor_load WHEN OLD.n > 0
BEGIN
    INSERT INTO supervisor_mix_add VALUES (OLD.supervisor_person_id, -1);
END;
CREATE TRIGGER supervisor_mix_join_delete AFTER DELETE ON supervisor_load WHEN OLD.n > 0
BEGIN
    INSERT INTO supervisor_mix_add VALUES (OLD.supervisor_person_id, 1);
END;
