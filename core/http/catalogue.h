/*
 * catalogue — the plugin API over HTTP: the declared catalogue (read-only), the list
 * of reports and running one (JSON or CSV).
 * Owns: these routes and the hook through which the access layer gives a request's
 * org-unit scope to reports.
 * Uses: lua/runtime, domain/plugins, http/request.
 * Thread-safety: handlers run on any worker; the scope hook is set once before serving.
 */
#ifndef KAZI_HTTP_CATALOGUE_H
#define KAZI_HTTP_CATALOGUE_H

#include "http/request.h"
#include "store/report.h"

/*
 * The access layer registers this: fill *out with the caller's scope (paths lent for
 * the request's life) from req->auth, return KAZI_OK or a negative code. Until one is
 * registered, reports see the whole country (routes still require authentication).
 */
typedef int (*kazi_report_scope_fn)(kazi_report_scope *out, const kazi_req *req);
void kazi_reports_set_scope(kazi_report_scope_fn fn);

#endif
