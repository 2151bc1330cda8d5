-- Placeholder: number 0008 is taken by another branch (import audit). Migrations must be
-- consecutive, so this branch holds the number with a no-op until the two meet; when
-- merging, keep the other branch's 0008 and drop this file.
SELECT 1;
