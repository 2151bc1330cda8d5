-- Activation survives a crash (issue 13 point 6): a rollout is recorded as an intent
-- ('pending') and committed before refs/kazi/live moves, then completed ('done') after;
-- an intent that never completed is finished or undone at the next start ('abandoned'
-- when the ref did not move). Only 'done' rows are the rollout history. Rows written
-- before this migration were all complete.
ALTER TABLE config_rollouts ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
    CHECK (state IN ('pending', 'done', 'abandoned'));
CREATE INDEX config_rollouts_state ON config_rollouts (state, id);
