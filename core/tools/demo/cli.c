/*
 * demo — `kazi demo-data --data DIR --people N [--seed S]`: fill an empty register
 * with a synthetic Tanzania-shaped country (demo/generate) for the demo and benchmarks.
 * A tool, not part of the server core: linked into the `kazi` program only, never into
 * the core library the tests and fuzzers use.
 */
#include "cli/args.h"
#include "domain/plugins.h"
#include "cli/commands.h"
#include "demo/generate.h"
#include "domain/install.h"
#include "store/registry.h"
#include "util/clock.h"
#include "util/error.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void progress(void *ctx, int64_t done, int64_t total)
{
    (void)ctx;
    fprintf(stderr, "\r%lld/%lld people", (long long)done, (long long)total);
    if (done == total) fputc('\n', stderr);
}

int kazi_cmd_demo_data(int argc, char **argv)
{
    static const char usage[] = "kazi demo-data --data DIR --people N [--seed S]";
    const char *data = NULL, *people = NULL, *seed = "1";
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "an initialised data directory with an empty register"},
        {"--people", "N", &people, NULL, "how many people to generate"},
        {"--seed", "S", &seed, NULL, "random seed; the same seed gives the same country (1)"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 2, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    if (!people) return kazi_cli_usage(usage, "--people N is required");
    char *end;
    long long n = strtoll(people, &end, 10);
    if (*end || n < 0 || n > 10000000)
        return kazi_cli_usage(usage, "--people must be 0 to 10000000");
    unsigned long long s = strtoull(seed, &end, 10);
    if (*end) return kazi_cli_usage(usage, "--seed must be a number");
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("demo-data");
    if (kazi_plugins_activate_country(db) < 0) {
        kazi_db_close(db);
        kazi_lua_thread_exit();
        return kazi_cli_fail("demo-data: the configuration does not load: %s",
                             kazi_error_last()->message);
    }
    kazi_store_bulk_cache(db, 512);
    mallopt(M_MXFAST, 0); /* see cli/import_registry.c: many small objects, big cache blocks */
    kazi_demo_opts o = {.people = n, .seed = s};
    if (isatty(STDERR_FILENO)) o.progress = progress;
    kazi_demo_stats st;
    int64_t t0 = kazi_clock_mono_ns();
    rc = kazi_demo_generate(&st, db, &o);
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
           "%lld certificates (%lld revoked), %lld supervision sessions, %lld promotions.\n",
           (long long)st.events, (long long)st.enrolments, (long long)st.prior_learning,
           (long long)st.certificates, (long long)st.revoked, (long long)st.sessions,
           (long long)st.moves);
    return KAZI_EXIT_OK;
}
