/*
 * caller — the bridge from the access layer's authenticated principal (req->auth) to
 * the registry's kazi_caller (user, audit name, org-unit scope, personal-data right),
 * and the three handler shapes that call one domain function as that actor: create
 * from a JSON body, read by the path's {id}, change by {id} with a JSON body.
 * Owns: those shapes, so resource files (registry, training, ...) hold only what differs.
 * Uses: auth/access, http/request, store (thread connection), domain/registry.
 * Thread-safety: reentrant; the actor lends strings from the request.
 */
#ifndef KAZI_HTTP_CALLER_H
#define KAZI_HTTP_CALLER_H

#include "domain/registry.h"
#include "http/request.h"

/* Copy the request's caller into *out (strings lent from req). KAZI_EUNAUTH without
 * one. */
int kazi_http_actor(kazi_caller *out, const kazi_req *req);

/* Domain functions the shapes below call (the registry's and training's signatures). */
typedef int (*kazi_http_create_fn)(json_t **out, kazi_db *db, const kazi_caller *actor,
                                   const json_t *in);
typedef int (*kazi_http_read_fn)(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id);
typedef int (*kazi_http_change_fn)(json_t **out, kazi_db *db, const kazi_caller *actor, int64_t id,
                                   const json_t *in);

/* Fill *actor and *db (this thread's connection) for the request. */
int kazi_http_setup(kazi_caller *actor, kazi_db **db, const kazi_req *req);

/* Call FN with the request's JSON object body; reply STATUS with its result. */
int kazi_http_create(kazi_req *req, kazi_resp *resp, kazi_http_create_fn fn, int status);

/* Call FN with the path's {id}; reply 200 with its result, as {"items": result} when
 * WRAP_ITEMS (for functions that return a list). */
int kazi_http_read(kazi_req *req, kazi_resp *resp, kazi_http_read_fn fn, int wrap_items);

/* For actions on the person named by the path's {id} that take more than the body (an
 * override right): fill *actor, *db and *id and parse the JSON object body into *body
 * (lent from req). No domain call: the one the handler makes checks the person's scope
 * before any field (404 outside it, whatever the body). */
int kazi_http_person_body(kazi_caller *actor, kazi_db **db, int64_t *id, json_t **body,
                          kazi_req *req);

/* Call FN with the path's {id} and the JSON object body; reply STATUS with its result. */
int kazi_http_change(kazi_req *req, kazi_resp *resp, kazi_http_change_fn fn, int status);

#endif
