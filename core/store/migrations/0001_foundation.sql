-- Foundation: facts about this installation (country, creation time, instance id).
CREATE TABLE kazi_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
