/*
 * internal — what the lua/ modules share and nothing above lua/ may see: the
 * per-state record, the sandbox, limited calls, JSON <-> Lua conversion and the
 * `kazi` API table.
 * Thread-safety: a lua_State and its record belong to one thread.
 */
#ifndef KAZI_LUA_INTERNAL_H
#define KAZI_LUA_INTERNAL_H

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

#include "config/source.h"
#include "lua/runtime.h"
#include "store/report.h"
#include "util/record.h"

/* Registry keys (light userdata addresses would do; strings read better in errors). */
#define KAZI_REG_FNS     "kazi.fns"     /* "certification:<id>" → function, ... */
#define KAZI_REG_LOADED  "kazi.loaded"  /* require cache: module name → value */
#define KAZI_REG_LOADING "kazi.loading" /* modules whose file is running: name → true */
#define KAZI_REG_ENVMT   "kazi.envmt"   /* metatable of every file's _ENV */
#define KAZI_REG_GLOBAL  "kazi.global"  /* the shared read-only globals */

/* One per lua_State, reachable through lua_getextraspace. */
typedef struct kazi_lstate {
    const kazi_config_source *config, *plugins;
    const json_t *catalogue_ro; /* the generation's catalogue, once built (lent) */
    const kazi_lua_gen *gen;    /* the generation this state belongs to (lent) */
    json_t *catalogue;          /* being declared while loading (owned) */
    int loading;
    size_t mem_used, mem_limit;
    int mem_exceeded;
    int64_t budget_left;
    int budget_exceeded;
    char where[160];                /* last position seen by the hook, "file:line" */
    const kazi_report_scope *scope; /* during a report run */
    int in_report;
    int report_denied; /* a q() of this run was refused by the report authorizer */
    int64_t max_instructions, load_instructions;
    /* 1: rule items counted from their first instruction (no watch: sandbox.c) */
    int exact_budget;
    int mt_root, mt_child;          /* registry refs of the proxies' metatables */
    int lent_ref;                   /* registry ref of the lent proxies, by value address */
    int mt_record;                  /* registry ref of the record proxies' metatable */
    struct kazi_strcache *strcache; /* short texts of records already made Lua strings */
    uint64_t epoch;                 /* record proxies are readable while this is unchanged */
    int pool_ref;                   /* registry ref of the pool of record proxies */
    int pool_used, pool_size;       /* handed out in this scope / created so far */
    /* guard.c: the call's wall-clock limits and the recovery point of the panic handler */
    int64_t time_ms, batch_time_ms, load_time_ms; /* limits (0: defaults of guard.c) */
    int64_t deadline_ns;                          /* CLOCK_MONOTONIC_COARSE; 0: no call running */
    int64_t call_deadline_ns;                     /* the whole call's (a batch's) deadline */
    int64_t limit_ms;      /* the limit that deadline_ns enforces, for messages */
    int64_t call_limit_ms; /* the limit of the whole call (a batch's) */
    int time_exceeded;
    size_t grown_since_check;  /* bytes allocated since the allocator last read the clock */
    uint32_t ticks;            /* C work (pattern steps, comparisons) since the last check */
    int64_t convert_nodes;     /* values converted to JSON in this conversion */
    const char *convert_error; /* why the last kazi_json_convert returned NULL (static text) */
    jmp_buf *recover;          /* where the panic handler jumps; NULL: no guarded call */
    int broken;                /* a panic happened: the state must never be used again */
    void *small[16];           /* sandbox.c: free pieces of memory by size class */
    size_t small_kept;         /* bytes on those lists */
} kazi_lstate;

static inline kazi_lstate *kazi_lstate_of(lua_State *L)
{
    return *(kazi_lstate **)lua_getextraspace(L);
}

/* Create a sandboxed state (safe libraries, read-only shared tables, the kazi
 * table, require over the sources). NULL when out of memory. `ls` must outlive it. */
lua_State *kazi_sandbox_new(kazi_lstate *ls);

/* Close a state made by kazi_sandbox_new and free the memory its allocator kept. */
void kazi_sandbox_close(lua_State *L);

/* Load every file of the plugins then the configuration (lib/ excluded, sorted),
 * each with its own _ENV, under the load budget. KAZI_EPLUGIN on failure. */
int kazi_sandbox_load_all(lua_State *L);

/* Call the function below `nargs` arguments with the per-call budget and memory cap;
 * on error pops it and sets KAZI_EPLUGIN ("file:line: message"). The caller must
 * then discard the state. */
int kazi_sandbox_call(lua_State *L, int nargs, int nresults);

/* As kazi_sandbox_call for a batch: the whole call gets the batch time limit, and each
 * item (kazi_sandbox_item_begin) the per-call budget and time limit within it. */
int kazi_sandbox_call_batch(lua_State *L, int nargs, int nresults);

/* The real-time signal of the watch's timers (taken at the first rule evaluation unless
 * the process already has a handler for it; then dossiers run hooked). */
#define KAZI_LUA_WATCH_SIGNAL (SIGRTMIN + 4)

/* Free this thread's watch timer (sandbox.c: rule items run unhooked, watched by a
 * per-thread timer that sets the count hook on an item still running after 5-10 ms). */
void kazi_sandbox_thread_exit(void);

/* This thread's rule items started without the hook, and how many of them the watch
 * then had to count (kazi_lua_thread_watch_counts). */
void kazi_sandbox_watch_counts(uint64_t *unhooked, uint64_t *counted);

/* Inside a batch call: give the next item a fresh instruction budget and the per-call
 * time limit (never past the batch's own deadline). */
void kazi_sandbox_item_begin(lua_State *L);

/* ---- guard.c: limits that hold inside C --------------------------------------------- */

/* The monotonic coarse clock in nanoseconds (a vDSO read, a few ns). */
int64_t kazi_guard_now_ns(void);

/* Start the wall-clock limit of a call (ms; 0: the state's per-call default), and stop
 * it. Calls nest: a protected call inside a call keeps the outer deadline if sooner. */
void kazi_guard_start(kazi_lstate *ls, int64_t ms);
void kazi_guard_stop(kazi_lstate *ls);

/* 1 when the running call is past its deadline (and marks it), without raising. */
int kazi_guard_expired(kazi_lstate *ls);

/* Raise the call's time-limit error when past the deadline; else return. */
void kazi_guard_check(lua_State *L);

/* Charge `steps` units of C work (pattern steps, comparisons) to the instruction
 * budget, reading the clock every few thousand; raises when either limit is spent. */
void kazi_guard_charge(lua_State *L, uint32_t steps);

/* Raise "file:line: <message>" naming the first Lua frame (C functions have none). */
int kazi_guard_error(lua_State *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The message handler of every call: strings stay; any other error value becomes a
 * plain string without running a metamethod ("error object is a table"). */
int kazi_guard_msgh(lua_State *L);

/* Push (and return) a text for the value at idx without running any metamethod:
 * strings and numbers as themselves, true/false/nil, else "a table" and the like. */
const char *kazi_guard_describe(lua_State *L, int idx);

/* The state's panic handler: jumps to the running call's recovery point. */
int kazi_guard_panic(lua_State *L);

/* Replace, in the raw libraries (before the sandbox copies them), the functions whose
 * C loops the count hook cannot interrupt: patterns (pattern.c), rep, sort, move,
 * and deadline gates in front of the linear ones. Raises on memory failure. */
void kazi_guard_open(lua_State *L);

/* pattern.c: string.find, match, gmatch, gsub with our own matcher that charges its
 * steps (kazi_guard_charge); sets them in the table on top of the stack. */
void kazi_pattern_open(lua_State *L);

/* Translate the error object on top of the stack (popped) into the last error. */
int kazi_sandbox_error(lua_State *L, const char *what);

/* Call the function below `nargs` arguments as one item of a batch already running
 * under kazi_sandbox_call (a dossier of a rule batch): on error the error object is
 * popped, the last error is set (KAZI_EPLUGIN, "file:line: message", the file in its
 * field, the line in its position) and the budget is re-armed for the next item;
 * nothing is pushed. KAZI_OK with nresults values otherwise. `where`: the function's
 * "file:line" when the caller knows it (read once for the whole batch), NULL to have a
 * call hook read it as the function starts. */
int kazi_sandbox_item_call(lua_State *L, int nargs, int nresults, const char *where);

/* ---- freeze.c: nothing one call does is seen by the next ---- */

/* Install the frozen-aware next, rawget, rawlen, getmetatable and setmetatable into
 * the globals table at `globals` (during setup). */
void kazi_freeze_open(lua_State *L, int globals);

/* While loading: make the module value at idx, and every table it reaches, read-only
 * and snapshot the upvalues it reaches. Raises on a kept coroutine. */
void kazi_freeze_module(lua_State *L, int idx);

/* While loading, after each file: put the modules' upvalues back as their require left
 * them. */
void kazi_freeze_restore_modules(lua_State *L);

/* After the whole configuration loaded: freeze every table the declared functions and
 * the modules reach and snapshot their upvalues. KAZI_EPLUGIN on failure. */
int kazi_freeze_after_load(lua_State *L);

/* Push the upvalue snapshot of the declared function at fn (every upvalue when it has
 * none of its own); returns its stack index. */
int kazi_freeze_push_restore(lua_State *L, int fn);

/* Put back the upvalues of the snapshot at `list` (kazi_freeze_push_restore). Cheap:
 * allocates nothing; call it after each call or each dossier. */
void kazi_freeze_restore(lua_State *L, int list);

/* Put back every upvalue of the configuration (after hooks, reports and tests). */
void kazi_freeze_restore_all(lua_State *L);

/* When the value at idx is a frozen table, push the table holding its contents (for C
 * code that reads tables raw) and return 1; else push nothing and return 0. Cheap for
 * tables without a metatable. */
int kazi_freeze_push_contents(lua_State *L, int idx);

/* ---- lua/proxy.c: JSON to Lua and back ---- */

/* Register the proxy metatables in a new state (before any proxy is pushed). */
void kazi_json_proxy_open(lua_State *L);

/* Push a read-only proxy of a JSON value (scalars are pushed as Lua values).
 * `owned`: the proxy holds references (values the caller may free later). */
void kazi_json_push_proxy(lua_State *L, json_t *v, int owned);

/* A call-scoped read-only proxy of a compact record (a dossier): lent (no reference
 * taken, no finaliser), and unreadable once kazi_record_scope_end is called, so a
 * plugin that keeps it gets an error instead of a dangling pointer. The cheapest way to
 * hand Lua a record: the proxy objects of a scope come from a per-state pool that the
 * next scope reuses, so a batch of dossiers allocates (and the collector sweeps)
 * nothing per record, and a member is read from the record's one allocation. A proxy a
 * plugin kept past its scope either fails to read (its slot was not handed out again)
 * or reads a record of the current call — never an earlier call's data, and never
 * writably. `r` must outlive the scope. */
void kazi_record_push_scoped(lua_State *L, const kazi_record *r);
void kazi_record_scope_end(lua_State *L);

/* The JSON value behind a JSON proxy at idx (lent), or NULL if the value is not one. */
json_t *kazi_json_proxied(lua_State *L, int idx);

/* A new copy of the value behind a readable proxy (JSON or record) at idx, or NULL. */
json_t *kazi_json_proxy_copy(lua_State *L, int idx);

/* 'a' when the value at idx is a readable proxy of a list, 'o' of a record, else 0. */
int kazi_json_proxy_shape(lua_State *L, int idx);

/* Push a JSON value as plain, mutable Lua tables. */
void kazi_json_push_table(lua_State *L, const json_t *v);

/* Convert the Lua value at idx into JSON (functions skipped; proxies unwrapped).
 * NULL with a Lua error raised (so only call inside Lua-protected code). */
json_t *kazi_json_from_lua(lua_State *L, int idx);

/* Open the `kazi` table into the table on top of the stack. */
void kazi_api_open(lua_State *L);

/* After every file loaded: cross-check declarations (references, minimum standards).
 * KAZI_EPLUGIN naming the declaration's file and line. Findings of a standard the
 * configuration set to "warning" (kazi.standards) do not fail: they go to the
 * catalogue's "warnings" array as {file, line, message, standard, severity}. */
int kazi_api_check(json_t *catalogue);

/* A new, empty catalogue object. */
json_t *kazi_api_catalogue_new(void);

/* Normalise a rule's results (ok at okidx, missing after it) into *eligible and a new
 * array *missing, without raising: -1 with err filled on a malformed answer. */
int kazi_api_rule_collect(lua_State *L, int okidx, int *eligible, json_t **missing, char *err,
                          size_t errsize);

/* As kazi_api_rule_collect without building JSON: *eligible and *nmissing only. */
int kazi_api_rule_count(lua_State *L, int okidx, int *eligible, size_t *nmissing, char *err,
                        size_t errsize);

/* Convert like kazi_json_from_lua but never raise: NULL on a problem (or a function). */
json_t *kazi_json_convert(lua_State *L, int idx);

#endif
