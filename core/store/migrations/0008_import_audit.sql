-- Bulk imports (issue 6, point 8): a file of people is audited by one row naming the
-- file (its SHA-256, row count and configuration commit) instead of one row per
-- person; each person it created points at that row, so the person's history still
-- shows where the record came from. The row is appended when the file is done, so the
-- reference is checked at commit.
ALTER TABLE person ADD COLUMN import_audit_id INTEGER
    REFERENCES audit(id) DEFERRABLE INITIALLY DEFERRED;
