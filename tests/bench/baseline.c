/*
 * Benchmark baseline: the cheapest possible CivetWeb server — one handler that
 * answers a constant JSON body — with the same threads and keep-alive settings
 * as `kazi serve`. scripts/bench measures Kazi's endpoints as ratios to this,
 * in the same run, so the figures do not depend on the machine.
 * usage: kazi-bench-baseline PORT THREADS   (runs until SIGTERM/SIGINT)
 */
#define _POSIX_C_SOURCE 200809L
#include <civetweb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int constant(struct mg_connection *conn, void *data)
{
    (void)data;
    static const char body[] = "{\"status\":\"ok\",\"database\":\"ok\"}";
    mg_printf(conn,
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
              strlen(body), body);
    return 200;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s PORT THREADS\n", argv[0]);
        return 2;
    }
    char ports[64];
    snprintf(ports, sizeof ports, "127.0.0.1:%s", argv[1]);
    const char *options[] = {"listening_ports",
                             ports,
                             "num_threads",
                             argv[2],
                             "enable_keep_alive",
                             "yes",
                             "keep_alive_timeout_ms",
                             "5000",
                             "tcp_nodelay",
                             "1",
                             NULL};
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    mg_init_library(0);
    struct mg_callbacks cb;
    memset(&cb, 0, sizeof cb);
    struct mg_context *ctx = mg_start(&cb, NULL, options);
    if (!ctx) {
        fprintf(stderr, "baseline: cannot listen on %s\n", ports);
        return 1;
    }
    mg_set_request_handler(ctx, "/", constant, NULL);
    fprintf(stderr, "baseline listening on %s\n", ports);
    int sig;
    sigwait(&stop, &sig);
    mg_stop(ctx);
    mg_exit_library();
    return 0;
}
