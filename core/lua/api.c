/*
 * api — the `kazi` table plugins program against: declarations (legal only while a
 * configuration loads, each argument checked with errors that name the calling file
 * and line) that build the catalogue and keep rule, report, hook and test functions,
 * plus the few run-time helpers (kazi.today, kazi.catalogue).
 * Owns: the declaration table (one row per kazi.* function) and the catalogue's checks.
 * Uses: Lua (through lua/internal.h), util/json, util/clock.
 * Thread-safety: per state.
 */
#include "lua/dhis2.h"
#include "lua/internal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"
#include "util/lang.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    T_STR = 1, /* string */
    T_ID,      /* short identifier: letters, digits, - _ . */
    T_NUM,     /* number */
    T_BOOL,    /* boolean */
    T_FN,      /* function */
    T_TABLE,   /* any table */
    T_NAMES,   /* string, or names per language {en = "...", sw = "..."} */
    T_LIST,    /* list (strings or tables) */
    T_LEVEL,   /* string or number */
    T_IDS,     /* an identifier, or a list of identifiers */
};

typedef struct {
    const char *name;
    int type;
    int required;
} fspec;

typedef struct {
    const char *fn;     /* "cadre" → kazi.cadre */
    const char *plural; /* catalogue array */
    const char *rule;   /* the function field kept for calls, or NULL */
    const fspec *fields;
} dspec;

static const fspec group_fields[] = {
    {"id", T_ID, 1}, {"name", T_NAMES, 1}, {"description", T_NAMES, 0}, {0}};
static const fspec cadre_fields[] = {{"id", T_ID, 1},
                                     {"name", T_NAMES, 1},
                                     {"group", T_ID, 1},
                                     {"level", T_LEVEL, 1},
                                     {"track", T_STR, 0},
                                     {"para", T_BOOL, 0},
                                     {"abbreviation", T_STR, 0},
                                     {"description", T_NAMES, 0},
                                     {"works_at", T_ID, 0},
                                     {0}};
static const fspec job_fields[] = {{"id", T_ID, 0},
                                   {"cadre", T_ID, 1},
                                   {"title", T_NAMES, 0},
                                   {"purpose", T_NAMES, 1},
                                   {"functions", T_LIST, 1},
                                   {"competencies", T_LIST, 0},
                                   {"minimum_qualifications", T_LIST, 0},
                                   {"supervision", T_TABLE, 0},
                                   {"duties", T_LIST, 0},
                                   {0}};
static const fspec field_fields[] = {{"id", T_ID, 1},
                                     {"applies_to", T_ID, 1},
                                     {"type", T_ID, 1},
                                     {"label", T_NAMES, 1},
                                     {"required", T_BOOL, 0},
                                     {"options", T_LIST, 0},
                                     {"pattern", T_STR, 0},
                                     {"validate", T_FN, 0},
                                     {"help", T_NAMES, 0},
                                     {"max_length", T_NUM, 0},
                                     {0}};
static const fspec course_fields[] = {{"id", T_ID, 1},
                                      {"name", T_NAMES, 1},
                                      {"version", T_STR, 1},
                                      {"hours", T_NUM, 1},
                                      {"outcomes", T_LIST, 1},
                                      {"method", T_STR, 0},
                                      {"group", T_ID, 0},
                                      {"level", T_LEVEL, 0},
                                      {"bridging", T_BOOL, 0},
                                      {"prerequisites", T_LIST, 0},
                                      {"provider", T_STR, 0},
                                      {"description", T_NAMES, 0},
                                      {0}};
static const fspec certification_fields[] = {{"id", T_ID, 1},
                                             {"name", T_NAMES, 1},
                                             {"rule", T_FN, 1},
                                             {"course", T_ID, 0},
                                             {"cadre", T_ID, 0},
                                             {"valid_years", T_NUM, 0},
                                             {"refresher", T_TABLE, 0},
                                             {"issuer", T_STR, 0},
                                             {"description", T_NAMES, 0},
                                             {0}};
static const fspec move_fields[] = {{"id", T_ID, 0},
                                    {"from", T_ID, 1},
                                    {"to", T_ID, 1},
                                    {"kind", T_ID, 1},
                                    {"requires", T_FN, 1},
                                    {"bridging", T_LIST, 0},
                                    {"description", T_NAMES, 0},
                                    {0}};
static const fspec pay_fields[] = {{"id", T_ID, 0},          {"cadre", T_ID, 1},
                                   {"level", T_LEVEL, 0},    {"amount", T_NUM, 1},
                                   {"currency", T_ID, 1},    {"period", T_ID, 1},
                                   {"engagement", T_IDS, 0}, {"note", T_NAMES, 0},
                                   {"source", T_STR, 0},     {0}};
static const fspec report_fields[] = {{"id", T_ID, 1},
                                      {"title", T_NAMES, 1},
                                      {"params", T_LIST, 0},
                                      {"columns", T_LIST, 0},
                                      {"run", T_FN, 1},
                                      {"description", T_NAMES, 0},
                                      /* unit and definition (docs/plugins.md, Indicators) */
                                      {"indicator", T_TABLE, 0},
                                      {0}};
/* Who may supervise a cadre (principle 17) and the periods coverage counts against. */
static const fspec supervision_fields[] = {{"id", T_ID, 0},
                                           {"cadre", T_ID, 1},
                                           {"supervisors", T_LIST, 0},
                                           {"rule", T_FN, 0},
                                           {"max_ratio", T_NUM, 0},
                                           {"session_every_days", T_NUM, 0},
                                           {"support_every_days", T_NUM, 0},
                                           {"description", T_NAMES, 0},
                                           {0}};
/* An activity type of the monthly returns (principle 7). */
static const fspec activity_fields[] = {
    {"id", T_ID, 1}, {"name", T_NAMES, 1}, {"description", T_NAMES, 0}, {0}};
static const fspec standard_fields[] = {{"id", T_ID, 1},         {"name", T_NAMES, 1},
                                        {"applies_to", T_ID, 1}, {"functions", T_LIST, 1},
                                        {"source", T_STR, 0},    {0}};

/* A population group org units carry figures for (domain/population.c): plugins/
 * declares "total" and "children"; a configuration may add more. */
static const fspec population_group_fields[] = {
    {"id", T_ID, 1}, {"name", T_NAMES, 1}, {"description", T_NAMES, 0}, {0}};

/* A staffing norm (domain/planning.c): `count` workers of `cadre` per org unit of level
 * `per`, or per `per_population.size` people of population group `per_population.group`. */
static const fspec norm_fields[] = {{"id", T_ID, 0},
                                    {"cadre", T_ID, 1},
                                    {"per", T_ID, 0},
                                    {"per_population", T_TABLE, 0},
                                    {"count", T_NUM, 1},
                                    {"description", T_NAMES, 0},
                                    {0}};

static const dspec decls[] = {
    {"group", "groups", NULL, group_fields},
    {"cadre", "cadres", NULL, cadre_fields},
    {"job", "jobs", NULL, job_fields},
    {"field", "fields", "validate", field_fields},
    {"course", "courses", NULL, course_fields},
    {"certification", "certifications", "rule", certification_fields},
    {"move", "moves", "requires", move_fields},
    {"pay", "pay", NULL, pay_fields},
    {"report", "reports", "run", report_fields},
    {"standard", "standards", NULL, standard_fields},
    {"supervision", "supervision", "rule", supervision_fields},
    {"activity", "activities", NULL, activity_fields},
    {"population_group", "population_groups", NULL, population_group_fields},
    {"norm", "norms", NULL, norm_fields},
    {0},
};

static const char *const catalogue_arrays[] = {
    "groups",         "cadres",       "jobs",        "fields",     "courses",
    "certifications", "moves",        "pay",         "reports",    "standards",
    "hooks",          "tests",        "supervision", "activities", "population_groups",
    "norms",          "translations", NULL};

json_t *kazi_api_catalogue_new(void)
{
    json_t *c = json_object();
    for (const char *const *a = catalogue_arrays; *a; a++)
        json_object_set_new(c, *a, json_array());
    return c;
}

static void position(lua_State *L, char *buf, size_t size)
{
    lua_Debug ar;
    buf[0] = '\0';
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar))
        snprintf(buf, size, "%s:%d", ar.short_src, ar.currentline);
}

static kazi_lstate *loading_state(lua_State *L, const char *fn)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    if (!ls->loading || !ls->catalogue)
        luaL_error(L,
                   "kazi.%s can only be used while the configuration loads "
                   "(at the top level of a file), not inside a rule or report",
                   fn);
    return ls;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-_.", *s)) return 0;
    return 1;
}

static const char *type_words(int t)
{
    switch (t) {
    case T_STR:
        return "a string";
    case T_ID:
        return "an identifier (letters, digits, - _ .)";
    case T_NUM:
        return "a number";
    case T_BOOL:
        return "true or false";
    case T_FN:
        return "a function";
    case T_TABLE:
        return "a table";
    case T_NAMES:
        return "a string or names per language ({en = \"...\", sw = \"...\"})";
    case T_LIST:
        return "a list ({...})";
    case T_LEVEL:
        return "a string or a number";
    case T_IDS:
        return "an identifier or a list of identifiers ({\"a\", \"b\"})";
    default:
        return "?";
    }
}

static int type_ok(lua_State *L, int idx, int t)
{
    int lt = lua_type(L, idx);
    switch (t) {
    case T_STR:
        return lt == LUA_TSTRING;
    case T_ID:
        return lt == LUA_TSTRING && valid_id(lua_tostring(L, idx));
    case T_NUM:
        return lt == LUA_TNUMBER;
    case T_BOOL:
        return lt == LUA_TBOOLEAN;
    case T_FN:
        return lt == LUA_TFUNCTION;
    case T_TABLE:
        return lt == LUA_TTABLE || lt == LUA_TSTRING;
    case T_LEVEL:
        return lt == LUA_TSTRING || lt == LUA_TNUMBER;
    case T_LIST:
        return lt == LUA_TTABLE;
    case T_IDS:
        if (lt == LUA_TSTRING) return valid_id(lua_tostring(L, idx));
        if (lt != LUA_TTABLE) return 0;
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, idx); i++) {
            int ok = lua_rawgeti(L, idx, i) == LUA_TSTRING && valid_id(lua_tostring(L, -1));
            lua_pop(L, 1);
            if (!ok) return 0;
        }
        return lua_rawlen(L, idx) > 0;
    case T_NAMES:
        if (lt == LUA_TSTRING) return 1;
        if (lt != LUA_TTABLE) return 0;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            int ok = lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING;
            lua_pop(L, 1);
            if (!ok) {
                lua_pop(L, 1);
                return 0;
            }
        }
        return 1;
    default:
        return 0;
    }
}

/* Check the declaration table at index 1 against `fields`. */
/* A module's table is read-only (lua/freeze.c): the checks below read tables raw, so
 * read its contents instead. Replaces the value on top of the stack. */
static void contents_of_top(lua_State *L)
{
    if (kazi_freeze_push_contents(L, -1)) lua_replace(L, -2);
}

static void check_fields(lua_State *L, const char *fn, const fspec *fields)
{
    if (!lua_istable(L, 1))
        luaL_error(L, "kazi.%s expects a table: kazi.%s{ id = \"...\", ... }", fn, fn);
    if (kazi_freeze_push_contents(L, 1)) lua_replace(L, 1);
    for (const fspec *f = fields; f->name; f++) {
        lua_getfield(L, 1, f->name);
        contents_of_top(L);
        if (lua_isnil(L, -1)) {
            if (f->required)
                luaL_error(L, "kazi.%s: '%s' is required (%s)", fn, f->name, type_words(f->type));
        } else if (!type_ok(L, lua_gettop(L), f->type)) {
            luaL_error(L, "kazi.%s: '%s' must be %s, not %s", fn, f->name, type_words(f->type),
                       luaL_typename(L, -1));
        }
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        const fspec *f = fields;
        for (; k && f->name; f++)
            if (!strcmp(f->name, k)) break;
        if (!k || !f->name) {
            char known[400] = "";
            for (f = fields; f->name; f++) {
                size_t n = strlen(known);
                snprintf(known + n, sizeof known - n, "%s%s", n ? ", " : "", f->name);
            }
            luaL_error(L, "kazi.%s: unknown field '%s' (known: %s)", fn,
                       k ? k : luaL_typename(L, -1), known);
        }
    }
}

static const char *opt_string(lua_State *L, const char *field)
{
    lua_getfield(L, 1, field);
    const char *s = lua_tostring(L, -1); /* stays valid: the table holds the string */
    lua_pop(L, 1);
    return s;
}

static void check_one_of(lua_State *L, const char *fn, const char *field,
                         const char *const *allowed)
{
    const char *v = opt_string(L, field);
    if (!v) return;
    char list[200] = "";
    for (const char *const *a = allowed; *a; a++) {
        if (!strcmp(*a, v)) return;
        size_t n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s\"%s\"", n ? ", " : "", *a);
    }
    luaL_error(L, "kazi.%s: '%s' must be one of %s, not \"%s\"", fn, field, list, v);
}

/* A list of choices (field options, education levels, identifier types): each an id,
 * or { id = "...", label = names } / { id = "...", name = names }. */
static void check_choices(lua_State *L, const char *fn, const char *field)
{
    lua_getfield(L, 1, field);
    contents_of_top(L);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        contents_of_top(L);
        int ok = lua_type(L, -1) == LUA_TSTRING && valid_id(lua_tostring(L, -1));
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, "id");
            ok = lua_type(L, -1) == LUA_TSTRING && valid_id(lua_tostring(L, -1));
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        if (!ok)
            luaL_error(L,
                       "kazi.%s: '%s'[%d] must be an id or { id = \"...\", label = { en = "
                       "\"...\", ... } }",
                       fn, field, (int)i);
    }
    lua_pop(L, 1);
}

static void keep_function(lua_State *L, const char *key, int idx)
{
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_FNS);
    lua_pushvalue(L, idx);
    lua_setfield(L, -2, key);
    lua_pop(L, 1);
}

/* The engagements a kazi.pay minimum may name: an assignment's (domain/schema.c,
 * assignment.engagement). A name outside them would leave workers without a minimum. */
static const char *const pay_engagement_names[] = {"volunteer", "stipend", "salaried", NULL};

/* kazi.pay's engagement (one id or a list, already of the right type) into buf joined
 * by "+", each checked against pay_engagement_names (raises otherwise). */
static void pay_engagements(lua_State *L, char *buf, size_t size)
{
    lua_getfield(L, 1, "engagement");
    int list = lua_istable(L, -1);
    lua_Integer n = list ? (lua_Integer)lua_rawlen(L, -1) : !lua_isnil(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        if (list) lua_rawgeti(L, -1, i);
        const char *e = lua_tostring(L, -1);
        const char *const *a = pay_engagement_names;
        while (*a && strcmp(*a, e))
            a++;
        if (!*a)
            luaL_error(L,
                       "kazi.pay: 'engagement' must name volunteer, stipend or salaried, not "
                       "\"%s\"",
                       e);
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", i > 1 ? "+" : "", e);
        if (list) lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* A norm counts per org-unit level or per population, exactly one of them, a count
 * above 0 and a population size above 0. */
static void norm_check(lua_State *L)
{
    lua_getfield(L, 1, "per");
    lua_getfield(L, 1, "per_population");
    int per = !lua_isnil(L, -2), pop = !lua_isnil(L, -1);
    if (per == pop)
        luaL_error(L,
                   "kazi.norm: give either 'per' (an org-unit level) or 'per_population' "
                   "({ group = ..., size = ... }), not %s",
                   per ? "both" : "neither");
    if (pop) {
        lua_getfield(L, -1, "group");
        lua_getfield(L, -2, "size");
        if (lua_type(L, -2) != LUA_TSTRING || !valid_id(lua_tostring(L, -2)))
            luaL_error(L, "kazi.norm: 'per_population.group' must be a population group id");
        if (!lua_isnumber(L, -1) || !(lua_tonumber(L, -1) >= 1))
            luaL_error(L, "kazi.norm: 'per_population.size' must be a number of people, 1 or more");
        lua_pop(L, 2);
    }
    lua_pop(L, 2);
    lua_getfield(L, 1, "count");
    if (!(lua_tonumber(L, -1) > 0)) luaL_error(L, "kazi.norm: 'count' must be more than 0");
    lua_pop(L, 1);
}

static int declare(lua_State *L)
{
    const dspec *d = &decls[lua_tointeger(L, lua_upvalueindex(1))];
    kazi_lstate *ls = loading_state(L, d->fn);
    check_fields(L, d->fn, d->fields);
    char id[200];
    const char *given = opt_string(L, "id");
    if (given) {
        snprintf(id, sizeof id, "%s", given);
    } else if (!strcmp(d->fn, "job")) {
        snprintf(id, sizeof id, "%s", opt_string(L, "cadre"));
    } else if (!strcmp(d->fn, "supervision")) {
        snprintf(id, sizeof id, "%s", opt_string(L, "cadre"));
    } else if (!strcmp(d->fn, "move")) {
        snprintf(id, sizeof id, "%s->%s", opt_string(L, "from"), opt_string(L, "to"));
    } else if (!strcmp(d->fn, "pay")) {
        char eng[120] = "";
        pay_engagements(L, eng, sizeof eng);
        lua_getfield(L, 1, "level");
        snprintf(id, sizeof id, "%s%s%s%s%s", opt_string(L, "cadre"), lua_isnil(L, -1) ? "" : ":",
                 lua_isnil(L, -1) ? "" : lua_tostring(L, -1), eng[0] ? ":" : "", eng);
        lua_pop(L, 1);
    } else if (!strcmp(d->fn, "norm")) {
        norm_check(L);
        const char *per = opt_string(L, "per");
        lua_getfield(L, 1, "per_population");
        if (!per) lua_getfield(L, -1, "group");
        snprintf(id, sizeof id, "%s:%s%s", opt_string(L, "cadre"),
                 per ? "" : "population:", per ? per : lua_tostring(L, -1));
        lua_pop(L, per ? 1 : 2);
    } else {
        snprintf(id, sizeof id, "?");
    }
    static const char *const kinds[] = {"vertical", "lateral", NULL};
    static const char *const applies[] = {"person", "position", NULL};
    static const char *const ftypes[] = {"text",    "number", "integer",     "date",
                                         "boolean", "choice", "multichoice", NULL};
    static const char *const periods[] = {"hour", "day", "week", "month", "year", "session", NULL};
    if (!strcmp(d->fn, "move")) check_one_of(L, d->fn, "kind", kinds);
    if (!strcmp(d->fn, "field")) {
        check_one_of(L, d->fn, "applies_to", applies);
        check_one_of(L, d->fn, "type", ftypes);
        const char *t = opt_string(L, "type");
        lua_getfield(L, 1, "options");
        if (t && strstr(t, "choice") && !lua_istable(L, -1))
            luaL_error(L, "kazi.field: a '%s' field needs 'options'", t);
        lua_pop(L, 1);
        check_choices(L, d->fn, "options");
        const char *pat = opt_string(L, "pattern");
        if (pat && strlen(pat) > 200)
            luaL_error(L, "kazi.field: 'pattern' is longer than 200 characters");
    }
    if (!strcmp(d->fn, "pay")) {
        char engagements[120] = "";
        pay_engagements(L, engagements, sizeof engagements);
        check_one_of(L, d->fn, "period", periods);
        lua_getfield(L, 1, "amount");
        if (lua_tonumber(L, -1) < 0) luaL_error(L, "kazi.pay: 'amount' cannot be negative");
        lua_pop(L, 1);
    }
    if (!strcmp(d->fn, "supervision")) {
        static const char *const positive[] = {"max_ratio", "session_every_days",
                                               "support_every_days", NULL};
        for (const char *const *f = positive; *f; f++) {
            lua_getfield(L, 1, *f);
            if (!lua_isnil(L, -1) && !(lua_tonumber(L, -1) >= 1 && lua_tonumber(L, -1) <= 100000))
                luaL_error(L, "kazi.supervision: '%s' must be a number from 1 to 100000", *f);
            lua_pop(L, 1);
        }
        lua_getfield(L, 1, "supervisors");
        lua_getfield(L, 1, "rule");
        if (lua_isnil(L, -1) && lua_isnil(L, -2))
            luaL_error(L, "kazi.supervision: give 'supervisors' (a list of cadres) or 'rule' "
                          "(function(worker, supervisor) return ok, reason end), or both");
        lua_pop(L, 1);
        contents_of_top(L);
        if (lua_istable(L, -1)) {
            lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
            for (lua_Integer i = 1; i <= n; i++) {
                lua_rawgeti(L, -1, i);
                int ok = lua_type(L, -1) == LUA_TSTRING && valid_id(lua_tostring(L, -1));
                lua_pop(L, 1);
                if (!ok)
                    luaL_error(L, "kazi.supervision: 'supervisors'[%d] must be a cadre id", (int)i);
            }
        }
        lua_pop(L, 1);
    }
    if (!strcmp(d->fn, "course")) {
        lua_getfield(L, 1, "hours");
        if (lua_tonumber(L, -1) <= 0) luaL_error(L, "kazi.course: 'hours' must be more than 0");
        lua_pop(L, 1);
    }
    if (!strcmp(d->fn, "standard")) {
        static const char *const sapplies[] = {"para", "all", NULL};
        check_one_of(L, d->fn, "applies_to", sapplies);
    }
    json_t *array = json_object_get(ls->catalogue, d->plural);
    json_t *dup = kazi_json_find_id(array, id);
    char where[200];
    position(L, where, sizeof where);
    /* A configuration's report replaces the plugins/ report of the same id (the
     * indicator pack is overridden this way); any other repeat is an error. */
    const char *dsrc = dup ? json_string_value(json_object_get(dup, "source")) : NULL;
    if (dup && !strcmp(d->fn, "report") && dsrc && !strncmp(dsrc, "plugins/", 8) &&
        strncmp(where, "plugins/", 8) != 0) {
        size_t i;
        json_t *e;
        json_array_foreach(array, i, e) if (e == dup) break;
        json_array_remove(array, i);
        dup = NULL;
    }
    if (dup) luaL_error(L, "kazi.%s: '%s' is declared twice (first at %s)", d->fn, id, dsrc);
    int has_rule = 0;
    if (d->rule) {
        lua_getfield(L, 1, d->rule);
        if (lua_isfunction(L, -1)) {
            char key[256];
            snprintf(key, sizeof key, "%s:%s", d->fn, id);
            keep_function(L, key, lua_gettop(L));
            has_rule = 1;
        }
        lua_pop(L, 1);
    }
    /* Last, so that nothing raises while the entry is only held by C. */
    json_t *entry = kazi_json_from_lua(L, 1);
    if (!json_is_object(entry)) {
        json_decref(entry);
        return luaL_error(L, "kazi.%s: expected a table of named fields", d->fn);
    }
    json_object_set_new(entry, "id", json_string(id));
    json_object_set_new(entry, "source", json_string(where));
    if (has_rule) json_object_set_new(entry, "has_rule", json_true());
    json_array_append_new(array, entry);
    return 0;
}

static int api_country(lua_State *L)
{
    static const fspec fields[] = {{"id", T_ID, 1},
                                   {"name", T_NAMES, 1},
                                   {"languages", T_LIST, 1},
                                   {"default_language", T_ID, 0},
                                   {"currency", T_ID, 1},
                                   {"currency_decimals", T_NUM, 0},
                                   {"levels", T_LIST, 1},
                                   {"timezone", T_STR, 0},
                                   {"calling_code", T_STR, 0},
                                   {"education", T_LIST, 0},
                                   {"identifiers", T_LIST, 0},
                                   {"fhir", T_TABLE, 0},
                                   {"programme_start", T_NUM, 0},
                                   {0}};
    kazi_lstate *ls = loading_state(L, "country");
    check_fields(L, "country", fields);
    check_choices(L, "country", "education");
    check_choices(L, "country", "identifiers");
    lua_getfield(L, 1, "currency_decimals");
    if (!lua_isnil(L, -1) && (lua_tonumber(L, -1) != (int)lua_tonumber(L, -1) ||
                              lua_tonumber(L, -1) < 0 || lua_tonumber(L, -1) > 3))
        luaL_error(L, "kazi.country: 'currency_decimals' must be a whole number from 0 to 3");
    lua_pop(L, 1);
    json_t *prev = json_object_get(ls->catalogue, "country");
    if (prev)
        luaL_error(L, "kazi.country: declared twice (first at %s)",
                   json_string_value(json_object_get(prev, "source")));
    lua_getfield(L, 1, "levels");
    contents_of_top(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    if (n < 1) luaL_error(L, "kazi.country: 'levels' must list the org-unit levels, top first");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        if (!lua_istable(L, -1))
            luaL_error(L, "kazi.country: levels[%d] must be { id = ..., name = ... }", (int)i);
        lua_getfield(L, -1, "id");
        if (lua_type(L, -1) != LUA_TSTRING || !valid_id(lua_tostring(L, -1)))
            luaL_error(L, "kazi.country: levels[%d].id must be an identifier", (int)i);
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    char where[200];
    position(L, where, sizeof where);
    json_t *entry = kazi_json_from_lua(L, 1);
    json_object_set_new(entry, "source", json_string(where));
    json_object_set_new(ls->catalogue, "country", entry);
    return 0;
}

/* kazi.dhis2{ data_set, id_scheme?, attribute_option_combo?, org_units, values }: how
 * Kazi's figures are sent to DHIS2 (docs/interoperability.md, "DHIS2"). Declared once;
 * what is inside org_units and values is checked once the catalogue is complete
 * (lua/dhis2.c: figures, cadres, activities, levels). */
static int api_dhis2(lua_State *L)
{
    static const fspec fields[] = {{"data_set", T_STR, 1},
                                   {"id_scheme", T_ID, 0},
                                   {"attribute_option_combo", T_STR, 0},
                                   {"org_units", T_TABLE, 1},
                                   {"values", T_LIST, 1},
                                   {"description", T_NAMES, 0},
                                   {0}};
    kazi_lstate *ls = loading_state(L, "dhis2");
    check_fields(L, "dhis2", fields);
    json_t *prev = json_object_get(ls->catalogue, "dhis2");
    if (prev)
        luaL_error(L, "kazi.dhis2: declared twice (first at %s)",
                   json_string_value(json_object_get(prev, "source")));
    char where[200];
    position(L, where, sizeof where);
    json_t *entry = kazi_json_from_lua(L, 1);
    if (!json_is_object(entry)) {
        json_decref(entry);
        return luaL_error(L, "kazi.dhis2: expected a table of named fields");
    }
    json_object_set_new(entry, "source", json_string(where));
    json_object_set_new(ls->catalogue, "dhis2", entry);
    return 0;
}

const kazi_demo_list kazi_demo_lists[KAZI_DEMO_LISTS] = {
    [KAZI_DEMO_FEMALE] = {"given_names", "female", 60, 0},
    [KAZI_DEMO_MALE] = {"given_names", "male", 60, 0},
    [KAZI_DEMO_FAMILY] = {NULL, "family_names", 60, 0},
    [KAZI_DEMO_NATIONAL] = {"organisations", "national", 120, 1},
    [KAZI_DEMO_NGO] = {"organisations", "ngo", 120, 0},
    [KAZI_DEMO_FAITH] = {"organisations", "faith_based", 120, 0},
    [KAZI_DEMO_PRIVATE] = {"organisations", "private", 120, 0},
    [KAZI_DEMO_FIRST_SYL] = {"places", "first", 20, 0},
    [KAZI_DEMO_MID_SYL] = {"places", "middle", 20, 0},
    [KAZI_DEMO_LAST_SYL] = {"places", "last", 20, 0},
    [KAZI_DEMO_PURPOSE] = {NULL, "reimbursement_purposes", 200, 0},
    [KAZI_DEMO_TOPIC] = {NULL, "supervision_topics", 200, 0},
    [KAZI_DEMO_FUNDER_GOV] = {"funders", "government", 200, 1},
    [KAZI_DEMO_FUNDER_OTHER] = {"funders", "others", 200, 0},
    [KAZI_DEMO_PRIOR_WHAT] = {"prior_learning", "what", 200, 0},
    [KAZI_DEMO_PRIOR_EVIDENCE] = {"prior_learning", "evidence", 200, 0},
    [KAZI_DEMO_PRIOR_APPROVER] = {"prior_learning", "approved_by", 200, 0},
    [KAZI_DEMO_REVOCATION] = {NULL, "revocation_reasons", 200, 0},
    [KAZI_DEMO_SUPPORT_NOTE] = {NULL, "support_note", 200, 1},
};
#define DEMO_END (kazi_demo_lists + KAZI_DEMO_LISTS)

/* Is s a UTF-8 text of 1 to max characters on one line, not only blanks? */
static int demo_text_ok(const char *s, int max)
{
    int chars = 0, seen = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, n = s ? strlen(s) : 0, k; i < n; i += k, chars++) {
        k = kazi_utf8_char(u + i, n - i);
        if (!k || u[i] < 0x20 || u[i] == 0x7f) return 0;
        if (u[i] != ' ') seen = 1;
    }
    return seen && chars <= max;
}

/* The known names of `group` (NULL: the top level) for an error, "a, b, c". */
static void demo_known(char *buf, size_t size, const char *group)
{
    buf[0] = '\0';
    for (const kazi_demo_list *d = kazi_demo_lists; d < DEMO_END; d++) {
        const char *k = group ? (d->group && !strcmp(d->group, group) ? d->name : NULL)
                              : (d->group ? d->group : d->name);
        if (!k || (!group && d->group && d > kazi_demo_lists && d[-1].group &&
                   !strcmp(d[-1].group, d->group)))
            continue; /* a group named once */
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? ", " : "", k);
    }
}

/* The spec of `name` in `group`; with group NULL, of the top-level field `name` (a
 * group's first spec when it names a group). NULL: unknown. */
static const kazi_demo_list *demo_find(const char *group, const char *name)
{
    for (const kazi_demo_list *d = kazi_demo_lists; d < DEMO_END; d++) {
        if (group && d->group && !strcmp(d->group, group) && !strcmp(d->name, name)) return d;
        if (!group && !strcmp(d->group ? d->group : d->name, name)) return d;
    }
    return NULL;
}

/* What is wrong with declaration `decl` (kazi.demo's, converted), in msg; 0: nothing. */
static int demo_problem(char *msg, size_t size, const json_t *decl)
{
    const char *k, *name;
    json_t *v, *x;
    char known[300];
    json_object_foreach((json_t *)decl, k, v)
    {
        const kazi_demo_list *top = demo_find(NULL, k);
        if (!top) {
            demo_known(known, sizeof known, NULL);
            return snprintf(msg, size, "kazi.demo: unknown field '%s' (known: %s)", k, known);
        }
        json_t *group = v;
        if (!top->group) { /* a list at the top: checked as a group of one */
            group = json_pack("{s:O}", k, v);
        } else if (json_is_array(v) && !json_array_size(v)) {
            continue; /* {}: nothing declared */
        } else if (!json_is_object(v)) {
            demo_known(known, sizeof known, k);
            return snprintf(msg, size, "kazi.demo: '%s' must be a table of lists ({ %s })", k,
                            known);
        }
        int rc = 0;
        json_object_foreach(group, name, x)
        {
            const kazi_demo_list *d = top->group ? demo_find(k, name) : top;
            char path[120];
            snprintf(path, sizeof path, "%s%s%s", top->group ? k : "", top->group ? "." : "", name);
            if (!d) {
                demo_known(known, sizeof known, k);
                rc = snprintf(msg, size, "kazi.demo: unknown field '%s' (known in '%s': %s)", path,
                              k, known);
            } else if (d->one && !demo_text_ok(json_string_value(x), d->max_chars)) {
                rc = snprintf(msg, size,
                              "kazi.demo: '%s' must be a text of 1 to %d characters on one line",
                              path, d->max_chars);
            } else if (!d->one && (!json_is_array(x) || !json_array_size(x))) {
                rc = snprintf(msg, size,
                              "kazi.demo: '%s' must be a list of one or more texts "
                              "({ \"...\", \"...\" })",
                              path);
            } else if (!d->one) {
                size_t i;
                json_t *s;
                json_array_foreach(
                    x, i, s) if (!rc && !demo_text_ok(json_string_value(s), d->max_chars)) rc =
                    snprintf(msg, size,
                             "kazi.demo: '%s'[%d] must be a text of 1 to %d characters on one line",
                             path, (int)i + 1, d->max_chars);
            }
            if (rc) break;
        }
        if (!top->group) json_decref(group);
        if (rc) return rc;
    }
    return 0;
}

/* kazi.demo{ given_names = { female, male }, family_names, organisations = { national,
 * ngo, faith_based, private }, places = { first, middle, last }, reimbursement_purposes,
 * supervision_topics, funders = { government, others }, prior_learning = { what,
 * evidence, approved_by }, revocation_reasons, support_note }: the names `kazi demo-data`
 * gives the people, organisations and places it makes, and the texts it writes into
 * their records (docs/plugins.md, "Demo names"). Declared once; every part optional;
 * checked against kazi_demo_lists. */
static int api_demo(lua_State *L)
{
    kazi_lstate *ls = loading_state(L, "demo");
    if (!lua_istable(L, 1))
        luaL_error(L, "kazi.demo expects a table: kazi.demo{ given_names = { female = { ... }, "
                      "male = { ... } }, family_names = { ... }, ... }");
    json_t *prev = json_object_get(ls->catalogue, "demo");
    if (prev)
        luaL_error(L, "kazi.demo: declared twice (first at %s)",
                   json_string_value(json_object_get(prev, "source")));
    char where[200], msg[400];
    position(L, where, sizeof where);
    json_t *entry = kazi_json_from_lua(L, 1);
    if (json_is_array(entry) && !json_array_size(entry)) { /* kazi.demo{} */
        json_decref(entry);
        entry = json_object();
    }
    int bad = !json_is_object(entry)
                  ? snprintf(msg, sizeof msg, "kazi.demo: expected a table of named fields")
                  : demo_problem(msg, sizeof msg, entry);
    if (bad) {
        json_decref(entry);
        return luaL_error(L, "%s", msg);
    }
    json_object_set_new(entry, "source", json_string(where));
    json_object_set_new(ls->catalogue, "demo", entry);
    return 0;
}

/* kazi.translation{ language, name, ui = {...}, messages = {...} }: a language's words
 * (docs/plugins.md, "Languages"): the web UI's strings by key and translations of Kazi's
 * own messages by msgid (templates with {1}, {2} ... for the message's values). One per
 * language; whether the language is declared and the messages fit is checked once the
 * catalogue is complete (check_translations). */
static int api_translation(lua_State *L)
{
    static const fspec fields[] = {{"language", T_STR, 1},
                                   {"name", T_STR, 1},
                                   {"ui", T_LIST, 0},
                                   {"messages", T_LIST, 0},
                                   {0}};
    kazi_lstate *ls = loading_state(L, "translation");
    check_fields(L, "translation", fields);
    lua_getfield(L, 1, "language");
    const char *code = lua_tostring(L, -1);
    if (!kazi_lang_valid(code))
        luaL_error(L,
                   "kazi.translation: 'language' must be a language code such as \"ny\" or "
                   "\"pt-BR\", not \"%s\"",
                   code);
    json_t *array = json_object_get(ls->catalogue, "translations");
    json_t *dup = kazi_json_find_id(array, code);
    if (dup)
        luaL_error(L, "kazi.translation: '%s' is declared twice (first at %s)", code,
                   json_string_value(json_object_get(dup, "source")));
    static const char *const maps[] = {"ui", "messages", NULL};
    for (const char *const *m = maps; *m; m++) {
        lua_getfield(L, 1, *m);
        contents_of_top(L);
        if (lua_istable(L, -1)) {
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
                    luaL_error(L,
                               "kazi.translation: '%s' maps text to text "
                               "({[\"key\"] = \"words\"}), not %s to %s",
                               *m, luaL_typename(L, -2), luaL_typename(L, -1));
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    char where[200];
    position(L, where, sizeof where);
    json_t *entry = kazi_json_from_lua(L, 1);
    if (!json_is_object(entry)) {
        json_decref(entry);
        return luaL_error(L, "kazi.translation: expected a table of named fields");
    }
    for (const char *const *m = maps; *m; m++) /* an empty Lua table converts to [] */
        if (!json_is_object(json_object_get(entry, *m)))
            json_object_set_new(entry, *m, json_object());
    json_object_set_new(entry, "id", json_string(code));
    json_object_set_new(entry, "source", json_string(where));
    json_array_append_new(array, entry);
    return 0;
}

static int api_hook(lua_State *L)
{
    kazi_lstate *ls = loading_state(L, "hook");
    const char *event = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    const char *dot = strchr(event, '.');
    if (!dot || !valid_id(event) || dot == event || !dot[1])
        luaL_error(L, "kazi.hook: the event must look like \"person.validate\", not \"%s\"", event);
    char key[200];
    snprintf(key, sizeof key, "hook:%s", event);
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_FNS);
    if (lua_getfield(L, -1, key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, key);
    }
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 2);
    char where[200];
    position(L, where, sizeof where);
    json_array_append_new(json_object_get(ls->catalogue, "hooks"),
                          json_pack("{s:s,s:s}", "event", event, "source", where));
    return 0;
}

static int api_test(lua_State *L)
{
    kazi_lstate *ls = loading_state(L, "test");
    const char *name = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_FNS);
    if (lua_getfield(L, -1, "tests") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "tests");
    }
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 2);
    char where[200];
    position(L, where, sizeof where);
    json_t *n = json_string(name);
    if (!n) luaL_error(L, "kazi.test: the name is not valid UTF-8");
    json_array_append_new(json_object_get(ls->catalogue, "tests"),
                          json_pack("{s:o,s:s}", "name", n, "source", where));
    return 0;
}

/* kazi.standards{ ["standard-id"] = "error" | "warning" }: how strictly validation
 * treats a minimum standard declared in plugins/ for this country. An error stops the
 * configuration loading (so it cannot be activated); a warning is reported by
 * validation, naming file and line, and does not block. Unset: "error". */
static int api_standards(lua_State *L)
{
    kazi_lstate *ls = loading_state(L, "standards");
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_gettop(L) != 1) luaL_error(L, "kazi.standards: takes one table");
    if (kazi_freeze_push_contents(L, 1)) lua_replace(L, 1);
    char where[200];
    position(L, where, sizeof where);
    json_t *stds = json_object_get(ls->catalogue, "standards");
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "kazi.standards: keys must be the ids of declared standards, "
                          "e.g. [\"para-professional-functions\"] = \"warning\"");
        const char *id = lua_tostring(L, -2);
        const char *sev = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
        if (strcmp(sev, "error") != 0 && strcmp(sev, "warning") != 0)
            luaL_error(L, "kazi.standards: '%s' must be \"error\" or \"warning\"", id);
        json_t *std = kazi_json_find_id(stds, id);
        if (!std) {
            char known[300] = "";
            size_t i;
            json_t *x;
            json_array_foreach(stds, i, x)
            {
                size_t n = strlen(known);
                snprintf(known + n, sizeof known - n, "%s'%s'", n ? ", " : "",
                         json_string_value(json_object_get(x, "id")));
            }
            luaL_error(L, "kazi.standards: no standard '%s' is declared (declared: %s)", id,
                       known[0] ? known : "none");
        }
        json_t *first = json_object_get(std, "severity_source");
        if (first)
            luaL_error(L, "kazi.standards: the severity of '%s' is set twice (first at %s)", id,
                       json_string_value(first));
        json_object_set_new(std, "severity", json_string(sev));
        json_object_set_new(std, "severity_source", json_string(where));
        lua_pop(L, 1);
    }
    return 0;
}

/* kazi.today() → "YYYY-MM-DD" by Kazi's clock (tests move it). */
static int api_today(lua_State *L)
{
    char buf[32];
    kazi_clock_format(buf, sizeof buf, kazi_clock_now_ms());
    lua_pushlstring(L, buf, 10);
    return 1;
}

/* kazi.catalogue([kind]) → read-only view of what the configuration declared. */
static int api_catalogue(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    if (!ls->catalogue_ro)
        return luaL_error(L, "kazi.catalogue is available once the configuration has loaded");
    if (lua_isnoneornil(L, 1)) {
        kazi_json_push_proxy(L, (json_t *)ls->catalogue_ro, 0);
        return 1;
    }
    json_t *v = json_object_get(ls->catalogue_ro, luaL_checkstring(L, 1));
    if (!v) return luaL_error(L, "kazi.catalogue: no kind '%s'", lua_tostring(L, 1));
    kazi_json_push_proxy(L, v, 0);
    return 1;
}

void kazi_api_open(lua_State *L)
{
    for (int i = 0; decls[i].fn; i++) {
        lua_pushinteger(L, i);
        lua_pushcclosure(L, declare, 1);
        lua_setfield(L, -2, decls[i].fn);
    }
    static const luaL_Reg fns[] = {{"country", api_country},
                                   {"hook", api_hook},
                                   {"test", api_test},
                                   {"today", api_today},
                                   {"catalogue", api_catalogue},
                                   {"standards", api_standards},
                                   {"dhis2", api_dhis2},
                                   {"demo", api_demo},
                                   {"translation", api_translation},
                                   {NULL, NULL}};
    luaL_setfuncs(L, fns, 0);
}

/* ---- checks after loading --------------------------------------------------------- */

static int fail_at(const json_t *entry, const char *msg)
{
    const char *src = json_string_value(json_object_get(entry, "source"));
    int rc =
        kazi_error_set_slug(KAZI_EPLUGIN, "plugin_error", NULL, "%s: %s", src ? src : "?", msg);
    const char *colon = src ? strrchr(src, ':') : NULL;
    if (colon) kazi_error_set_position(atoi(colon + 1), 0);
    return rc;
}

static int check_ref(json_t *cat, const char *from, const char *field, const char *to,
                     const char *what)
{
    size_t i;
    json_t *e;
    json_t *targets = json_object_get(cat, to);
    json_array_foreach(json_object_get(cat, from), i, e)
    {
        const char *ref = json_string_value(json_object_get(e, field));
        if (ref && !kazi_json_find_id(targets, ref)) {
            char msg[400];
            snprintf(msg, sizeof msg, "%s: no %s '%s' is declared (in '%s')", field, what, ref,
                     json_string_value(json_object_get(e, "id")));
            return fail_at(e, msg);
        }
    }
    return KAZI_OK;
}

static int check_list_refs(json_t *cat, const char *from, const char *field, const char *to,
                           const char *what)
{
    size_t i, j;
    json_t *e, *r;
    json_array_foreach(json_object_get(cat, from), i, e)
    {
        json_array_foreach(json_object_get(e, field), j, r)
        {
            const char *ref = json_string_value(r);
            if (ref && !kazi_json_find_id(json_object_get(cat, to), ref)) {
                char msg[400];
                snprintf(msg, sizeof msg, "%s: no %s '%s' is declared (in '%s')", field, what, ref,
                         json_string_value(json_object_get(e, "id")));
                return fail_at(e, msg);
            }
        }
    }
    return KAZI_OK;
}

static int job_has_function(const json_t *job, const char *fid)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(job, "functions"), i, f)
    {
        const char *id = json_is_string(f) ? json_string_value(f)
                                           : json_string_value(json_object_get(f, "standard"));
        if (!id) id = json_string_value(json_object_get(f, "id"));
        if (id && !strcmp(id, fid)) return 1;
    }
    return 0;
}

/* A finding that does not stop loading, kept in the catalogue's "warnings" as {file,
 * line, message, standard, severity}: a standard's gap whose severity is "warning", or
 * (`std` NULL, severity "error") a declaration Kazi no longer reads, which a live
 * configuration may keep after an upgrade but validation refuses (config/rollout counts
 * every severity but "warning" as an error). */
static int finding_at(json_t *cat, const json_t *std, const json_t *entry, const char *msg,
                      const char *severity)
{
    const char *src = json_string_value(json_object_get(entry, "source"));
    const char *colon = src ? strrchr(src, ':') : NULL;
    json_t *w = json_object();
    json_object_set_new(
        w, "file", colon ? json_stringn(src, (size_t)(colon - src)) : json_string(src ? src : ""));
    if (colon) json_object_set_new(w, "line", json_integer(atoi(colon + 1)));
    char text[700];
    snprintf(text, sizeof text, "%s: %s", src ? src : "?", msg);
    json_object_set_new(w, "message", json_string(text));
    if (std) json_object_set_new(w, "standard", json_copy(json_object_get(std, "id")));
    json_object_set_new(w, "severity", json_string(severity));
    json_array_append_new(json_object_get(cat, "warnings"), w);
    return KAZI_OK;
}

static int warn_at(json_t *cat, const json_t *std, const json_t *entry, const char *msg)
{
    return finding_at(cat, std, entry, msg, "warning");
}

/* Principle 5: every para professional cadre's job description covers the minimum
 * functions of each standard declared for para professionals (plugins/). The
 * configuration's kazi.standards{} decides whether a gap fails loading ("error", the
 * default) or is only reported ("warning"). */
static int check_standards(json_t *cat)
{
    size_t i, j, k;
    json_t *std, *cadre, *fn;
    json_array_foreach(json_object_get(cat, "standards"), i, std)
    {
        if (!json_object_get(std, "severity"))
            json_object_set_new(std, "severity", json_string("error"));
        int warn = !strcmp(json_string_value(json_object_get(std, "severity")), "warning");
        int all = !strcmp(json_string_value(json_object_get(std, "applies_to")), "all");
        json_array_foreach(json_object_get(cat, "cadres"), j, cadre)
        {
            if (!all && !json_is_true(json_object_get(cadre, "para"))) continue;
            const char *cid = json_string_value(json_object_get(cadre, "id"));
            json_t *job = NULL, *x;
            size_t m;
            json_array_foreach(json_object_get(cat, "jobs"), m, x)
            {
                const char *jc = json_string_value(json_object_get(x, "cadre"));
                if (jc && !strcmp(jc, cid)) job = x;
            }
            char msg[500];
            if (!job) {
                snprintf(msg, sizeof msg,
                         "cadre '%s' has no job description (kazi.job), which the minimum "
                         "standard '%s' requires",
                         cid, json_string_value(json_object_get(std, "id")));
                if (warn) {
                    warn_at(cat, std, cadre, msg);
                    continue;
                }
                return fail_at(cadre, msg);
            }
            char missing[300] = "";
            json_array_foreach(json_object_get(std, "functions"), k, fn)
            {
                const char *fid = json_is_string(fn) ? json_string_value(fn)
                                                     : json_string_value(json_object_get(fn, "id"));
                if (fid && !job_has_function(job, fid)) {
                    size_t n = strlen(missing);
                    snprintf(missing + n, sizeof missing - n, "%s%s", n ? ", " : "", fid);
                }
            }
            if (missing[0]) {
                snprintf(msg, sizeof msg,
                         "the job description of cadre '%s' lacks functions of the minimum "
                         "standard '%s': %s",
                         cid, json_string_value(json_object_get(std, "id")), missing);
                if (warn) {
                    warn_at(cat, std, job, msg);
                    continue;
                }
                return fail_at(job, msg);
            }
        }
    }
    return KAZI_OK;
}

/* 1 when kazi.pay declarations a and b name a common engagement (none named: any). */
static int pay_engagement_overlap(const json_t *a, const json_t *b)
{
    const json_t *ea = json_object_get(a, "engagement"), *eb = json_object_get(b, "engagement");
    if (!ea || !eb) return !ea && !eb;
    size_t i, k;
    json_t *x, *y;
    json_t *la = json_is_array(ea) ? json_incref((json_t *)ea) : json_pack("[O]", ea);
    json_t *lb = json_is_array(eb) ? json_incref((json_t *)eb) : json_pack("[O]", eb);
    int same = 0;
    json_array_foreach(la, i, x) json_array_foreach(lb, k, y) same = same || json_equal(x, y);
    json_decref(la);
    json_decref(lb);
    return same;
}

/* One minimum per cadre and engagement: two kazi.pay for the same pair would leave the
 * minimum to declaration order. */
static int check_pay_pairs(json_t *cat)
{
    const json_t *pay = json_object_get(cat, "pay");
    for (size_t i = 0; i < json_array_size(pay); i++) {
        const json_t *a = json_array_get(pay, i);
        for (size_t k = 0; k < i; k++) {
            const json_t *b = json_array_get(pay, k);
            if (!json_equal(json_object_get(a, "cadre"), json_object_get(b, "cadre")) ||
                !pay_engagement_overlap(a, b))
                continue;
            char msg[400];
            snprintf(msg, sizeof msg,
                     "kazi.pay: cadre '%s' already has a minimum for this engagement (at %s)",
                     json_string_value(json_object_get(a, "cadre")),
                     json_string_value(json_object_get(b, "source")));
            return fail_at(a, msg);
        }
    }
    return KAZI_OK;
}

/* An id of a list of choices: "x" or {id = "x", ...}. */
static const char *choice_id(const json_t *c)
{
    return json_is_string(c) ? json_string_value(c) : json_string_value(json_object_get(c, "id"));
}

static int has_choice(const json_t *list, const char *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        const char *cid = choice_id(c);
        if (cid && !strcmp(cid, id)) return 1;
    }
    return 0;
}

static void choice_ids(char *buf, size_t size, const json_t *list)
{
    size_t i;
    json_t *c;
    buf[0] = '\0';
    json_array_foreach(list, i, c)
    {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? ", " : "", choice_id(c) ? choice_id(c) : "?");
    }
}

/* References that go beyond one kind's ids: levels, currency, refreshers, hook events
 * (issue 15). Each failure names the declaration's file and line. */
static int check_more_refs(json_t *cat)
{
    size_t i;
    json_t *e;
    char msg[600], known[300];
    const json_t *country = json_object_get(cat, "country");
    const json_t *levels = json_object_get(country, "levels");
    json_array_foreach(json_object_get(cat, "cadres"), i, e)
    {
        const char *at = json_string_value(json_object_get(e, "works_at"));
        if (!at || !country || has_choice(levels, at)) continue;
        choice_ids(known, sizeof known, levels);
        snprintf(msg, sizeof msg,
                 "works_at: the country declares no org-unit level '%s' (in '%s'; levels: %s)", at,
                 json_string_value(json_object_get(e, "id")), known);
        return fail_at(e, msg);
    }
    const char *currency = json_string_value(json_object_get(country, "currency"));
    json_array_foreach(json_object_get(cat, "pay"), i, e)
    {
        const char *cur = json_string_value(json_object_get(e, "currency"));
        if (!currency || !cur || !strcmp(cur, currency)) continue;
        snprintf(msg, sizeof msg,
                 "currency: '%s' is not the country's currency '%s' (in '%s'; kazi.country "
                 "declares the currency)",
                 cur, currency, json_string_value(json_object_get(e, "id")));
        return fail_at(e, msg);
    }
    json_array_foreach(json_object_get(cat, "certifications"), i, e)
    {
        const json_t *r = json_object_get(e, "refresher");
        const char *course = json_string_value(json_object_get(r, "course"));
        if (!course || kazi_json_find_id(json_object_get(cat, "courses"), course)) continue;
        snprintf(msg, sizeof msg, "refresher.course: no course '%s' is declared (in '%s')", course,
                 json_string_value(json_object_get(e, "id")));
        return fail_at(e, msg);
    }
    json_array_foreach(json_object_get(cat, "courses"), i, e)
    {
        const char *group = json_string_value(json_object_get(e, "group"));
        if (!group || kazi_json_find_id(json_object_get(cat, "groups"), group)) continue;
        snprintf(msg, sizeof msg, "group: no group '%s' is declared (in course '%s')", group,
                 json_string_value(json_object_get(e, "id")));
        return fail_at(e, msg);
    }
    json_array_foreach(json_object_get(cat, "norms"), i, e)
    {
        const char *per = json_string_value(json_object_get(e, "per"));
        const char *group =
            json_string_value(json_object_get(json_object_get(e, "per_population"), "group"));
        const json_t *groups = json_object_get(cat, "population_groups");
        if (per && country && !has_choice(levels, per)) {
            choice_ids(known, sizeof known, levels);
            snprintf(msg, sizeof msg,
                     "per: the country declares no org-unit level '%s' (in norm '%s'; levels: %s)",
                     per, json_string_value(json_object_get(e, "id")), known);
            return fail_at(e, msg);
        }
        /* without kazi.population_group declarations the groups are total and children */
        if (group &&
            (json_array_size(groups) ? !kazi_json_find_id((json_t *)groups, group)
                                     : strcmp(group, "total") && strcmp(group, "children"))) {
            snprintf(msg, sizeof msg,
                     "per_population.group: no population group '%s' is declared (in norm '%s')",
                     group, json_string_value(json_object_get(e, "id")));
            return fail_at(e, msg);
        }
    }
    static const char *const events[] = {"person.validate", "position.validate", NULL};
    json_array_foreach(json_object_get(cat, "hooks"), i, e)
    {
        const char *ev = json_string_value(json_object_get(e, "event"));
        const char *const *k = events;
        while (*k && strcmp(*k, ev ? ev : ""))
            k++;
        if (*k) continue;
        snprintf(msg, sizeof msg,
                 "kazi.hook: no event '%s' exists (events: person.validate, position.validate)",
                 ev ? ev : "");
        return fail_at(e, msg);
    }
    return KAZI_OK;
}

/* Each kazi.translation: a language the country declares; each message a format Kazi
 * renders, whose template names only the message's values. (Whether a key is one of
 * Kazi's messages is validation's question, domain/i18n: an upgrade of Kazi that
 * rewords a message must not stop a live configuration from loading.) */
static int check_translations(json_t *cat)
{
    const json_t *langs = json_object_get(json_object_get(cat, "country"), "languages");
    size_t i, j;
    json_t *e, *l;
    char msg[700], why[300];
    json_array_foreach(json_object_get(cat, "translations"), i, e)
    {
        const char *code = json_string_value(json_object_get(e, "language"));
        int declared = 0;
        json_array_foreach(langs, j, l) declared |=
            json_is_string(l) && code && !strcmp(json_string_value(l), code);
        if (!declared) {
            snprintf(msg, sizeof msg,
                     "kazi.translation: the country does not declare the language '%s' "
                     "(add it to kazi.country{languages})",
                     code ? code : "");
            return fail_at(e, msg);
        }
        const char *msgid;
        json_t *t;
        json_object_foreach(json_object_get(e, "messages"), msgid, t)
        {
            if (kazi_error_template_check(msgid, json_string_value(t), why, sizeof why) < 0) {
                snprintf(msg, sizeof msg, "kazi.translation: messages[\"%.200s\"]: %s", msgid, why);
                return fail_at(e, msg);
            }
        }
    }
    return KAZI_OK;
}

/* kazi.country{default_language} is not read: the default language is the first of
 * kazi.country{languages} (docs/configuration.md), one place to say it. A configuration
 * still naming it is refused by validation, with what to do; it still loads, so a live
 * configuration written before keeps serving after an upgrade. */
static void refuse_default_language(json_t *cat)
{
    const json_t *country = json_object_get(cat, "country");
    const char *said = json_string_value(json_object_get(country, "default_language"));
    const char *first = json_string_value(json_array_get(json_object_get(country, "languages"), 0));
    if (!said) return;
    char msg[400];
    if (first && strcmp(said, first))
        snprintf(msg, sizeof msg,
                 "kazi.country: default_language is not read: the default language is the "
                 "first of languages ('%.20s'); remove default_language, and list '%.20s' "
                 "first in languages to make it the default",
                 first, said);
    else
        snprintf(msg, sizeof msg,
                 "kazi.country: default_language is not read: the default language is the "
                 "first of languages; remove default_language");
    finding_at(cat, NULL, country, msg, "error");
}

int kazi_api_check(json_t *cat)
{
    int rc;
    json_object_set_new(cat, "warnings", json_array());
    if (json_array_size(json_object_get(cat, "groups")) &&
        (rc = check_ref(cat, "cadres", "group", "groups", "group")) < 0)
        return rc;
    if ((rc = check_more_refs(cat)) < 0) return rc;
    if ((rc = check_ref(cat, "jobs", "cadre", "cadres", "cadre")) < 0) return rc;
    if ((rc = check_ref(cat, "moves", "from", "cadres", "cadre")) < 0) return rc;
    if ((rc = check_ref(cat, "moves", "to", "cadres", "cadre")) < 0) return rc;
    if ((rc = check_ref(cat, "pay", "cadre", "cadres", "cadre")) < 0) return rc;
    if ((rc = check_pay_pairs(cat)) < 0) return rc;
    if ((rc = check_ref(cat, "certifications", "course", "courses", "course")) < 0) return rc;
    if ((rc = check_ref(cat, "certifications", "cadre", "cadres", "cadre")) < 0) return rc;
    if ((rc = check_list_refs(cat, "moves", "bridging", "courses", "course")) < 0) return rc;
    if ((rc = check_list_refs(cat, "courses", "prerequisites", "courses", "course")) < 0) return rc;
    if ((rc = check_ref(cat, "supervision", "cadre", "cadres", "cadre")) < 0) return rc;
    if ((rc = check_list_refs(cat, "supervision", "supervisors", "cadres", "cadre")) < 0) return rc;
    if ((rc = kazi_dhis2_check(cat)) < 0) return rc;
    if ((rc = check_ref(cat, "norms", "cadre", "cadres", "cadre")) < 0) return rc;
    if ((rc = check_translations(cat)) < 0) return rc;
    refuse_default_language(cat);
    return check_standards(cat);
}

/* A rule's first result must be true or false; else say what it returned in ERR. */
static int rule_returned_boolean(lua_State *L, int okidx, char *err, size_t errsize)
{
    if (lua_type(L, okidx) == LUA_TBOOLEAN) return 1;
    snprintf(err, errsize, "must return true or false, then the list of what is missing (got %s)",
             luaL_typename(L, okidx));
    return 0;
}

int kazi_api_rule_collect(lua_State *L, int okidx, int *eligible, json_t **missing, char *err,
                          size_t errsize)
{
    int midx = okidx + 1;
    *missing = NULL;
    if (!rule_returned_boolean(L, okidx, err, errsize)) return -1;
    if (kazi_freeze_push_contents(L, midx)) lua_replace(L, midx); /* a read-only list */
    json_t *m = json_array();
    int t = lua_type(L, midx);
    if (t == LUA_TTABLE) {
        /* raw reads only: nothing here can raise while m is held by C */
        lua_Integer n = (lua_Integer)lua_rawlen(L, midx);
        for (lua_Integer i = 1; i <= n && i <= 1000; i++) {
            lua_rawgeti(L, midx, i);
            json_t *x = NULL;
            int was_table = lua_type(L, -1) == LUA_TTABLE;
            if (lua_type(L, -1) == LUA_TSTRING) {
                size_t len;
                const char *s = lua_tolstring(L, -1, &len);
                x = json_stringn(s, len);
            } else if (lua_type(L, -1) == LUA_TTABLE) {
                x = kazi_json_convert(L, -1);
            }
            lua_pop(L, 1);
            if (!x) {
                json_decref(m);
                /* a table that could not be converted says why (too deep, too large) */
                const char *why = was_table ? kazi_lstate_of(L)->convert_error : NULL;
                snprintf(err, errsize, "missing[%d] must be text (or names per language)%s%s",
                         (int)i, why ? ": " : "", why ? why : "");
                return -1;
            }
            json_array_append_new(m, x);
        }
    } else if (t == LUA_TSTRING) {
        /* a single reason (supervision rules: return ok, reason) */
        size_t len;
        const char *s = lua_tolstring(L, midx, &len);
        json_array_append_new(m, json_stringn(s, len));
    } else if (t != LUA_TNIL) {
        json_t *v = kazi_json_proxy_copy(L, midx);
        if (!json_is_array(v)) {
            json_decref(v);
            json_decref(m);
            snprintf(err, errsize, "the second result must be a list of what is missing");
            return -1;
        }
        json_array_extend(m, v);
        json_decref(v);
    }
    *eligible = lua_toboolean(L, okidx);
    *missing = m;
    return 0;
}

int kazi_api_rule_count(lua_State *L, int okidx, int *eligible, size_t *nmissing, char *err,
                        size_t errsize)
{
    int midx = okidx + 1;
    if (!rule_returned_boolean(L, okidx, err, errsize)) return -1;
    if (kazi_freeze_push_contents(L, midx)) lua_replace(L, midx); /* a read-only list */
    size_t n = 0;
    int t = lua_type(L, midx);
    if (t == LUA_TTABLE) {
        lua_Integer len = (lua_Integer)lua_rawlen(L, midx);
        for (lua_Integer i = 1; i <= len && i <= 1000; i++) {
            int it = lua_rawgeti(L, midx, i);
            lua_pop(L, 1);
            if (it != LUA_TSTRING && it != LUA_TTABLE) {
                snprintf(err, errsize, "missing[%d] must be text (or names per language)", (int)i);
                return -1;
            }
            n++;
        }
    } else if (t == LUA_TSTRING) {
        n = 1;
    } else if (t != LUA_TNIL) {
        if (kazi_json_proxy_shape(L, midx) != 'a') {
            snprintf(err, errsize, "the second result must be a list of what is missing");
            return -1;
        }
        n = (size_t)luaL_len(L, midx);
    }
    *eligible = lua_toboolean(L, okidx);
    *nmissing = n;
    return 0;
}
