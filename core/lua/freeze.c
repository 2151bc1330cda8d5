/*
 * freeze — nothing one call does is seen by the next, and no file changes what another
 * sees. After a configuration loads, every table reachable from what it declared
 * (rules, reports, hooks, tests, the modules and each file's globals) is frozen in
 * place, and the upvalues (file-level locals) of every reachable function are
 * snapshotted; after each call (each dossier of a batch) they are put back. While it
 * loads, a module's value is frozen when its require returns and its upvalues are put
 * back after each file, so one file cannot change what another's require returns.
 * Owns: the frozen tables' shadows and metatables, the upvalue snapshots, and the
 * sandbox's next/rawget/rawlen/getmetatable/setmetatable, which see through frozen
 * tables.
 * Uses: Lua 5.4's C API only (no debug library, no VM change).
 * Thread-safety: a state is used by one thread at a time.
 *
 * Why in place, and how. Lua has no read-only tables: __newindex only fires for absent
 * keys. A frozen table T keeps its identity (every reference to it stays valid) but
 * its contents move to a hidden shadow S; T's new metatable sends reads to S (__index),
 * refuses every write (__newindex: every key of T is now absent), and iterates and
 * measures S (__pairs, __len). The table's own metamethods are copied onto it and its
 * original metatable is frozen too; a table used as a metatable at run time
 * (setmetatable(obj, Frozen)) gets the shadow as its real metatable, because Lua reads
 * metamethods raw, and getmetatable answers the frozen view, never the shadow.
 */
#include "lua/internal.h"
#include "util/error.h"

#include <stdint.h>
#include <string.h>

#define REG_FROZEN  "kazi.frozen"  /* frozen table T -> its shadow S */
#define REG_SHADOWS "kazi.shadows" /* shadow S -> its frozen table T */
#define REG_RESTORE "kazi.restore" /* root function -> {f, n, v, ...}; "*" -> every upvalue */
#define REG_MODSNAP "kazi.modsnap" /* list of the loaded modules' upvalue snapshots */

/* ---- frozen tables ------------------------------------------------------------------ */

/* (luaL_error names the Lua code that wrote: the caller of this metamethod.) */
static int frozen_newindex(lua_State *L)
{
    return luaL_error(L,
                      "'%s' cannot be changed: tables a rule can reach are read-only after the "
                      "configuration loads (keep per-call data in local variables)",
                      lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?");
}

static int env_frozen_newindex(lua_State *L)
{
    return luaL_error(L, "cannot set global '%s' outside loading: use a local variable",
                      lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?");
}

/* The shadow of the frozen table at idx pushed, or nothing pushed and 0. */
static int push_shadow(lua_State *L, int idx, int frozen_map)
{
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    lua_pushvalue(L, idx);
    if (lua_rawget(L, frozen_map) == LUA_TTABLE) return 1;
    lua_pop(L, 1);
    return 0;
}

/* __len and __pairs of a frozen table: its shadow's; upvalue 1 is the shadow. */
static int frozen_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
    return 1;
}

/* An __index function of a frozen table's metatable: Lua would call it with the hidden
 * contents as `self` (they are what misses); call it with the frozen table instead, so
 * that a memoising __index cannot write into the contents (upvalue 1: the frozen table,
 * 2: the function). */
static int frozen_index_fn(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 2);
    lua_call(L, 2, 1);
    return 1;
}

/* The iterator of a frozen table's pairs: next over its contents (upvalue 1), with
 * the frozen table as the state, so the contents are never handed to the plugin. */
static int shadow_next(lua_State *L)
{
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1))) return 2;
    lua_pushnil(L);
    return 1;
}

/* upvalue 1: the shadow_next closure of this table */
static int frozen_pairs(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* next, rawget, rawlen: on a frozen table, its contents (upvalue 1: the frozen map;
 * upvalue 2: the original function). */
static int see_through(lua_State *L)
{
    if (push_shadow(L, 1, lua_upvalueindex(1))) lua_replace(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* setmetatable(t, mt): a frozen t cannot change; a frozen mt is applied through its
 * shadow, where Lua finds the metamethods (upvalue 1: the frozen map; 2: the sandbox's
 * setmetatable, which also sees the shadow's real contents in its checks). */
static int frozen_setmetatable(lua_State *L)
{
    if (push_shadow(L, 1, lua_upvalueindex(1)))
        return luaL_error(L, "this table is read-only after the configuration loads");
    if (push_shadow(L, 2, lua_upvalueindex(1))) lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* getmetatable(x): the frozen view of a shadow, never the shadow itself (upvalue 1: the
 * shadows map; 2: the original getmetatable). A frozen table answers what it answered
 * before it was frozen (kept as "kazi.view" in its metatable). */
static int frozen_getmetatable(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    if (lua_type(L, 1) == LUA_TTABLE && lua_getmetatable(L, 1)) {
        lua_pushliteral(L, "kazi.frozen");
        if (lua_rawget(L, 2) != LUA_TNIL) {
            lua_pushliteral(L, "kazi.view"); /* nil when it had no metatable */
            lua_rawget(L, 2);
            return 1;
        }
        lua_settop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1; /* a shadow: its table */
    lua_pop(L, 1);
    return 1;
}

void kazi_freeze_open(lua_State *L, int globals)
{
    globals = lua_absindex(L, globals);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_FROZEN);
    int frozen = lua_gettop(L);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_SHADOWS);
    int shadows = lua_gettop(L);
    static const char *const through[] = {"next", "rawget", "rawlen", NULL};
    for (const char *const *n = through; *n; n++) {
        lua_pushvalue(L, frozen);
        lua_getfield(L, globals, *n);
        lua_pushcclosure(L, see_through, 2);
        lua_setfield(L, globals, *n);
    }
    lua_pushvalue(L, frozen);
    lua_getfield(L, globals, "setmetatable");
    lua_pushcclosure(L, frozen_setmetatable, 2);
    lua_setfield(L, globals, "setmetatable");
    lua_pushvalue(L, shadows);
    lua_getfield(L, globals, "getmetatable");
    lua_pushcclosure(L, frozen_getmetatable, 2);
    lua_setfield(L, globals, "getmetatable");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_RESTORE);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_MODSNAP);
    lua_pop(L, 2);
}

/* A nil upvalue in a snapshot list (a list cannot hold nil). */
static const char nil_mark = 0;

/* ---- walking what a value reaches ------------------------------------------------------ */

/* A walk: an explicit work list (plugin data may nest deeper than the C stack allows),
 * the objects already seen, and the upvalues found. Stack slots, all absolute. */
typedef struct {
    int work, seen, frozen, shadows, tofreeze, ups, upseen;
    lua_Integer top, nfreeze, nups;
    int freeze; /* 1: freeze the tables found; 0: only collect upvalues */
} walk;

static void push_work(lua_State *L, walk *w, int idx)
{
    int t = lua_type(L, idx);
    if (t != LUA_TTABLE && t != LUA_TFUNCTION && t != LUA_TTHREAD) return;
    lua_pushvalue(L, idx);
    lua_rawseti(L, w->work, ++w->top);
}

/* Push a table's contents (or its shadow's) and metatable onto the work list. */
static void walk_table(lua_State *L, walk *w, int t)
{
    int contents = t;
    if (push_shadow(L, t, w->frozen)) contents = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, contents)) {
        push_work(L, w, -2);
        push_work(L, w, -1);
        lua_pop(L, 1);
    }
    if (lua_getmetatable(L, contents)) {
        push_work(L, w, -1);
        lua_pop(L, 1);
    }
    int is_shadow = 0;
    if (contents == t) {
        lua_pushvalue(L, t);
        is_shadow = lua_rawget(L, w->shadows) != LUA_TNIL; /* Kazi's, never reachable by plugins */
        lua_pop(L, 1);
    }
    if (contents != t) {
        lua_pop(L, 1);
    } else if (w->freeze && !is_shadow) {
        lua_pushvalue(L, t);
        lua_rawseti(L, w->tofreeze, ++w->nfreeze);
    }
}

/* A coroutine, or a C closure holding a thread or a userdata (coroutine.wrap,
 * string.gmatch): state that would carry from call to call. */
static int kept_iterator(lua_State *L, int v)
{
    if (lua_type(L, v) == LUA_TTHREAD) return 1;
    if (!lua_iscfunction(L, v)) return 0;
    for (int i = 1; lua_getupvalue(L, v, i); i++) {
        int t = lua_type(L, -1);
        lua_pop(L, 1);
        if (t == LUA_TTHREAD || t == LUA_TUSERDATA) return 1;
    }
    return 0;
}

static void walk_function(lua_State *L, walk *w, int f)
{
    if (lua_iscfunction(L, f)) {
        /* Kazi's own functions hold nothing of a plugin's; a C closure holding a thread or
         * a userdata is a coroutine.wrap or string.gmatch iterator, whose position would
         * carry from call to call (kept in a table: named here without a line). */
        if (kept_iterator(L, f))
            luaL_error(L, "a coroutine or string.gmatch iterator created while the "
                          "configuration loads is kept for later calls: create it inside the "
                          "function that uses it");
        return;
    }
    for (int i = 1; lua_getupvalue(L, f, i); i++) {
        if (kept_iterator(L, lua_gettop(L))) {
            /* name the function that keeps it: where the plugin author can look */
            lua_Debug ar;
            lua_pushvalue(L, f);
            lua_getinfo(L, ">S", &ar);
            luaL_error(L,
                       "%s:%d: a coroutine or string.gmatch iterator created while the "
                       "configuration loads is kept for later calls by this function: create "
                       "it inside the function that uses it",
                       ar.short_src, ar.linedefined);
        }
        lua_pushlightuserdata(L, lua_upvalueid(L, f, i));
        if (lua_rawget(L, w->upseen) == LUA_TNIL) {
            lua_pushlightuserdata(L, lua_upvalueid(L, f, i));
            lua_pushboolean(L, 1);
            lua_rawset(L, w->upseen);
            lua_pushvalue(L, f);
            lua_rawseti(L, w->ups, ++w->nups);
            lua_pushinteger(L, i);
            lua_rawseti(L, w->ups, ++w->nups);
            if (lua_isnil(L, -2))
                lua_pushlightuserdata(L, (void *)&nil_mark);
            else
                lua_pushvalue(L, -2);
            lua_rawseti(L, w->ups, ++w->nups);
            push_work(L, w, -2);
        }
        lua_pop(L, 2);
    }
}

/* Walk everything reachable from the work list. Raises on a coroutine (its suspended
 * stack would carry state from call to call). */
static void run_walk(lua_State *L, walk *w)
{
    while (w->top > 0) {
        lua_rawgeti(L, w->work, w->top);
        lua_pushnil(L);
        lua_rawseti(L, w->work, w->top--);
        int v = lua_gettop(L);
        lua_pushvalue(L, v);
        if (lua_rawget(L, w->seen) != LUA_TNIL) {
            lua_settop(L, v - 1);
            continue;
        }
        lua_pop(L, 1);
        lua_pushvalue(L, v);
        lua_pushboolean(L, 1);
        lua_rawset(L, w->seen);
        switch (lua_type(L, v)) {
        case LUA_TTABLE:
            walk_table(L, w, v);
            break;
        case LUA_TFUNCTION:
            walk_function(L, w, v);
            break;
        default:
            luaL_error(L, "a coroutine created while the configuration loads is kept for later "
                          "calls: create it inside the function that uses it");
        }
        lua_settop(L, v - 1);
    }
}

/* Open a walk: seven tables on the stack. System tables (the shared globals, the library
 * proxies, the environments' metatable) are marked seen: they are read-only already
 * and must keep their metatables. */
static void walk_open(lua_State *L, walk *w, int freeze)
{
    memset(w, 0, sizeof *w);
    w->freeze = freeze;
    lua_newtable(L);
    w->work = lua_gettop(L);
    lua_newtable(L);
    w->seen = lua_gettop(L);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_FROZEN);
    w->frozen = lua_gettop(L);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_SHADOWS);
    w->shadows = lua_gettop(L);
    lua_newtable(L);
    w->tofreeze = lua_gettop(L);
    lua_newtable(L);
    w->ups = lua_gettop(L);
    lua_newtable(L);
    w->upseen = lua_gettop(L);
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_GLOBAL);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -1) == LUA_TTABLE || lua_type(L, -1) == LUA_TFUNCTION) {
            lua_pushboolean(L, 1);
            lua_rawset(L, w->seen);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_pushboolean(L, 1);
    lua_rawset(L, w->seen);
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_ENVMT);
    lua_pushboolean(L, 1);
    lua_rawset(L, w->seen);
}

/* ---- freezing ---------------------------------------------------------------------------- */

/* Empty table t into a new shadow and give t its frozen metatable. Its original
 * metatable is kept for the fix-up (freeze_fixup). */
static void freeze_one(lua_State *L, int t, int frozen, int shadows, int envmt)
{
    lua_newtable(L); /* S */
    int s = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, s);
    }
    /* clear t (keys collected first: assigning nil while traversing is allowed, but
     * keep it simple and obviously correct) */
    lua_pushnil(L);
    while (lua_next(L, s)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, t);
    }
    int had_mt = lua_getmetatable(L, t);
    if (!had_mt) lua_pushnil(L);
    int orig = lua_gettop(L);
    int is_env = had_mt && lua_rawequal(L, orig, envmt);

    lua_createtable(L, 0, 8); /* the frozen metatable */
    int mt = lua_gettop(L);
    lua_pushvalue(L, s);
    lua_setfield(L, mt, "__index");
    lua_pushcfunction(L, is_env ? env_frozen_newindex : frozen_newindex);
    lua_setfield(L, mt, "__newindex");
    lua_pushvalue(L, s);
    lua_pushcclosure(L, frozen_len, 1);
    lua_setfield(L, mt, "__len");
    lua_pushvalue(L, s);
    lua_pushcclosure(L, shadow_next, 1);
    lua_pushcclosure(L, frozen_pairs, 1);
    lua_setfield(L, mt, "__pairs");
    lua_pushboolean(L, 1);
    lua_setfield(L, mt, "kazi.frozen");
    lua_pushvalue(L, orig); /* kept raw until the fix-up */
    lua_setfield(L, mt, "kazi.orig");
    lua_pushboolean(L, 0);
    lua_setfield(L, mt, "__metatable");
    lua_setmetatable(L, t);
    if (had_mt) {
        lua_pushvalue(L, orig);
        lua_setmetatable(L, s); /* lookups fall through to the original metatable */
    }
    lua_pushvalue(L, t);
    lua_pushvalue(L, s);
    lua_rawset(L, frozen);
    lua_pushvalue(L, s);
    lua_pushvalue(L, t);
    lua_rawset(L, shadows);
    lua_settop(L, s - 1);
}

/* After a set of tables is frozen: a shadow whose original metatable is itself frozen
 * uses that metatable's shadow (Lua reads metamethods raw); the frozen metatable copies
 * the original's metamethods, and remembers what getmetatable answered. */
static void freeze_fixup(lua_State *L, int t, int frozen)
{
    lua_getmetatable(L, t);
    int mt = lua_gettop(L);
    lua_getfield(L, mt, "kazi.orig");
    int orig = lua_gettop(L);
    if (lua_isnil(L, orig)) {
        lua_settop(L, mt - 1);
        return;
    }
    lua_pushnil(L);
    lua_setfield(L, mt, "kazi.orig");
    int contents = orig;
    if (push_shadow(L, orig, frozen)) {
        contents = lua_gettop(L);
        lua_getfield(L, mt, "__index"); /* S of t */
        lua_pushvalue(L, contents);
        lua_setmetatable(L, -2);
        lua_pop(L, 1);
    }
    lua_pushliteral(L, "__index");
    if (lua_rawget(L, contents) == LUA_TFUNCTION) {
        /* S's lookups call it with t, never with S (frozen_index_fn) */
        lua_createtable(L, 0, 1);
        lua_pushvalue(L, t);
        lua_pushvalue(L, -3);
        lua_pushcclosure(L, frozen_index_fn, 2);
        lua_setfield(L, -2, "__index");
        lua_getfield(L, LUA_REGISTRYINDEX, REG_SHADOWS); /* Kazi's: later walks skip it */
        lua_pushvalue(L, -2);
        lua_pushvalue(L, t);
        lua_rawset(L, -3);
        lua_pop(L, 1);
        lua_getfield(L, mt, "__index"); /* S of t */
        lua_insert(L, -2);
        lua_setmetatable(L, -2);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    /* what getmetatable(t) answered: __metatable, else the (frozen) metatable */
    lua_pushliteral(L, "__metatable");
    if (lua_rawget(L, contents) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushvalue(L, orig);
    }
    lua_setfield(L, mt, "kazi.view");
    lua_pushnil(L);
    while (lua_next(L, contents)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        if (k && k[0] == '_' && k[1] == '_' && strcmp(k, "__index") && strcmp(k, "__newindex") &&
            strcmp(k, "__metatable") && strcmp(k, "__gc") && strcmp(k, "__mode") &&
            strcmp(k, "__pairs") && strcmp(k, "__len")) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, mt);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_settop(L, mt - 1);
}

static void freeze_found(lua_State *L, walk *w)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_SHADOWS);
    int shadows = lua_gettop(L);
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_ENVMT);
    int envmt = lua_gettop(L);
    for (lua_Integer i = 1; i <= w->nfreeze; i++) {
        lua_rawgeti(L, w->tofreeze, i);
        freeze_one(L, lua_gettop(L), w->frozen, shadows, envmt);
        lua_pop(L, 1);
    }
    for (lua_Integer i = 1; i <= w->nfreeze; i++) {
        lua_rawgeti(L, w->tofreeze, i);
        freeze_fixup(L, lua_gettop(L), w->frozen);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

/* ---- snapshots ------------------------------------------------------------------------- */

/* Put back the upvalues of a snapshot list {f, n, v, ...} at idx. Allocates nothing. */
static void restore_list(lua_State *L, int list)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer i = 1; i + 2 <= n; i += 3) {
        lua_rawgeti(L, list, i);
        lua_rawgeti(L, list, i + 1);
        int up = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (lua_rawgeti(L, list, i + 2) == LUA_TLIGHTUSERDATA &&
            lua_touserdata(L, -1) == (void *)&nil_mark) {
            lua_pop(L, 1);
            lua_pushnil(L);
        }
        if (!lua_setupvalue(L, -2, up)) lua_pop(L, 1);
        lua_pop(L, 1);
    }
}

/* The snapshot of everything reachable from the value at idx (frozen first when
 * `freeze`), pushed as a list {f, n, v, ...}. Raises on a kept coroutine. */
static void snapshot_of(lua_State *L, int idx, int freeze)
{
    idx = lua_absindex(L, idx);
    walk w;
    walk_open(L, &w, freeze);
    push_work(L, &w, idx);
    run_walk(L, &w);
    if (freeze) freeze_found(L, &w);
    lua_pushvalue(L, w.ups);
    lua_replace(L, w.work);
    lua_settop(L, w.work);
}

void kazi_freeze_module(lua_State *L, int idx)
{
    snapshot_of(L, idx, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_MODSNAP);
    lua_insert(L, -2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

void kazi_freeze_restore_modules(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_MODSNAP);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        restore_list(L, lua_gettop(L));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Freeze what the roots reach, then one snapshot per root function and one of all. */
static int freeze_protected(lua_State *L)
{
    /* the roots: every declared function and list of functions, and the modules */
    lua_newtable(L);
    int roots = lua_gettop(L);
    lua_Integer nroots = 0;
    static const char *const sources[] = {KAZI_REG_FNS, KAZI_REG_LOADED, NULL};
    for (const char *const *s = sources; *s; s++) {
        lua_getfield(L, LUA_REGISTRYINDEX, *s);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -1) == LUA_TTABLE && !strcmp(*s, KAZI_REG_FNS)) {
                /* hook and test lists: their functions are roots of their own */
                lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
                for (lua_Integer i = 1; i <= n; i++) {
                    lua_rawgeti(L, -1, i);
                    lua_rawseti(L, roots, ++nroots);
                }
                lua_pop(L, 1);
            } else {
                lua_rawseti(L, roots, ++nroots);
            }
        }
        lua_pop(L, 1);
    }
    /* Freeze everything at once (one walk), then collect each root's upvalues. */
    walk w;
    walk_open(L, &w, 1);
    for (lua_Integer i = 1; i <= nroots; i++) {
        lua_rawgeti(L, roots, i);
        push_work(L, &w, -1);
        lua_pop(L, 1);
    }
    run_walk(L, &w);
    freeze_found(L, &w);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_RESTORE);
    int restore = lua_gettop(L);
    lua_pushvalue(L, w.ups);
    lua_setfield(L, restore, "*"); /* every upvalue: after hooks, reports and tests */
    for (lua_Integer i = 1; i <= nroots; i++) {
        lua_rawgeti(L, roots, i);
        if (lua_type(L, -1) == LUA_TFUNCTION) {
            snapshot_of(L, -1, 0);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, restore);
        }
        lua_pop(L, 1);
    }
    return 0;
}

int kazi_freeze_after_load(lua_State *L)
{
    lua_pushcfunction(L, freeze_protected);
    if (lua_pcall(L, 0, 0, 0) == LUA_OK) return KAZI_OK;
    return kazi_sandbox_error(L, NULL); /* "file:line: ..." into the field and position */
}

int kazi_freeze_push_restore(lua_State *L, int fn)
{
    fn = lua_absindex(L, fn);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_RESTORE);
    lua_pushvalue(L, fn);
    if (lua_rawget(L, -2) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_getfield(L, -1, "*");
        if (!lua_istable(L, -1)) {
            lua_pop(L, 1);
            lua_newtable(L);
        }
    }
    lua_remove(L, -2);
    return lua_gettop(L);
}

void kazi_freeze_restore(lua_State *L, int list)
{
    restore_list(L, lua_absindex(L, list));
}

void kazi_freeze_restore_all(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_RESTORE);
    if (lua_getfield(L, -1, "*") == LUA_TTABLE) restore_list(L, lua_gettop(L));
    lua_pop(L, 2);
}

int kazi_freeze_push_contents(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return 0;
    lua_pop(L, 1);
    idx = lua_absindex(L, idx);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_FROZEN);
    int found = push_shadow(L, idx, lua_gettop(L));
    lua_remove(L, found ? -2 : -1);
    return found;
}
