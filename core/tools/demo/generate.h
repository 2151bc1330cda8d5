/*
 * demo/generate — (a tool beside the core, in the `kazi` program only) a deterministic
 * synthetic country built from the live configuration, for the demo and the benchmarks:
 * an org-unit hierarchy with the country's own levels and generated place names;
 * government, NGO, faith-based and private organisations; people whose age and
 * education follow their cadre, with the configuration's custom fields; posts of the
 * declared cadres at the level each works at, paid as kazi.pay says (some below the
 * minimum); and a history that follows the programme's: training events of the
 * declared courses with classes of 15–35, certificates issued when the certification's
 * own rule passes on that day, supervision by a supervisor the kazi.supervision rule
 * allows with sessions over the whole time supervised, moves only along declared moves
 * and only when the move's rule passes on the day (the post left is flagged for a
 * trained replacement), recent entries and exits, support records, monthly returns
 * and, recorded through the domain afterwards, payments.
 *
 * The programme's history starts in the year kazi.country's `programme_start` names
 * when it declares one; else in the earliest year named by a course version (course
 * versions are years in both shipped countries), but at least KAZI_DEMO_MIN_HISTORY
 * years ago; with no year-like version, KAZI_DEMO_DEFAULT_HISTORY years ago. No post
 * starts before it.
 *
 * Owns: the generator and its name lists.
 * Uses: store/orgunit, store/organisation, store/registry, store/training, store/support,
 * domain/catalogue, domain/dossier, domain/support (payments), domain/audit,
 * lua/runtime (the live catalogue, rules and supervision rules).
 * Thread-safety: reentrant.
 */
#ifndef KAZI_TOOLS_DEMO_GENERATE_H
#define KAZI_TOOLS_DEMO_GENERATE_H

#include <stdint.h>

#include "store/db.h"
#include "util/json.h"

#define KAZI_DEMO_MIN_HISTORY     8
#define KAZI_DEMO_DEFAULT_HISTORY 12

typedef struct kazi_demo_opts {
    int64_t people;
    uint64_t seed;
    /* 0 (bulk): person's non-unique indexes and the person_place summary are built once
     * after the people, and the payments commit together; 1: every row is written
     * through its indexes and triggers and every payment commits alone, as the server
     * writes them. The register is the same either way (tests/api/registry_demo). */
    int row_by_row;
    /* Called now and then with people written so far; may be NULL. */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
} kazi_demo_opts;

typedef struct kazi_demo_stats {
    int64_t org_units, organisations, people, positions, assignments, vacancies;
    /* the training, certification, supervision and promotion history */
    int64_t events, enrolments, prior_learning, certificates, revoked, sessions, moves;
    int64_t supervisions, exits, replacements, payments, support, returns;
    int first_year; /* the programme's first year */
} kazi_demo_stats;

/*
 * Generate the country into an empty register (no org units and no people yet:
 * KAZI_EEXISTS otherwise), in one transaction, with one audit row recording the run;
 * then this month's payments through the domain (each audited like any payment), in a
 * second transaction (kazi_db_batch_begin) unless row_by_row. The same seed, size and
 * day give the same data, in bulk or row by row.
 */
int kazi_demo_generate(kazi_demo_stats *out, kazi_db *db, const kazi_demo_opts *opts);

/*
 * A worker's dossier as of `as_of` for a decision made that day: the domain's dossier
 * (domain/dossier) without what happened later (posts started, courses completed and
 * credentials issued after as_of; posts ended later are still open). *out is new.
 */
int kazi_demo_dossier_at(json_t **out, kazi_db *db, int64_t person, const char *as_of);

/*
 * Run the configuration's rules over the register: every current supervision through
 * the kazi.supervision rule, every recorded move through its rule on the move's day,
 * every certificate through its certification's rule on the day it was issued, and
 * every post ended by a promotion that no declared move records. *out is a new object
 * {"supervisions","supervisions_refused","moves","moves_refused","certificates",
 * "certificates_refused","promotions_without_move","errors"}.
 */
int kazi_demo_check(json_t **out, kazi_db *db);

#endif
