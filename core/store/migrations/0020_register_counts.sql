-- The dashboard's register counts at any register size (issue 19).
--
-- Like person_place_count (0014), running counts per org unit kept equal to the
-- register by triggers, so the dashboard sums a few rows for its area (the area's own
-- unit, or the roots for the whole register) instead of reading every worker's posts.
-- A unit's row counts everything under it: a person under each unit of their org_path,
-- a position under each unit of its own.
--
-- person_cadre: each person's current posts (assignments without an end date) per
-- cadre; a row exists while n > 0.
CREATE TABLE person_cadre (
    person_id INTEGER NOT NULL,
    cadre     TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (person_id, cadre)
) WITHOUT ROWID;

-- cadre_place_count: active people holding at least one current post of the cadre, under
-- each unit where they live (a person with two such posts counts once).
CREATE TABLE cadre_place_count (
    org_unit_id INTEGER NOT NULL,
    cadre       TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (org_unit_id, cadre)
) WITHOUT ROWID;

-- vacant_place_count: positions without a current assignment, under each unit of the
-- position's org_path, per cadre.
CREATE TABLE vacant_place_count (
    org_unit_id INTEGER NOT NULL,
    cadre       TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (org_unit_id, cadre)
) WITHOUT ROWID;

INSERT INTO person_cadre (person_id, cadre, n)
SELECT a.person_id, pos.cadre, count(*) FROM assignment AS a
JOIN position AS pos ON pos.id = a.position_id
WHERE a.end_date IS NULL GROUP BY a.person_id, pos.cadre;

INSERT INTO cadre_place_count (org_unit_id, cadre, n)
SELECT u.value, pc.cadre, count(*)
FROM person_cadre AS pc JOIN person AS p ON p.id = pc.person_id AND p.status = 'active',
     json_each('[' || replace(substr(p.org_path, 2, length(p.org_path) - 2), '/', ',') || ']') AS u
GROUP BY u.value, pc.cadre;

INSERT INTO vacant_place_count (org_unit_id, cadre, n)
SELECT u.value, pos.cadre, count(*)
FROM position AS pos,
     json_each('[' || replace(substr(pos.org_path, 2, length(pos.org_path) - 2), '/', ',') || ']') AS u
WHERE NOT EXISTS (SELECT 1 FROM assignment AS a WHERE a.position_id = pos.id AND a.end_date IS NULL)
GROUP BY u.value, pos.cadre;

-- A person's first current post of a cadre adds them under their units (when active);
-- their last one ending takes them away.
CREATE TRIGGER person_cadre_insert AFTER INSERT ON person_cadre BEGIN
    INSERT INTO cadre_place_count (org_unit_id, cadre, n)
    SELECT u.value, NEW.cadre, 1 FROM person AS p,
        json_each('[' || replace(substr(p.org_path, 2, length(p.org_path) - 2), '/', ',') || ']') AS u
    WHERE p.id = NEW.person_id AND p.status = 'active'
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER person_cadre_delete AFTER DELETE ON person_cadre BEGIN
    UPDATE cadre_place_count SET n = n - 1
    WHERE cadre = OLD.cadre AND org_unit_id IN (SELECT u.value FROM person AS p,
        json_each('[' || replace(substr(p.org_path, 2, length(p.org_path) - 2), '/', ',') || ']') AS u
        WHERE p.id = OLD.person_id AND p.status = 'active');
END;

-- A person who moves, or becomes (in)active, moves their cadres' counts.
CREATE TRIGGER person_cadre_person_update AFTER UPDATE OF org_path, status ON person
WHEN OLD.org_path IS NOT NEW.org_path OR (OLD.status = 'active') IS NOT (NEW.status = 'active')
BEGIN
    UPDATE cadre_place_count SET n = n - 1
    WHERE OLD.status = 'active' AND (org_unit_id, cadre) IN (SELECT u.value, pc.cadre
        FROM person_cadre AS pc,
        json_each('[' || replace(substr(OLD.org_path, 2, length(OLD.org_path) - 2), '/', ',') || ']') AS u
        WHERE pc.person_id = OLD.id);
    INSERT INTO cadre_place_count (org_unit_id, cadre, n)
    SELECT u.value, pc.cadre, 1 FROM person_cadre AS pc,
        json_each('[' || replace(substr(NEW.org_path, 2, length(NEW.org_path) - 2), '/', ',') || ']') AS u
    WHERE pc.person_id = NEW.id AND NEW.status = 'active'
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER person_cadre_person_delete AFTER DELETE ON person BEGIN
    UPDATE cadre_place_count SET n = n - 1
    WHERE OLD.status = 'active' AND (org_unit_id, cadre) IN (SELECT u.value, pc.cadre
        FROM person_cadre AS pc,
        json_each('[' || replace(substr(OLD.org_path, 2, length(OLD.org_path) - 2), '/', ',') || ']') AS u
        WHERE pc.person_id = OLD.id);
    DELETE FROM person_cadre WHERE person_id = OLD.id;
END;

-- A position is vacant when created.
CREATE TRIGGER vacant_position_insert AFTER INSERT ON position BEGIN
    INSERT INTO vacant_place_count (org_unit_id, cadre, n)
    SELECT value, NEW.cadre, 1
    FROM json_each('[' || replace(substr(NEW.org_path, 2, length(NEW.org_path) - 2), '/', ',') || ']')
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- A position moved or given another cadre moves its vacancy, or its holder's cadre.
CREATE TRIGGER vacant_position_update AFTER UPDATE OF org_path, cadre ON position
WHEN OLD.org_path IS NOT NEW.org_path OR OLD.cadre IS NOT NEW.cadre
BEGIN
    UPDATE vacant_place_count SET n = n - 1
    WHERE cadre = OLD.cadre AND org_unit_id IN (SELECT value FROM
        json_each('[' || replace(substr(OLD.org_path, 2, length(OLD.org_path) - 2), '/', ',') || ']'))
      AND NOT EXISTS (SELECT 1 FROM assignment WHERE position_id = OLD.id AND end_date IS NULL);
    INSERT INTO vacant_place_count (org_unit_id, cadre, n)
    SELECT value, NEW.cadre, 1
    FROM json_each('[' || replace(substr(NEW.org_path, 2, length(NEW.org_path) - 2), '/', ',') || ']')
    WHERE NOT EXISTS (SELECT 1 FROM assignment WHERE position_id = NEW.id AND end_date IS NULL)
    ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE person_cadre SET n = n - 1
    WHERE OLD.cadre IS NOT NEW.cadre AND cadre = OLD.cadre
      AND person_id = (SELECT person_id FROM assignment WHERE position_id = OLD.id AND end_date IS NULL);
    DELETE FROM person_cadre
    WHERE OLD.cadre IS NOT NEW.cadre AND cadre = OLD.cadre AND n = 0
      AND person_id = (SELECT person_id FROM assignment WHERE position_id = OLD.id AND end_date IS NULL);
    INSERT INTO person_cadre (person_id, cadre, n)
    SELECT person_id, NEW.cadre, 1 FROM assignment
    WHERE OLD.cadre IS NOT NEW.cadre AND position_id = NEW.id AND end_date IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER vacant_position_delete AFTER DELETE ON position BEGIN
    UPDATE vacant_place_count SET n = n - 1
    WHERE cadre = OLD.cadre AND org_unit_id IN (SELECT value FROM
        json_each('[' || replace(substr(OLD.org_path, 2, length(OLD.org_path) - 2), '/', ',') || ']'))
      AND NOT EXISTS (SELECT 1 FROM assignment WHERE position_id = OLD.id AND end_date IS NULL);
END;

-- An assignment becoming current fills its position and adds its cadre to its holder;
-- one ending (or removed) does the reverse. Ending first, then starting: an update that
-- changes the position or the holder of a current assignment is both.
CREATE TRIGGER register_count_assignment_insert AFTER INSERT ON assignment
WHEN NEW.end_date IS NULL
BEGIN
    INSERT INTO person_cadre (person_id, cadre, n)
    SELECT NEW.person_id, cadre, 1 FROM position WHERE id = NEW.position_id
    ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE vacant_place_count SET n = n - 1
    WHERE (org_unit_id, cadre) IN (SELECT u.value, pos.cadre FROM position AS pos,
        json_each('[' || replace(substr(pos.org_path, 2, length(pos.org_path) - 2), '/', ',') || ']') AS u
        WHERE pos.id = NEW.position_id);
END;
CREATE TRIGGER register_count_assignment_update AFTER UPDATE OF end_date, position_id, person_id
ON assignment
WHEN (OLD.end_date IS NULL OR NEW.end_date IS NULL)
 AND ((OLD.end_date IS NULL) IS NOT (NEW.end_date IS NULL) OR OLD.position_id <> NEW.position_id
      OR OLD.person_id <> NEW.person_id)
BEGIN
    UPDATE person_cadre SET n = n - 1
    WHERE OLD.end_date IS NULL AND person_id = OLD.person_id
      AND cadre = (SELECT cadre FROM position WHERE id = OLD.position_id);
    DELETE FROM person_cadre
    WHERE OLD.end_date IS NULL AND person_id = OLD.person_id AND n = 0
      AND cadre = (SELECT cadre FROM position WHERE id = OLD.position_id);
    INSERT INTO vacant_place_count (org_unit_id, cadre, n)
    SELECT u.value, pos.cadre, 1 FROM position AS pos,
        json_each('[' || replace(substr(pos.org_path, 2, length(pos.org_path) - 2), '/', ',') || ']') AS u
    WHERE OLD.end_date IS NULL AND pos.id = OLD.position_id
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO person_cadre (person_id, cadre, n)
    SELECT NEW.person_id, cadre, 1 FROM position WHERE NEW.end_date IS NULL AND id = NEW.position_id
    ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE vacant_place_count SET n = n - 1
    WHERE NEW.end_date IS NULL AND (org_unit_id, cadre) IN (SELECT u.value, pos.cadre
        FROM position AS pos,
        json_each('[' || replace(substr(pos.org_path, 2, length(pos.org_path) - 2), '/', ',') || ']') AS u
        WHERE pos.id = NEW.position_id);
END;
CREATE TRIGGER register_count_assignment_delete AFTER DELETE ON assignment
WHEN OLD.end_date IS NULL
BEGIN
    UPDATE person_cadre SET n = n - 1
    WHERE person_id = OLD.person_id AND cadre = (SELECT cadre FROM position WHERE id = OLD.position_id);
    DELETE FROM person_cadre
    WHERE person_id = OLD.person_id AND n = 0
      AND cadre = (SELECT cadre FROM position WHERE id = OLD.position_id);
    INSERT INTO vacant_place_count (org_unit_id, cadre, n)
    SELECT u.value, pos.cadre, 1 FROM position AS pos,
        json_each('[' || replace(substr(pos.org_path, 2, length(pos.org_path) - 2), '/', ',') || ']') AS u
    WHERE pos.id = OLD.position_id
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
