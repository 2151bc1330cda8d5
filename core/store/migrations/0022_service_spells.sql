-- The flow indicators at any register size (issue 16, point 6): distribution, entry,
-- exit and promotion rates and length of service (plugins/indicators.lua) read each
-- worker's spells of service, kept by triggers, instead of grouping every worker's
-- posts at every query.
--
-- service_spell: per person and cadre ('' for any post), the spells they held a post:
-- the union of their assignments' [start_date, end_date) intervals (an end date is
-- the first day not held, as the indicators' "holding a post on D" reads it:
-- start_date <= D < end_date), touching or overlapping ones merged; end_date NULL while
-- held. A spell-less assignment (ending the day it starts) still gives a spell of no
-- length, so first_start (the person's first start in the cadre, or at all) is on every
-- row. The worker's residence path, sex and birth date are copied: the indicators
-- group spells without looking each worker up. Nothing that depends on today is kept
-- (the age group is computed when read, from the birth date). Positions without a cadre
-- are left out, as report_assignments leaves them out.
CREATE TABLE service_spell (
    person_id   INTEGER NOT NULL,
    cadre       TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    first_start TEXT NOT NULL,
    org_path    TEXT NOT NULL,
    sex         TEXT,
    birth_date  TEXT,
    PRIMARY KEY (cadre, org_path, person_id, start_date)
) WITHOUT ROWID;
-- (the key puts the spells of any post apart from each cadre's, by residence: an
-- indicator reads one range, already in the order it groups by; a person's spells are
-- found by the index)
CREATE INDEX service_spell_person ON service_spell(person_id);

-- A person whose spells must be counted again: the trigger on it recounts them from
-- their assignments (the one definition of a spell), then forgets the row.
CREATE TABLE service_spell_stale (person_id INTEGER NOT NULL);

CREATE TRIGGER service_spell_recount AFTER INSERT ON service_spell_stale BEGIN
    DELETE FROM service_spell WHERE person_id = NEW.person_id;
    INSERT INTO service_spell (person_id, cadre, start_date, end_date, first_start, org_path,
                               sex, birth_date)
    SELECT p.id, g.cadre, min(g.s), nullif(max(g.e), '9999-12-31'), min(g.first), p.org_path,
           p.sex, p.birth_date
      FROM (SELECT cadre, s, e, min(s) OVER (PARTITION BY cadre) AS first,
                   sum(reach IS NULL OR s > reach) OVER (PARTITION BY cadre ORDER BY s, e
                                                         ROWS UNBOUNDED PRECEDING) AS spell
              FROM (SELECT cadre, s, e,
                           max(e) OVER (PARTITION BY cadre ORDER BY s, e
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
                      FROM (SELECT iif(k.any, '', pos.cadre) AS cadre, a.start_date AS s,
                                   coalesce(a.end_date, '9999-12-31') AS e
                              FROM assignment a
                              JOIN position pos ON pos.id = a.position_id AND pos.cadre <> '',
                                   (SELECT 0 AS any UNION ALL SELECT 1) k
                             WHERE a.person_id = NEW.person_id))) g
      JOIN person p ON p.id = NEW.person_id
     GROUP BY g.cadre, g.spell;
    DELETE FROM service_spell_stale WHERE person_id = NEW.person_id;
END;

-- Any change to a person's assignments recounts their spells (both people's when an
-- assignment changes hands); a post given another cadre recounts its holders'.
CREATE TRIGGER service_spell_assignment_insert AFTER INSERT ON assignment BEGIN
    INSERT INTO service_spell_stale (person_id) VALUES (NEW.person_id);
END;
CREATE TRIGGER service_spell_assignment_delete AFTER DELETE ON assignment BEGIN
    INSERT INTO service_spell_stale (person_id) VALUES (OLD.person_id);
END;
CREATE TRIGGER service_spell_assignment_update
AFTER UPDATE OF person_id, position_id, start_date, end_date ON assignment BEGIN
    INSERT INTO service_spell_stale (person_id) VALUES (OLD.person_id);
    INSERT INTO service_spell_stale (person_id) SELECT NEW.person_id
     WHERE NEW.person_id <> OLD.person_id;
END;
CREATE TRIGGER service_spell_position_cadre AFTER UPDATE OF cadre ON position
WHEN OLD.cadre IS NOT NEW.cadre
BEGIN
    INSERT INTO service_spell_stale (person_id)
    SELECT DISTINCT person_id FROM assignment WHERE position_id = NEW.id;
END;

-- A worker who moves house, or whose sex or birth date is corrected, takes their spells
-- along; a person removed takes theirs away.
CREATE TRIGGER service_spell_person_update AFTER UPDATE OF org_path, sex, birth_date ON person
WHEN OLD.org_path IS NOT NEW.org_path OR OLD.sex IS NOT NEW.sex
  OR OLD.birth_date IS NOT NEW.birth_date
BEGIN
    UPDATE service_spell SET org_path = NEW.org_path, sex = NEW.sex, birth_date = NEW.birth_date
     WHERE person_id = NEW.id;
END;
CREATE TRIGGER service_spell_person_delete AFTER DELETE ON person BEGIN
    DELETE FROM service_spell WHERE person_id = OLD.id;
END;

-- The register as it stands: every person with an assignment counted once.
INSERT INTO service_spell_stale (person_id) SELECT DISTINCT person_id FROM assignment;

-- Published view (docs/plugins.md, "Published views"): the spells in the caller's scope,
-- by the worker's residence, with their age group (whole years on kazi_today()) in
-- place of the birth date.
CREATE VIEW report_service_spells AS
    SELECT s.person_id, s.cadre, s.start_date, s.end_date, s.first_start,
           s.org_path AS residence_path, s.sex, kazi_age_group(s.birth_date) AS age_group
      FROM service_spell s
     WHERE kazi_in_scope(s.org_path);
