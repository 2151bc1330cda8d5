/*
 * metrics — request counters and latency histograms in Prometheus text format.
 * Owns: the counters (per route, method and status), the histogram, the gauge of
 * open connections.
 * Uses: http/router for route names.
 * Thread-safety: all functions are safe from any thread (a mutex guards the table;
 * the connection gauge is atomic).
 */
#ifndef KAZI_HTTP_METRICS_H
#define KAZI_HTTP_METRICS_H

#include <stdint.h>

#include "http/request.h"

/* Record one finished request: route index (-1 for unmatched/static), status, duration. */
void kazi_metrics_observe(int route_index, int status, int64_t duration_ns);

/* Open-connection gauge. */
void kazi_metrics_connection(int delta);

/* Requests being handled now gauge. */
void kazi_metrics_in_flight(int delta);

/* Render all metrics as Prometheus exposition text; caller frees. NULL on OOM. */
char *kazi_metrics_render(void);

#endif
