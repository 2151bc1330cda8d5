/*
 * A death test, built and run only where the core is built with AddressSanitizer
 * (tests/CMakeLists.txt, "sanitizer death tests"): a small piece of memory that a Lua
 * state's allocator keeps on its free list (core/lua/sandbox.c) stays poisoned until it
 * is handed out again, all but its first word, the link to the next piece
 * (docs/plugins.md, "the Lua free lists").
 *
 * It frees a piece through the state's own allocator, checks that it went onto the
 * list, reads the link word (which must not be reported), then reads the byte after it:
 * AddressSanitizer must stop the program there with a use-after-poison report naming
 * that address. expect_poison.cmake runs it and checks the exit status and the report;
 * "NOT REPORTED" on stdout means the read went through.
 */
#include <sanitizer/asan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/internal.h"

#define PIECE 48 /* a small piece: one of the allocator's size classes */

int main(void)
{
    kazi_lstate *ls = calloc(1, sizeof *ls);
    if (!ls) return 2;
    ls->mem_limit = 64u << 20;
    ls->max_instructions = 1000000;
    lua_State *L = kazi_sandbox_new(ls);
    if (!L) return 2;
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    unsigned char *p = f(ud, NULL, LUA_TTABLE, PIECE);
    if (!p) return 2;
    memset(p, 0x5a, PIECE);
    f(ud, p, PIECE, 0); /* freed by Lua: kept for reuse */
    int kept = 0;
    for (size_t c = 0; c < sizeof ls->small / sizeof ls->small[0]; c++)
        kept |= ls->small[c] == p;
    if (!kept) {
        printf("the piece is not on a free list\n");
        return 3;
    }
    /* what ASan's interface says before the read that must stop the program */
    if (__asan_region_is_poisoned(p, sizeof(void *))) {
        printf("the link word is poisoned\n");
        return 3;
    }
    if (__asan_region_is_poisoned(p + sizeof(void *), PIECE - sizeof(void *)) !=
            p + sizeof(void *) ||
        !__asan_address_is_poisoned(p + PIECE - 1)) {
        printf("the piece is not poisoned after its link word\n");
        return 3;
    }
    void *volatile link = *(void *volatile *)p;
    (void)link;
    printf("link word readable\n");
    volatile unsigned char *after = p + sizeof(void *);
    printf("reading %p\n", (void *)after);
    fflush(stdout);
    unsigned char v = *after; /* AddressSanitizer reports use-after-poison here */
    printf("NOT REPORTED (read %u)\n", v);
    kazi_sandbox_close(L);
    free(ls);
    return 0;
}
