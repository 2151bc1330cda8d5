/*
 * thread — running a function on a thread with a deep stack.
 * CivetWeb as Debian builds it gives its worker threads 100 KiB stacks
 * (pthread_attr_setstacksize(0x19000) in libcivetweb), too little for libgit2 — whose
 * ref and reflog code keeps several path buffers per frame — and for anything under
 * AddressSanitizer. Code that needs a deep stack runs through kazi_thread_run_deep.
 * Owns: nothing that outlives a call.
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

#endif
