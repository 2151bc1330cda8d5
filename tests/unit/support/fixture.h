/*
 * fixture — the set-ups unit tests share: shell commands, temporary directories,
 * a migrated database (with the country, a village and an organisation when a test
 * needs places), and Lua generations built from sources held in strings.
 * Helpers that assert (kt_sh, kt_db_fresh, kt_lua_gen) fail the calling test through
 * cmocka; the others return 0 or -1 so that group set-ups can report a failure.
 * Thread-safety: none; call from the test's own thread.
 */
#ifndef KAZI_TESTS_FIXTURE_H
#define KAZI_TESTS_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "lua/runtime.h"
#include "store/db.h"
#include "store/report.h"

/* A certification "probe" whose rule runs the dossier's `code` with the file's own
 * environment, so that each attempt runs exactly as a rule would (a string literal:
 * more declarations may follow it). */
#define KT_LUA_PROBE                                                                               \
    "kazi.certification {\n"                                                                       \
    "  id = 'probe', name = 'probe',\n"                                                            \
    "  rule = function(d)\n"                                                                       \
    "    local f, err = load(d.code, '=attempt', 't', _ENV)\n"                                     \
    "    if not f then error(err) end\n"                                                           \
    "    return f(d)\n"                                                                            \
    "  end,\n"                                                                                     \
    "}\n"

/* A `kazi` command run in process through its entry function (cli/commands.h): `cmd`
 * gets argv {"kazi", args..., NULL} from the NULL-ended list; what it printed to stdout
 * and stderr is kept in out/err (NUL-terminated, until the next kt_cli). Returns the
 * command's exit code. */
typedef struct kt_cli_run {
    int exit;
    char out[1 << 16];
    char err[4096];
} kt_cli_run;
kt_cli_run *kt_cli(int (*cmd)(int argc, char **argv), ...);

/* Run the shell command printf-formatted from `fmt`; the test fails unless it exits 0. */
void kt_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Make a new directory from the mkdtemp template `dir` (its XXXXXX replaced in place).
 * 0, or -1 when it cannot be made. */
int kt_tmpdir(char *dir);

/* Remove `dir` and everything below it. 0, or -1 when that fails. */
int kt_rmtree(const char *dir);

/* The directory kt_group_tmpdir and kt_group_db make ("" before either has run). */
extern char kt_dir[64];

/* The database kt_group_db opens, kt_dir/kazi.db. */
extern kazi_db *kt_db;

/* cmocka group set-up: make a new temporary directory, kt_dir. 0 or -1. */
int kt_group_tmpdir(void **state);

/* cmocka group set-up: kazi_rand_init, then kt_group_tmpdir. 0 or -1. */
int kt_group_tmpdir_rand(void **state);

/* cmocka group teardown: remove kt_dir with everything in it. 0 or -1. */
int kt_group_rmtree(void **state);

/* cmocka group set-up: kt_db_create of kt_db in a new kt_dir. 0 or -1. */
int kt_group_db(void **state);

/* cmocka group teardown: kt_db_destroy of kt_db and kt_dir. 0 or -1. */
int kt_group_db_close(void **state);

/* Install `country` (kazi_install_create's defaults otherwise) into <dir>/data, its
 * path into data (`size` bytes), and name its database to the store (kazi_store_set_path)
 * as the server does at start-up. KAZI_OK or a negative code with the last error set. */
int kt_install(char *data, size_t size, const char *dir, const char *country);

/* Call attempt(ctx, i) for each i below `n` (at most KT_RACE_MAX), each on a thread of
 * its own, all released at once by a barrier; each returns a KAZI code. The test fails
 * unless exactly one succeeds (KAZI_OK) and every other returns KAZI_ECONFLICT.
 * Returns the index of the one that succeeded. */
#define KT_RACE_MAX 16
int kt_race_one_winner(int n, int (*attempt)(void *ctx, int i), void *ctx);

/* Make a directory from the mkdtemp template `dir` and create in it the database
 * kazi.db, migrated to the latest schema, into *out. 0, or -1 on any failure. */
int kt_db_create(kazi_db **out, char *dir);

/* Close `db` (kt_db_create's) and remove `dir` with everything in it. 0 or -1. */
int kt_db_destroy(kazi_db *db, const char *dir);

/* A new database in the existing directory `dir` (each call a new file), created and
 * migrated to the latest schema; the test fails if either step does. */
kazi_db *kt_db_fresh(const char *dir);

/* In one transaction, insert the country TZ (Tanzania) and its village V1 (Makole) into
 * `db`, and when `organisation` is not NULL the organisation GOV (Government, kind
 * government) at the country: the village's id into *village, the organisation's into
 * *organisation. 0, or -1 on any failure. */
int kt_db_places(kazi_db *db, int64_t *village, int64_t *organisation);

/* Build a generation from the `n` in-memory files paths[i] (with texts[i]) as commit
 * `id`, under `limits` (NULL: the defaults). The test fails if the source is refused;
 * a build that fails returns NULL with kazi_error_last() saying why. */
kazi_lua_gen *kt_lua_gen(const char *id, size_t n, const char *const *paths,
                         const char *const *texts, const kazi_lua_limits *limits);

/* kt_lua_gen of the one file `path` holding `text`, as commit "test-commit". */
kazi_lua_gen *kt_lua_gen1(const char *path, const char *text, const kazi_lua_limits *limits);

/* Release `gen` (a set-up's) and this thread's Lua state, as a teardown does. */
void kt_lua_release(kazi_lua_gen *gen);

/* The bytes a gzip member of `len` bytes unpacks to, malloc'd and NUL-terminated (the
 * test frees it), their count in *out_len; the test fails if `gz` is not one whole,
 * valid gzip member (a header, the data, a trailer whose CRC and length match). */
char *kt_gunzip(size_t *out_len, const char *gz, size_t len);

/* A row visitor (kazi_row_fn) appending each row as a JSON object {column: value} to
 * the array ctx, so a test reads rows visited by store/ as JSON. */
int kt_row_to_json(void *ctx, const kazi_cell *cells, int n);

/* A new register at `path`, its schema migrated up to the version before migration
 * `name` (e.g. "0021_person_summary"), as a register written before that migration;
 * the test fails if there is no such migration or the register cannot be made. */
kazi_db *kt_db_before(const char *path, const char *name);

/* The query plan of `sql` on the report connection `rdb` (EXPLAIN QUERY PLAN), its
 * details joined by "; " into `out`; the test fails if the statement is refused. */
void kt_report_plan(kazi_report_db *rdb, char *out, size_t size, const char *sql);

/* The first column of the first row of `sql` on `d`'s own connection, as an integer
 * (prepared outside kazi_db_stmt's cache: tests build their texts); the test fails if
 * the statement is refused or returns no row. */
int64_t kt_db_integer(kazi_db *d, const char *sql);

#endif
