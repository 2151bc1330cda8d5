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

typedef struct {
    int route, status;
    uint64_t count;
} series;

typedef struct {
    int route;
    uint64_t buckets[NBOUNDS];
    uint64_t count;
    double sum;
} histogram;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static series counters[MAX_SERIES];
static int ncounters;
static histogram hists[MAX_SERIES];
static int nhists;
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

void kazi_metrics_observe(int route, int status, int64_t ns)
{
    double secs = (double)ns / 1e9;
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < ncounters; i++)
        if (counters[i].route == route && counters[i].status == status) break;
    if (i == ncounters && ncounters < MAX_SERIES)
        counters[ncounters++] = (series){route, status, 0};
    if (i < ncounters) counters[i].count++;
    for (i = 0; i < nhists; i++)
        if (hists[i].route == route) break;
    if (i == nhists && nhists < MAX_SERIES) {
        memset(&hists[nhists], 0, sizeof hists[0]);
        hists[nhists++].route = route;
    }
    if (i < nhists) {
        for (size_t b = 0; b < NBOUNDS; b++)
            if (secs <= bounds[b]) hists[i].buckets[b]++;
        hists[i].count++;
        hists[i].sum += secs;
    }
    pthread_mutex_unlock(&lock);
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
    pthread_mutex_lock(&lock);
    fputs("# HELP kazi_http_requests_total HTTP requests answered, by route and status.\n"
          "# TYPE kazi_http_requests_total counter\n",
          f);
    for (int i = 0; i < ncounters; i++) {
        labels(lab, sizeof lab, counters[i].route);
        fprintf(f, "kazi_http_requests_total{%s,status=\"%d\"} %llu\n", lab, counters[i].status,
                (unsigned long long)counters[i].count);
    }
    fputs("# HELP kazi_http_request_duration_seconds Time to answer a request.\n"
          "# TYPE kazi_http_request_duration_seconds histogram\n",
          f);
    for (int i = 0; i < nhists; i++) {
        labels(lab, sizeof lab, hists[i].route);
        for (size_t b = 0; b < NBOUNDS; b++)
            fprintf(f, "kazi_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n", lab,
                    bounds[b], (unsigned long long)hists[i].buckets[b]);
        fprintf(f, "kazi_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n", lab,
                (unsigned long long)hists[i].count);
        fprintf(f, "kazi_http_request_duration_seconds_sum{%s} %.6f\n", lab, hists[i].sum);
        fprintf(f, "kazi_http_request_duration_seconds_count{%s} %llu\n", lab,
                (unsigned long long)hists[i].count);
    }
    pthread_mutex_unlock(&lock);
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
