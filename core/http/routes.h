/*
 * routes — the list of every resource's route table, in one place.
 * Owns: which tables the server serves.
 * Uses: each core/http/<resource>.c's exported table.
 * Thread-safety: constant data.
 */
#ifndef KAZI_HTTP_ROUTES_H
#define KAZI_HTTP_ROUTES_H

#include "http/router.h"

/* Build the router from every table; `with_test_routes` adds the test-only table
 * (enabled by KAZI_TEST_ROUTES=1 in the environment of `kazi serve`). */
int kazi_routes_install(int with_test_routes);

/* Allow each client address `per_minute` public certificate checks a minute (0: no
 * limit); more are refused with 429 and Retry-After. Call before serving; without a
 * call there is no limit (in-process tests). KAZI_ERROR if memory runs out. */
int kazi_routes_verify_limit(int per_minute);

#endif
