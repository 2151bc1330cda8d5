/*
 * migrate — the schema's numbered migrations, compiled into the binary.
 * Owns: the schema version (PRAGMA user_version) and its upgrade path.
 * Uses: store/db, the generated table of core/store/migrations/NNNN_*.sql.
 * Thread-safety: run on one connection while no server is using the database.
 */
#ifndef KAZI_STORE_MIGRATE_H
#define KAZI_STORE_MIGRATE_H

#include "store/db.h"

/* Number of migrations this binary knows; the newest schema version. */
int kazi_migrate_latest(void);

/* Name of migration `version` (1-based), e.g. "0001_foundation"; NULL if out of range. */
const char *kazi_migrate_name(int version);

/* The database's schema version (0 for a new file). */
int kazi_migrate_version(int *out, kazi_db *db);

/*
 * Apply every migration after the current version up to `target` (-1: latest), each in
 * its own BEGIN IMMEDIATE transaction together with the version bump, so a failure
 * leaves the database at the last complete step. Errors: KAZI_EVERSION when the
 * database is newer than this binary; the failing SQL's error otherwise.
 */
int kazi_migrate(kazi_db *db, int target);

/* The schema as text (every CREATE statement in sqlite_schema, sorted by name), for
 * comparing two databases. *out is the caller's (free). */
int kazi_migrate_schema(char **out, kazi_db *db);
#endif
