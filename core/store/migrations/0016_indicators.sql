-- What the indicator pack (plugins/indicators.lua, docs/plugins.md "Indicators")
-- reads beyond 0013: a payment's minimum check, for pay-minimum compliance. Views
-- only; scope as before (the worker's residence).
DROP VIEW report_payments;
CREATE VIEW report_payments AS
    SELECT pm.person_id, p.org_path, pm.kind, pm.period, pm.amount, pm.currency, pm.funder_id,
           pm.below_minimum, pm.minimum_amount, pm.minimum_currency
      FROM payment pm JOIN person p ON p.id = pm.person_id
     WHERE kazi_in_scope(p.org_path);

-- report_positions' vacant_since looks up the last assignment of each vacant post:
-- without this index, a scan of every assignment per post (ind-vacancy-days).
CREATE INDEX assignment_position ON assignment(position_id, end_date);

-- The training funnel reads a cohort: the events starting in a period.
CREATE INDEX training_event_start ON training_event(start_date);
