/*
 * guard — limits that hold inside C: a wall-clock deadline per call (read by the
 * count hook, the allocator and every C function below that can loop), replacements
 * for the library functions whose C loops the count hook cannot interrupt, the
 * message handler that turns any error value into a plain string without running
 * plugin code, and the panic handler.
 * Owns: the deadline fields of kazi_lstate, the replaced library functions.
 * Uses: Lua 5.4 (only lua/ includes lua.h), pattern.c.
 * Thread-safety: a state is used by one thread at a time.
 */
#include "lua/internal.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_TIME_MS       1000  /* one call: a rule, a hook, a report, a test */
#define DEFAULT_BATCH_TIME_MS 10000 /* a batch of rule evaluations as a whole */
#define CHECK_EVERY           4096  /* units of C work between clock reads */

int64_t kazi_guard_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void kazi_guard_start(kazi_lstate *ls, int64_t ms)
{
    if (ms <= 0) ms = ls->time_ms > 0 ? ls->time_ms : DEFAULT_TIME_MS;
    int64_t d = kazi_guard_now_ns() + ms * 1000000;
    ls->time_exceeded = 0;
    ls->grown_since_check = 0;
    ls->ticks = 0;
    if (ls->call_deadline_ns && ls->call_deadline_ns < d) return; /* nested: keep the outer */
    ls->deadline_ns = ls->call_deadline_ns = d;
    ls->limit_ms = ls->call_limit_ms = ms;
}

void kazi_guard_stop(kazi_lstate *ls)
{
    ls->deadline_ns = ls->call_deadline_ns = 0;
}

int kazi_guard_expired(kazi_lstate *ls)
{
    if (!ls->deadline_ns) return 0; /* no call running */
    if (ls->time_exceeded) return 1;
    if (kazi_guard_now_ns() < ls->deadline_ns) return 0;
    ls->time_exceeded = 1;
    return 1;
}

int kazi_guard_error(lua_State *L, const char *fmt, ...)
{
    char where[160] = "";
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(where, sizeof where, "%s:%d: ", ar.short_src, ar.currentline);
            break;
        }
    }
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lua_pushfstring(L, "%s%s", where, msg);
    return lua_error(L);
}

static int time_error(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    return kazi_guard_error(L, "time limit exceeded (the plugin ran longer than %lld ms)",
                            (long long)ls->limit_ms);
}

void kazi_guard_check(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    if (kazi_guard_expired(ls)) time_error(L);
}

void kazi_guard_charge(lua_State *L, uint32_t steps)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    ls->ticks += steps;
    if (ls->ticks < CHECK_EVERY) return;
    ls->budget_left -= ls->ticks;
    ls->ticks = 0;
    if (ls->budget_left < 0 && ls->deadline_ns)
        kazi_guard_error(L, "instruction budget exceeded (the plugin ran too long)");
    if (kazi_guard_expired(ls)) time_error(L);
}

/* ---- errors -------------------------------------------------------------------------- */

int kazi_guard_msgh(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    if (lua_type(L, 1) == LUA_TSTRING) return 1;
    char where[160] = "";
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(where, sizeof where, "%s:%d", ar.short_src, ar.currentline);
            break;
        }
    }
    const char *w = where[0] ? where : ls->where[0] ? ls->where : "?";
    switch (lua_type(L, 1)) {
    case LUA_TNUMBER:
        /* number to text: no metamethod involved */
        lua_pushfstring(L, "%s: %s", w, lua_tostring(L, 1));
        break;
    case LUA_TTABLE:
        /* structured errors ({field=, message=}): read raw, never through __index */
        lua_pushliteral(L, "message");
        if (lua_rawget(L, 1) == LUA_TSTRING) {
            lua_pushfstring(L, "%s: %s", w, lua_tostring(L, -1));
            break;
        }
        lua_pop(L, 1);
        /* fall through */
    default:
        lua_pushfstring(L, "%s: error object is a %s value", w, luaL_typename(L, 1));
        break;
    }
    return 1;
}

const char *kazi_guard_describe(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
        lua_pushvalue(L, idx);
        break;
    case LUA_TNUMBER:
        lua_pushvalue(L, idx);
        lua_tolstring(L, -1, NULL); /* converts the copy, not the original */
        break;
    case LUA_TBOOLEAN:
        lua_pushstring(L, lua_toboolean(L, idx) ? "true" : "false");
        break;
    case LUA_TNIL:
        lua_pushliteral(L, "nil");
        break;
    default: {
        int shape = kazi_json_proxy_shape(L, idx); /* a Kazi record: its own words */
        if (shape)
            lua_pushstring(L, shape == 'a' ? "a list (read-only)" : "a record (read-only)");
        else
            lua_pushfstring(L, "a %s", luaL_typename(L, idx));
        break;
    }
    }
    return lua_tostring(L, -1);
}

int kazi_guard_panic(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
    kazi_log(KAZI_LOG_ERROR, "\"event\":\"lua_panic\"", "Lua panic (the state is discarded): %s",
             msg);
    ls->broken = 1;
    if (ls->recover) longjmp(*ls->recover, 1);
    /* Unreachable by construction: every use of a state runs inside a guarded call. */
    return 0;
}

/* ---- replaced library functions -------------------------------------------------------- */

/* A gate: the deadline is checked before the library function runs, so a loop of
 * calls that each spend a long time in C (utf8.len over a large text, table.concat of
 * a long list) stops at the first call past the deadline, however few instructions
 * the loop itself runs between two firings of the count hook. */
static int gate(lua_State *L)
{
    kazi_guard_check(L);
    lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(1));
    return f(L);
}

/* string.rep(s, n [, sep]): built by doubling, so an empty s and sep with a huge n is
 * "" at once (Lua's own loops n times), and a large result is refused by the memory
 * cap before any copy. */
static int rep(lua_State *L)
{
    size_t l, lsep;
    const char *s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &lsep);
    kazi_guard_check(L);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t unit = l + lsep;
    if (unit < l || (size_t)n > ((size_t)-1 >> 2) / unit)
        return luaL_error(L, "resulting string too large");
    size_t total = (size_t)n * unit - lsep;
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, total + lsep); /* raises past the memory cap */
    memcpy(p, s, l);
    memcpy(p + l, sep, lsep);
    size_t done = unit, want = (size_t)n * unit;
    while (done < want) {
        size_t k = done < want - done ? done : want - done;
        memcpy(p + done, p, k);
        done += k;
    }
    luaL_pushresultsize(&b, total);
    return 1;
}

/* table.sort: Lua's own sort, but every comparison goes through this closure, which
 * charges it to the budget and reads the clock every few thousand comparisons. */
static int sort_less(lua_State *L)
{
    kazi_guard_charge(L, 1);
    if (lua_isnil(L, lua_upvalueindex(1))) {
        lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_settop(L, 3);
    lua_call(L, 2, 1);
    return 1;
}

static int sort(lua_State *L)
{
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
    kazi_guard_check(L);
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1)); /* Lua's sort */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, sort_less, 1);
    lua_call(L, 2, 0);
    return 0;
}

/* table.move(a1, f, e, t [, a2]) with the deadline read as it goes: Lua's own copies
 * e - f + 1 values (nils too) in one C loop, 2^50 of them if asked. */
static int move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    luaL_checkany(L, 1);
    luaL_checkany(L, tt);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n, 4, "destination wrap around");
        int forward = t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ));
        for (lua_Integer i = 0; i <= n; i++) {
            lua_Integer k = forward ? i : n - i;
            kazi_guard_charge(L, 1);
            lua_geti(L, 1, f + k);
            lua_seti(L, tt, t + k);
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

static void replace(lua_State *L, const char *name, lua_CFunction fn, int keep_original)
{
    if (keep_original) lua_getfield(L, -1, name);
    lua_pushcclosure(L, fn, keep_original ? 1 : 0);
    lua_setfield(L, -2, name);
}

void kazi_guard_open(lua_State *L)
{
    static const char *const string_gated[] = {"byte", "format", "lower", "upper", "reverse",
                                               "sub",  "unpack", "pack",  "char",  NULL};
    static const char *const table_gated[] = {"concat", "insert", "remove", "unpack", NULL};
    static const char *const utf8_gated[] = {"len", "offset", "codepoint", "char", NULL};
    static const struct {
        const char *lib;
        const char *const *names;
    } gated[] = {{LUA_STRLIBNAME, string_gated},
                 {LUA_TABLIBNAME, table_gated},
                 {LUA_UTF8LIBNAME, utf8_gated}};
    for (size_t i = 0; i < sizeof gated / sizeof gated[0]; i++) {
        lua_getglobal(L, gated[i].lib);
        for (const char *const *n = gated[i].names; *n; n++)
            replace(L, *n, gate, 1);
        lua_pop(L, 1);
    }
    lua_getglobal(L, LUA_STRLIBNAME);
    replace(L, "rep", rep, 0);
    kazi_pattern_open(L);
    lua_pop(L, 1);
    lua_getglobal(L, LUA_TABLIBNAME);
    replace(L, "sort", sort, 1);
    replace(L, "move", move, 0);
    lua_pop(L, 1);
    lua_getglobal(L, "tonumber");
    lua_pushcclosure(L, gate, 1);
    lua_setglobal(L, "tonumber");
}
