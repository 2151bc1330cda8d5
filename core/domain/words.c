#include "domain/words.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/catalogue.h"
#include "lua/runtime.h"
#include "util/error.h"
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
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *x = json_string_value(json_object_get(e, "id"));
        if (x && !strcmp(x, id)) return e;
    }
    return NULL;
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

/* The word that joins the last two alternatives, in the current language. Kazi knows
 * its shipped languages' words; any other language reads the first language's or "or". */
static const char *or_word(void)
{
    static const struct {
        const char *lang, *word;
    } words[] = {{"en", "or"}, {"sw", "au"}};
    char first[KAZI_LANG_MAX];
    const char *tries[] = {kazi_lang_current(), first_language(first, sizeof first)};
    for (size_t t = 0; t < sizeof tries / sizeof *tries; t++)
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (!strcmp(tries[t], words[i].lang)) return words[i].word;
    return "or";
}

const char *kazi_words_or(char *buf, size_t size, const json_t *cat, const char *kind,
                          const json_t *ids)
{
    if (!size) return buf;
    buf[0] = '\0';
    size_t n = json_array_size(ids), at = 0;
    const char *conj = n > 1 ? or_word() : "";
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

/* Kazi's own fields in plain words, in the languages Kazi ships (a field a configuration
 * declares is labelled by its declaration). Sorted by name. */
static const struct {
    const char *name, *en, *sw;
} field_labels[] = {
    {"activity", "Activity", "Shughuli"},
    {"activity_date", "Date of the activity", "Tarehe ya shughuli"},
    {"amount", "Amount", "Kiasi"},
    {"approved", "Approved", "Imeidhinishwa"},
    {"birth_date", "Date of birth", "Tarehe ya kuzaliwa"},
    {"cadre", "Cadre", "Kada"},
    {"capacity", "Number of places", "Idadi ya nafasi"},
    {"certification", "Certification", "Cheti"},
    {"code", "Code", "Msimbo"},
    {"completion_date", "Completion date", "Tarehe ya kuhitimu"},
    {"count", "Count", "Idadi"},
    {"course", "Course", "Kozi"},
    {"course_version", "Course version", "Toleo la kozi"},
    {"currency", "Currency", "Sarafu"},
    {"date", "Date", "Tarehe"},
    {"duration_minutes", "Duration in minutes", "Muda kwa dakika"},
    {"education", "Education", "Elimu"},
    {"end_date", "End date", "Tarehe ya mwisho"},
    {"end_reason", "Reason for ending", "Sababu ya kumaliza"},
    {"engagement", "Engagement", "Aina ya ajira"},
    {"equivalent_course", "Equivalent course", "Kozi inayolingana"},
    {"family_name", "Family name", "Jina la ukoo"},
    {"funded_by", "Funded by", "Anayefadhili"},
    {"given_name", "Given name", "Jina la kwanza"},
    {"hours", "Hours", "Saa"},
    {"identifiers", "Identifiers", "Vitambulisho"},
    {"issued_date", "Date of issue", "Tarehe ya kutolewa"},
    {"kind", "Kind", "Aina"},
    {"languages", "Languages", "Lugha"},
    {"level", "Level", "Ngazi"},
    {"mode", "Mode", "Njia"},
    {"move", "Move", "Hatua ya kikazi"},
    {"move_date", "Date of the move", "Tarehe ya kuhama"},
    {"name", "Name", "Jina"},
    {"note", "Note", "Maelezo"},
    {"org_unit_id", "Org unit", "Eneo"},
    {"organisation_id", "Organisation", "Taasisi"},
    {"other_names", "Other names", "Majina mengine"},
    {"override_reason", "Reason for the override", "Sababu ya kupuuza kanuni"},
    {"paid_on", "Date paid", "Tarehe ya malipo"},
    {"parent_id", "Parent org unit", "Eneo la juu"},
    {"passed", "Passed", "Amefaulu"},
    {"pay_amount", "Pay", "Malipo"},
    {"pay_currency", "Pay currency", "Sarafu ya malipo"},
    {"period", "Period", "Kipindi"},
    {"person_id", "Person", "Mtu"},
    {"person_ids", "Trainees", "Wanafunzi"},
    {"phone", "Phone", "Simu"},
    {"position_id", "Position", "Nafasi"},
    {"purpose", "Purpose", "Madhumuni"},
    {"reason", "Reason", "Sababu"},
    {"residence_org_unit_id", "Place of residence", "Mahali anapoishi"},
    {"revoked_reason", "Reason for revoking", "Sababu ya kufuta"},
    {"score", "Score", "Alama"},
    {"session_date", "Date of the session", "Tarehe ya kikao"},
    {"sex", "Sex", "Jinsia"},
    {"start_date", "Start date", "Tarehe ya kuanza"},
    {"status", "Status", "Hali"},
    {"supervisor_person_id", "Supervisor", "Msimamizi"},
    {"title", "Title", "Cheo"},
    {"topics", "Topics", "Mada"},
    {"trainer_ids", "Trainers", "Wakufunzi"},
    {"type", "Type", "Aina"},
    {"venue_org_unit_id", "Venue", "Mahali pa mafunzo"},
    {"year", "Year", "Mwaka"},
};

/* The current language for Kazi's own words: "sw" when it (or, with no choice made, the
 * configuration's first language) is Swahili, else English. */
static int in_swahili(void)
{
    char first[KAZI_LANG_MAX];
    const char *lang = kazi_lang_current();
    if (!*lang) lang = first_language(first, sizeof first);
    return !strcmp(lang, "sw");
}

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
    if (!strncmp(field, "custom.", 7) && custom_label(buf, size, field + 7)) return buf;
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
            snprintf(buf, size, "%s", in_swahili() ? field_labels[mid].sw : field_labels[mid].en);
            return buf;
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
