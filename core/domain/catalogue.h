/*
 * catalogue — what the registry needs from the country configuration: cadres,
 * levels, custom field declarations and the validate hooks, behind one interface
 * the Lua runtime implements (kazi_registry_set_catalogue) and a built-in default
 * used until it does.
 * Owns: the process-wide catalogue pointer and the built-in default catalogue.
 * Uses: util/json, util/error.
 * Thread-safety: set once before serving (or between single-threaded tests); the
 * functions of a registered catalogue must be callable from any worker thread.
 */
#ifndef KAZI_DOMAIN_CATALOGUE_H
#define KAZI_DOMAIN_CATALOGUE_H

#include "util/json.h"

/* Entities custom fields and validate hooks apply to. */
#define KAZI_ENTITY_PERSON   "person"
#define KAZI_ENTITY_POSITION "position"

typedef struct kazi_registry_catalogue {
    void *ctx; /* passed to every function */

    /* KAZI_OK when `cadre` / `level` is declared, KAZI_ENOTFOUND otherwise. */
    int (*cadre_exists)(void *ctx, const char *cadre);
    int (*level_exists)(void *ctx, const char *level);

    /* New JSON array of {"id","name","group","level"} (cadres) or {"id","name"} (levels). */
    int (*cadres)(void *ctx, json_t **out);
    int (*levels)(void *ctx, json_t **out);

    /*
     * New JSON array of the custom field declarations for `entity` ("person",
     * "position"), each {"name", "type": "string"|"integer"|"number"|"boolean"|"date"|"multienum"|
     * "enum", "required": bool, "options": [..] (enum), "max_length": n, "label": ".."}.
     */
    int (*fields)(void *ctx, const char *entity, json_t **out);

    /*
     * Run the configuration's `<entity>.validate` hook on a complete record (the JSON
     * the API returns, custom values under "custom"). KAZI_OK, or KAZI_EINVALID with
     * the last error naming the field; KAZI_EPLUGIN when the hook itself failed.
     * May be NULL (no hook).
     */
    int (*validate)(void *ctx, const char *entity, const json_t *record);

    /* The configuration's kazi.country declaration (a new reference; *out NULL when
     * there is none). May be NULL. */
    int (*country)(void *ctx, json_t **out);
} kazi_registry_catalogue;

/* Register the catalogue the registry consults (NULL restores the built-in default).
 * The struct is lent and must outlive its registration. */
void kazi_registry_set_catalogue(const kazi_registry_catalogue *catalogue);

/* The catalogue in force; never NULL. */
const kazi_registry_catalogue *kazi_registry_catalogue_get(void);

/* The built-in default: the Tanzania cadres of the seed documents (para social worker,
 * PSW supervisor, social welfare assistant, social welfare officer, para community
 * development worker, child and youth care worker), the levels village, ward,
 * district, region, national; no custom fields; no hooks. */
const kazi_registry_catalogue *kazi_registry_catalogue_default(void);

/*
 * Check `custom` (a JSON object or NULL) against the declarations for `entity`:
 * unknown names, missing required fields, wrong types, enum options, max_length and
 * dates (YYYY-MM-DD). KAZI_EINVALID naming the field as "custom.<name>".
 */
int kazi_registry_check_custom(const char *entity, const json_t *custom);

/*
 * The one check of one custom field's value, used by the registry (above) and by the
 * configuration's validate hooks and t.hook (through kazi_registry_check_values). `decl` is a
 * declaration in the registry's words (name, type
 * string|enum|multienum|integer|number|boolean|date) or the configuration's (kazi.field: id, type
 * text|choice|multichoice|...), with options, max_length (default 500) and required. `v` may be
 * NULL. KAZI_OK; KAZI_ENOTFOUND (no error set) when the value is absent, null or "" and the field
 * optional; KAZI_EINVALID naming `field`, the message starting with `who`.
 */
int kazi_registry_check_field(const json_t *decl, const json_t *v, const char *field,
                              const char *who);

/*
 * Check custom `values` (an object, or NULL) against `decls` (either shape, above; when
 * `kind` is given only those whose applies_to is `kind`): a name not declared
 * (KAZI_EINVALID naming `prefix`), then each declaration in order with
 * kazi_registry_check_field, naming the field "<prefix>.<name>" and starting the
 * message with the field's label in the user's language (else its name). The registry's
 * check (prefix "custom") and the validate hooks' (prefix "fields"). KAZI_OK or the first
 * problem.
 */
int kazi_registry_check_values(const json_t *decls, const char *kind, const json_t *values,
                               const char *prefix);

/* A field type in the registry's words, whichever words are given (kazi.field's text,
 * choice, multichoice are string, enum, multienum); NULL: string. */
const char *kazi_registry_field_type(const char *type);

/* Install kazi_registry_check_values into the Lua runtime (before hooks run). */
void kazi_registry_field_check_install(void);

#endif
