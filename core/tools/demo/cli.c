/*
 * demo — `kazi demo-data --data DIR --people N [--seed S]`: fill an empty register
 * with a synthetic country built from the live configuration (demo/generate) for the
 * demo and benchmarks; `kazi demo-data --data DIR --check` runs the configuration's
 * rules over a register and counts what they refuse.
 * A tool, not part of the server core: linked into the `kazi` program only, never into
 * the core library the tests and fuzzers use.
 */
#include "cli/args.h"
#include "domain/plugins.h"
#include "cli/commands.h"
#include "demo/generate.h"
#include "domain/install.h"
#include "lua/runtime.h"
#include "store/registry.h"
#include "util/clock.h"
#include "util/error.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define KAZI_DEMO_LUA_TIME_MS 600000 /* the most --lua-time allows */

/* The live configuration, its calls into Lua bounded by their instruction budget alone
 * (the longest wall-clock limit), counted from each call's first instruction (an exact
 * budget, not the watch's): the rules' and hooks' answers decide what is generated,
 * so a call that a loaded machine merely slows must not fail, or the same seed would
 * give another register (seen at load 15-19: two hook calls past 1000 ms). */
static int activate_country(kazi_db *db)
{
    static const kazi_lua_limits limits = {
        .time_ms = KAZI_DEMO_LUA_TIME_MS,
        .batch_time_ms = KAZI_DEMO_LUA_TIME_MS,
        .exact_budget = 1,
    };
    kazi_lua_gen *g;
    int rc = kazi_plugins_load_country(&g, db, &limits);
    if (rc < 0) return rc;
    rc = kazi_plugins_activate(g);
    kazi_lua_gen_unref(g);
    return rc;
}

static void progress(void *ctx, int64_t done, int64_t total)
{
    (void)ctx;
    fprintf(stderr, "\r%lld/%lld people", (long long)done, (long long)total);
    if (done == total) fputc('\n', stderr);
}

/* The page cache of the long write: 1 GiB a million people, within a quarter of the
 * machine's memory, and never below the 512 MiB it always had. The generator writes every history
 * table's indexes in random order; once those outgrow the cache each insert evicts a page it will
 * soon need again (at 5,000,000 people with 512 MiB: ~80 bytes written per byte kept). */
static int bulk_cache_mib(long long people)
{
    long long mib = people / 1000;
    if (mib < 512) mib = 512;
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages > 0 && size > 0 && mib > (long long)pages / 4 * size / (1 << 20))
        mib = (long long)pages / 4 * size / (1 << 20);
    return mib < 512 ? 512 : (int)mib;
}

/* Print the check's counts, one "name: n" a line (tests read them). */
static int check_register(const char *data)
{
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("demo-data");
    if (kazi_plugins_activate_country(db) < 0) {
        kazi_db_close(db);
        kazi_lua_thread_exit();
        return kazi_cli_fail("demo-data: the configuration does not load: %s",
                             kazi_error_last()->message);
    }
    json_t *out = NULL;
    int64_t t0 = kazi_clock_mono_ns();
    int rc = kazi_demo_check(&out, db);
    kazi_db_close(db);
    kazi_lua_thread_exit();
    kazi_lua_shutdown();
    if (rc < 0) return kazi_cli_fail_last("demo-data --check");
    const char *k;
    json_t *v;
    json_object_foreach(out, k, v) printf("%s: %lld\n", k, (long long)json_integer_value(v));
    printf("Checked in %.1f s.\n", (double)(kazi_clock_mono_ns() - t0) / 1e9);
    json_decref(out);
    return KAZI_EXIT_OK;
}

int kazi_cmd_demo_data(int argc, char **argv)
{
    static const char usage[] =
        "kazi demo-data --data DIR (--people N [--seed S] [--row-by-row] | --check)";
    const char *data = NULL, *people = NULL, *seed = "1";
    int check = 0, row_by_row = 0;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "an initialised data directory with an empty register"},
        {"--people", "N", &people, NULL, "how many people to generate"},
        {"--seed", "S", &seed, NULL, "random seed; the same seed gives the same country (1)"},
        {"--row-by-row", NULL, NULL, &row_by_row,
         "write every row through its indexes and triggers, as the server does (slower; the "
         "same register)"},
        {"--check", NULL, NULL, &check,
         "run the configuration's rules over the register and count what they refuse"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 2, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (!people && !check) return kazi_cli_usage(usage, "--people N is required");
    if (check && people) return kazi_cli_usage(usage, "--check reads a register: no --people");
    if (check) return check_register(data);
    char *end;
    long long n = strtoll(people, &end, 10);
    if (*end || n < 0 || n > 10000000)
        return kazi_cli_usage(usage, "--people must be 0 to 10000000");
    unsigned long long s = strtoull(seed, &end, 10);
    if (*end) return kazi_cli_usage(usage, "--seed must be a number");
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("demo-data");
    if (activate_country(db) < 0) {
        kazi_db_close(db);
        kazi_lua_thread_exit();
        return kazi_cli_fail("demo-data: the configuration does not load: %s",
                             kazi_error_last()->message);
    }
    kazi_store_bulk_cache(db, bulk_cache_mib(n));
    if (!row_by_row) kazi_store_bulk_journal(db, 1); /* an empty register, one transaction */
    mallopt(M_MXFAST, 0); /* see cli/import_registry.c: many small objects, big cache blocks */
    kazi_demo_opts o = {.people = n, .seed = s, .row_by_row = row_by_row};
    if (isatty(STDERR_FILENO)) o.progress = progress;
    kazi_demo_stats st;
    int64_t t0 = kazi_clock_mono_ns();
    rc = kazi_demo_generate(&st, db, &o);
    int wal = kazi_store_bulk_journal(db, 0);
    if (rc == KAZI_OK && wal < 0) rc = wal;
    kazi_db_close(db);
    kazi_lua_thread_exit();
    kazi_lua_shutdown();
    if (rc < 0) return kazi_cli_fail_last("demo-data");
    printf("Generated %lld org units, %lld organisations, %lld people, %lld positions "
           "(%lld vacant), %lld assignments in %.1f s.\n",
           (long long)st.org_units, (long long)st.organisations, (long long)st.people,
           (long long)st.positions, (long long)st.vacancies, (long long)st.assignments,
           (double)(kazi_clock_mono_ns() - t0) / 1e9);
    printf("History: %lld training events, %lld enrolments, %lld prior-learning credits, "
           "%lld certificates (%lld revoked), %lld supervision sessions, %lld moves.\n",
           (long long)st.events, (long long)st.enrolments, (long long)st.prior_learning,
           (long long)st.certificates, (long long)st.revoked, (long long)st.sessions,
           (long long)st.moves);
    printf("Since %d: %lld supervisions, %lld exits, %lld posts awaiting a trained replacement, "
           "%lld payments, %lld support records, %lld monthly return counts.\n",
           st.first_year, (long long)st.supervisions, (long long)st.exits,
           (long long)st.replacements, (long long)st.payments, (long long)st.support,
           (long long)st.returns);
    return KAZI_EXIT_OK;
}
