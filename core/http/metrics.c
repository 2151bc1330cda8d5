#include "http/metrics.h"
#include "http/router.h"
#include "util/stage.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Latency bucket upper bounds in seconds, as Prometheus conventionally uses. */
static const double bounds[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
#define NBOUNDS    (sizeof bounds / sizeof bounds[0])
#define MAX_SERIES 2048

/* Series are appended under `lock` and never removed: an observation finds its series
 * without the lock (entries below the published count are complete) and counts with
 * atomic adds, so requests on different threads do not wait for each other. */
typedef struct {
    int route, status;
    _Atomic uint64_t count;
} series;

/* Each request adds to the one bucket its duration falls in (the last: above every
 * bound), not to every bucket at or above it: two atomic adds a request instead of a
 * dozen on lines every worker thread writes. The render sums them into Prometheus's
 * cumulative buckets and the count. */
typedef struct {
    int route;
    _Atomic uint64_t buckets[NBOUNDS + 1];
    _Atomic uint64_t sum_ns;
} histogram;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static series counters[MAX_SERIES];
static atomic_int ncounters;
static histogram hists[MAX_SERIES];
static atomic_int nhists;
static _Atomic long open_connections;
static _Atomic long requests_in_flight;

void kazi_metrics_in_flight(int delta)
{
    atomic_fetch_add(&requests_in_flight, delta);
}

void kazi_metrics_connection(int delta)
{
    atomic_fetch_add(&open_connections, delta);
}

static int find_counter(int route, int status)
{
    int n = atomic_load_explicit(&ncounters, memory_order_acquire);
    for (int i = 0; i < n; i++)
        if (counters[i].route == route && counters[i].status == status) return i;
    pthread_mutex_lock(&lock);
    int i;
    n = atomic_load_explicit(&ncounters, memory_order_relaxed);
    for (i = 0; i < n; i++)
        if (counters[i].route == route && counters[i].status == status) break;
    if (i == n && n < MAX_SERIES) {
        counters[n].route = route;
        counters[n].status = status;
        atomic_store_explicit(&ncounters, n + 1, memory_order_release);
    }
    pthread_mutex_unlock(&lock);
    return i < MAX_SERIES ? i : -1;
}

static int find_hist(int route)
{
    int n = atomic_load_explicit(&nhists, memory_order_acquire);
    for (int i = 0; i < n; i++)
        if (hists[i].route == route) return i;
    pthread_mutex_lock(&lock);
    int i;
    n = atomic_load_explicit(&nhists, memory_order_relaxed);
    for (i = 0; i < n; i++)
        if (hists[i].route == route) break;
    if (i == n && n < MAX_SERIES) {
        hists[n].route = route;
        atomic_store_explicit(&nhists, n + 1, memory_order_release);
    }
    pthread_mutex_unlock(&lock);
    return i < MAX_SERIES ? i : -1;
}

void kazi_metrics_observe(int route, int status, int64_t ns)
{
    double secs = (double)ns / 1e9;
    int i = find_counter(route, status);
    if (i >= 0) atomic_fetch_add_explicit(&counters[i].count, 1, memory_order_relaxed);
    if ((i = find_hist(route)) < 0) return;
    size_t b = 0;
    while (b < NBOUNDS && secs > bounds[b])
        b++;
    atomic_fetch_add_explicit(&hists[i].buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&hists[i].sum_ns, (uint64_t)(ns > 0 ? ns : 0), memory_order_relaxed);
}

static void labels(char *buf, size_t size, int route)
{
    const kazi_route *r = kazi_router_at(route);
    if (r)
        snprintf(buf, size, "method=\"%s\",route=\"%s\"", r->method, r->pattern);
    else
        snprintf(buf, size, "method=\"\",route=\"unmatched\"");
}

char *kazi_metrics_render(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) return NULL;
    char lab[512];
    int nc = atomic_load_explicit(&ncounters, memory_order_acquire);
    int nh = atomic_load_explicit(&nhists, memory_order_acquire);
    fputs("# HELP kazi_http_requests_total HTTP requests answered, by route and status.\n"
          "# TYPE kazi_http_requests_total counter\n",
          f);
    for (int i = 0; i < nc; i++) {
        labels(lab, sizeof lab, counters[i].route);
        fprintf(f, "kazi_http_requests_total{%s,status=\"%d\"} %llu\n", lab, counters[i].status,
                (unsigned long long)atomic_load(&counters[i].count));
    }
    fputs("# HELP kazi_http_request_duration_seconds Time to answer a request.\n"
          "# TYPE kazi_http_request_duration_seconds histogram\n",
          f);
    for (int i = 0; i < nh; i++) {
        labels(lab, sizeof lab, hists[i].route);
        unsigned long long count = 0;
        for (size_t b = 0; b < NBOUNDS; b++) {
            count += atomic_load(&hists[i].buckets[b]);
            fprintf(f, "kazi_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n", lab,
                    bounds[b], count);
        }
        count += atomic_load(&hists[i].buckets[NBOUNDS]);
        fprintf(f, "kazi_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n", lab, count);
        fprintf(f, "kazi_http_request_duration_seconds_sum{%s} %.6f\n", lab,
                (double)atomic_load(&hists[i].sum_ns) / 1e9);
        fprintf(f, "kazi_http_request_duration_seconds_count{%s} %llu\n", lab, count);
    }
    fputs("# HELP kazi_http_stage_seconds_total Time spent answering requests, by stage "
          "(util/stage.h).\n"
          "# TYPE kazi_http_stage_seconds_total counter\n",
          f);
    for (int s = 0; s < KAZI_STAGE_COUNT; s++)
        fprintf(f, "kazi_http_stage_seconds_total{stage=\"%s\"} %.6f\n", kazi_stage_name(s),
                (double)kazi_stage_total_ns(s) / 1e9);
    fprintf(f,
            "# HELP kazi_http_open_connections Client connections open now.\n"
            "# TYPE kazi_http_open_connections gauge\n"
            "kazi_http_open_connections %ld\n"
            "# HELP kazi_http_requests_in_flight Requests being handled now.\n"
            "# TYPE kazi_http_requests_in_flight gauge\n"
            "kazi_http_requests_in_flight %ld\n",
            atomic_load(&open_connections), atomic_load(&requests_in_flight));
    if (fclose(f) != 0) {
        free(out);
        return NULL;
    }
    return out;
}
