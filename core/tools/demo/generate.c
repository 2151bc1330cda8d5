#include "demo/generate.h"
#include "auth/caller.h"
#include "domain/audit.h"
#include "domain/catalogue.h"
#include "domain/certificate.h"
#include "domain/dossier.h"
#include "domain/schema.h"
#include "domain/pay.h"
#include "domain/supervision.h"
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
    return n > 0 ? (int)(next(r) % (uint64_t)n) : 0;
}

/* 1 with probability pct/100. */
static int chance(rng *r, int pct)
{
    return below(r, 100) < pct;
}

#define PICK(r, a) ((a)[below((r), (int)(sizeof(a) / sizeof((a)[0])))])
#define COUNT(a)   ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- names ---------------------------------------------------------------------------- */

/* The names the generator gives and the texts it writes: the configuration's kazi.demo
 * lists (lua/api.c checks them), else these neutral English ones, for a configuration
 * that declares none. The countries' own names and words live in their configuration
 * (country-config/<country>/demo.lua). */

static const char *const neutral_female[] = {"Ana",  "Sara",  "Lina", "Maria", "Nadia", "Eva",
                                             "Mira", "Leila", "Rita", "Nora",  "Dina",  "Alma",
                                             "Zara", "Hana",  "Ines", "Laura", NULL};
static const char *const neutral_male[] = {"Adam",  "David", "Omar", "Simon", "Elias", "Karim",
                                           "Jonas", "Tomas", "Ivan", "Felix", "Amir",  "Leo",
                                           "Hugo",  "Marco", "Noah", "Yusuf", NULL};
static const char *const neutral_family[] = {
    "Abel",   "Adler",   "Bari",    "Costa",  "Dara",      "Ellis",  "Farah",
    "Haddad", "Ivanova", "Janssen", "Kovac",  "Lindqvist", "Moreau", "Novak",
    "Okafor", "Petrov",  "Rossi",   "Santos", "Tanaka",    "Weber",  NULL};
static const char *const neutral_national[] = {"Department of Social Services", NULL};
static const char *const neutral_ngo[] = {"Community Care Network", "Family Support Trust",
                                          "Children First Initiative",
                                          "Home-Based Care Association", NULL};
static const char *const neutral_faith[] = {"Faith Community Relief", "Interfaith Care Committee",
                                            NULL};
static const char *const neutral_private[] = {"Care Partners Ltd", "Social Services Ltd", NULL};
/* Syllables that compose place names: Ka-ri-na, Lo-ve-ra, ... */
static const char *const neutral_first[] = {"Ba", "Da", "Ka", "La", "Ma", "Na",
                                            "Ra", "Sa", "Ta", "Va", NULL};
static const char *const neutral_mid[] = {"la", "ri", "no", "ve", "ta", "mi", "so", "de", NULL};
static const char *const neutral_last[] = {"n", "ra", "to", "lia", "do", "na", "ri", "ka", NULL};
static const char *const neutral_purpose[] = {"Transport to the monthly meeting",
                                              "Lunch and transport, training day",
                                              "Transport for home visits", NULL};
/* The texts the generator writes into records: supervision session topics, who funds a
 * post (a government employer's posts: the government; the others' one of `others`),
 * credit for prior learning, why a certificate was revoked, the note of a support
 * activity. */
static const char *const neutral_topic[] = {"Case review",          "Home visit shadowing",
                                            "Record keeping",       "Referral follow-up",
                                            "Stress and self-care", NULL};
static const char *const neutral_funder_gov[] = {"Government", NULL};
static const char *const neutral_funder_other[] = {"Development partner", "Own funds", NULL};
static const char *const neutral_prior_what[] = {"Years of community casework before the programme",
                                                 NULL};
static const char *const neutral_prior_evidence[] = {"Letters from the local leaders", NULL};
static const char *const neutral_prior_approver[] = {"District officer", NULL};
static const char *const neutral_revocation[] = {"Conduct: misuse of programme funds", NULL};
static const char *const neutral_support_note[] = {"Synthetic demo history", NULL};

/* The fallback of each list of kazi.demo (kazi_demo_lists). */
static const char *const *const neutral[KAZI_DEMO_LISTS] = {
    [KAZI_DEMO_FEMALE] = neutral_female,
    [KAZI_DEMO_MALE] = neutral_male,
    [KAZI_DEMO_FAMILY] = neutral_family,
    [KAZI_DEMO_NATIONAL] = neutral_national,
    [KAZI_DEMO_NGO] = neutral_ngo,
    [KAZI_DEMO_FAITH] = neutral_faith,
    [KAZI_DEMO_PRIVATE] = neutral_private,
    [KAZI_DEMO_FIRST_SYL] = neutral_first,
    [KAZI_DEMO_MID_SYL] = neutral_mid,
    [KAZI_DEMO_LAST_SYL] = neutral_last,
    [KAZI_DEMO_PURPOSE] = neutral_purpose,
    [KAZI_DEMO_TOPIC] = neutral_topic,
    [KAZI_DEMO_FUNDER_GOV] = neutral_funder_gov,
    [KAZI_DEMO_FUNDER_OTHER] = neutral_funder_other,
    [KAZI_DEMO_PRIOR_WHAT] = neutral_prior_what,
    [KAZI_DEMO_PRIOR_EVIDENCE] = neutral_prior_evidence,
    [KAZI_DEMO_PRIOR_APPROVER] = neutral_prior_approver,
    [KAZI_DEMO_REVOCATION] = neutral_revocation,
    [KAZI_DEMO_SUPPORT_NOTE] = neutral_support_note,
};

/* At most this many NGOs and private organisations are made (one per name). */
#define MAX_NGOS    8
#define MAX_PRIVATE 3

typedef struct namelist {
    const char **v; /* the configuration's strings (its catalogue's) or a neutral list */
    int n;
} namelist;

/* The education levels the dossier helpers rank (plugins/lib/dossier.lua), lowest first:
 * what rules such as D.education_at_least understand when the country declares none of
 * its own (kazi.country{education}); a country's own list is used instead (education_of). */
static const char *const education_order[] = {"primary", "secondary", "certificate", "diploma",
                                              "degree"};

/* ---- the configuration, as the generator needs it -------------------------------------- */

#define MAX_LEVELS       8
#define MAX_EDUCATION    32
#define MAX_CADRES       32
#define MAX_COURSES      64
#define MAX_ENG          4
#define CLASS_MIN        15
#define CLASS_MAX        35
#define HOPELESS         200 /* rule answers after which a never-met certification is left */
#define PAY_MONTHS       1   /* payments recorded: this month's (each a domain call and a commit) */
#define RETURN_MONTHS    3   /* monthly returns of the last months */
#define REIMBURSE_MONTHS 3   /* volunteers' reimbursements of the last months */
#define REGULAR_PCT      80  /* volunteers reimbursed most months; the others now and then */
#define REGULAR_MONTH    90  /* chance of a month's reimbursement: a regular volunteer */
#define IRREGULAR_MONTH  25  /* the others */
#define REIMBURSE_SHARE  0.15 /* of the country's smallest monthly minimum: a month's fares */
#define RECENT_DAYS      200  /* sessions at the declared rhythm lately */
#define MIN_SESSION_GAP  21   /* days: before the recent months a fortnightly rhythm is monthly */
#define TITLE_NAME_MAX   180  /* bytes of a course's name in its events' titles (200 characters) */

typedef struct ccadre {
    const char *id, *abbr;
    int depth; /* of the level it works at */
    int para, rung, weight;
    const json_t *supervision; /* its kazi.supervision, or NULL */
    int max_ratio, every_days;
    unsigned char may_supervise[MAX_CADRES]; /* supervisor cadres its rule allows */
    const char *eng[MAX_ENG];
    double minimum[MAX_ENG]; /* monthly, < 0: none */
    const char *currency[MAX_ENG];
    int neng;
} ccadre;

typedef struct ccourse {
    const char *id, *version;
    int hours;
    const json_t *prereq;
    const char *name; /* in the country's first language: its events' titles */
} ccourse;

typedef struct ccert {
    const char *id;
    int course, cadre, years, refresher;
    int asked, passed; /* its rule's answers so far */
} ccert;

typedef struct cmove {
    const char *id, *kind;
    int from, to;
    const json_t *bridging;
} cmove;

typedef struct unit {
    int64_t id;
    int parent;
    char path[KAZI_ORGUNIT_PATH_MAX];
    char code[48];
} unit;

/* One generated person and the career planned for them; the history pass writes it. */
typedef struct worker {
    int64_t id;
    int leaf, hub; /* residence (deepest level) and its hub (training, councils) */
    int birth_year;
    int cadre, move; /* entry cadre (-1: not placed) and a planned move (-1: none) */
    int now_cadre;   /* after the history: the cadre held today, -1 none */
    int stable;      /* holds the entry cadre until today: may supervise and train */
    int load;        /* workers they supervise */
    int eng;         /* engagement index in the cadre's list */
    double pay;      /* monthly pay, 0: none */
    int64_t employer;
    char start[11], move_date[11], exit_date[11];
    const char *exit_reason;
    int req, nreq; /* their training requests */
} worker;

/* One enrolment planned: person, course, year; the event and completion come later. */
typedef struct request {
    int worker, course, year;
    char done[11];
} request;

typedef struct gen {
    kazi_db *db;
    int row_by_row; /* kazi_demo_opts.row_by_row */
    rng r;
    int64_t now;
    kazi_demo_stats *st;
    kazi_lua_gen *lg;
    const json_t *cat;
    const char *config;
    const char *lang; /* the country's first language: names of what the generator makes */
    const char *education[MAX_EDUCATION];
    int neducation;
    const char *id_national, *id_programme; /* identifier types given; NULL: none */
    char today[11];
    int this_year, first_year;
    char code[8], calling_code[16];
    const char *currency;
    int nlevels, hub_depth;
    const char *level_id[MAX_LEVELS];
    char level_name[MAX_LEVELS][64];
    unit *units;
    int nunits, first[MAX_LEVELS], count[MAX_LEVELS];
    ccadre cadres[MAX_CADRES];
    int ncadres;
    ccourse courses[MAX_COURSES];
    int ncourses;
    ccert certs[MAX_COURSES];
    int ncerts;
    cmove moves[MAX_COURSES];
    int nmoves;
    const char *activities[16];
    int nactivities;
    int64_t gov_national, *council, ngo[MAX_NGOS], *faith_org, private_org[MAX_PRIVATE];
    int nngo, nprivate;
    namelist names[KAZI_DEMO_LISTS];
    worker *workers;
    int64_t nworkers;
    request *reqs;
    int nreqs, capreqs;
    int *pool, *pool_at; /* stable workers by [cadre][hub] */
    int64_t next_certificate;
} gen;

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* A name object's text in the country's first language, else English, else any. */
static const char *name_of(const gen *g, const json_t *n)
{
    if (json_is_string(n)) return json_string_value(n);
    const char *own = g->lang ? str(n, g->lang) : NULL;
    if (own) return own;
    const char *en = str(n, "en");
    if (en) return en;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)n, k, v) if (json_is_string(v)) return json_string_value(v);
    return "";
}

/* Each list of names from the configuration's kazi.demo, else the neutral one. */
static int read_names(gen *g)
{
    const json_t *demo = json_object_get(g->cat, "demo");
    for (int l = 0; l < KAZI_DEMO_LISTS; l++) {
        const kazi_demo_list *d = &kazi_demo_lists[l];
        const json_t *x = d->group ? json_object_get(json_object_get(demo, d->group), d->name)
                                   : json_object_get(demo, d->name);
        size_t n = json_is_string(x) ? 1 : json_array_size(x);
        namelist *nl = &g->names[l];
        if (!n) {
            for (nl->n = 0; neutral[l][nl->n];)
                nl->n++;
            nl->v = (const char **)neutral[l]; /* never freed (see release) */
            continue;
        }
        if (!(nl->v = calloc(n, sizeof *nl->v)))
            return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        for (size_t i = 0; i < n; i++) {
            const char *t = json_string_value(json_is_string(x) ? x : json_array_get(x, i));
            if (t) nl->v[nl->n++] = t; /* lua/api.c refused anything else */
        }
        if (!nl->n) return kazi_error_set(KAZI_EINVALID, d->name, "no names");
    }
    g->nngo = g->names[KAZI_DEMO_NGO].n < MAX_NGOS ? g->names[KAZI_DEMO_NGO].n : MAX_NGOS;
    g->nprivate =
        g->names[KAZI_DEMO_PRIVATE].n < MAX_PRIVATE ? g->names[KAZI_DEMO_PRIVATE].n : MAX_PRIVATE;
    return KAZI_OK;
}

/* A name of list l, drawn from the generator's randomness (one draw whatever the list). */
static const char *name_pick(gen *g, int l)
{
    return g->names[l].v[below(&g->r, g->names[l].n)];
}

static void place_name(gen *g, char *buf, size_t size)
{
    const char *first = name_pick(g, KAZI_DEMO_FIRST_SYL);
    const char *mid = chance(&g->r, 60) ? name_pick(g, KAZI_DEMO_MID_SYL) : "";
    snprintf(buf, size, "%s%s%s", first, mid, name_pick(g, KAZI_DEMO_LAST_SYL));
}

/* The education level of rank `edu` on the generator's scale (education_order): the
 * country's own level of the same rank counted from its top (a country that lists more
 * levels keeps its lowest ones, such as "none", for nobody), or, when it lists fewer, the
 * level at the same place of its scale. */
static const char *education_of(const gen *g, int edu)
{
    int n = g->neducation, scale = COUNT(education_order);
    if (!n) return education_order[edu];
    if (n >= scale) return g->education[n - scale + edu];
    return g->education[edu * (n - 1) / (scale - 1)];
}

static int cadre_index(const gen *g, const char *id)
{
    for (int i = 0; id && i < g->ncadres; i++)
        if (!strcmp(g->cadres[i].id, id)) return i;
    return -1;
}

static int course_index(const gen *g, const char *id)
{
    for (int i = 0; id && i < g->ncourses; i++)
        if (!strcmp(g->courses[i].id, id)) return i;
    return -1;
}

static int level_index(const gen *g, const char *id)
{
    for (int i = 0; id && i < g->nlevels; i++)
        if (!strcmp(g->level_id[i], id)) return i;
    return -1;
}

/* The supervision check's view of a worker holding `cadre` (as domain/support builds it
 * from a person's current posts). */
static json_t *holder(const gen *g, int64_t person, int cadre, int eng)
{
    const ccadre *c = &g->cadres[cadre];
    const char *level = g->level_id[c->depth];
    return json_pack("{s:I,s:[s],s:[s],s:s,s:s,s:s,s:i}", "person_id", (json_int_t)person, "cadres",
                     c->id, "levels", level, "cadre", c->id, "level", level, "engagement",
                     c->neng ? c->eng[eng] : "volunteer", "supervised_minutes", 0);
}

static int allowed(int *out, const gen *g, int64_t worker_id, int wc, int64_t sup, int sc)
{
    json_t *w = holder(g, worker_id, wc, 0), *s = holder(g, sup, sc, 0), *d = NULL;
    int rc = kazi_supervision_check(&d, g->lg, g->cadres[wc].id, w, s);
    json_decref(w);
    json_decref(s);
    *out = rc == KAZI_OK && json_is_true(json_object_get(d, "allowed"));
    json_decref(d);
    return rc == KAZI_EPLUGIN ? KAZI_OK : rc; /* a rule that fails allows nobody */
}

/* Longest chain of vertical moves ending at cadre i (bounded: lattices may loop). */
static int rung_of(const gen *g, int i, int depth)
{
    int best = 0;
    if (depth > MAX_CADRES) return 0;
    for (int m = 0; m < g->nmoves; m++)
        if (g->moves[m].to == i && g->moves[m].kind && !strcmp(g->moves[m].kind, "vertical")) {
            int r = 1 + rung_of(g, g->moves[m].from, depth + 1);
            if (r > best) best = r;
        }
    return best;
}

static int read_config(gen *g)
{
    const json_t *cat = g->cat, *country = json_object_get(cat, "country");
    size_t i;
    json_t *x;
    const char *id = str(country, "id");
    snprintf(g->code, sizeof g->code, "%.2s", id ? id : "XX");
    for (char *p = g->code; *p; p++)
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
    g->currency = str(country, "currency");
    g->lang = json_string_value(json_array_get(json_object_get(country, "languages"), 0));
    /* The country's own education levels (ids or {id, name}, lowest first) and
     * identifier types: what the people it generates carry, so that every record
     * passes the country's validation at its next edit. */
    json_array_foreach(json_object_get(country, "education"), i, x)
    {
        const char *e = json_is_string(x) ? json_string_value(x) : str(x, "id");
        if (e && g->neducation < MAX_EDUCATION) g->education[g->neducation++] = e;
    }
    const json_t *ids = json_object_get(country, "identifiers");
    if (json_array_size(ids)) {
        json_array_foreach(ids, i, x)
        {
            const char *t = json_is_string(x) ? json_string_value(x) : str(x, "id");
            if (!t) continue;
            if (!g->id_national)
                g->id_national = t;
            else if (!g->id_programme || !strcmp(t, "programme_number"))
                g->id_programme = t;
        }
    } else {
        g->id_national = "national_id";
        g->id_programme = "programme_number";
    }
    json_array_foreach(json_object_get(country, "levels"), i, x)
    {
        if (g->nlevels == MAX_LEVELS || !str(x, "id")) break;
        g->level_id[g->nlevels] = str(x, "id");
        snprintf(g->level_name[g->nlevels], sizeof g->level_name[0], "%s",
                 name_of(g, json_object_get(x, "name")));
        g->nlevels++;
    }
    if (!g->nlevels)
        return kazi_error_set(KAZI_EINVALID, "levels", "the configuration declares no levels");
    /* Courses, and the programme's first year: the earliest year a course version names. */
    int earliest = 0;
    json_array_foreach(json_object_get(cat, "courses"), i, x)
    {
        if (g->ncourses == MAX_COURSES || !str(x, "id")) continue;
        const char *v = str(x, "version");
        /* Its events are titled with its name: a name too long for a title, its id. */
        const char *name = name_of(g, json_object_get(x, "name"));
        if (strlen(name) > TITLE_NAME_MAX || !*name) name = str(x, "id");
        g->courses[g->ncourses++] = (ccourse){str(x, "id"), v ? v : "1",
                                              (int)json_number_value(json_object_get(x, "hours")),
                                              json_object_get(x, "prerequisites"), name};
        int y = v ? atoi(v) : 0;
        if (y >= 1950 && y <= g->this_year && (!earliest || y < earliest)) earliest = y;
    }
    g->first_year = earliest ? earliest : g->this_year - KAZI_DEMO_DEFAULT_HISTORY;
    if (g->first_year > g->this_year - KAZI_DEMO_MIN_HISTORY)
        g->first_year = g->this_year - KAZI_DEMO_MIN_HISTORY;
    /* The year the country declares its programme began wins. */
    const json_t *declared = json_object_get(country, "programme_start");
    int year = json_is_number(declared) ? (int)json_number_value(declared) : 0;
    if (year >= 1900 && year <= g->this_year) g->first_year = year;
    json_array_foreach(json_object_get(cat, "cadres"), i, x)
    {
        if (g->ncadres == MAX_CADRES || !str(x, "id")) continue;
        ccadre *c = &g->cadres[g->ncadres++];
        memset(c, 0, sizeof *c);
        c->id = str(x, "id");
        c->abbr = str(x, "abbreviation");
        int d = level_index(g, str(x, "works_at"));
        c->depth = d < 0 ? g->nlevels - 1 : d;
        c->para = json_is_true(json_object_get(x, "para"));
    }
    if (!g->ncadres)
        return kazi_error_set(KAZI_EINVALID, "cadre", "the catalogue declares no cadres");
    json_array_foreach(json_object_get(cat, "certifications"), i, x)
    {
        if (g->ncerts == MAX_COURSES || !str(x, "id")) continue;
        const json_t *ref = json_object_get(x, "refresher");
        g->certs[g->ncerts++] = (ccert){str(x, "id"),
                                        course_index(g, str(x, "course")),
                                        cadre_index(g, str(x, "cadre")),
                                        (int)json_integer_value(json_object_get(x, "valid_years")),
                                        course_index(g, str(ref, "course")),
                                        0,
                                        0};
    }
    json_array_foreach(json_object_get(cat, "moves"), i, x)
    {
        int from = cadre_index(g, str(x, "from")), to = cadre_index(g, str(x, "to"));
        if (g->nmoves == MAX_COURSES || from < 0 || to < 0 || !str(x, "id")) continue;
        g->moves[g->nmoves++] =
            (cmove){str(x, "id"), str(x, "kind"), from, to, json_object_get(x, "bridging")};
    }
    json_array_foreach(json_object_get(cat, "activities"), i, x)
    {
        if (g->nactivities < COUNT(g->activities) && str(x, "id"))
            g->activities[g->nactivities++] = str(x, "id");
    }
    /* Engagements and their minimums: a kazi.pay names one engagement, a list of them, or
     * none (then it holds for the cadre's usual one: volunteer for para, else salaried). */
    json_array_foreach(json_object_get(cat, "pay"), i, x)
    {
        int c = cadre_index(g, str(x, "cadre"));
        double m = kazi_pay_monthly(cat, x);
        if (c < 0 || m < 0) continue;
        ccadre *cc = &g->cadres[c];
        const json_t *named = json_object_get(x, "engagement");
        size_t n = json_is_array(named) ? json_array_size(named) : 1;
        for (size_t e = 0; e < n; e++) {
            const char *eng =
                json_string_value(json_is_array(named) ? json_array_get(named, e) : named);
            if (!eng) eng = cc->para ? "volunteer" : "salaried";
            int k = 0;
            while (k < cc->neng && strcmp(cc->eng[k], eng))
                k++;
            if (k == MAX_ENG) break;
            if (k == cc->neng) cc->neng++;
            cc->eng[k] = eng;
            cc->minimum[k] = m;
            cc->currency[k] = str(x, "currency");
        }
    }
    /* Weights: many at the bottom of the hierarchy, fewer up each level and each rung;
     * the foot of a ladder (a vertical move starts there) is where a programme recruits. */
    static const int by_level[] = {100, 40, 20, 10};
    for (int c = 0; c < g->ncadres; c++) {
        ccadre *cc = &g->cadres[c];
        int up = g->nlevels - 1 - cc->depth, foot = 0;
        cc->rung = rung_of(g, c, 0);
        for (int m = 0; m < g->nmoves; m++)
            if (g->moves[m].from == c && g->moves[m].kind && !strcmp(g->moves[m].kind, "vertical"))
                foot = !cc->rung;
        cc->weight = by_level[up < 3 ? up : 3] * (foot ? 4 : 1) / (1 + cc->rung);
        if (cc->weight < 2) cc->weight = 2;
        if (!cc->neng) {
            cc->eng[0] = cc->para ? "volunteer" : "salaried";
            cc->minimum[0] = -1;
            cc->neng = 1;
        }
    }
    /* Supervision: which cadres each cadre's rule allows, asked of the rule itself. */
    json_array_foreach(json_object_get(cat, "supervision"), i, x)
    {
        int c = cadre_index(g, str(x, "cadre"));
        if (c < 0) continue;
        ccadre *cc = &g->cadres[c];
        cc->supervision = x;
        cc->max_ratio = (int)json_integer_value(json_object_get(x, "max_ratio"));
        cc->every_days = (int)json_integer_value(json_object_get(x, "session_every_days"));
        if (cc->max_ratio <= 0) cc->max_ratio = 20;
        if (cc->every_days <= 0) cc->every_days = 90;
        for (int s = 0; s < g->ncadres; s++) {
            int ok, rc;
            if (s != c && (rc = allowed(&ok, g, 1, c, 2, s)) < 0) return rc;
            cc->may_supervise[s] = s != c && ok;
        }
    }
    return KAZI_OK;
}

/* ---- dates --------------------------------------------------------------------------- */

static void add_days(char *out, const char *date, int days)
{
    kazi_certificate_add_days(out, date, days);
}

static void random_date(char *out, rng *r, int year)
{
    kazi_clock_ymd(out, year, 1 + below(r, 12), 1 + below(r, 28));
}

static const char *min_date(const char *a, const char *b)
{
    return strcmp(a, b) <= 0 ? a : b;
}

static const char *max_date(const char *a, const char *b)
{
    return strcmp(a, b) >= 0 ? a : b;
}

/* ---- the hierarchy --------------------------------------------------------------------- */

/* Children per unit, by depth: about Tanzania's shape (regions, councils, wards, villages). */
static const int fanout[] = {1, 30, 6, 15, 3, 3, 3, 3};

static int add_unit(gen *g, int parent, int depth, const char *code, const char *name)
{
    kazi_orgunit u, p;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.level_id, sizeof u.level_id, "%s", g->level_id[depth]);
    u.depth = depth;
    if (parent >= 0) {
        memset(&p, 0, sizeof p);
        p.id = g->units[parent].id;
        p.depth = depth - 1;
        memcpy(p.path, g->units[parent].path, sizeof p.path);
    }
    int rc = kazi_orgunit_insert(&u, g->db, parent >= 0 ? &p : NULL);
    if (rc < 0) return rc;
    unit *x = &g->units[g->nunits++];
    x->id = u.id;
    x->parent = parent;
    memcpy(x->path, u.path, sizeof x->path);
    snprintf(x->code, sizeof x->code, "%s", code);
    g->st->org_units++;
    return KAZI_OK;
}

static int add_org(int64_t *out, gen *g, const char *code, const char *name, const char *kind,
                   int64_t unit_id)
{
    kazi_organisation o = {.org_unit_id = unit_id};
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

/* The ancestor at `depth` of unit u. */
static int ancestor(const gen *g, int u, int depth)
{
    int d = g->nlevels - 1;
    while (u >= g->first[d] + g->count[d] || u < g->first[d])
        d--; /* u's own depth */
    for (; d > depth; d--)
        u = g->units[u].parent;
    return u;
}

static int hierarchy(gen *g)
{
    int64_t total = 1, level = 1;
    for (int d = 1; d < g->nlevels; d++) {
        level *= fanout[d] + fanout[d] / 5 + 1; /* the most n below can be */
        total += level;
    }
    if (!(g->units = calloc((size_t)total, sizeof *g->units)))
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    int rc;
    char name[200], pn[80];
    json_t *cn = json_object_get(json_object_get(g->cat, "country"), "name");
    if ((rc = add_unit(g, -1, 0, g->code, name_of(g, cn))) < 0) return rc;
    g->first[0] = 0;
    g->count[0] = 1;
    for (int d = 1; d < g->nlevels; d++) {
        g->first[d] = g->nunits;
        for (int p = g->first[d - 1]; p < g->first[d - 1] + g->count[d - 1]; p++) {
            int n = fanout[d] - fanout[d] / 5 + below(&g->r, fanout[d] / 5 * 2 + 1);
            for (int k = 0; k < n; k++) {
                place_name(g, pn, sizeof pn);
                if (d == g->nlevels - 1)
                    snprintf(name, sizeof name, "%s", pn);
                else
                    snprintf(name, sizeof name, "%s %s", pn, g->level_name[d]);
                char full[64];
                snprintf(full, sizeof full, "%.40s-%02d", g->units[p].code, k + 1);
                if ((rc = add_unit(g, p, d, full, name)) < 0) return rc;
            }
        }
        g->count[d] = g->nunits - g->first[d];
    }
    /* Hubs: where training happens, councils employ, supervisors are found — about a
     * district council, two levels above the deepest. */
    g->hub_depth = g->nlevels - 3;
    if (g->hub_depth < 1) g->hub_depth = g->nlevels > 1 ? 1 : 0;
    return KAZI_OK;
}

static int organisations(gen *g)
{
    int rc;
    char code[64], name[200];
    const unit *root = &g->units[0];
    if ((rc = add_org(&g->gov_national, g, "GOV-NAT", g->names[KAZI_DEMO_NATIONAL].v[0],
                      "government", root->id)) < 0)
        return rc;
    for (int i = 0; i < g->nngo; i++) {
        snprintf(code, sizeof code, "NGO-%02d", i + 1);
        if ((rc = add_org(&g->ngo[i], g, code, g->names[KAZI_DEMO_NGO].v[i], "ngo", root->id)) < 0)
            return rc;
    }
    for (int i = 0; i < g->nprivate; i++) {
        snprintf(code, sizeof code, "PRV-%02d", i + 1);
        if ((rc = add_org(&g->private_org[i], g, code, g->names[KAZI_DEMO_PRIVATE].v[i], "private",
                          root->id)) < 0)
            return rc;
    }
    int top = g->nlevels > 1 ? 1 : 0;
    g->faith_org = calloc((size_t)g->count[top], sizeof *g->faith_org);
    g->council = calloc((size_t)g->count[g->hub_depth], sizeof *g->council);
    if (!g->faith_org || !g->council) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (int i = 0; i < g->count[top]; i++) {
        const unit *u = &g->units[g->first[top] + i];
        snprintf(code, sizeof code, "FBO-%02d", i + 1);
        snprintf(name, sizeof name, "%s %s", name_pick(g, KAZI_DEMO_FAITH), u->code);
        if ((rc = add_org(&g->faith_org[i], g, code, name, "faith_based", u->id)) < 0) return rc;
    }
    for (int i = 0; i < g->count[g->hub_depth]; i++) {
        const unit *u = &g->units[g->first[g->hub_depth] + i];
        snprintf(code, sizeof code, "GOV-%s", u->code);
        kazi_orgunit x;
        if ((rc = kazi_orgunit_get(&x, g->db, u->id)) < 0) return rc;
        if ((rc = add_org(&g->council[i], g, code, x.name, "government", u->id)) < 0) return rc;
    }
    return KAZI_OK;
}

/* ---- custom fields ------------------------------------------------------------------- */

/* A text that a Lua pattern of the usual shape (classes, sets, literals) accepts; with
 * `birth`, the first eight digits, when the pattern opens with them, are the birth date. */
static void from_pattern(char *out, size_t size, const char *pat, rng *r, const char *birth)
{
    size_t n = 0;
    int digits = 0;
    const char *p = pat;
    if (*p == '^') p++;
    while (*p && n + 2 < size) {
        char c;
        if (*p == '$' && !p[1]) break;
        if (*p == '%' && p[1]) {
            char k = p[1];
            p += 2;
            if (k == 'd') {
                static const int at[] = {0, 1, 2, 3, 5, 6, 8, 9}; /* YYYY-MM-DD sans dashes */
                if (birth && digits < 8 && n == (size_t)digits)
                    c = birth[at[digits]];
                else
                    c = (char)('0' + below(r, 10));
                digits++;
            } else if (k == 'u' || k == 'a') {
                c = (char)('A' + below(r, 26));
            } else if (k == 'l') {
                c = (char)('a' + below(r, 26));
            } else if (k == 'w' || k == 'x') {
                c = (char)('0' + below(r, 10));
            } else {
                c = k; /* an escaped literal */
            }
        } else if (*p == '[') {
            const char *e = strchr(p, ']');
            if (!e) break;
            const char *s = p + 1;
            c = *s == '^' ? 'x'
                          : (s[1] == '-' && s + 2 < e ? (char)(s[0] + below(r, s[2] - s[0] + 1))
                                                      : s[below(r, (int)(e - s))]);
            p = e + 1;
        } else if (*p == '.') {
            c = 'a';
            p++;
        } else {
            c = *p++;
        }
        if (*p == '?' || *p == '*' || *p == '-') { /* optional: keep it */
            p++;
        } else if (*p == '+') {
            p++;
        }
        out[n++] = c;
    }
    out[n] = '\0';
}

static const char *option_id(const json_t *o)
{
    return json_is_string(o) ? json_string_value(o) : str(o, "id");
}

/* Values for the configuration's custom fields of `entity`. */
static json_t *custom_fields(gen *g, const char *entity)
{
    json_t *custom = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(g->cat, "fields"), i, f)
    {
        const char *id = str(f, "id"), *type = str(f, "type"), *to = str(f, "applies_to");
        if (!id || !type || !to || strcmp(to, entity)) continue;
        if (!json_is_true(json_object_get(f, "required")) && chance(&g->r, 15)) continue;
        const json_t *opts = json_object_get(f, "options");
        json_t *v = NULL;
        if (!strcmp(type, "boolean")) {
            v = json_boolean(chance(&g->r, 60));
        } else if (!strcmp(type, "choice") && json_array_size(opts)) {
            const char *o =
                option_id(json_array_get(opts, (size_t)below(&g->r, (int)json_array_size(opts))));
            if (o) v = json_string(o);
        } else if (!strcmp(type, "multichoice") && json_array_size(opts)) {
            v = json_array();
            size_t k;
            json_t *o;
            json_array_foreach(opts, k, o) if (option_id(o) && (k == 0 || chance(&g->r, 20)))
                json_array_append_new(v, json_string(option_id(o)));
        } else if (!strcmp(type, "integer") || !strcmp(type, "number")) {
            v = json_integer(1 + below(&g->r, 20));
        } else if (!strcmp(type, "date")) {
            char d[11];
            random_date(d, &g->r, g->first_year + below(&g->r, g->this_year - g->first_year + 1));
            v = json_string(min_date(d, g->today));
        } else if (!strcmp(type, "text") && str(f, "pattern")) {
            char t[128];
            from_pattern(t, sizeof t, str(f, "pattern"), &g->r, NULL);
            v = json_string(t);
        }
        if (v) json_object_set_new(custom, id, v);
    }
    return custom;
}

static const json_t *field_decl(const gen *g, const char *entity, const char *id)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(g->cat, "fields"), i, f)
    {
        const char *fid = str(f, "id"), *to = str(f, "applies_to");
        if (fid && to && !strcmp(fid, id) && !strcmp(to, entity)) return f;
    }
    return NULL;
}

/*
 * Keep only what the configuration's checks and hooks accept. A refused text made from
 * a pattern is made again beginning with the birth date (identity numbers often do);
 * refused again, or refused otherwise, the value is left out and the record asked again.
 */
static void accepted(gen *g, json_t *record, const char *entity)
{
    const kazi_registry_catalogue *cat = kazi_registry_catalogue_get();
    json_t *custom = json_object_get(record, "custom");
    const char *birth = str(record, "birth_date");
    char retried[64] = "";
    for (int round = 0; round < 6; round++) {
        if (kazi_registry_check_custom(entity, custom) == KAZI_OK &&
            (!cat->validate || cat->validate(cat->ctx, entity, record) == KAZI_OK))
            return;
        const char *field = kazi_error_last()->field;
        const char *id = field && !strncmp(field, "custom.", 7) ? field + 7 : NULL;
        if (!id || !json_object_get(custom, id)) {
            json_object_clear(custom);
            continue;
        }
        const json_t *decl = field_decl(g, entity, id);
        if (birth && decl && str(decl, "pattern") && strcmp(retried, id)) {
            char t[128];
            snprintf(retried, sizeof retried, "%s", id);
            from_pattern(t, sizeof t, str(decl, "pattern"), &g->r, birth);
            json_object_set_new(custom, id, json_string(t));
        } else {
            json_object_del(custom, id);
        }
    }
    json_object_clear(custom);
}

/* ---- people and their plans --------------------------------------------------------- */

static int pick_cadre(gen *g)
{
    int total = 0;
    for (int i = 0; i < g->ncadres; i++)
        total += g->cadres[i].weight;
    int x = below(&g->r, total);
    for (int i = 0; i < g->ncadres; i++) {
        if (x < g->cadres[i].weight) return i;
        x -= g->cadres[i].weight;
    }
    return g->ncadres - 1;
}

/* How far up the workforce a cadre is: levels above the bottom plus rungs climbed. */
static int seniority(const gen *g, int c)
{
    if (c < 0) return 0;
    int s = g->nlevels - 1 - g->cadres[c].depth + g->cadres[c].rung;
    return s > 4 ? 4 : s;
}

static void lower(char *out, size_t size, const char *a, const char *b)
{
    snprintf(out, size, "%s %s", a, b);
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p += 32;
}

static int plan(gen *g, int w, int course, int year)
{
    if (course < 0) return KAZI_OK;
    if (year < g->first_year) year = g->first_year;
    if (year > g->this_year) year = g->this_year;
    if (g->nreqs == g->capreqs) {
        int cap = g->capreqs ? g->capreqs * 2 : 1024;
        request *n = realloc(g->reqs, (size_t)cap * sizeof *n);
        if (!n) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        g->reqs = n;
        g->capreqs = cap;
    }
    g->reqs[g->nreqs++] = (request){w, course, year, ""};
    g->workers[w].nreq++;
    return KAZI_OK;
}

/* Course k and, the year before, its prerequisites. */
static int request_course(gen *g, int w, int k, int year, int depth)
{
    int rc;
    if (k < 0 || depth > 3) return KAZI_OK;
    size_t i;
    json_t *p;
    json_array_foreach(g->courses[k].prereq, i, p)
    {
        if ((rc = request_course(g, w, course_index(g, json_string_value(p)), year - 1,
                                 depth + 1)) < 0)
            return rc;
    }
    return plan(g, w, k, year);
}

/* The courses of the certifications of cadre c. */
static int request_cadre(gen *g, int w, int c, int year)
{
    int rc;
    for (int k = 0; k < g->ncerts; k++)
        if (g->certs[k].cadre == c && (rc = request_course(g, w, g->certs[k].course, year, 0)) < 0)
            return rc;
    return KAZI_OK;
}

static int plan_training(gen *g, int wi)
{
    worker *w = &g->workers[wi];
    int rc = KAZI_OK;
    w->req = g->nreqs;
    if (w->cadre < 0) {
        /* Not placed: some are in training now for the programme's first cadre. */
        return chance(&g->r, 40) ? request_cadre(g, wi, 0, g->this_year) : KAZI_OK;
    }
    int start = atoi(w->start);
    if (chance(&g->r, g->cadres[w->cadre].para ? 90 : 60) &&
        (rc = request_cadre(g, wi, w->cadre, start - 1)) < 0)
        return rc;
    for (int k = 0; k < g->ncerts; k++) {
        const ccert *c = &g->certs[k];
        if (c->cadre != w->cadre || c->refresher < 0 || c->years <= 0) continue;
        for (int y = start + c->years - 1; y <= g->this_year && chance(&g->r, 60); y += c->years)
            if ((rc = plan(g, wi, c->refresher, y)) < 0) return rc;
    }
    if (w->move >= 0) {
        const cmove *m = &g->moves[w->move];
        int y = atoi(w->move_date) - 1;
        if (y < start) y = start;
        size_t i;
        json_t *b;
        json_array_foreach(m->bridging, i, b)
        {
            if ((rc = request_course(g, wi, course_index(g, json_string_value(b)), y, 0)) < 0)
                return rc;
        }
        if ((rc = request_cadre(g, wi, m->to, y)) < 0) return rc;
    }
    return KAZI_OK;
}

static int person(gen *g, int64_t i)
{
    rng *r = &g->r;
    int c = chance(r, 10) ? -1 : pick_cadre(g);
    int sen = seniority(g, c);
    int is_female = chance(r, c >= 0 && g->cadres[c].para ? 60 : 45);
    int first = is_female ? KAZI_DEMO_FEMALE : KAZI_DEMO_MALE;
    const char *given = name_pick(g, first);
    const char *other = chance(r, 30) ? name_pick(g, first) : NULL;
    const char *fam = name_pick(g, KAZI_DEMO_FAMILY);
    worker *w = &g->workers[g->nworkers];
    memset(w, 0, sizeof *w);
    w->cadre = c;
    w->move = -1;
    w->now_cadre = -1;
    w->leaf = g->first[g->nlevels - 1] + below(r, g->count[g->nlevels - 1]);
    w->hub = ancestor(g, w->leaf, g->hub_depth) - g->first[g->hub_depth];
    /* The first post: after the programme began; one in ten within the last year. */
    int today_year = g->this_year;
    if (c >= 0) {
        if (chance(r, 10))
            add_days(w->start, g->today, -below(r, 365));
        else
            random_date(w->start, r, g->first_year + below(r, today_year - g->first_year + 1));
        if (strcmp(w->start, g->today) > 0) add_days(w->start, g->today, -below(r, 200));
    }
    int start_year = c >= 0 ? atoi(w->start) : today_year;
    /* Age and education follow the cadre: older and more schooled up the ladder. */
    w->birth_year = start_year - (19 + 3 * sen + below(r, 16));
    int edu = sen - 1 + below(r, 3) + chance(r, 10); /* a few studied further */
    if (edu < 0) edu = 0;
    if (edu >= COUNT(education_order)) edu = COUNT(education_order) - 1;
    const char *education = education_of(g, edu);
    /* A name is at most 60 characters (lua/api.c), 240 bytes: three fit a key. */
    char birth[16], nk[800], gk[800], nid[40], local[20], phone[40];
    kazi_clock_ymd(birth, w->birth_year, 1 + below(r, 12), 1 + below(r, 28));
    lower(nk, sizeof nk, fam, given);
    lower(gk, sizeof gk, given, fam);
    if (other) {
        char lo[256];
        lower(lo, sizeof lo, other, "");
        lo[strlen(lo) - 1] = '\0'; /* the space lower() put after it */
        strncat(nk, " ", sizeof nk - strlen(nk) - 1);
        strncat(nk, lo, sizeof nk - strlen(nk) - 1);
        strncat(gk, " ", sizeof gk - strlen(gk) - 1);
        strncat(gk, lo, sizeof gk - strlen(gk) - 1);
    }
    snprintf(nid, sizeof nid, "%.4s%.2s%.2s-%05d-%05lld", birth, birth + 5, birth + 8,
             10000 + w->leaf % 90000, (long long)(i % 100000));
    snprintf(local, sizeof local, "07%u%u %03u %03u", 1 + (unsigned)below(r, 8) % 8,
             (unsigned)below(r, 10) % 10, (unsigned)below(r, 1000) % 1000,
             (unsigned)below(r, 1000) % 1000);
    if (kazi_schema_phone(phone, sizeof phone, "phone", local, g->calling_code) < 0)
        return KAZI_ERROR;
    json_t *languages = json_array();
    size_t li;
    json_t *lang;
    json_array_foreach(json_object_get(json_object_get(g->cat, "country"), "languages"), li, lang)
    {
        if (li == 0 || chance(r, 30)) json_array_append(languages, lang);
    }
    const unit *home = &g->units[w->leaf];
    json_t *p =
        json_pack("{s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:I,s:s,s:n}", "given_name", given,
                  "family_name", fam, "other_names", other, "name_key", nk, "given_key", gk, "sex",
                  is_female ? "female" : "male", "birth_date", birth, "phone", phone, "languages",
                  languages, "education", education, "residence_org_unit_id", (json_int_t)home->id,
                  "org_path", home->path, "review_duplicate_of");
    json_object_set_new(p, "custom", custom_fields(g, KAZI_ENTITY_PERSON));
    accepted(g, p, KAZI_ENTITY_PERSON);
    char *custom = kazi_json_dump(json_object_get(p, "custom"));
    json_object_set_new(p, "custom", json_string(custom ? custom : "{}"));
    free(custom);
    int64_t id;
    int rc = kazi_store_person_insert(&id, g->db, p, g->now);
    json_decref(p);
    if (rc < 0) return rc;
    g->st->people++;
    w->id = id;
    /* A new person has no identifiers to replace: added one by one (the index a
     * replacement's delete would need is dropped while generating, kazi_demo_generate). */
    if (g->id_national && (rc = kazi_store_identifier_add(g->db, id, g->id_national, nid)) < 0)
        return rc;
    if (c >= 0 && g->cadres[c].para && g->id_programme) {
        char prog[40];
        snprintf(prog, sizeof prog, "%.12s-%07lld", g->cadres[c].abbr ? g->cadres[c].abbr : g->code,
                 (long long)i + 1);
        if ((rc = kazi_store_identifier_add(g->db, id, g->id_programme, prog)) < 0) return rc;
    }
    if (c >= 0) {
        /* A move along the lattice for some who have served a while; up the ladder
         * three times as often as across. */
        int nm = 0, opts[3 * MAX_COURSES];
        for (int m = 0; m < g->nmoves; m++)
            for (int k = 0;
                 g->moves[m].from == c &&
                 k < (!strcmp(g->moves[m].kind ? g->moves[m].kind : "", "vertical") ? 3 : 1);
                 k++)
                opts[nm++] = m;
        char latest[11];
        add_days(latest, g->today, -90);
        if (nm && chance(r, 25)) {
            add_days(w->move_date, w->start, 365 * (2 + below(r, 4)) + below(r, 200));
            if (strcmp(w->move_date, latest) <= 0)
                w->move = opts[below(r, nm)];
            else
                w->move_date[0] = '\0';
        }
        /* Exits: some leave, a share of them within the last year. */
        if (w->move < 0 && chance(r, 12)) {
            char earliest[11];
            add_days(earliest, w->start, 200);
            if (strcmp(earliest, latest) < 0) {
                if (chance(r, 50))
                    add_days(w->exit_date, g->today, -1 - below(r, 330));
                else
                    add_days(w->exit_date, earliest,
                             below(r, 365 * (g->this_year - atoi(earliest) + 1)));
                if (strcmp(w->exit_date, earliest) < 0) memcpy(w->exit_date, earliest, 11);
                if (strcmp(w->exit_date, g->today) > 0) memcpy(w->exit_date, latest, 11);
                static const char *const reasons[] = {"resignation", "resignation", "resignation",
                                                      "retirement",  "death",       "dismissal"};
                w->exit_reason = PICK(r, reasons);
            }
        }
        w->stable = w->move < 0 && !w->exit_date[0];
        ccadre *cc = &g->cadres[c];
        w->eng = below(r, cc->neng);
        double m = cc->minimum[w->eng];
        if (m > 0) {
            double f = chance(r, 18) ? 0.4 + below(r, 55) / 100.0 : 1.0 + below(r, 40) / 100.0;
            double unit_ = m >= 10000 ? 1000 : m >= 100 ? 10 : 1;
            w->pay = (double)(int64_t)(m * f / unit_) * unit_;
        }
    }
    g->nworkers++;
    return plan_training(g, (int)(w - g->workers));
}

/* ---- training events: classes of 15 to 35 ---------------------------------------------- */

static gen *sort_gen; /* qsort has no context; the generator is single-threaded */

static int region_of(const gen *g, int hub)
{
    int top = g->nlevels > 1 ? 1 : 0;
    return ancestor(g, g->first[g->hub_depth] + hub, top);
}

static int req_cmp(const void *a, const void *b)
{
    const request *x = &sort_gen->reqs[*(const int *)a], *y = &sort_gen->reqs[*(const int *)b];
    if (x->course != y->course) return x->course - y->course;
    if (x->year != y->year) return y->year - x->year; /* latest first: small classes move earlier */
    int rx = region_of(sort_gen, sort_gen->workers[x->worker].hub),
        ry = region_of(sort_gen, sort_gen->workers[y->worker].hub);
    if (rx != ry) return rx - ry;
    return *(const int *)a - *(const int *)b;
}

/* A trainer for hub h: a stable worker of the most senior cadre that has one, of the hub
 * when one works there, else of the country. 0: nobody. */
static int64_t trainer(gen *g, int hub, int64_t not )
{
    int nh = g->count[g->hub_depth];
    for (int level = 4; level >= 0; level--)
        for (int c = 0; c < g->ncadres; c++) {
            if (seniority(g, c) != level) continue;
            const int *at = g->pool_at + c * (nh + 1);
            int lo = at[hub], hi = at[hub + 1];
            if (hi <= lo) {
                lo = at[0];
                hi = at[nh];
            }
            if (hi <= lo) continue;
            int64_t id = g->workers[g->pool[lo + below(&g->r, hi - lo)]].id;
            if (id != not ) return id;
        }
    return 0;
}

/* One class: an event at the first member's hub, its enrolments and results. */
static int one_class(gen *g, const int *idx, int n, int year)
{
    const request *first = &g->reqs[idx[0]];
    const ccourse *c = &g->courses[first->course];
    int hub = g->workers[first->worker].hub;
    const unit *venue = &g->units[g->first[g->hub_depth] + hub];
    char start[11], end[11], title[200];
    random_date(start, &g->r, year);
    if (strcmp(start, g->today) > 0) add_days(start, g->today, -below(&g->r, 60));
    /* Contact hours at six a day; a one-year course runs the year. */
    int days = c->hours >= 600 ? 300 : (c->hours + 5) / 6;
    add_days(end, start, days < 1 ? 1 : days);
    snprintf(title, sizeof title, "%s, %d", c->name, year); /* no words of Kazi's own */
    json_t *e = json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:i,s:s?}", "course", c->id,
                          "course_version", c->version, "title", title, "venue_org_unit_id",
                          (json_int_t)venue->id, "venue_path", venue->path, "start_date", start,
                          "end_date", end, "capacity", CLASS_MAX, "config_id", g->config);
    int64_t eid;
    int rc = kazi_store_event_insert(&eid, g->db, e, g->now);
    json_decref(e);
    if (rc < 0) return rc;
    g->st->events++;
    int64_t t1 = trainer(g, hub, 0), t2 = chance(&g->r, 40) ? trainer(g, hub, t1) : 0;
    if (t1 && (rc = kazi_store_trainer_add(g->db, eid, t1)) < 0) return rc;
    if (t2 && t2 != t1 && (rc = kazi_store_trainer_add(g->db, eid, t2)) < 0) return rc;
    int over = strcmp(end, g->today) <= 0;
    for (int i = 0; i < n; i++) {
        request *q = &g->reqs[idx[i]];
        const worker *w = &g->workers[q->worker];
        q->year = year;
        int64_t en;
        rc = kazi_store_enrolment_insert(&en, g->db, eid, w->id, w->hub != hub, 1, g->now);
        if (rc == KAZI_EEXISTS) continue; /* twice in one class (two plans met) */
        if (rc < 0) return rc;
        g->st->enrolments++;
        if (!over) continue; /* still running: no results yet */
        int attended = chance(&g->r, 96), passed = attended && chance(&g->r, 91);
        json_t *res = json_pack("{s:b,s:b,s:i,s:s?}", "attended", attended, "passed", passed,
                                "score", passed ? 55 + below(&g->r, 41) : 20 + below(&g->r, 30),
                                "completed_date", passed ? end : NULL);
        rc = kazi_store_enrolment_result(g->db, eid, w->id, res, g->now);
        json_decref(res);
        if (rc < 0) return rc;
        if (passed) memcpy(q->done, end, 11);
    }
    return KAZI_OK;
}

/* n requests as classes of CLASS_MIN..CLASS_MAX (one smaller class when n is small). */
static int classes(gen *g, const int *idx, int n, int year)
{
    int k = (n + CLASS_MAX - 1) / CLASS_MAX, rc;
    for (int i = 0, at = 0; i < k; i++) {
        int size = n / k + (i < n % k);
        if ((rc = one_class(g, idx + at, size, year)) < 0) return rc;
        at += size;
    }
    return KAZI_OK;
}

/*
 * Every planned enrolment, as events: per course and year, a region with enough
 * learners has its own classes; the rest of the country's learners share classes; too
 * few for a class join the year before (earlier training is still before the post).
 */
static int training(gen *g)
{
    int n = g->nreqs, rc = KAZI_OK;
    int *idx = malloc(((size_t)n + 1) * sizeof *idx),
        *small = malloc(((size_t)n + 1) * sizeof *small);
    if (!idx || !small) {
        free(idx);
        free(small);
        return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    for (int i = 0; i < n; i++)
        idx[i] = i;
    sort_gen = g;
    qsort(idx, (size_t)n, sizeof *idx, req_cmp);
    int nsmall = 0;
    for (int i = 0; i < n && rc == KAZI_OK;) {
        int course = g->reqs[idx[i]].course, year = g->reqs[idx[i]].year, j = i;
        while (j < n && g->reqs[idx[j]].course == course && g->reqs[idx[j]].year == year)
            j++;
        /* this course-year: [i, j), by region; plus what earlier years carried over */
        for (int a = i; a < j && rc == KAZI_OK;) {
            int reg = region_of(g, g->workers[g->reqs[idx[a]].worker].hub), b = a;
            while (b < j && region_of(g, g->workers[g->reqs[idx[b]].worker].hub) == reg)
                b++;
            if (b - a >= CLASS_MIN)
                rc = classes(g, idx + a, b - a, year);
            else
                for (int k = a; k < b; k++)
                    small[nsmall++] = idx[k];
            a = b;
        }
        int last = j == n || g->reqs[idx[j]].course != course;
        if (rc == KAZI_OK && nsmall && (nsmall >= CLASS_MIN || last || year <= g->first_year)) {
            rc = classes(g, small, nsmall, year);
            nsmall = 0;
        }
        /* else: carried into the next (earlier) year of this course */
        i = j;
    }
    free(idx);
    free(small);
    return rc;
}

/* Stable workers by cadre and hub: who may supervise and train. */
static int pools(gen *g)
{
    int nh = g->count[g->hub_depth];
    size_t cells = (size_t)g->ncadres * (size_t)(nh + 1) + 1;
    g->pool_at = calloc(cells + 1, sizeof *g->pool_at);
    g->pool = calloc((size_t)g->nworkers + 1, sizeof *g->pool);
    if (!g->pool_at || !g->pool) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (int64_t i = 0; i < g->nworkers; i++)
        if (g->workers[i].stable)
            g->pool_at[g->workers[i].cadre * (nh + 1) + g->workers[i].hub + 1]++;
    for (size_t k = 1; k < cells; k++)
        g->pool_at[k] += g->pool_at[k - 1];
    int *fill = calloc(cells, sizeof *fill);
    if (!fill) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (int64_t i = 0; i < g->nworkers; i++) {
        const worker *w = &g->workers[i];
        if (!w->stable) continue;
        size_t cell = (size_t)w->cadre * (size_t)(nh + 1) + (size_t)w->hub;
        g->pool[g->pool_at[cell] + fill[cell]++] = (int)i;
    }
    free(fill);
    return KAZI_OK;
}

/* ---- posts ------------------------------------------------------------------------------ */

static int64_t employer_for(gen *g, const worker *w, int c)
{
    int top = g->nlevels > 1 ? 1 : 0;
    int region = ancestor(g, w->leaf, top) - g->first[top];
    if (g->cadres[c].depth < g->nlevels - 1 || g->nlevels == 1)
        return chance(&g->r, 85) ? g->council[w->hub] : g->ngo[below(&g->r, g->nngo)];
    int x = below(&g->r, 100);
    return x < 30   ? g->council[w->hub]
           : x < 80 ? g->ngo[below(&g->r, g->nngo)]
           : x < 95 ? g->faith_org[region]
                    : g->private_org[below(&g->r, g->nprivate)];
}

static int position(int64_t *out, gen *g, const worker *w, int c, int64_t employer)
{
    const ccadre *cc = &g->cadres[c];
    const unit *u = &g->units[ancestor(g, w->leaf, cc->depth)];
    char code[40], title[120];
    snprintf(code, sizeof code, "POS-%07lld", (long long)g->st->positions + 1);
    const json_t *names = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(g->cat, "cadres"), i, x) if (!strcmp(str(x, "id"), cc->id))
        names = json_object_get(x, "name");
    snprintf(title, sizeof title, "%s", names ? name_of(g, names) : cc->id);
    /* A government employer's posts are the government's; the others' funded by a
     * partner or the employer itself. Drawn one after the other (arguments would be in an
     * unspecified order). */
    int council = employer == g->gov_national || employer == g->council[w->hub];
    int approved = chance(&g->r, 85);
    const char *funder =
        council ? g->names[KAZI_DEMO_FUNDER_GOV].v[0] : name_pick(g, KAZI_DEMO_FUNDER_OTHER);
    json_t *p = json_pack("{s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:i,s:s}", "code", code, "title", title,
                          "org_unit_id", (json_int_t)u->id, "org_path", u->path, "organisation_id",
                          (json_int_t)employer, "cadre", cc->id, "level", g->level_id[cc->depth],
                          "approved", approved, "funded_by", funder);
    json_object_set_new(p, "custom", custom_fields(g, KAZI_ENTITY_POSITION));
    json_object_set_new(p, "org_unit_id", json_integer(u->id));
    accepted(g, p, KAZI_ENTITY_POSITION);
    char *custom = kazi_json_dump(json_object_get(p, "custom"));
    json_object_set_new(p, "custom", json_string(custom ? custom : "{}"));
    free(custom);
    int rc = kazi_store_position_insert(out, g->db, p, g->now);
    json_decref(p);
    if (rc == KAZI_OK) g->st->positions++;
    return rc;
}

static int assign(int64_t *out, gen *g, const worker *w, int64_t pos, int c, const char *start)
{
    const ccadre *cc = &g->cadres[c];
    int k = c == w->cadre ? w->eng : 0;
    json_t *a = json_pack("{s:I,s:I,s:s,s:s}", "person_id", (json_int_t)w->id, "position_id",
                          (json_int_t)pos, "start_date", start, "engagement", cc->eng[k]);
    double pay = c == w->cadre ? w->pay : cc->minimum[0] > 0 ? cc->minimum[0] : 0;
    if (pay > 0) {
        json_object_set_new(a, "pay_amount", json_real(pay));
        json_object_set_new(a, "pay_currency",
                            json_string(cc->currency[k] ? cc->currency[k] : g->currency));
    }
    int rc = kazi_store_assignment_insert(out, g->db, a, g->now);
    json_decref(a);
    if (rc == KAZI_OK) g->st->assignments++;
    return rc;
}

/* ---- supervision -------------------------------------------------------------------------- */

/* A supervisor for w in cadre c whom the cadre's rule allows: a stable worker of an
 * allowed cadre, of w's hub when one has room, else of any hub. -1: none. */
static int supervisor_for(int *out, gen *g, int wi, int c)
{
    const ccadre *cc = &g->cadres[c];
    const worker *w = &g->workers[wi];
    int nh = g->count[g->hub_depth];
    *out = -1;
    for (int tries = 0; tries < 12; tries++) {
        int h = w->hub;
        int s = below(&g->r, g->ncadres);
        for (int k = 0; k < g->ncadres && !cc->may_supervise[s]; k++)
            s = (s + 1) % g->ncadres;
        if (!cc->may_supervise[s]) return KAZI_OK;
        /* its own hub first, then anyone of that cadre in the country */
        int lo = g->pool_at[s * (nh + 1) + (tries < 6 ? h : 0)],
            hi = g->pool_at[s * (nh + 1) + (tries < 6 ? h + 1 : nh)];
        if (hi <= lo) continue;
        int cand = g->pool[lo + below(&g->r, hi - lo)];
        worker *sw = &g->workers[cand];
        if (cand == wi || (sw->load >= cc->max_ratio && tries < 10)) continue;
        int ok, rc;
        if ((rc = allowed(&ok, g, w->id, c, sw->id, s)) < 0) return rc; /* the rule itself */
        if (!ok) continue;
        sw->load++;
        *out = cand;
        return KAZI_OK;
    }
    return KAZI_OK;
}

/* Sessions of w with sup over [from, to]: at the declared rhythm while new and lately,
 * sparser between; some workers' sessions stop months ago. */
static int sessions(gen *g, const worker *w, const worker *sup, int c, const char *from,
                    const char *to, const char *lapse)
{
    static const char *const modes[] = {"in_person", "in_person", "field_visit", "phone"};
    int every = g->cadres[c].every_days;
    char date[11], recent[11];
    add_days(recent, g->today, -RECENT_DAYS);
    char settled[11];
    add_days(settled, from, 540);
    add_days(date, from, 7 + below(&g->r, 30));
    while (strcmp(date, to) <= 0 && strcmp(date, g->today) <= 0) {
        if (lapse[0] && strcmp(date, lapse) > 0) break;
        int m = 180 + 30 * below(&g->r, 9); /* group sessions of three to seven hours */
        /* one draw after the other: a call's arguments are evaluated in no set order */
        const char *mode = PICK(&g->r, modes), *topic = name_pick(g, KAZI_DEMO_TOPIC);
        json_t *s = json_pack("{s:I,s:I,s:s,s:i,s:s,s:s}", "person_id", (json_int_t)w->id,
                              "supervisor_person_id", (json_int_t)sup->id, "session_date", date,
                              "duration_minutes", m, "mode", mode, "topics", topic);
        int64_t id;
        int rc = kazi_store_session_insert(&id, g->db, s, g->now);
        json_decref(s);
        if (rc < 0) return rc;
        g->st->sessions++;
        /* At the declared rhythm while new (the first 18 months) and lately; sparser between. */
        int step = strcmp(date, recent) >= 0 || strcmp(date, settled) < 0
                       ? every / 2 + below(&g->r, every / 2 + 1)
                       : 180 + below(&g->r, 180);
        if (step < MIN_SESSION_GAP && strcmp(date, recent) < 0) step = MIN_SESSION_GAP;
        add_days(date, date, step < 1 ? 1 : step);
    }
    return KAZI_OK;
}

/* Supervision of w in cadre c over [from, to] (to "": still going). */
static int supervise(gen *g, int wi, int c, const char *from, const char *to)
{
    /* Some are left without a supervisor: the coverage figures have gaps to show. */
    if (!g->cadres[c].supervision || chance(&g->r, 5)) return KAZI_OK;
    int si, rc;
    if ((rc = supervisor_for(&si, g, wi, c)) < 0 || si < 0) return rc;
    const worker *w = &g->workers[wi], *sup = &g->workers[si];
    const char *start = max_date(from, sup->start);
    if (to[0] && strcmp(start, to) >= 0) return KAZI_OK;
    json_t *s = json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s?}", "person_id", (json_int_t)w->id,
                          "supervisor_person_id", (json_int_t)sup->id, "type",
                          chance(&g->r, 70) ? "group" : "individual", "start_date", start,
                          "end_date", to[0] ? to : NULL, "config_source", g->config);
    int64_t id;
    rc = kazi_store_supervision_insert(&id, g->db, s, g->now);
    json_decref(s);
    if (rc < 0) return rc;
    g->st->supervisions++;
    char lapse[11] = "";
    if (!to[0] && chance(&g->r, 15)) add_days(lapse, g->today, -120 - below(&g->r, 400));
    return sessions(g, w, sup, c, start, to[0] ? to : g->today, lapse);
}

/* ---- certificates and moves: the configuration's rules, asked on the day ------------------ */

static int rule_passes(int *ok, gen *g, const char *kind, const char *id, const worker *w,
                       const char *date)
{
    json_t *d = NULL, *out = NULL;
    int rc = kazi_demo_dossier_at(&d, g->db, w->id, date);
    if (rc == KAZI_OK) rc = kazi_lua_rule(&out, g->lg, kind, id, d);
    *ok = rc == KAZI_OK && json_is_true(json_object_get(out, "eligible"));
    json_decref(d);
    json_decref(out);
    return rc == KAZI_EPLUGIN ? KAZI_OK : rc; /* a rule that fails issues nothing */
}

static const char *done_of(const gen *g, const worker *w, int course, const char *after,
                           const char *before)
{
    for (int i = w->req; i < w->req + w->nreq; i++) {
        const request *q = &g->reqs[i];
        if (q->course == course && q->done[0] && strcmp(q->done, after) > 0 &&
            strcmp(q->done, before) <= 0)
            return q->done;
    }
    return NULL;
}

/* Certificate k for w, issued when its rule passes within [from, to]; renewed after the
 * refresher while the rule still passes; some revoked. */
static int certify(gen *g, const worker *w, int k, const char *from, const char *to)
{
    ccert *c = &g->certs[k];
    /* A certification nobody generated has met in its first HOPELESS askings asks for
     * what the demo does not make (Kenya's VCO accreditation wants a police
     * certificate): not asked again. */
    if (c->asked >= HOPELESS && !c->passed) return KAZI_OK;
    char date[11], limit[11];
    memcpy(limit, min_date(to, g->today), 11);
    const char *course = c->course >= 0 ? done_of(g, w, c->course, "0000", limit) : NULL;
    if (c->course >= 0 && !course) return KAZI_OK; /* its course not passed: not asked */
    /* Asked some months after the course, once a first year in post has given the
     * supervised practice most certifications want; once more a year later. */
    char settled[11];
    add_days(date, max_date(from, course ? course : from), 30 + below(&g->r, 60));
    add_days(settled, from, 300 + below(&g->r, 120));
    memcpy(date, max_date(date, settled), 11);
    int ok = 0, rc;
    for (int attempt = 0; attempt < 2 && !ok; attempt++) {
        if (attempt) add_days(date, date, 300 + below(&g->r, 200));
        if (strcmp(date, limit) > 0) return KAZI_OK;
        if ((rc = rule_passes(&ok, g, "certification", c->id, w, date)) < 0) return rc;
        c->asked++;
        c->passed += ok;
    }
    if (!ok) return KAZI_OK;
    char prefix[64];
    size_t j = 0;
    for (const char *p = c->id; *p && j + 1 < sizeof prefix; p++)
        prefix[j++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
    prefix[j] = '\0';
    int64_t prev = 0;
    for (int round = 0; round < 8; round++) {
        int64_t id = ++g->next_certificate;
        char number[160], expires[11];
        snprintf(number, sizeof number, "%s-%.4s-%06lld", prefix, date, (long long)id);
        if (c->years > 0) kazi_certificate_add_years(expires, date, c->years);
        json_t *row = json_pack(
            "{s:I,s:s,s:I,s:s,s:s,s:s?,s:{s:b},s:s?,s:n,s:o?}", "id", (json_int_t)id, "number",
            number, "person_id", (json_int_t)w->id, "certification", c->id, "issued_date", date,
            "expires_date", c->years > 0 ? expires : NULL, "evidence", "eligible", 1, "config_id",
            g->config, "override_reason", "renews_id", prev ? json_integer(prev) : NULL);
        rc = row ? kazi_store_certificate_insert(g->db, row, g->now)
                 : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        json_decref(row);
        if (rc < 0) return rc;
        g->st->certificates++;
        if (chance(&g->r, 2)) {
            char when[11];
            add_days(when, date, 100 + below(&g->r, 300));
            g->st->revoked++;
            return kazi_store_certificate_revoke(g->db, id, name_pick(g, KAZI_DEMO_REVOCATION),
                                                 min_date(when, g->today), g->now);
        }
        if (c->years <= 0 || strcmp(expires, limit) > 0 || c->refresher < 0) return KAZI_OK;
        char window[11];
        add_days(window, expires, 180);
        const char *refreshed = done_of(g, w, c->refresher, date, min_date(window, limit));
        if (!refreshed) return KAZI_OK; /* let it lapse */
        add_days(date, expires, -10 - below(&g->r, 60));
        memcpy(date, max_date(date, refreshed), 11);
        if (strcmp(date, limit) > 0) return KAZI_OK;
        if ((rc = rule_passes(&ok, g, "certification", c->id, w, date)) < 0 || !ok) return rc;
        prev = id;
    }
    return KAZI_OK;
}

static int certify_cadre(gen *g, const worker *w, int c, const char *from, const char *to)
{
    int rc;
    for (int k = 0; k < g->ncerts; k++)
        if (g->certs[k].cadre == c && (rc = certify(g, w, k, from, to)) < 0) return rc;
    return KAZI_OK;
}

/* ---- one worker's history ----------------------------------------------------------------- */

static int support_and_returns(gen *g, const worker *w)
{
    static const char *const kinds[] = {"debriefing", "peer_support", "counselling", "wellness"};
    int rc;
    int n = chance(&g->r, 25) ? 0 : 1 + below(&g->r, 3);
    for (int i = 0; i < n; i++) {
        char date[11];
        add_days(date, g->today, -below(&g->r, 540));
        if (strcmp(date, w->start) < 0) continue;
        json_t *s = json_pack("{s:I,s:s,s:s,s:s}", "person_id", (json_int_t)w->id, "kind",
                              PICK(&g->r, kinds), "activity_date", date, "note",
                              g->names[KAZI_DEMO_SUPPORT_NOTE].v[0]);
        int64_t id;
        rc = kazi_store_support_insert(&id, g->db, s, g->now);
        json_decref(s);
        if (rc < 0) return rc;
        g->st->support++;
    }
    /* Monthly returns of the last RETURN_MONTHS months from the workers of the bottom level. */
    if (!g->nactivities || g->cadres[w->now_cadre].depth != g->nlevels - 1 || chance(&g->r, 20))
        return KAZI_OK;
    for (int m = 1; m <= RETURN_MONTHS; m++) {
        char month[11], period[8];
        add_days(month, g->today, -30 * m);
        if (strcmp(month, w->start) < 0) break;
        snprintf(period, sizeof period, "%.7s", month);
        for (int a = 0; a < g->nactivities; a++) {
            if ((rc = kazi_store_return_put(g->db, w->id, period, g->activities[a],
                                            below(&g->r, 25), g->now)) < 0)
                return rc;
            g->st->returns++;
        }
    }
    return KAZI_OK;
}

/* Credit for prior learning (principle 8): approved experience, for some. */
static int prior(gen *g, const worker *w)
{
    char date[11];
    add_days(date, w->start, 200 + below(&g->r, 500));
    if (strcmp(date, g->today) > 0 || !chance(&g->r, 10)) return KAZI_OK;
    const char *what = name_pick(g, KAZI_DEMO_PRIOR_WHAT),
               *evidence = name_pick(g, KAZI_DEMO_PRIOR_EVIDENCE),
               *approver = name_pick(g, KAZI_DEMO_PRIOR_APPROVER);
    json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i}", "person_id", (json_int_t)w->id, "kind",
                          "experience", "what", what, "evidence", evidence, "approved_by", approver,
                          "approved_date", date, "hours", 200 + 50 * below(&g->r, 9));
    int64_t id;
    int rc = kazi_store_prior_insert(&id, g->db, p, g->now);
    json_decref(p);
    if (rc == KAZI_OK) g->st->prior_learning++;
    return rc;
}

static int history(gen *g, int wi)
{
    worker *w = &g->workers[wi];
    if (w->cadre < 0) return KAZI_OK;
    int c = w->cadre, rc;
    int64_t employer = employer_for(g, w, c), pos, asg;
    w->employer = employer;
    if ((rc = position(&pos, g, w, c, employer)) < 0 ||
        (rc = assign(&asg, g, w, pos, c, w->start)) < 0)
        return rc;
    /* Some approved posts stand vacant. */
    if (chance(&g->r, 6)) {
        int64_t vacant;
        if ((rc = position(&vacant, g, w, c, employer)) < 0) return rc;
        g->st->vacancies++;
    }
    w->now_cadre = c;
    if ((rc = prior(g, w)) < 0) return rc;
    if (w->move >= 0) {
        /* Sessions, courses and certificates up to the move count towards it. */
        const cmove *m = &g->moves[w->move];
        char before[11];
        add_days(before, w->move_date, -1);
        int ok;
        if ((rc = supervise(g, wi, c, w->start, before)) < 0 ||
            (rc = certify_cadre(g, w, c, w->start, before)) < 0 ||
            (rc = rule_passes(&ok, g, "move", m->id, w, w->move_date)) < 0)
            return rc;
        if (!ok) {
            if ((rc = supervise(g, wi, c, w->move_date, "")) < 0) return rc;
            return support_and_returns(g, w);
        }
        int vertical = m->kind && !strcmp(m->kind, "vertical");
        int64_t npos, nasg, mid;
        if ((rc = kazi_store_assignment_end(g->db, asg, w->move_date,
                                            vertical ? "promotion" : "transfer", g->now)) < 0 ||
            (rc = position(&npos, g, w, m->to, employer_for(g, w, m->to))) < 0 ||
            (rc = assign(&nasg, g, w, npos, m->to, w->move_date)) < 0)
            return rc;
        json_t *row =
            json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:n}", "person_id", (json_int_t)w->id, "move",
                      m->id, "kind", m->kind ? m->kind : "vertical", "from_assignment_id",
                      (json_int_t)asg, "to_assignment_id", (json_int_t)nasg, "move_date",
                      w->move_date, "config_id", g->config ? g->config : "demo", "override_reason");
        rc = kazi_store_career_move_insert(&mid, g->db, row, g->now);
        json_decref(row);
        if (rc < 0) return rc;
        g->st->moves++;
        /* The post left waits for a trained replacement (nobody is placed in it). */
        if ((rc = kazi_store_replacement_set(g->db, pos, w->move_date, mid)) < 0) return rc;
        g->st->replacements++;
        w->now_cadre = m->to;
        if ((rc = supervise(g, wi, m->to, w->move_date, "")) < 0 ||
            (rc = certify_cadre(g, w, m->to, w->move_date, g->today)) < 0)
            return rc;
        return support_and_returns(g, w);
    }
    if ((rc = supervise(g, wi, c, w->start, w->exit_date)) < 0 ||
        (rc = certify_cadre(g, w, c, w->start, w->exit_date[0] ? w->exit_date : g->today)) < 0)
        return rc;
    if (w->exit_date[0]) {
        if ((rc = kazi_store_assignment_end(g->db, asg, w->exit_date, w->exit_reason, g->now)) < 0)
            return rc;
        g->st->exits++;
        w->now_cadre = -1;
        return KAZI_OK;
    }
    return support_and_returns(g, w);
}

/* ---- payments and reimbursements ------------------------------------------------------------ */

/* One payment of `kind` for the month `month` months back (paid today, or on the 28th of
 * an earlier month; *before_start set and nothing written when that is before w's post).
 * Pay goes through the domain (kazi_pay_create: its minimum flags, its audit); a
 * reimbursement (with its purpose) is history, written to the store as sessions and
 * support records are: no minimum applies to it, and a domain call each would cost the
 * generator 8 % more instead of 3 % (docs/registry.md, "Synthetic data"). */
static int pay_one(gen *g, const worker *w, const char *kind, int month, double amount,
                   const char *currency, const char *purpose, int64_t funder, int *before_start)
{
    char period[8], paid[11];
    int y = g->this_year, mo = atoi(g->today + 5) - month;
    for (; mo < 1; mo += 12)
        y--;
    char day[11];
    kazi_clock_ymd(day, y, mo, 1);
    snprintf(period, sizeof period, "%.7s", day);
    if (month == 0)
        memcpy(paid, g->today, 11);
    else
        snprintf(paid, sizeof paid, "%s-28", period);
    const char *since = w->move_date[0] && w->now_cadre != w->cadre ? w->move_date : w->start;
    if ((*before_start = strcmp(paid, since) < 0)) return KAZI_OK;
    json_t *p = json_pack("{s:I,s:s,s:s,s:f,s:s,s:s,s:s?}", "person_id", (json_int_t)w->id, "kind",
                          kind, "period", period, "amount", amount, "currency", currency, "paid_on",
                          paid, "purpose", purpose);
    if (funder) json_object_set_new(p, "funder_id", json_integer(funder));
    json_t *out = NULL;
    int64_t id;
    int rc;
    if (purpose) {
        json_object_set_new(p, "below_minimum", json_false());
        rc = kazi_store_payment_insert(&id, g->db, p, g->now);
    } else {
        rc = kazi_pay_create(&out, g->db, kazi_caller_cli(), p);
    }
    json_decref(p);
    json_decref(out);
    if (rc == KAZI_OK) g->st->payments++;
    return rc;
}

/* What a volunteer is reimbursed in a month, about: a share of the smallest monthly
 * minimum the country declares in its currency, rounded as pay is. */
static double reimbursement_of(const gen *g)
{
    double least = 0;
    for (int c = 0; c < g->ncadres; c++)
        for (int k = 0; k < g->cadres[c].neng; k++) {
            double m = g->cadres[c].minimum[k];
            const char *cur = g->cadres[c].currency[k];
            if (m > 0 && (!cur || !g->currency || !strcmp(cur, g->currency)) &&
                (!least || m < least))
                least = m;
        }
    double r = least * REIMBURSE_SHARE, unit_ = r >= 10000 ? 1000 : r >= 100 ? 10 : 1;
    r = (double)(int64_t)(r / unit_) * unit_;
    return r > 0 ? r : 10;
}

/*
 * The last PAY_MONTHS months of pay of every paid worker in post, recorded as any
 * payment is (domain/support: its checks, its flags, its audit), and the last
 * REIMBURSE_MONTHS months of reimbursements (transport, lunch) of the volunteers in post:
 * most months for most of them, some missed (pay_one).
 */
static int payments(gen *g)
{
    /* Bulk: each payment its own savepoint, one commit for them all; row by row, each
     * commits alone (not waiting for the disk). */
    int rc = g->row_by_row ? kazi_store_bulk_sync(g->db, 0) : kazi_db_batch_begin(g->db);
    if (rc < 0) return rc;
    double fares = reimbursement_of(g);
    for (int64_t i = 0; i < g->nworkers && rc == KAZI_OK; i++) {
        const worker *w = &g->workers[i];
        if (w->now_cadre < 0) continue;
        int before = 0, same = w->now_cadre == w->cadre;
        const ccadre *cc = &g->cadres[w->now_cadre];
        const char *eng = cc->eng[same ? w->eng : 0];
        if (same && w->pay > 0) {
            const char *kind = !strcmp(eng, "salaried")  ? "payment"
                               : !strcmp(eng, "stipend") ? "stipend"
                                                         : "allowance";
            const char *cur = cc->currency[w->eng] ? cc->currency[w->eng] : g->currency;
            for (int m = 0; m < PAY_MONTHS && rc == KAZI_OK && !before; m++)
                rc = pay_one(g, w, kind, m, w->pay, cur, NULL, w->employer, &before);
        }
        if (strcmp(eng, "volunteer")) continue;
        int regular = chance(&g->r, REGULAR_PCT);
        before = 0;
        for (int m = 0; m < REIMBURSE_MONTHS && rc == KAZI_OK && !before; m++) {
            if (!chance(&g->r, regular ? REGULAR_MONTH : IRREGULAR_MONTH)) continue;
            double amount = fares * (2 + below(&g->r, 3)) / 3;
            rc = pay_one(g, w, "reimbursement", m, (double)(int64_t)amount, g->currency,
                         name_pick(g, KAZI_DEMO_PURPOSE), same ? w->employer : 0, &before);
        }
    }
    if (!g->row_by_row) return kazi_db_batch_end(g->db, rc);
    int back = kazi_store_bulk_sync(g->db, 1);
    return rc < 0 ? rc : back;
}

/* ---- the run -------------------------------------------------------------------------------- */

static void release(gen *g)
{
    free(g->units);
    free(g->council);
    free(g->faith_org);
    free(g->workers);
    free(g->reqs);
    free(g->pool);
    free(g->pool_at);
    for (int l = 0; l < KAZI_DEMO_LISTS; l++)
        if (g->names[l].v != (const char **)neutral[l]) free(g->names[l].v);
    kazi_lua_gen_unref(g->lg);
}

int kazi_demo_generate(kazi_demo_stats *out, kazi_db *db, const kazi_demo_opts *opts)
{
    memset(out, 0, sizeof *out);
    if (opts->people < 0 || opts->people > 10000000)
        return kazi_error_set(KAZI_EINVALID, "people", "--people must be from 0 to 10000000");
    gen g = {.db = db,
             .row_by_row = opts->row_by_row,
             .r = {opts->seed ^ 0x4b617a69ULL},
             .now = kazi_clock_now_ms(),
             .st = out};
    kazi_schema_calling_code(g.calling_code, sizeof g.calling_code);
    kazi_registry_today(g.today, sizeof g.today);
    g.this_year = atoi(g.today);
    int rc;
    if (!(g.lg = kazi_lua_current())) {
        rc = kazi_error_set(KAZI_EINVALID, "configuration", "no configuration is active");
        goto done;
    }
    g.cat = kazi_lua_gen_catalogue(g.lg);
    g.config = kazi_lua_gen_source_id(g.lg);
    if (!(g.workers = calloc((size_t)opts->people + 1, sizeof *g.workers))) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if ((rc = read_config(&g)) < 0 || (rc = read_names(&g)) < 0) goto done;
    out->first_year = g.first_year;
    int64_t units, people;
    json_t *saved = NULL;
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
    /* Bulk: person's and person_identifier's non-unique indexes (and the triggers
     * keeping person_place) are built once, sorted, after the people (as an import does);
     * nothing the generator reads needs them. Every other trigger-kept summary is kept
     * by its triggers row by row, as any write keeps it. */
    if ((!opts->row_by_row && (rc = kazi_store_person_indexes_drop(&saved, db)) < 0) ||
        (rc = hierarchy(&g)) < 0 || (rc = organisations(&g)) < 0)
        goto fail;
    for (int64_t i = 0; i < opts->people; i++) {
        if ((rc = person(&g, i)) < 0) goto fail;
        if (opts->progress && (i % 5000 == 4999 || i + 1 == opts->people))
            opts->progress(opts->progress_ctx, i + 1, opts->people);
    }
    if ((rc = pools(&g)) < 0 || (rc = training(&g)) < 0) goto fail;
    for (int64_t i = 0; i < g.nworkers; i++)
        if ((rc = history(&g, (int)i)) < 0) goto fail;
    if (saved && (rc = kazi_store_person_indexes_restore(db, saved)) < 0) goto fail;
    json_t *summary = json_pack(
        "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "seed",
        (json_int_t)opts->seed, "org_units", (json_int_t)out->org_units, "people",
        (json_int_t)out->people, "positions", (json_int_t)out->positions, "assignments",
        (json_int_t)out->assignments, "vacancies", (json_int_t)out->vacancies, "training_events",
        (json_int_t)out->events, "enrolments", (json_int_t)out->enrolments, "prior_learning",
        (json_int_t)out->prior_learning, "certificates", (json_int_t)out->certificates, "revoked",
        (json_int_t)out->revoked, "supervision_sessions", (json_int_t)out->sessions, "career_moves",
        (json_int_t)out->moves, "exits", (json_int_t)out->exits, "first_year",
        (json_int_t)out->first_year);
    rc = kazi_audit_append(db, kazi_audit_ctx_cli(), "demo_data.generate", "registry", NULL, NULL,
                           summary);
    json_decref(summary);
fail: /* the one end of the transaction: committed unless rc < 0 */
    json_decref(saved);
    if ((rc = kazi_db_end(db, rc)) >= 0) rc = payments(&g);
done:
    release(&g);
    return rc < 0 ? rc : KAZI_OK;
}

/* ---- dossiers as of a day, and the check ------------------------------------------------- */

static void drop_later(json_t *list, const char *key, const char *as_of, const char *open_key)
{
    for (size_t i = json_array_size(list); i-- > 0;) {
        json_t *x = json_array_get(list, i);
        const char *d = str(x, key);
        if (d && strcmp(d, as_of) > 0) {
            json_array_remove(list, i);
            continue;
        }
        const char *to = open_key ? str(x, open_key) : NULL;
        if (to && strcmp(to, as_of) > 0) json_object_del(x, open_key); /* still open then */
    }
}

int kazi_demo_dossier_at(json_t **out, kazi_db *db, int64_t person, const char *as_of)
{
    json_t *d;
    int rc = kazi_dossier_build(&d, db, person, as_of);
    if (rc < 0) return rc;
    drop_later(json_object_get(d, "assignments"), "from", as_of, "to");
    drop_later(json_object_get(d, "courses"), "completed", as_of, NULL);
    drop_later(json_object_get(d, "credentials"), "issued", as_of, NULL);
    *out = d;
    return KAZI_OK;
}

typedef struct check_ctx {
    int64_t *people;
    size_t npeople, cap;
    json_t *ended; /* assignments ended by a promotion or transfer: [id, person] */
} check_ctx;

static int collect(void *ctx, json_t *a)
{
    check_ctx *c = ctx;
    int64_t person = json_integer_value(json_object_get(a, "person_id"));
    if (!c->npeople || c->people[c->npeople - 1] != person) {
        if (c->npeople == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 1024;
            int64_t *n = realloc(c->people, cap * sizeof *n);
            if (!n) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
            c->people = n;
            c->cap = cap;
        }
        c->people[c->npeople++] = person;
    }
    const char *why = str(a, "end_reason");
    if (why && (!strcmp(why, "promotion") || !strcmp(why, "transfer")))
        json_array_append_new(c->ended,
                              json_pack("[O,I]", json_object_get(a, "id"), (json_int_t)person));
    return KAZI_OK;
}

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int count_rule(int64_t *refused, int64_t *errors, kazi_db *db, const char *kind,
                      const char *id, int64_t person, const char *date)
{
    json_t *d = NULL, *out = NULL;
    int rc = kazi_demo_dossier_at(&d, db, person, date);
    if (rc == KAZI_OK) rc = kazi_lua_rule(&out, NULL, kind, id, d);
    if (rc == KAZI_EPLUGIN || rc == KAZI_ENOTFOUND) {
        (*errors)++;
        rc = KAZI_OK;
    } else if (rc == KAZI_OK && !json_is_true(json_object_get(out, "eligible"))) {
        (*refused)++;
    }
    json_decref(d);
    json_decref(out);
    return rc;
}

int kazi_demo_check(json_t **out, kazi_db *db)
{
    check_ctx c = {.ended = json_array()};
    int64_t sup = 0, sup_refused = 0, moves = 0, moves_refused = 0, certs = 0, certs_refused = 0,
            without_move = 0, errors = 0;
    int rc = kazi_store_assignment_each(db, NULL, NULL, collect, &c);
    if (rc < 0) goto done;
    qsort(c.people, c.npeople, sizeof *c.people, i64_cmp);
    for (size_t i = 0; i < c.npeople && rc == KAZI_OK; i++) {
        int64_t p = c.people[i];
        if (i && c.people[i - 1] == p) continue;
        json_t *list = NULL, *x;
        size_t k;
        /* every current supervision, through the kazi.supervision rule of the worker's cadre */
        if ((rc = kazi_store_supervision_list(&list, db, p, 0)) < 0) break;
        json_array_foreach(list, k, x)
        {
            if (str(x, "end_date")) continue;
            int64_t s = json_integer_value(json_object_get(x, "supervisor_person_id"));
            json_t *wp = NULL, *sp = NULL, *decision = NULL;
            sup++;
            if ((rc = kazi_store_person_posts(&wp, db, p)) == KAZI_OK &&
                (rc = kazi_store_person_posts(&sp, db, s)) == KAZI_OK) {
                json_t *wv = kazi_supervision_view(db, p, wp),
                       *sv = kazi_supervision_view(db, s, sp);
                const char *cadre = str(json_array_get(wp, 0), "cadre");
                if (!cadre) {
                    sup_refused++;
                } else {
                    rc = kazi_supervision_check(&decision, NULL, cadre, wv, sv);
                    if (rc == KAZI_EPLUGIN) {
                        errors++;
                        rc = KAZI_OK;
                    } else if (rc == KAZI_OK &&
                               !json_is_true(json_object_get(decision, "allowed"))) {
                        sup_refused++;
                    }
                }
                json_decref(wv);
                json_decref(sv);
            }
            json_decref(wp);
            json_decref(sp);
            json_decref(decision);
            if (rc < 0) break;
        }
        json_decref(list);
        if (rc < 0) break;
        /* every recorded move, through its rule on the day */
        if ((rc = kazi_store_career_move_list(&list, db, p)) < 0) break;
        json_array_foreach(list, k, x)
        {
            moves++;
            if ((rc = count_rule(&moves_refused, &errors, db, "move", str(x, "move"), p,
                                 str(x, "move_date"))) < 0)
                break;
        }
        json_decref(list);
        if (rc < 0) break;
        /* every certificate, through its certification's rule on the day it was issued */
        if ((rc = kazi_store_certificate_list(&list, db, p)) < 0) break;
        json_array_foreach(list, k, x)
        {
            certs++;
            if ((rc = count_rule(&certs_refused, &errors, db, "certification",
                                 str(x, "certification"), p, str(x, "issued_date"))) < 0)
                break;
        }
        json_decref(list);
    }
    /* a promotion or transfer no recorded move explains */
    size_t k;
    json_t *e;
    json_array_foreach(c.ended, k, e)
    {
        if (rc < 0) break;
        json_t *list = NULL, *x;
        size_t j;
        int found = 0;
        int64_t id = json_integer_value(json_array_get(e, 0));
        if ((rc = kazi_store_career_move_list(&list, db,
                                              json_integer_value(json_array_get(e, 1)))) < 0)
            break;
        json_array_foreach(
            list, j, x) if (json_integer_value(json_object_get(x, "from_assignment_id")) == id)
            found = 1;
        json_decref(list);
        without_move += !found;
    }
    if (rc == KAZI_OK)
        *out =
            json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "supervisions", (json_int_t)sup,
                      "supervisions_refused", (json_int_t)sup_refused, "moves", (json_int_t)moves,
                      "moves_refused", (json_int_t)moves_refused, "certificates", (json_int_t)certs,
                      "certificates_refused", (json_int_t)certs_refused, "promotions_without_move",
                      (json_int_t)without_move, "errors", (json_int_t)errors);
done:
    free(c.people);
    json_decref(c.ended);
    return rc;
}
