#include "domain/catalogue.h"
#include "domain/schema.h"
#include "domain/words.h"
#include "lua/runtime.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *id, *name, *group, *level;
} builtin_cadres[] = {
    {"psw", "Para social worker", "para-social-work", "village"},
    {"psw-supervisor", "Para social worker supervisor", "para-social-work", "ward"},
    {"swa", "Social welfare assistant", "para-social-work", "ward"},
    {"swo", "Social welfare officer", "professional-social-work", "district"},
    {"pcdw", "Para community development worker", "para-community-development", "village"},
    {"acyc", "Auxiliary child and youth care worker", "child-youth-care", "village"},
};

static const char *const builtin_levels[] = {"village", "ward", "district", "region", "country"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int def_cadre_exists(void *ctx, const char *cadre)
{
    (void)ctx;
    for (size_t i = 0; i < N(builtin_cadres); i++)
        if (!strcmp(builtin_cadres[i].id, cadre)) return KAZI_OK;
    return KAZI_ENOTFOUND;
}

static int def_level_exists(void *ctx, const char *level)
{
    (void)ctx;
    for (size_t i = 0; i < N(builtin_levels); i++)
        if (!strcmp(builtin_levels[i], level)) return KAZI_OK;
    return KAZI_ENOTFOUND;
}

static int def_cadres(void *ctx, json_t **out)
{
    (void)ctx;
    json_t *a = json_array();
    for (size_t i = 0; i < N(builtin_cadres); i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s}", "id", builtin_cadres[i].id, "name",
                                           builtin_cadres[i].name, "group", builtin_cadres[i].group,
                                           "level", builtin_cadres[i].level));
    *out = a;
    return KAZI_OK;
}

static int def_levels(void *ctx, json_t **out)
{
    (void)ctx;
    json_t *a = json_array();
    for (size_t i = 0; i < N(builtin_levels); i++)
        json_array_append_new(
            a, json_pack("{s:s,s:s}", "id", builtin_levels[i], "name", builtin_levels[i]));
    *out = a;
    return KAZI_OK;
}

static int def_fields(void *ctx, const char *entity, json_t **out)
{
    (void)ctx;
    (void)entity;
    *out = json_array();
    return KAZI_OK;
}

static const kazi_registry_catalogue builtin = {
    NULL, def_cadre_exists, def_level_exists, def_cadres, def_levels, def_fields, NULL, NULL,
};

static const kazi_registry_catalogue *current = &builtin;

void kazi_registry_set_catalogue(const kazi_registry_catalogue *catalogue)
{
    current = catalogue ? catalogue : &builtin;
}

const kazi_registry_catalogue *kazi_registry_catalogue_get(void)
{
    return current;
}

const kazi_registry_catalogue *kazi_registry_catalogue_default(void)
{
    return &builtin;
}

const char *kazi_registry_field_type(const char *t)
{
    static const struct {
        const char *given, *type;
    } map[] = {{"text", "string"}, {"choice", "enum"}, {"multichoice", "multienum"}};
    if (!t) return "string";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].given, t)) return map[i].type;
    return t;
}

int kazi_registry_check_field(const json_t *decl, const json_t *v, const char *field,
                              const char *who)
{
    if (!v || json_is_null(v) || (json_is_string(v) && !json_string_length(v))) {
        if (!json_is_true(json_object_get(decl, "required"))) return KAZI_ENOTFOUND;
        return kazi_error_set(KAZI_EINVALID, field, "%s is required", who);
    }
    const char *type = kazi_registry_field_type(json_string_value(json_object_get(decl, "type")));
    const json_t *opts = json_object_get(decl, "options");
    if (!strcmp(type, "integer")) {
        if (!json_is_integer(v))
            return kazi_error_set(KAZI_EINVALID, field, "%s must be a whole number", who);
    } else if (!strcmp(type, "number")) {
        if (!json_is_number(v))
            return kazi_error_set(KAZI_EINVALID, field, "%s must be a number", who);
    } else if (!strcmp(type, "boolean")) {
        if (!json_is_boolean(v))
            return kazi_error_set(KAZI_EINVALID, field, "%s must be true or false", who);
    } else if (!strcmp(type, "multienum")) {
        if (!json_is_array(v))
            return kazi_error_set(KAZI_EINVALID, field, "%s must be a list of options", who);
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
        {
            if (!kazi_lua_option_allowed(opts, item))
                return kazi_error_set(KAZI_EINVALID, field,
                                      "%s: item %zu is not one of the allowed options", who, i + 1);
        }
    } else {
        if (!json_is_string(v)) return kazi_error_set(KAZI_EINVALID, field, "%s must be text", who);
        const char *s = json_string_value(v);
        json_int_t maxlen = json_integer_value(json_object_get(decl, "max_length"));
        if (maxlen <= 0) maxlen = 500;
        int rc = kazi_schema_text(who, s, json_string_length(v), (size_t)maxlen, 0);
        if (rc < 0) { /* the text rule names `who`; the error names the field */
            char why[sizeof kazi_error_last()->message];
            snprintf(why, sizeof why, "%s", kazi_error_last()->message);
            return kazi_error_set(rc, field, "%s", why);
        }
        if (!strcmp(type, "date") && !kazi_schema_date_valid(s))
            return kazi_error_set(KAZI_EINVALID, field,
                                  "%s must be a date that exists (YYYY-MM-DD)", who);
        if (!strcmp(type, "enum") && !kazi_lua_option_allowed(opts, v))
            return kazi_error_set(KAZI_EINVALID, field,
                                  "%s: '%.60s' is not one of the allowed options", who, s);
    }
    return KAZI_OK;
}

/* A declaration's name: the registry's "name" or kazi.field's "id". */
static const char *decl_name(const json_t *d)
{
    const char *n = json_string_value(json_object_get(d, "name"));
    return n ? n : json_string_value(json_object_get(d, "id"));
}

/* Its label in the user's language (kazi_words_pick's fallbacks), else its name: the
 * i18n contract names fields by label, never "custom.<id>". The registry's declarations
 * carry "label" in one language and "labels" in all; kazi.field's "label" is either. */
static const char *decl_label(const json_t *d)
{
    const json_t *l = json_object_get(d, "labels"); /* the registry's shape: every language */
    if (!l) l = json_object_get(d, "label");
    const char *text = kazi_words_pick(l);
    return text && *text ? text : decl_name(d);
}

int kazi_registry_check_values(const json_t *decls, const char *kind, const json_t *values,
                               const char *prefix)
{
    const char *key;
    json_t *v;
    size_t i;
    json_t *d;
    json_object_foreach((json_t *)values, key, v)
    {
        int known = 0;
        json_array_foreach(decls, i, d)
        {
            const char *applies = json_string_value(json_object_get(d, "applies_to"));
            const char *name = decl_name(d);
            if ((!kind || !applies || !strcmp(applies, kind)) && name && !strcmp(name, key))
                known = 1;
        }
        if (!known)
            return kazi_error_set(KAZI_EINVALID, prefix,
                                  "%s field '%.60s' is not declared by the configuration", prefix,
                                  key);
    }
    json_array_foreach(decls, i, d)
    {
        const char *applies = json_string_value(json_object_get(d, "applies_to"));
        const char *name = decl_name(d);
        if (!name || (kind && applies && strcmp(applies, kind))) continue;
        char field[80];
        snprintf(field, sizeof field, "%s.%s", prefix, name);
        int rc = kazi_registry_check_field(d, json_object_get(values, name), field, decl_label(d));
        if (rc < 0 && rc != KAZI_ENOTFOUND) return rc;
    }
    return KAZI_OK;
}

void kazi_registry_field_check_install(void)
{
    kazi_lua_set_field_check(kazi_registry_check_values);
}

int kazi_registry_check_custom(const char *entity, const json_t *custom)
{
    json_t *decls = NULL;
    const kazi_registry_catalogue *c = kazi_registry_catalogue_get();
    int rc = c->fields(c->ctx, entity, &decls);
    if (rc < 0) return rc;
    if (custom && !json_is_object(custom))
        rc = kazi_error_set(KAZI_EINVALID, "custom", "custom must be an object");
    else
        rc = kazi_registry_check_values(decls, NULL, custom, "custom");
    json_decref(decls);
    return rc;
}
