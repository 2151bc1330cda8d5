/*
 * audit — the tamper-evident audit trail: appending hash-chained rows inside the
 * caller's transaction, and verifying the chain.
 * Owns: the canonical serialisation of a row and its SHA-256 chaining.
 * Uses: store/audit, libsodium (crypto_hash_sha256), util/json, util/clock.
 * Thread-safety: reentrant; appends serialise through the caller's BEGIN IMMEDIATE.
 *
 * How other modules use it: inside the transaction that makes a change, call
 * kazi_audit_append(db, ctx, "person.update", "person", "42", before, after) and
 * commit only if it returned KAZI_OK. `ctx` is derived from the caller by the function
 * that makes the change (kazi_caller_audit(&ctx, caller)); callers above the domain
 * pass the caller, never an audit context.
 */
#ifndef KAZI_DOMAIN_AUDIT_H
#define KAZI_DOMAIN_AUDIT_H

#include <stdint.h>

#include "auth/caller.h"
#include "store/audit.h"
#include "store/db.h"
#include "util/json.h"

/* kazi_audit_ctx (who is acting and from where) is defined with the caller in
 * auth/caller.h: kazi_caller_audit builds it. */

/* The context for a command-line change: actor "cli:<login name>". Lent, static. */
const kazi_audit_ctx *kazi_audit_ctx_cli(void);

/*
 * Append one row: now, ctx, action ("user.create"), entity type and id (id may be
 * NULL), before/after as JSON (either may be NULL). Must run inside the caller's
 * write transaction (kazi_db_begin), so the row commits or rolls back with the change.
 * config_version is left NULL until the configuration issue provides it.
 */
int kazi_audit_append(kazi_db *db, const kazi_audit_ctx *ctx, const char *action,
                      const char *entity_type, const char *entity_id, const json_t *before,
                      const json_t *after);

/* The hash of `row` chained on row->prev_hash, as 64 lowercase hex digits + NUL. */
void kazi_audit_hash(char out[65], const kazi_audit_row *row);

/* The prev_hash of the first row. */
#define KAZI_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct kazi_audit_report {
    int64_t rows;      /* rows checked */
    int64_t bad_id;    /* first bad row (0 when the chain is intact) */
    char head[65];     /* hash of the newest row (GENESIS when empty) */
    char problem[256]; /* what is wrong with bad_id */
} kazi_audit_report;

/*
 * Walk the whole trail. KAZI_OK when every row's hash matches its content and its
 * predecessor and ids are consecutive; KAZI_ECONFLICT with out->bad_id and the last
 * error naming the row otherwise (an edited row, a deleted one, a reordering).
 * Deleting the newest rows is only detectable against a head recorded elsewhere:
 * compare out->head with one you kept (docs/security.md).
 */
int kazi_audit_verify(kazi_audit_report *out, kazi_db *db);

#endif
