#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "config/memory.h"
#include "domain/install.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "store/organisation.h"
#include "store/report.h"
#include "store/orgunit.h"
#include "util/error.h"
#include "util/rand.h"

void kt_sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    assert_int_equal(system(cmd), 0);
}

/* fd (1 or 2) into a temporary file, until restore; the saved descriptor in *saved. */
static FILE *redirect(int fd, int *saved)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fflush(fd == 1 ? stdout : stderr);
    *saved = dup(fd);
    assert_true(*saved >= 0);
    assert_true(dup2(fileno(f), fd) >= 0);
    return f;
}

static void restore(int fd, int saved, FILE *f, char *buf, size_t size)
{
    fflush(fd == 1 ? stdout : stderr);
    dup2(saved, fd);
    close(saved);
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

kt_cli_run *kt_cli(int (*cmd)(int argc, char **argv), ...)
{
    static kt_cli_run run;
    char *argv[64] = {"kazi"};
    int argc = 1;
    va_list ap;
    va_start(ap, cmd);
    for (char *a; (a = va_arg(ap, char *)) && argc < 63;)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    int so, se;
    FILE *fo = redirect(1, &so), *fe = redirect(2, &se);
    run.exit = cmd(argc, argv);
    restore(1, so, fo, run.out, sizeof run.out);
    restore(2, se, fe, run.err, sizeof run.err);
    return &run;
}

int kt_tmpdir(char *dir)
{
    return mkdtemp(dir) ? 0 : -1;
}

int kt_rmtree(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int kt_db_create(kazi_db **out, char *dir)
{
    char path[1100];
    if (kt_tmpdir(dir) < 0) return -1;
    snprintf(path, sizeof path, "%s/kazi.db", dir);
    if (kazi_db_open(out, path, KAZI_DB_CREATE) < 0 || kazi_migrate(*out, -1) < 0) return -1;
    return 0;
}

int kt_db_destroy(kazi_db *db, const char *dir)
{
    kazi_db_close(db);
    return kt_rmtree(dir);
}

char kt_dir[64];
kazi_db *kt_db;

int kt_group_tmpdir(void **state)
{
    (void)state;
    strcpy(kt_dir, "/tmp/kazi-unit-XXXXXX");
    return kt_tmpdir(kt_dir);
}

int kt_group_tmpdir_rand(void **state)
{
    if (kazi_rand_init() < 0) return -1;
    return kt_group_tmpdir(state);
}

int kt_group_rmtree(void **state)
{
    (void)state;
    return kt_rmtree(kt_dir);
}

int kt_group_db(void **state)
{
    (void)state;
    strcpy(kt_dir, "/tmp/kazi-unit-XXXXXX");
    return kt_db_create(&kt_db, kt_dir);
}

int kt_group_db_close(void **state)
{
    (void)state;
    return kt_db_destroy(kt_db, kt_dir);
}

kazi_db *kt_db_fresh(const char *dir)
{
    static int seq;
    char path[1100];
    kazi_db *db;
    snprintf(path, sizeof path, "%s/fresh%d.db", dir, seq++);
    assert_int_equal(kazi_db_open(&db, path, KAZI_DB_CREATE), KAZI_OK);
    assert_int_equal(kazi_migrate(db, -1), KAZI_OK);
    return db;
}

int kt_db_places(kazi_db *db, int64_t *village, int64_t *organisation)
{
    kazi_orgunit country = {.depth = 0}, v = {.depth = 1};
    strcpy(country.code, "TZ");
    strcpy(country.name, "Tanzania");
    strcpy(country.level_id, "country");
    strcpy(v.code, "V1");
    strcpy(v.name, "Makole");
    strcpy(v.level_id, "village");
    if (kazi_db_begin(db) < 0 || kazi_orgunit_insert(&country, db, NULL) < 0 ||
        kazi_orgunit_insert(&v, db, &country) < 0)
        return -1;
    if (organisation) {
        kazi_organisation o = {0};
        strcpy(o.code, "GOV");
        strcpy(o.name, "Government");
        strcpy(o.kind, "government");
        o.org_unit_id = country.id;
        if (kazi_organisation_insert(&o, db) < 0) return -1;
        *organisation = o.id;
    }
    if (kazi_db_commit(db) < 0) return -1;
    *village = v.id;
    return 0;
}

int kt_install(char *data, size_t size, const char *dir, const char *country)
{
    char db[1100];
    snprintf(data, size, "%s/data", dir);
    kazi_install_opts o = {.data_dir = data, .country = country};
    int rc = kazi_install_create(&o);
    if (rc < 0) return rc;
    kazi_install_db_path(db, sizeof db, data);
    kazi_store_set_path(db);
    return KAZI_OK;
}

typedef struct {
    int (*attempt)(void *ctx, int i);
    void *ctx;
    int i, rc;
    pthread_barrier_t *start;
} racer;

static void *race(void *arg)
{
    racer *r = arg;
    pthread_barrier_wait(r->start);
    r->rc = r->attempt(r->ctx, r->i);
    return NULL;
}

int kt_race_one_winner(int n, int (*attempt)(void *ctx, int i), void *ctx)
{
    assert_true(n > 0 && n <= KT_RACE_MAX);
    racer r[KT_RACE_MAX];
    pthread_t th[KT_RACE_MAX];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)n);
    for (int i = 0; i < n; i++) {
        r[i] = (racer){attempt, ctx, i, 0, &start};
        pthread_create(&th[i], NULL, race, &r[i]);
    }
    int wins = 0, winner = -1;
    for (int i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        if (r[i].rc == KAZI_OK)
            wins++, winner = i;
        else
            assert_int_equal(r[i].rc, KAZI_ECONFLICT);
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(wins, 1);
    return winner;
}

kazi_lua_gen *kt_lua_gen(const char *id, size_t n, const char *const *paths,
                         const char *const *texts, const kazi_lua_limits *limits)
{
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_memory(&src, id, paths, texts, NULL, n), KAZI_OK);
    kazi_lua_gen *g = NULL;
    if (kazi_lua_gen_build(&g, src, NULL, limits) < 0) return NULL;
    return g;
}

kazi_lua_gen *kt_lua_gen1(const char *path, const char *text, const kazi_lua_limits *limits)
{
    const char *paths[] = {path}, *texts[] = {text};
    return kt_lua_gen("test-commit", 1, paths, texts, limits);
}

void kt_lua_release(kazi_lua_gen *gen)
{
    kazi_lua_gen_unref(gen);
    kazi_lua_thread_exit();
}

char *kt_gunzip(size_t *out_len, const char *gz, size_t len)
{
    z_stream zs = {0};
    assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK); /* gzip only, not zlib */
    size_t cap = len * 4 + 64, n = 0;
    char *out = malloc(cap + 1);
    assert_non_null(out);
    zs.next_in = (Bytef *)(uintptr_t)gz;
    zs.avail_in = (uInt)len;
    int zr;
    do {
        if (n == cap) {
            cap *= 2;
            out = realloc(out, cap + 1);
            assert_non_null(out);
        }
        zs.next_out = (Bytef *)out + n;
        zs.avail_out = (uInt)(cap - n);
        zr = inflate(&zs, Z_NO_FLUSH);
        n = cap - zs.avail_out;
        assert_true(zr == Z_OK || zr == Z_STREAM_END);
    } while (zr != Z_STREAM_END);
    assert_int_equal(zs.avail_in, 0); /* nothing after the member */
    inflateEnd(&zs);
    out[n] = '\0';
    *out_len = n;
    return out;
}

int kt_row_to_json(void *ctx, const kazi_cell *cells, int n)
{
    json_t *row = json_object();
    for (int i = 0; i < n; i++) {
        const kazi_cell *c = &cells[i];
        json_t *v = c->type == KAZI_CELL_INTEGER ? json_integer(c->i)
                    : c->type == KAZI_CELL_REAL  ? json_real(c->d)
                    : c->type == KAZI_CELL_TEXT  ? json_stringn(c->text, c->len)
                                                 : json_null();
        json_object_set_new(row, c->name, v);
    }
    json_array_append_new(ctx, row);
    return 0;
}

void kt_report_plan(kazi_report_db *rdb, char *out, size_t size, const char *sql)
{
    char explain[4096];
    snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
    json_t *rows = NULL, *cols = NULL;
    assert_int_equal(kazi_report_db_query(&rows, &cols, rdb, explain, NULL, NULL, NULL), KAZI_OK);
    json_decref(cols);
    out[0] = '\0';
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s; ", json_string_value(json_object_get(r, "detail")));
    }
    json_decref(rows);
}

kazi_db *kt_db_before(const char *path, const char *name)
{
    kazi_db *db;
    assert_int_equal(kazi_db_open(&db, path, KAZI_DB_CREATE), KAZI_OK);
    int at = 0;
    for (int v = 1; v <= kazi_migrate_latest(); v++)
        if (!strcmp(kazi_migrate_name(v), name)) at = v;
    if (!at) fail_msg("no migration %s", name);
    assert_int_equal(kazi_migrate(db, at - 1), KAZI_OK);
    return db;
}

int64_t kt_db_integer(kazi_db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(d->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}
