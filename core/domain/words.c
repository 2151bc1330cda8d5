#include "domain/words.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/catalogue.h"
#include "domain/i18n.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/json.h"
#include "util/lang.h"

/* The active configuration's first language, copied into buf ("" when none). */
static const char *first_language(char *buf, size_t size)
{
    buf[0] = '\0';
    kazi_lua_gen *g = kazi_lua_current();
    if (!g) return buf;
    const json_t *langs =
        json_object_get(json_object_get(kazi_lua_gen_catalogue(g), "country"), "languages");
    const char *first = json_string_value(json_array_get(langs, 0));
    if (first) snprintf(buf, size, "%s", first);
    kazi_lua_gen_unref(g);
    return buf;
}

static const char *text_in(const json_t *texts, const char *lang)
{
    if (!lang || !*lang) return NULL;
    const char *s = json_string_value(json_object_get(texts, lang));
    return s && *s ? s : NULL;
}

const char *kazi_words_pick_in(const json_t *texts, const char *lang)
{
    if (json_is_string(texts)) return json_string_value(texts);
    if (!json_is_object(texts)) return NULL;
    char first[KAZI_LANG_MAX];
    const char *s = text_in(texts, lang && *lang ? lang : kazi_lang_current());
    if (!s) s = text_in(texts, first_language(first, sizeof first));
    if (!s) s = text_in(texts, "en");
    if (s) return s;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)texts, k, v)
    {
        if (json_is_string(v) && *json_string_value(v)) return json_string_value(v);
    }
    return NULL;
}

const char *kazi_words_pick(const json_t *texts)
{
    return kazi_words_pick_in(texts, NULL);
}

/* 1 for the lists kazi.country declares itself (levels, education, identifiers). */
static int country_list(const char *kind)
{
    return !strcmp(kind, "levels") || !strcmp(kind, "education") || !strcmp(kind, "identifiers");
}

/* The declaration of `id` among `cat`'s `kind` (the country's own lists included), or
 * NULL. */
static const json_t *find_in(const json_t *cat, const char *kind, const char *id)
{
    const json_t *list = country_list(kind) ? json_object_get(json_object_get(cat, "country"), kind)
                                            : json_object_get(cat, kind);
    return kazi_json_find_id(list, id);
}

/* The name into buf: from `cat` when given, else the active generation's catalogue. */
static const char *name_of(char *buf, size_t size, const json_t *cat, const char *kind,
                           const char *id, const char *lang)
{
    if (!size) return buf;
    kazi_lua_gen *g = cat ? NULL : kazi_lua_current();
    const json_t *decl = !id || (!cat && !g)  ? NULL
                         : cat                ? find_in(cat, kind, id)
                         : country_list(kind) ? find_in(kazi_lua_gen_catalogue(g), kind, id)
                                              : kazi_lua_gen_find(g, kind, id);
    const char *name = decl ? kazi_words_pick_in(json_object_get(decl, "name"), lang) : NULL;
    snprintf(buf, size, "%s", name ? name : id ? id : "");
    kazi_lua_gen_unref(g);
    return buf;
}

const char *kazi_words_name_in(char *buf, size_t size, const char *kind, const char *id,
                               const char *lang)
{
    return name_of(buf, size, NULL, kind, id, lang);
}

const char *kazi_words_name(char *buf, size_t size, const char *kind, const char *id)
{
    return name_of(buf, size, NULL, kind, id, NULL);
}

const char *kazi_words_cat_name(char *buf, size_t size, const json_t *cat, const char *kind,
                                const char *id)
{
    return name_of(buf, size, cat, kind, id, NULL);
}

const char *kazi_words_or(char *buf, size_t size, const json_t *cat, const char *kind,
                          const json_t *ids)
{
    if (!size) return buf;
    buf[0] = '\0';
    size_t n = json_array_size(ids), at = 0;
    char conj[64] = "";
    if (n > 1) kazi_i18n_text(conj, sizeof conj, "or"); /* the word joining the last two */
    for (size_t i = 0; i < n && at < size; i++) {
        char name[256];
        name_of(name, sizeof name, cat, kind, json_string_value(json_array_get(ids, i)), NULL);
        const char *sep = !i ? "" : i + 1 == n ? " " : ", ";
        int w = snprintf(buf + at, size - at, "%s%s%s%s", sep, i && i + 1 == n ? conj : "",
                         i && i + 1 == n ? " " : "", name);
        if (w < 0) break;
        at += (size_t)w;
    }
    return buf;
}

const char *kazi_words_person(char *buf, size_t size, const json_t *person)
{
    if (!size) return buf;
    const char *given = json_string_value(json_object_get(person, "given_name"));
    const char *family = json_string_value(json_object_get(person, "family_name"));
    if (given && *given && family && *family)
        snprintf(buf, size, "%s %s", given, family);
    else if ((given && *given) || (family && *family))
        snprintf(buf, size, "%s", given && *given ? given : family);
    else
        snprintf(buf, size, "%s", "this person");
    return buf;
}

/* The words of one missing item in the current language (NULL: none). Its language
 * members are those named by a language code ("id" names the item, "text" is ours). */
static json_t *item_text(const json_t *m)
{
    if (json_is_string(m)) return json_incref((json_t *)m);
    if (!json_is_object(m)) return NULL;
    const json_t *done = json_object_get(m, "text");
    if (json_is_string(done)) return json_incref((json_t *)done);
    json_t *texts = json_object();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)m, k, v)
    {
        if (json_is_string(v) && kazi_lang_valid(k) && strcmp(k, "id"))
            json_object_set(texts, k, v);
    }
    const char *text = kazi_words_pick(texts);
    json_t *out = text ? json_string(text) : NULL;
    json_decref(texts);
    return out;
}

void kazi_words_missing(json_t *missing)
{
    size_t i;
    json_t *m;
    json_array_foreach(missing, i, m)
    {
        json_t *text = json_is_object(m) ? item_text(m) : NULL;
        if (text) json_object_set_new(m, "text", text);
    }
}

const char *kazi_words_missing_join(char *buf, size_t size, const json_t *missing)
{
    if (!size) return buf;
    buf[0] = '\0';
    size_t i, at = 0;
    json_t *m;
    json_array_foreach(missing, i, m)
    {
        json_t *text = item_text(m);
        if (!text) continue;
        int w = at < size
                    ? snprintf(buf + at, size - at, "%s%s", at ? "; " : "", json_string_value(text))
                    : 0;
        json_decref(text);
        if (w < 0 || (at += (size_t)w) >= size) break;
    }
    return buf;
}

json_t *kazi_words_item(const char *key, const char *kind, const char *id, const char *fmt,
                        const char *extra)
{
    json_t *item = json_pack("{s:s}", key, id ? id : "");
    kazi_lua_gen *g = kazi_lua_current();
    const json_t *langs =
        g ? json_object_get(json_object_get(kazi_lua_gen_catalogue(g), "country"), "languages")
          : NULL;
    size_t n = json_array_size(langs);
    for (size_t i = 0; i <= n; i++) {
        const char *lang = i < n ? json_string_value(json_array_get(langs, i)) : "en";
        if (!lang || !kazi_lang_valid(lang) || json_object_get(item, lang)) continue;
        char name[200], text[600];
        kazi_words_name_in(name, sizeof name, kind, id, lang);
/* fmt is checked where kazi_words_item is called (its format attribute): strings only */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        kazi_i18n_format_in(text, sizeof text, lang, fmt, name, extra ? extra : "");
#pragma GCC diagnostic pop
        json_object_set_new(item, lang, json_string(text));
    }
    kazi_lua_gen_unref(g);
    return item;
}

const char *kazi_words_currency(char *buf, size_t size)
{
    if (!size) return buf;
    kazi_lua_gen *g = kazi_lua_current();
    const char *cur = !g ? NULL
                         : json_string_value(json_object_get(
                               json_object_get(kazi_lua_gen_catalogue(g), "country"), "currency"));
    snprintf(buf, size, "%s", cur && *cur ? cur : "USD");
    kazi_lua_gen_unref(g);
    return buf;
}

/* Kazi's own fields in plain words: the English label is the msgid of its translations
 * (core/i18n/sw.json, kazi.translation{messages}); a field a configuration declares is
 * labelled by its declaration. Sorted by name. */
static const struct {
    const char *name, *en;
} field_labels[] = {
    {"activity", "Activity"},
    {"activity_date", "Date of the activity"},
    {"amount", "Amount"},
    {"approved", "Approved"},
    {"birth_date", "Date of birth"},
    {"cadre", "Cadre"},
    {"capacity", "Number of places"},
    {"certification", "Certification"},
    {"code", "Code"},
    {"completion_date", "Completion date"},
    {"count", "Count"},
    {"course", "Course"},
    {"course_version", "Course version"},
    {"currency", "Currency"},
    {"date", "Date"},
    {"duration_minutes", "Duration in minutes"},
    {"education", "Education"},
    {"end_date", "End date"},
    {"end_reason", "Reason for ending"},
    {"engagement", "Engagement"},
    {"equivalent_course", "Equivalent course"},
    {"family_name", "Family name"},
    {"funded_by", "Funded by"},
    {"given_name", "Given name"},
    {"hours", "Hours"},
    {"identifiers", "Identifiers"},
    {"issued_date", "Date of issue"},
    {"kind", "Kind"},
    {"languages", "Languages"},
    {"level", "Level"},
    {"mode", "Mode"},
    {"move", "Move"},
    {"move_date", "Date of the move"},
    {"name", "Name"},
    {"note", "Note"},
    {"org_unit_id", "Org unit"},
    {"organisation_id", "Organisation"},
    {"other_names", "Other names"},
    {"override_reason", "Reason for the override"},
    {"paid_on", "Date paid"},
    {"parent_id", "Parent org unit"},
    {"passed", "Passed"},
    {"pay_amount", "Pay"},
    {"pay_currency", "Pay currency"},
    {"period", "Period"},
    {"person_id", "Person"},
    {"person_ids", "Trainees"},
    {"phone", "Phone"},
    {"position_id", "Position"},
    {"purpose", "Purpose"},
    {"reason", "Reason"},
    {"residence_org_unit_id", "Place of residence"},
    {"revoked_reason", "Reason for revoking"},
    {"score", "Score"},
    {"session_date", "Date of the session"},
    {"sex", "Sex"},
    {"start_date", "Start date"},
    {"status", "Status"},
    {"supervisor_person_id", "Supervisor"},
    {"title", "Title"},
    {"topics", "Topics"},
    {"trainer_ids", "Trainers"},
    {"type", "Type"},
    {"venue_org_unit_id", "Venue"},
    {"year", "Year"},
};

/* A declared custom field's label in the current language into buf, or NULL. */
static const char *custom_label(char *buf, size_t size, const char *name)
{
    static const char *const entities[] = {KAZI_ENTITY_PERSON, KAZI_ENTITY_POSITION};
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    const char *out = NULL;
    for (size_t e = 0; e < sizeof entities / sizeof *entities && !out; e++) {
        json_t *decls = NULL;
        if (cat->fields(cat->ctx, entities[e], &decls) < 0) {
            kazi_error_clear();
            continue;
        }
        size_t i;
        json_t *d;
        json_array_foreach(decls, i, d)
        {
            const char *n = json_string_value(json_object_get(d, "name"));
            if (!n || strcmp(n, name)) continue;
            const json_t *labels = json_object_get(d, "labels");
            const char *text = kazi_words_pick(labels ? labels : json_object_get(d, "label"));
            if (text && *text) out = snprintf(buf, size, "%s", text) >= 0 ? buf : NULL;
            break;
        }
        json_decref(decls);
    }
    return out;
}

const char *kazi_words_field(char *buf, size_t size, const char *field)
{
    if (!size) return buf;
    if (!field) field = "";
    const char *name = field;
    /* A field the configuration declares, named as the API names it ("phone") or with its
     * prefix ("custom.phone"): its declared label. */
    if (custom_label(buf, size, strncmp(field, "custom.", 7) ? field : field + 7)) return buf;
    if (!strncmp(field, "identifier.", 11)) {
        char type[200];
        kazi_words_name(type, sizeof type, "identifiers", field + 11);
        if (strcmp(type, field + 11)) { /* declared with a name */
            snprintf(buf, size, "%s", type);
            return buf;
        }
        name = field + 11; /* not named: spelled out below */
    }
    size_t lo = 0, hi = sizeof field_labels / sizeof *field_labels;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, field_labels[mid].name);
        if (!c) {
            return kazi_i18n_text(buf, size, field_labels[mid].en);
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    /* not one of Kazi's: the name in words ("shoe_size" -> "Shoe size") */
    const char *dot = strrchr(name, '.');
    if (dot) name = dot + 1;
    size_t n = 0;
    for (const char *c = name; *c && n + 1 < size; c++, n++)
        buf[n] = *c == '_' ? ' ' : (n ? *c : (char)toupper((unsigned char)*c));
    buf[n] = '\0';
    if (n > 3 && !strcmp(buf + n - 3, " id")) buf[n - 3] = '\0';
    return buf;
}
