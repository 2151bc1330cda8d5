#include "domain/fhir.h"
#include "auth/roles.h"
#include "domain/catalogue.h"
#include "store/fhir.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_COUNT 50
#define MAX_COUNT     1000

static const char *const type_names[KAZI_FHIR_NTYPES] = {"Organization", "Location", "Practitioner",
                                                         "PractitionerRole"};

#define ISCO08_SYSTEM "http://www.ilo.org/public/english/bureau/stat/isco/isco08"
#define MCSD_TYPES                                                                                 \
    "https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types"
#define ORG_TYPES  "http://terminology.hl7.org/CodeSystem/organization-type"
#define PHYS_TYPES "http://terminology.hl7.org/CodeSystem/location-physical-type"

static int type_of(const char *name)
{
    for (int i = 0; name && i < KAZI_FHIR_NTYPES; i++)
        if (!strcmp(type_names[i], name)) return i;
    return -1;
}

int kazi_fhir_type_known(const char *type)
{
    return type_of(type) >= 0;
}

const char *const *kazi_fhir_param_names(const char *type, int history)
{
    static const char *const hist[] = {"_since", "_count", "_cursor", NULL};
    static const char *const practitioner[] = {"_id",    "_lastUpdated", "identifier", "name",
                                               "active", "_count",       "_cursor",    NULL};
    static const char *const role[] = {
        "_id",    "_lastUpdated", "practitioner", "organization", "location",
        "active", "_include",     "_count",       "_cursor",      NULL};
    static const char *const location[] = {"_id",    "_lastUpdated", "identifier", "name",
                                           "partof", "_count",       "_cursor",    NULL};
    if (history) return !type || type_of(type) >= 0 ? hist : NULL;
    switch (type_of(type)) {
    case KAZI_FHIR_PRACTITIONER:
        return practitioner;
    case KAZI_FHIR_ROLE:
        return role;
    case KAZI_FHIR_LOCATION:
    case KAZI_FHIR_ORGANIZATION:
        return location;
    default:
        return NULL;
    }
}

/* ---- the configuration's vocabulary -------------------------------------------------- */

typedef struct vocab {
    json_t *country; /* kazi.country or NULL */
    json_t *cadres;  /* [{id, name, ...}] */
    char base[200];  /* where Kazi's own code systems and identifier systems live */
} vocab;

static void vocab_load(vocab *v)
{
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    v->country = NULL;
    v->cadres = NULL;
    if (cat->country) cat->country(cat->ctx, &v->country);
    if (cat->cadres(cat->ctx, &v->cadres) < 0) v->cadres = NULL;
    const char *sys =
        json_string_value(json_object_get(json_object_get(v->country, "fhir"), "system_base"));
    const char *id = json_string_value(json_object_get(v->country, "id"));
    if (sys)
        snprintf(v->base, sizeof v->base, "%s", sys);
    else
        snprintf(v->base, sizeof v->base, "urn:kazi:%s", id ? id : "country");
}

static void vocab_free(vocab *v)
{
    json_decref(v->country);
    json_decref(v->cadres);
}

/* A name given as text or per language: English, else the first. */
static const char *text_of(const json_t *name)
{
    if (json_is_string(name)) return json_string_value(name);
    const char *en = json_string_value(json_object_get(name, "en"));
    if (en) return en;
    const char *k;
    json_t *val;
    json_object_foreach((json_t *)name, k, val)
    {
        if (json_is_string(val)) return json_string_value(val);
    }
    return NULL;
}

static json_t *system_for(const vocab *v, const char *what, const char *id)
{
    const json_t *fhir = json_object_get(v->country, "fhir");
    const char *named =
        json_string_value(json_object_get(json_object_get(fhir, "identifier_systems"), id));
    if (!strcmp(what, "identifier") && named) return json_string(named);
    char buf[320];
    snprintf(buf, sizeof buf, "%s%s%s/%s", v->base, strncmp(v->base, "urn:", 4) ? "/" : ":", what,
             id);
    return json_string(buf);
}

static json_t *code_system(const vocab *v, const char *what)
{
    char buf[320];
    snprintf(buf, sizeof buf, "%s%sCodeSystem/%s", v->base, strncmp(v->base, "urn:", 4) ? "/" : ":",
             what);
    return json_string(buf);
}

/* ---- resources ---------------------------------------------------------------------- */

static json_t *meta_of(int64_t ms)
{
    char at[40], ver[24];
    kazi_clock_format(at, sizeof at, ms);
    snprintf(ver, sizeof ver, "%lld", (long long)ms);
    return json_pack("{s:s,s:s}", "versionId", ver, "lastUpdated", at);
}

static json_t *ref(const char *type, const char *prefix, int64_t id)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s/%s%lld", type, prefix, (long long)id);
    return json_pack("{s:s}", "reference", buf);
}

static void set_str(json_t *o, const char *key, const json_t *row, const char *col)
{
    const char *s = json_string_value(json_object_get(row, col));
    if (s && *s) json_object_set_new(o, key, json_string(s));
}

static json_t *practitioner(kazi_db *db, const kazi_caller *c, const vocab *v, const json_t *row)
{
    int64_t id = json_integer_value(json_object_get(row, "id"));
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    const char *status = json_string_value(json_object_get(row, "status"));
    json_t *r = json_pack("{s:s,s:s,s:o,s:b}", "resourceType", "Practitioner", "id", sid, "meta",
                          meta_of(json_integer_value(json_object_get(row, "updated_ms"))), "active",
                          status && !strcmp(status, "active"));
    const char *sex = json_string_value(json_object_get(row, "sex"));
    if (sex) json_object_set_new(r, "gender", json_string(sex));
    if (c && !c->personal_data) return r; /* aggregate callers: no names, no identifiers */
    json_t *ids = NULL;
    if (kazi_store_fhir_identifiers(&ids, db, id) == KAZI_OK && json_array_size(ids)) {
        json_t *list = json_array();
        size_t i;
        json_t *it;
        json_array_foreach(ids, i, it)
        {
            const char *type = json_string_value(json_object_get(it, "type"));
            json_array_append_new(list, json_pack("{s:o,s:O}", "system",
                                                  system_for(v, "identifier", type), "value",
                                                  json_object_get(it, "value")));
        }
        json_object_set_new(r, "identifier", list);
    }
    json_decref(ids);
    json_t *name = json_pack("{s:s}", "use", "official");
    set_str(name, "family", row, "family_name");
    json_t *given = json_array();
    const char *g = json_string_value(json_object_get(row, "given_name"));
    if (g && *g) json_array_append_new(given, json_string(g));
    const char *o = json_string_value(json_object_get(row, "other_names"));
    if (o && *o) json_array_append_new(given, json_string(o));
    if (json_array_size(given))
        json_object_set_new(name, "given", given);
    else
        json_decref(given);
    json_object_set_new(r, "name", json_pack("[o]", name));
    const char *phone = json_string_value(json_object_get(row, "phone"));
    if (phone && *phone)
        json_object_set_new(
            r, "telecom",
            json_pack("[{s:s,s:s,s:s}]", "system", "phone", "value", phone, "use", "mobile"));
    set_str(r, "birthDate", row, "birth_date");
    json_t *certs = NULL;
    if (kazi_store_fhir_certificates(&certs, db, id) == KAZI_OK) {
        json_t *quals = json_array();
        size_t i;
        json_t *it;
        json_array_foreach(certs, i, it)
        {
            if (strcmp(json_string_value(json_object_get(it, "status")) ?: "", "valid")) continue;
            const char *cert = json_string_value(json_object_get(it, "certification"));
            json_t *period = json_object();
            set_str(period, "start", it, "issued_date");
            set_str(period, "end", it, "expires_date");
            json_array_append_new(quals, json_pack("{s:[{s:o,s:O}],s:{s:[{s:o,s:s}],s:s},s:o}",
                                                   "identifier", "system",
                                                   system_for(v, "certificate", "number"), "value",
                                                   json_object_get(it, "number"), "code", "coding",
                                                   "system", code_system(v, "certification"),
                                                   "code", cert, "text", cert, "period", period));
        }
        if (json_array_size(quals))
            json_object_set_new(r, "qualification", quals);
        else
            json_decref(quals);
    }
    json_decref(certs);
    return r;
}

static json_t *role(const vocab *v, const json_t *row)
{
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
    const char *end = json_string_value(json_object_get(row, "end_date"));
    char today[16];
    time_t now = (time_t)(kazi_clock_now_ms() / 1000);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    json_t *period = json_object();
    set_str(period, "start", row, "start_date");
    set_str(period, "end", row, "end_date");
    json_t *r = json_pack(
        "{s:s,s:s,s:o,s:b,s:o,s:o,s:o,s:[o],s:[o]}", "resourceType", "PractitionerRole", "id", sid,
        "meta", meta_of(json_integer_value(json_object_get(row, "updated_ms"))), "active",
        !end || strcmp(end, today) >= 0, "period", period, "practitioner",
        ref("Practitioner", "", json_integer_value(json_object_get(row, "person_id"))),
        "organization",
        ref("Organization", "e", json_integer_value(json_object_get(row, "organisation_id"))),
        "location", ref("Location", "", json_integer_value(json_object_get(row, "org_unit_id"))),
        "code", json_object());
    const char *cadre = json_string_value(json_object_get(row, "cadre"));
    json_t *code = json_array_get(json_object_get(r, "code"), 0);
    json_t *coding = json_array();
    const char *display = NULL;
    size_t i;
    json_t *it;
    json_array_foreach(v->cadres, i, it)
    {
        if (cadre && !strcmp(json_string_value(json_object_get(it, "id")) ?: "", cadre))
            display = text_of(json_object_get(it, "name"));
    }
    json_t *mine =
        json_pack("{s:o,s:s}", "system", code_system(v, "cadre"), "code", cadre ? cadre : "");
    if (display) json_object_set_new(mine, "display", json_string(display));
    json_array_append_new(coding, mine);
    const char *isco = json_string_value(json_object_get(
        json_object_get(json_object_get(v->country, "fhir"), "isco08"), cadre ? cadre : ""));
    if (isco)
        json_array_append_new(coding,
                              json_pack("{s:s,s:s}", "system", ISCO08_SYSTEM, "code", isco));
    json_object_set_new(code, "coding", coding);
    if (display) json_object_set_new(code, "text", json_string(display));
    return r;
}

static json_t *location(const json_t *row)
{
    int64_t id = json_integer_value(json_object_get(row, "id"));
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    json_t *r = json_pack(
        "{s:s,s:s,s:o,s:s,s:s,s:[{s:O}],s:[{s:[{s:s,s:s}]}],s:{s:[{s:s,s:s}]},s:o}", "resourceType",
        "Location", "id", sid, "meta",
        meta_of(json_integer_value(json_object_get(row, "updated_ms"))), "status", "active", "mode",
        "instance", "identifier", "value", json_object_get(row, "code"), "type", "coding", "system",
        MCSD_TYPES, "code", "jurisdiction", "physicalType", "coding", "system", PHYS_TYPES, "code",
        "jdn", "managingOrganization", ref("Organization", "u", id));
    set_str(r, "name", row, "name");
    json_t *parent = json_object_get(row, "parent_id");
    if (json_is_integer(parent))
        json_object_set_new(r, "partOf", ref("Location", "", json_integer_value(parent)));
    return r;
}

static const char *org_type(const char *kind)
{
    if (!strcmp(kind, "government")) return "govt";
    if (!strcmp(kind, "faith_based")) return "reli";
    if (!strcmp(kind, "ngo")) return "cg";
    if (!strcmp(kind, "private")) return "bus";
    return "other";
}

static json_t *organization(const json_t *row)
{
    const char *kind = json_string_value(json_object_get(row, "kind"));
    int u = kind && kind[0] == 'u';
    int64_t id = json_integer_value(json_object_get(row, "id"));
    char sid[24];
    snprintf(sid, sizeof sid, "%c%lld", u ? 'u' : 'e', (long long)id);
    const char *type = json_string_value(json_object_get(row, "type"));
    json_t *r = json_pack("{s:s,s:s,s:o,s:b,s:[{s:O}]}", "resourceType", "Organization", "id", sid,
                          "meta", meta_of(json_integer_value(json_object_get(row, "updated_ms"))),
                          "active", 1, "identifier", "value", json_object_get(row, "code"));
    set_str(r, "name", row, "name");
    json_t *coding = u ? json_pack("{s:s,s:s}", "system", MCSD_TYPES, "code", "jurisdiction")
                       : json_pack("{s:s,s:s}", "system", ORG_TYPES, "code", org_type(type ?: ""));
    json_object_set_new(r, "type", json_pack("[{s:[o]}]", "coding", coding));
    json_t *parent = json_object_get(row, "parent_id");
    if (u && json_is_integer(parent))
        json_object_set_new(r, "partOf", ref("Organization", "u", json_integer_value(parent)));
    return r;
}

/* ---- parameters ---------------------------------------------------------------------- */

static int bad(const char *param, const char *why)
{
    return kazi_error_set(KAZI_EINVALID, param, "%s: %s", param, why);
}

static int parse_id(int64_t *out, const char *s, const char *param)
{
    char *end;
    if (!s || !isdigit((unsigned char)*s)) return bad(param, "expected a resource id");
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0) return bad(param, "expected a resource id");
    *out = v;
    return KAZI_OK;
}

/* "Type/id" or "id" for a reference parameter of `type`; Organization ids keep their
 * kind letter. */
static int parse_ref(int64_t *out, char *kind, const char *s, const char *type, const char *param)
{
    size_t n = strlen(type);
    if (!strncmp(s, type, n) && s[n] == '/') s += n + 1;
    if (kind) {
        if (*s != 'u' && *s != 'e') return bad(param, "expected Organization/u<id> or /e<id>");
        *kind = *s++;
    }
    return parse_id(out, s, param);
}

/* An instant or date (FHIR dateTime) as epoch ms. */
static int parse_time(int64_t *out, const char *s, const char *param)
{
    struct tm tm = {0};
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return bad(param, "expected a date (YYYY-MM-DD) or an instant (YYYY-MM-DDThh:mm:ssZ)");
    const char *p = s + 10;
    int64_t frac = 0, off = 0;
    if (*p == 'T') {
        int m = 0;
        if (sscanf(p, "T%2d:%2d:%2d%n", &h, &mi, &sec, &m) != 3 || m != 9)
            return bad(param, "expected an instant (YYYY-MM-DDThh:mm:ssZ)");
        p += 9;
        if (*p == '.') {
            int digits = 0;
            for (p++; isdigit((unsigned char)*p); p++, digits++)
                if (digits < 3) frac = frac * 10 + (*p - '0');
            for (; digits < 3; digits++)
                frac *= 10;
        }
        if (*p == 'Z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om, k = 0;
            if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &k) != 2 || k != 5)
                return bad(param, "bad time zone offset");
            off = (*p == '-' ? -1 : 1) * ((int64_t)oh * 60 + om) * 60000;
            p += 6;
        } else {
            return bad(param, "an instant needs a time zone (Z or +hh:mm)");
        }
    }
    if (*p) return bad(param, "unexpected text after the date");
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return bad(param, "not a real date and time");
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *out = (int64_t)timegm(&tm) * 1000 + frac - off;
    return KAZI_OK;
}

/* The cursor of a next link: "<at>.<kind>.<id>", kind '-' when the type has none. */
static int parse_cursor(kazi_fhir_filter *f, int *type_at, const char *s)
{
    long long at, id;
    char kind;
    int t, n = 0;
    if (sscanf(s, "%d.%lld.%c.%lld%n", &t, &at, &kind, &id, &n) != 4 || s[n] || t < 0 ||
        t >= KAZI_FHIR_NTYPES || at < 0 || id < 0 || (kind != '-' && kind != 'u' && kind != 'e'))
        return bad("_cursor", "not a cursor this server made (follow the Bundle's next link)");
    *type_at = t;
    f->after_at = at;
    f->after_kind = kind == '-' ? 0 : kind;
    f->after_id = id;
    return KAZI_OK;
}

static void lower_copy(char *dst, size_t size, const char *s)
{
    size_t k = 0;
    int space = 1;
    for (; *s && k + 1 < size; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isspace(ch)) {
            if (!space) dst[k++] = ' ';
            space = 1;
            continue;
        }
        if (ch == '%' || ch == '_' || ch == '\\') {
            if (k + 2 >= size) break;
            dst[k++] = '\\';
        }
        dst[k++] = (char)tolower(ch);
        space = 0;
    }
    while (k && dst[k - 1] == ' ')
        k--;
    dst[k] = '\0';
}

/* ---- read, search, history ------------------------------------------------------------ */

typedef struct page {
    kazi_db *db;
    const kazi_caller *c;
    const vocab *v;
    int type;
    int history;
    const char *base;
    json_t *entries;
    json_t *include; /* practitioner ids to include (object used as a set) */
    int n, max;      /* entries added; at most max (one more row only says "more") */
    int more;
    int64_t last_at, last_id;
    char last_kind;
    kazi_buf *text; /* when set, each entry is written here as it is made, not kept */
    int ntext;      /* entries written to text */
} page;

/* Write one entry to the page's text ("," between entries) and drop it. Serialising each
 * entry as soon as it is made keeps the working set to one resource: building the whole
 * page as a tree and then dumping it spent about half of a _history page in malloc and
 * free of tens of thousands of nodes (glibc's fastbin consolidation). */
static int append_to(const char *buf, size_t size, void *b)
{
    return kazi_buf_append(b, buf, size) == KAZI_OK ? 0 : -1;
}

static int write_entry(kazi_buf *b, int *n, json_t *entry)
{
    /* straight into the page's buffer (kazi_json_dump's flags), no copy per entry */
    int rc = (!*n || kazi_buf_append(b, ",", 1) == KAZI_OK) &&
                     json_dump_callback(entry, append_to, b, JSON_COMPACT | JSON_ENCODE_ANY) == 0
                 ? KAZI_OK
                 : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    json_decref(entry);
    (*n)++;
    return rc;
}

static json_t *resource_of(page *pg, const json_t *row)
{
    switch (pg->type) {
    case KAZI_FHIR_PRACTITIONER:
        return practitioner(pg->db, pg->c, pg->v, row);
    case KAZI_FHIR_ROLE:
        return role(pg->v, row);
    case KAZI_FHIR_LOCATION:
        return location(row);
    default:
        return organization(row);
    }
}

static int add_entry(void *ctx, json_t *row)
{
    page *pg = ctx;
    if (pg->n == pg->max) {
        pg->more = 1;
        json_decref(row);
        return KAZI_OK;
    }
    pg->n++;
    pg->last_at = json_integer_value(json_object_get(row, "updated_ms"));
    pg->last_id = json_integer_value(json_object_get(row, "id"));
    const char *kind = json_string_value(json_object_get(row, "kind"));
    pg->last_kind = kind ? kind[0] : 0;
    json_t *res = resource_of(pg, row);
    if (!res) {
        json_decref(row);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    char url[400];
    snprintf(url, sizeof url, "%s/%s/%s", pg->base, type_names[pg->type],
             json_string_value(json_object_get(res, "id")));
    json_t *entry = json_pack("{s:s}", "fullUrl", url);
    const char *status = json_string_value(json_object_get(row, "status"));
    int gone = status && !strcmp(status, "merged");
    if (pg->include && pg->type == KAZI_FHIR_ROLE) {
        char key[24];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(row, "person_id")));
        json_object_set_new(pg->include, key, json_true());
    }
    if (pg->history) {
        char rel[200];
        snprintf(rel, sizeof rel, "%s/%s", type_names[pg->type],
                 json_string_value(json_object_get(res, "id")));
        /* A merged person is deleted for a mirror; the survivor's own version follows
         * (its record changed in the same merge). */
        json_object_set_new(entry, "request",
                            json_pack("{s:s,s:s}", "method", gone ? "DELETE" : "PUT", "url", rel));
        json_object_set_new(
            entry, "response",
            json_pack("{s:s,s:O}", "status", gone ? "410" : "200", "lastModified",
                      json_object_get(json_object_get(res, "meta"), "lastUpdated")));
        if (!gone)
            json_object_set_new(entry, "resource", res);
        else
            json_decref(res);
    } else {
        json_object_set_new(entry, "resource", res);
        json_object_set_new(entry, "search", json_pack("{s:s}", "mode", "match"));
    }
    json_decref(row);
    if (pg->text) return write_entry(pg->text, &pg->ntext, entry);
    json_array_append_new(pg->entries, entry);
    return KAZI_OK;
}

static void scope_filter(kazi_fhir_filter *f, const kazi_caller *c)
{
    if (c && !kazi_caller_is_national(c)) {
        kazi_caller_scope_range(c, &f->lo, &f->hi);
        f->scope_path = c->scope_path;
    }
}

int kazi_fhir_read(json_t **out, kazi_db *db, const kazi_caller *c, const char *type,
                   const char *id)
{
    int t = type_of(type);
    if (t < 0) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no resource type %s here", type);
    kazi_fhir_filter f = {.active = -1, .history = 1, .limit = 1};
    scope_filter(&f, c);
    int rc = t == KAZI_FHIR_ORGANIZATION ? parse_ref(&f.id, &f.kind, id, type, "id")
                                         : parse_id(&f.id, id, "id");
    if (rc < 0) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no %s/%s", type, id);
    vocab v;
    vocab_load(&v);
    page pg = {.db = db,
               .c = c,
               .v = &v,
               .type = t,
               .history = 1,
               .base = "",
               .entries = json_array(),
               .max = 1};
    rc = kazi_store_fhir_each(db, (kazi_fhir_type)t, &f, add_entry, &pg);
    vocab_free(&v);
    if (rc == KAZI_OK && pg.n == 0) rc = kazi_error_set(KAZI_ENOTFOUND, NULL, "no %s/%s", type, id);
    if (rc == KAZI_OK) {
        json_t *e = json_array_get(pg.entries, 0);
        json_t *res = json_object_get(e, "resource");
        if (!res) /* a merged person: the history entry has no resource */
            rc = kazi_error_set_slug(KAZI_ENOTFOUND, "gone", NULL,
                                     "%s/%s was merged into another record", type, id);
        else
            *out = json_incref(res);
    }
    json_decref(pg.entries);
    return rc;
}

/* The query text of a link: the request's parameters without _cursor, then `cursor`. */
static void link_query(char *buf, size_t size, const kazi_fhir_params *p, const char *cursor)
{
    struct {
        const char *k, *v;
    } kv[] = {{"_id", p->id},
              {"_lastUpdated", p->last_updated},
              {"_since", p->since},
              {"name", p->name},
              {"identifier", p->identifier},
              {"active", p->active},
              {"partof", p->partof},
              {"organization", p->organization},
              {"location", p->location},
              {"practitioner", p->practitioner},
              {"_include", p->include},
              {"_count", p->count},
              {"_cursor", cursor}};
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        if (!kv[i].v) continue;
        k += (size_t)snprintf(buf + k, k < size ? size - k : 0, "%s%s=", k ? "&" : "?", kv[i].k);
        for (const unsigned char *s = (const unsigned char *)kv[i].v; *s && k + 4 < size; s++) {
            if (isalnum(*s) || strchr("-._~:", *s))
                buf[k++] = (char)*s;
            else
                k += (size_t)snprintf(buf + k, size - k, "%%%02X", *s);
        }
        if (k >= size) k = size - 1;
        buf[k] = '\0';
    }
}

/* The search behind kazi_fhir_search_text: the entries go to `text` as they are made and
 * the Bundle (*out) has none. */
static int search(json_t **out, kazi_buf *text, int *ntext, kazi_db *db, const kazi_caller *c,
                  const char *type, int history, const kazi_fhir_params *p, const char *base)
{
    int t = type ? type_of(type) : KAZI_FHIR_ORGANIZATION;
    if (t < 0) return kazi_error_set(KAZI_ENOTFOUND, NULL, "no resource type %s here", type);
    kazi_fhir_filter f = {.active = -1, .history = history};
    scope_filter(&f, c);
    int64_t count = DEFAULT_COUNT;
    int rc = KAZI_OK;
    if (p->count) {
        char *end;
        count = strtoll(p->count, &end, 10);
        if (*end || count < 1 || count > MAX_COUNT) return bad("_count", "must be 1 to 1000");
    }
    f.limit = (int)count + 1; /* one more tells whether there is a next page */
    if (p->id) {
        rc = t == KAZI_FHIR_ORGANIZATION ? parse_ref(&f.id, &f.kind, p->id, "Organization", "_id")
                                         : parse_id(&f.id, p->id, "_id");
        if (rc < 0) return rc;
    }
    const char *lu = p->last_updated;
    if (lu) {
        if (!strncmp(lu, "gt", 2) || !strncmp(lu, "ge", 2))
            lu += 2;
        else if (isalpha((unsigned char)lu[0]))
            return bad("_lastUpdated", "only gt and ge prefixes are supported");
        if ((rc = parse_time(&f.updated_after, lu, "_lastUpdated")) < 0) return rc;
        if (!strncmp(p->last_updated, "ge", 2)) f.updated_after--;
    }
    if (p->since) {
        if ((rc = parse_time(&f.updated_after, p->since, "_since")) < 0) return rc;
        f.updated_after--; /* _since includes changes at that instant */
    }
    char name[200];
    if (p->name) {
        lower_copy(name, sizeof name, p->name);
        f.name = name;
    }
    if (p->identifier) {
        const char *bar = strchr(p->identifier, '|');
        f.identifier = bar ? bar + 1 : p->identifier; /* a value is unique within its type */
    }
    if (p->active) {
        if (strcmp(p->active, "true") && strcmp(p->active, "false"))
            return bad("active", "must be true or false");
        f.active = !strcmp(p->active, "true");
    }
    if (p->partof && (rc = t == KAZI_FHIR_ORGANIZATION
                               ? parse_ref(&f.partof, &f.kind, p->partof, "Organization", "partof")
                               : parse_ref(&f.partof, NULL, p->partof, "Location", "partof")) < 0)
        return rc;
    if (p->partof && t == KAZI_FHIR_ORGANIZATION && f.kind != 'u')
        return bad("partof", "only jurisdictions (Organization/u<id>) have parts");
    if (p->partof && t == KAZI_FHIR_ORGANIZATION) f.kind = 'u';
    if (p->practitioner && (rc = parse_ref(&f.practitioner, NULL, p->practitioner, "Practitioner",
                                           "practitioner")) < 0)
        return rc;
    if (p->location && (rc = parse_ref(&f.location, NULL, p->location, "Location", "location")) < 0)
        return rc;
    if (p->organization) {
        char k;
        if ((rc = parse_ref(&f.employer, &k, p->organization, "Organization", "organization")) < 0)
            return rc;
        if (k != 'e')
            return bad("organization",
                       "a PractitionerRole's organization is an employer (Organization/e<id>)");
    }
    if (p->include && strcmp(p->include, "PractitionerRole:practitioner"))
        return bad("_include", "only PractitionerRole:practitioner is supported");
    int first_type = t;
    if (p->cursor && (rc = parse_cursor(&f, &first_type, p->cursor)) < 0) return rc;
    if (!f.history && p->cursor) f.after_at = 0;
    if (type && first_type != t) return bad("_cursor", "not a cursor of this search");

    vocab v;
    vocab_load(&v);
    json_t *entries = json_array();
    json_t *include = p->include ? json_object() : NULL;
    char cursor[80] = "";
    int left = (int)count;
    for (int ty = first_type; ty < KAZI_FHIR_NTYPES && rc == KAZI_OK; ty++) {
        /* the whole-system feed holds only the types the caller may read */
        if (!type && c && ty == KAZI_FHIR_ROLE && !kazi_role_has(c->role, "positions.read"))
            continue;
        page pg = {.db = db,
                   .c = c,
                   .v = &v,
                   .type = ty,
                   .history = history,
                   .base = base,
                   .entries = json_array(),
                   .include = include,
                   .max = left,
                   .text = text,
                   .ntext = *ntext};
        f.limit = left + 1;
        rc = kazi_store_fhir_each(db, (kazi_fhir_type)ty, &f, add_entry, &pg);
        *ntext = pg.ntext;
        json_array_extend(entries, pg.entries);
        json_decref(pg.entries);
        left -= pg.n;
        if (pg.more) {
            snprintf(cursor, sizeof cursor, "%d.%lld.%c.%lld", ty,
                     (long long)(history ? pg.last_at : 0), pg.last_kind ? pg.last_kind : '-',
                     (long long)pg.last_id);
            break;
        }
        if (type) break;             /* one type only */
        f.after_at = f.after_id = 0; /* the next type from its newest change */
        f.after_kind = 0;
        if (left == 0) {
            if (ty + 1 < KAZI_FHIR_NTYPES) snprintf(cursor, sizeof cursor, "%d.0.-.0", ty + 1);
            break;
        }
    }
    if (rc == KAZI_OK && include) {
        const char *key;
        json_t *val;
        json_object_foreach(include, key, val)
        {
            json_t *res;
            if (kazi_fhir_read(&res, db, c, "Practitioner", key) < 0) continue;
            char url[400];
            snprintf(url, sizeof url, "%s/Practitioner/%s", base, key);
            json_t *e = json_pack("{s:s,s:o,s:{s:s}}", "fullUrl", url, "resource", res, "search",
                                  "mode", "include");
            if (text && (rc = write_entry(text, ntext, e)) < 0) break;
            if (!text) json_array_append_new(entries, e);
        }
        kazi_error_clear();
    }
    vocab_free(&v);
    json_decref(include);
    if (rc < 0) {
        json_decref(entries);
        return rc;
    }
    char q[1200], url[1600];
    const char *path = type ? type : "";
    json_t *links = json_array();
    link_query(q, sizeof q, p, p->cursor);
    snprintf(url, sizeof url, "%s/%s%s%s", base, path,
             history ? (type ? "/_history" : "_history") : "", q);
    json_array_append_new(links, json_pack("{s:s,s:s}", "relation", "self", "url", url));
    if (cursor[0]) {
        link_query(q, sizeof q, p, cursor);
        snprintf(url, sizeof url, "%s/%s%s%s", base, path,
                 history ? (type ? "/_history" : "_history") : "", q);
        json_array_append_new(links, json_pack("{s:s,s:s}", "relation", "next", "url", url));
    }
    json_t *bundle = json_pack("{s:s,s:s,s:o}", "resourceType", "Bundle", "type",
                               history ? "history" : "searchset", "link", links);
    if (json_array_size(entries))
        json_object_set_new(bundle, "entry", entries);
    else
        json_decref(entries);
    *out = bundle;
    return KAZI_OK;
}

int kazi_fhir_search_text(char **out, size_t *len, kazi_db *db, const kazi_caller *c,
                          const char *type, int history, const kazi_fhir_params *p,
                          const char *base)
{
    *out = NULL;
    *len = 0;
    kazi_buf entries = {0}, b = {0};
    int n = 0;
    json_t *bundle = NULL;
    int rc = search(&bundle, &entries, &n, db, c, type, history, p, base);
    char *head = rc == KAZI_OK ? kazi_json_dump(bundle) : NULL;
    json_decref(bundle);
    if (rc < 0) goto done;
    /* {...head...} becomes {...head...,"entry":[entries]} (no empty array: FHIR has none) */
    size_t hl = head ? strlen(head) : 0;
    if (hl < 2 || (rc = kazi_buf_append(&b, head, hl - 1)) < 0 ||
        (n && ((rc = kazi_buf_append(&b, ",\"entry\":[", 10)) < 0 ||
               (rc = kazi_buf_append(&b, entries.data, entries.len)) < 0 ||
               (rc = kazi_buf_append(&b, "]", 1)) < 0)) ||
        (rc = kazi_buf_append(&b, "}", 1)) < 0) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    *out = b.data;
    *len = b.len;
    b.data = NULL;
done:
    free(head);
    free(entries.data);
    free(b.data);
    return rc;
}

json_t *kazi_fhir_capability(const char *base)
{
    char now[40];
    kazi_clock_format(now, sizeof now, kazi_clock_now_ms());
    json_t *resources = json_array();
    for (int t = 0; t < KAZI_FHIR_NTYPES; t++) {
        json_t *params = json_array();
        const char *const *names = kazi_fhir_param_names(type_names[t], 0);
        for (int i = 0; names[i]; i++) {
            if (!strcmp(names[i], "_count") || !strcmp(names[i], "_cursor") ||
                !strcmp(names[i], "_include"))
                continue;
            const char *ptype = !strcmp(names[i], "_lastUpdated") ? "date"
                                : !strcmp(names[i], "name")       ? "string"
                                : !strcmp(names[i], "_id") || !strcmp(names[i], "identifier") ||
                                        !strcmp(names[i], "active")
                                    ? "token"
                                    : "reference";
            json_array_append_new(params, json_pack("{s:s,s:s}", "name", names[i], "type", ptype));
        }
        json_t *r = json_pack("{s:s,s:[{s:s},{s:s},{s:s}],s:s,s:o}", "type", type_names[t],
                              "interaction", "code", "read", "code", "search-type", "code",
                              "history-type", "versioning", "no-version", "searchParam", params);
        if (t == KAZI_FHIR_ROLE)
            json_object_set_new(r, "searchInclude",
                                json_pack("[s]", "PractitionerRole:practitioner"));
        json_array_append_new(resources, r);
    }
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:[s],s:{s:s},s:{s:s,s:s},s:[{s:s,s:{s:s},s:o,s:[{s:s}]}]}",
        "resourceType", "CapabilityStatement", "status", "active", "date", now, "kind", "instance",
        "fhirVersion", "4.0.1", "format", "json", "software", "name", "Kazi", "implementation",
        "description", "Kazi social service workforce registry (mCSD read)", "url", base, "rest",
        "mode", "server", "security", "description",
        "An API token (Authorization: Bearer) or a signed-in session; the "
        "token's org-unit scope filters every result",
        "resource", resources, "interaction", "code", "history-system");
}

json_t *kazi_fhir_outcome(const char *code, const char *message, const char *field)
{
    json_t *issue = json_pack("{s:s,s:s}", "severity", "error", "code", code);
    json_t *text = json_string(message && *message ? message : code);
    json_object_set_new(issue, "diagnostics",
                        text ? text : json_string("(message was not valid UTF-8)"));
    if (field && *field) json_object_set_new(issue, "expression", json_pack("[s]", field));
    return json_pack("{s:s,s:[o]}", "resourceType", "OperationOutcome", "issue", issue);
}
