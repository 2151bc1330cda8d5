-- The dashboard at any register size (issue 19).
--
-- A certificate is "expiring" unless a valid renewal points at it: that question is
-- asked for every certificate about to expire, so it is an index probe, not a scan of
-- every certificate (which made the dashboard's count quadratic in the register).
CREATE INDEX certificate_renews ON certificate(renews_id) WHERE renews_id IS NOT NULL;
