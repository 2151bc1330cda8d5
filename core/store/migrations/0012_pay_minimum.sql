-- A payment below its minimum is flagged when it is recorded (issue 15, point 6): the
-- worker's pay of the month so far (payments, stipends, allowances in the minimum's
-- currency, this one included) against the monthly minimum of kazi.pay for their
-- cadre and engagement. NULL below_minimum: recorded before minimums were checked.
ALTER TABLE payment ADD COLUMN below_minimum INTEGER CHECK (below_minimum IN (0, 1));
ALTER TABLE payment ADD COLUMN minimum_amount NUMERIC;
ALTER TABLE payment ADD COLUMN minimum_currency TEXT;
