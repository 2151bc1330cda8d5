-- Indicators that answer from a few thousand rows at any register size (issue 16,
-- point 6): the monthly returns summed per residence path, month and activity, so
-- ind-activity-totals and ind-return-completeness group a summary, not every return.
--
-- activity_month: per residence path (the worker's person.org_path), month and
-- activity, how many returns and the sum of their counts. return_month: per residence
-- path and month, how many workers sent at least one return (distinct worker-months).
-- Triggers keep both equal to activity_return and person.org_path; a row whose count
-- falls to 0 goes.
CREATE TABLE activity_month (
    org_path TEXT NOT NULL,
    period   TEXT NOT NULL,
    activity TEXT NOT NULL,
    returns  INTEGER NOT NULL,
    total    INTEGER NOT NULL,
    PRIMARY KEY (org_path, period, activity)
) WITHOUT ROWID;

CREATE TABLE return_month (
    org_path TEXT NOT NULL,
    period   TEXT NOT NULL,
    workers  INTEGER NOT NULL,
    PRIMARY KEY (org_path, period)
) WITHOUT ROWID;

INSERT INTO activity_month (org_path, period, activity, returns, total)
SELECT p.org_path, r.period, r.activity, count(r.person_id), sum(r.count)
  FROM activity_return r JOIN person p ON p.id = r.person_id
 GROUP BY p.org_path, r.period, r.activity;

INSERT INTO return_month (org_path, period, workers)
SELECT p.org_path, w.period, count(w.person_id)
  FROM (SELECT DISTINCT person_id, period FROM activity_return) w
  JOIN person p ON p.id = w.person_id
 GROUP BY p.org_path, w.period;

CREATE TRIGGER activity_month_insert AFTER INSERT ON activity_return BEGIN
    INSERT INTO activity_month (org_path, period, activity, returns, total)
    SELECT p.org_path, NEW.period, NEW.activity, 1, NEW.count FROM person p WHERE p.id = NEW.person_id
    ON CONFLICT DO UPDATE SET returns = returns + 1, total = total + excluded.total;
    -- the worker's first return of the month
    INSERT INTO return_month (org_path, period, workers)
    SELECT p.org_path, NEW.period, 1 FROM person p
     WHERE p.id = NEW.person_id
       AND (SELECT count(r.activity) FROM activity_return r
             WHERE r.person_id = NEW.person_id AND r.period = NEW.period) = 1
    ON CONFLICT DO UPDATE SET workers = workers + 1;
END;

CREATE TRIGGER activity_month_delete AFTER DELETE ON activity_return BEGIN
    UPDATE activity_month SET returns = returns - 1, total = total - OLD.count
     WHERE org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period AND activity = OLD.activity;
    DELETE FROM activity_month
     WHERE org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period AND activity = OLD.activity AND returns <= 0;
    -- the worker's last return of the month
    UPDATE return_month SET workers = workers - 1
     WHERE org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period
       AND NOT EXISTS (SELECT 1 FROM activity_return r
                        WHERE r.person_id = OLD.person_id AND r.period = OLD.period);
    DELETE FROM return_month
     WHERE org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period AND workers <= 0;
END;

-- Re-entering a month replaces its count (store/support: an upsert): the difference.
CREATE TRIGGER activity_month_count AFTER UPDATE OF count ON activity_return
WHEN OLD.person_id = NEW.person_id AND OLD.period = NEW.period AND OLD.activity = NEW.activity
BEGIN
    UPDATE activity_month SET total = total - OLD.count + NEW.count
     WHERE org_path = (SELECT p.org_path FROM person p WHERE p.id = NEW.person_id)
       AND period = NEW.period AND activity = NEW.activity;
END;

-- A return moved to another worker, month or activity (nothing in Kazi does it: the
-- summary stays exact if something ever does): taken out where it was, added where it is.
CREATE TRIGGER activity_month_move AFTER UPDATE OF person_id, period, activity ON activity_return
WHEN OLD.person_id <> NEW.person_id OR OLD.period <> NEW.period OR OLD.activity <> NEW.activity
BEGIN
    UPDATE activity_month SET returns = returns - 1, total = total - OLD.count
     WHERE org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period AND activity = OLD.activity;
    DELETE FROM activity_month WHERE returns <= 0
       AND org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period AND activity = OLD.activity;
    INSERT INTO activity_month (org_path, period, activity, returns, total)
    SELECT p.org_path, NEW.period, NEW.activity, 1, NEW.count FROM person p WHERE p.id = NEW.person_id
    ON CONFLICT DO UPDATE SET returns = returns + 1, total = total + excluded.total;
    UPDATE return_month SET workers = workers - 1
     WHERE org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period
       AND NOT EXISTS (SELECT 1 FROM activity_return r
                        WHERE r.person_id = OLD.person_id AND r.period = OLD.period);
    DELETE FROM return_month WHERE workers <= 0
       AND org_path = (SELECT p.org_path FROM person p WHERE p.id = OLD.person_id)
       AND period = OLD.period;
    INSERT INTO return_month (org_path, period, workers)
    SELECT p.org_path, NEW.period, 1 FROM person p
     WHERE p.id = NEW.person_id
       AND (OLD.person_id <> NEW.person_id OR OLD.period <> NEW.period)
       AND (SELECT count(r.activity) FROM activity_return r
             WHERE r.person_id = NEW.person_id AND r.period = NEW.period) = 1
    ON CONFLICT DO UPDATE SET workers = workers + 1;
END;

-- A worker who moves house takes their returns along.
CREATE TRIGGER activity_month_person AFTER UPDATE OF org_path ON person
WHEN OLD.org_path <> NEW.org_path
BEGIN
    UPDATE activity_month SET returns = returns - x.n, total = total - x.s
      FROM (SELECT period AS xp, activity AS xa, count(person_id) AS n, sum(count) AS s
              FROM activity_return WHERE person_id = NEW.id GROUP BY period, activity) AS x
     WHERE activity_month.org_path = OLD.org_path AND activity_month.period = x.xp
       AND activity_month.activity = x.xa;
    DELETE FROM activity_month WHERE org_path = OLD.org_path AND returns <= 0;
    INSERT INTO activity_month (org_path, period, activity, returns, total)
    SELECT NEW.org_path, period, activity, count(person_id), sum(count)
      FROM activity_return WHERE person_id = NEW.id GROUP BY period, activity
    ON CONFLICT DO UPDATE SET returns = returns + excluded.returns, total = total + excluded.total;
    UPDATE return_month SET workers = workers - 1
     WHERE org_path = OLD.org_path
       AND period IN (SELECT period FROM activity_return WHERE person_id = NEW.id);
    DELETE FROM return_month WHERE org_path = OLD.org_path AND workers <= 0;
    INSERT INTO return_month (org_path, period, workers)
    SELECT DISTINCT NEW.org_path, period, 1 FROM activity_return WHERE person_id = NEW.id
    ON CONFLICT DO UPDATE SET workers = workers + 1;
END;

-- Published views (docs/plugins.md, "Published views"): the summaries in the caller's
-- scope, by the workers' residence as report_activity_returns.
CREATE VIEW report_activity_months AS
    SELECT org_path, period, activity, returns, total
      FROM activity_month
     WHERE kazi_in_scope(org_path);

CREATE VIEW report_return_months AS
    SELECT org_path, period, workers
      FROM return_month
     WHERE kazi_in_scope(org_path);

-- People's age group is one C function of the report connection (store/report.c,
-- kazi_age_group: whole years on kazi_today()), one call instead of five date()s a row.
DROP VIEW report_people;
CREATE VIEW report_people AS
    SELECT p.id AS person_id, p.residence_org_unit_id AS org_unit_id, p.org_path, p.status,
           p.sex, kazi_age_group(p.birth_date) AS age_group,
           date(p.created_at / 1000, 'unixepoch') AS registered_date
      FROM person p
     WHERE p.status <> 'merged' AND kazi_in_scope(p.org_path);

-- Assignments carry their worker's sex, age group and status: the indicators group
-- them without looking each worker up a second time through report_people (a merge
-- moves the merged record's assignments to the one kept, so none belongs to a merged
-- record).
DROP VIEW report_assignments;
CREATE VIEW report_assignments AS
    SELECT a.id AS assignment_id, a.person_id, a.position_id, pos.cadre, pos.level,
           pos.org_unit_id AS post_org_unit_id, pos.org_path AS post_path,
           p.org_path AS residence_path, a.start_date, a.end_date, a.end_reason, a.engagement,
           a.pay_amount, a.pay_currency, p.sex, kazi_age_group(p.birth_date) AS age_group,
           p.status AS person_status
      FROM assignment a JOIN person p ON p.id = a.person_id
      JOIN position pos ON pos.id = a.position_id AND pos.cadre <> ''
     WHERE kazi_in_scope(p.org_path);
