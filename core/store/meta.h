/*
 * meta — small facts about the installation kept in the database
 * (country, created_at, instance id).
 * Owns: the kazi_meta table.
 * Uses: store/db.
 * Thread-safety: as the connection passed in.
 */
#ifndef KAZI_STORE_META_H
#define KAZI_STORE_META_H

#include "store/db.h"

/* Read `key` into a new string (*out, free()); KAZI_ENOTFOUND if unset. */
int kazi_meta_get(char **out, kazi_db *db, const char *key);

/* Insert or replace `key`. Runs inside the caller's transaction if one is open. */
int kazi_meta_set(kazi_db *db, const char *key, const char *value);

#endif
