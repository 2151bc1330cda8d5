-- Reserved for the Lua runtime branch's migration (issue 4). This placeholder exists only
-- so that the config branch builds on its own; the lead drops it when merging.
SELECT 1;
