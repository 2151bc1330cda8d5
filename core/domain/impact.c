/*
 * impact — see impact.h. Walks the active workers in pages of KAZI_IMPACT_BATCH: one
 * dossier build per page (kazi_dossier_build_many), then one entry into Lua per rule and
 * generation (kazi_lua_rules_eval), comparing the two decisions worker by worker.
 */
#include "domain/impact.h"

#include "config/repo.h"
#include "domain/dossier.h"
#include "domain/plugins.h"
#include "lua/runtime.h"
#include "store/registry.h"
#include "util/error.h"

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

static void add_count(json_t *entry, const char *key, json_t *dossier, int64_t pid)
{
    json_t *v = json_object_get(entry, key);
    json_integer_set(v, json_integer_value(v) + 1);
    char sk[32];
    snprintf(sk, sizeof sk, "%s_sample", key);
    json_t *sample = json_object_get(entry, sk);
    if (json_array_size(sample) >= KAZI_IMPACT_SAMPLE) return;
    const json_t *p = json_object_get(dossier, "person");
    char name[512];
    const char *g = json_string_value(json_object_get(p, "given_name"));
    const char *f = json_string_value(json_object_get(p, "family_name"));
    snprintf(name, sizeof name, "%s %s", g ? g : "", f ? f : "");
    json_array_append_new(sample,
                          json_pack("{s:I,s:s}", "person_id", (json_int_t)pid, "name", name));
}

/* A rule that failed for one worker: counted under `key` ("errors" for the candidate,
 * "live_errors"), with a sample naming the worker and the rule's file, line and message. */
static void add_error(json_t *entry, const char *key, json_t *error, json_t *dossier, int64_t pid)
{
    json_t *v = json_object_get(entry, key);
    json_integer_set(v, json_integer_value(v) + 1);
    json_t *sample = json_object_get(entry, "error_sample");
    if (json_array_size(sample) >= KAZI_IMPACT_SAMPLE) {
        json_decref(error);
        return;
    }
    const json_t *p = json_object_get(dossier, "person");
    char name[512];
    const char *g = json_string_value(json_object_get(p, "given_name"));
    const char *f = json_string_value(json_object_get(p, "family_name"));
    snprintf(name, sizeof name, "%s %s", g ? g : "", f ? f : "");
    json_object_set_new(error, "person_id", json_integer((json_int_t)pid));
    json_object_set_new(error, "name", json_string(name));
    json_object_set_new(error, "version",
                        json_string(strcmp(key, "errors") ? "live" : "candidate"));
    json_array_append_new(sample, error);
}

/* Decisions of one rule under generation g for the page (all 0 when not declared):
 * 1 eligible, 0 not, -1 the rule failed for that worker (counted in the entry). */
static int decide(int *eligible, kazi_lua_decision *dec, kazi_lua_gen *g, rule_cmp *c, int declared,
                  json_t **dossiers, const int64_t *ids, size_t n, const char *errkey)
{
    if (!declared) {
        memset(eligible, 0, n * sizeof *eligible);
        return KAZI_OK;
    }
    /* only the decisions are compared: no JSON for what is missing */
    int rc = kazi_lua_rules_count(dec, g, c->kind, c->id, dossiers, n);
    if (rc < 0) return rc;
    for (size_t i = 0; i < n; i++) {
        eligible[i] = dec[i].eligible;
        if (dec[i].error) { /* a rule error stays with its worker: counted, not fatal */
            eligible[i] = -1;
            add_error(c->entry, errkey, dec[i].error, dossiers[i], ids[i]);
        }
    }
    return KAZI_OK;
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
    size_t nrules = 0, cap = 0, n = 0, workers = 0;
    int64_t *ids = malloc(KAZI_IMPACT_BATCH * sizeof *ids);
    json_t **dossiers = calloc(KAZI_IMPACT_BATCH, sizeof *dossiers);
    kazi_lua_decision *dec = calloc(KAZI_IMPACT_BATCH, sizeof *dec);
    int *before = malloc(KAZI_IMPACT_BATCH * sizeof *before);
    int *after = malloc(KAZI_IMPACT_BATCH * sizeof *after);
    if (!result || !ids || !dossiers || !dec || !before || !after) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if ((rc = collect_rules(&rules, &nrules, &cap, "certification", "certifications", live, cand,
                            json_object_get(result, "certifications"))) < 0 ||
        (rc = collect_rules(&rules, &nrules, &cap, "move", "moves", live, cand,
                            json_object_get(result, "moves"))) < 0)
        goto done;

    int64_t last = 0;
    for (;;) {
        if ((rc = kazi_store_person_active_ids(ids, &n, db, last, KAZI_IMPACT_BATCH)) < 0)
            goto done;
        if (!n) break;
        last = ids[n - 1];
        if ((rc = kazi_dossier_build_many(dossiers, db, ids, n, NULL)) < 0) {
            n = 0; /* nothing left in dossiers */
            goto done;
        }
        for (size_t r = 0; r < nrules; r++) {
            rule_cmp *c = &rules[r];
            if ((rc = decide(before, dec, live, c, c->in_live, dossiers, ids, n, "live_errors")) <
                    0 ||
                (rc = decide(after, dec, cand, c, c->in_candidate, dossiers, ids, n, "errors")) < 0)
                goto done;
            for (size_t i = 0; i < n; i++) {
                if (before[i] < 0 || after[i] < 0) continue; /* no decision to compare */
                if (after[i] && !before[i]) add_count(c->entry, "gain", dossiers[i], ids[i]);
                if (before[i] && !after[i]) add_count(c->entry, "lose", dossiers[i], ids[i]);
            }
        }
        for (size_t i = 0; i < n; i++) {
            json_decref(dossiers[i]);
            dossiers[i] = NULL;
        }
        workers += n;
        n = 0;
    }
    json_object_set_new(result, "workers", json_integer((json_int_t)workers));
    rc = fields_now_required(json_object_get(result, "fields_now_required"), db, live, cand);

done:
    if (dossiers)
        for (size_t i = 0; i < n; i++)
            json_decref(dossiers[i]);
    free(dossiers);
    free(dec);
    free(before);
    free(after);
    free(ids);
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
