/*
 * stack — the server's threads get a deep stack, whoever creates them.
 * Debian builds libcivetweb with USE_STACK_SIZE=102400: the worker threads that run
 * every request, and every plugin call in one, get 100 KiB. Lua stops recursion through
 * C functions (pcall, a gsub callback, an __index function, require) only at about 200
 * nested C calls, which needs more than that: a report recursing through pcall killed
 * the server (api.plugins, "recursion through C functions"). libcivetweb sets the size
 * through pthread_attr_setstacksize, called through the dynamic linker; the kazi program
 * defines that function, so its definition is the one libcivetweb gets: a size smaller
 * than KAZI_DEEP_STACK is raised to it, then handed to the C library's. A stack's pages
 * are taken only as they are used; 8 MiB is what glibc gives a thread by default.
 * Linked into the kazi program only, like main.c: the core library's unit tests keep
 * the sizes they ask for (test_thread makes a thread as small as libcivetweb's).
 */
#define _GNU_SOURCE
#include "util/thread.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>

static int (*libc_setstacksize)(pthread_attr_t *, size_t);
static pthread_once_t found = PTHREAD_ONCE_INIT;

static void find_libc(void)
{
    void *fn = dlsym(RTLD_NEXT, "pthread_attr_setstacksize");
    memcpy(&libc_setstacksize, &fn, sizeof fn);
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
    pthread_once(&found, find_libc);
    if (!libc_setstacksize) return ENOSYS;
    return libc_setstacksize(attr, size < KAZI_DEEP_STACK ? KAZI_DEEP_STACK : size);
}
