#include "domain/demo.h"
#include "domain/audit.h"
#include "domain/catalogue.h"
#include "store/organisation.h"
#include "store/orgunit.h"
#include "store/registry.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
} gen;

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

static int assign(gen *g, int64_t person, int64_t position, const cadre *c, const char *start,
                  const char *end, const char *reason)
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
    int64_t id;
    int rc = kazi_store_assignment_insert(&id, g->db, a, g->now);
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
    char birth[16], nk[200], gk[200], nid[40], phone[20];
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
    snprintf(phone, sizeof phone, "07%d%d %03d %03d", 1 + below(r, 8), below(r, 10), below(r, 1000),
             below(r, 1000));
    json_t *languages = json_array();
    json_array_append_new(languages, json_string("sw"));
    if (chance(r, 30)) json_array_append_new(languages, json_string("en"));
    if (chance(r, 25)) json_array_append_new(languages, json_string(PICK(r, local_langs)));
    json_t *p = json_pack(
        "{s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:I,s:s,s:s,s:n}", "given_name", given,
        "family_name", fam, "other_names", other, "name_key", nk, "given_key", gk, "sex",
        is_female ? "female" : "male", "birth_date", birth, "phone", phone, "languages", languages,
        "education", PICK(r, educations), "residence_org_unit_id", (json_int_t)g->village[village],
        "org_path", g->village_path[village], "custom", "{}", "review_duplicate_of");
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
        if ((rc = employer_for(&employer, g, prev, village)) < 0 ||
            (rc = position_for(&pos, g, prev, village, employer, g->st->positions + 1)) < 0 ||
            (rc = assign(g, id, pos, prev, ps, pe, PICK(r, reasons))) < 0)
            return rc;
    }
    snprintf(start, sizeof start, "%04d-%02d-01", start_year, 1 + below(r, 12));
    if ((rc = employer_for(&employer, g, c, village)) < 0 ||
        (rc = position_for(&pos, g, c, village, employer, g->st->positions + 1)) < 0 ||
        (rc = assign(g, id, pos, c, start, NULL, NULL)) < 0)
        return rc;
    /* Some approved posts stand vacant (principle 11: replace the promoted). */
    if (chance(r, 8)) {
        if ((rc = position_for(&pos, g, c, village, employer, g->st->positions + 1)) < 0) return rc;
        g->st->vacancies++;
    }
    return KAZI_OK;
}

int kazi_demo_generate(kazi_demo_stats *out, kazi_db *db, const kazi_demo_opts *opts)
{
    memset(out, 0, sizeof *out);
    if (opts->people < 0 || opts->people > 10000000)
        return kazi_error_set(KAZI_EINVALID, "people", "--people must be from 0 to 10000000");
    gen g = {.db = db, .r = {opts->seed ^ 0x4b617a69ULL}, .now = kazi_clock_now_ms(), .st = out};
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
    if (!g.district || !g.ward || !g.village || !g.council || !g.district_path || !g.ward_path ||
        !g.village_path) {
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
    json_t *summary =
        json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "seed", (json_int_t)opts->seed, "org_units",
                  (json_int_t)out->org_units, "people", (json_int_t)out->people, "positions",
                  (json_int_t)out->positions, "assignments", (json_int_t)out->assignments,
                  "vacancies", (json_int_t)out->vacancies);
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
    return rc < 0 ? rc : KAZI_OK;
}
