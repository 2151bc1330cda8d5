/*
 * Fuzz target: the registry's CSV importers (domain/import over util/csv) against a
 * real database with a small hierarchy, an organisation, a person and a position.
 * Input: the first byte picks the kind and mode — 'p' people, 'o' positions,
 * 'a' assignments; upper case ('P', 'O', 'A') for partial mode — the rest is the CSV.
 * After an all-or-nothing import that failed, the row counts must be unchanged, and a
 * failure is a refusal of the file, never an internal failure (oracle.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/import.h"
#include "domain/orgunit.h"
#include "store/migrate.h"
#include "store/organisation.h"
#include "oracle.h"
#include "store/registry.h"
#include "util/error.h"
#include "util/log.h"
#include "util/rand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kazi_db *db;
static char path[128];
static int runs;
static const kazi_caller actor = {.name = "fuzz", .personal_data = 1};

static void open_fresh(void)
{
    kazi_db_close(db);
    db = NULL;
    remove(path);
    char p[160];
    snprintf(p, sizeof p, "%s-wal", path);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", path);
    remove(p);
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) abort();
    static const char units[] = "code,name,parent_code,level\nTZ,Tanzania,,country\n"
                                "R1,Arusha,TZ,region\nD1,Arusha City,R1,district\n"
                                "W1,Kaloleni,D1,ward\nV1,Kaloleni Kati,W1,village\n";
    int count;
    json_t *report = NULL;
    if (kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), units, sizeof units - 1) <
        0)
        abort();
    json_decref(report);
    kazi_organisation o = {.org_unit_id = 1};
    strcpy(o.code, "GOV");
    strcpy(o.name, "Government");
    strcpy(o.kind, "government");
    if (kazi_db_begin(db) < 0 || kazi_organisation_insert(&o, db) < 0 || kazi_db_commit(db) < 0)
        abort();
    static const char seed[] = "given_name,family_name,residence_code,identifier.national_id\n"
                               "Seed,Person,V1,N-0\n";
    static const char pos[] = "code,title,org_unit_code,organisation_code,cadre\n"
                              "P-0,PSW,V1,GOV,psw\n";
    kazi_import_result r;
    kazi_import_opts po = {.kind = KAZI_IMPORT_PEOPLE}, oo = {.kind = KAZI_IMPORT_POSITIONS};
    if (kazi_import_run(&r, db, &actor, &po, seed, sizeof seed - 1) < 0) abort();
    kazi_import_result_free(&r);
    if (kazi_import_run(&r, db, &actor, &oo, pos, sizeof pos - 1) < 0) abort();
    kazi_import_result_free(&r);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static char dir[] = "/tmp/kazi-fuzz-import-XXXXXX";
    kazi_rand_init();
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof path, "%s/kazi.db", dir);
    open_fresh();
    return 0;
}

static void counts(int64_t out[4])
{
    static const char *const tables[] = {"person", "person_identifier", "position", "assignment"};
    for (int i = 0; i < 4; i++)
        if (kazi_store_registry_count(&out[i], db, tables[i]) < 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    kazi_import_opts o = {0};
    switch (data[0]) {
    case 'p':
    case 'P':
        o.kind = KAZI_IMPORT_PEOPLE;
        break;
    case 'o':
    case 'O':
        o.kind = KAZI_IMPORT_POSITIONS;
        break;
    case 'a':
    case 'A':
        o.kind = KAZI_IMPORT_ASSIGNMENTS;
        break;
    default:
        return 0;
    }
    o.partial = data[0] >= 'A' && data[0] <= 'Z';
    if (++runs % 200 == 0) open_fresh();
    int64_t before[4], after[4];
    counts(before);
    kazi_import_result r;
    int rc = kazi_import_run(&r, db, &actor, &o, (const char *)data + 1, size - 1);
    fuzz_check_code(rc, "registry import");
    counts(after);
    if (rc < 0 && memcmp(before, after, sizeof before)) abort(); /* a failed import wrote */
    if (rc == KAZI_OK && !o.partial && r.rejected) abort();
    if (o.partial && r.rejected && !r.rejects) abort();
    kazi_import_result_free(&r);
    return 0;
}
