-- The dashboard's last two reads that grew with the register (issue 19, point 2): at
-- 5,000,000 people its expiring certificates read 44,000 certificate and person rows
-- (285 ms) and its supervisors over their ratio grouped 658,000 supervisor_load rows
-- (295 ms). Both are now kept by triggers in a form the dashboard reads without a
-- worker's row; store/figures.c reads them, tests/unit/store/test_person_summary.c
-- recounts them from scratch after every kind of change, tests/unit/domain/test_figures.c
-- asserts the plans.

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

INSERT INTO supervisor_mix (cadres, load, n)
SELECT cadres, load, count(*) FROM (
    SELECT ',' || group_concat(cadre, ',') || ',' AS cadres, sum(n) AS load
      FROM (SELECT supervisor_person_id, cadre, n FROM supervisor_load WHERE n > 0
             ORDER BY supervisor_person_id, cadre)
     GROUP BY supervisor_person_id)
 GROUP BY cadres, load;

-- One supervisor_load row changes at a time (its key never does): the supervisor leaves
-- the count of their set and load before the change (their other rows and the old row)
-- and joins the count of the one after it (their rows now). Rows of 0 on their way out
-- count for nothing.
CREATE TRIGGER supervisor_mix_insert AFTER INSERT ON supervisor_load BEGIN
    UPDATE supervisor_mix SET n = n - 1 WHERE (cadres, load) = (
        SELECT ',' || group_concat(cadre, ',') || ',', sum(n)
          FROM (SELECT cadre, n FROM supervisor_load
                 WHERE supervisor_person_id = NEW.supervisor_person_id
                   AND cadre <> NEW.cadre AND n > 0 ORDER BY cadre));
    INSERT INTO supervisor_mix (cadres, load, n)
    SELECT cadres, load, 1 FROM (
        SELECT ',' || group_concat(cadre, ',') || ',' AS cadres, sum(n) AS load
          FROM (SELECT cadre, n FROM supervisor_load
                 WHERE supervisor_person_id = NEW.supervisor_person_id AND n > 0
                 ORDER BY cadre))
     WHERE cadres IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    DELETE FROM supervisor_mix WHERE n <= 0;
END;

CREATE TRIGGER supervisor_mix_update AFTER UPDATE OF n ON supervisor_load
WHEN OLD.n IS NOT NEW.n
BEGIN
    UPDATE supervisor_mix SET n = n - 1 WHERE (cadres, load) = (
        SELECT ',' || group_concat(cadre, ',') || ',', sum(n)
          FROM (SELECT cadre, n FROM supervisor_load
                 WHERE supervisor_person_id = OLD.supervisor_person_id
                   AND cadre <> OLD.cadre AND n > 0
                UNION ALL SELECT OLD.cadre, OLD.n WHERE OLD.n > 0
                ORDER BY 1));
    INSERT INTO supervisor_mix (cadres, load, n)
    SELECT cadres, load, 1 FROM (
        SELECT ',' || group_concat(cadre, ',') || ',' AS cadres, sum(n) AS load
          FROM (SELECT cadre, n FROM supervisor_load
                 WHERE supervisor_person_id = NEW.supervisor_person_id AND n > 0
                 ORDER BY cadre))
     WHERE cadres IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    DELETE FROM supervisor_mix WHERE n <= 0;
END;

CREATE TRIGGER supervisor_mix_delete AFTER DELETE ON supervisor_load WHEN OLD.n > 0 BEGIN
    UPDATE supervisor_mix SET n = n - 1 WHERE (cadres, load) = (
        SELECT ',' || group_concat(cadre, ',') || ',', sum(n)
          FROM (SELECT cadre, n FROM supervisor_load
                 WHERE supervisor_person_id = OLD.supervisor_person_id AND n > 0
                UNION ALL SELECT OLD.cadre, OLD.n
                ORDER BY 1));
    INSERT INTO supervisor_mix (cadres, load, n)
    SELECT cadres, load, 1 FROM (
        SELECT ',' || group_concat(cadre, ',') || ',' AS cadres, sum(n) AS load
          FROM (SELECT cadre, n FROM supervisor_load
                 WHERE supervisor_person_id = OLD.supervisor_person_id AND n > 0
                 ORDER BY cadre))
     WHERE cadres IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    DELETE FROM supervisor_mix WHERE n <= 0;
END;
