/*
 * fault — named crash points for the drills, compiled only into test builds.
 * Owns: the check of $KAZI_FAULT at a named point.
 * Uses: getenv, kill.
 * Thread-safety: any thread; the check only reads the environment.
 *
 * A build configured with -DKAZI_FAULT_INJECTION=ON (scripts/build does, the release
 * build in docs/deployment.md does not) defines KAZI_FAULT_INJECTION, and each
 * KAZI_FAULT("area.point") kills the process with SIGKILL when $KAZI_FAULT names that
 * point (a comma-separated list may name several). Why SIGKILL of our own process
 * rather than a simulated error: it is exactly what `kill -9` or a power cut does at
 * that instant — no cleanup handler, no atexit, no unwinding — so a drill proves what
 * start-up recovery makes of it, deterministically instead of by racing a timer.
 * In any other build the macro is empty and costs nothing.
 */
#ifndef KAZI_UTIL_FAULT_H
#define KAZI_UTIL_FAULT_H

#ifdef KAZI_FAULT_INJECTION
/* Kill the process with SIGKILL if $KAZI_FAULT names `point`; return otherwise. */
void kazi_fault_point(const char *point);
#define KAZI_FAULT(point) kazi_fault_point(point)
#define KAZI_FAULT_BUILD  1
#else
#define KAZI_FAULT(point) ((void)0)
#define KAZI_FAULT_BUILD  0
#endif

#endif
