/*
 * proxy — JSON values handed to Lua and Lua values taken back as JSON. JSON goes to
 * plugins as read-only proxies (a root that holds a reference, or a child anchored to
 * its root) or as plain tables; a rule's dossier goes as a call-scoped proxy of a
 * compact record (util/record) from the state's pool, unreadable once its call ends. A
 * plugin's result comes back through a bounded conversion (depth, number of values, the
 * call's deadline) that unwraps proxies and frozen tables.
 * Owns: the proxy metatables, the per-state pool of record proxies and the Lua-to-JSON
 * conversion.
 * Uses: Lua 5.4 (only lua/ includes lua.h), jansson, util/record, lua/guard (deadline),
 * lua/freeze.
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
 * 2 a child anchored to an owned root. (What a rule reads of its dossier is a record
 * proxy, below.) */
typedef struct {
    json_t *v;
    int owned;
} proxy;

/* Push a proxy for v. parent: stack index of the proxy v belongs to (0: none). */
static proxy *push_proxy(lua_State *L, json_t *v, int owned, int parent)
{
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
    int kind = !par ? owned : par->owned == 0 ? 0 : 2;
    int anchor = kind == 2;
    kazi_lstate *ls = kazi_lstate_of(L);
    if (kind == 0) {
        /* Lent values live as long as the state (the catalogue): one proxy each, made
         * once and handed out again (a rule reading kazi.catalogue().country for every
         * dossier allocated two proxies each time). */
        lua_rawgeti(L, LUA_REGISTRYINDEX, ls->lent_ref);
        if (lua_rawgetp(L, -1, v) == LUA_TUSERDATA) {
            lua_remove(L, -2);
            return lua_touserdata(L, -1);
        }
        lua_pop(L, 1);
        proxy *p = lua_newuserdatauv(L, sizeof *p, 0);
        p->v = v;
        p->owned = 0;
        lua_rawgeti(L, LUA_REGISTRYINDEX, ls->mt_child);
        lua_setmetatable(L, -2);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, -3, v);
        lua_remove(L, -2);
        return p;
    }
    proxy *p = lua_newuserdatauv(L, sizeof *p, anchor ? 1 : 0);
    p->v = v;
    p->owned = kind;
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

/* The JSON value behind a proxy at idx, or NULL if it is not one. */
json_t *kazi_json_proxied(lua_State *L, int idx)
{
    proxy *p = luaL_testudata(L, idx, PROXY_MT);
    if (!p) p = luaL_testudata(L, idx, PROXY_CHILD_MT);
    return p ? p->v : NULL;
}

/* Metamethods are reachable only through the proxies' (hidden) metatables, so
 * argument 1 is always a proxy; proxy_next is handed out by __pairs and checks. */
static proxy *self(lua_State *L)
{
    return lua_touserdata(L, 1);
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

/* ---- records: what a rule reads of its dossier -------------------------------------- */

/* A call-scoped proxy of one node of a compact record (util/record): lent (no
 * reference, no finaliser), readable while the state's epoch is the one it was handed
 * out in. Its objects come from the state's pool, handed out again after
 * kazi_record_scope_end (each stamped with the new epoch); past POOL_MAX in one scope,
 * fresh ones are made (and collected). The metamethods are closures whose upvalue 1
 * is the pool, so handing out a child costs one table read. */
#define RECORD_MT "kazi.record"
#define POOL_MAX  4096

typedef struct {
    const kazi_record *r;
    const kazi_rnode *n;
    uint64_t epoch;
} recp;

/* Short texts (dates, ids, codes: most of what a dossier holds) repeat from one dossier
 * to the next: the last Lua string made for each of STRCACHE of them is kept (in the
 * table at `strs`), found by its bytes, so reading one again costs a table read instead
 * of hashing and interning it. Strings are values: a kept one is the very string Lua
 * would make. */
#define STRCACHE 1024
struct kazi_strcache {
    uint64_t a, b; /* the text's bytes, zero-padded */
    uint32_t len;  /* its length + 1; 0: an empty slot */
};

static void push_text(lua_State *L, kazi_lstate *ls, const char *s, uint32_t len, int strs)
{
    if (len > 16 || !strs) {
        lua_pushlstring(L, s, len);
        return;
    }
    uint64_t a, b; /* records keep KAZI_RECORD_PAD zero bytes after their text */
    memcpy(&a, s, 8);
    memcpy(&b, s + 8, 8);
    if (len < 8) {
        a &= len ? ~0ULL >> (64 - 8 * len) : 0;
        b = 0;
    } else if (len < 16) {
        b &= len > 8 ? ~0ULL >> (64 - 8 * (len - 8)) : 0;
    }
    uint32_t h =
        (uint32_t)(((a ^ (b * 0x9E3779B97F4A7C15ULL) ^ len) * 0xFF51AFD7ED558CCDULL) >> 54);
    struct kazi_strcache *e = &ls->strcache[h];
    if (e->len == len + 1 && e->a == a && e->b == b) {
        lua_rawgeti(L, strs, (lua_Integer)h + 1);
        return;
    }
    lua_pushlstring(L, s, len);
    lua_pushvalue(L, -1);
    lua_rawseti(L, strs, (lua_Integer)h + 1);
    e->a = a;
    e->b = b;
    e->len = len + 1;
}

/* Push the value of node c of r; pool: stack index of the pool table; strs: of the
 * string cache (0: none). */
static void push_rnode(lua_State *L, kazi_lstate *ls, const kazi_record *r, const kazi_rnode *c,
                       int pool, int strs)
{
    switch (c->type) {
    case KAZI_RN_STRING:
        push_text(L, ls, r->text + c->v.at, c->n, strs);
        return;
    case KAZI_RN_INTEGER:
        lua_pushinteger(L, (lua_Integer)c->v.i);
        return;
    case KAZI_RN_REAL:
        lua_pushnumber(L, c->v.d);
        return;
    case KAZI_RN_TRUE:
    case KAZI_RN_FALSE:
        lua_pushboolean(L, c->type == KAZI_RN_TRUE);
        return;
    case KAZI_RN_OBJECT:
    case KAZI_RN_ARRAY:
        break;
    default:
        lua_pushnil(L);
        return;
    }
    recp *p;
    if (ls->pool_used < ls->pool_size) {
        lua_rawgeti(L, pool, ++ls->pool_used);
        p = lua_touserdata(L, -1);
    } else {
        p = lua_newuserdatauv(L, sizeof *p, 0);
        lua_rawgeti(L, LUA_REGISTRYINDEX, ls->mt_record);
        lua_setmetatable(L, -2);
        if (ls->pool_size < POOL_MAX) {
            lua_pushvalue(L, -1);
            lua_rawseti(L, pool, ++ls->pool_size);
            ls->pool_used = ls->pool_size;
        }
    }
    p->r = r;
    p->n = c;
    p->epoch = ls->epoch;
}

void kazi_record_push_scoped(lua_State *L, const kazi_record *r)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ls->pool_ref);
    push_rnode(L, ls, r, &r->nodes[0], lua_gettop(L), 0);
    lua_remove(L, -2);
}

void kazi_record_scope_end(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    ls->epoch++;
    ls->pool_used = 0;
}

/* The record proxy at idx: 1 and *out when readable, -1 when it belonged to an earlier
 * call, 0 when the value is no record proxy. */
static int record_at(lua_State *L, int idx, const recp **out)
{
    const recp *p = luaL_testudata(L, idx, RECORD_MT);
    if (!p) return 0;
    if (p->epoch != kazi_lstate_of(L)->epoch) return -1;
    *out = p;
    return 1;
}

/* Argument 1 of a metamethod is always a record proxy (the metatable is hidden). */
static const recp *record_self(lua_State *L, kazi_lstate *ls)
{
    const recp *p = lua_touserdata(L, 1);
    if (p->epoch != ls->epoch)
        luaL_error(L, "this record belonged to an earlier call and can no longer be read");
    return p;
}

static int record_index(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    const recp *p = record_self(L, ls);
    const kazi_rnode *n = p->n, *c = NULL;
    if (n->type == KAZI_RN_OBJECT) {
        size_t klen;
        const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &klen) : NULL;
        if (key) c = kazi_record_member(p->r, n, key, klen);
    } else if (lua_isinteger(L, 2)) {
        lua_Integer i = lua_tointeger(L, 2);
        if (i >= 1 && i <= (lua_Integer)n->n) c = &p->r->nodes[n->v.at + (uint64_t)i - 1];
    }
    if (!c) {
        lua_pushnil(L);
        return 1;
    }
    push_rnode(L, ls, p->r, c, lua_upvalueindex(1), lua_upvalueindex(2));
    return 1;
}

static int record_len(lua_State *L)
{
    const recp *p = record_self(L, kazi_lstate_of(L));
    lua_pushinteger(L, (lua_Integer)p->n->n);
    return 1;
}

/* upvalue 1: the pool */
static int record_next(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    const recp *p;
    if (record_at(L, 1, &p) <= 0) return luaL_argerror(L, 1, "expected a Kazi record or list");
    const kazi_rnode *n = p->n;
    uint64_t i = 0; /* the position after the given key */
    if (n->type == KAZI_RN_ARRAY) {
        lua_Integer k = lua_isnil(L, 2) ? 0 : luaL_checkinteger(L, 2);
        if (k < 0 || (uint64_t)k >= n->n) return 0;
        lua_pushinteger(L, k + 1);
        push_rnode(L, ls, p->r, &p->r->nodes[n->v.at + (uint64_t)k], lua_upvalueindex(1),
                   lua_upvalueindex(2));
        return 2;
    }
    if (!lua_isnil(L, 2)) {
        size_t klen;
        const char *key = luaL_checklstring(L, 2, &klen);
        const kazi_rnode *c = kazi_record_member(p->r, n, key, klen);
        if (!c) return luaL_error(L, "invalid key to 'next'");
        i = (uint64_t)(c - (p->r->nodes + n->v.at)) + 1;
    }
    if (i >= n->n) return 0;
    const kazi_rnode *c = &p->r->nodes[n->v.at + i];
    lua_pushlstring(L, p->r->text + c->key, c->klen);
    push_rnode(L, ls, p->r, c, lua_upvalueindex(1), lua_upvalueindex(2));
    return 2;
}

/* upvalue 1: record_next (with the pool) */
static int record_pairs(lua_State *L)
{
    record_self(L, kazi_lstate_of(L));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int record_tostring(lua_State *L)
{
    const recp *p = record_self(L, kazi_lstate_of(L));
    lua_pushstring(L, p->n->type == KAZI_RN_ARRAY ? "list (read-only)" : "record (read-only)");
    return 1;
}

static void record_open(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    lua_createtable(L, 64, 0);
    lua_pushvalue(L, -1);
    ls->pool_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    /* the string cache: its strings in a table (upvalue 2 of the metamethods), which
     * also anchors the userdata holding its slots (freed with the state) */
    lua_createtable(L, STRCACHE, 1);
    ls->strcache = lua_newuserdatauv(L, STRCACHE * sizeof *ls->strcache, 0);
    memset(ls->strcache, 0, STRCACHE * sizeof *ls->strcache);
    lua_setfield(L, -2, "slots");
    luaL_newmetatable(L, RECORD_MT);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, record_index, 2);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, record_next, 2);
    lua_pushcclosure(L, record_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushcfunction(L, record_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, proxy_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, record_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    ls->mt_record = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 2);
}

json_t *kazi_json_proxy_copy(lua_State *L, int idx)
{
    const recp *p;
    if (record_at(L, idx, &p) > 0) return kazi_record_to_json(p->r, (uint32_t)(p->n - p->r->nodes));
    json_t *v = kazi_json_proxied(L, idx);
    return v ? json_deep_copy(v) : NULL;
}

int kazi_json_proxy_shape(lua_State *L, int idx)
{
    const recp *p;
    if (record_at(L, idx, &p) > 0) return p->n->type == KAZI_RN_ARRAY ? 'a' : 'o';
    json_t *v = kazi_json_proxied(L, idx);
    return !v ? 0 : json_is_array(v) ? 'a' : 'o';
}

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
    lua_newtable(L); /* the lent proxies, by the address of their value */
    kazi_lstate_of(L)->lent_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    record_open(L);
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
        const recp *p;
        int rec = record_at(L, idx, &p);
        if (rec > 0) {
            json_t *j = kazi_record_to_json(p->r, (uint32_t)(p->n - p->r->nodes));
            if (!j) *err = "out of memory";
            return j;
        }
        if (rec < 0) {
            *err = "a record of an earlier call cannot be returned"; /* never dropped silently */
            return NULL;
        }
        json_t *v = kazi_json_proxied(L, idx);
        return v ? json_deep_copy(v) : NULL;
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
