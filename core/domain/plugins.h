/*
 * plugins — where a configuration comes from for the commands that need one:
 * a country's folder (from the database's country), a directory given on the
 * command line, always with the share directory's plugins/; and the CSV form of
 * a report result.
 * Owns: the choice of sources for a generation; report CSV formatting.
 * Uses: lua/runtime, config/source, store/meta, domain/install.
 * Thread-safety: call from one thread (start-up, commands).
 */
#ifndef KAZI_DOMAIN_PLUGINS_H
#define KAZI_DOMAIN_PLUGINS_H

#include <stddef.h>

#include "auth/caller.h"
#include "config/repo.h"
#include "config/source.h"
#include "lua/runtime.h"
#include "store/db.h"

/* Path of the share directory's plugins/ folder into buf. */
void kazi_plugins_dir(char *buf, size_t size);

/*
 * Build a generation from configuration directory `dir` with its own plugins/ folder,
 * else the shipped plugins/ (when `dir` is plugins/ itself, it is loaded once, alone). Errors:
 * KAZI_ENOTFOUND (field "dir"), KAZI_EPLUGIN naming file and line.
 */
int kazi_plugins_load_dir(kazi_lua_gen **out, const char *dir, const kazi_lua_limits *limits);

/*
 * The two sources of a generation from one configuration source: *config gets every
 * file but plugins/, *plugins the plugins library the configuration pins in its own
 * plugins/ folder (kazi init copies it there), or — when it has none — the shipped
 * plugins/ of the share directory. Both are self-contained copies (the caller's).
 */
int kazi_plugins_split(kazi_config_source **config, kazi_config_source **plugins,
                       const kazi_config_source *src);

/*
 * Propose, as the next version on main of repository `repo`, the plugins/ library this
 * Kazi ships (the share directory's) in place of the one main pins: how an upgrade of
 * Kazi reaches the rules — only through validation and activation like any change.
 * KAZI_EINVALID (field "files") when main already pins exactly that library; otherwise
 * as kazi_config_propose.
 */
int kazi_plugins_propose_shipped(char out[KAZI_OID_HEX], const char *repo,
                                 const kazi_config_author *author, const char *message);

/* Build the generation of the installation's live configuration (the live commit of
 * the repository beside the database, DATA/config.git): what every command that
 * validates records uses, never the share folder. Errors as kazi_plugins_load_live. */
int kazi_plugins_load_country(kazi_lua_gen **out, kazi_db *db, const kazi_lua_limits *limits);

/* Build the generation of the live configuration commit of the repository `repo`
 * (DATA/config.git) with the plugins/ it pins (kazi_plugins_split): what the server
 * serves. Errors as kazi_plugins_load_dir,
 * plus the repository's (config/repo.h). */
int kazi_plugins_load_live(kazi_lua_gen **out, const char *repo, const kazi_lua_limits *limits);

/* As kazi_plugins_load_live for any version `spec` of the repository (a commit id, a
 * tag, "live", "main"). */
int kazi_plugins_load_version(kazi_lua_gen **out, const char *repo, const char *spec,
                              const kazi_lua_limits *limits);

/*
 * Make `g` the active generation (kazi_lua_activate) and give its country's org-unit
 * level ids to the hierarchy (kazi_orgunit_set_levels). KAZI_EINVALID (nothing changed)
 * when the levels are unusable.
 */
int kazi_plugins_activate(kazi_lua_gen *g);

/* Load and activate the installation's live configuration for a command that
 * validates records (import, demo-data), so the CLI checks what the API checks,
 * levels included. Errors as kazi_plugins_load_country. Release with kazi_lua_shutdown(). */
int kazi_plugins_activate_country(kazi_db *db);

/*
 * Adapters for the configuration repository (core/config/rollout.h), so that a new
 * commit is validated by loading it and running its tests, and activation swaps the
 * Lua generation atomically. The signatures match kazi_config_validator_fn and
 * kazi_config_activation_hooks; `src` is lent, so each copies what it keeps. `ctx` is
 * the kazi_lua_limits to build with (NULL: the defaults).
 *
 * kazi_plugins_validate: load src (+ plugins/) in a fresh sandbox and run every
 *   kazi.test; append {"file","line","message"} per problem to `errors`. KAZI_OK
 *   whether or not problems were found.
 * kazi_plugins_prepare: build the generation (*prepared); KAZI_EPLUGIN if it does not load.
 * kazi_plugins_commit: make it active (cannot fail). kazi_plugins_abort: drop it.
 */
int kazi_plugins_validate(const kazi_config_source *src, json_t *errors, void *ctx);
int kazi_plugins_prepare(void **prepared, const kazi_config_source *src, void *ctx);
void kazi_plugins_commit(void *prepared, void *ctx);
void kazi_plugins_abort(void *prepared, void *ctx);

/*
 * Register the adapters above with the configuration repository: the validator always
 * ("builtin+lua", so that validations made by the CLI and by the server count alike),
 * and — when `hot_reload` — the activation hooks that swap the active generation.
 * Commands that only check a commit (the CLI) pass 0: activation then proves the
 * commit loads and discards the result. `limits` must outlive the process's use of
 * the repository (NULL: defaults).
 */
void kazi_plugins_register_config_hooks(int hot_reload, const kazi_lua_limits *limits);

/*
 * A report result ({"columns":[...],"rows":[{...}]}) as CSV text: a header of the
 * column ids, then one line per row; fields quoted when needed, and text that a
 * spreadsheet would run as a formula (=, +, -, @ first) prefixed with '. *out is the
 * caller's (free).
 */
int kazi_report_csv(char **out, size_t *len, const json_t *result);

/*
 * Run report `id` of generation g as the caller and record its provenance (issue 5
 * point 7): who ran it (the user, token or CLI — a token's runs are the token's), the
 * org-unit scope it saw (the caller's), its parameters, the configuration commit, the
 * format ("json"/"csv"), `via` ("api"/"cli"), the row count and the request id — not
 * the rows. *out: the result (new reference) with "config_commit" and "run_id" added.
 * Errors: those of kazi_lua_report_run and kazi_reportrun_add.
 */
int kazi_report_run_for(json_t **out, kazi_db *db, kazi_lua_gen *g, const kazi_caller *caller,
                        const char *id, const json_t *params, const char *format, const char *via);

/* The newest `limit` report runs the caller may see (optionally of report `report`):
 * every run for a national caller; for a scoped one, the runs made within its subtree
 * and its own (a token's own are the token's, never its creator's). New array. */
int kazi_report_runs_for(json_t **out, kazi_db *db, const kazi_caller *caller, const char *report,
                         int limit);

#endif
