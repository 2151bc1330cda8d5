/*
 * Fuzz target: the activity-returns CSV importer (domain/support over util/csv) against
 * a real database with a small hierarchy, two people and the Tanzanian configuration
 * (its kazi.activity types). Input: the CSV. An import that fails must leave the
 * stored returns unchanged (all or nothing) and describe every problem by row and
 * column; one that succeeds must have stored a count for each row.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/import.h"
#include "domain/install.h"
#include "domain/orgunit.h"
#include "domain/plugins.h"
#include "domain/returns.h"
#include "lua/runtime.h"
#include "oracle.h"
#include "store/migrate.h"
#include "util/error.h"
#include "util/log.h"
#include "util/rand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kazi_db *db;
static const kazi_caller caller = {.name = "fuzz", .personal_data = 1};

static size_t stored(void)
{
    size_t n = 0;
    for (int64_t id = 1; id <= 2; id++) {
        json_t *out;
        if (kazi_returns_list(&out, db, &caller, id, NULL) < 0) abort();
        n += json_array_size(json_object_get(out, "items"));
        json_decref(out);
    }
    return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static char dir[] = "/tmp/kazi-fuzz-returns-XXXXXX";
    char path[128], country[1024];
    kazi_rand_init();
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof path, "%s/kazi.db", dir);
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) abort();
    kazi_lua_gen *gen;
    kazi_lua_limits limits = {.memory = 16u << 20, .instructions = 200000};
    if (kazi_install_country_dir(country, sizeof country, NULL, "tanzania") < 0 ||
        kazi_plugins_load_dir(&gen, country, &limits) < 0 || kazi_plugins_activate(gen) < 0)
        abort();
    kazi_lua_gen_unref(gen);
    static const char units[] = "code,name,parent_code,level\nTZ,Tanzania,,country\n"
                                "R1,Arusha,TZ,region\nD1,Arusha City,R1,district\n"
                                "W1,Kaloleni,D1,ward\nV1,Kaloleni Kati,W1,village\n";
    int count;
    json_t *report = NULL;
    if (kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), units, sizeof units - 1) <
        0)
        abort();
    json_decref(report);
    static const char people[] = "given_name,family_name,residence_code,identifier.national_id\n"
                                 "Seed,Person,V1,N-0\nSecond,Person,V1,N-1\n";
    kazi_import_result r;
    kazi_import_opts po = {.kind = KAZI_IMPORT_PEOPLE};
    if (kazi_import_run(&r, db, &caller, &po, people, sizeof people - 1) < 0) abort();
    kazi_import_result_free(&r);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t before = stored();
    json_t *out = NULL;
    int rc = kazi_returns_import(&out, db, &caller, (const char *)data, size);
    fuzz_check_code(rc, "activity returns import");
    if (rc < 0) {
        if (stored() != before) abort(); /* a failed import wrote something */
        if (rc == KAZI_EINVALID && !json_array_size(json_object_get(out, "errors"))) abort();
    } else if (!json_is_true(json_object_get(out, "ok"))) {
        abort();
    }
    json_decref(out);
    return 0;
}
