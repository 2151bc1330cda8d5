/*
 * rollout — the life of a configuration version after it is proposed: validation
 * (built-in checks now, plus the checks the Lua runtime registers), activation by
 * compare-and-swap of refs/kazi/live, rollback (activating an earlier commit), the
 * audit of every activation, and the hooks through which the Lua runtime builds and
 * swaps its generation of states.
 * Owns: the validator and activation hook points, the process-wide activation lock,
 * which commit this process serves.
 * Uses: config/repo (libgit2), store/configdb (records), util/clock.
 * Thread-safety: hooks are set once before serving. Activations in one process are
 * serialised by a mutex; across processes by the database write lock (BEGIN IMMEDIATE)
 * held around the ref's compare-and-swap, itself atomic under libgit2's ref lock.
 */
#ifndef KAZI_CONFIG_ROLLOUT_H
#define KAZI_CONFIG_ROLLOUT_H

#include "config/repo.h"
#include "config/source.h"
#include "store/db.h"
#include "util/json.h"

/* Limits the built-in validation enforces. */
#define KAZI_CONFIG_MAX_FILE_BYTES  (512 * 1024)
#define KAZI_CONFIG_MAX_FILES       1000
#define KAZI_CONFIG_MAX_TOTAL_BYTES (16 * 1024 * 1024)
#define KAZI_CONFIG_REQUIRED_FILE   "country.lua"

/*
 * A validator adds checks to kazi_config_validate. It gets a source over the commit's
 * files and appends one object per problem to `errors`: {"file": path, "line": n
 * (optional), "message": text}. It returns KAZI_OK whether or not it found problems, and
 * a negative code only when it could not run at all (validation then fails with that
 * error and records nothing). A problem with "severity": "warning" (a minimum standard
 * the configuration declared as a warning) is reported under "warnings" and does not
 * fail validation.
 *
 * Registration point for the Lua runtime: at start-up it calls
 * kazi_config_set_validator("lua", fn, ctx) with a function that loads every file in a
 * fresh sandbox, checks references, runs the configuration's own tests and checks the
 * minimum standards. `name` is recorded with each validation ("builtin+lua"); a commit
 * validated before the validator was registered must be validated again before it can
 * be activated. NULL fn removes the validator.
 */
typedef int (*kazi_config_validator_fn)(const kazi_config_source *src, json_t *errors, void *ctx);
void kazi_config_set_validator(const char *name, kazi_config_validator_fn fn, void *ctx);

/* The checks a validation runs now: "builtin" or "builtin+<validator name>". Lent. */
const char *kazi_config_checks(void);

/*
 * Activation hooks, for the Lua runtime's hot reload. On every activation (and once at
 * start-up for the live commit, through kazi_config_load_live):
 *   prepare(&p, src, ctx) builds everything needed to serve `src` — a new generation
 *     of Lua states — without disturbing the one in use; a failure aborts the activation
 *     and the live version keeps serving;
 *   commit(p, ctx) runs after refs/kazi/live has moved and swaps the new generation in
 *     atomically; it cannot fail. Requests already in flight keep the generation they
 *     pinned when they started and finish on the old version; new requests use the new
 *     one; the old generation is freed when its last request ends;
 *   abort(p, ctx) discards a prepared generation when the compare-and-swap or the
 *     audit record fails.
 * `src` is lent for the call; keep what you need from it (its id is the commit).
 * NULL hooks (the default) make activation only move the ref.
 */
typedef struct kazi_config_activation_hooks {
    int (*prepare)(void **prepared, const kazi_config_source *src, void *ctx);
    void (*commit)(void *prepared, void *ctx);
    void (*abort)(void *prepared, void *ctx);
    void *ctx;
} kazi_config_activation_hooks;
void kazi_config_on_activate(const kazi_config_activation_hooks *hooks);

/*
 * Built-in checks of a commit's files, appending {file, line?, message} to `errors`:
 * every entry is a regular file (no symlink or submodule pointing outside the tree),
 * every path is a plain relative path, every file is valid UTF-8 without NUL bytes and
 * at most KAZI_CONFIG_MAX_FILE_BYTES, at most KAZI_CONFIG_MAX_FILES files and
 * KAZI_CONFIG_MAX_TOTAL_BYTES in all, and KAZI_CONFIG_REQUIRED_FILE exists.
 */
int kazi_config_check_files(json_t *errors, const char *repo, const char *commit);

/*
 * Validate `commit` (any kazi_config_resolve spec): the built-in checks, then — when
 * they pass — the registered validator. The result is recorded in config_validations
 * and returned as a new {commit, ok, errors, warnings, checks, validated_at,
 * validated_by}; ok is false when there is any error, whatever the warnings.
 * A commit with problems is not an error: ok is false. Errors: KAZI_ENOTFOUND (field
 * "commit"), the validator's own failure, database errors.
 */
int kazi_config_validate(json_t **out, kazi_db *db, const char *repo, const char *commit,
                         const char *by);

typedef struct kazi_config_activation {
    const char *commit;        /* any resolve() spec */
    const char *expected_live; /* 40 hex: the live commit the caller saw */
    const char *reason;        /* why; required, at most 1000 bytes */
    const char *by;            /* who */
    const char *request_id;    /* may be NULL */
} kazi_config_activation;

/*
 * Make `commit` the live configuration. Steps, all or nothing: check the reason; take
 * the lock; compare the live commit with expected_live (KAZI_ECONFLICT, field
 * "expected_live", when stale); require that the latest validation of the commit, with
 * the current checks, passed (KAZI_EINVALID, field "commit", otherwise); prepare the
 * activation hooks; record the rollout and move refs/kazi/live by compare-and-swap in
 * one database transaction (KAZI_ECONFLICT if another process won); then commit the
 * hooks. On any failure the live version is unchanged and keeps serving. *out is a new
 * {id, from, to, activated_by, reason, activated_at, request_id}. Rollback is
 * activating an earlier commit.
 */
int kazi_config_activate(json_t **out, kazi_db *db, const char *repo,
                         const kazi_config_activation *a);

/*
 * The history (kazi_config_log) with, for each version, ever_live (it was activated at
 * some time) and validation (the latest record, or null).
 */
int kazi_config_versions(json_t **out, kazi_db *db, const char *repo, int limit);

/*
 * At start-up: check the repository and load the live commit completely
 * (kazi_config_check), then run the activation hooks for it. Any failure stops the
 * caller with KAZI_ERROR and a message naming the repository — never a half-loaded
 * configuration. The live id goes to out.
 */
int kazi_config_load_live(char out[KAZI_OID_HEX], const char *repo);

/* The commit this process serves (after load_live or an activation), or "" if none. */
void kazi_config_serving(char out[KAZI_OID_HEX]);

/* Record what `kazi init` did: the first commit validated and activated by `by`, inside
 * the caller's transaction if one is open. */
int kazi_config_record_init(kazi_db *db, const char *repo, const char *commit, const char *by);

#endif
