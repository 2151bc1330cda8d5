/*
 * caller — the bridge from the access layer's authenticated principal (req->auth) to
 * the registry's kazi_actor (user, audit name, org-unit scope, personal-data right).
 * Owns: that translation (req->auth is the access layer's kazi_principal).
 * Uses: auth/access, http/request, domain/registry.
 * Thread-safety: reentrant; the actor lends strings from the request.
 */
#ifndef KAZI_HTTP_CALLER_H
#define KAZI_HTTP_CALLER_H

#include "domain/registry.h"
#include "http/request.h"

/* Fill *out for the request's principal (strings lent from req). KAZI_EUNAUTH without
 * one. */
int kazi_http_actor(kazi_actor *out, const kazi_req *req);

#endif
