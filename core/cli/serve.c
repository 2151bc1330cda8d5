#include "cli/args.h"
#include "cli/commands.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "domain/install.h"
#include "auth/session.h"
#include "http/access.h"
#include "http/forwarded.h"
#include "domain/plugins.h"
#include "lua/runtime.h"
#include "http/routes.h"
#include "http/server.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef KAZI_WEB_DIR
#define KAZI_WEB_DIR "/usr/share/kazi/web"
#endif

int kazi_cmd_serve(int argc, char **argv)
{
    static const char usage[] = "kazi serve --data DIR [--listen HOST:PORT] [--threads N]";
    const char *data = NULL, *listen = "127.0.0.1:8080", *threads = "64", *web = NULL;
    const char *req_timeout = NULL, *ka_timeout = NULL;
    const char *idle = "30", *lifetime = "12", *admin_totp = "required", *verify_limit = "30";
    int behind_tls = 0;
    const char *config_dir = NULL, *lua_memory = NULL, *lua_instr = NULL, *lua_time = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory made by kazi init"},
        {"--listen", "HOST:PORT", &listen, NULL, "address to serve on (default 127.0.0.1:8080)"},
        {"--threads", "N", &threads, NULL,
         "worker threads (default 64; each open connection holds one)"},
        {"--request-timeout-ms", "N", &req_timeout, NULL,
         "a request's headers must arrive within N ms; also each body read and reply write "
         "(default 10000)"},
        {"--keep-alive-timeout-ms", "N", &ka_timeout, NULL,
         "close a kept-alive connection idle for N ms (default 2000)"},
        {"--web", "DIR", &web, NULL, "built web UI to serve (default: the build's)"},
        {"--config", "DIR", &config_dir, NULL,
         "serve this configuration folder instead of the country's (development)"},
        KAZI_CLI_LUA_OPTS(lua_memory, lua_instr, lua_time),
        {"--behind-tls-proxy", NULL, NULL, &behind_tls,
         "a TLS-terminating reverse proxy on loopback is in front (Secure cookies, HSTS, "
         "client address from its X-Forwarded-For)"},
        {"--session-idle-minutes", "N", &idle, NULL,
         "sign out sessions idle this long (default 30)"},
        {"--session-max-hours", "N", &lifetime, NULL,
         "sign out sessions this old, active or not (default 12)"},
        {"--admin-totp", "required|optional", &admin_totp, NULL,
         "whether administrators must use two-factor sign-in (default required)"},
        {"--verify-limit", "N", &verify_limit, NULL,
         "public certificate checks allowed per client address per minute (default 30; "
         "0: no limit)"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 2, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    char *end;
    long nthreads = strtol(threads, &end, 10);
    if (*end || nthreads < 1 || nthreads > 256)
        return kazi_cli_usage(usage, "--threads must be a number from 1 to 256");
    long req_ms = KAZI_REQUEST_TIMEOUT_MS, ka_ms = KAZI_KEEP_ALIVE_TIMEOUT_MS;
    if (req_timeout &&
        (req_ms = strtol(req_timeout, &end, 10), *end || req_ms < 100 || req_ms > 600000))
        return kazi_cli_usage(usage, "--request-timeout-ms must be a number from 100 to 600000");
    if (ka_timeout && (ka_ms = strtol(ka_timeout, &end, 10), *end || ka_ms < 100 || ka_ms > 600000))
        return kazi_cli_usage(usage, "--keep-alive-timeout-ms must be a number from 100 to 600000");
    long idle_min = strtol(idle, &end, 10);
    if (*end || idle_min < 1 || idle_min > 24 * 60)
        return kazi_cli_usage(usage, "--session-idle-minutes must be a number from 1 to 1440");
    long max_h = strtol(lifetime, &end, 10);
    if (*end || max_h < 1 || max_h > 24 * 30)
        return kazi_cli_usage(usage, "--session-max-hours must be a number from 1 to 720");
    if (strcmp(admin_totp, "required") && strcmp(admin_totp, "optional"))
        return kazi_cli_usage(usage, "--admin-totp must be required or optional");
    kazi_auth_opts ao = {.idle_ms = idle_min * 60000,
                         .absolute_ms = max_h * 3600000,
                         .admin_totp_required = !strcmp(admin_totp, "required")};
    kazi_auth_configure(&ao);
    long verify_per_min = strtol(verify_limit, &end, 10);
    if (*end || verify_per_min < 0 || verify_per_min > 100000)
        return kazi_cli_usage(usage, "--verify-limit must be a number from 0 to 100000");
    if (!web) web = getenv("KAZI_WEB_DIR") ? getenv("KAZI_WEB_DIR") : KAZI_WEB_DIR;

    static kazi_lua_limits limits; /* lent to the configuration hooks for the process */
    if (kazi_cli_lua_limits(&limits, lua_memory, lua_instr, lua_time) < 0)
        return kazi_cli_fail_last("serve");
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("serve");
    char db_path[1024];
    kazi_install_db_path(db_path, sizeof db_path, data);
    kazi_db_close(db);
    kazi_store_set_path(db_path);

    /* The live configuration — one commit of DATA/config.git — loads completely through
     * the Lua runtime's activation hooks, or the server does not start. Every later
     * activation (POST /api/v1/config/activate) goes through the same hooks and swaps the
     * generation without a restart. With --config DIR (development) the live commit is
     * only proven to load, that folder is served, and the first activation replaces it. */
    kazi_plugins_register_config_hooks(!config_dir, &limits);
    char repo[1100], live[KAZI_OID_HEX];
    kazi_config_repo_path(repo, sizeof repo, data);
    kazi_config_set_repo(repo);
    if (kazi_config_load_live(live, repo) < 0) {
        kazi_lua_thread_exit();
        kazi_lua_shutdown();
        return kazi_cli_fail("serve: cannot load the configuration: %s",
                             kazi_error_last()->message);
    }
    if (config_dir) {
        kazi_lua_gen *gen;
        int lrc = kazi_plugins_load_dir(&gen, config_dir, &limits);
        if (lrc == KAZI_OK) {
            lrc = kazi_plugins_activate(gen);
            kazi_lua_gen_unref(gen);
        }
        if (lrc < 0) {
            kazi_lua_thread_exit();
            kazi_lua_shutdown();
            return kazi_cli_fail("serve: the configuration does not load: %s",
                                 kazi_error_last()->message);
        }
        kazi_plugins_register_config_hooks(1, &limits);
    }
    kazi_server_on_thread_exit(kazi_lua_thread_exit);

    const char *test_routes = getenv("KAZI_TEST_ROUTES");
    if (kazi_routes_install(test_routes && !strcmp(test_routes, "1")) < 0) {
        kazi_lua_shutdown();
        return kazi_cli_fail_last("serve");
    }
    kazi_http_access_install();
    if (kazi_routes_verify_limit((int)verify_per_min) < 0) {
        kazi_lua_shutdown();
        return kazi_cli_fail_last("serve");
    }
    kazi_forwarded_trust(behind_tls); /* the proxy on loopback says who the client is */

    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    kazi_server_opts so = {.listen = listen,
                           .threads = (int)nthreads,
                           .web_dir = web,
                           .behind_tls_proxy = behind_tls,
                           .request_timeout_ms = (int)req_ms,
                           .keep_alive_timeout_ms = (int)ka_ms};
    /* Large uploads are spooled next to the database (sized for data; /tmp may be small
     * or in memory). The files are unlinked as soon as they are created. */
    char spool[1100];
    snprintf(spool, sizeof spool, "%s/tmp", data);
    if (mkdir(spool, 0700) < 0 && errno != EEXIST) {
        kazi_lua_shutdown();
        return kazi_cli_fail("serve: cannot create %s: %s", spool, strerror(errno));
    }
    so.tmp_dir = spool;
    kazi_server *srv;
    if (kazi_server_start(&srv, &so) < 0) {
        kazi_lua_shutdown();
        return kazi_cli_fail_last("serve");
    }
    char extra[256];
    snprintf(extra, sizeof extra, "\"event\":\"listening\",\"port\":%d,\"config\":\"%s\"",
             kazi_server_port(srv), live);
    kazi_log(KAZI_LOG_INFO, extra, "serving %s on port %d", data, kazi_server_port(srv));

    int sig = 0;
    sigwait(&stop, &sig);
    kazi_server_drain(srv);
    kazi_log(KAZI_LOG_INFO, "\"event\":\"draining\"", "signal %d: finishing requests in flight",
             sig);
    kazi_server_stop(srv);
    kazi_lua_thread_exit();
    kazi_lua_shutdown();
    kazi_log(KAZI_LOG_INFO, "\"event\":\"stopped\"", "stopped");
    return KAZI_EXIT_OK;
}
