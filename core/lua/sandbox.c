/*
 * sandbox — Lua states that plugins cannot escape: only safe libraries, text-only
 * chunks with their own _ENV, read-only shared tables, a require that sees only the
 * configuration's and plugins/' lib/ folders, an instruction budget (count hook; for
 * the dossiers of a rule batch, set by a per-thread watch once one runs long) and a
 * memory cap (allocator) on every call. The JSON proxies it hands plugins are in
 * lua/proxy.c.
 * Owns: the state's allocator, hook, watch, globals and require.
 * Uses: Lua 5.4 (only lua/ includes lua.h), config/source, util/.
 * Thread-safety: a state is used by one thread at a time.
 */
#include "lua/internal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HOOK_EVERY 1000
#define WATCH_TICK_NS                                                                              \
    5000000                 /* the watch's tick (below): an item running at two ticks is counted */
#define MAX_CALL_DEPTH 1000 /* Lua frames; deeper recursion is an error, not a memory failure */
/* bytes allocated between two reads of the deadline */
#define CLOCK_EVERY (1u << 20)

/* ---- limits ---------------------------------------------------------------- */

/* Small pieces (tables, short strings, closures: most of what a rule makes and drops
 * for every dossier) are kept on per-state free lists by size class and handed out
 * again, instead of going through malloc and free each time; what the lists hold is
 * bounded (SMALL_KEPT) and freed with the state (kazi_sandbox_close). The memory cap
 * counts what Lua asked for, as before. Under AddressSanitizer a kept piece is
 * poisoned until it is handed out again, all but its link word, so a use after free is
 * still caught (tests/sanitize/lua_free_list_poison.c). */
#define SMALL_MAX  256
#define SMALL_STEP 16
#define SMALL_KEPT (4u << 20)
#if defined(__SANITIZE_ADDRESS__)
#define SMALL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMALL_ASAN 1
#endif
#endif
#ifdef SMALL_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

_Static_assert(sizeof(((kazi_lstate *)0)->small) / sizeof(void *) == SMALL_MAX / SMALL_STEP,
               "one free list per size class");

static size_t small_class(size_t size)
{
    return (size - 1) / SMALL_STEP;
}

/* A piece of `size` (<= SMALL_MAX) bytes, or NULL. */
static void *small_get(kazi_lstate *ls, size_t size)
{
    size_t c = small_class(size);
    void *p = ls->small[c];
    if (p) {
        UNPOISON(p, (c + 1) * SMALL_STEP);
        ls->small[c] = *(void **)p;
        ls->small_kept -= (c + 1) * SMALL_STEP;
        return p;
    }
    return malloc((c + 1) * SMALL_STEP);
}

static void small_put(kazi_lstate *ls, void *p, size_t size)
{
    size_t c = small_class(size);
    if (ls->small_kept >= SMALL_KEPT) {
        free(p);
        return;
    }
    *(void **)p = ls->small[c];
    ls->small[c] = p;
    ls->small_kept += (c + 1) * SMALL_STEP;
    /* the link stays readable: LeakSanitizer follows it to the rest of the list (a state
     * still open at exit would otherwise report its kept pieces as leaked) */
    POISON((char *)p + sizeof(void *), (c + 1) * SMALL_STEP - sizeof(void *));
}

/* The pieces of memory, Lua's or the free lists' (osize: what Lua last asked for). */
static void *pieces(kazi_lstate *ls, void *ptr, size_t osize, size_t nsize)
{
    int was_small = ptr && osize <= SMALL_MAX;
    int small = nsize && nsize <= SMALL_MAX;
    if (!was_small && !small) {
        if (nsize) return realloc(ptr, nsize);
        free(ptr);
        return NULL;
    }
    if (was_small && small && small_class(osize) == small_class(nsize)) return ptr;
    void *p = NULL;
    if (nsize) {
        p = small ? small_get(ls, nsize) : malloc(nsize);
        /* Shrinking never fails: the piece stays as it is, big enough (freed later as
         * its new size says, onto a list whose pieces it is larger than). */
        if (!p) return nsize <= osize ? ptr : NULL;
        if (ptr) memcpy(p, ptr, osize < nsize ? osize : nsize);
    }
    if (ptr) {
        if (was_small)
            small_put(ls, ptr, osize);
        else
            free(ptr);
    }
    return p;
}

static void watch_stop(lua_State *L);
static void watch_count(kazi_lstate *ls);

void kazi_sandbox_close(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    watch_stop(L);
    lua_close(L);
    for (size_t c = 0; c < sizeof ls->small / sizeof ls->small[0]; c++) {
        while (ls->small[c]) {
            void *p = ls->small[c];
            UNPOISON(p, (c + 1) * SMALL_STEP);
            ls->small[c] = *(void **)p;
            free(p);
        }
    }
    ls->small_kept = 0;
}

static void *alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    kazi_lstate *ls = ud;
    if (!ptr) osize = 0;
    if (nsize == 0) {
        pieces(ls, ptr, osize, 0);
        ls->mem_used -= osize;
        return NULL;
    }
    if (nsize > osize) {
        /* One piece may use at most a quarter of the cap: a string or table that large
         * makes single VM instructions (comparisons, concatenations) slow. */
        if (ls->mem_used - osize + nsize > ls->mem_limit || nsize > ls->mem_limit / 4) {
            ls->mem_exceeded = 1;
            return NULL;
        }
        /* Work that allocates (string.rep, concatenation, table.concat, load) reads the
         * deadline as it grows: refusing to grow is how an allocator stops C code. */
        size_t grow = nsize - osize;
        /* Past the deadline every larger piece is refused, so Lua's retry after its
         * emergency collection fails too; small ones (error messages) still succeed. */
        if (grow >= 4096 && ls->time_exceeded && ls->deadline_ns) return NULL;
        ls->grown_since_check += grow;
        if (ls->grown_since_check >= CLOCK_EVERY) {
            ls->grown_since_check = 0;
            watch_count(ls); /* deep recursion allocates: its depth is checked from here on */
            if (kazi_guard_expired(ls) && grow >= 4096) return NULL;
        }
    }
    void *p = pieces(ls, ptr, osize, nsize);
    if (p) ls->mem_used = ls->mem_used - osize + nsize;
    return p;
}

static void where_of(lua_State *L, lua_Debug *ar, char *buf, size_t size)
{
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
        snprintf(buf, size, "%s:%d", ar->short_src, ar->currentline);
}

static void hook(lua_State *L, lua_Debug *ar)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    if (ar->event == LUA_HOOKCALL || ar->event == LUA_HOOKTAILCALL) {
        /* Armed at every entry until the first plugin function starts (entries often go
         * through a C trampoline first): its file and line place an error raised from C
         * before the count hook ever ran (the allocator refusing to grow past the
         * deadline), which would otherwise name no file. Then count only. */
        if (lua_getinfo(L, "S", ar) && ar->linedefined > 0) {
            snprintf(ls->where, sizeof ls->where, "%s:%d", ar->short_src, ar->linedefined);
            lua_sethook(L, hook, LUA_MASKCOUNT, ls->budget_exceeded ? 1 : HOOK_EVERY);
        }
        return;
    }
    lua_Debug here;
    if (lua_getstack(L, 0, &here)) where_of(L, &here, ls->where, sizeof ls->where);
    if (lua_getstack(L, MAX_CALL_DEPTH, &here)) {
        lua_pushfstring(L, "%s: recursion too deep (more than %d nested calls)", ls->where,
                        MAX_CALL_DEPTH);
        lua_error(L);
    }
    ls->budget_left -= ls->budget_exceeded ? 1 : HOOK_EVERY;
    if (ls->budget_left >= 0 && !ls->budget_exceeded && !kazi_guard_expired(ls)) return;
    if (!ls->budget_exceeded) {
        /* From now on fire on every instruction, so a plugin that catches the error
         * with pcall cannot go on: the next instruction outside it fails again. */
        ls->budget_exceeded = 1;
        lua_sethook(L, hook, LUA_MASKCOUNT, 1);
    }
    if (ls->time_exceeded)
        lua_pushfstring(L, "%s: time limit exceeded (the plugin ran longer than %d ms)", ls->where,
                        (int)ls->limit_ms);
    else
        lua_pushfstring(L, "%s: instruction budget exceeded (the plugin ran too long)", ls->where);
    lua_error(L);
}

/* ---- the watch: rule evaluations run without the hook ---------------------------------
 *
 * With a count hook set, Lua 5.4 routes every VM instruction through its hook check
 * (luaG_traceexec), about a tenth of a small rule's cost. So the dossiers of a rule batch
 * run with no hook at all, and a per-thread timer ticks every WATCH_TICK_NS while the
 * batch runs: its signal, delivered to this thread, finds whether the same dossier was
 * running at the tick before, and if so sets the count hook on the state (lua_sethook
 * may be called from a signal handler: lua.c stops a script on SIGINT that way). From
 * then on the hook counts the budget and reads the deadline exactly as in every other
 * call. A rule that loops is therefore stopped as before, only counted from its first
 * 5-10 ms instead of its first instruction; a dossier that takes less is never hooked.
 * Coroutines (their own Lua threads, which the watch does not see) are always counted
 * (co_counted). The handler runs on the thread it interrupts, so it never races with
 * the state's owner; it touches only the state registered in this thread's watch, which
 * is cleared before the call returns. Where no timer can be had (or the configuration
 * asks for an exact budget), items run hooked as before. */
static struct {
    pthread_once_t once;
    int signo;         /* 0: no watch in this process */
    pthread_key_t key; /* its destructor deletes a thread's timer as the thread ends */
} watch_setup = {PTHREAD_ONCE_INIT, 0, 0};

static _Thread_local struct {
    timer_t timer;
    int made;                      /* 1: timer created, -1: cannot be, 0: not tried */
    lua_State *volatile L;         /* the state watched; NULL: none */
    volatile sig_atomic_t item;    /* bumped at each item */
    volatile sig_atomic_t seen;    /* item at the last tick */
    uint64_t unhooked;             /* items started without the hook */
    volatile sig_atomic_t counted; /* of those, hooked by the watch (tick or allocation) */
} watch;

static void watch_tick(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    int saved = errno;
    lua_State *L = watch.L;
    if (L) {
        if (watch.item == watch.seen && !lua_gethookmask(L)) {
            lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
            watch.counted++;
        }
        watch.seen = watch.item;
    }
    errno = saved;
}

static void watch_timer_delete(void *unused)
{
    (void)unused;
    if (watch.made == 1) timer_delete(watch.timer);
    watch.made = 0;
}

static void watch_init(void)
{
    if (pthread_key_create(&watch_setup.key, watch_timer_delete) != 0) return;
    int signo = KAZI_LUA_WATCH_SIGNAL;
    struct sigaction old;
    if (signo > SIGRTMAX || sigaction(signo, NULL, &old) != 0) return;
    if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler != SIG_DFL) return; /* someone's */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = watch_tick;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(signo, &sa, NULL) == 0) watch_setup.signo = signo;
}

/* Watch L (this thread's items): 1 when watched, 0 when items must run hooked. */
static int watch_start(lua_State *L)
{
    if (watch.L == L) return 1;
    if (watch.L) return 0; /* another state of this thread is being watched */
    if (!watch.made) {
        pthread_once(&watch_setup.once, watch_init);
        watch.made = -1;
        struct sigevent ev;
        memset(&ev, 0, sizeof ev);
        ev.sigev_notify = SIGEV_THREAD_ID;
        ev.sigev_signo = watch_setup.signo;
        ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
        if (watch_setup.signo && timer_create(CLOCK_MONOTONIC, &ev, &watch.timer) == 0) {
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, watch_setup.signo);
            pthread_sigmask(SIG_UNBLOCK, &set, NULL);
            pthread_setspecific(watch_setup.key, &watch); /* any non-NULL value */
            watch.made = 1;
        }
    }
    if (watch.made != 1) return 0;
    watch.seen = watch.item;
    watch.L = L;
    atomic_signal_fence(memory_order_seq_cst);
    struct itimerspec it = {{0, WATCH_TICK_NS}, {0, WATCH_TICK_NS}};
    if (timer_settime(watch.timer, 0, &it, NULL) == 0) return 1;
    watch.L = NULL;
    return 0;
}

static void watch_stop(lua_State *L)
{
    if (!L || watch.L != L) return;
    watch.L = NULL; /* a tick still on its way finds nothing to arm */
    atomic_signal_fence(memory_order_seq_cst);
    struct itimerspec off;
    memset(&off, 0, sizeof off);
    timer_settime(watch.timer, 0, &off, NULL);
}

/* A watched item that allocated CLOCK_EVERY bytes is counted from now on, without
 * waiting for a tick: unbounded recursion grows the stack and its frames by that much in
 * far less than a tick, and the hook's depth check then stops it ("recursion too deep")
 * before the memory cap does. Same thread as the item (the allocator's caller). */
static void watch_count(kazi_lstate *ls)
{
    lua_State *L = watch.L;
    if (L && kazi_lstate_of(L) == ls && !lua_gethookmask(L)) {
        lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
        watch.counted++;
    }
}

void kazi_sandbox_thread_exit(void)
{
    watch_stop(watch.L);
    if (watch.made == 1) pthread_setspecific(watch_setup.key, NULL);
    watch_timer_delete(NULL);
}

void kazi_sandbox_watch_counts(uint64_t *unhooked, uint64_t *counted)
{
    *unhooked = watch.unhooked;
    *counted = (uint64_t)watch.counted;
}

/* coroutine.create and coroutine.wrap (upvalue 1: Lua's): the new coroutine counts its
 * instructions from its first, whatever the hook of the thread that made it. */
static int co_counted(lua_State *L)
{
    lua_CFunction make = lua_tocfunction(L, lua_upvalueindex(1));
    make(L);
    lua_State *co = lua_tothread(L, -1);
    if (!co && lua_getupvalue(L, -1, 1)) { /* wrap: the coroutine is its closure's upvalue */
        co = lua_tothread(L, -1);
        lua_pop(L, 1);
    }
    if (co && !lua_gethookmask(co)) {
        kazi_lstate *ls = kazi_lstate_of(L);
        lua_sethook(co, hook, LUA_MASKCOUNT, ls->budget_exceeded ? 1 : HOOK_EVERY);
    }
    return 1;
}

static void split_position(const char *msg, char *file, size_t fsize, int *line)
{
    /* "file.lua:12: message" → file, 12 */
    *line = 0;
    file[0] = '\0';
    const char *c = strstr(msg, ".lua:");
    if (!c) return;
    const char *d = c + 5;
    if (!isdigit((unsigned char)*d)) return;
    size_t n = (size_t)(c + 4 - msg);
    if (n >= fsize) n = fsize - 1;
    memcpy(file, msg, n);
    file[n] = '\0';
    *line = atoi(d);
}

int kazi_sandbox_error(lua_State *L, const char *what)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    char msg[480];
    if (ls->time_exceeded &&
        !(lua_type(L, -1) == LUA_TSTRING && strstr(lua_tostring(L, -1), "limit exceeded"))) {
        /* the allocator refused to grow past the deadline: Lua says "not enough memory" */
        snprintf(msg, sizeof msg, "%s: time limit exceeded (the plugin ran longer than %d ms)",
                 ls->where[0] ? ls->where : "?", (int)ls->limit_ms);
    } else if (ls->mem_exceeded) {
        snprintf(msg, sizeof msg,
                 "%s: memory limit exceeded (%zu MiB): the plugin allocated too much",
                 ls->where[0] ? ls->where : "?", ls->mem_limit >> 20);
    } else if (lua_type(L, -1) == LUA_TSTRING) {
        snprintf(msg, sizeof msg, "%s", lua_tostring(L, -1));
    } else {
        /* kazi_guard_msgh made every error a string; this is only a safety net, and
         * reads nothing through a metamethod */
        snprintf(msg, sizeof msg, "%s: error (%s)", ls->where, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    char file[128];
    int line;
    split_position(msg, file, sizeof file, &line);
    int rc = kazi_error_set_slug(KAZI_EPLUGIN, "plugin_error", file[0] ? file : NULL, "%s%s%s",
                                 what ? what : "", what ? ": " : "", msg);
    if (line > 0) kazi_error_set_position(line, 0);
    return rc;
}

/* Every entry into a state: the budget, the deadline and the hook on; errors turned
 * into plain strings by a message handler that runs no plugin code; the panic handler's
 * recovery point set, so an error that escapes every pcall fails the call (and marks
 * the state broken) instead of aborting the process. */
static int call_with(lua_State *L, int nargs, int nresults, int64_t budget, int64_t ms)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    if (ls->broken)
        return kazi_error_set_slug(KAZI_EPLUGIN, "plugin_error", NULL,
                                   "the plugin's Lua state failed earlier and cannot be used");
    jmp_buf recover, *volatile outer = ls->recover;
    volatile int watched = watch.L == L; /* a call inside a watched item leaves the watch on */
    if (setjmp(recover)) {
        ls->recover = outer;
        if (!watched) watch_stop(L);
        kazi_guard_stop(ls);
        return kazi_error_set_slug(KAZI_EPLUGIN, "plugin_error", NULL,
                                   "%s: the plugin's Lua state failed beyond recovery (discarded)",
                                   ls->where[0] ? ls->where : "?");
    }
    ls->recover = &recover;
    int base = lua_gettop(L) - nargs; /* the function */
    lua_pushcfunction(L, kazi_guard_msgh);
    lua_insert(L, base);
    ls->budget_left = budget;
    ls->budget_exceeded = 0;
    ls->mem_exceeded = 0;
    ls->where[0] = '\0';
    kazi_guard_start(ls, ms);
    lua_sethook(L, hook, LUA_MASKCALL | LUA_MASKCOUNT, HOOK_EVERY);
    int rc = lua_pcall(L, nargs, nresults, base);
    if (!watched) watch_stop(L); /* first: no tick may set the hook once it is cleared */
    lua_sethook(L, NULL, 0, 0);
    lua_remove(L, base);
    rc = rc == LUA_OK ? KAZI_OK : kazi_sandbox_error(L, NULL);
    kazi_guard_stop(ls);
    ls->recover = outer;
    return rc;
}

int kazi_sandbox_call(lua_State *L, int nargs, int nresults)
{
    return call_with(L, nargs, nresults, kazi_lstate_of(L)->max_instructions, 0);
}

int kazi_sandbox_call_batch(lua_State *L, int nargs, int nresults)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    return call_with(L, nargs, nresults, ls->max_instructions,
                     ls->batch_time_ms > 0 ? ls->batch_time_ms : 10000);
}

void kazi_sandbox_item_begin(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    ls->budget_left = ls->max_instructions;
    if (ls->budget_exceeded) {
        ls->budget_exceeded = 0;
        lua_sethook(L, lua_gethook(L), LUA_MASKCOUNT, HOOK_EVERY);
    }
    if (!ls->call_deadline_ns) return;
    int64_t ms = ls->time_ms > 0 ? ls->time_ms : 1000;
    int64_t d = kazi_guard_now_ns() + ms * 1000000;
    ls->deadline_ns = d < ls->call_deadline_ns ? d : ls->call_deadline_ns;
    ls->limit_ms = d < ls->call_deadline_ns ? ms : ls->call_limit_ms;
    ls->time_exceeded = 0;
}

/* ---- the sandbox's globals --------------------------------------------------------- */

/* load(chunk [, name [, mode [, env]]]): text only, and the environment must be
 * given explicitly so a loaded chunk never sees more than its caller chose. */
static int safe_load(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    if (!lua_istable(L, 4))
        return luaL_error(L, "load needs an explicit environment table (4th argument)");
    char chunkname[96];
    snprintf(chunkname, sizeof chunkname, "=(load %s)",
             name[0] == '=' || name[0] == '@' ? name + 1 : name);
    if (luaL_loadbufferx(L, s, len, chunkname, "t") != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushvalue(L, 4);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return 1;
}

/* setmetatable without finalisers: Lua runs __gc with hooks disabled, so a finaliser
 * could loop beyond the instruction budget. */
static int safe_setmetatable(lua_State *L)
{
    if (lua_istable(L, 2)) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "finalisers (__gc) are not allowed in plugins");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int safe_collectgarbage(lua_State *L)
{
    static const char *const opts[] = {"count", "collect", "step", NULL};
    int o = luaL_checkoption(L, 1, "collect", opts);
    if (o == 0) {
        lua_pushnumber(L, (lua_Number)kazi_lstate_of(L)->mem_used / 1024.0);
        return 1;
    }
    lua_gc(L, LUA_GCCOLLECT);
    lua_pushinteger(L, 0);
    return 1;
}

static int safe_print(lua_State *L)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_Debug ar;
    char where[160] = "";
    if (lua_getstack(L, 1, &ar)) where_of(L, &ar, where, sizeof where);
    kazi_log(KAZI_LOG_DEBUG, NULL, "plugin %s: %s", where, lua_tostring(L, -1));
    return 0;
}

static int os_time(lua_State *L)
{
    if (lua_isnoneornil(L, 1)) {
        lua_pushinteger(L, (lua_Integer)(kazi_clock_now_ms() / 1000));
        return 1;
    }
    /* os.time{year=...}: Lua's own conversion, reached through the registry. */
    lua_getfield(L, LUA_REGISTRYINDEX, "kazi.os_time");
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    return 1;
}

static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "'%s' cannot be changed: shared tables are read-only",
                      lua_isstring(L, 2) ? lua_tostring(L, 2) : "?");
}

/* Replace the table on top of the stack with an empty read-only proxy of it. */
static void make_readonly(lua_State *L)
{
    lua_newtable(L);          /* proxy */
    lua_createtable(L, 0, 3); /* mt */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, -2);
}

/* Environment of every file: reads fall through to the shared globals; globals may be
 * set only while the configuration loads, so no call can leave state for the next. */
static int env_newindex(lua_State *L)
{
    if (!kazi_lstate_of(L)->loading)
        return luaL_error(L, "cannot set global '%s' outside loading: use a local variable",
                          lua_isstring(L, 2) ? lua_tostring(L, 2) : "?");
    lua_rawset(L, 1);
    return 0;
}

/* Push a new _ENV for one file. */
static void push_env(lua_State *L)
{
    lua_newtable(L);
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_ENVMT);
    lua_setmetatable(L, -2);
    lua_pushliteral(L, "_G");
    lua_pushvalue(L, -2);
    lua_rawset(L, -3);
}

/* Read, compile (text only) and run one file with its own _ENV; raises on failure.
 * Leaves nresults values. */
static void run_chunk(lua_State *L, const kazi_config_source *src, const char *path,
                      const char *prefix, int nresults)
{
    char *buf = NULL;
    size_t len = 0;
    if (src->read(src, path, &buf, &len) < 0)
        luaL_error(L, "%s%s: %s", prefix, path, kazi_error_last()->message);
    char chunkname[600];
    snprintf(chunkname, sizeof chunkname, "@%s%s", prefix, path);
    int st = luaL_loadbufferx(L, buf, len, chunkname, "t");
    free(buf);
    if (st != LUA_OK) lua_error(L);
    push_env(L);
    lua_setupvalue(L, -2, 1);
    lua_call(L, 0, nresults);
}

typedef struct {
    const kazi_config_source *src;
    const char *path, *prefix;
} file_job;

static int file_protected(lua_State *L)
{
    file_job *j = lua_touserdata(L, 1);
    run_chunk(L, j->src, j->path, j->prefix, 0);
    kazi_freeze_restore_modules(L); /* what this file did to a module is not seen by the next */
    return 0;
}

static int valid_module(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 100 || name[0] == '.' || name[n - 1] == '.') return 0;
    for (const char *p = name; *p; p++) {
        if (*p == '.' && p[1] == '.') return 0;
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.') return 0;
    }
    return 1;
}

/* Mark module `name` as running its file (on) or done (off). A require of a module
 * still running is a cycle: an error, not a recursion down to Lua's C-call limit. */
static void loading_mark(lua_State *L, const char *name, int on)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_LOADING) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, KAZI_REG_LOADING);
    }
    if (on) {
        if (lua_getfield(L, -1, name) != LUA_TNIL)
            luaL_error(L,
                       "require '%s': it is still loading (modules that require each other "
                       "in a cycle)",
                       name);
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    } else {
        lua_pushnil(L);
    }
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

/* require(name): lib/<name with dots as slashes>.lua of the configuration, else of
 * plugins/; nothing else. Cached per state. */
static int safe_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    if (!valid_module(name))
        return luaL_error(L,
                          "require '%s': module names are words separated by dots "
                          "(lib/a/b.lua is require 'a.b')",
                          name);
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_LOADED);
    lua_getfield(L, -1, name);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);
    char path[256];
    snprintf(path, sizeof path, "lib/%s.lua", name);
    for (char *p = path + 4; *p; p++)
        if (*p == '.' && strcmp(p, ".lua") != 0) *p = '/';
    kazi_lstate *ls = kazi_lstate_of(L);
    const kazi_config_source *srcs[2] = {ls->config, ls->plugins};
    const char *prefixes[2] = {"", "plugins/"};
    for (int i = 0; i < 2; i++) {
        const kazi_config_source *src = srcs[i];
        if (!src) continue;
        char *buf;
        size_t len;
        if (src->read(src, path, &buf, &len) < 0) continue;
        free(buf);
        if (!ls->loading)
            return luaL_error(L,
                              "require '%s' at run time: require modules at the top of a file, "
                              "while the configuration loads",
                              name);
        loading_mark(L, name, 1);
        run_chunk(L, src, path, prefixes[i], 1);
        loading_mark(L, name, 0);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushboolean(L, 1);
        }
        kazi_freeze_module(L, -1); /* read-only from now on: no file changes another's */
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, name);
        return 1;
    }
    return luaL_error(L, "require '%s': no %s in the configuration or plugins/", name, path);
}

static void copy_fields(lua_State *L, const char *lib, const char *const *names)
{
    /* new table with the chosen fields of the library `lib` (a global of the raw state) */
    lua_getglobal(L, lib);
    lua_newtable(L);
    for (const char *const *n = names; *n; n++) {
        lua_getfield(L, -2, *n);
        lua_setfield(L, -2, *n);
    }
    lua_remove(L, -2);
}

static int setup(lua_State *L)
{
    /* Open the safe libraries into the raw state's globals, then build the sandbox's
     * globals from chosen functions of them; the raw globals are never reachable. */
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_OSLIBNAME, luaopen_os},     {NULL, NULL}};
    for (const luaL_Reg *l = libs; l->name; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    kazi_guard_open(L); /* before the sandbox copies any library function */
    lua_getglobal(L, LUA_COLIBNAME);
    for (const char *const *n = (const char *const[]){"create", "wrap", NULL}; *n; n++) {
        lua_getfield(L, -1, *n);
        lua_pushcclosure(L, co_counted, 1);
        lua_setfield(L, -2, *n);
    }
    lua_pop(L, 1);
    kazi_json_proxy_open(L);

    lua_getglobal(L, "os");
    lua_getfield(L, -1, "time");
    lua_setfield(L, LUA_REGISTRYINDEX, "kazi.os_time");
    lua_pop(L, 1);

    lua_newtable(L); /* G: the shared globals */
    static const char *const base[] = {"assert",   "error",    "ipairs", "next",   "pairs",
                                       "pcall",    "rawequal", "rawget", "rawlen", "select",
                                       "tonumber", "tostring", "type",   "xpcall", "getmetatable",
                                       "_VERSION", NULL};
    for (const char *const *n = base; *n; n++) {
        lua_getglobal(L, *n);
        lua_setfield(L, -2, *n);
    }
    lua_pushcfunction(L, safe_load);
    lua_setfield(L, -2, "load");
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, safe_setmetatable, 1);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, safe_collectgarbage);
    lua_setfield(L, -2, "collectgarbage");
    lua_pushcfunction(L, safe_print);
    lua_setfield(L, -2, "print");
    lua_pushcfunction(L, safe_require);
    lua_setfield(L, -2, "require");
    kazi_freeze_open(L, -1);

    static const char *const string_fns[] = {
        "byte", "char",    "find", "format", "gmatch", "gsub",     "len",    "lower", "match",
        "rep",  "reverse", "sub",  "upper",  "pack",   "packsize", "unpack", NULL};
    static const char *const table_fns[] = {"concat", "insert", "move",   "pack",
                                            "remove", "sort",   "unpack", NULL};
    static const char *const math_fns[] = {
        "abs",  "ceil",       "cos",       "deg",        "exp",  "floor", "fmod", "huge",   "log",
        "max",  "maxinteger", "min",       "mininteger", "modf", "pi",    "rad",  "random", "sin",
        "sqrt", "tan",        "tointeger", "type",       "ult",  "atan",  "asin", "acos",   NULL};
    static const char *const utf8_fns[] = {"char", "charpattern", "codes", "codepoint",
                                           "len",  "offset",      NULL};
    static const char *const co_fns[] = {"create", "isyieldable", "resume", "running", "status",
                                         "wrap",   "yield",       "close",  NULL};
    static const char *const os_fns[] = {"clock", "date", "difftime", NULL};
    struct {
        const char *lib;
        const char *const *fns;
    } shared[] = {{"string", string_fns}, {"table", table_fns},  {"math", math_fns},
                  {"utf8", utf8_fns},     {"coroutine", co_fns}, {"os", os_fns}};
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        copy_fields(L, shared[i].lib, shared[i].fns);
        if (!strcmp(shared[i].lib, "os")) {
            lua_pushcfunction(L, os_time);
            lua_setfield(L, -2, "time");
        }
        if (!strcmp(shared[i].lib, "string")) {
            /* Methods on strings ("x"):upper() use this trimmed table too, and the
             * string metatable is hidden so it cannot be changed. */
            lua_pushstring(L, "");
            lua_getmetatable(L, -1);
            lua_pushvalue(L, -3);
            lua_setfield(L, -2, "__index");
            lua_pushboolean(L, 0);
            lua_setfield(L, -2, "__metatable");
            lua_pop(L, 2);
        }
        make_readonly(L);
        lua_setfield(L, -2, shared[i].lib);
    }
    lua_newtable(L);
    kazi_api_open(L);
    make_readonly(L);
    lua_setfield(L, -2, "kazi");
    lua_setfield(L, LUA_REGISTRYINDEX, KAZI_REG_GLOBAL);

    lua_createtable(L, 0, 3); /* metatable of every file's _ENV */
    lua_getfield(L, LUA_REGISTRYINDEX, KAZI_REG_GLOBAL);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setfield(L, LUA_REGISTRYINDEX, KAZI_REG_ENVMT);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, KAZI_REG_LOADED);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, KAZI_REG_FNS);

    /* Drop the raw globals so nothing reaches the full libraries. */
    lua_pushglobaltable(L);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, -4);
    }
    lua_pop(L, 1);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    return 0;
}

/* os.time{...} and os.date convert with the C library's local time, and glibc re-reads
 * /etc/localtime on every conversion when TZ is unset — a file read per call that made
 * date rules several times slower. Naming that same file in TZ once keeps the zone
 * (and the meaning of every conversion) and lets glibc load it only once. Done before
 * the first state exists, which `kazi serve` builds before it starts its workers. */
static void pin_timezone(void)
{
    if (!getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
    tzset();
}

lua_State *kazi_sandbox_new(kazi_lstate *ls)
{
    static pthread_once_t tz_once = PTHREAD_ONCE_INIT;
    pthread_once(&tz_once, pin_timezone);
    lua_State *L = lua_newstate(alloc, ls);
    if (!L) return NULL;
    *(kazi_lstate **)lua_getextraspace(L) = ls;
    lua_atpanic(L, kazi_guard_panic);
    lua_gc(L, LUA_GCGEN, 0, 0);
    lua_pushcfunction(L, setup);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        kazi_sandbox_close(L);
        return NULL;
    }
    return L;
}

static int is_entry_file(const char *path)
{
    size_t n = strlen(path);
    if (n < 5 || strcmp(path + n - 4, ".lua") != 0) return 0;
    if (!strncmp(path, "lib/", 4)) return 0;
    return 1;
}

static int load_source(lua_State *L, const kazi_config_source *src, const char *prefix,
                       int64_t load_deadline)
{
    char **paths = NULL;
    int rc = src->list(src, &paths);
    if (rc < 0) return rc;
    kazi_lstate *ls = kazi_lstate_of(L);
    for (char **p = paths; *p && rc == KAZI_OK; p++) {
        if (!is_entry_file(*p)) continue;
        file_job j = {src, *p, prefix};
        lua_pushcfunction(L, file_protected);
        lua_pushlightuserdata(L, &j);
        int64_t left_ms = (load_deadline - kazi_guard_now_ns()) / 1000000;
        rc = call_with(L, 1, 0, ls->budget_left, left_ms > 0 ? left_ms : 1);
        if (ls->budget_left < 0) ls->budget_left = 0;
    }
    kazi_config_paths_free(paths);
    return rc;
}

int kazi_sandbox_load_all(lua_State *L)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    int rc = KAZI_OK;
    ls->loading = 1;
    ls->budget_left = ls->load_instructions;
    /* the whole load shares one deadline, as it shares one budget */
    int64_t d = kazi_guard_now_ns() + (ls->load_time_ms > 0 ? ls->load_time_ms : 10000) * 1000000;
    if (ls->plugins) rc = load_source(L, ls->plugins, "plugins/", d);
    if (rc == KAZI_OK && ls->config) rc = load_source(L, ls->config, "", d);
    ls->loading = 0;
    if (rc == KAZI_OK) rc = kazi_freeze_after_load(L);
    return rc;
}

/* ---- one item of a batch ------------------------------------------------------------ */

int kazi_sandbox_item_call(lua_State *L, int nargs, int nresults, const char *where)
{
    kazi_lstate *ls = kazi_lstate_of(L);
    int base = lua_gettop(L) - nargs;
    if (where) { /* known: no call hook (its lua_getinfo cost as much as a small rule) */
        size_t len = strlen(where);
        if (len >= sizeof ls->where) len = sizeof ls->where - 1;
        memcpy(ls->where, where, len);
        ls->where[len] = '\0';
        if (!ls->exact_budget && watch_start(L)) {
            /* no hook: the watch sets it if this item is still running two ticks on */
            watch.item++;
            watch.unhooked++;
            if (lua_gethookmask(L)) lua_sethook(L, NULL, 0, 0);
        } else if (lua_gethookmask(L) != LUA_MASKCOUNT || lua_gethookcount(L) != HOOK_EVERY) {
            lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
        }
    } else {
        ls->where[0] = '\0';
        lua_sethook(L, hook, LUA_MASKCALL | LUA_MASKCOUNT, HOOK_EVERY);
    }
    lua_pushcfunction(L, kazi_guard_msgh);
    lua_insert(L, base);
    int st = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    if (st == LUA_OK) return KAZI_OK;
    int rc = kazi_sandbox_error(L, NULL);
    /* The item failed; the batch goes on with the next one under a fresh budget (the
     * hook may have been re-armed to fire on every instruction). Nothing the failed item
     * did remains: module tables are frozen and the caller restores the upvalues. */
    ls->budget_exceeded = 0;
    ls->mem_exceeded = 0;
    ls->where[0] = '\0';
    lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
    return rc;
}
