/*
 * forwarded — the client's own address when Kazi runs behind its reverse proxy.
 * Owns: whether X-Forwarded-For is trusted (set once, before serving).
 * Uses: http/request (header lookup).
 * Thread-safety: configure before serving; applying it is read-only and per request.
 */
#ifndef KAZI_HTTP_FORWARDED_H
#define KAZI_HTTP_FORWARDED_H

#include "http/request.h"

/* Trust X-Forwarded-For from a loopback peer (kazi serve --behind-tls-proxy), or not
 * (the default: the TCP peer is the client). */
void kazi_forwarded_trust(int on);

/*
 * When trusted and the TCP peer (req->remote_addr) is a loopback address, point
 * req->remote_addr at the last address of X-Forwarded-For — the one the proxy itself
 * wrote — if it is a plain IPv4 or IPv6 address; otherwise leave req->remote_addr.
 * The new value is lent from the request's headers. The access log, the audit trail
 * and the per-address sign-in limit all read req->remote_addr afterwards.
 */
void kazi_forwarded_apply(kazi_req *req);

#endif
