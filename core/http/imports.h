/*
 * imports (http) — /api/v1/imports and /api/v1/exports; background import jobs.
 * Owns: the job table and the job threads.
 * Uses: domain/import, domain/export, http/server.
 * Thread-safety: the job table is guarded by one lock.
 */
#ifndef KAZI_HTTP_IMPORTS_H
#define KAZI_HTTP_IMPORTS_H

/* Wait until every background import thread has returned (and freed its Lua states
 * and connection). The HTTP fuzzer calls it after each input so that LeakSanitizer
 * does not see a job still running as a leak. */
void kazi_http_imports_drain(void);

#endif
