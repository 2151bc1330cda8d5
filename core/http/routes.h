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

#endif
