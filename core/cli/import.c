/*
 * import — `kazi import KIND FILE`: CSV imports run from the server's shell.
 * Kinds: org-units and population (all or nothing, with a row-numbered report; the
 * levels are the live configuration's), boundaries (GeoJSON, all or nothing); people, positions and
 * assignments live in cli/import_registry.c.
 */
#include "cli/args.h"
#include "cli/commands.h"
#include "domain/install.h"
#include "domain/orgunit.h"
#include "domain/plugins.h"
#include "domain/population.h"
#include "domain/boundaries.h"
#include "lua/runtime.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE (256 * 1024 * 1024)

static int read_file(char **out, size_t *len, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return kazi_error_set(KAZI_ENOTFOUND, "file", "cannot read %s: %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) break;
        if (n == cap) {
            if (cap >= MAX_FILE) {
                free(buf);
                fclose(f);
                return kazi_error_set(KAZI_ETOOBIG, "file", "%s is larger than 256 MiB", path);
            }
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (!buf) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (err) {
        free(buf);
        return kazi_error_set(KAZI_ERROR, "file", "error reading %s", path);
    }
    *out = buf;
    *len = n;
    return KAZI_OK;
}

void kazi_cli_row_errors(const json_t *errors, const char *column_key)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *col = json_string_value(json_object_get(e, column_key));
        char where[200];
        fprintf(stderr, "  %s%s%s%s: %s\n",
                kazi_error_format(where, sizeof where, "row %lld, column %lld",
                                  (long long)json_integer_value(json_object_get(e, "row")),
                                  (long long)json_integer_value(json_object_get(e, "column"))),
                col ? " (" : "", col ? col : "", col ? ")" : "",
                json_string_value(json_object_get(e, "message")));
    }
}

/* The row-numbered report of an import that wrote nothing. */
static int print_report(const char *what, json_t *report)
{
    char line[1200];
    fprintf(stderr, "kazi: import %s: %s\n", what,
            kazi_error_format(line, sizeof line, "%s; nothing was imported",
                              kazi_error_last()->message));
    kazi_cli_row_errors(report, "field");
    json_decref(report);
    return KAZI_EXIT_FAIL;
}

static int import_org_units(kazi_db *db, const char *path)
{
    char *csv;
    size_t len;
    int count = 0;
    json_t *report = NULL;
    if (read_file(&csv, &len, path) < 0) return kazi_cli_fail_last("import org-units");
    int rc = kazi_orgunit_import_csv(&count, &report, db, kazi_caller_cli(), csv, len);
    free(csv);
    if (rc == KAZI_OK) {
        char line[600];
        printf("%s\n",
               kazi_error_format(line, sizeof line, "Imported %d org units from %s.", count, path));
        return KAZI_EXIT_OK;
    }
    if (report) return print_report("org-units", report);
    return kazi_cli_fail_last("import org-units");
}

/* Population figures: the configuration's population groups name the columns. */
static int import_population(kazi_db *db, const char *path)
{
    char *csv;
    size_t len;
    int figures = 0, rows = 0;
    json_t *report = NULL;
    if (read_file(&csv, &len, path) < 0) return kazi_cli_fail_last("import population");
    if (kazi_plugins_activate_country(db) < 0) {
        free(csv);
        kazi_lua_shutdown();
        return kazi_cli_fail("import population: the configuration does not load: %s",
                             kazi_error_last()->message);
    }
    int rc = kazi_population_import_csv(&figures, &rows, &report, db, kazi_caller_cli(), csv, len);
    free(csv);
    kazi_lua_shutdown();
    if (rc == KAZI_OK) {
        printf("Imported %d population figures (%d rows) from %s.\n", figures, rows, path);
        return KAZI_EXIT_OK;
    }
    if (report) return print_report("population", report);
    return kazi_cli_fail_last("import population");
}

/* Org-unit boundaries from a GeoJSON FeatureCollection keyed by org-unit code. */
static int import_boundaries(kazi_db *db, const char *path)
{
    char *text;
    size_t len;
    int stored = 0, simplified = 0;
    json_t *report = NULL;
    if (read_file(&text, &len, path) < 0) return kazi_cli_fail_last("import boundaries");
    int rc =
        kazi_boundaries_import(&stored, &simplified, &report, db, kazi_caller_cli(), text, len);
    free(text);
    if (rc == KAZI_OK) {
        printf("Imported %d boundaries (%d simplified) from %s.\n", stored, simplified, path);
        return KAZI_EXIT_OK;
    }
    if (report) return print_report("boundaries", report);
    return kazi_cli_fail_last("import boundaries");
}

int kazi_cmd_import(int argc, char **argv)
{
    static const char usage[] =
        "kazi import org-units|population|boundaries|people|positions|assignments --data DIR "
        "FILE";
    const char *data = NULL, *pos[1];
    int npos = 0;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory"},
        {0},
    };
    if (argc < 3 || argv[2][0] == '-') {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("usage: %s\n", usage);
            return KAZI_EXIT_OK;
        }
        return kazi_cli_usage(usage, "what to import? org-units, population, boundaries, people, "
                                     "positions or assignments");
    }
    const char *kind = argv[2];
    if (!strcmp(kind, "people") || !strcmp(kind, "positions") || !strcmp(kind, "assignments"))
        return kazi_cmd_import_registry(argc, argv);
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (strcmp(kind, "org-units") && strcmp(kind, "population") && strcmp(kind, "boundaries"))
        return kazi_cli_usage(usage, "unknown import kind '%s'", kind);
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (npos != 1) return kazi_cli_usage(usage, "give the FILE to import");
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("import");
    /* the levels are the live configuration's, as for the server */
    if (kazi_plugins_activate_country(db) < 0) {
        kazi_db_close(db);
        kazi_lua_thread_exit();
        return kazi_cli_fail("import: the configuration does not load: %s",
                             kazi_error_last()->message);
    }
    int exit = !strcmp(kind, "population")   ? import_population(db, pos[0])
               : !strcmp(kind, "boundaries") ? import_boundaries(db, pos[0])
                                             : import_org_units(db, pos[0]);
    kazi_db_close(db);
    kazi_lua_thread_exit();
    kazi_lua_shutdown();
    return exit;
}
