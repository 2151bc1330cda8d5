/*
 * runtime — generations, the per-thread state pool and the calls into Lua.
 * See runtime.h for the contracts.
 */
#include "lua/internal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strmap.h"

#include <pthread.h>
#include <stdatomic.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MEMORY            (64u << 20)
#define DEFAULT_INSTRUCTIONS      20000000
#define DEFAULT_LOAD_INSTRUCTIONS 500000000

struct kazi_lua_gen {
    atomic_int refs;
    uint64_t number;
    kazi_config_source *config, *plugins;
    kazi_lua_limits limits;
    json_t *catalogue;
    kazi_strmap index; /* "<kind>\x1f<id>" -> the entry's position in its array */
};

static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static kazi_lua_gen *active;
static atomic_uint_fast64_t gen_counter;

/* This thread's states: one per generation for the last SLOTS generations it served,
 * the most recent first, so that work alternating between two generations (the impact
 * preview: live and candidate, rule after rule) does not rebuild a state at every turn. */
#define SLOTS 2
typedef struct {
    kazi_lua_gen *gen;
    lua_State *L;
    kazi_lstate *ls;
} state_slot;
static _Thread_local state_slot slots[SLOTS];
static _Thread_local uint64_t states_built;

static void state_close(lua_State *L, kazi_lstate *ls)
{
    if (L) kazi_sandbox_close(L);
    if (ls) json_decref(ls->catalogue);
    free(ls);
}

/* A new state for g with every file loaded. With keep_catalogue, *catalogue receives
 * the declarations (checked). */
static int state_open(lua_State **outL, kazi_lstate **outls, kazi_lua_gen *g, json_t **catalogue)
{
    kazi_lstate *ls = calloc(1, sizeof *ls);
    if (!ls) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    ls->config = g->config;
    ls->plugins = g->plugins;
    ls->mem_limit = g->limits.memory;
    ls->max_instructions = g->limits.instructions;
    ls->load_instructions = g->limits.load_instructions;
    ls->exact_budget = g->limits.exact_budget;
    ls->time_ms = g->limits.time_ms;
    ls->batch_time_ms = g->limits.batch_time_ms;
    ls->load_time_ms = g->limits.load_time_ms;
    ls->catalogue = kazi_api_catalogue_new();
    lua_State *L = kazi_sandbox_new(ls);
    if (!L) {
        state_close(NULL, ls);
        return kazi_error_set(KAZI_ERROR, NULL, "cannot create a Lua state (out of memory)");
    }
    int rc = kazi_sandbox_load_all(L);
    if (rc == KAZI_OK && catalogue) rc = kazi_api_check(ls->catalogue);
    if (rc < 0) {
        state_close(L, ls);
        return rc;
    }
    if (catalogue) *catalogue = json_incref(ls->catalogue);
    json_decref(ls->catalogue);
    ls->catalogue = NULL;
    ls->catalogue_ro = g->catalogue;
    ls->gen = g;
    lua_gc(L, LUA_GCCOLLECT);
    states_built++;
    *outL = L;
    *outls = ls;
    return KAZI_OK;
}

/* The index key of entry `id` of `kind` into buf; 0 when it does not fit. */
static int index_key(char *buf, size_t size, const char *kind, const char *id)
{
    int n = snprintf(buf, size, "%s\x1f%s", kind, id);
    return n > 0 && (size_t)n < size;
}

/* The declared arrays of the catalogue whose entries are named by "id" ("levels" are the
 * country's), each of them looked up by kind and id. */
static const json_t *index_list(const json_t *cat, const char *kind)
{
    if (!strcmp(kind, "levels")) return json_object_get(json_object_get(cat, "country"), "levels");
    return json_object_get(cat, kind);
}

/*
 * Index every entry with a text "id" of every array of the catalogue (and the country's
 * levels), the first of equal ids winning as a scan from the start would. Built once,
 * before the generation is shared; afterwards only read, from any thread.
 */
static int index_build(kazi_strmap *m, const json_t *cat)
{
    char key[KAZI_LUA_ID_KEY_MAX];
    const char *kind;
    json_t *list;
    json_object_foreach((json_t *)cat, kind, list)
    {
        if (!json_is_array(list) || !strcmp(kind, "levels")) continue;
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e)
        {
            const char *id = json_string_value(json_object_get(e, "id"));
            if (id && index_key(key, sizeof key, kind, id) &&
                kazi_strmap_put(m, key, (int64_t)i) < 0)
                return KAZI_ERROR;
        }
    }
    size_t i;
    json_t *e;
    json_array_foreach(index_list(cat, "levels"), i, e)
    {
        const char *id = json_string_value(json_object_get(e, "id"));
        if (id && index_key(key, sizeof key, "levels", id) &&
            kazi_strmap_put(m, key, (int64_t)i) < 0)
            return KAZI_ERROR;
    }
    return KAZI_OK;
}

const json_t *kazi_lua_gen_find(const kazi_lua_gen *g, const char *kind, const char *id)
{
    char key[KAZI_LUA_ID_KEY_MAX];
    int64_t at;
    if (!g || !kind || !id || !index_key(key, sizeof key, kind, id) ||
        !kazi_strmap_get(&g->index, key, &at))
        return NULL;
    return json_array_get(index_list(g->catalogue, kind), (size_t)at);
}

int kazi_lua_gen_build(kazi_lua_gen **out, kazi_config_source *config, kazi_config_source *plugins,
                       const kazi_lua_limits *limits)
{
    kazi_lua_gen *g = calloc(1, sizeof *g);
    if (!g) {
        kazi_config_source_free(config);
        kazi_config_source_free(plugins);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    atomic_init(&g->refs, 1);
    g->config = config;
    g->plugins = plugins;
    if (limits) g->limits = *limits;
    if (!g->limits.memory) g->limits.memory = DEFAULT_MEMORY;
    if (!g->limits.instructions) g->limits.instructions = DEFAULT_INSTRUCTIONS;
    if (!g->limits.load_instructions) g->limits.load_instructions = DEFAULT_LOAD_INSTRUCTIONS;
    lua_State *L;
    kazi_lstate *ls;
    json_t *cat = NULL;
    int rc = state_open(&L, &ls, g, &cat);
    if (rc < 0) {
        kazi_lua_gen_unref(g);
        return rc;
    }
    state_close(L, ls);
    g->catalogue = cat;
    if ((rc = index_build(&g->index, cat)) < 0) {
        kazi_lua_gen_unref(g);
        return rc;
    }
    g->number = atomic_fetch_add(&gen_counter, 1) + 1;
    *out = g;
    return KAZI_OK;
}

kazi_lua_gen *kazi_lua_gen_ref(kazi_lua_gen *g)
{
    if (g) atomic_fetch_add(&g->refs, 1);
    return g;
}

void kazi_lua_gen_unref(kazi_lua_gen *g)
{
    if (!g || atomic_fetch_sub(&g->refs, 1) != 1) return;
    kazi_config_source_free(g->config);
    kazi_config_source_free(g->plugins);
    json_decref(g->catalogue);
    kazi_strmap_free(&g->index);
    free(g);
}

const json_t *kazi_lua_gen_catalogue(const kazi_lua_gen *g)
{
    return g->catalogue;
}

const char *kazi_lua_gen_source_id(const kazi_lua_gen *g)
{
    return g->config ? g->config->id : (g->plugins ? g->plugins->id : "");
}

uint64_t kazi_lua_gen_number(const kazi_lua_gen *g)
{
    return g->number;
}

void kazi_lua_activate(kazi_lua_gen *g)
{
    kazi_lua_gen_ref(g);
    pthread_mutex_lock(&active_lock);
    kazi_lua_gen *old = active;
    active = g;
    pthread_mutex_unlock(&active_lock);
    kazi_lua_gen_unref(old);
}

kazi_lua_gen *kazi_lua_current(void)
{
    pthread_mutex_lock(&active_lock);
    kazi_lua_gen *g = kazi_lua_gen_ref(active);
    pthread_mutex_unlock(&active_lock);
    return g;
}

void kazi_lua_shutdown(void)
{
    kazi_lua_activate(NULL);
}

static void slot_close(state_slot *s)
{
    state_close(s->L, s->ls);
    kazi_lua_gen_unref(s->gen);
    s->L = NULL;
    s->ls = NULL;
    s->gen = NULL;
}

/* Discard the state used last (state_for puts it first). */
static void slot_drop(void)
{
    slot_close(&slots[0]);
}

void kazi_lua_thread_exit(void)
{
    for (int i = 0; i < SLOTS; i++)
        slot_close(&slots[i]);
    kazi_sandbox_thread_exit();
    kazi_report_thread_close();
}

void kazi_lua_thread_watch_counts(uint64_t *unhooked, uint64_t *counted)
{
    kazi_sandbox_watch_counts(unhooked, counted);
}

uint64_t kazi_lua_thread_states_built(void)
{
    return states_built;
}

/* This thread's state for g (built on first use or after a failure). */
static int state_for(lua_State **out, kazi_lua_gen *g)
{
    int hit = 0;
    while (hit < SLOTS && !(slots[hit].gen == g && slots[hit].L))
        hit++;
    if (hit == SLOTS) { /* not kept: the least recently used slot makes room */
        hit = SLOTS - 1;
        slot_close(&slots[hit]);
    }
    state_slot s = slots[hit];
    memmove(&slots[1], &slots[0], (size_t)hit * sizeof slots[0]);
    slots[0] = s; /* most recent first */
    if (slots[0].L) {
        *out = slots[0].L;
        return KAZI_OK;
    }
    lua_State *L;
    kazi_lstate *ls;
    int rc = state_open(&L, &ls, g, NULL);
    if (rc < 0) return rc;
    slots[0].gen = kazi_lua_gen_ref(g);
    slots[0].L = L;
    slots[0].ls = ls;
    *out = L;
    return KAZI_OK;
}

/* Resolve NULL to the active generation; *pinned gets the reference to drop. */
static int pin(kazi_lua_gen **g, kazi_lua_gen **pinned)
{
    *pinned = NULL;
    if (*g) return KAZI_OK;
    *g = *pinned = kazi_lua_current();
    if (!*g) return kazi_error_set(KAZI_EBUSY, NULL, "no configuration is loaded");
    return KAZI_OK;
}

/* After a call failed the state may hold anything: discard it; the next call rebuilds. */
static int failed(int rc)
{
    kazi_log(KAZI_LOG_WARN, "\"event\":\"plugin_failed\"", "plugin failed, state discarded: %s",
             kazi_error_last()->message);
    slot_drop();
    return rc;
}

static int push_fn(lua_State *L, const char *key)
{
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_FNS);
    int t = lua_getfield(L, -1, key);
    lua_remove(L, -2);
    return t;
}

/* ---- rules ------------------------------------------------------------------------ */

/* Every entry into Lua below runs as a protected C function (through
 * kazi_sandbox_call, so under the budget and with file:line errors): nothing that
 * allocates in Lua happens outside a pcall, and JSON made along the way is owned by
 * proxies the collector frees if a call fails half-way. */

typedef struct {
    const char *key;
    const kazi_record *const *dossiers;
    size_t n;
    kazi_lua_decision *out;
    size_t done;
    size_t nerrors; /* dossiers whose rule failed (their out[i].error) */
    int found;
    int two_args;
    int counts; /* kazi_lua_rules_count: no JSON for what is missing */
} rule_job;

/* The last error as one item's {file, line, message}. */
static json_t *item_error(void)
{
    const kazi_error *e = kazi_error_last();
    return json_pack("{s:s?,s:o,s:s}", "file", e->field[0] ? e->field : NULL, "line",
                     e->line > 0 ? json_integer(e->line) : json_null(), "message", e->message);
}

/* A rule's answer that is not ok, missing: an error of that item at the rule's
 * definition (the function at fn). */
static void answer_error(lua_State *L, int fn, const char *key, const char *err)
{
    lua_Debug ar;
    lua_pushvalue(L, fn);
    int known = lua_getinfo(L, ">S", &ar) && ar.linedefined > 0;
    kazi_error_set_slug(KAZI_EPLUGIN, "plugin_error", known ? ar.short_src : NULL,
                        "%s%s%d%srule %s %s", known ? ar.short_src : "", known ? ":" : "",
                        known ? ar.linedefined : 0, known ? ": " : "", key, err);
    if (known) kazi_error_set_position(ar.linedefined, 0);
}

static int rule_protected(lua_State *L)
{
    rule_job *j = lua_touserdata(L, 1);
    if (push_fn(L, j->key) != LUA_TFUNCTION) return 0;
    j->found = 1;
    int fn = lua_gettop(L);
    /* where the rule is defined, read once for the batch (errors name it) */
    char where[160] = "";
    lua_Debug ar;
    lua_pushvalue(L, fn);
    if (lua_getinfo(L, ">S", &ar) && ar.linedefined > 0)
        snprintf(where, sizeof where, "%s:%d", ar.short_src, ar.linedefined);
    /* the upvalues the rule reaches, put back after every dossier */
    int restore = kazi_freeze_push_restore(L, fn);
    for (size_t i = 0; i < j->n; i++) {
        /* A batch reads dossiers built elsewhere, so cold in the cache: start loading the
         * next ones while this one is evaluated (a record is one allocation: the head of
         * the one after next, then all of the next one's, up to 1 KiB). */
        if (i + 4 < j->n) __builtin_prefetch(j->dossiers[i + 4]);
        if (i + 2 < j->n) {
            const kazi_record *r = j->dossiers[i + 2];
            size_t size = sizeof *r + r->nnodes * sizeof(kazi_rnode) + r->ntext;
            for (size_t at = 0; at < size && at < 1024; at += 64)
                __builtin_prefetch((const char *)r + at);
        }
        kazi_sandbox_item_begin(L); /* each dossier: the whole budget and time limit */
        kazi_lua_decision *d = &j->out[i];
        d->eligible = 0;
        d->missing = NULL;
        d->nmissing = 0;
        d->error = NULL;
        int rc;
        if (j->two_args) {
            /* supervision rules: rule(worker, supervisor) from {worker=..., supervisor=...} */
            kazi_record_push_scoped(L, j->dossiers[i]);
            lua_pushvalue(L, fn);
            lua_getfield(L, restore + 1, "worker");
            lua_getfield(L, restore + 1, "supervisor");
            rc = kazi_sandbox_item_call(L, 2, 2, where[0] ? where : NULL);
            lua_remove(L, restore + 1);
        } else {
            lua_pushvalue(L, fn);
            kazi_record_push_scoped(L, j->dossiers[i]);
            rc = kazi_sandbox_item_call(L, 1, 2, where[0] ? where : NULL);
        }
        kazi_freeze_restore(L, restore); /* nothing this dossier did is seen by the next */
        if (rc == KAZI_OK) {
            char err[200];
            if (j->counts) {
                if (kazi_api_rule_count(L, restore + 1, &d->eligible, &d->nmissing, err,
                                        sizeof err) < 0)
                    rc = KAZI_EPLUGIN;
            } else if (kazi_api_rule_collect(L, restore + 1, &d->eligible, &d->missing, err,
                                             sizeof err) < 0) {
                rc = KAZI_EPLUGIN;
            } else {
                d->nmissing = json_array_size(d->missing);
            }
            if (rc < 0) answer_error(L, fn, j->key, err);
        }
        /* Only now: what the rule returned may hold parts of its dossier (copied above). */
        kazi_record_scope_end(L);
        if (rc < 0) {
            /* this dossier's rule failed: its item says so, the others still answer */
            json_decref(d->missing);
            d->missing = NULL;
            d->eligible = 0;
            d->nmissing = 0;
            d->error = item_error();
            j->nerrors++;
        }
        j->done = i + 1;
        lua_settop(L, restore);
    }
    return 0;
}

static int rules_eval(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                      const kazi_record *const *dossiers, size_t n, int counts)
{
    if (strcmp(kind, "certification") != 0 && strcmp(kind, "move") != 0 &&
        strcmp(kind, "supervision") != 0)
        return kazi_error_set(KAZI_EINVALID, "kind",
                              "a rule is a certification, a move or a supervision, not '%s'", kind);
    for (size_t i = 0; i < n; i++)
        if (dossiers[i]->nodes[0].type != KAZI_RN_OBJECT)
            return kazi_error_set(KAZI_EINVALID, "dossier", "dossier %zu is not a JSON object", i);
    lua_State *L;
    int rc = state_for(&L, g);
    if (rc < 0) return rc;
    char key[200];
    snprintf(key, sizeof key, "%s:%s", kind, id);
    rule_job j = {key, dossiers, n, out, 0, 0, 0, !strcmp(kind, "supervision"), counts};
    lua_pushcfunction(L, rule_protected);
    lua_pushlightuserdata(L, &j);
    rc = n > 1 ? kazi_sandbox_call_batch(L, 1, 0) : kazi_sandbox_call(L, 1, 0);
    if (rc < 0) {
        for (size_t i = 0; i < j.done; i++) {
            json_decref(out[i].missing);
            json_decref(out[i].error);
        }
        return failed(rc);
    }
    if (j.nerrors) {
        size_t first = 0;
        while (first < n && !out[first].error)
            first++;
        kazi_log(KAZI_LOG_WARN, "\"event\":\"rule_failed\"",
                 "rule %s failed for %zu of %zu dossiers (first: %s)", key, j.nerrors, n,
                 json_string_value(json_object_get(out[first].error, "message")));
    }
    if (!j.found) return kazi_error_set(KAZI_ENOTFOUND, "id", "no %s '%s' is declared", kind, id);
    const char *source = kazi_lua_gen_source_id(g);
    for (size_t i = 0; i < n; i++)
        out[i].source = source;
    return KAZI_OK;
}

int kazi_lua_decision_error(const kazi_lua_decision *d)
{
    const json_t *e = d->error;
    const char *file = json_string_value(json_object_get(e, "file"));
    int rc = kazi_error_set_slug(KAZI_EPLUGIN, "plugin_error", file, "%s",
                                 json_string_value(json_object_get(e, "message")));
    json_int_t line = json_integer_value(json_object_get(e, "line"));
    if (line > 0) kazi_error_set_position((int)line, 0);
    return rc;
}

/* The JSON dossiers as records (the callers that have JSON: single decisions, tests). */
static int json_rules(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                      json_t *const *dossiers, size_t n, int counts)
{
    kazi_record **recs = calloc(n ? n : 1, sizeof *recs);
    int rc = recs ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (size_t i = 0; rc == KAZI_OK && i < n; i++) {
        if (!json_is_object(dossiers[i]))
            rc = kazi_error_set(KAZI_EINVALID, "dossier", "dossier %zu is not a JSON object", i);
        else
            rc = kazi_record_from_json(&recs[i], dossiers[i]);
    }
    if (rc == KAZI_OK)
        rc = rules_eval(out, g, kind, id, (const kazi_record *const *)recs, n, counts);
    for (size_t i = 0; recs && i < n; i++)
        kazi_record_free(recs[i]);
    free(recs);
    return rc;
}

int kazi_lua_rules_eval(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                        json_t *const *dossiers, size_t n)
{
    return json_rules(out, g, kind, id, dossiers, n, 0);
}

int kazi_lua_rules_count(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                         json_t *const *dossiers, size_t n)
{
    return json_rules(out, g, kind, id, dossiers, n, 1);
}

int kazi_lua_records_eval(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind, const char *id,
                          const kazi_record *const *dossiers, size_t n)
{
    return rules_eval(out, g, kind, id, dossiers, n, 0);
}

int kazi_lua_records_count(kazi_lua_decision *out, kazi_lua_gen *g, const char *kind,
                           const char *id, const kazi_record *const *dossiers, size_t n)
{
    return rules_eval(out, g, kind, id, dossiers, n, 1);
}

int kazi_lua_rule(json_t **out, kazi_lua_gen *g, const char *kind, const char *id,
                  const json_t *dossier)
{
    kazi_lua_gen *pinned;
    int rc = pin(&g, &pinned);
    if (rc < 0) return rc;
    if (!json_is_object(dossier)) {
        rc = kazi_error_set(KAZI_EINVALID, "dossier", "the dossier must be a JSON object");
        goto done;
    }
    kazi_lua_decision dec;
    json_t *d = (json_t *)dossier;
    if ((rc = kazi_lua_rules_eval(&dec, g, kind, id, &d, 1)) < 0) goto done;
    if (dec.error) { /* one rule, one dossier: its error is the call's */
        rc = failed(kazi_lua_decision_error(&dec));
        json_decref(dec.error);
        goto done;
    }
    *out = json_pack("{s:s,s:s,s:b,s:o,s:s,s:I}", "kind", kind, "id", id, "eligible", dec.eligible,
                     "missing", dec.missing, "source", dec.source, "generation",
                     (json_int_t)g->number);
done:
    kazi_lua_gen_unref(pinned);
    return rc;
}

/* ---- supervision ------------------------------------------------------------------ */

/* Who may supervise whom is domain/supervision's decision; t.supervision asks it. */
static _Atomic(kazi_lua_supervisors_fn) supervisors_check;

void kazi_lua_set_supervisors_check(kazi_lua_supervisors_fn fn)
{
    atomic_store(&supervisors_check, fn);
}

/* ---- hooks and custom fields --------------------------------------------------------- */

static const char *label_en(const json_t *f)
{
    const json_t *l = json_object_get(f, "label");
    if (json_is_string(l)) return json_string_value(l);
    const char *en = json_string_value(json_object_get(l, "en"));
    if (en) return en;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)l, k, v) return json_string_value(v);
    return json_string_value(json_object_get(f, "id"));
}

int kazi_lua_option_allowed(const json_t *opts, const json_t *v)
{
    size_t i;
    json_t *o;
    json_array_foreach(opts, i, o)
    {
        const json_t *oid = json_is_object(o) ? json_object_get(o, "id") : o;
        if (json_equal((json_t *)oid, (json_t *)v)) return 1;
    }
    return 0;
}

static int valid_date(const char *s)
{
    return kazi_clock_date_valid(s, 1900, 2200);
}

/* Custom field values are checked by the domain's one check (kazi_lua_set_field_check). */
static _Atomic(kazi_lua_field_check_fn) field_check;

void kazi_lua_set_field_check(kazi_lua_field_check_fn fn)
{
    atomic_store(&field_check, fn);
}

static int choice_declared(const json_t *list, const char *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        const char *cid =
            json_is_string(c) ? json_string_value(c) : json_string_value(json_object_get(c, "id"));
        if (cid && !strcmp(cid, id)) return 1;
    }
    return 0;
}

/* A person's education and identifier types, when the country declares its own lists
 * (kazi.country{education, identifiers}): pushes false, field, message and answers 3
 * for the first one not declared; 0 when all are. */
static int check_declared_choices(lua_State *L, const json_t *cat, const json_t *rec)
{
    const json_t *country = json_object_get(cat, "country");
    const json_t *edu = json_object_get(country, "education");
    const json_t *types = json_object_get(country, "identifiers");
    const char *e = json_string_value(json_object_get(rec, "education"));
    if (json_array_size(edu) && e && *e && !choice_declared(edu, e)) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "education");
        lua_pushfstring(L, "education: '%s' is not one of the country's education levels", e);
        return 3;
    }
    size_t i;
    json_t *id;
    json_array_foreach(json_object_get(rec, "identifiers"), i, id)
    {
        const char *t = json_string_value(json_object_get(id, "type"));
        if (!json_array_size(types) || !t || choice_declared(types, t)) continue;
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "identifiers");
        lua_pushfstring(L, "identifiers: '%s' is not an identifier type the country declares", t);
        return 3;
    }
    return 0;
}

/* Validate `rec` (proxy at stack index ri) for event: custom fields of the event's
 * kind, then the hooks in declaration order. Pushes true, or false, field, message.
 * Raises when a validate function or hook fails. */
static int hook_core(lua_State *L, const char *event, json_t *rec, int ri)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    const char *dot = strchr(event, '.');
    if (dot && !strcmp(dot, ".validate")) {
        size_t i, klen = (size_t)(dot - event);
        json_t *f;
        const json_t *values = json_object_get(rec, "fields");
        if (values && !json_is_object(values) &&
            !(json_is_array(values) && !json_array_size(values))) {
            lua_pushboolean(L, 0);
            lua_pushliteral(L, "fields");
            lua_pushliteral(L, "fields must be an object of custom field values");
            return 3;
        }
        if (klen == 6 && !strncmp(event, "person", 6)) {
            int n = check_declared_choices(L, ls->catalogue_ro, rec);
            if (n) return n;
        }
        char kind[32];
        snprintf(kind, sizeof kind, "%.*s", (int)klen, event);
        /* the kinds a kazi.field may apply to have their custom values checked */
        int custom = !strcmp(kind, "person") || !strcmp(kind, "position");
        kazi_lua_field_check_fn check = atomic_load(&field_check);
        if (custom && !check)
            return luaL_error(L, "custom fields cannot be checked: no field check");
        int crc = custom ? check(json_object_get(ls->catalogue_ro, "fields"), kind,
                                 json_is_object(values) ? values : NULL, "fields")
                         : KAZI_OK;
        if (crc < 0) {
            if (crc != KAZI_EINVALID) return luaL_error(L, "%s", kazi_error_last()->message);
            lua_pushboolean(L, 0);
            lua_pushstring(L, kazi_error_last()->field);
            lua_pushstring(L, kazi_error_last()->message);
            return 3;
        }
        json_array_foreach(json_object_get(ls->catalogue_ro, "fields"), i, f)
        {
            const char *applies = json_string_value(json_object_get(f, "applies_to"));
            if (!applies || strlen(applies) != klen || strncmp(applies, event, klen)) continue;
            const char *fid = json_string_value(json_object_get(f, "id"));
            json_t *v = json_object_get(values, fid);
            /* present values have passed the domain's check; now their pattern and rule */
            if (!v || json_is_null(v) || (json_is_string(v) && !json_string_length(v))) continue;
            char msg[400];
            int rc = KAZI_OK;
            const char *pattern = json_string_value(json_object_get(f, "pattern"));
            if (pattern && json_is_string(v)) {
                lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_GLOBAL);
                lua_getfield(L, -1, "string");
                lua_getfield(L, -1, "find");
                lua_pushstring(L, json_string_value(v));
                lua_pushstring(L, pattern);
                lua_call(L, 2, 1);
                int found = !lua_isnil(L, -1);
                lua_pop(L, 3);
                if (!found) {
                    snprintf(msg, sizeof msg, "%s does not have the expected form", label_en(f));
                    rc = KAZI_EINVALID;
                }
            }
            if (rc == KAZI_OK && json_is_true(json_object_get(f, "has_rule"))) {
                char key[200];
                snprintf(key, sizeof key, "field:%s", fid);
                push_fn(L, key);
                kazi_json_push_proxy(L, v, 1);
                lua_pushvalue(L, ri);
                lua_call(L, 2, 2);
                if (!lua_toboolean(L, -2)) {
                    snprintf(msg, sizeof msg, "%s %s", label_en(f),
                             lua_isstring(L, -1) ? lua_tostring(L, -1) : "is not valid");
                    rc = KAZI_EINVALID;
                }
                lua_pop(L, 2);
            }
            if (rc == KAZI_OK) continue;
            lua_pushboolean(L, 0);
            lua_pushfstring(L, "fields.%s", fid);
            lua_pushstring(L, msg);
            return 3;
        }
    }
    char key[200];
    snprintf(key, sizeof key, "hook:%s", event);
    if (push_fn(L, key) == LUA_TTABLE) {
        int hooks = lua_gettop(L);
        lua_Integer n = (lua_Integer)lua_rawlen(L, hooks);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, hooks, i);
            lua_pushvalue(L, ri);
            lua_call(L, 1, 3);
            if (lua_type(L, -3) == LUA_TBOOLEAN && !lua_toboolean(L, -3)) {
                if (!lua_isstring(L, -1)) {
                    lua_pop(L, 1);
                    lua_pushliteral(L, "the record is not valid");
                }
                return 3;
            }
            lua_pop(L, 3);
        }
    }
    lua_pushboolean(L, 1);
    return 1;
}

typedef struct {
    const char *event;
    json_t *record;
    int ok;
    char field[64];
    char message[400];
} hook_job;

static int hook_protected(lua_State *L)
{
    hook_job *j = lua_touserdata(L, 1);
    kazi_json_push_proxy(L, j->record, 1);
    int n = hook_core(L, j->event, j->record, lua_gettop(L));
    kazi_freeze_restore_all(L);
    j->ok = n == 1;
    if (!j->ok) {
        snprintf(j->field, sizeof j->field, "%s", lua_isstring(L, -2) ? lua_tostring(L, -2) : "");
        snprintf(j->message, sizeof j->message, "%s", lua_tostring(L, -1));
    }
    return 0;
}

int kazi_lua_run_hook(kazi_lua_gen *g, const char *event, const json_t *record)
{
    kazi_lua_gen *pinned;
    int rc = pin(&g, &pinned);
    if (rc < 0) return rc;
    lua_State *L;
    if (!json_is_object(record)) {
        rc = kazi_error_set(KAZI_EINVALID, NULL, "the record must be a JSON object");
        goto done;
    }
    if ((rc = state_for(&L, g)) < 0) goto done;
    hook_job j = {event, (json_t *)record, 0, "", ""};
    lua_pushcfunction(L, hook_protected);
    lua_pushlightuserdata(L, &j);
    if ((rc = kazi_sandbox_call(L, 1, 0)) < 0) {
        rc = failed(rc);
        goto done;
    }
    if (!j.ok) rc = kazi_error_set(KAZI_EINVALID, j.field[0] ? j.field : NULL, "%s", j.message);
done:
    kazi_lua_gen_unref(pinned);
    return rc;
}

/* ---- reports --------------------------------------------------------------------- */

/* q(sql, ...) → rows (a list of tables), columns. Only while a report runs. */
static int report_q(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    if (!ls->in_report) return luaL_error(L, "q can only be used while the report runs");
    const char *sql = luaL_checkstring(L, 1);
    int n = lua_gettop(L);
    for (int i = 2; i <= n; i++) {
        int t = lua_type(L, i);
        if (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TBOOLEAN && t != LUA_TNIL)
            return luaL_error(L, "q: parameter %d must be a string, number or boolean", i - 1);
    }
    lua_createtable(L, n > 1 ? n - 1 : 0, 0);
    for (int i = 2; i <= n; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i - 1);
    }
    json_t *params = kazi_json_from_lua(L, -1);
    /* From here nothing raises until the JSON is released. */
    kazi_report_db *db;
    json_t *rows = NULL, *cols = NULL;
    /* SQL has its own step limit (store/report): its time does not count against the
     * plugin's deadline */
    int64_t t0 = kazi_guard_now_ns();
    int rc = kazi_report_thread_db(&db);
    if (rc == KAZI_OK) rc = kazi_report_db_query(&rows, &cols, db, sql, params, ls->scope, NULL);
    if (ls->deadline_ns) {
        int64_t spent = kazi_guard_now_ns() - t0;
        ls->deadline_ns += spent;
        ls->call_deadline_ns += spent;
    }
    json_decref(params);
    if (rc == KAZI_EDENIED) ls->report_denied = 1; /* the run answers "denied", not a fault */
    if (rc < 0) return luaL_error(L, "q: %s", kazi_error_last()->message);
    kazi_json_push_proxy(L, rows, 1); /* owners while converting */
    kazi_json_push_proxy(L, cols, 1);
    json_decref(rows);
    json_decref(cols);
    kazi_json_push_table(L, rows);
    kazi_json_push_table(L, cols);
    return 2;
}

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* A period parameter: a year "2026", months "2026-01..2026-06" or years "2024..2026". */
static int valid_period(const char *s)
{
    size_t n = strlen(s);
    int y1 = digits(s, 4);
    if (n == 4) return y1 >= 1900 && y1 <= 2200;
    if (n == 10 && !strncmp(s + 4, "..", 2)) {
        int y2 = digits(s + 6, 4);
        return y1 >= 1900 && y1 <= y2 && y2 <= 2200;
    }
    if (n != 16 || s[4] != '-' || strncmp(s + 7, "..", 2) || s[13] != '-') return 0;
    int m1 = digits(s + 5, 2), y2 = digits(s + 9, 4), m2 = digits(s + 14, 2);
    return y1 >= 1900 && y2 <= 2200 && m1 >= 1 && m1 <= 12 && m2 >= 1 && m2 <= 12 &&
           y1 * 12 + m1 <= y2 * 12 + m2;
}

/* Is v one of the declared options (strings, or tables with an id)? */
static int among_options(const json_t *options, const json_t *v)
{
    size_t i;
    const json_t *o;
    json_array_foreach(options, i, o)
    {
        const json_t *id = json_is_object(o) ? json_object_get(o, "id") : o;
        if (json_equal((json_t *)id, (json_t *)v)) return 1;
    }
    return 0;
}

static int check_params(json_t **out, const kazi_lua_gen *g, const json_t *decl,
                        const json_t *given)
{
    if (given && !json_is_object(given))
        return kazi_error_set(KAZI_EINVALID, "params", "report parameters must be an object");
    json_t *p = json_object();
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(decl, "params"), i, d)
    {
        const char *pid =
            json_is_string(d) ? json_string_value(d) : json_string_value(json_object_get(d, "id"));
        if (!pid) continue;
        const char *type = json_string_value(json_object_get(d, "type"));
        json_t *v = json_object_get(given, pid);
        char year[24];
        if (v && type && !strcmp(type, "period") && json_is_integer(v)) { /* --param period=2026 */
            snprintf(year, sizeof year, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            json_object_set_new(p, pid, json_string(year));
            v = json_object_get(p, pid);
        }
        if (!v || json_is_null(v)) {
            if (json_is_true(json_object_get(d, "required"))) {
                json_decref(p);
                return kazi_error_set(KAZI_EINVALID, pid, "the report needs parameter '%s'", pid);
            }
            json_t *def = json_object_get(d, "default");
            if (def)
                json_object_set_new(p, pid, json_deep_copy(def)); /* never share catalogue refs */
            continue;
        }
        int ok = !type || !strcmp(type, "text") ? json_is_string(v)
                 : !strcmp(type, "number")      ? json_is_number(v)
                 : !strcmp(type, "integer")     ? json_is_integer(v)
                 : !strcmp(type, "boolean")     ? json_is_boolean(v)
                 : !strcmp(type, "date")   ? json_is_string(v) && valid_date(json_string_value(v))
                 : !strcmp(type, "period") ? json_is_string(v) && valid_period(json_string_value(v))
                 : !strcmp(type, "level")
                     ? json_is_string(v) && kazi_lua_gen_find(g, "levels", json_string_value(v))
                     : json_is_string(v);
        if (ok && json_is_string(v) && json_string_length(v) > 200) ok = 0;
        if (!ok) {
            json_decref(p);
            if (type && !strcmp(type, "level"))
                return kazi_error_set(KAZI_EINVALID, pid,
                                      "report parameter '%s' must be an org-unit level of the "
                                      "country",
                                      pid);
            if (type && !strcmp(type, "period"))
                return kazi_error_set(KAZI_EINVALID, pid,
                                      "report parameter '%s' must be a period: a year (2026), "
                                      "months (2026-01..2026-06) or years (2024..2026)",
                                      pid);
            return kazi_error_set(KAZI_EINVALID, pid, "report parameter '%s' must be a %s", pid,
                                  type ? type : "text");
        }
        const json_t *options = json_object_get(d, "options");
        if (json_array_size(options) && !among_options(options, v)) {
            json_decref(p);
            return kazi_error_set(KAZI_EINVALID, pid,
                                  "report parameter '%s' is not one of its options", pid);
        }
        json_object_set(p, pid, v);
    }
    *out = p;
    return KAZI_OK;
}

typedef struct {
    const char *key;
    json_t *params;
    json_t *rows, *columns;
} report_job;

/* What a report's run returned (at index res): a list of rows, or {columns = {...},
 * rows = {...}}, into j->rows (and j->columns). KAZI_EINVALID with the message set
 * when it is neither; j's JSON is the caller's either way. Raises nothing. */
static int report_result(lua_State *L, int res, report_job *j)
{
    if (lua_istable(L, res)) {
        lua_getfield(L, res, "rows");
        if (!lua_isnil(L, -1)) {
            lua_getfield(L, res, "columns");
            if (!lua_isnil(L, -1)) j->columns = kazi_json_from_lua(L, -1);
            lua_pop(L, 1);
            lua_replace(L, res);
        } else {
            lua_pop(L, 1);
        }
    }
    if (!lua_istable(L, res) && !kazi_json_proxied(L, res))
        return kazi_error_set(KAZI_EINVALID, NULL,
                              "a report's run must return a list of rows (tables), not %s",
                              luaL_typename(L, res));
    j->rows = kazi_json_from_lua(L, res);
    if (!json_is_array(j->rows))
        return kazi_error_set(KAZI_EINVALID, NULL, "a report's run must return a list of rows");
    size_t i;
    json_t *r;
    json_array_foreach(j->rows, i, r)
    {
        if (!json_is_object(r) && !json_is_array(r))
            return kazi_error_set(KAZI_EINVALID, NULL, "row %d of the report is not a table",
                                  (int)i + 1);
    }
    return KAZI_OK;
}

static int report_protected(lua_State *L)
{
    report_job *j = lua_touserdata(L, 1);
    push_fn(L, j->key);
    kazi_json_push_proxy(L, j->params, 1);
    lua_pushcfunction(L, report_q);
    lua_call(L, 2, 1);
    kazi_freeze_restore_all(L); /* nothing this run did is seen by the next */
    if (report_result(L, lua_gettop(L), j) < 0)
        return luaL_error(L, "%s", kazi_error_last()->message);
    return 0;
}

static json_t *column_ids(const json_t *decl_cols, const json_t *rows)
{
    json_t *cols = json_array();
    size_t i;
    json_t *c;
    if (json_array_size(decl_cols)) {
        json_array_foreach(decl_cols, i, c)
        {
            const json_t *id = json_is_string(c) ? c : json_object_get(c, "id");
            if (json_is_string(id)) json_array_append_new(cols, json_string(json_string_value(id)));
        }
        return cols;
    }
    /* Undeclared: the first row's keys, sorted (Lua tables have no key order). */
    json_t *first = json_array_get(rows, 0);
    const char *k;
    json_t *v;
    json_object_foreach(first, k, v) json_array_append_new(cols, json_string(k));
    size_t n = json_array_size(cols);
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && strcmp(json_string_value(json_array_get(cols, b - 1)),
                                           json_string_value(json_array_get(cols, b))) > 0;
             b--) {
            json_t *x = json_incref(json_array_get(cols, b));
            json_array_set(cols, b, json_array_get(cols, b - 1));
            json_array_set_new(cols, b - 1, x);
        }
    return cols;
}

/* The titles a report declares for its columns ({id=..., label={en=..., sw=...}} or
 * label = "..."), by column id; NULL when it declares none (the ids are the titles). */
static json_t *column_labels(const json_t *decl_cols)
{
    json_t *labels = json_object();
    size_t i;
    json_t *c;
    json_array_foreach(decl_cols, i, c)
    {
        const json_t *id = json_object_get(c, "id"), *label = json_object_get(c, "label");
        if (json_is_string(id) && (json_is_string(label) || json_is_object(label)))
            json_object_set_new(labels, json_string_value(id), json_deep_copy(label));
    }
    if (json_object_size(labels)) return labels;
    json_decref(labels);
    return NULL;
}

int kazi_lua_report_run(json_t **out, kazi_lua_gen *g, const char *id, const json_t *given,
                        const kazi_report_scope *scope)
{
    kazi_lua_gen *pinned;
    int rc = pin(&g, &pinned);
    if (rc < 0) return rc;
    char key[200];
    snprintf(key, sizeof key, "report:%s", id);
    report_job j = {key, NULL, NULL, NULL};
    lua_State *L;
    const json_t *decl = kazi_lua_gen_find(g, "reports", id);
    if (!decl) {
        rc = kazi_error_set(KAZI_ENOTFOUND, "id", "no report '%s' is declared", id);
        goto done;
    }
    if ((rc = check_params(&j.params, g, decl, given)) < 0) goto done;
    if ((rc = state_for(&L, g)) < 0) goto done;
    kazi_lstate *ls = kazi_lstate_of(L);
    ls->in_report = 1;
    ls->report_denied = 0;
    ls->scope = scope;
    lua_pushcfunction(L, report_protected);
    lua_pushlightuserdata(L, &j);
    rc = kazi_sandbox_call(L, 1, 0);
    ls->in_report = 0;
    ls->scope = NULL;
    if (rc < 0) {
        /* a query the caller may not make (a personal view without reports.personal,
         * a table that is not published) is refused, with the report's file and line */
        if (ls->report_denied) {
            char why[512];
            snprintf(why, sizeof why, "%s", kazi_error_last()->message);
            rc = kazi_error_set(KAZI_EDENIED, "sql", "%s", why);
        }
        ls->report_denied = 0;
        rc = failed(rc);
        goto done;
    }
    json_t *cols = column_ids(j.columns ? j.columns : json_object_get(decl, "columns"), j.rows);
    /* The catalogue is shared by every thread: copy from it, never take references. */
    *out =
        json_pack("{s:s,s:o,s:o,s:O,s:s,s:I}", "report", id, "title",
                  json_deep_copy(json_object_get(decl, "title")), "columns", cols, "rows", j.rows,
                  "source", kazi_lua_gen_source_id(g), "generation", (json_int_t)g->number);
    json_t *labels = column_labels(json_object_get(decl, "columns"));
    if (labels && *out)
        json_object_set_new(*out, "labels", labels);
    else
        json_decref(labels);
done:
    json_decref(j.params);
    json_decref(j.rows);
    json_decref(j.columns);
    kazi_lua_gen_unref(pinned);
    return rc;
}

/* ---- tests ----------------------------------------------------------------------- */

/* t.certification(id, dossier) / t.move(id, dossier) → ok, missing (as the C API sees it). */
static int t_rule(lua_State *L)
{
    const char *kind = lua_tostring(L, lua_upvalueindex(1));
    const char *id = luaL_checkstring(L, 1);
    luaL_checkany(L, 2);
    char key[200];
    snprintf(key, sizeof key, "%s:%s", kind, id);
    if (push_fn(L, key) != LUA_TFUNCTION) return luaL_error(L, "no %s '%s' is declared", kind, id);
    int fn = lua_gettop(L);
    json_t *d = kazi_json_from_lua(L, 2);
    if (json_is_array(d) && !json_array_size(d)) { /* {} in Lua */
        json_decref(d);
        d = json_object();
    }
    if (!json_is_object(d)) {
        json_decref(d);
        return luaL_error(L, "a dossier must be a table of named fields");
    }
    kazi_json_push_proxy(L, d, 1); /* the proxy owns the dossier now */
    json_decref(d);
    lua_call(L, 1, 2);
    int eligible;
    json_t *missing;
    char err[200];
    if (kazi_api_rule_collect(L, fn, &eligible, &missing, err, sizeof err) < 0)
        return luaL_error(L, "rule %s %s", key, err);
    kazi_json_push_proxy(L, missing, 1); /* owns missing while it is converted */
    json_decref(missing);
    lua_pushboolean(L, eligible);
    kazi_json_push_table(L, missing);
    return 2;
}

/* t.supervision(cadre, worker, supervisor) → ok, reason: the `supervisors` list, then
 * the rule, as an assignment is checked. */
static int t_supervision(lua_State *L)
{
    const char *cadre = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    kazi_lua_supervisors_fn check = atomic_load(&supervisors_check);
    if (!check) return luaL_error(L, "t.supervision: no supervision check is installed");
    json_t *sup = kazi_json_from_lua(L, 3);
    if (!sup) return luaL_error(L, "t.supervision: the supervisor must be a table");
    kazi_json_push_proxy(L, sup, 1); /* the proxy owns it */
    json_decref(sup);
    char reason[600];
    int allowed = check(kazi_lstate_of(L)->catalogue_ro, cadre, sup, reason, sizeof reason);
    if (allowed < 0) return luaL_error(L, "no supervision is declared for cadre '%s'", cadre);
    if (!allowed) {
        lua_pushboolean(L, 0);
        lua_pushstring(L, reason);
        return 2;
    }
    char key[200];
    snprintf(key, sizeof key, "supervision:%s", cadre);
    if (push_fn(L, key) != LUA_TFUNCTION) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_call(L, 2, 2);
    return 2;
}

/* t.hook(event, record) → ok, field, message (custom fields checked first). */
static int t_hook(lua_State *L)
{
    const char *event = luaL_checkstring(L, 1);
    json_t *rec = kazi_json_from_lua(L, 2);
    if (json_is_array(rec) && !json_array_size(rec)) { /* {} in Lua */
        json_decref(rec);
        rec = json_object();
    }
    if (!json_is_object(rec)) {
        json_decref(rec);
        return luaL_error(L, "t.hook: the record must be a table of named fields");
    }
    kazi_json_push_proxy(L, rec, 1);
    json_decref(rec); /* the proxy owns it now */
    return hook_core(L, event, rec, lua_gettop(L));
}

static int t_eq(lua_State *L)
{
    if (lua_compare(L, 1, 2, LUA_OPEQ)) return 0;
    const char *got = kazi_guard_describe(L, 1);
    const char *want = kazi_guard_describe(L, 2);
    return luaL_error(L, "expected %s, got %s%s%s", want, got, lua_isstring(L, 3) ? " — " : "",
                      lua_isstring(L, 3) ? lua_tostring(L, 3) : "");
}

/* Whether the value on top of the stack is text containing needle, or names per
 * language ({en = ..., ny = ...}) one of which contains it. Pops nothing. */
static int entry_has(lua_State *L, const char *needle)
{
    if (lua_type(L, -1) == LUA_TSTRING) return strstr(lua_tostring(L, -1), needle) != NULL;
    if (!lua_istable(L, -1)) return 0;
    lua_pushvalue(L, -1);
    if (kazi_freeze_push_contents(L, -1)) lua_replace(L, -2);
    int found = 0;
    lua_pushnil(L);
    while (!found && lua_next(L, -2)) {
        found = lua_type(L, -1) == LUA_TSTRING && strstr(lua_tostring(L, -1), needle);
        lua_pop(L, 1);
    }
    lua_pop(L, found ? 2 : 1); /* the key left by an early stop, and the table */
    return found;
}

/* t.has(list, text): some entry of list contains text (plain find); an entry given per
 * language matches when any of its languages does. */
static int t_has(lua_State *L)
{
    const char *needle = luaL_checkstring(L, 2);
    lua_Integer n = luaL_len(L, 1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        if (entry_has(L, needle)) return 0;
        lua_pop(L, 1);
    }
    return luaL_error(L, "expected an entry containing \"%s\" among %d", needle, (int)n);
}

/* q of t.report: the fixture rows instead of SQL. A list of rows answers every query;
 * a table keyed by view name answers a query with the rows of the first view its SQL
 * names; anything else is no rows. */
static int t_fixture_q(lua_State *L)
{
    const char *sql = luaL_checkstring(L, 1);
    int fx = lua_upvalueindex(1);
    if (!lua_istable(L, fx)) {
        lua_newtable(L);
        return 1;
    }
    lua_pushnil(L);
    if (!lua_next(L, fx) || lua_rawlen(L, fx) > 0) {
        lua_settop(L, 1);
        lua_pushvalue(L, fx);
        return 1;
    }
    lua_pop(L, 2);
    lua_pushnil(L);
    while (lua_next(L, fx)) {
        if (lua_type(L, -2) == LUA_TSTRING && strstr(sql, lua_tostring(L, -2))) return 1;
        lua_pop(L, 1);
    }
    lua_newtable(L);
    return 1;
}

/* t.report(id, params, fixture_rows) → rows, columns: runs report id as the server
 * would (parameters checked, defaults applied, the same result shapes), with q
 * answering from fixture_rows. */
static int t_report(lua_State *L)
{
    const char *id = luaL_checkstring(L, 1);
    const json_t *decl = kazi_lua_gen_find(kazi_lstate_of(L)->gen, "reports", id);
    if (!decl) return luaL_error(L, "no report '%s' is declared", id);
    json_t *given = lua_isnoneornil(L, 2) ? json_object() : kazi_json_from_lua(L, 2);
    if (json_is_array(given) && !json_array_size(given)) { /* {} in Lua */
        json_decref(given);
        given = json_object();
    }
    json_t *params = NULL;
    int rc = check_params(&params, kazi_lstate_of(L)->gen, decl, given);
    json_decref(given);
    if (rc < 0) return luaL_error(L, "t.report %s: %s", id, kazi_error_last()->message);
    kazi_json_push_proxy(L, params, 1); /* owns params */
    json_decref(params);
    int pidx = lua_gettop(L);
    char key[200];
    snprintf(key, sizeof key, "report:%s", id);
    push_fn(L, key);
    lua_pushvalue(L, pidx);
    lua_pushvalue(L, 3);
    if (kazi_freeze_push_contents(L, -1)) lua_replace(L, -2);
    lua_pushcclosure(L, t_fixture_q, 1);
    lua_call(L, 2, 1);
    report_job j = {key, NULL, NULL, NULL};
    if (report_result(L, lua_gettop(L), &j) < 0) {
        json_decref(j.rows);
        json_decref(j.columns);
        return luaL_error(L, "t.report %s: %s", id, kazi_error_last()->message);
    }
    json_t *cols = column_ids(j.columns ? j.columns : json_object_get(decl, "columns"), j.rows);
    json_decref(j.columns);
    kazi_json_push_proxy(L, j.rows, 1); /* owners while converting */
    kazi_json_push_proxy(L, cols, 1);
    json_decref(j.rows);
    json_decref(cols);
    kazi_json_push_table(L, j.rows);
    kazi_json_push_table(L, cols);
    return 2;
}

static int test_protected(lua_State *L)
{
    lua_Integer i = (lua_Integer)(intptr_t)lua_touserdata(L, 1);
    push_fn(L, "tests");
    lua_rawgeti(L, -1, i);
    lua_newtable(L);
    lua_pushliteral(L, "certification");
    lua_pushcclosure(L, t_rule, 1);
    lua_setfield(L, -2, "certification");
    lua_pushliteral(L, "move");
    lua_pushcclosure(L, t_rule, 1);
    lua_setfield(L, -2, "move");
    lua_pushcfunction(L, t_hook);
    lua_setfield(L, -2, "hook");
    lua_pushcfunction(L, t_supervision);
    lua_setfield(L, -2, "supervision");
    lua_pushcfunction(L, t_eq);
    lua_setfield(L, -2, "eq");
    lua_pushcfunction(L, t_has);
    lua_setfield(L, -2, "has");
    lua_pushcfunction(L, t_report);
    lua_setfield(L, -2, "report");
    lua_call(L, 1, 0);
    kazi_freeze_restore_all(L);
    return 0;
}

int kazi_lua_run_tests(json_t **out, int *nfailed, kazi_lua_gen *g)
{
    kazi_lua_gen *pinned;
    int rc = pin(&g, &pinned);
    if (rc < 0) return rc;
    json_t *results = json_array();
    *nfailed = 0;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(g->catalogue, "tests"), i, t)
    {
        lua_State *L;
        if ((rc = state_for(&L, g)) < 0) {
            json_decref(results);
            goto done;
        }
        lua_pushcfunction(L, test_protected);
        lua_pushlightuserdata(L, (void *)(intptr_t)(i + 1));
        rc = kazi_sandbox_call(L, 1, 0);
        json_t *r =
            json_pack("{s:o,s:o,s:b}", "name", json_deep_copy(json_object_get(t, "name")), "source",
                      json_deep_copy(json_object_get(t, "source")), "ok", rc == KAZI_OK);
        if (rc < 0) {
            json_object_set_new(r, "error", json_string(kazi_error_last()->message));
            (*nfailed)++;
            slot_drop();
        }
        json_array_append_new(results, r);
    }
    *out = results;
    rc = KAZI_OK;
done:
    kazi_lua_gen_unref(pinned);
    return rc;
}
