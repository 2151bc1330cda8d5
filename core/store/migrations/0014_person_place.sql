-- Searches that stay flat as the register grows (issue 19).
--
-- person_place: one row for every org unit a person lives in or under (the units of
-- their org_path: country, region, district, ... village), keyed by the unit, then the
-- name order the search pages in. "The people of this district, by name" is then one
-- equality and an ordered range: a page reads its 50 rows (plus those that fail the
-- status and sex filters, kept in the row), never the whole district and never a sort,
-- at any register size. Triggers keep it equal to person.
CREATE TABLE person_place (
    org_unit_id INTEGER NOT NULL,
    name_key    TEXT NOT NULL,
    person_id   INTEGER NOT NULL,
    status      TEXT NOT NULL,
    sex         TEXT,
    PRIMARY KEY (org_unit_id, name_key, person_id)
) WITHOUT ROWID;

-- person_place_count: how many people each unit has by status and sex ('' for none),
-- so a search's total is a handful of rows summed, not every match counted.
CREATE TABLE person_place_count (
    org_unit_id INTEGER NOT NULL,
    status      TEXT NOT NULL,
    sex         TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (org_unit_id, status, sex)
) WITHOUT ROWID;

-- The unit ids of a path: '/1/7/42/' -> [1,7,42].
INSERT INTO person_place (org_unit_id, name_key, person_id, status, sex)
SELECT u.value, p.name_key, p.id, p.status, p.sex
FROM person AS p,
     json_each('[' || replace(substr(p.org_path, 2, length(p.org_path) - 2), '/', ',') || ']') AS u;

INSERT INTO person_place_count (org_unit_id, status, sex, n)
SELECT org_unit_id, status, coalesce(sex, ''), count(*) FROM person_place
GROUP BY org_unit_id, status, coalesce(sex, '');

CREATE TRIGGER person_place_insert AFTER INSERT ON person BEGIN
    INSERT INTO person_place (org_unit_id, name_key, person_id, status, sex)
    SELECT value, NEW.name_key, NEW.id, NEW.status, NEW.sex
    FROM json_each('[' || replace(substr(NEW.org_path, 2, length(NEW.org_path) - 2), '/', ',') || ']');
    INSERT INTO person_place_count (org_unit_id, status, sex, n)
    SELECT value, NEW.status, coalesce(NEW.sex, ''), 1 FROM json_each('[' || replace(substr(NEW.org_path, 2, length(NEW.org_path) - 2), '/', ',') || ']') WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER person_place_update AFTER UPDATE OF org_path, name_key, status, sex ON person BEGIN
    DELETE FROM person_place
    WHERE org_unit_id IN (SELECT value FROM json_each('[' || replace(substr(OLD.org_path, 2,
                              length(OLD.org_path) - 2), '/', ',') || ']'))
      AND name_key = OLD.name_key AND person_id = OLD.id;
    INSERT INTO person_place (org_unit_id, name_key, person_id, status, sex)
    SELECT value, NEW.name_key, NEW.id, NEW.status, NEW.sex
    FROM json_each('[' || replace(substr(NEW.org_path, 2, length(NEW.org_path) - 2), '/', ',') || ']');
    UPDATE person_place_count SET n = n - 1
    WHERE org_unit_id IN (SELECT value FROM json_each('[' || replace(substr(OLD.org_path, 2, length(OLD.org_path) - 2), '/', ',') || ']'))
      AND status = OLD.status AND sex = coalesce(OLD.sex, '');
    INSERT INTO person_place_count (org_unit_id, status, sex, n)
    SELECT value, NEW.status, coalesce(NEW.sex, ''), 1 FROM json_each('[' || replace(substr(NEW.org_path, 2, length(NEW.org_path) - 2), '/', ',') || ']') WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER person_place_delete AFTER DELETE ON person BEGIN
    DELETE FROM person_place
    WHERE org_unit_id IN (SELECT value FROM json_each('[' || replace(substr(OLD.org_path, 2,
                              length(OLD.org_path) - 2), '/', ',') || ']'))
      AND name_key = OLD.name_key AND person_id = OLD.id;
    UPDATE person_place_count SET n = n - 1
    WHERE org_unit_id IN (SELECT value FROM json_each('[' || replace(substr(OLD.org_path, 2, length(OLD.org_path) - 2), '/', ',') || ']'))
      AND status = OLD.status AND sex = coalesce(OLD.sex, '');
END;

-- A person's identifiers read from the index alone (person by id answers them in the
-- same statement): one look-up instead of an index and a table look-up.
DROP INDEX person_identifier_person;
CREATE INDEX person_identifier_person ON person_identifier(person_id, type, value);
