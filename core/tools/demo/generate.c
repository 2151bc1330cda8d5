#include "demo/generate.h"
#include "domain/audit.h"
#include "domain/catalogue.h"
#include "domain/certificate.h"
#include "domain/schema.h"
#include "lua/runtime.h"
#include "store/organisation.h"
#include "store/orgunit.h"
#include "store/registry.h"
#include "store/support.h"
#include "store/training.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- deterministic randomness (splitmix64) -------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int below(rng *r, int n)
{
    return (int)(next(r) % (uint64_t)n);
}

/* 1 with probability pct/100. */
static int chance(rng *r, int pct)
{
    return below(r, 100) < pct;
}

#define PICK(r, a) ((a)[below((r), (int)(sizeof(a) / sizeof((a)[0])))])

/* ---- names ---------------------------------------------------------------------------- */

static const char *const regions[31] = {
    "Arusha",        "Dar es Salaam",   "Dodoma",
    "Geita",         "Iringa",          "Kagera",
    "Katavi",        "Kigoma",          "Kilimanjaro",
    "Lindi",         "Manyara",         "Mara",
    "Mbeya",         "Morogoro",        "Mtwara",
    "Mwanza",        "Njombe",          "Pwani",
    "Rukwa",         "Ruvuma",          "Shinyanga",
    "Simiyu",        "Singida",         "Songwe",
    "Tabora",        "Tanga",           "Kaskazini Unguja",
    "Kusini Unguja", "Mjini Magharibi", "Kaskazini Pemba",
    "Kusini Pemba",
};

static const char *const female[] = {
    "Amina",  "Asha",      "Aisha",     "Rehema",    "Neema",  "Zawadi",    "Halima",  "Mwanaisha",
    "Upendo", "Furaha",    "Tumaini",   "Imani",     "Rose",   "Grace",     "Esther",  "Mary",
    "Agnes",  "Joyce",     "Happiness", "Elizabeth", "Salma",  "Zuhura",    "Mwajuma", "Saida",
    "Mariam", "Pendo",     "Witness",   "Veronica",  "Anna",   "Catherine", "Sophia",  "Subira",
    "Tatu",   "Mwanahawa", "Zainabu",   "Faraja",    "Baraka", "Msafiri",   "Hadija",  "Rukia",
};
static const char *const male[] = {
    "Juma",     "Hamisi",  "Baraka",  "Emmanuel", "John",     "Joseph",   "Daudi",   "Musa",
    "Ibrahimu", "Hassani", "Salum",   "Rashidi",  "Athumani", "Omari",    "Said",    "Ally",
    "Mohamedi", "Peter",   "Paulo",   "Yohana",   "Elia",     "Godfrey",  "Frank",   "Godlisten",
    "Erasto",   "Shabani", "Mussa",   "Abdallah", "Bakari",   "Hemedi",   "Kassimu", "Selemani",
    "Amosi",    "Daniel",  "Samweli", "Jumanne",  "Mashaka",  "Faustine", "Nassoro", "Zuberi",
};
static const char *const family[] = {
    "Mushi",     "Kimaro",  "Mollel",    "Lyimo",    "Swai",       "Massawe",  "Mrema",
    "Temba",     "Shirima", "Nyerere",   "Mwakyusa", "Mwakalinga", "Mwasumbi", "Kweka",
    "Urassa",    "Minja",   "Lema",      "Mbwambo",  "Kisanga",    "Mfinanga", "Mwita",
    "Chacha",    "Marwa",   "Magesa",    "Masanja",  "Shija",      "Mabula",   "Kulwa",
    "Dotto",     "Nkya",    "Mnyampala", "Mhina",    "Kombo",      "Hamadi",   "Juma",
    "Ali",       "Mohamed", "Makame",    "Haji",     "Khamis",     "Ngowi",    "Sanga",
    "Mligo",     "Kihwele", "Mbilinyi",  "Haule",    "Komba",      "Ndunguru", "Kapinga",
    "Mapunda",   "Nchimbi", "Mwamba",    "Sichone",  "Mwansasu",   "Kalinga",  "Mgaya",
    "Luoga",     "Kaduma",  "Msigwa",    "Njau",     "Laizer",     "Sumari",   "Kivuyo",
    "Mwampashi", "Kilawe",  "Chande",    "Mkude",
};
/* Syllables that compose plausible Swahili place names: Ki-bo-ndo, Mwa-ka-le-li, ... */
static const char *const first_syl[] = {"Ki",  "Ma",  "Mwa", "Nya", "Ka", "Mbe", "Ngu", "Lu",
                                        "Mku", "Chi", "Bu",  "Ilo", "Ru", "Sha", "Msa"};
static const char *const mid_syl[] = {"ba", "ko", "nga", "la", "se", "mbo", "ti", "nyi",
                                      "ru", "ha", "ngo", "ku", "ma", "we",  "zi"};
static const char *const last_syl[] = {"ni", "ndo", "le", "ri", "mba", "ge",   "wa", "ra",
                                       "ke", "nza", "sa", "ta", "lo",  "ngwe", "mu"};
static const char *const educations[] = {"Standard VII", "Standard VII", "Form IV",
                                         "Form IV",      "Form IV",      "Form VI",
                                         "Certificate",  "Diploma",      "Degree"};
static const char *const local_langs[] = {"suk", "chg", "hay", "nym", "gog", "heh", "mas"};
static const char *const ngos[] = {
    "Kiota Children's Trust",   "Tumaini Community Care", "Huruma Family Support",
    "Mtoto Kwanza Initiative",  "Jali Watoto Network",    "Upendo Home-Based Care",
    "Faraja Orphans Programme", "Sauti ya Jamii",
};
static const char *const faith[] = {"Caritas", "Lutheran Diakonia", "Anglican Mothers' Union",
                                    "Islamic Relief Committee"};
static const char *const private_orgs[] = {"Afya Bora Ltd", "Jamii Health Partners Ltd",
                                           "Msaada Services Ltd"};

static void place_name(char *buf, size_t size, rng *r)
{
    snprintf(buf, size, "%s%s%s", PICK(r, first_syl), chance(r, 60) ? PICK(r, mid_syl) : "",
             PICK(r, last_syl));
}

/* ---- the hierarchy --------------------------------------------------------------------- */

#define DISTRICTS          184
#define WARDS_PER_DISTRICT 21
#define VILLAGES_PER_WARD  3

typedef struct gen {
    kazi_db *db;
    rng r;
    int64_t now;
    kazi_demo_stats *st;
    /* ids and paths by index */
    int64_t *district, *ward, *village;
    char (*district_path)[KAZI_ORGUNIT_PATH_MAX];
    char (*ward_path)[KAZI_ORGUNIT_PATH_MAX];
    char (*village_path)[KAZI_ORGUNIT_PATH_MAX];
    int ndistrict, nward, nvillage;
    int64_t gov_national, *council; /* per district */
    int64_t ngo[8], faith_org[31], private_org[3];
    struct worker *workers; /* what the history pass needs of each person, in id order */
    int64_t nworkers;
    char calling_code[16]; /* phones in the stored form (domain/schema) */
} gen;

/* One generated person, for the training and certification history written after
 * everyone exists (trainers and supervisors come from the register). */
typedef struct worker {
    int64_t id;
    int cadre;   /* index in the cadre list; -1: not placed */
    int prev;    /* cadre of an earlier post, -1: none */
    int village; /* residence */
    int birth_year, start_year;
    int promoted; /* the earlier post ended in a promotion */
    const char *education;
    int64_t assignment, prev_assignment;
    char start[11];
} worker;

static int add_unit(kazi_orgunit *u, gen *g, const kazi_orgunit *parent, const char *code,
                    const char *name, const char *level)
{
    memset(u, 0, sizeof *u);
    snprintf(u->code, sizeof u->code, "%s", code);
    snprintf(u->name, sizeof u->name, "%s", name);
    snprintf(u->level_id, sizeof u->level_id, "%s", level);
    u->depth = parent ? parent->depth + 1 : 0;
    int rc = kazi_orgunit_insert(u, g->db, parent);
    if (rc == KAZI_OK) g->st->org_units++;
    return rc;
}

static int add_org(int64_t *out, gen *g, const char *code, const char *name, const char *kind,
                   int64_t unit)
{
    kazi_organisation o = {.org_unit_id = unit};
    snprintf(o.code, sizeof o.code, "%s", code);
    snprintf(o.name, sizeof o.name, "%s", name);
    snprintf(o.kind, sizeof o.kind, "%s", kind);
    int rc = kazi_organisation_insert(&o, g->db);
    if (rc == KAZI_OK) {
        *out = o.id;
        g->st->organisations++;
    }
    return rc;
}

static int hierarchy(gen *g)
{
    kazi_orgunit country, region, district, ward, village;
    char code[64], name[200];
    int rc;
    if ((rc = add_unit(&country, g, NULL, "TZ", "Tanzania", "country")) < 0) return rc;
    if ((rc = add_org(&g->gov_national, g, "GOV-DSW", "Department of Social Welfare", "government",
                      country.id)) < 0)
        return rc;
    for (int i = 0; i < 8; i++) {
        snprintf(code, sizeof code, "NGO-%02d", i + 1);
        if ((rc = add_org(&g->ngo[i], g, code, ngos[i], "ngo", country.id)) < 0) return rc;
    }
    for (int i = 0; i < 3; i++) {
        snprintf(code, sizeof code, "PRV-%02d", i + 1);
        if ((rc = add_org(&g->private_org[i], g, code, private_orgs[i], "private", country.id)) < 0)
            return rc;
    }
    int d = 0;
    for (int ri = 0; ri < 31; ri++) {
        snprintf(code, sizeof code, "TZ-%02d", ri + 1);
        if ((rc = add_unit(&region, g, &country, code, regions[ri], "region")) < 0) return rc;
        snprintf(code, sizeof code, "FBO-%02d", ri + 1);
        snprintf(name, sizeof name, "%s %s", PICK(&g->r, faith), regions[ri]);
        if ((rc = add_org(&g->faith_org[ri], g, code, name, "faith_based", region.id)) < 0)
            return rc;
        int nd = ri < 29 ? 6 : 5; /* 29 * 6 + 2 * 5 = 184 councils */
        for (int di = 0; di < nd; di++, d++) {
            char pn[80];
            place_name(pn, sizeof pn, &g->r);
            snprintf(code, sizeof code, "TZ-%02d-%02d", ri + 1, di + 1);
            if (di == 0)
                snprintf(name, sizeof name, "%s Municipal Council", regions[ri]);
            else
                snprintf(name, sizeof name, "%s District Council", pn);
            if ((rc = add_unit(&district, g, &region, code, name, "district")) < 0) return rc;
            g->district[d] = district.id;
            memcpy(g->district_path[d], district.path, KAZI_ORGUNIT_PATH_MAX);
            char oc[32];
            snprintf(oc, sizeof oc, "GOV-%s", code + 3);
            if ((rc = add_org(&g->council[d], g, oc, name, "government", district.id)) < 0)
                return rc;
            for (int wi = 0; wi < WARDS_PER_DISTRICT; wi++) {
                int w = d * WARDS_PER_DISTRICT + wi;
                place_name(pn, sizeof pn, &g->r);
                snprintf(code, sizeof code, "TZ-%02d-%02d-%02d", ri + 1, di + 1, wi + 1);
                if ((rc = add_unit(&ward, g, &district, code, pn, "ward")) < 0) return rc;
                g->ward[w] = ward.id;
                memcpy(g->ward_path[w], ward.path, KAZI_ORGUNIT_PATH_MAX);
                for (int vi = 0; vi < VILLAGES_PER_WARD; vi++) {
                    int v = w * VILLAGES_PER_WARD + vi;
                    char vn[100];
                    place_name(pn, sizeof pn, &g->r);
                    static const char *const suffix[] = {"",     "",       " Kati",
                                                         " Juu", " Chini", " Mashariki"};
                    snprintf(vn, sizeof vn, "%s%s", pn, PICK(&g->r, suffix));
                    snprintf(code, sizeof code, "TZ-%02d-%02d-%02d-%d", ri + 1, di + 1, wi + 1,
                             vi + 1);
                    if ((rc = add_unit(&village, g, &ward, code, vn, "village")) < 0) return rc;
                    g->village[v] = village.id;
                    memcpy(g->village_path[v], village.path, KAZI_ORGUNIT_PATH_MAX);
                }
            }
        }
    }
    g->ndistrict = d;
    g->nward = d * WARDS_PER_DISTRICT;
    g->nvillage = g->nward * VILLAGES_PER_WARD;
    return KAZI_OK;
}

/* ---- people, positions, assignments ---------------------------------------------------- */

typedef struct cadre {
    const char *id, *level;
    int weight;
} cadre;

/* The catalogue's cadres with demo weights: the seed's programme had far more para
 * social workers than supervisors, and few officers. Unknown cadres get a little. */
static int cadres_of(cadre *out, int max, json_t **keep)
{
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    json_t *list;
    int rc = cat->cadres(cat->ctx, &list);
    if (rc < 0) return rc;
    static const struct {
        const char *id;
        int weight;
    } w[] = {{"psw", 700}, {"psw-supervisor", 120}, {"swa", 100}, {"swo", 40}, {"pcdw", 25},
             {"acyc", 15}};
    int n = 0;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        if (n == max) break;
        out[n].id = json_string_value(json_object_get(c, "id"));
        out[n].level = json_string_value(json_object_get(c, "level"));
        if (!out[n].id) continue;
        if (!out[n].level) out[n].level = "village";
        out[n].weight = 10;
        for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
            if (!strcmp(w[k].id, out[n].id)) out[n].weight = w[k].weight;
        n++;
    }
    *keep = list;
    if (!n) return kazi_error_set(KAZI_EINVALID, "cadre", "the catalogue declares no cadres");
    return n;
}

static const cadre *pick_cadre(rng *r, const cadre *c, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += c[i].weight;
    int x = below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < c[i].weight) return &c[i];
        x -= c[i].weight;
    }
    return &c[n - 1];
}

static void lower(char *out, size_t size, const char *a, const char *b)
{
    snprintf(out, size, "%s %s", a, b);
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p += 32;
}

static int position_for(int64_t *out, gen *g, const cadre *c, int village, int64_t employer,
                        int64_t seq)
{
    int ward = village / VILLAGES_PER_WARD, district = ward / WARDS_PER_DISTRICT;
    int64_t unit;
    const char *path;
    if (!strcmp(c->level, "district") || !strcmp(c->level, "region") ||
        (!strcmp(c->level, "national") || !strcmp(c->level, "country"))) {
        unit = g->district[district];
        path = g->district_path[district];
    } else if (!strcmp(c->level, "ward")) {
        unit = g->ward[ward];
        path = g->ward_path[ward];
    } else {
        unit = g->village[village];
        path = g->village_path[village];
    }
    char code[40], title[120];
    snprintf(code, sizeof code, "POS-%07lld", (long long)seq);
    snprintf(title, sizeof title, "%s", c->id);
    title[0] = (char)(title[0] - 32);
    for (char *p = title; *p; p++)
        if (*p == '_') *p = ' ';
    json_t *p = json_pack(
        "{s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:i,s:s,s:s}", "code", code, "title", title, "org_unit_id",
        (json_int_t)unit, "org_path", path, "organisation_id", (json_int_t)employer, "cadre", c->id,
        "level", c->level, "approved", chance(&g->r, 80), "funded_by",
        employer == g->gov_national || employer == g->council[district] ? "Government"
        : chance(&g->r, 50)                                             ? "USAID"
                                                                        : "Own funds",
        "custom", "{}");
    int rc = kazi_store_position_insert(out, g->db, p, g->now);
    json_decref(p);
    if (rc == KAZI_OK) g->st->positions++;
    return rc;
}

static int employer_for(int64_t *out, gen *g, const cadre *c, int village)
{
    int district = village / VILLAGES_PER_WARD / WARDS_PER_DISTRICT;
    int region = 0;
    for (int d = district; d >= 6; d -= 6)
        region++;
    if (region > 30) region = 30;
    if (strcmp(c->level, "village")) {
        *out = chance(&g->r, 85) ? g->council[district] : g->ngo[below(&g->r, 8)];
        return KAZI_OK;
    }
    int x = below(&g->r, 100);
    *out = x < 30   ? g->council[district]
           : x < 80 ? g->ngo[below(&g->r, 8)]
           : x < 95 ? g->faith_org[region]
                    : g->private_org[below(&g->r, 3)];
    return KAZI_OK;
}

static int assign(int64_t *out, gen *g, int64_t person, int64_t position, const cadre *c,
                  const char *start, const char *end, const char *reason)
{
    const char *eng;
    double pay = 0;
    if (!strcmp(c->level, "village")) {
        eng = chance(&g->r, 55) ? "volunteer" : "stipend";
        if (!strcmp(eng, "stipend")) pay = 30000 + 5000 * below(&g->r, 11);
    } else if (!strcmp(c->id, "psw-supervisor")) {
        eng = "stipend";
        pay = 80000 + 10000 * below(&g->r, 8);
    } else {
        eng = "salaried";
        pay = 450000 + 50000 * below(&g->r, 16);
    }
    json_t *a = json_pack("{s:I,s:I,s:s,s:s?,s:s,s:s?}", "person_id", (json_int_t)person,
                          "position_id", (json_int_t)position, "start_date", start, "end_date", end,
                          "engagement", eng, "end_reason", reason);
    if (pay > 0) {
        json_object_set_new(a, "pay_amount", json_real(pay));
        json_object_set_new(a, "pay_currency", json_string("TZS"));
    }
    int rc = kazi_store_assignment_insert(out, g->db, a, g->now);
    json_decref(a);
    if (rc == KAZI_OK) g->st->assignments++;
    return rc;
}

static int person(gen *g, int64_t i, const cadre *cadres, int ncadres)
{
    rng *r = &g->r;
    int is_female = chance(r, 56); /* the para professional workforce is mostly women */
    const char *given = is_female ? PICK(r, female) : PICK(r, male);
    const char *other = chance(r, 30) ? (is_female ? PICK(r, female) : PICK(r, male)) : NULL;
    const char *fam = PICK(r, family);
    int year = 1962 + below(r, 42), month = 1 + below(r, 12), day = 1 + below(r, 28);
    char birth[16], nk[200], gk[200], nid[40], local[20], phone[40];
    snprintf(birth, sizeof birth, "%04d-%02d-%02d", year, month, day);
    lower(nk, sizeof nk, fam, given);
    lower(gk, sizeof gk, given, fam);
    if (other) {
        char lo[60];
        lower(lo, sizeof lo, other, "");
        lo[strlen(lo) - 1] = '\0';
        strncat(nk, " ", sizeof nk - strlen(nk) - 1);
        strncat(nk, lo, sizeof nk - strlen(nk) - 1);
        strncat(gk, " ", sizeof gk - strlen(gk) - 1);
        strncat(gk, lo, sizeof gk - strlen(gk) - 1);
    }
    int village = below(r, g->nvillage);
    /* NIDA-shaped national ID: birth date, a 5-digit area code, a serial, a check. */
    snprintf(nid, sizeof nid, "%04d%02d%02d-%05d-%05lld-%02d", year, month, day,
             10000 + village % 90000, (long long)(i % 100000), (int)((i / 100000) % 100));
    snprintf(local, sizeof local, "07%d%d %03d %03d", 1 + below(r, 8), below(r, 10), below(r, 1000),
             below(r, 1000));
    /* As typed ("0757 108 306"), stored in the one normal form like every phone. */
    if (kazi_schema_phone(phone, sizeof phone, "phone", local, g->calling_code) < 0)
        return KAZI_ERROR;
    json_t *languages = json_array();
    json_array_append_new(languages, json_string("sw"));
    if (chance(r, 30)) json_array_append_new(languages, json_string("en"));
    if (chance(r, 25)) json_array_append_new(languages, json_string(PICK(r, local_langs)));
    const char *education = PICK(r, educations);
    json_t *p = json_pack("{s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:I,s:s,s:s,s:n}",
                          "given_name", given, "family_name", fam, "other_names", other, "name_key",
                          nk, "given_key", gk, "sex", is_female ? "female" : "male", "birth_date",
                          birth, "phone", phone, "languages", languages, "education", education,
                          "residence_org_unit_id", (json_int_t)g->village[village], "org_path",
                          g->village_path[village], "custom", "{}", "review_duplicate_of");
    int64_t id;
    int rc = kazi_store_person_insert(&id, g->db, p, g->now);
    json_decref(p);
    if (rc < 0) return rc;
    g->st->people++;
    const cadre *c = pick_cadre(r, cadres, ncadres);
    json_t *ids = json_pack("[{s:s,s:s}]", "type", "national_id", "value", nid);
    if (!strcmp(c->id, "psw") || !strcmp(c->id, "psw-supervisor")) {
        char prog[24];
        snprintf(prog, sizeof prog, "PSW-%07lld", (long long)i + 1);
        json_array_append_new(ids,
                              json_pack("{s:s,s:s}", "type", "programme_number", "value", prog));
    }
    rc = kazi_store_identifiers_replace(g->db, id, ids);
    json_decref(ids);
    if (rc < 0) return rc;
    worker *w = &g->workers[g->nworkers++];
    *w = (worker){.id = id,
                  .cadre = -1,
                  .prev = -1,
                  .village = village,
                  .birth_year = year,
                  .education = education};
    if (chance(r, 12))
        return KAZI_OK; /* registered, not currently placed (trainee, between posts) */
    int64_t employer, pos;
    int start_year = year + 20 + below(r, 20);
    if (start_year > 2024) start_year = 2024;
    char start[16];
    /* One in five had an earlier post in a junior cadre: history across employers. */
    if (chance(r, 20) && start_year > year + 22) {
        const cadre *prev = &cadres[0];
        char ps[16], pe[16];
        snprintf(ps, sizeof ps, "%04d-%02d-01", start_year - 3, 1 + below(r, 12));
        snprintf(pe, sizeof pe, "%04d-%02d-28", start_year - 1, 1 + below(r, 12));
        static const char *const reasons[] = {"promotion", "promotion", "transfer", "resignation"};
        const char *reason;
        if ((rc = employer_for(&employer, g, prev, village)) < 0 ||
            (rc = position_for(&pos, g, prev, village, employer, g->st->positions + 1)) < 0 ||
            (reason = PICK(r, reasons),
             rc = assign(&w->prev_assignment, g, id, pos, prev, ps, pe, reason)) < 0)
            return rc;
        w->prev = 0;
        w->promoted = !strcmp(reason, "promotion");
    }
    snprintf(start, sizeof start, "%04d-%02d-01", start_year, 1 + below(r, 12));
    if ((rc = employer_for(&employer, g, c, village)) < 0 ||
        (rc = position_for(&pos, g, c, village, employer, g->st->positions + 1)) < 0 ||
        (rc = assign(&w->assignment, g, id, pos, c, start, NULL, NULL)) < 0)
        return rc;
    w->cadre = (int)(c - cadres);
    w->start_year = start_year;
    memcpy(w->start, start, sizeof w->start);
    /* Some approved posts stand vacant (principle 11: replace the promoted). */
    if (chance(r, 8)) {
        if ((rc = position_for(&pos, g, c, village, employer, g->st->positions + 1)) < 0) return rc;
        g->st->vacancies++;
    }
    return KAZI_OK;
}

/* ---- training, certification, supervision and promotion history ------------------------ */

/*
 * Written after every person exists, from its own random stream (so the people, posts
 * and placements of a seed stay what they were): training events of the declared
 * courses at district venues, with trainers from the register's officers and
 * supervisors; enrolments with results; credit for prior learning for some; supervision
 * with sessions (supervised hours); certificates issued when what their certification
 * asks is there (numbered as Kazi numbers them, with expiry, renewals after a refresher,
 * some left to expire and a few revoked); and the promotions of the career lattice
 * recorded for the earlier posts that ended in one.
 */

#define FIRST_YEAR 2006
#define YEARS      24
#define EVENT_SIZE 30

typedef struct course {
    const char *id, *version;
    int hours;
} course;

typedef struct slot {
    int64_t id;
    int n;
    char end[11];
} slot;

typedef struct hist {
    gen *g;
    rng r;
    const cadre *cadres;
    int ncadres;
    const json_t *catalogue;
    const char *config; /* the configuration's id, recorded like any decision */
    course courses[32];
    int ncourses;
    slot *slots;     /* [district][course][year] */
    int64_t *senior; /* people of district-level cadres, by district: trainers and supervisors */
    int *nsenior, *senior_at;
    int64_t *peer_sup; /* PSW supervisors by district */
    int *npeer, *peer_at;
    int64_t next_certificate;
    char today[11];
    int this_year;
} hist;

static int course_index(const hist *h, const char *id)
{
    for (int i = 0; i < h->ncourses; i++)
        if (!strcmp(h->courses[i].id, id)) return i;
    return -1;
}

static int district_of(int village)
{
    return village / VILLAGES_PER_WARD / WARDS_PER_DISTRICT;
}

/* date + days, as YYYY-MM-DD. */
static void add_days(char *out, const char *date, int days)
{
    struct tm tm = {0};
    sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int64_t pick_from(rng *r, const int64_t *list, int n, int64_t not )
{
    if (n <= 0) return 0;
    int i = below(r, n);
    if (list[i] != not ) return list[i];
    return n > 1 ? list[(i + 1 + below(r, n - 1)) % n] : 0; /* any other, never `not` */
}

/* A trainer or supervisor for district d: one of its own, else anyone senior. */
static int64_t senior_for(hist *h, int d, int64_t not )
{
    int64_t x = pick_from(&h->r, h->senior + h->senior_at[d], h->nsenior[d], not );
    if (!x) {
        int total = h->senior_at[h->g->ndistrict];
        x = pick_from(&h->r, h->senior, total, not );
    }
    return x == not ? 0 : x;
}

/* The open event of course k in district d in `year` (a new one when full). */
static int event_for(slot **out, hist *h, int d, int k, int year)
{
    slot *s = &h->slots[((size_t)d * 32 + (size_t)k) * YEARS + (size_t)(year - FIRST_YEAR)];
    if (s->id && s->n < EVENT_SIZE) {
        *out = s;
        return KAZI_OK;
    }
    const course *c = &h->courses[k];
    char start[11], title[160];
    snprintf(start, sizeof start, "%04d-%02d-%02d", year, 1 + below(&h->r, 11),
             1 + below(&h->r, 20));
    /* Contact hours at six a day; a one-year course runs the year. */
    int days = c->hours >= 600 ? 300 : (c->hours + 5) / 6;
    add_days(s->end, start, days < 1 ? 1 : days);
    snprintf(title, sizeof title, "%s, %s %d", c->id, "cohort", year);
    json_t *e =
        json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:i,s:s?}", "course", c->id, "course_version",
                  c->version, "title", title, "venue_org_unit_id", (json_int_t)h->g->district[d],
                  "venue_path", h->g->district_path[d], "start_date", start, "end_date", s->end,
                  "capacity", EVENT_SIZE, "config_id", h->config);
    int rc = kazi_store_event_insert(&s->id, h->g->db, e, h->g->now);
    json_decref(e);
    if (rc < 0) return rc;
    s->n = 0;
    h->g->st->events++;
    int64_t t1 = senior_for(h, d, 0), t2 = chance(&h->r, 40) ? senior_for(h, d, t1) : 0;
    if (t1 && (rc = kazi_store_trainer_add(h->g->db, s->id, t1)) < 0) return rc;
    if (t2 && t2 != t1 && (rc = kazi_store_trainer_add(h->g->db, s->id, t2)) < 0) return rc;
    *out = s;
    return KAZI_OK;
}

/*
 * Enrol w in course `id` around `year`; *done gets the completion date when passed
 * (else ""). Results are left empty for an event not over yet.
 */
static int train(char done[11], hist *h, const worker *w, const char *id, int year)
{
    done[0] = '\0';
    int k = course_index(h, id);
    if (k < 0) return KAZI_OK; /* not declared by this configuration */
    if (year < FIRST_YEAR) year = FIRST_YEAR;
    if (year > h->this_year || year >= FIRST_YEAR + YEARS) return KAZI_OK;
    int home = district_of(w->village);
    /* The one-year certificate is taught at the regional centres; the rest near home
     * (principle 12). */
    int d = h->courses[k].hours >= 600 ? home - home % 6 : home;
    slot *s;
    int rc = event_for(&s, h, d, k, year);
    if (rc < 0) return rc;
    int64_t eid;
    rc = kazi_store_enrolment_insert(&eid, h->g->db, s->id, w->id, d != home, 1, h->g->now);
    if (rc == KAZI_EEXISTS) return KAZI_OK; /* already in this cohort (a second renewal) */
    if (rc < 0) return rc;
    s->n++;
    h->g->st->enrolments++;
    if (strcmp(s->end, h->today) > 0) return KAZI_OK; /* still running */
    int attended = chance(&h->r, 96), passed = attended && chance(&h->r, 91);
    json_t *res = json_pack("{s:b,s:b,s:i,s:s?}", "attended", attended, "passed", passed, "score",
                            passed ? 55 + below(&h->r, 41) : 20 + below(&h->r, 30),
                            "completed_date", passed ? s->end : NULL);
    rc = kazi_store_enrolment_result(h->g->db, s->id, w->id, res, h->g->now);
    json_decref(res);
    if (passed) memcpy(done, s->end, 11);
    return rc;
}

static int prior(hist *h, const worker *w, const char *what, const char *equivalent, int hours,
                 int year)
{
    char date[11];
    snprintf(date, sizeof date, "%04d-%02d-15", year, 1 + below(&h->r, 12));
    json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?,s:i}", "person_id", (json_int_t)w->id,
                          "kind", equivalent ? "training" : "experience", "what", what, "evidence",
                          equivalent ? "certificate of attendance seen by the district officer"
                                     : "letters from the village executive officer",
                          "approved_by", "District Social Welfare Officer", "approved_date", date,
                          "equivalent_course", equivalent, "hours", hours);
    int64_t id;
    int rc = kazi_store_prior_insert(&id, h->g->db, p, h->g->now);
    json_decref(p);
    if (rc == KAZI_OK) h->g->st->prior_learning++;
    return rc;
}

/* Supervision from `from` on, with sessions; *hours gets the supervised hours and
 * *reached the date the 40th hour was reached (or ""). */
static int supervise(int *hours, char reached[11], hist *h, const worker *w, const char *from)
{
    static const char *const modes[] = {"in_person", "in_person", "field_visit", "phone"};
    static const char *const topics[] = {"Case review of most vulnerable children",
                                         "Home visit shadowing", "Record keeping on the MVC forms",
                                         "Referral follow-up", "Stress and self-care"};
    *hours = 0;
    reached[0] = '\0';
    int d = district_of(w->village);
    int64_t sup = pick_from(&h->r, h->peer_sup + h->peer_at[d], h->npeer[d], w->id);
    if (!sup) sup = senior_for(h, d, w->id);
    if (!sup) return KAZI_OK;
    json_t *s =
        json_pack("{s:I,s:I,s:s,s:s,s:s?}", "person_id", (json_int_t)w->id, "supervisor_person_id",
                  (json_int_t)sup, "type", chance(&h->r, 70) ? "group" : "individual", "start_date",
                  from, "config_source", h->config);
    int64_t id;
    int rc = kazi_store_supervision_insert(&id, h->g->db, s, h->g->now);
    json_decref(s);
    if (rc < 0) return rc;
    int n = 3 + below(&h->r, 7), minutes = 0; /* day-long group sessions, every month or two */
    char date[11];
    memcpy(date, from, 11);
    for (int i = 0; i < n; i++) {
        add_days(date, date, 25 + below(&h->r, 40));
        if (strcmp(date, h->today) > 0) break;
        int m = 240 + 60 * below(&h->r, 5);
        s = json_pack("{s:I,s:I,s:s,s:i,s:s,s:s}", "person_id", (json_int_t)w->id,
                      "supervisor_person_id", (json_int_t)sup, "session_date", date,
                      "duration_minutes", m, "mode", PICK(&h->r, modes), "topics",
                      PICK(&h->r, topics));
        rc = kazi_store_session_insert(&id, h->g->db, s, h->g->now);
        json_decref(s);
        if (rc < 0) return rc;
        h->g->st->sessions++;
        minutes += m;
        if (minutes >= 40 * 60 && !reached[0]) memcpy(reached, date, 11);
    }
    *hours = minutes / 60;
    return KAZI_OK;
}

static const json_t *certification_for(const hist *h, const char *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(h->catalogue, "certifications"), i, c)
    {
        const char *cid = json_string_value(json_object_get(c, "id"));
        if (cid && !strcmp(cid, id)) return c;
    }
    return NULL;
}

/*
 * Certificates of `certification` from `issued` on: the first, then a renewal after
 * each refresher while the holder keeps up (about half do), so some are valid, some
 * expire soon, some expired long ago; a few are revoked. *held: a valid one exists.
 */
static int certify(int *held, hist *h, const worker *w, const char *certification,
                   const char *issued, int hours)
{
    *held = 0;
    const json_t *decl = certification_for(h, certification);
    if (!decl || !issued[0] || strcmp(issued, h->today) > 0) return KAZI_OK;
    int years = (int)json_integer_value(json_object_get(decl, "valid_years"));
    const char *refresher =
        json_string_value(json_object_get(json_object_get(decl, "refresher"), "course"));
    char date[11], prefix[100];
    memcpy(date, issued, 11);
    size_t j = 0;
    for (const char *p = certification; *p && j + 1 < sizeof prefix; p++)
        prefix[j++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : (*p == '-' ? '-' : *p);
    prefix[j] = '\0';
    int64_t prev = 0;
    for (int round = 0; round < 8; round++) {
        int64_t id = ++h->next_certificate;
        char number[160], expires[11];
        snprintf(number, sizeof number, "%s-%.4s-%06lld", prefix, date, (long long)id);
        if (years > 0) kazi_certificate_add_years(expires, date, years);
        json_t *c = json_pack(
            "{s:I,s:s,s:I,s:s,s:s,s:s?,s:{s:b,s:i,s:s},s:s,s:n,s:o?}", "id", (json_int_t)id,
            "number", number, "person_id", (json_int_t)w->id, "certification", certification,
            "issued_date", date, "expires_date", years > 0 ? expires : NULL, "evidence", "eligible",
            1, "supervised_hours", hours, "note", "synthetic demo history", "config_id", h->config,
            "override_reason", "renews_id", prev ? json_integer(prev) : NULL);
        int rc = c ? kazi_store_certificate_insert(h->g->db, c, h->g->now)
                   : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        json_decref(c);
        if (rc < 0) return rc;
        h->g->st->certificates++;
        if (chance(&h->r, 2)) {
            char when[11];
            add_days(when, date, 100 + below(&h->r, 300));
            if (strcmp(when, h->today) > 0) memcpy(when, h->today, 11);
            h->g->st->revoked++;
            return kazi_store_certificate_revoke(h->g->db, id, "conduct: misuse of programme funds",
                                                 when, h->g->now);
        }
        if (years <= 0 || strcmp(expires, h->today) > 0) {
            *held = 1;
            return KAZI_OK;
        }
        if (!refresher || !chance(&h->r, 55)) return KAZI_OK; /* let it lapse */
        char done[11];
        int rc2 = train(done, h, w, refresher, atoi(expires) - 1);
        if (rc2 < 0) return rc2;
        if (!done[0]) return KAZI_OK;
        add_days(date, expires, -10 - below(&h->r, 60));
        if (strcmp(date, done) < 0) memcpy(date, done, 11);
        if (strcmp(date, h->today) > 0) return KAZI_OK;
        prev = id;
    }
    return KAZI_OK;
}

static int secondary(const char *education)
{
    return education && strncmp(education, "Standard", 8) != 0;
}

/* The history of one worker, by cadre. */
static int worker_history(hist *h, const worker *w)
{
    if (w->cadre < 0) {
        /* Not placed: some are in training now. */
        char done[11];
        return chance(&h->r, 35) ? train(done, h, w, "psw-level-1", h->this_year) : KAZI_OK;
    }
    const char *cadre = h->cadres[w->cadre].id;
    int start = w->start_year, rc = KAZI_OK, held = 0, hours = 0;
    char l1[11] = "", l2[11] = "", extra[11] = "", reached[11] = "";
    int psw_line = !strcmp(cadre, "psw") || !strcmp(cadre, "psw-supervisor");
    if (psw_line || (!strcmp(cadre, "swa") && chance(&h->r, 50))) {
        /* Credit for prior learning instead of Level 1 for some (principle 8). */
        if (chance(&h->r, 8)) {
            if ((rc = prior(h, w, "MVC caregiver training (REPSSI psychosocial support)",
                            "psw-level-1", 120, start - 2)) < 0)
                return rc;
            snprintf(l1, sizeof l1, "%04d-06-30", start - 2);
        } else if ((rc = train(l1, h, w, "psw-level-1", start - 1)) < 0) {
            return rc;
        }
        if (l1[0] && chance(&h->r, psw_line ? 75 : 40) &&
            (rc = train(l2, h, w, "psw-level-2", atoi(l1) + 1)) < 0)
            return rc;
        if (l1[0] && psw_line && chance(&h->r, 80) &&
            (rc = supervise(&hours, reached, h, w, w->start)) < 0)
            return rc;
        if (l2[0] && hours >= 40) {
            char from[11];
            memcpy(from, strcmp(l2, reached) > 0 ? l2 : reached, 11);
            if ((rc = certify(&held, h, w, "psw-certificate", from, hours)) < 0) return rc;
        }
    }
    if (!strcmp(cadre, "psw-supervisor")) {
        if ((rc = train(extra, h, w, "psw-supervisor-course", start)) < 0) return rc;
        if (extra[0] && held &&
            (rc = certify(&held, h, w, "psw-supervisor-certificate", extra, hours)) < 0)
            return rc;
    } else if (!strcmp(cadre, "swa")) {
        if ((rc = train(extra, h, w, "swa-certificate", start - 1)) < 0) return rc;
        if (extra[0] && secondary(w->education) &&
            (rc = certify(&held, h, w, "swa-certificate", extra, 0)) < 0)
            return rc;
    } else if (!strcmp(cadre, "pcdw") || !strcmp(cadre, "acyc")) {
        char course_id[32], cert[40];
        snprintf(course_id, sizeof course_id, "%s-basic", cadre);
        snprintf(cert, sizeof cert, "%s-certificate", cadre);
        if ((rc = train(extra, h, w, course_id, start - 1)) < 0) return rc;
        if (extra[0] && !strcmp(cadre, "acyc") &&
            (rc = supervise(&hours, reached, h, w, w->start)) < 0)
            return rc;
        if (extra[0] && (strcmp(cadre, "acyc") || hours >= 40)) {
            char from[11];
            memcpy(from, reached[0] && strcmp(reached, extra) > 0 ? reached : extra, 11);
            if ((rc = certify(&held, h, w, cert, from, hours)) < 0) return rc;
        }
    } else if (!strcmp(cadre, "swo") && chance(&h->r, 30)) {
        if ((rc = prior(h, w, "Five years of social welfare casework", NULL, 0, start - 1)) < 0)
            return rc;
    }
    /* A promotion into this post, recorded as the lattice's move (principle 11). */
    if (w->promoted && w->prev >= 0) {
        size_t i;
        json_t *m;
        json_array_foreach(json_object_get(h->catalogue, "moves"), i, m)
        {
            const char *from = json_string_value(json_object_get(m, "from"));
            const char *to = json_string_value(json_object_get(m, "to"));
            if (!from || !to || strcmp(from, h->cadres[w->prev].id) || strcmp(to, cadre)) continue;
            json_t *row =
                json_pack("{s:I,s:O,s:O,s:I,s:I,s:s,s:s,s:n}", "person_id", (json_int_t)w->id,
                          "move", json_object_get(m, "id"), "kind", json_object_get(m, "kind"),
                          "from_assignment_id", (json_int_t)w->prev_assignment, "to_assignment_id",
                          (json_int_t)w->assignment, "move_date", w->start, "config_id",
                          h->config ? h->config : "demo", "override_reason");
            int64_t id;
            rc = kazi_store_career_move_insert(&id, h->g->db, row, h->g->now);
            json_decref(row);
            if (rc < 0) return rc;
            h->g->st->moves++;
            break;
        }
    }
    return KAZI_OK;
}

/* People of a cadre set, grouped by district: counts, offsets, then the ids. */
static int group_by_district(int64_t **ids, int **n, int **at, hist *h,
                             int (*wanted)(const char *cadre))
{
    gen *g = h->g;
    *n = calloc((size_t)g->ndistrict + 1, sizeof **n);
    *at = calloc((size_t)g->ndistrict + 1, sizeof **at);
    *ids = calloc((size_t)g->nworkers + 1, sizeof **ids);
    if (!*n || !*at || !*ids) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (int64_t i = 0; i < g->nworkers; i++)
        if (g->workers[i].cadre >= 0 && wanted(h->cadres[g->workers[i].cadre].id))
            (*n)[district_of(g->workers[i].village)]++;
    for (int d = 0; d < g->ndistrict; d++)
        (*at)[d + 1] = (*at)[d] + (*n)[d];
    int *fill = calloc((size_t)g->ndistrict, sizeof *fill);
    if (!fill) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (int64_t i = 0; i < g->nworkers; i++) {
        const worker *w = &g->workers[i];
        if (w->cadre < 0 || !wanted(h->cadres[w->cadre].id)) continue;
        int d = district_of(w->village);
        (*ids)[(*at)[d] + fill[d]++] = w->id;
    }
    free(fill);
    return KAZI_OK;
}

static int is_senior(const char *cadre)
{
    return !strcmp(cadre, "swo") || !strcmp(cadre, "swa") || !strcmp(cadre, "psw-supervisor");
}

static int is_peer_supervisor(const char *cadre)
{
    return !strcmp(cadre, "psw-supervisor");
}

static int history(gen *g, uint64_t seed, const cadre *cadres, int ncadres,
                   void (*progress)(void *, int64_t, int64_t), void *progress_ctx)
{
    kazi_lua_gen *lg = kazi_lua_current();
    if (!lg) return KAZI_OK; /* no configuration: no courses to train in */
    hist h = {.g = g, .r = {seed ^ 0x686973746f7279ULL}, .cadres = cadres, .ncadres = ncadres};
    h.catalogue = kazi_lua_gen_catalogue(lg);
    h.config = kazi_lua_gen_source_id(lg);
    kazi_registry_today(h.today, sizeof h.today);
    h.this_year = atoi(h.today);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(h.catalogue, "courses"), i, c)
    {
        if (h.ncourses == 32) break;
        const char *id = json_string_value(json_object_get(c, "id"));
        if (!id) continue;
        const char *v = json_string_value(json_object_get(c, "version"));
        h.courses[h.ncourses++] =
            (course){id, v ? v : "1", (int)json_number_value(json_object_get(c, "hours"))};
    }
    int rc = KAZI_OK;
    h.slots = calloc((size_t)g->ndistrict * 32 * YEARS, sizeof *h.slots);
    if (!h.slots) rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    if (rc == KAZI_OK) rc = group_by_district(&h.senior, &h.nsenior, &h.senior_at, &h, is_senior);
    if (rc == KAZI_OK)
        rc = group_by_district(&h.peer_sup, &h.npeer, &h.peer_at, &h, is_peer_supervisor);
    for (int64_t k = 0; rc == KAZI_OK && k < g->nworkers; k++) {
        rc = worker_history(&h, &g->workers[k]);
        if (progress && (k % 5000 == 4999 || k + 1 == g->nworkers))
            progress(progress_ctx, k + 1, g->nworkers);
    }
    free(h.slots);
    free(h.senior);
    free(h.nsenior);
    free(h.senior_at);
    free(h.peer_sup);
    free(h.npeer);
    free(h.peer_at);
    kazi_lua_gen_unref(lg);
    return rc;
}

int kazi_demo_generate(kazi_demo_stats *out, kazi_db *db, const kazi_demo_opts *opts)
{
    memset(out, 0, sizeof *out);
    if (opts->people < 0 || opts->people > 10000000)
        return kazi_error_set(KAZI_EINVALID, "people", "--people must be from 0 to 10000000");
    gen g = {.db = db, .r = {opts->seed ^ 0x4b617a69ULL}, .now = kazi_clock_now_ms(), .st = out};
    kazi_schema_calling_code(g.calling_code, sizeof g.calling_code);
    int nd = DISTRICTS, nw = nd * WARDS_PER_DISTRICT, nv = nw * VILLAGES_PER_WARD;
    g.district = calloc((size_t)nd, sizeof *g.district);
    g.ward = calloc((size_t)nw, sizeof *g.ward);
    g.village = calloc((size_t)nv, sizeof *g.village);
    g.council = calloc((size_t)nd, sizeof *g.council);
    g.district_path = calloc((size_t)nd, sizeof *g.district_path);
    g.ward_path = calloc((size_t)nw, sizeof *g.ward_path);
    g.village_path = calloc((size_t)nv, sizeof *g.village_path);
    json_t *keep = NULL;
    cadre cadres[32];
    int rc, ncadres;
    g.workers = calloc((size_t)opts->people + 1, sizeof *g.workers);
    if (!g.district || !g.ward || !g.village || !g.council || !g.district_path || !g.ward_path ||
        !g.village_path || !g.workers) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if ((rc = ncadres = cadres_of(cadres, 32, &keep)) < 0) goto done;
    int64_t units, people;
    if ((rc = kazi_db_begin(db)) < 0) goto done;
    if ((rc = kazi_orgunit_count(&units, db, 0)) < 0 ||
        (rc = kazi_store_registry_count(&people, db, "person")) < 0)
        goto fail;
    if (units || people) {
        rc = kazi_error_set(KAZI_EEXISTS, "data",
                            "demo data goes into an empty register; this one has %lld org units "
                            "and %lld people",
                            (long long)units, (long long)people);
        goto fail;
    }
    if ((rc = hierarchy(&g)) < 0) goto fail;
    for (int64_t i = 0; i < opts->people; i++) {
        if ((rc = person(&g, i, cadres, ncadres)) < 0) goto fail;
        if (opts->progress && (i % 5000 == 4999 || i + 1 == opts->people))
            opts->progress(opts->progress_ctx, i + 1, opts->people);
    }
    if ((rc = history(&g, opts->seed, cadres, ncadres, NULL, NULL)) < 0) goto fail;
    json_t *summary = json_pack(
        "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "seed", (json_int_t)opts->seed,
        "org_units", (json_int_t)out->org_units, "people", (json_int_t)out->people, "positions",
        (json_int_t)out->positions, "assignments", (json_int_t)out->assignments, "vacancies",
        (json_int_t)out->vacancies, "training_events", (json_int_t)out->events, "enrolments",
        (json_int_t)out->enrolments, "prior_learning", (json_int_t)out->prior_learning,
        "certificates", (json_int_t)out->certificates, "revoked", (json_int_t)out->revoked,
        "supervision_sessions", (json_int_t)out->sessions, "career_moves", (json_int_t)out->moves);
    rc = kazi_audit_append(db, kazi_audit_ctx_cli(), "demo_data.generate", "registry", NULL, NULL,
                           summary);
    json_decref(summary);
    if (rc < 0) goto fail;
    rc = kazi_db_commit(db);
    goto done;
fail:
    kazi_db_rollback(db);
done:
    json_decref(keep);
    free(g.district);
    free(g.ward);
    free(g.village);
    free(g.council);
    free(g.district_path);
    free(g.ward_path);
    free(g.village_path);
    free(g.workers);
    return rc < 0 ? rc : KAZI_OK;
}
