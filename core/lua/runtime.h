/*
 * runtime — the Lua plugin runtime as the rest of Kazi sees it: generations of a
 * loaded configuration (config source + plugins/), one sandboxed lua_State per
 * thread per generation, and the calls into Lua (rules, hooks, reports, tests).
 * Owns: generations (refcounted, immutable once built), the active generation and
 * its atomic swap, each thread's state, the limits of every call.
 * Uses: lua/sandbox and lua/api (internal), config/source, store/report, util/.
 * Thread-safety: every function may be called from any thread. A thread's states
 * are its own; kazi_lua_thread_exit frees them (the server calls it from each
 * worker as it ends). A request pins the generation it started with
 * (kazi_lua_current) and finishes on it even if another is activated meanwhile.
 */
#ifndef KAZI_LUA_RUNTIME_H
#define KAZI_LUA_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "config/source.h"
#include "store/report.h"
#include "util/json.h"
#include "util/record.h"

typedef struct kazi_lua_limits {
    size_t memory;             /* bytes one state may allocate; 0: 64 MiB */
    int64_t instructions;      /* Lua VM instructions per call; 0: 20 million */
    int64_t load_instructions; /* instructions to load a whole configuration; 0: 500 million */
    /* Wall-clock limits (milliseconds; 0: the default), which hold inside C functions
     * too (docs/plugins.md, "The sandbox and its limits"): */
    int64_t time_ms;       /* one call (a rule, a hook, a report, a test); 0: 1000 */
    int64_t batch_time_ms; /* a batch of rule evaluations as a whole; 0: 10000 */
    int64_t load_time_ms;  /* loading a whole configuration; 0: 10000 */
    /* 1: every rule evaluation counts its instructions from the first, so whether a rule
     * fits its budget never depends on the machine's speed (the demo generator); 0: a
     * dossier runs unhooked until it has run 5-10 ms, then is counted (faster) */
    int exact_budget;
} kazi_lua_limits;

typedef struct kazi_lua_gen kazi_lua_gen;

/*
 * Build a generation: load every file of `plugins` (may be NULL) then of `config`
 * in a fresh sandbox, check the declarations and keep the catalogue. Both sources
 * are stolen (freed with the generation, or on failure). `limits` may be NULL.
 * On failure: KAZI_EPLUGIN with "file:line: message" (line also in the last
 * error's position, the file in its field). *out has one reference (kazi_lua_gen_unref).
 */
int kazi_lua_gen_build(kazi_lua_gen **out, kazi_config_source *config, kazi_config_source *plugins,
                       const kazi_lua_limits *limits);

/* Add / drop a reference; unref frees at zero; both NULL-safe. */
kazi_lua_gen *kazi_lua_gen_ref(kazi_lua_gen *g);
void kazi_lua_gen_unref(kazi_lua_gen *g);

/*
 * The declared catalogue, lent for the generation's life: an object with "country"
 * and arrays "groups", "cadres", "jobs", "fields", "courses", "certifications",
 * "moves", "pay", "reports", "standards", "hooks", "tests"; every entry carries
 * "source" ("file:line"). Functions are not included. "warnings" lists what the
 * checks found but the configuration chose not to treat as errors (minimum standards
 * set to "warning" with kazi.standards): {file, line, message, standard, severity}.
 */
const json_t *kazi_lua_gen_catalogue(const kazi_lua_gen *g);

/* Longest "<kind>\x1f<id>" kazi_lua_gen_find answers for (longer ids are never found). */
#define KAZI_LUA_ID_KEY_MAX 256

/*
 * The declaration of `kind` (an array of the catalogue: "cadres", "courses",
 * "certifications", "moves", "reports", ...; "levels" for the country's levels) whose
 * "id" is `id`, lent for the generation's life, or NULL (also for NULL arguments). The
 * first of equal ids. A hashed look-up: the index is built with the generation, and the
 * catalogue never changes afterwards, so any thread may call this.
 */
const json_t *kazi_lua_gen_find(const kazi_lua_gen *g, const char *kind, const char *id);

/* The configuration source's id (a commit id or "dir:<folder name>"): decisions record it. Lent. */
const char *kazi_lua_gen_source_id(const kazi_lua_gen *g);

/* A number that grows with each generation built in this process. */
uint64_t kazi_lua_gen_number(const kazi_lua_gen *g);

/* Make `g` the active generation (takes a new reference; NULL deactivates).
 * Requests already holding the previous one finish on it. */
void kazi_lua_activate(kazi_lua_gen *g);

/* The active generation with a new reference (the caller unrefs), or NULL. */
kazi_lua_gen *kazi_lua_current(void);

/* Free this thread's Lua states, its watch timer (below) and its report connection. */
void kazi_lua_thread_exit(void);

/* This thread's rule evaluations (one per dossier) so far that started without the count
 * hook, watched instead by the thread's timer, and how many of those the watch then had
 * to count (still running after 5-10 ms, or 1 MiB allocated): docs/plugins.md, "The
 * sandbox and its limits". Tests read them. */
void kazi_lua_thread_watch_counts(uint64_t *unhooked, uint64_t *counted);

/* How many states this thread has built (tests prove a state is rebuilt after a failure). */
uint64_t kazi_lua_thread_states_built(void);

/*
 * Evaluate rule `id` of `kind` ("certification" or "move") for one worker's dossier
 * (a JSON object: person, fields, assignments, courses, credentials,
 * supervised_hours, residence, ...), read-only to the rule. g NULL: the active one.
 * *out is a new object {"kind","id","eligible":bool,"missing":[...],"source",
 * "generation"}. Errors: KAZI_ENOTFOUND (field "id") for an unknown rule,
 * KAZI_EPLUGIN when the rule fails (message names file and line).
 */
int kazi_lua_rule(json_t **out, kazi_lua_gen *g, const char *kind, const char *id,
                  const json_t *dossier);

/*
 * Who may supervise whom is the domain's (domain/supervision); the runtime only runs a
 * kazi.supervision rule function (kind "supervision" of kazi_lua_rules_eval, with the
 * dossier {worker, supervisor}). For t.supervision in configuration tests the domain
 * installs its check of a declaration's `supervisors` list: fn(catalogue, cadre,
 * supervisor, reason, size) answers 1 (allowed), 0 (refused, reason filled) or -1 (no
 * kazi.supervision for the cadre). Until one is installed t.supervision raises.
 */
typedef int (*kazi_lua_supervisors_fn)(const json_t *catalogue, const char *cadre,
                                       const json_t *supervisor, char *reason, size_t size);
void kazi_lua_set_supervisors_check(kazi_lua_supervisors_fn fn);

/*
 * The check of custom field values is the domain's (domain/catalogue,
 * kazi_registry_check_values) so that validate hooks, t.hook and the registry agree; the
 * domain installs it at start. fn(the catalogue's fields, kind ("person"), the record's
 * `fields` object or NULL, "fields") answers KAZI_OK or KAZI_EINVALID with the error
 * set (field "fields.<id>", or "fields" for a name not declared). The runtime then runs
 * each present field's pattern and validate function. Until a check is installed a
 * validate hook raises.
 */
typedef int (*kazi_lua_field_check_fn)(const json_t *decls, const char *kind, const json_t *values,
                                       const char *prefix);
void kazi_lua_set_field_check(kazi_lua_field_check_fn fn);

/* One rule decision (kazi_lua_rules_eval). */
typedef struct kazi_lua_decision {
    int eligible;    /* 1 when the rule says yes */
    json_t *missing; /* new array of what is missing (text or names per language); json_decref;
                        NULL from kazi_lua_rules_count */
    size_t nmissing; /* how many items the rule listed as missing */
    json_t *error;   /* NULL, or a new {"file","line","message"} when the rule failed for this
                        dossier (then eligible is 0 and missing NULL); json_decref */
    const char
        *source; /* the configuration id the decision was made under; lent by the generation */
} kazi_lua_decision;

/*
 * Evaluate rule `id` of `kind` for n dossiers in one entry into Lua (impact previews,
 * bulk eligibility): out[i] for dossiers[i]. g must be non-NULL (pin it with
 * kazi_lua_current). Each dossier gets the per-call instruction budget, and nothing
 * the rule does for one dossier is seen by the next (file-level locals are put back,
 * module tables are read-only). A rule failing for one dossier is that item's error
 * (out[i].error, below); whole-call errors as kazi_lua_rule, and then no out[i] holds
 * anything.
 */
int kazi_lua_rules_eval(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                        json_t *const *dossiers, size_t n);

/*
 * A rule error stays in its item: when the rule raises an error (or answers something
 * that is not ok, missing) for one dossier, out[i].error says so (file, line, message)
 * and the batch goes on; the call itself fails only when the whole call does (unknown
 * rule, bad kind, a failure outside the rule). The caller releases out[i].error.
 * kazi_lua_decision_error makes an item's error the caller's (KAZI_EPLUGIN, the file in
 * the last error's field and the line in its position); it returns KAZI_EPLUGIN.
 */
int kazi_lua_decision_error(const kazi_lua_decision *d);

/*
 * As kazi_lua_rules_eval for callers that only count (batch eligibility, impact
 * previews, benchmarks): out[i].eligible and out[i].nmissing are set, out[i].missing
 * stays NULL and no JSON is built for it. The rule's answer is checked as strictly
 * (a boolean, then a list whose items are text or names per language). Errors as
 * kazi_lua_rules_eval.
 */
int kazi_lua_rules_count(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                         json_t *const *dossiers, size_t n);

/*
 * kazi_lua_rules_eval and kazi_lua_rules_count over dossiers already laid out as
 * compact records (util/record; domain/dossier builds them): what long runs use, since
 * a rule reads a record's members from one allocation (docs/plugins.md, "Speed").
 * Each dossiers[i] must be an object; the records are lent for the call.
 */
int kazi_lua_records_eval(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                          const kazi_record *const *dossiers, size_t n);
int kazi_lua_records_count(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind,
                           const char *id, const kazi_record *const *dossiers, size_t n);

/*
 * Run the hooks of `event` (e.g. "person.validate") on `record`, after checking the
 * record's custom fields ("fields" object) against the kazi.field declarations for
 * that kind ("person" of "person.validate"). KAZI_OK when valid; KAZI_EINVALID with
 * the field named (custom fields as "fields.<id>") and the hook's message;
 * KAZI_EPLUGIN when a hook fails. g NULL: the active one.
 */
int kazi_lua_run_hook(kazi_lua_gen *g, const char *event, const json_t *record);

/* The one check of a choice (kazi.field options): whether value v is one of `opts`, a
 * list of ids ("ny") or of {id = "ny", label = {...}}; the value is the id. Used by the
 * configuration's validation here and by the registry's custom-field check. */
int kazi_lua_option_allowed(const json_t *opts, const json_t *v);

/*
 * Run report `id` with `params` (object or NULL) on this thread's report connection,
 * seeing only `scope` (NULL: the whole country). *out is a new object {"report",
 * "title","columns":[...],"rows":[{...}],"source","generation"}. Errors:
 * KAZI_ENOTFOUND (field "id"), KAZI_EINVALID naming a bad parameter, KAZI_EDENIED
 * for SQL outside published views, KAZI_EPLUGIN when the report fails.
 */
int kazi_lua_report_run(json_t **out, kazi_lua_gen *g, const char *id, const json_t *params,
                        const kazi_report_scope *scope);

/*
 * Run every kazi.test of the generation. *out is a new array of {"name","source",
 * "ok":bool,"error"?}; returns KAZI_OK even when some fail (count them in *failed).
 */
int kazi_lua_run_tests(json_t **out, int *failed, kazi_lua_gen *g);

/* Release the active generation (process shutdown). */
void kazi_lua_shutdown(void);

/*
 * The lists kazi.demo{} may declare (docs/plugins.md, "Demo names"): the names and the
 * texts the demo generator writes into records (session topics, funders, prior learning,
 * revocation reasons, ...). Each in `group` (NULL: at the top) under `name`, texts of at
 * most max_chars characters; `one`: a single text, not a list. A group's lists are
 * adjacent. lua/api.c checks a declaration against them; the demo generator reads the
 * same lists, with its own neutral ones for what is not declared; http/schemas.c
 * describes them (unit.test_training_http checks it lists these).
 */
enum {
    KAZI_DEMO_FEMALE,
    KAZI_DEMO_MALE,
    KAZI_DEMO_FAMILY,
    KAZI_DEMO_NATIONAL,
    KAZI_DEMO_NGO,
    KAZI_DEMO_FAITH,
    KAZI_DEMO_PRIVATE,
    KAZI_DEMO_FIRST_SYL,
    KAZI_DEMO_MID_SYL,
    KAZI_DEMO_LAST_SYL,
    KAZI_DEMO_PURPOSE,
    KAZI_DEMO_TOPIC,
    KAZI_DEMO_FUNDER_GOV,
    KAZI_DEMO_FUNDER_OTHER,
    KAZI_DEMO_PRIOR_WHAT,
    KAZI_DEMO_PRIOR_EVIDENCE,
    KAZI_DEMO_PRIOR_APPROVER,
    KAZI_DEMO_REVOCATION,
    KAZI_DEMO_SUPPORT_NOTE,
    KAZI_DEMO_LISTS
};
typedef struct kazi_demo_list {
    const char *group, *name;
    int max_chars, one;
} kazi_demo_list;
extern const kazi_demo_list kazi_demo_lists[KAZI_DEMO_LISTS];

#endif
