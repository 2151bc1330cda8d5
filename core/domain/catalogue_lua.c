#include "domain/catalogue_lua.h"
#include "domain/catalogue.h"
#include "domain/i18n.h"
#include "lua/runtime.h"
#include "util/error.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* One kind of the active generation's catalogue, with the generation pinned. */
typedef struct {
    kazi_lua_gen *g;
    const json_t *list;
} pinned;

static int pin(pinned *p, const char *kind)
{
    p->g = kazi_lua_current();
    p->list = p->g ? json_object_get(kazi_lua_gen_catalogue(p->g), kind) : NULL;
    return p->g != NULL;
}

static void unpin(pinned *p)
{
    kazi_lua_gen_unref(p->g);
}

/* Names per language as one display string: in the configuration's default language
 * (the first of kazi.country{languages}: a French-first country's cadres are named in
 * French wherever one name is shown, FHIR's display among them), else English, else any. */
static const char *display_name(const pinned *p, const json_t *names)
{
    if (json_is_string(names)) return json_string_value(names);
    const char *own = json_string_value(json_object_get(names, kazi_i18n_default_of(p->g)));
    if (own) return own;
    const char *en = json_string_value(json_object_get(names, "en"));
    if (en) return en;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)names, k, v) if (json_is_string(v)) return json_string_value(v);
    return "";
}

static const json_t *country_levels(const json_t *catalogue)
{
    return json_object_get(json_object_get(catalogue, "country"), "levels");
}

static int cadre_exists(void *ctx, const char *cadre)
{
    (void)ctx;
    pinned p;
    if (!pin(&p, "cadres")) {
        const kazi_registry_catalogue *d = kazi_registry_catalogue_default();
        return d->cadre_exists(d->ctx, cadre);
    }
    int rc = kazi_lua_gen_find(p.g, "cadres", cadre) ? KAZI_OK : KAZI_ENOTFOUND;
    unpin(&p);
    return rc;
}

static int level_exists(void *ctx, const char *level)
{
    (void)ctx;
    pinned p;
    if (!pin(&p, "country")) {
        const kazi_registry_catalogue *d = kazi_registry_catalogue_default();
        return d->level_exists(d->ctx, level);
    }
    int rc = kazi_lua_gen_find(p.g, "levels", level) ? KAZI_OK : KAZI_ENOTFOUND;
    unpin(&p);
    return rc;
}

static int cadres(void *ctx, json_t **out)
{
    (void)ctx;
    pinned p;
    if (!pin(&p, "cadres")) {
        const kazi_registry_catalogue *d = kazi_registry_catalogue_default();
        return d->cadres(d->ctx, out);
    }
    json_t *a = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(p.list, i, c)
    {
        const char *works_at = json_string_value(json_object_get(c, "works_at"));
        json_array_append_new(
            a, json_pack("{s:O?,s:s,s:O?,s:O?,s:s,s:O?}", "id", json_object_get(c, "id"), "name",
                         display_name(&p, json_object_get(c, "name")), "names",
                         json_object_get(c, "name"), "group", json_object_get(c, "group"), "level",
                         works_at ? works_at : "", "rank", json_object_get(c, "level")));
    }
    unpin(&p);
    *out = a;
    return KAZI_OK;
}

static int levels(void *ctx, json_t **out)
{
    (void)ctx;
    pinned p;
    if (!pin(&p, "country")) {
        const kazi_registry_catalogue *d = kazi_registry_catalogue_default();
        return d->levels(d->ctx, out);
    }
    json_t *a = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(country_levels(kazi_lua_gen_catalogue(p.g)), i, l)
        json_array_append_new(a, json_pack("{s:O?,s:s}", "id", json_object_get(l, "id"), "name",
                                           display_name(&p, json_object_get(l, "name"))));
    unpin(&p);
    *out = a;
    return KAZI_OK;
}

static int fields_build(const pinned *p, const char *entity, json_t **out)
{
    json_t *a = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(p->list, i, f)
    {
        const char *applies = json_string_value(json_object_get(f, "applies_to"));
        if (!applies || strcmp(applies, entity)) continue;
        json_t *d = json_pack(
            "{s:O?,s:s,s:b,s:s,s:O?}", "name", json_object_get(f, "id"), "type",
            kazi_registry_field_type(json_string_value(json_object_get(f, "type"))), "required",
            json_is_true(json_object_get(f, "required")), "label",
            display_name(p, json_object_get(f, "label")), "labels", json_object_get(f, "label"));
        /* options are published by id (the OpenAPI enum, the UI's values); a labelled
         * option ({id, label}) keeps its labels under option_labels */
        json_t *opt = json_object_get(f, "options");
        if (opt) {
            json_t *ids = json_array();
            size_t k;
            json_t *o;
            int labelled = 0;
            json_array_foreach(opt, k, o)
            {
                json_t *oid = json_is_object(o) ? json_object_get(o, "id") : o;
                labelled |= json_is_object(o);
                if (json_is_string(oid)) json_array_append(ids, oid);
            }
            json_object_set_new(d, "options", ids);
            if (labelled) json_object_set(d, "option_labels", opt);
        }
        json_t *max = json_object_get(f, "max_length");
        if (max) json_object_set(d, "max_length", max);
        json_array_append_new(a, d);
    }
    *out = a;
    return KAZI_OK;
}

/* The declarations of one entity, kept for the generation they came from: every row
 * of an import and every validated record asks for them (callers must not change the
 * array they get). One entry behind a lock; a later generation replaces it. */
static pthread_mutex_t fields_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t fields_gen;
static char fields_entity[32];
static json_t *fields_cached;

static int fields(void *ctx, const char *entity, json_t **out)
{
    (void)ctx;
    pinned p;
    if (!pin(&p, "fields")) {
        const kazi_registry_catalogue *d = kazi_registry_catalogue_default();
        return d->fields(d->ctx, entity, out);
    }
    uint64_t gen = kazi_lua_gen_number(p.g);
    pthread_mutex_lock(&fields_lock);
    if (fields_cached && fields_gen == gen && !strcmp(fields_entity, entity)) {
        *out = json_incref(fields_cached);
        pthread_mutex_unlock(&fields_lock);
        unpin(&p);
        return KAZI_OK;
    }
    pthread_mutex_unlock(&fields_lock);
    int rc = fields_build(&p, entity, out);
    unpin(&p);
    if (rc < 0 || strlen(entity) >= sizeof fields_entity) return rc;
    pthread_mutex_lock(&fields_lock);
    json_decref(fields_cached);
    fields_cached = json_incref(*out);
    fields_gen = gen;
    snprintf(fields_entity, sizeof fields_entity, "%s", entity);
    pthread_mutex_unlock(&fields_lock);
    return KAZI_OK;
}

static int validate(void *ctx, const char *entity, const json_t *record)
{
    (void)ctx;
    kazi_lua_gen *g = kazi_lua_current();
    if (!g) return KAZI_OK;
    char event[64];
    snprintf(event, sizeof event, "%s.validate", entity);
    /* Hooks see the record as the API has it, plus the dossier-style names the
     * configuration's rules use (docs/plugins.md, "Hooks"): custom values under
     * "fields", a person's record also under "person", and its residence. */
    /* Shallow copies: the hook sees read-only proxies, so nothing below is changed. */
    json_t *rec = json_copy((json_t *)record);
    json_t *custom = json_object_get(rec, "custom");
    json_object_set_new(rec, "fields",
                        json_is_object(custom) ? json_incref(custom) : json_object());
    if (!strcmp(entity, KAZI_ENTITY_PERSON)) {
        json_object_set(rec, "person", (json_t *)record);
        json_t *home = json_object_get(record, "residence_org_unit_id");
        if (json_is_integer(home))
            json_object_set_new(rec, "residence",
                                json_pack("{s:O,s:O}", "org_unit_id", home, "village", home));
    }
    int rc = kazi_lua_run_hook(g, event, rec);
    json_decref(rec);
    kazi_lua_gen_unref(g);
    if (rc == KAZI_EINVALID) {
        const kazi_error *e = kazi_error_last();
        if (!strncmp(e->field, "fields.", 7)) {
            char field[80], message[512];
            snprintf(field, sizeof field, "custom.%s", e->field + 7);
            snprintf(message, sizeof message, "%s", e->message);
            return kazi_error_set(KAZI_EINVALID, field, "%s", message);
        }
    }
    return rc;
}

static int country(void *ctx, json_t **out)
{
    (void)ctx;
    pinned p;
    *out = NULL;
    if (!pin(&p, "country")) return KAZI_OK;
    if (json_is_object(p.list)) *out = json_deep_copy(p.list);
    unpin(&p);
    return KAZI_OK;
}

static const kazi_registry_catalogue lua_catalogue = {
    NULL, cadre_exists, level_exists, cadres, levels, fields, validate, country,
};

void kazi_catalogue_lua_install(void)
{
    kazi_registry_set_catalogue(&lua_catalogue);
    kazi_registry_field_check_install();
}
