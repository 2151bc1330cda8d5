/*
 * thread — running a function on a thread with a deep stack.
 * CivetWeb as Debian builds it gives its worker threads 100 KiB stacks
 * (pthread_attr_setstacksize(0x19000) in libcivetweb), too little for libgit2 — whose
 * ref and reflog code keeps several path buffers per frame — and for anything under
 * AddressSanitizer. In the kazi program core/stack.c raises every thread's stack to
 * KAZI_DEEP_STACK, so there the call below runs in place; code that needs a deep stack
 * still runs through kazi_thread_run_deep, for the programs without it (unit tests).
 * A helper (kazi_helper) is one more long-lived thread that a batch hands half of its
 * work to, so that a long computation (rules over every worker) uses two cores.
 * Owns: nothing that outlives a call; a helper's thread until kazi_helper_stop.
 * Uses: pthreads, util/error, util/log.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_UTIL_THREAD_H
#define KAZI_UTIL_THREAD_H

#include <stddef.h>

#define KAZI_DEEP_STACK ((size_t)8 << 20)

/*
 * Run fn(arg) with at least KAZI_DEEP_STACK bytes of stack and return its result: on
 * the calling thread when its stack is that large already, otherwise on a new thread
 * that the caller waits for. On a new thread the caller's request id is bound for
 * logging, and the thread's last error (kazi_error_last) is copied back to the caller's
 * thread when fn returns. fn must not rely on other thread-local state of the caller
 * (e.g. this thread's database connection: pass it in arg). KAZI_ERROR if no thread can
 * be created.
 */
int kazi_thread_run_deep(int (*fn)(void *arg), void *arg);

typedef struct kazi_helper kazi_helper;

/*
 * A second thread (deep stack, the caller's request id) waiting for work, or NULL when
 * the machine has one core or no thread can be made: the caller then does all the work
 * itself. at_exit (may be NULL) runs on the helper's thread when it stops (to release
 * its thread-local state, e.g. kazi_lua_thread_exit).
 */
kazi_helper *kazi_helper_start(void (*at_exit)(void));

/* Run fn(arg) on the helper; at most one piece of work at a time (wait before the next). */
void kazi_helper_post(kazi_helper *h, int (*fn)(void *arg), void *arg);

/* Wait for the posted work and return its result; its error (kazi_error_last) is
 * copied to the caller's thread when it failed. */
int kazi_helper_wait(kazi_helper *h);

/* End the helper's thread (after its at_exit) and free it. NULL is allowed. */
void kazi_helper_stop(kazi_helper *h);

#endif
