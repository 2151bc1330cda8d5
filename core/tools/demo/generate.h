/*
 * demo/generate — (a tool beside the core, in the `kazi` program only) a deterministic
 * synthetic country shaped like Tanzania for the demo and the
 * benchmarks: 31 regions, 184 district councils, 21 wards per district and 3 villages
 * per ward with generated Swahili names; government, NGO, faith-based and private
 * organisations; people with realistic names, sex, birth dates, residence villages,
 * identifiers, phones and languages; positions and assignments with the cadre mix of
 * the catalogue (para social workers in villages, supervisors and social welfare
 * assistants in wards, officers in districts), vacancies, volunteers, stipends and
 * salaries, and some earlier assignments that ended; and their history: training events
 * of the declared courses with trainers from the register, enrolments and results,
 * prior-learning credits, supervision sessions, certificates (numbered, expiring,
 * renewed, some expired and a few revoked) and recorded promotions.
 * Owns: the generator and its name lists.
 * Uses: store/orgunit, store/organisation, store/registry, store/training, store/support,
 * domain/catalogue, domain/certificate, domain/audit, lua/runtime (the live catalogue).
 * Thread-safety: reentrant.
 */
#ifndef KAZI_TOOLS_DEMO_GENERATE_H
#define KAZI_TOOLS_DEMO_GENERATE_H

#include <stdint.h>

#include "store/db.h"

typedef struct kazi_demo_opts {
    int64_t people;
    uint64_t seed;
    /* Called now and then with people written so far; may be NULL. */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
} kazi_demo_opts;

typedef struct kazi_demo_stats {
    int64_t org_units, organisations, people, positions, assignments, vacancies;
    /* the training, certification, supervision and promotion history */
    int64_t events, enrolments, prior_learning, certificates, revoked, sessions, moves;
} kazi_demo_stats;

/*
 * Generate the country into an empty register (no org units and no people yet:
 * KAZI_EEXISTS otherwise), in one transaction, with one audit row recording the run.
 * The same seed and size give the same data.
 */
int kazi_demo_generate(kazi_demo_stats *out, kazi_db *db, const kazi_demo_opts *opts);

#endif
