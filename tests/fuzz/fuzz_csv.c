/*
 * Fuzz target: the CSV reader (util/csv) and the org-unit importer on top of it
 * (domain/orgunit), all-or-nothing against a real database. Every input runs in a
 * transaction that the importer commits or rolls back; the database is reset when
 * it grows so inputs stay independent enough to be fast. Bad input must be refused as
 * bad input, never as an internal failure (oracle.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/orgunit.h"
#include "store/migrate.h"
#include "oracle.h"
#include "util/csv.h"
#include "util/log.h"
#include "util/rand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kazi_db *db;
static char path[128];
static int imports;

static void open_fresh(void)
{
    kazi_db_close(db);
    remove(path);
    char p[160];
    snprintf(p, sizeof p, "%s-wal", path);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", path);
    remove(p);
    if (kazi_db_open(&db, path, KAZI_DB_CREATE) < 0 || kazi_migrate(db, -1) < 0) abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static char dir[] = "/tmp/kazi-fuzz-csv-XXXXXX";
    kazi_rand_init();
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof path, "%s/kazi.db", dir);
    open_fresh();
    return 0;
}

static int count_rows(void *ctx, int row, char *const *f, size_t n)
{
    (void)row;
    for (size_t i = 0; i < n; i++)
        if (strlen(f[i]) > (size_t)-1 / 2) abort(); /* touch every byte */
    ++*(int *)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int rows = 0, count = 0;
    kazi_csv_parse((const char *)data, size, count_rows, &rows);
    json_t *report = NULL;
    int rc =
        kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), (const char *)data, size);
    fuzz_check_code(rc, "org-unit import");
    if (rc == 0 && report) abort();     /* success has no report */
    if (rc == 0 && count <= 0) abort(); /* success created something */
    if (rc != 0 && count != 0) abort(); /* failure created nothing */
    json_decref(report);
    if (++imports % 200 == 0) open_fresh();
    return 0;
}
