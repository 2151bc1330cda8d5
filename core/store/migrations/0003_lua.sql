-- Lua runtime (issue 4): the first published view for reports.
-- Reports (kazi.report in Lua) may read only views whose names start with
-- "report_"; the report connection's authorizer refuses every other table and
-- view, and every table holding users, sessions or tokens even through a view.
-- Views over people or posts must filter with kazi_in_scope(org_unit.path) so a
-- report sees only the caller's org-unit subtree (see docs/plugins.md, "Reports").
CREATE VIEW report_installation AS
    SELECT (SELECT value FROM kazi_meta WHERE key = 'country')    AS country,
           (SELECT value FROM kazi_meta WHERE key = 'created_at') AS created_at;

-- The org-unit hierarchy as reports see it: only the caller's subtree.
CREATE VIEW report_org_units AS
    SELECT id, code, name, level_id, depth, path
      FROM org_unit
     WHERE kazi_in_scope(path);
