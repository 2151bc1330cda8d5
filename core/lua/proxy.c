/*
 * proxy — JSON values handed to Lua and Lua values taken back as JSON. Records go to
 * plugins as read-only proxies (a root that holds a reference, a child anchored to its
 * root, or a call-scoped proxy from the state's pool that is unreadable once its call
 * ends), or as plain tables; a plugin's result comes back through a bounded conversion
 * (depth, number of values, the call's deadline) that unwraps proxies and frozen tables.
 * Owns: the proxy metatables, the per-state proxy pool and the Lua-to-JSON conversion.
 * Uses: Lua 5.4 (only lua/ includes lua.h), jansson, lua/guard (deadline), lua/freeze.
 * Thread-safety: a state is used by one thread at a time.
 */
#include "lua/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 64
/* values in one conversion to JSON (a subtable held twice counts twice) */
#define MAX_CONVERT 1000000

/* ---- read-only proxies -------------------------------------------------------------- */

#define PROXY_MT       "kazi.json"       /* a root that holds a reference: has __gc */
#define PROXY_CHILD_MT "kazi.json.child" /* lent values: no __gc; user value 1 anchors the root */

/* owned: 0 lent for the state's life (the catalogue), 1 a root holding a reference,
 * 2 a child anchored to an owned root, 3 a call-scoped root (lent; invalidated when
 * the call ends), 4 a child of a scoped root. */
struct kazi_json_scope {
    json_t *v;
    int owned;
    uint64_t epoch; /* scoped proxies: readable while the state's scope epoch is this one */
};
typedef struct kazi_json_scope proxy;

/* Call-scoped proxies (kinds 3 and 4) come from the state's pool: the slots handed out
 * in one scope are handed out again after kazi_json_scope_end, each stamped with the
 * new epoch. Past POOL_MAX slots in one scope, fresh proxies are made (and collected). */
#define POOL_MAX 4096

static proxy *push_pooled(lua_State *L, kazi_lstate *ls, json_t *v, int kind)
{
    proxy *p;
    if (ls->pool_used < ls->pool_size) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, ls->pool_ref);
        lua_rawgeti(L, -1, ++ls->pool_used);
        lua_remove(L, -2);
        p = lua_touserdata(L, -1);
    } else {
        p = lua_newuserdatauv(L, sizeof *p, 0);
        lua_rawgeti(L, LUA_REGISTRYINDEX, ls->mt_child);
        lua_setmetatable(L, -2);
        if (ls->pool_size < POOL_MAX) {
            if (!ls->pool_ref) {
                lua_createtable(L, 64, 0);
                ls->pool_ref = luaL_ref(L, LUA_REGISTRYINDEX);
            }
            lua_rawgeti(L, LUA_REGISTRYINDEX, ls->pool_ref);
            lua_pushvalue(L, -2);
            lua_rawseti(L, -2, ++ls->pool_size);
            lua_pop(L, 1);
            ls->pool_used = ls->pool_size;
        }
    }
    p->v = v;
    p->owned = kind;
    p->epoch = ls->epoch;
    return p;
}

/* Push a proxy for v. parent: stack index of the proxy v belongs to (0: none). */
static proxy *push_proxy(lua_State *L, json_t *v, int owned, int parent)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    switch (json_typeof(v)) {
    case JSON_STRING:
        lua_pushlstring(L, json_string_value(v), json_string_length(v));
        return NULL;
    case JSON_INTEGER:
        lua_pushinteger(L, (lua_Integer)json_integer_value(v));
        return NULL;
    case JSON_REAL:
        lua_pushnumber(L, json_real_value(v));
        return NULL;
    case JSON_TRUE:
        lua_pushboolean(L, 1);
        return NULL;
    case JSON_FALSE:
        lua_pushboolean(L, 0);
        return NULL;
    case JSON_NULL:
        lua_pushnil(L);
        return NULL;
    default:
        break;
    }
    proxy *par = parent ? lua_touserdata(L, parent) : NULL;
    int kind = !par ? owned : par->owned == 0 ? 0 : par->owned >= 3 ? 4 : 2;
    if (kind >= 3) return push_pooled(L, ls, v, kind);
    int anchor = kind == 2; /* children of a scoped root need no anchor: the epoch guards them */
    proxy *p = lua_newuserdatauv(L, sizeof *p, anchor ? 1 : 0);
    p->v = v;
    p->owned = kind;
    p->epoch = kind >= 3 ? ls->epoch : 0;
    if (anchor) {
        lua_pushvalue(L, parent);
        lua_setiuservalue(L, -2, 1);
    }
    if (kind == 1) json_incref(v);
    lua_rawgeti(L, LUA_REGISTRYINDEX, kind == 1 ? ls->mt_root : ls->mt_child);
    lua_setmetatable(L, -2);
    return p;
}

void kazi_json_push_proxy(lua_State *L, json_t *v, int owned)
{
    push_proxy(L, v, owned ? 1 : 0, 0);
}

kazi_json_scope *kazi_json_push_scoped(lua_State *L, json_t *v)
{
    return push_proxy(L, v, 3, 0);
}

void kazi_json_scope_end(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    ls->epoch++;
    ls->pool_used = 0;
}

/* The JSON value behind a proxy at idx, or NULL if it is not one. */
json_t *kazi_json_proxied(lua_State *L, int idx)
{
    proxy *p = luaL_testudata(L, idx, PROXY_MT);
    if (!p) p = luaL_testudata(L, idx, PROXY_CHILD_MT);
    if (p && p->owned >= 3 && p->epoch != kazi_lstate_of(L)->epoch) return NULL;
    return p ? p->v : NULL;
}

/* Metamethods are reachable only through the proxies' (hidden) metatables, so
 * argument 1 is always a proxy; proxy_next is handed out by __pairs and checks. */
static proxy *self(lua_State *L)
{
    proxy *p = lua_touserdata(L, 1);
    if (p->owned >= 3 && p->epoch != kazi_lstate_of(L)->epoch)
        luaL_error(L, "this record belonged to an earlier call and can no longer be read");
    return p;
}

static int proxy_index(lua_State *L)
{
    proxy *p = self(L);
    json_t *child = NULL;
    if (json_is_object(p->v)) {
        size_t klen;
        const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &klen) : NULL;
        if (key && json_object_size(p->v) <= 8) {
            /* small records: a scan beats hashing the key */
            for (void *it = json_object_iter(p->v); it; it = json_object_iter_next(p->v, it)) {
                const char *k = json_object_iter_key(it);
                if (k[0] == key[0] && json_object_iter_key_len(it) == klen &&
                    !memcmp(k, key, klen)) {
                    child = json_object_iter_value(it);
                    break;
                }
            }
        } else if (key) {
            child = json_object_get(p->v, key);
        }
    } else if (lua_isinteger(L, 2)) {
        lua_Integer i = lua_tointeger(L, 2);
        if (i >= 1 && (size_t)i <= json_array_size(p->v))
            child = json_array_get(p->v, (size_t)i - 1);
    }
    if (!child) {
        lua_pushnil(L);
        return 1;
    }
    push_proxy(L, child, 0, 1);
    return 1;
}

static int proxy_newindex(lua_State *L)
{
    return luaL_error(L, "this table is read-only (it belongs to Kazi, not to the plugin)");
}

static int proxy_len(lua_State *L)
{
    proxy *p = self(L);
    lua_pushinteger(L, json_is_array(p->v) ? (lua_Integer)json_array_size(p->v)
                                           : (lua_Integer)json_object_size(p->v));
    return 1;
}

static int proxy_next(lua_State *L)
{
    json_t *v = kazi_json_proxied(L, 1);
    if (!v) return luaL_argerror(L, 1, "expected a Kazi record or list");
    if (json_is_array(v)) {
        lua_Integer i = lua_isnil(L, 2) ? 0 : luaL_checkinteger(L, 2);
        if (i < 0 || (size_t)i >= json_array_size(v)) return 0;
        lua_pushinteger(L, i + 1);
        push_proxy(L, json_array_get(v, (size_t)i), 0, 1);
        return 2;
    }
    void *it = lua_isnil(L, 2)
                   ? json_object_iter(v)
                   : json_object_iter_next(v, json_object_iter_at(v, luaL_checkstring(L, 2)));
    if (!it) return 0;
    lua_pushstring(L, json_object_iter_key(it));
    push_proxy(L, json_object_iter_value(it), 0, 1);
    return 2;
}

static int proxy_pairs(lua_State *L)
{
    self(L);
    lua_pushcfunction(L, proxy_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int proxy_gc(lua_State *L)
{
    proxy *p = lua_touserdata(L, 1);
    if (p->owned == 1) json_decref(p->v);
    p->v = NULL;
    return 0;
}

static int proxy_tostring(lua_State *L)
{
    proxy *p = self(L);
    lua_pushfstring(L, "%s (read-only)", json_is_array(p->v) ? "list" : "record");
    return 1;
}

static const luaL_Reg proxy_meta[] = {
    {"__index", proxy_index}, {"__newindex", proxy_newindex}, {"__len", proxy_len},
    {"__pairs", proxy_pairs}, {"__tostring", proxy_tostring}, {NULL, NULL},
};

void kazi_json_push_table(lua_State *L, const json_t *v)
{
    luaL_checkstack(L, 4, "JSON too deep");
    size_t i;
    const char *k;
    json_t *x;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        lua_createtable(L, 0, (int)json_object_size(v));
        json_object_foreach((json_t *)v, k, x)
        {
            kazi_json_push_table(L, x);
            lua_setfield(L, -2, k);
        }
        return;
    case JSON_ARRAY:
        lua_createtable(L, (int)json_array_size(v), 0);
        json_array_foreach(v, i, x)
        {
            kazi_json_push_table(L, x);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        return;
    default:
        kazi_json_push_proxy(L, (json_t *)v, 0);
        return;
    }
}

/* The two proxy metatables, kept in the registry (ls->mt_root, ls->mt_child). */
void kazi_json_proxy_open(lua_State *L)
{
    luaL_newmetatable(L, PROXY_MT);
    luaL_setfuncs(L, proxy_meta, 0);
    lua_pushcfunction(L, proxy_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    kazi_lstate_of(L)->mt_root = luaL_ref(L, LUA_REGISTRYINDEX);
    luaL_newmetatable(L, PROXY_CHILD_MT);
    luaL_setfuncs(L, proxy_meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    kazi_lstate_of(L)->mt_child = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* ---- Lua to JSON ----------------------------------------------------------------- */

/* Convert without raising: on a problem, *err gets a message and NULL is returned
 * with everything built so far released. NULL with *err unset: skip (a function). */
static json_t *from_lua(lua_State *L, int idx, int depth, const char **err)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return json_null();
    case LUA_TBOOLEAN:
        return json_boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return json_integer((json_int_t)lua_tointeger(L, idx));
        if (!isfinite(lua_tonumber(L, idx))) return json_null();
        return json_real(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        json_t *j = json_stringn(s, n);
        if (!j) *err = "text is not valid UTF-8";
        return j;
    }
    case LUA_TUSERDATA: {
        json_t *v = kazi_json_proxied(L, idx);
        if (v) return json_deep_copy(v);
        if (luaL_testudata(L, idx, PROXY_MT) || luaL_testudata(L, idx, PROXY_CHILD_MT))
            *err = "a record of an earlier call cannot be returned"; /* never dropped silently */
        return NULL;
    }
    case LUA_TTABLE:
        break;
    default:
        return NULL; /* functions, threads: not data */
    }
    if (depth > MAX_DEPTH) {
        *err = "table nested too deeply (more than 64 levels, or a table that contains itself)";
        return NULL;
    }
    /* A table may hold the same subtable many times (t = {t, t} twenty times over is
     * a million values): count what is converted, and read the deadline as it goes. */
    kazi_lstate *ls = kazi_lstate_of(L);
    if (++ls->convert_nodes > MAX_CONVERT) {
        *err = "table too large to convert (more than 1,000,000 values)";
        return NULL;
    }
    if ((ls->convert_nodes & 4095) == 0 && kazi_guard_expired(ls)) {
        *err = "time limit exceeded while converting the plugin's result";
        return NULL;
    }
    if (kazi_freeze_push_contents(L, idx)) { /* a frozen table: its contents */
        json_t *j = from_lua(L, -1, depth, err);
        lua_pop(L, 1);
        return j;
    }
    if (!lua_checkstack(L, 4)) {
        *err = "table nested too deeply";
        return NULL;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    int is_array = 1;
    lua_Integer count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n)
            is_array = 0;
        lua_pop(L, 1);
    }
    if (count == 0) return json_array();
    if (is_array && count == n) {
        json_t *a = json_array();
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, i);
            json_t *x = from_lua(L, -1, depth + 1, err);
            lua_pop(L, 1);
            if (*err) {
                json_decref(a);
                return NULL;
            }
            if (x) json_array_append_new(a, x);
        }
        return a;
    }
    json_t *o = json_object();
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        char key[64];
        const char *k;
        if (lua_type(L, -2) == LUA_TSTRING) {
            k = lua_tostring(L, -2);
        } else if (lua_isinteger(L, -2)) {
            snprintf(key, sizeof key, "%lld", (long long)lua_tointeger(L, -2));
            k = key;
        } else {
            lua_pop(L, 1);
            continue;
        }
        json_t *x = from_lua(L, -1, depth + 1, err);
        if (!*err && x && json_object_set_new(o, k, x) < 0) *err = "a key is not valid UTF-8";
        if (*err) {
            lua_pop(L, 2);
            json_decref(o);
            return NULL;
        }
        lua_pop(L, 1);
    }
    return o;
}

json_t *kazi_json_convert(lua_State *L, int idx)
{
    const char *err = NULL;
    kazi_lstate_of(L)->convert_nodes = 0;
    json_t *j = from_lua(L, idx, 0, &err);
    kazi_lstate_of(L)->convert_error = err;
    return err ? NULL : j;
}

json_t *kazi_json_from_lua(lua_State *L, int idx)
{
    const char *err = NULL;
    kazi_lstate_of(L)->convert_nodes = 0;
    json_t *j = from_lua(L, idx, 0, &err);
    if (err) luaL_error(L, "%s", err);
    return j;
}
