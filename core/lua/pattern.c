/*
 * pattern — Lua 5.4 patterns for string.find, match, gmatch and gsub, written for
 * Kazi so that matching counts its work: a backtracking pattern such as
 * ("a*"):rep(20) .. "b" costs exponential time in C, where the count hook never runs.
 * Every character test and every backtrack is a step charged to the call's
 * instruction budget (kazi_guard_charge), which also reads the deadline; past either
 * limit the call fails with a clean error. Plain searches use memmem (linear).
 * Owns: nothing beyond one call. Uses: Lua 5.4, guard.c.
 * Thread-safety: a state is used by one thread at a time.
 */
#define _GNU_SOURCE /* memmem */
#include "lua/internal.h"

#include <ctype.h>
#include <string.h>

#define MAX_CAPTURES 32  /* as Lua's LUA_MAXCAPTURES */
#define MAX_RECURSE  200 /* nested pattern items, as Lua's MAXCCALLS */
#define CAP_OPEN     (-1)
#define CAP_POS      (-2)
#define ESC          '%'

typedef struct {
    lua_State *L;
    const char *s0, *s1; /* subject [s0, s1) */
    const char *p1;      /* end of the pattern */
    int depth_left;
    uint32_t steps; /* not yet charged */
    int ncap;
    struct {
        const char *at;
        ptrdiff_t len; /* CAP_OPEN, CAP_POS or a length */
    } cap[MAX_CAPTURES];
} matcher;

/* One step of matching; every 1,024 are charged (the budget, the clock). */
static inline void step(matcher *m)
{
    if (++m->steps < 1024) return;
    m->steps = 0;
    kazi_guard_charge(m->L, 1024);
}

/* The character at p, or '\0' past the end (Lua strings end with a zero byte, and
 * the reference matcher reads it there). */
static int at(const char *p, const char *end)
{
    return p < end ? (unsigned char)*p : 0;
}

static int class_has(int c, int cl)
{
    int r;
    switch (tolower(cl)) {
    case 'a':
        r = isalpha(c);
        break;
    case 'c':
        r = iscntrl(c);
        break;
    case 'd':
        r = isdigit(c);
        break;
    case 'g':
        r = isgraph(c);
        break;
    case 'l':
        r = islower(c);
        break;
    case 'p':
        r = ispunct(c);
        break;
    case 's':
        r = isspace(c);
        break;
    case 'u':
        r = isupper(c);
        break;
    case 'w':
        r = isalnum(c);
        break;
    case 'x':
        r = isxdigit(c);
        break;
    case 'z':
        r = c == 0;
        break; /* deprecated in Lua 5.2, still accepted by 5.4 */
    default:
        return cl == c;
    }
    r = r != 0;
    return isupper(cl) ? !r : r;
}

/* [set] from p ('[') to close (its ']'). */
static int set_has(int c, const char *p, const char *close)
{
    int want = 1;
    p++;
    if (*p == '^') {
        want = 0;
        p++;
    }
    for (; p < close; p++) {
        if (*p == ESC && p + 1 < close) {
            p++;
            if (class_has(c, (unsigned char)*p)) return want;
        } else if (p + 2 < close && p[1] == '-') {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return want;
            p += 2;
        } else if ((unsigned char)*p == c) {
            return want;
        }
    }
    return !want;
}

/* The end of the single-character class starting at p. */
static const char *item_end(matcher *m, const char *p)
{
    char c = *p++;
    if (c == ESC) {
        if (p >= m->p1) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (p < m->p1 && *p == '^') p++;
        /* the first character of a set is itself, even ']' */
        do {
            if (p >= m->p1) luaL_error(m->L, "malformed pattern (missing ']')");
            c = *p++;
            if (c == ESC && p < m->p1) p++;
        } while (p >= m->p1 || *p != ']');
        return p + 1;
    }
    return p;
}

/* Does the subject character at s match the class [p, ep)? */
static int one(matcher *m, const char *s, const char *p, const char *ep)
{
    step(m);
    if (s >= m->s1) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.':
        return 1;
    case ESC:
        return class_has(c, (unsigned char)p[1]);
    case '[':
        return set_has(c, p, ep - 1);
    default:
        return (unsigned char)*p == c;
    }
}

static const char *match(matcher *m, const char *s, const char *p);

static const char *balance(matcher *m, const char *s, const char *p)
{
    if (p + 1 >= m->p1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->s1 || *s != p[0]) return NULL;
    char open = p[0], close = p[1];
    int level = 1;
    while (++s < m->s1) {
        step(m);
        if (*s == close) {
            if (--level == 0) return s + 1;
        } else if (*s == open) {
            level++;
        }
    }
    return NULL;
}

static const char *greedy(matcher *m, const char *s, const char *p, const char *ep)
{
    ptrdiff_t n = 0;
    while (one(m, s + n, p, ep))
        n++;
    for (; n >= 0; n--) {
        const char *r = match(m, s + n, ep + 1);
        if (r) return r;
    }
    return NULL;
}

static const char *lazy(matcher *m, const char *s, const char *p, const char *ep)
{
    for (;;) {
        const char *r = match(m, s, ep + 1);
        if (r) return r;
        if (!one(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *open_capture(matcher *m, const char *s, const char *p, ptrdiff_t what)
{
    if (m->ncap >= MAX_CAPTURES) luaL_error(m->L, "too many captures");
    m->cap[m->ncap].at = s;
    m->cap[m->ncap].len = what;
    m->ncap++;
    const char *r = match(m, s, p);
    if (!r) m->ncap--;
    return r;
}

static const char *close_capture(matcher *m, const char *s, const char *p)
{
    int i = m->ncap - 1;
    while (i >= 0 && m->cap[i].len != CAP_OPEN)
        i--;
    if (i < 0) luaL_error(m->L, "invalid pattern capture");
    m->cap[i].len = s - m->cap[i].at;
    const char *r = match(m, s, p);
    if (!r) m->cap[i].len = CAP_OPEN;
    return r;
}

static int capture_index(matcher *m, int digit)
{
    int i = digit - '1';
    if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", i + 1);
    return i;
}

static const char *backref(matcher *m, const char *s, int digit)
{
    int i = capture_index(m, digit);
    ptrdiff_t len = m->cap[i].len;
    if (len < 0 || m->s1 - s < len) return NULL;
    kazi_guard_charge(m->L, (uint32_t)(len < 1 << 20 ? len + 1 : 1 << 20));
    return memcmp(m->cap[i].at, s, (size_t)len) == 0 ? s + len : NULL;
}

/* Match the pattern [p, p1) at s: the end of the match, or NULL. */
static const char *match(matcher *m, const char *s, const char *p)
{
    if (m->depth_left-- == 0) luaL_error(m->L, "pattern too complex");
    for (;;) {
        step(m);
        if (p >= m->p1) break;
        if (*p == '(') {
            s = p + 1 < m->p1 && p[1] == ')' ? open_capture(m, s, p + 2, CAP_POS)
                                             : open_capture(m, s, p + 1, CAP_OPEN);
            break;
        }
        if (*p == ')') {
            s = close_capture(m, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == m->p1) {
            if (s != m->s1) s = NULL;
            break;
        }
        if (*p == ESC && p + 1 < m->p1) {
            int c = (unsigned char)p[1];
            if (c == 'b') {
                s = balance(m, s, p + 2);
                if (!s) break;
                p += 4;
                continue;
            }
            if (c == 'f') {
                p += 2;
                if (p >= m->p1 || *p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                const char *ep = item_end(m, p);
                int before = s == m->s0 ? 0 : (unsigned char)s[-1];
                int here = at(s, m->s1);
                if (set_has(before, p, ep - 1) || !set_has(here, p, ep - 1)) {
                    s = NULL;
                    break;
                }
                p = ep;
                continue;
            }
            if (isdigit(c)) {
                s = backref(m, s, c);
                if (!s) break;
                p += 2;
                continue;
            }
        }
        /* a single-character class, maybe followed by a quantifier */
        const char *ep = item_end(m, p);
        int q = ep < m->p1 ? *ep : 0;
        if (!one(m, s, p, ep)) {
            if (q == '*' || q == '?' || q == '-') {
                p = ep + 1;
                continue;
            }
            s = NULL;
            break;
        }
        if (q == '?') {
            const char *r = match(m, s + 1, ep + 1);
            if (r) {
                s = r;
                break;
            }
            p = ep + 1;
            continue;
        }
        if (q == '+') {
            s = greedy(m, s + 1, p, ep);
            break;
        }
        if (q == '*') {
            s = greedy(m, s, p, ep);
            break;
        }
        if (q == '-') {
            s = lazy(m, s, p, ep);
            break;
        }
        s++;
        p = ep;
    }
    m->depth_left++;
    return s;
}

static void reset(matcher *m)
{
    m->ncap = 0;
    m->depth_left = MAX_RECURSE;
}

static void begin(matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
    m->L = L;
    m->s0 = s;
    m->s1 = s + ls;
    m->p1 = p + lp;
    m->steps = 0;
    reset(m);
}

/* Push capture i of the match [s, e) (i 0 with no captures: the whole match). */
static void push_capture(matcher *m, int i, const char *s, const char *e)
{
    if (i >= m->ncap) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t len = m->cap[i].len;
    if (len == CAP_OPEN) luaL_error(m->L, "unfinished capture");
    if (len == CAP_POS)
        lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->s0) + 1);
    else
        lua_pushlstring(m->L, m->cap[i].at, (size_t)len);
}

static int push_captures(matcher *m, const char *s, const char *e)
{
    int n = m->ncap == 0 && s ? 1 : m->ncap;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++)
        push_capture(m, i, s, e);
    return n;
}

/* Lua's posrelatI: a 1-based start position from a possibly negative one. */
static size_t start_at(lua_Integer pos, size_t len)
{
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

static int has_specials(const char *p, size_t lp)
{
    for (size_t i = 0; i < lp; i++)
        if (strchr("^$*+?.([%-", p[i]) && p[i]) return 1;
    return 0;
}

static int find_or_match(lua_State *L, int find)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_at(luaL_optinteger(L, 3, 1), ls);
    kazi_guard_check(L);
    if (init > ls + 1) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        kazi_guard_charge(L, (uint32_t)((ls - init + 1) >> 6) + 1);
        const char *r = lp == 0              ? s + init - 1
                        : lp > ls - init + 1 ? NULL
                                             : memmem(s + init - 1, ls - init + 1, p, lp);
        if (!r) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(r - s) + 1);
        lua_pushinteger(L, (lua_Integer)(r - s + (ptrdiff_t)lp));
        return 2;
    }
    matcher m;
    int anchor = lp > 0 && *p == '^';
    if (anchor) {
        p++;
        lp--;
    }
    begin(&m, L, s, ls, p, lp);
    for (const char *at = s + init - 1;; at++) {
        reset(&m);
        const char *e = match(&m, at, p);
        if (e) {
            if (find) {
                lua_pushinteger(L, (lua_Integer)(at - s) + 1);
                lua_pushinteger(L, (lua_Integer)(e - s));
                return push_captures(&m, NULL, NULL) + 2;
            }
            return push_captures(&m, at, e);
        }
        if (anchor || at >= m.s1) break;
    }
    luaL_pushfail(L);
    return 1;
}

static int str_find(lua_State *L)
{
    return find_or_match(L, 1);
}

static int str_match(lua_State *L)
{
    return find_or_match(L, 0);
}

/* gmatch's iterator: upvalues subject, pattern, and a state {next, last match end}. */
typedef struct {
    size_t next;    /* offset where the next search starts */
    ptrdiff_t last; /* offset of the last match's end, or -1 */
    int done;       /* the subject is exhausted */
} gm_state;

static int gmatch_next(lua_State *L)
{
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    gm_state *g = lua_touserdata(L, lua_upvalueindex(3));
    kazi_guard_check(L);
    if (g->done) return 0;
    matcher m;
    begin(&m, L, s, ls, p, lp);
    for (const char *at = s + g->next; at <= m.s1; at++) {
        reset(&m);
        const char *e = match(&m, at, p);
        if (e && e - s != g->last) {
            g->next = (size_t)(e - s);
            g->last = e - s;
            return push_captures(&m, at, e);
        }
    }
    g->done = 1;
    return 0;
}

static int str_gmatch(lua_State *L)
{
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_at(luaL_optinteger(L, 3, 1), ls);
    if (init > ls + 1) init = ls + 1;
    lua_settop(L, 2);
    gm_state *g = lua_newuserdatauv(L, sizeof *g, 0);
    g->next = init - 1;
    g->last = -1;
    g->done = 0;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* Append the replacement text for the match [s, e): repl is a string. */
static void add_text(matcher *m, luaL_Buffer *b, const char *s, const char *e)
{
    lua_State *L = m->L;
    size_t l;
    const char *r = lua_tolstring(L, 3, &l);
    const char *end = r + l;
    while (r < end) {
        const char *pct = memchr(r, ESC, (size_t)(end - r));
        if (!pct) {
            luaL_addlstring(b, r, (size_t)(end - r));
            break;
        }
        luaL_addlstring(b, r, (size_t)(pct - r));
        int c = pct + 1 < end ? (unsigned char)pct[1] : 0;
        if (c == ESC) {
            luaL_addchar(b, ESC);
        } else if (c == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit(c)) {
            push_capture(m, c - '1', s, e);
            luaL_tolstring(L, -1, NULL); /* a position capture is a number */
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", ESC);
        }
        r = pct + 2;
    }
}

/* Append the replacement for the match [s, e); 1 when it changed the text. */
static int add_value(matcher *m, luaL_Buffer *b, const char *s, const char *e, int tr)
{
    lua_State *L = m->L;
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_text(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int str_gsub(lua_State *L)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int tr = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(
        L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
        "string/function/table");
    kazi_guard_check(L);
    int anchor = lp > 0 && *p == '^';
    if (anchor) {
        p++;
        lp--;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    matcher m;
    begin(&m, L, s, ls, p, lp);
    const char *at = s, *last = NULL;
    lua_Integer n = 0;
    int changed = 0;
    while (n < max) {
        reset(&m);
        const char *e = match(&m, at, p);
        if (e && e != last) {
            n++;
            changed |= add_value(&m, &b, at, e, tr);
            at = last = e;
        } else if (at < m.s1) {
            luaL_addchar(&b, *at++);
        } else {
            break;
        }
        if (anchor) break;
    }
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, at, (size_t)(m.s1 - at));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

void kazi_pattern_open(lua_State *L)
{
    static const luaL_Reg fns[] = {{"find", str_find},
                                   {"match", str_match},
                                   {"gmatch", str_gmatch},
                                   {"gsub", str_gsub},
                                   {NULL, NULL}};
    luaL_setfuncs(L, fns, 0);
}
