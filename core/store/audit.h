/*
 * audit — the audit table: append-only rows, each carrying its predecessor's hash.
 * Owns: reading and appending audit rows (hashing is domain/audit's).
 * Uses: store/db, util/json.
 * Thread-safety: as the connection passed in; appends must run inside the caller's
 * BEGIN IMMEDIATE transaction so the chain head cannot move underneath.
 */
#ifndef KAZI_STORE_AUDIT_H
#define KAZI_STORE_AUDIT_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

typedef struct kazi_audit_row {
    int64_t id, at;
    int64_t actor_user_id; /* 0: none (the CLI, an anonymous failed login) */
    const char *actor, *action, *entity_type, *entity_id;  /* entity_id may be NULL */
    const char *before_json, *after_json;                  /* may be NULL */
    const char *request_id, *client_addr, *config_version; /* may be NULL */
    char prev_hash[65], hash[65];
} kazi_audit_row;

/* The newest row's id and hash; KAZI_ENOTFOUND when the trail is empty. */
int kazi_audit_head(int64_t *id, char hash[65], kazi_db *db);

/* Insert `row` exactly as given (row->id included). */
int kazi_audit_insert(kazi_db *db, const kazi_audit_row *row);

/* Call fn for every row in id order (strings lent for the call); stops at the first
 * negative return and returns it. */
int kazi_audit_each(kazi_db *db, int (*fn)(void *ctx, const kazi_audit_row *row), void *ctx);

typedef struct kazi_audit_filter {
    const char *entity_type, *entity_id, *action, *actor;
    int64_t actor_user_id, since, until, before_id; /* 0: no filter */
    int limit;
} kazi_audit_filter;

/* Rows matching every set filter, newest first, as a new JSON array. */
int kazi_audit_query(json_t **out, kazi_db *db, const kazi_audit_filter *f);

#endif
