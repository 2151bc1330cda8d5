/*
 * impact — see impact.h. Walks the active workers in pages of KAZI_IMPACT_BATCH: one
 * dossier build per page (kazi_dossier_records), then one entry into Lua per rule and
 * generation (kazi_lua_records_count) — the candidate's, and live's for a fifth of the
 * page, on a helper thread while this one does the rest of live's and reads the next
 * page, each thread keeping a Lua state per generation — then the two decisions
 * compared worker by worker on this thread. Stage times are logged at the end.
 */
#include "domain/impact.h"

#include "config/repo.h"
#include "domain/dossier.h"
#include "domain/plugins.h"
#include "lua/runtime.h"
#include "store/registry.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"
#include "util/thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One rule compared: its ids under each generation (NULL: not declared there). */
typedef struct {
    const char *kind; /* "certification" or "move" */
    const char *id;
    int in_live, in_candidate;
    json_t *entry; /* the reply's {id,status,gain,lose,gain_sample,lose_sample} */
} rule_cmp;

/* The union of the rules of `key` ("certifications"/"moves") of both catalogues, in
 * live order then the candidate's new ones; entries appended to `list`. */
static int collect_rules(rule_cmp **rules, size_t *n, size_t *cap, const char *kind,
                         const char *key, const kazi_lua_gen *live, const kazi_lua_gen *cand,
                         json_t *list)
{
    const json_t *sides[2] = {json_object_get(kazi_lua_gen_catalogue(live), key),
                              json_object_get(kazi_lua_gen_catalogue(cand), key)};
    for (int s = 0; s < 2; s++) {
        size_t i;
        json_t *r;
        json_array_foreach(sides[s], i, r)
        {
            const char *id = json_string_value(json_object_get(r, "id"));
            if (!id) continue;
            const json_t *named = kazi_lua_gen_find(cand, key, id);
            if (s == 1 && kazi_lua_gen_find(live, key, id)) continue; /* already listed */
            if (*n == *cap) {
                size_t nc = *cap ? *cap * 2 : 16;
                rule_cmp *p = realloc(*rules, nc * sizeof *p);
                if (!p) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
                *rules = p;
                *cap = nc;
            }
            rule_cmp *c = &(*rules)[(*n)++];
            c->kind = kind;
            c->id = id;
            c->in_live = s == 0;
            c->in_candidate = named != NULL;
            const char *status = !c->in_live ? "added" : !c->in_candidate ? "removed" : "kept";
            c->entry = json_pack("{s:s,s:s,s:i,s:i,s:[],s:[],s:i,s:i,s:[]}", "id", id, "status",
                                 status, "gain", 0, "lose", 0, "gain_sample", "lose_sample",
                                 "errors", 0, "live_errors", 0, "error_sample");
            /* The rule's name, as the candidate declares it when it does (an added rule
             * has no name in the live catalogue), for screens to show. */
            const json_t *name = json_object_get(named ? named : r, "name");
            if (name) json_object_set_new(c->entry, "name", json_deep_copy(name));
            json_array_append_new(list, c->entry);
        }
    }
    return KAZI_OK;
}

/* The worker's "given family" name from their dossier. */
static void person_name(char *name, size_t size, const kazi_record *d)
{
    const kazi_rnode *p = kazi_record_member(d, &d->nodes[0], "person", 6), *g = NULL, *f = NULL;
    if (p && p->type == KAZI_RN_OBJECT) {
        g = kazi_record_member(d, p, "given_name", 10);
        f = kazi_record_member(d, p, "family_name", 11);
    }
    int gl = g && g->type == KAZI_RN_STRING ? (int)g->n : 0;
    int fl = f && f->type == KAZI_RN_STRING ? (int)f->n : 0;
    snprintf(name, size, "%.*s %.*s", gl, gl ? d->text + g->v.at : "", fl,
             fl ? d->text + f->v.at : "");
}

static void add_count(json_t *entry, const char *key, const kazi_record *dossier, int64_t pid)
{
    json_t *v = json_object_get(entry, key);
    json_integer_set(v, json_integer_value(v) + 1);
    char sk[32];
    snprintf(sk, sizeof sk, "%s_sample", key);
    json_t *sample = json_object_get(entry, sk);
    if (json_array_size(sample) >= KAZI_IMPACT_SAMPLE) return;
    char name[512];
    person_name(name, sizeof name, dossier);
    json_array_append_new(sample,
                          json_pack("{s:I,s:s}", "person_id", (json_int_t)pid, "name", name));
}

/* A rule that failed for one worker: counted under `key` ("errors" for the candidate,
 * "live_errors"), with a sample naming the worker and the rule's file, line and message. */
static void add_error(json_t *entry, const char *key, json_t *error, const kazi_record *dossier,
                      int64_t pid)
{
    json_t *v = json_object_get(entry, key);
    json_integer_set(v, json_integer_value(v) + 1);
    json_t *sample = json_object_get(entry, "error_sample");
    if (json_array_size(sample) >= KAZI_IMPACT_SAMPLE) {
        json_decref(error);
        return;
    }
    char name[512];
    person_name(name, sizeof name, dossier);
    json_object_set_new(error, "person_id", json_integer((json_int_t)pid));
    json_object_set_new(error, "name", json_string(name));
    json_object_set_new(error, "version",
                        json_string(strcmp(key, "errors") ? "live" : "candidate"));
    json_array_append_new(sample, error);
}

/* The decisions of every rule under one generation for workers off .. off+n-1 of a
 * page of `stride` workers: eligible[r * stride + i] is 1 eligible, 0 not (or the rule
 * not declared there), -1 the rule failed for worker i (its error in
 * errors[r * stride + i], owned). Runs on either thread: it only reads the dossiers and
 * writes its own part of the arrays (two jobs may share them, each with its workers). */
typedef struct {
    kazi_lua_gen *g;
    const rule_cmp *rules;
    size_t nrules;
    int candidate;                      /* which side: the candidate's declarations, else live's */
    const kazi_record *const *dossiers; /* the page's */
    size_t off, n, stride;
    int *eligible;
    json_t **errors;
    kazi_lua_decision *dec; /* the job's own */
} side_job;

static int side_run(void *arg)
{
    side_job *j = arg;
    for (size_t r = 0; r < j->nrules; r++) {
        const rule_cmp *c = &j->rules[r];
        int *eligible = j->eligible + r * j->stride + j->off;
        json_t **errors = j->errors + r * j->stride + j->off;
        memset(errors, 0, j->n * sizeof *errors);
        if (!(j->candidate ? c->in_candidate : c->in_live)) {
            memset(eligible, 0, j->n * sizeof *eligible);
            continue;
        }
        if (!j->n) continue;
        /* only the decisions are compared: no JSON for what is missing */
        int rc = kazi_lua_records_count(j->dec, j->g, c->kind, c->id, j->dossiers + j->off, j->n);
        if (rc < 0) return rc;
        for (size_t i = 0; i < j->n; i++) {
            eligible[i] = j->dec[i].error ? -1 : j->dec[i].eligible;
            errors[i] = j->dec[i].error;
        }
    }
    return KAZI_OK;
}

/* The helper's share of a page: the candidate's rules for every worker, then live's for
 * the last workers (the reading of the next page is this thread's, so the helper takes
 * some of live's rules to even the two threads out). */
typedef struct {
    side_job *cand, *live_tail;
} helper_job;

static int helper_run(void *arg)
{
    helper_job *h = arg;
    int rc = side_run(h->cand);
    return rc < 0 ? rc : side_run(h->live_tail);
}

/* Of a page of n workers, how many the helper evaluates live's rules for: reading the
 * next page's dossiers (this thread's) costs about a quarter of one version's rules. */
static size_t helper_share(size_t n)
{
    return n < 2 ? 0 : n / 5 ? n / 5 : 1;
}

static void side_release(side_job *j)
{
    for (size_t k = 0; k < j->nrules * j->stride; k++) {
        json_decref(j->errors[k]);
        j->errors[k] = NULL;
    }
}

/* One page of active workers and their dossiers (owned). */
typedef struct {
    int64_t *ids;
    kazi_record **dossiers;
    size_t n;
} page;

/* The next page after *last (n 0: no more), its dossiers built; on this thread, which
 * owns the database connection. */
static int read_page(page *p, kazi_db *db, int64_t *last)
{
    int rc = kazi_store_person_active_ids(p->ids, &p->n, db, *last, KAZI_IMPACT_BATCH);
    if (rc < 0 || !p->n) {
        p->n = 0;
        return rc;
    }
    *last = p->ids[p->n - 1];
    if ((rc = kazi_dossier_records(p->dossiers, db, p->ids, p->n, NULL)) < 0)
        p->n = 0; /* nothing left in dossiers */
    return rc;
}

static void page_release(page *p)
{
    for (size_t i = 0; i < p->n; i++) {
        kazi_record_free(p->dossiers[i]);
        p->dossiers[i] = NULL;
    }
    p->n = 0;
}

/* Fields applying to people or positions required by the candidate and not by live. */
static int fields_now_required(json_t *list, kazi_db *db, const kazi_lua_gen *live,
                               const kazi_lua_gen *cand)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(kazi_lua_gen_catalogue(cand), "fields"), i, f)
    {
        if (!json_is_true(json_object_get(f, "required"))) continue;
        const char *id = json_string_value(json_object_get(f, "id"));
        const char *to = json_string_value(json_object_get(f, "applies_to"));
        if (!id || !to) continue;
        const json_t *was = kazi_lua_gen_find(live, "fields", id); /* ids are unique */
        const char *was_to = json_string_value(json_object_get(was, "applies_to"));
        if (was_to && !strcmp(was_to, to) && json_is_true(json_object_get(was, "required")))
            continue; /* required already */
        json_t *entry = json_pack("{s:s,s:s,s:O?}", "id", id, "applies_to", to, "label",
                                  json_object_get(f, "label"));
        if (!strcmp(to, "person") || !strcmp(to, "position")) {
            int64_t missing;
            int rc = kazi_store_custom_missing(&missing, db, to, id);
            if (rc < 0) {
                json_decref(entry);
                return rc;
            }
            json_object_set_new(entry, "invalid_records", json_integer(missing));
        } else {
            json_object_set_new(entry, "invalid_records", json_null()); /* not stored here */
        }
        json_array_append_new(list, entry);
    }
    return KAZI_OK;
}

int kazi_config_impact(json_t **out, kazi_db *db, const char *candidate_commit)
{
    const char *repo = kazi_config_repo();
    if (!repo) return kazi_error_set(KAZI_ERROR, NULL, "no configuration repository is configured");
    char commit[KAZI_OID_HEX];
    int rc = kazi_config_resolve(commit, repo, candidate_commit ? candidate_commit : "");
    if (rc < 0) return rc;

    kazi_lua_gen *live = kazi_lua_current(), *cand = NULL;
    if (!live && (rc = kazi_plugins_load_live(&live, repo, NULL)) < 0) return rc;
    kazi_config_source *src = NULL;
    if ((rc = kazi_config_source_commit(&src, repo, commit)) < 0) {
        kazi_lua_gen_unref(live);
        return rc;
    }
    void *prepared = NULL;
    rc = kazi_plugins_prepare(&prepared, src, NULL);
    kazi_config_source_free(src);
    if (rc < 0) {
        kazi_lua_gen_unref(live);
        return rc;
    }
    cand = prepared;

    json_t *result =
        json_pack("{s:s,s:s,s:i,s:[],s:[],s:[]}", "live", kazi_lua_gen_source_id(live), "candidate",
                  commit, "workers", 0, "certifications", "moves", "fields_now_required");
    rule_cmp *rules = NULL;
    size_t nrules = 0, cap = 0, workers = 0;
    side_job live_job = {0}, cand_job = {0}, live_tail = {0};
    helper_job both = {&cand_job, &live_tail};
    kazi_helper *helper = NULL;
    page pages[2] = {{0}};
    for (int k = 0; k < 2; k++) {
        pages[k].ids = malloc(KAZI_IMPACT_BATCH * sizeof *pages[k].ids);
        pages[k].dossiers = calloc(KAZI_IMPACT_BATCH, sizeof *pages[k].dossiers);
    }
    if (!result || !pages[0].ids || !pages[0].dossiers || !pages[1].ids || !pages[1].dossiers) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if ((rc = collect_rules(&rules, &nrules, &cap, "certification", "certifications", live, cand,
                            json_object_get(result, "certifications"))) < 0 ||
        (rc = collect_rules(&rules, &nrules, &cap, "move", "moves", live, cand,
                            json_object_get(result, "moves"))) < 0)
        goto done;
    side_job *sides[2] = {&live_job, &cand_job};
    for (int s = 0; s < 2; s++) {
        side_job *j = sides[s];
        j->g = s ? cand : live;
        j->rules = rules;
        j->nrules = nrules;
        j->candidate = s;
        j->eligible = malloc((nrules ? nrules : 1) * KAZI_IMPACT_BATCH * sizeof *j->eligible);
        j->errors = calloc((nrules ? nrules : 1) * KAZI_IMPACT_BATCH, sizeof *j->errors);
        j->dec = calloc(KAZI_IMPACT_BATCH, sizeof *j->dec);
        if (!j->eligible || !j->errors || !j->dec) {
            rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            goto done;
        }
    }
    live_tail = live_job; /* live's arrays, its own decisions */
    live_tail.dec = calloc(KAZI_IMPACT_BATCH, sizeof *live_tail.dec);
    if (!live_tail.dec) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    helper = kazi_helper_start(kazi_lua_thread_exit);

    /* A pipeline over two pages: while the helper evaluates the candidate's rules over
     * page k, this thread evaluates live's, then reads page k + 1; then page k is
     * compared. Where the time goes is logged at the end: reading (ids and dossiers,
     * overlapping the candidate's rules), the rules (from handing page k over until both
     * versions are done, reading included), comparing and writing the reply. */
    int64_t read_ns = 0, rules_ns = 0, compare_ns = 0, t0 = kazi_clock_mono_ns(), t1, t2;
    int64_t last = 0;
    int cur = 0;
    if ((rc = read_page(&pages[0], db, &last)) < 0) goto done;
    read_ns += kazi_clock_mono_ns() - t0;
    while (pages[cur].n) {
        page *p = &pages[cur];
        size_t n = p->n;
        t0 = kazi_clock_mono_ns();
        live_job.dossiers = cand_job.dossiers = live_tail.dossiers =
            (const kazi_record *const *)p->dossiers;
        live_job.stride = cand_job.stride = live_tail.stride = cand_job.n = n;
        size_t tail = helper ? helper_share(n) : 0;
        live_job.n = n - tail;
        live_tail.off = n - tail;
        live_tail.n = tail;
        if (helper) kazi_helper_post(helper, helper_run, &both);
        int rl = side_run(&live_job);
        t1 = kazi_clock_mono_ns();
        int rr = rl < 0 ? KAZI_OK : read_page(&pages[!cur], db, &last);
        t2 = kazi_clock_mono_ns();
        read_ns += t2 - t1;
        /* when several fail, the last error set is the one kept (each says what failed) */
        int rcand = helper             ? kazi_helper_wait(helper)
                    : rl < 0 || rr < 0 ? KAZI_OK
                                       : side_run(&cand_job);
        live_job.n = n; /* both parts of live's, for releasing and comparing */
        if (rl < 0 || rr < 0 || rcand < 0) {
            side_release(&live_job);
            side_release(&cand_job);
            rc = rcand < 0 ? rcand : rr < 0 ? rr : rl;
            goto done;
        }
        t1 = kazi_clock_mono_ns();
        rules_ns += t1 - t0;
        const int64_t *ids = p->ids;
        kazi_record **dossiers = p->dossiers;
        for (size_t r = 0; r < nrules; r++) {
            rule_cmp *c = &rules[r];
            const int *before = live_job.eligible + r * n, *after = cand_job.eligible + r * n;
            json_t **lerr = live_job.errors + r * n, **cerr = cand_job.errors + r * n;
            /* a rule error stays with its worker: counted, not fatal (the entry owns it) */
            for (size_t i = 0; i < n; i++)
                if (lerr[i]) add_error(c->entry, "live_errors", lerr[i], dossiers[i], ids[i]);
            for (size_t i = 0; i < n; i++)
                if (cerr[i]) add_error(c->entry, "errors", cerr[i], dossiers[i], ids[i]);
            memset(lerr, 0, n * sizeof *lerr);
            memset(cerr, 0, n * sizeof *cerr);
            for (size_t i = 0; i < n; i++) {
                if (before[i] < 0 || after[i] < 0) continue; /* no decision to compare */
                if (after[i] && !before[i]) add_count(c->entry, "gain", dossiers[i], ids[i]);
                if (before[i] && !after[i]) add_count(c->entry, "lose", dossiers[i], ids[i]);
            }
        }
        page_release(p);
        workers += n;
        cur = !cur;
        compare_ns += kazi_clock_mono_ns() - t1;
    }
    kazi_log(KAZI_LOG_INFO, "\"event\":\"config_impact\"",
             "impact of %s over %zu workers: reading %lld ms, rules %lld ms (%s), comparing %lld "
             "ms",
             commit, workers, (long long)(read_ns / 1000000), (long long)(rules_ns / 1000000),
             helper ? "two threads" : "one thread", (long long)(compare_ns / 1000000));
    json_object_set_new(result, "workers", json_integer((json_int_t)workers));
    rc = fields_now_required(json_object_get(result, "fields_now_required"), db, live, cand);

done:
    kazi_helper_stop(helper);
    for (int k = 0; k < 2; k++) {
        if (pages[k].dossiers) page_release(&pages[k]);
        free(pages[k].dossiers);
        free(pages[k].ids);
    }
    for (int s = 0; s < 2; s++) {
        side_job *j = s ? &cand_job : &live_job;
        free(j->eligible);
        free(j->errors);
        free(j->dec);
    }
    free(live_tail.dec);
    free(rules);
    kazi_lua_gen_unref(cand);
    kazi_lua_gen_unref(live);
    if (rc < 0) {
        json_decref(result);
        return rc;
    }
    *out = result;
    return KAZI_OK;
}
