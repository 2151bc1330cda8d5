/*
 * rollout — the life of a configuration version after it is proposed: validation
 * (built-in checks now, plus the checks the Lua runtime registers), activation by
 * compare-and-swap of refs/kazi/live, rollback (activating an earlier commit), the
 * audit of every activation, and the hooks through which the Lua runtime builds and
 * swaps its generation of states.
 * Owns: the validator, activation and audit hook points, the activation lock (a mutex
 * in the process, a lock file DATA/config.git/kazi-activation.lock across processes),
 * which commit this process serves, and crash recovery of an interrupted activation.
 * Uses: config/repo (libgit2), store/configdb (records), util/clock, util/fault.
 * Thread-safety: hooks are set once before serving. Activations are serialised by the
 * activation lock: a mutex in the process and flock(2) on the lock file across
 * processes (a second server, the CLI, a backup). flock, unlike the database write lock
 * the activation used to hold, survives the two commits an activation now makes, and
 * the kernel releases it when its holder dies, even by kill -9: whoever takes the lock
 * and finds a pending rollout knows its writer is dead.
 *
 * Crash safety. The ref (libgit2) and the database (SQLite) cannot commit together, so
 * an activation writes an intent first: (1) a 'pending' rollout row, committed; (2) the
 * compare-and-swap of refs/kazi/live; (3) the row marked 'done' with its audit row, in
 * one transaction. A crash between (1) and (3) leaves a pending row, and
 * kazi_config_reconcile — run by every command that opens the data directory and by
 * every activation before it starts — settles it from where the ref is: moved, the
 * activation is completed; not moved, it is abandoned; each with an audit row
 * "config.recover" saying so.
 */
#ifndef KAZI_CONFIG_ROLLOUT_H
#define KAZI_CONFIG_ROLLOUT_H

#include "config/repo.h"
#include "config/source.h"
#include "store/db.h"
#include "util/json.h"

/* Who acts (auth/caller.h): config/ sits below auth/ and passes it on unread. */
struct kazi_caller;

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

/* While a validator runs (called by kazi_config_validate on this thread): the database
 * of the installation whose commit it validates, so it can try the rules on the
 * installation's own records; else NULL. */
kazi_db *kazi_config_validating_db(void);

/* While a validator runs: hand over how complete each language of the version is (a
 * JSON array, stolen), kept with the validation record as "languages". Outside a
 * validation it is released. */
void kazi_config_validating_languages(json_t *languages);

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
 * The audit hook: config/ sits below domain/audit, so the layer that owns the audit
 * trail registers how to append to it. It is called inside the transaction that
 * completes an activation (action "config.activate") or records a recovery
 * ("config.recover"), with the caller who activated (kazi_config_activation's `caller`;
 * NULL for a recovery: the system) and the rollout id as entity id; the hook derives the
 * audit context from the caller. A negative return aborts that transaction. NULL (the
 * default) records no audit row.
 */
typedef int (*kazi_config_audit_fn)(kazi_db *db, const struct kazi_caller *caller,
                                    const char *action, const char *rollout_id,
                                    const json_t *after);
void kazi_config_set_auditor(kazi_config_audit_fn fn);

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
    const char *commit;               /* any resolve() spec */
    const char *expected_live;        /* 40 hex: the live commit the caller saw */
    const char *reason;               /* why; required, at most 1000 bytes */
    const char *by;                   /* who */
    const char *request_id;           /* may be NULL */
    const struct kazi_caller *caller; /* who, for the audit hook (passed on unread); NULL: system */
} kazi_config_activation;

/*
 * Make `commit` the live configuration. Steps, all or nothing: check the reason; take
 * the activation lock (KAZI_EBUSY if another process holds it for longer than a few
 * seconds); settle any interrupted activation (kazi_config_reconcile); compare the live
 * commit with expected_live (KAZI_ECONFLICT, field "expected_live", when stale);
 * require that the latest validation of the commit, with the current checks, passed
 * (KAZI_EINVALID, field "commit", otherwise); prepare the activation hooks; commit a
 * pending rollout row; move refs/kazi/live by compare-and-swap (KAZI_ECONFLICT if it
 * moved anyway); mark the row done and append the "config.activate" audit row in one
 * transaction; then commit the hooks. On any failure the live version is unchanged and
 * keeps serving; through a crash, the next start finishes or undoes it (see above).
 * *out is a new {id, from, to, activated_by, reason, activated_at, request_id}.
 * Rollback is activating an earlier commit.
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

/*
 * Make the rollout history and refs/kazi/live agree after a crash, under the activation
 * lock, in one transaction. Every pending rollout is settled: the newest one whose `to`
 * is the live commit is completed ('done'); every other is abandoned. Then, if the newest
 * completed rollout does not name the live commit (the ref was moved outside Kazi, or by
 * a Kazi before this one that crashed between the ref and its record), a completed
 * rollout "from the recorded commit to the live one" is added, by "kazi (recovery)".
 * Each settlement appends a "config.recover" audit row {rollout, from, to, outcome:
 * "completed" | "abandoned" | "adopted"} and logs a warning. *out (may be NULL) is a
 * new array of those objects; empty when there was nothing to do. A data directory
 * without a repository, or whose live ref cannot be read, has nothing to reconcile
 * with (KAZI_OK, empty; the second logs a warning — kazi serve then refuses the
 * repository with its own diagnosis). Errors: the lock, the database.
 */
int kazi_config_reconcile(json_t **out, kazi_db *db, const char *repo);

/*
 * Run fn(ctx) holding the activation lock, so no activation starts or finishes in any
 * process meanwhile and the live ref and the rollout history stand still (kazi backup
 * copies both). Returns fn's result, or KAZI_EBUSY/KAZI_ERROR if the lock cannot be had.
 */
int kazi_config_with_activation_lock(const char *repo, int (*fn)(void *ctx), void *ctx);

/* The commit this process serves (after load_live or an activation), or "" if none. */
void kazi_config_serving(char out[KAZI_OID_HEX]);

/* Record what `kazi init` did: the first commit validated and activated by `by`, inside
 * the caller's transaction if one is open. */
int kazi_config_record_init(kazi_db *db, const char *repo, const char *commit, const char *by);

#endif
