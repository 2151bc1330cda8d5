/*
 * Benchmark baseline for the registry: a raw CivetWeb + SQLite primary-key lookup —
 * GET /people/ID answers the person's row as JSON, one prepared statement per worker
 * thread, no routing, authentication, scope or escaping. scripts/bench.d/registry.sh
 * measures GET /api/v1/people/{id} as a ratio to this, on the same database, in the
 * same run.
 * usage: kazi-bench-baseline-person PORT THREADS DB   (runs until SIGTERM/SIGINT)
 */
#define _POSIX_C_SOURCE 200809L
#include <civetweb.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *db_path;
static _Thread_local sqlite3 *db;
static _Thread_local sqlite3_stmt *st;

static int person(struct mg_connection *conn, void *data)
{
    (void)data;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    const char *slash = strrchr(ri->local_uri, '/');
    long long id = slash ? atoll(slash + 1) : 0;
    if (!db) {
        if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) ||
            sqlite3_prepare_v2(db,
                               "SELECT id, given_name, family_name, sex, birth_date, phone, "
                               "residence_org_unit_id, status FROM person WHERE id = ?",
                               -1, &st, NULL)) {
            mg_printf(conn, "HTTP/1.1 500 Error\r\nContent-Length: 0\r\n\r\n");
            return 500;
        }
    }
    sqlite3_bind_int64(st, 1, id);
    char body[1024];
    int n;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = snprintf(body, sizeof body,
                     "{\"id\":%lld,\"given_name\":\"%s\",\"family_name\":\"%s\",\"sex\":\"%s\","
                     "\"birth_date\":\"%s\",\"phone\":\"%s\",\"residence_org_unit_id\":%lld,"
                     "\"status\":\"%s\"}",
                     (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1),
                     sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
                     sqlite3_column_text(st, 4), sqlite3_column_text(st, 5),
                     (long long)sqlite3_column_int64(st, 6), sqlite3_column_text(st, 7));
    else
        n = snprintf(body, sizeof body, "{}");
    sqlite3_reset(st);
    mg_printf(conn,
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
              n, body);
    return 200;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s PORT THREADS DB\n", argv[0]);
        return 2;
    }
    db_path = argv[3];
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
    mg_set_request_handler(ctx, "/people/", person, NULL);
    fprintf(stderr, "baseline listening on %s\n", ports);
    int sig;
    sigwait(&stop, &sig);
    mg_stop(ctx);
    mg_exit_library();
    return 0;
}
