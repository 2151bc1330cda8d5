/*
 * catalogue — the plugin API over HTTP: the declared catalogue (read-only), the list
 * of reports and running one (JSON or CSV).
 * Owns: these routes; a report sees the caller's org-unit scope (req->auth, a
 * kazi_caller) through store/report's kazi_in_scope.
 * Uses: lua/runtime, domain/plugins, auth/access, http/request.
 * Thread-safety: handlers run on any worker.
 */
#ifndef KAZI_HTTP_CATALOGUE_H
#define KAZI_HTTP_CATALOGUE_H

#include "http/request.h"
#include "store/report.h"

#endif
