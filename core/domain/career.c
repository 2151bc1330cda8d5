#include "domain/career.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/certificate.h"
#include "domain/dossier.h"
#include "domain/schema.h"
#include "domain/training.h"
#include "domain/words.h"
#include "lua/runtime.h"
#include "store/registry.h"
#include "store/training.h"
#include "util/clock.h"
#include "util/error.h"

static int current_cadre(const json_t *dossier, const char *cadre)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(dossier, "assignments"), i, a)
    {
        if (json_object_get(a, "to")) continue;
        if (!cadre || !strcmp(json_string_value(json_object_get(a, "cadre")), cadre)) return 1;
    }
    return 0;
}

/* The first thing missing for a move from a post the person does not hold: "hold a current
 * <cadre> post", in every language of the configuration (kazi_words_item; "text" then gives
 * the current language's). */
static json_t *from_cadre_missing(const char *from)
{
    return kazi_words_item("from_cadre", "cadres", from, "hold a current %s post", NULL);
}

int kazi_career_options(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id)
{
    json_t *p = NULL, *dossier = NULL, *eligible = NULL, *others = NULL, *current = NULL;
    kazi_lua_gen *g = NULL;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    if (!(g = kazi_lua_current())) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
        goto done;
    }
    if ((rc = kazi_dossier_build(&dossier, db, person_id, NULL)) < 0) goto done;
    eligible = json_array();
    others = json_array();
    current = json_array();
    size_t i;
    json_t *a, *m;
    json_array_foreach(json_object_get(dossier, "assignments"), i, a)
    {
        if (!json_object_get(a, "to")) json_array_append(current, json_object_get(a, "cadre"));
    }
    json_array_foreach(json_object_get(kazi_lua_gen_catalogue(g), "moves"), i, m)
    {
        const char *from = json_string_value(json_object_get(m, "from"));
        if (!from) continue;
        const char *id = json_string_value(json_object_get(m, "id"));
        kazi_lua_decision dec;
        if ((rc = kazi_lua_rules_eval(&dec, g, "move", id, &dossier, 1)) < 0) goto done;
        if (!dec.missing) dec.missing = json_array(); /* the rule failed: see dec.error */
        /* A move starts from a post the person holds now: from anywhere else, that
         * post is the first thing missing. */
        if (!current_cadre(dossier, from)) {
            dec.eligible = 0;
            json_array_insert_new(dec.missing, 0, from_cadre_missing(from));
        }
        kazi_words_missing(dec.missing);
        json_t *o =
            json_pack("{s:s,s:O,s:O,s:O?,s:O?}", "move", id, "to", json_object_get(m, "to"), "kind",
                      json_object_get(m, "kind"), "bridging", json_object_get(m, "bridging"),
                      "description", json_object_get(m, "description"));
        /* a rule that fails is this move's error ({file, line, message}); the others answer */
        if (dec.error) json_object_set_new(o, "error", dec.error);
        if (dec.eligible) {
            json_decref(dec.missing);
            json_array_append_new(eligible, o);
        } else {
            json_object_set_new(o, "missing", dec.missing);
            json_array_append_new(others, o);
        }
    }
    *out =
        json_pack("{s:I,s:O,s:s,s:O,s:O}", "person_id", (json_int_t)person_id, "current", current,
                  "config_id", kazi_lua_gen_source_id(g), "eligible", eligible, "others", others);
done:
    kazi_lua_gen_unref(g);
    json_decref(p);
    json_decref(dossier);
    json_decref(eligible);
    json_decref(others);
    json_decref(current);
    return rc;
}

static int rank_cmp(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int fx = json_object_get(x, "error") != NULL, fy = json_object_get(y, "error") != NULL;
    if (fx != fy) return fx - fy; /* rows whose rule failed come last */
    int ex = json_is_true(json_object_get(x, "eligible")),
        ey = json_is_true(json_object_get(y, "eligible"));
    if (ex != ey) return ey - ex;
    size_t mx = json_array_size(json_object_get(x, "missing")),
           my = json_array_size(json_object_get(y, "missing"));
    if (mx != my) return mx < my ? -1 : 1;
    json_int_t ix = json_integer_value(json_object_get(x, "person_id")),
               iy = json_integer_value(json_object_get(y, "person_id"));
    return ix < iy ? -1 : ix > iy;
}

int kazi_career_candidates(json_t **out, kazi_db *db, const kazi_caller *actor, const char *move,
                           int64_t org_unit_id, int limit)
{
    char lob[KAZI_PATH_MAX], hib[KAZI_PATH_MAX];
    const char *lo, *hi;
    json_t *holders = NULL, **dossiers = NULL, **rows = NULL;
    kazi_lua_decision *dec = NULL;
    size_t n = 0, built = 0;
    int rc = kazi_certificate_range(&lo, &hi, lob, hib, db, actor, org_unit_id);
    if (rc < 0) return rc;
    kazi_lua_gen *g = kazi_lua_current();
    if (!g) return kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
    const json_t *m = kazi_lua_gen_find(g, "moves", move);
    if (!m) {
        rc = kazi_error_set(KAZI_EINVALID, "move", "The configuration declares no move \"%s\"",
                            move);
        goto done;
    }
    if ((rc = kazi_store_cadre_holders(&holders, db, json_string_value(json_object_get(m, "from")),
                                       lo, hi, 10000)) < 0)
        goto done;
    n = json_array_size(holders);
    dossiers = calloc(n ? n : 1, sizeof *dossiers);
    dec = calloc(n ? n : 1, sizeof *dec);
    rows = calloc(n ? n : 1, sizeof *rows);
    if (!dossiers || !dec || !rows) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    {
        int64_t *pids = calloc(n ? n : 1, sizeof *pids);
        if (!pids) {
            rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            pids[i] = json_integer_value(json_object_get(json_array_get(holders, i), "person_id"));
        rc = kazi_dossier_build_many(dossiers, db, pids, n, NULL);
        free(pids);
        if (rc < 0) goto done;
        built = n;
    }
    if (n && (rc = kazi_lua_rules_eval(dec, g, "move", move, dossiers, n)) < 0) goto done;
    for (size_t i = 0; i < n; i++) {
        json_t *h = json_array_get(holders, i);
        rows[i] = json_pack("{s:O,s:O,s:O,s:b,s:o}", "person_id", json_object_get(h, "person_id"),
                            "given_name", json_object_get(h, "given_name"), "family_name",
                            json_object_get(h, "family_name"), "eligible", dec[i].eligible,
                            "missing", dec[i].missing ? dec[i].missing : json_array());
        kazi_words_missing(json_object_get(rows[i], "missing"));
        /* a row whose rule failed says so ({file, line, message}); the others answer */
        if (dec[i].error) json_object_set_new(rows[i], "error", dec[i].error);
    }
    qsort(rows, n, sizeof *rows, rank_cmp);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if ((int)i < limit)
            json_array_append_new(items, rows[i]);
        else
            json_decref(rows[i]);
        rows[i] = NULL;
    }
    *out = json_pack("{s:s,s:O,s:O,s:s,s:I,s:o}", "move", move, "from", json_object_get(m, "from"),
                     "to", json_object_get(m, "to"), "config_id", kazi_lua_gen_source_id(g),
                     "evaluated", (json_int_t)n, "items", items);
    n = 0;
done:
    for (size_t i = 0; i < built; i++)
        json_decref(dossiers[i]);
    if (rows)
        for (size_t i = 0; i < n; i++)
            json_decref(rows[i]);
    free(dossiers);
    free(dec);
    free(rows);
    json_decref(holders);
    kazi_lua_gen_unref(g);
    return rc;
}

int kazi_career_lattice(json_t **out)
{
    kazi_lua_gen *g = kazi_lua_current();
    if (!g) return kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
    const json_t *cat = kazi_lua_gen_catalogue(g);
    json_t *nodes = json_array(), *edges = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(cat, "cadres"), i, x) json_array_append_new(
        nodes, json_pack("{s:O,s:O?,s:O?,s:O?}", "id", json_object_get(x, "id"), "name",
                         json_object_get(x, "name"), "group", json_object_get(x, "group"), "level",
                         json_object_get(x, "level")));
    json_array_foreach(json_object_get(cat, "moves"), i, x) json_array_append_new(
        edges, json_pack("{s:O,s:O,s:O,s:O,s:O?}", "id", json_object_get(x, "id"), "from",
                         json_object_get(x, "from"), "to", json_object_get(x, "to"), "kind",
                         json_object_get(x, "kind"), "bridging", json_object_get(x, "bridging")));
    *out = json_pack("{s:o,s:o,s:s}", "nodes", nodes, "edges", edges, "config_id",
                     kazi_lua_gen_source_id(g));
    kazi_lua_gen_unref(g);
    return KAZI_OK;
}

int kazi_career_record(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id,
                       const json_t *in, int may_override)
{
    json_t *p = NULL, *dossier = NULL, *pos = NULL, *ended = NULL, *started = NULL, *newa = NULL,
           *rec = NULL, *row = NULL, *flag = NULL, *before = NULL, *missing = NULL;
    kazi_lua_gen *g = NULL;
    const char *move, *date, *engagement = NULL, *override = NULL;
    int64_t posid, move_id;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    /* The field table (domain/schema_training.c): names, text lengths, id, date. */
    if ((rc = kazi_schema_check(kazi_schema_of("career_move"), in, KAZI_SCHEMA_CREATE)) < 0)
        goto done;
    move = json_string_value(json_object_get(in, "move"));
    posid = json_integer_value(json_object_get(in, "position_id"));
    date = json_string_value(json_object_get(in, "date"));
    engagement = json_string_value(json_object_get(in, "engagement"));
    if (engagement && !*engagement) engagement = NULL;
    override = json_string_value(json_object_get(in, "override_reason"));
    if (override && !*override) override = NULL;
    if (override && !may_override) {
        rc = kazi_error_set(KAZI_EDENIED, "override_reason",
                            "only an administrator may record a move by override");
        goto done;
    }
    if (!(g = kazi_lua_current())) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
        goto done;
    }
    const json_t *m = kazi_lua_gen_find(g, "moves", move);
    if (!m) {
        rc = kazi_error_set(KAZI_EINVALID, "move", "The configuration declares no move \"%s\"",
                            move);
        goto done;
    }
    const char *from = json_string_value(json_object_get(m, "from"));
    const char *to = json_string_value(json_object_get(m, "to"));
    const char *kind = json_string_value(json_object_get(m, "kind"));
    if ((rc = kazi_dossier_build(&dossier, db, person_id, date)) < 0) goto done;
    /* The open assignment in the from-cadre. */
    int64_t old_id = 0, old_pos = 0;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(dossier, "assignments"), i, a)
    {
        if (json_object_get(a, "to") ||
            strcmp(json_string_value(json_object_get(a, "cadre")), from))
            continue;
        old_id = json_integer_value(json_object_get(a, "assignment_id"));
        old_pos = json_integer_value(json_object_get(a, "position_id"));
        if (!engagement) engagement = json_string_value(json_object_get(a, "engagement"));
    }
    if (!old_id) {
        char who[200], cadre[200];
        rc = kazi_error_set(KAZI_EINVALID, "move", "%s holds no current %s post",
                            kazi_words_person(who, sizeof who, p),
                            kazi_words_name(cadre, sizeof cadre, "cadres", from));
        goto done;
    }
    if ((rc = kazi_registry_position_get(&pos, db, actor, posid)) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "position_id", "There is no such position");
        goto done;
    }
    if (strcmp(json_string_value(json_object_get(pos, "cadre")), to)) {
        char cadre[200];
        rc = kazi_error_set(KAZI_EINVALID, "position_id", "The position is not a %s post",
                            kazi_words_name(cadre, sizeof cadre, "cadres", to));
        goto done;
    }
    kazi_lua_decision dec;
    if ((rc = kazi_lua_rules_eval(&dec, g, "move", move, &dossier, 1)) < 0) goto done;
    if (dec.error) { /* the rule failed: the move is not recorded */
        rc = kazi_lua_decision_error(&dec);
        json_decref(dec.error);
        goto done;
    }
    missing = dec.missing;
    if (!dec.eligible && !override) {
        char who[200], from_name[200], to_name[200], why[600];
        rc = kazi_error_set_slug(KAZI_ECONFLICT, "not_eligible", "move",
                                 "%s is not yet eligible to move from %s to %s: %s",
                                 kazi_words_person(who, sizeof who, p),
                                 kazi_words_name(from_name, sizeof from_name, "cadres", from),
                                 kazi_words_name(to_name, sizeof to_name, "cadres", to),
                                 kazi_words_missing_join(why, sizeof why, missing));
        goto done;
    }
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    if ((rc = kazi_store_assignment_get(&before, db, old_id)) < 0) goto rollback;
    if (strcmp(date, json_string_value(json_object_get(before, "start_date"))) < 0) {
        rc = kazi_error_set(KAZI_EINVALID, "date",
                            "The date of the move is before the current post began");
        goto rollback;
    }
    const char *reason = !strcmp(kind, "vertical") ? "promotion" : "transfer";
    if ((rc = kazi_store_assignment_end(db, old_id, date, reason, kazi_clock_now_ms())) < 0 ||
        (rc = kazi_store_assignment_get(&ended, db, old_id)) < 0 ||
        (rc = kazi_training_audit(db, actor, "assignment.end", "assignment", old_id, before,
                                  ended)) < 0 ||
        (rc = kazi_training_audit(db, actor, "assignment.end", "person", person_id, before,
                                  ended)) < 0)
        goto rollback;
    newa = json_pack("{s:I,s:I,s:s,s:s}", "person_id", (json_int_t)person_id, "position_id",
                     (json_int_t)posid, "start_date", date, "engagement", engagement);
    if ((rc = kazi_registry_assignment_create_tx(&started, db, actor, newa)) < 0) goto rollback;
    row = json_pack("{s:I,s:s,s:s,s:O,s:O,s:s,s:s,s:s?}", "person_id", (json_int_t)person_id,
                    "move", move, "kind", kind, "from_assignment_id", json_object_get(ended, "id"),
                    "to_assignment_id", json_object_get(started, "id"), "move_date", date,
                    "config_id", dec.source, "override_reason", dec.eligible ? NULL : override);
    if ((rc = kazi_store_career_move_insert(&move_id, db, row, kazi_clock_now_ms())) < 0)
        goto rollback;
    json_object_set_new(row, "id", json_integer(move_id));
    json_object_set_new(row, "outcome", json_string("success"));
    json_object_set(row, "missing", missing);
    if ((rc = kazi_store_replacement_set(db, old_pos, date, move_id)) < 0 ||
        (rc = kazi_store_replacement_get(&flag, db, old_pos)) < 0)
        goto rollback;
    json_object_set_new(flag, "replacement_must_be_trained", json_true());
    if ((rc = kazi_training_audit(db, actor, "career_move.record", "person", person_id, NULL,
                                  row)) < 0 ||
        (rc = kazi_training_audit(db, actor, "position.replacement_needed", "position", old_pos,
                                  NULL, flag)) < 0)
        goto rollback;
rollback: /* or commit: kazi_db_end decides by rc */
    if ((rc = kazi_db_end(db, rc)) < 0) goto done;
    kazi_schema_output(kazi_schema_of("career_move"), row);
    kazi_schema_output(kazi_schema_of("assignment"), ended);
    kazi_schema_output(kazi_schema_of("assignment"), started);
    *out = json_pack("{s:O,s:O,s:O,s:O}", "career_move", row, "ended", ended, "started", started,
                     "replacement", flag);
done:
    kazi_lua_gen_unref(g);
    json_decref(p);
    json_decref(dossier);
    json_decref(pos);
    json_decref(ended);
    json_decref(started);
    json_decref(newa);
    json_decref(rec);
    json_decref(row);
    json_decref(flag);
    json_decref(before);
    json_decref(missing);
    return rc;
}

int kazi_career_moves(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t person_id)
{
    json_t *p;
    int rc = kazi_training_person(&p, db, actor, person_id, "id");
    if (rc < 0) return rc;
    json_decref(p);
    if ((rc = kazi_store_career_move_list(out, db, person_id)) == KAZI_OK)
        kazi_schema_output(kazi_schema_of("career_move"), *out);
    return rc;
}

/* Every rule of `rules` (or rule `id`) over n dossiers: eligible[i] counts the rules
 * dossier i passes. Runs on either thread (only reads the dossiers). */
typedef struct {
    kazi_lua_gen *g;
    const json_t *rules;
    const char *kind, *id;
    kazi_record **dossiers;
    int *eligible;
    kazi_lua_decision *dec;
    size_t n;
} batch_part;

/* Dossiers evaluated together by every rule: few enough to stay in the core's cache
 * from one rule to the next (as KAZI_IMPACT_BATCH). */
#define RULE_CHUNK 200

static int batch_part_run(void *arg)
{
    batch_part *b = arg;
    for (size_t i = 0; i < b->n; i++)
        b->eligible[i] = 0;
    for (size_t from = 0; from < b->n; from += RULE_CHUNK) {
        size_t m = b->n - from < RULE_CHUNK ? b->n - from : RULE_CHUNK;
        size_t r;
        json_t *rule;
        json_array_foreach(b->rules, r, rule)
        {
            const char *rid = json_string_value(json_object_get(rule, "id"));
            if (b->id && strcmp(b->id, rid)) continue;
            int rc = kazi_lua_records_count(b->dec, b->g, b->kind, rid,
                                            (const kazi_record *const *)b->dossiers + from, m);
            if (rc < 0) return rc;
            for (size_t i = 0; i < m; i++) {
                /* a failed rule (dec[i].error) does not count */
                b->eligible[from + i] += b->dec[i].eligible;
                json_decref(b->dec[i].error);
            }
        }
    }
    return KAZI_OK;
}

int kazi_career_batch(int *eligible, kazi_db *db, const char *kind, const char *id,
                      const int64_t *people, size_t n, kazi_helper *helper)
{
    kazi_lua_gen *g = kazi_lua_current();
    if (!g) return kazi_error_set(KAZI_ERROR, NULL, "no configuration is active");
    kazi_record **dossiers = calloc(n ? n : 1, sizeof *dossiers);
    kazi_lua_decision *dec = calloc(n ? n : 1, sizeof *dec);
    size_t built = 0;
    int rc = KAZI_OK;
    if (!dossiers || !dec) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if ((rc = kazi_dossier_records(dossiers, db, people, n, NULL)) < 0) goto done;
    built = n;
    const json_t *rules = json_object_get(kazi_lua_gen_catalogue(g),
                                          !strcmp(kind, "move") ? "moves" : "certifications");
    /* with a helper, its thread takes the second half of the batch (its own Lua state) */
    size_t half = helper && n >= 2 ? n / 2 : n;
    batch_part mine = {g, rules, kind, id, dossiers, eligible, dec, half};
    batch_part theirs = {g,          rules,   kind, id, dossiers + half, eligible + half,
                         dec + half, n - half};
    if (half < n) kazi_helper_post(helper, batch_part_run, &theirs);
    rc = batch_part_run(&mine);
    if (half < n) {
        int rc2 = kazi_helper_wait(helper);
        if (rc2 < 0) rc = rc2;
    }
done:
    for (size_t i = 0; i < built; i++)
        kazi_record_free(dossiers[i]);
    free(dossiers);
    free(dec);
    kazi_lua_gen_unref(g);
    return rc;
}

int kazi_career_replacements(json_t **out, kazi_db *db, const kazi_caller *actor,
                             int64_t org_unit_id)
{
    char lob[KAZI_PATH_MAX], hib[KAZI_PATH_MAX];
    const char *lo, *hi;
    json_t *items;
    int rc = kazi_certificate_range(&lo, &hi, lob, hib, db, actor, org_unit_id);
    if (rc < 0 || (rc = kazi_store_replacements(&items, db, lo, hi, 5000)) < 0) return rc;
    *out = json_pack("{s:o}", "items", items);
    return KAZI_OK;
}
