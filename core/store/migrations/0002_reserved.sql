-- Reserved for the access branch's migration (issue 3). This placeholder exists only so
-- that the config branch builds on its own; the lead drops it when merging 0002_access.
SELECT 1;
