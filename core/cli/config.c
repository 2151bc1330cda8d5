/*
 * config — `kazi config SUBCOMMAND`: the configuration repository from the shell.
 * log, show, diff, tag, import, validate, impact, activate (and rollback), rollouts.
 * Owns: argument handling and output formats of these subcommands.
 * Uses: config/repo, config/rollout, store/configdb, domain/install (opening DATA).
 * Thread-safety: single-threaded command.
 */
#include "cli/args.h"
#include "cli/commands.h"
#include "config/repo.h"
#include "config/rollout.h"
#include "domain/audit.h"
#include "domain/impact.h"
#include "domain/install.h"
#include "domain/plugins.h"
#include "lua/runtime.h"
#include "store/configdb.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *data;
    char repo[1100];
    kazi_db *db;
} ctx;

static int open_data(ctx *c)
{
    if (!c->data) return kazi_error_set(KAZI_EINVALID, "data", "--data DIR is required");
    int rc = kazi_install_open(&c->db, c->data);
    if (rc < 0) return rc;
    kazi_config_repo_path(c->repo, sizeof c->repo, c->data);
    return KAZI_OK;
}

static int finish(ctx *c, int rc, const char *what)
{
    kazi_db_close(c->db);
    c->db = NULL;
    if (rc < 0) return kazi_cli_fail_last(what);
    return KAZI_EXIT_OK;
}

/* The acting user: --by, else $USER, else "cli". */
static const char *actor(const char *by)
{
    if (by && *by) return by;
    const char *u = getenv("USER");
    return u && *u ? u : "cli";
}

/* "Name <email>" or a bare name into an author. */
static int parse_author(kazi_config_author *a, char *buf, size_t size, const char *text,
                        const char *fallback_name)
{
    static char email[300];
    if (!text) {
        a->name = fallback_name;
        snprintf(email, sizeof email, "%s@localhost", fallback_name);
        a->email = email;
        return KAZI_OK;
    }
    snprintf(buf, size, "%s", text);
    char *lt = strchr(buf, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (!lt) {
        a->name = buf;
        snprintf(email, sizeof email, "%s@localhost", buf);
        a->email = email;
        return KAZI_OK;
    }
    if (!gt || gt[1])
        return kazi_error_set(KAZI_EINVALID, "author", "--author must be 'Name <email>'");
    *gt = '\0';
    a->email = lt + 1;
    while (lt > buf && lt[-1] == ' ')
        lt--;
    *lt = '\0';
    a->name = buf;
    return KAZI_OK;
}

static void print_json(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2));
    if (s) puts(s);
    free(s);
}

static int cmd_log(int argc, char **argv)
{
    static const char usage[] = "kazi config log --data DIR [--limit N] [--json]";
    ctx c = {0};
    const char *limit = "50";
    int as_json = 0;
    const kazi_opt opts[] = {
        {"--data", "DIR", &c.data, NULL, "the data directory"},
        {"--limit", "N", &limit, NULL, "at most N versions (default 50)"},
        {"--json", NULL, NULL, &as_json, "print JSON"},
        {0},
    };
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    int n = atoi(limit);
    if (n < 1) return kazi_cli_usage(usage, "--limit must be a positive number");
    json_t *list = NULL;
    if ((rc = open_data(&c)) < 0 || (rc = kazi_config_versions(&list, c.db, c.repo, n)) < 0)
        return finish(&c, rc, "config log");
    if (as_json) {
        print_json(list);
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(list, i, v)
        {
            const char *msg = json_string_value(json_object_get(v, "message"));
            int mlen = (int)strcspn(msg, "\n");
            printf("%.12s %s %-20s", json_string_value(json_object_get(v, "commit")),
                   json_string_value(json_object_get(v, "date")),
                   json_string_value(json_object_get(json_object_get(v, "author"), "name")));
            if (json_is_true(json_object_get(v, "live")))
                printf(" [live]");
            else if (json_is_true(json_object_get(v, "ever_live")))
                printf(" [was live]");
            json_t *val = json_object_get(v, "validation");
            if (json_is_object(val))
                printf(json_is_true(json_object_get(val, "ok")) ? " [valid]" : " [invalid]");
            size_t k;
            json_t *t;
            json_array_foreach(json_object_get(v, "tags"), k, t)
                printf(" (tag: %s)", json_string_value(t));
            printf(" %.*s\n", mlen, msg);
        }
    }
    json_decref(list);
    return finish(&c, KAZI_OK, "config log");
}

static int cmd_show(int argc, char **argv)
{
    static const char usage[] = "kazi config show --data DIR COMMIT[:PATH]";
    ctx c = {0};
    const char *pos[1];
    int npos = 0;
    const kazi_opt opts[] = {{"--data", "DIR", &c.data, NULL, "the data directory"}, {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos != 1) return kazi_cli_usage(usage, "name a version (COMMIT, tag, live or main)");
    char spec[1024];
    snprintf(spec, sizeof spec, "%s", pos[0]);
    char *colon = strchr(spec, ':'), *path = NULL;
    if (colon) {
        *colon = '\0';
        path = colon + 1;
    }
    if ((rc = open_data(&c)) < 0) return finish(&c, rc, "config show");
    if (path && *path) {
        char *buf;
        size_t len;
        if ((rc = kazi_config_read(&buf, &len, c.repo, spec, path)) < 0)
            return finish(&c, rc, "config show");
        fwrite(buf, 1, len, stdout);
        free(buf);
        return finish(&c, KAZI_OK, "config show");
    }
    json_t *files;
    if ((rc = kazi_config_files(&files, c.repo, spec)) < 0) return finish(&c, rc, "config show");
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
        printf("%8lld %-10s %s\n", (long long)json_integer_value(json_object_get(f, "size")),
               json_string_value(json_object_get(f, "kind")),
               json_string_value(json_object_get(f, "path")));
    json_decref(files);
    return finish(&c, KAZI_OK, "config show");
}

static int cmd_diff(int argc, char **argv)
{
    static const char usage[] = "kazi config diff --data DIR FROM TO [--json]";
    ctx c = {0};
    const char *pos[2];
    int npos = 0, as_json = 0;
    const kazi_opt opts[] = {{"--data", "DIR", &c.data, NULL, "the data directory"},
                             {"--json", NULL, NULL, &as_json, "print JSON"},
                             {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 2, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos != 2) return kazi_cli_usage(usage, "name two versions");
    json_t *d;
    if ((rc = open_data(&c)) < 0 || (rc = kazi_config_diff(&d, c.repo, pos[0], pos[1])) < 0)
        return finish(&c, rc, "config diff");
    if (as_json) {
        print_json(d);
    } else {
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(d, "files"), i, f)
        {
            const char *patch = json_string_value(json_object_get(f, "patch"));
            if (patch)
                fputs(patch, stdout);
            else
                printf("Binary file %s differs\n", json_string_value(json_object_get(f, "path")));
        }
    }
    json_decref(d);
    return finish(&c, KAZI_OK, "config diff");
}

static int cmd_tag(int argc, char **argv)
{
    static const char usage[] = "kazi config tag --data DIR NAME [COMMIT] [-m MESSAGE] [--by NAME]";
    ctx c = {0};
    const char *pos[2], *message = NULL, *by = NULL;
    int npos = 0;
    const kazi_opt opts[] = {{"--data", "DIR", &c.data, NULL, "the data directory"},
                             {"--message", "TEXT", &message, NULL, "the release note (-m)"},
                             {"--by", "NAME", &by, NULL, "who tags (default $USER)"},
                             {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 2, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos < 1) return kazi_cli_usage(usage, "name the tag, e.g. TZ-2026.1");
    kazi_config_author who;
    char buf[8];
    parse_author(&who, buf, sizeof buf, NULL, actor(by));
    json_t *t;
    if ((rc = open_data(&c)) < 0 ||
        (rc = kazi_config_tag(&t, c.repo, pos[0], npos > 1 ? pos[1] : "live", &who, message)) < 0)
        return finish(&c, rc, "config tag");
    printf("Tagged %.12s as %s.\n", json_string_value(json_object_get(t, "commit")), pos[0]);
    json_decref(t);
    return finish(&c, KAZI_OK, "config tag");
}

static int cmd_plugins(int argc, char **argv)
{
    static const char usage[] =
        "kazi config plugins --data DIR [-m MESSAGE] [--author 'Name <email>']";
    ctx c = {0};
    const char *message = NULL, *author_text = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &c.data, NULL, "the data directory"},
        {"--message", "TEXT", &message, NULL, "why (-m; default: says what it is)"},
        {"--author", "'NAME <EMAIL>'", &author_text, NULL, "the proposer (default $USER)"},
        {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    kazi_config_author author;
    char buf[512], commit[KAZI_OID_HEX];
    if ((rc = parse_author(&author, buf, sizeof buf, author_text, actor(NULL))) < 0 ||
        (rc = open_data(&c)) < 0 ||
        (rc = kazi_plugins_propose_shipped(commit, c.repo, &author, message)) < 0)
        return finish(&c, rc, "config plugins");
    printf("%s\n", commit);
    return finish(&c, KAZI_OK, "config plugins");
}

static int cmd_import(int argc, char **argv)
{
    static const char usage[] =
        "kazi config import --data DIR FOLDER -m MESSAGE [--author 'Name <email>']";
    ctx c = {0};
    const char *pos[1], *message = NULL, *author_text = NULL;
    int npos = 0;
    const kazi_opt opts[] = {
        {"--data", "DIR", &c.data, NULL, "the data directory"},
        {"--message", "TEXT", &message, NULL, "what the change does and why (-m)"},
        {"--author", "'NAME <EMAIL>'", &author_text, NULL, "the proposer (default $USER)"},
        {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos != 1) return kazi_cli_usage(usage, "name the folder to import");
    if (!message) return kazi_cli_usage(usage, "-m MESSAGE is required");
    kazi_config_author author;
    char buf[512], commit[KAZI_OID_HEX];
    if ((rc = parse_author(&author, buf, sizeof buf, author_text, actor(NULL))) < 0 ||
        (rc = open_data(&c)) < 0 ||
        (rc = kazi_config_import(commit, c.repo, pos[0], &author, message)) < 0)
        return finish(&c, rc, "config import");
    printf("%s\n", commit);
    return finish(&c, KAZI_OK, "config import");
}

/* One problem of a validation as "file:line: message", the position once: a message
 * from the Lua runtime already starts with it. */
static void print_problem(const char *prefix, const json_t *e)
{
    const char *file = json_string_value(json_object_get(e, "file"));
    json_int_t line = json_integer_value(json_object_get(e, "line"));
    const char *msg = json_string_value(json_object_get(e, "message"));
    if (!msg) msg = "";
    if (!file || !*file || !strncmp(msg, file, strlen(file)))
        fprintf(stderr, "%s%s\n", prefix, msg);
    else if (line)
        fprintf(stderr, "%s%s:%lld: %s\n", prefix, file, (long long)line, msg);
    else
        fprintf(stderr, "%s%s: %s\n", prefix, file, msg);
}

static int cmd_validate(int argc, char **argv)
{
    static const char usage[] = "kazi config validate --data DIR COMMIT [--by NAME] [--json]";
    ctx c = {0};
    const char *pos[1], *by = NULL;
    int npos = 0, as_json = 0;
    const kazi_opt opts[] = {{"--data", "DIR", &c.data, NULL, "the data directory"},
                             {"--by", "NAME", &by, NULL, "who validates (default $USER)"},
                             {"--json", NULL, NULL, &as_json, "print JSON"},
                             {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos != 1) return kazi_cli_usage(usage, "name the version to validate");
    json_t *r;
    if ((rc = open_data(&c)) < 0 ||
        (rc = kazi_config_validate(&r, c.db, c.repo, pos[0], actor(by))) < 0)
        return finish(&c, rc, "config validate");
    int ok = json_is_true(json_object_get(r, "ok"));
    if (as_json) {
        print_json(r);
    } else {
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(r, "errors"), i, e) print_problem("", e);
        json_array_foreach(json_object_get(r, "warnings"), i, e) print_problem("warning: ", e);
        printf("%.12s %s (checks: %s)\n", json_string_value(json_object_get(r, "commit")),
               ok ? "is valid" : "is NOT valid", json_string_value(json_object_get(r, "checks")));
        kazi_lua_gen *g = NULL; /* how complete its languages are (docs/plugins.md) */
        if (ok && kazi_plugins_load_version(
                      &g, c.repo, json_string_value(json_object_get(r, "commit")), NULL) == KAZI_OK)
            kazi_cli_print_languages(kazi_lua_gen_catalogue(g));
        kazi_lua_gen_unref(g);
        kazi_lua_thread_exit();
    }
    json_decref(r);
    finish(&c, KAZI_OK, "config validate");
    return ok ? KAZI_EXIT_OK : KAZI_EXIT_FAIL;
}

static int cmd_impact(int argc, char **argv)
{
    static const char usage[] = "kazi config impact --data DIR COMMIT";
    ctx c = {0};
    const char *pos[1];
    int npos = 0;
    const kazi_opt opts[] = {{"--data", "DIR", &c.data, NULL, "the data directory"}, {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos != 1) return kazi_cli_usage(usage, "name the version to preview");
    json_t *r;
    if ((rc = open_data(&c)) < 0) return finish(&c, rc, "config impact");
    kazi_config_set_repo(c.repo);
    rc = kazi_config_impact(&r, c.db, pos[0]);
    kazi_config_set_repo(NULL);
    if (rc < 0) return finish(&c, rc, "config impact");
    print_json(r);
    json_decref(r);
    return finish(&c, KAZI_OK, "config impact");
}

static int cmd_activate(int argc, char **argv)
{
    static const char usage[] = "kazi config activate --data DIR COMMIT --reason TEXT "
                                "[--expected-live COMMIT] [--by NAME]";
    ctx c = {0};
    const char *pos[1], *reason = NULL, *expected = NULL, *by = NULL;
    int npos = 0;
    const kazi_opt opts[] = {
        {"--data", "DIR", &c.data, NULL, "the data directory"},
        {"--reason", "TEXT", &reason, NULL, "why (recorded in the rollout log)"},
        {"--expected-live", "COMMIT", &expected, NULL,
         "the live commit you decided against (default: the live commit now)"},
        {"--by", "NAME", &by, NULL, "who activates (default $USER)"},
        {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, pos, 1, &npos);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (npos != 1) return kazi_cli_usage(usage, "name the version to activate");
    if (!reason) return kazi_cli_usage(usage, "--reason TEXT is required");
    char live[KAZI_OID_HEX];
    json_t *r;
    if ((rc = open_data(&c)) < 0) return finish(&c, rc, "config activate");
    if (!expected) {
        if ((rc = kazi_config_live(live, c.repo)) < 0) return finish(&c, rc, "config activate");
        expected = live;
    }
    kazi_config_activation a = {pos[0], expected, reason, actor(by), NULL, kazi_caller_cli()};
    if ((rc = kazi_config_activate(&r, c.db, c.repo, &a)) < 0)
        return finish(&c, rc, "config activate");
    printf("%s is live (was %s). A running server loads it at its next start; activate "
           "through the API to switch a running server.\n",
           json_string_value(json_object_get(r, "to")),
           json_string_value(json_object_get(r, "from")));
    json_decref(r);
    return finish(&c, KAZI_OK, "config activate");
}

static int cmd_rollouts(int argc, char **argv)
{
    static const char usage[] = "kazi config rollouts --data DIR [--json]";
    ctx c = {0};
    int as_json = 0;
    const kazi_opt opts[] = {{"--data", "DIR", &c.data, NULL, "the data directory"},
                             {"--json", NULL, NULL, &as_json, "print JSON"},
                             {0}};
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    json_t *list;
    if ((rc = open_data(&c)) < 0 || (rc = kazi_configdb_rollouts(&list, c.db, 1000)) < 0)
        return finish(&c, rc, "config rollouts");
    if (as_json) {
        print_json(list);
    } else {
        size_t i;
        json_t *r;
        json_array_foreach(list, i, r)
        {
            const char *from = json_string_value(json_object_get(r, "from"));
            printf("%s %.12s -> %.12s by %s: %s\n",
                   json_string_value(json_object_get(r, "activated_at")), from ? from : "(none)",
                   json_string_value(json_object_get(r, "to")),
                   json_string_value(json_object_get(r, "activated_by")),
                   json_string_value(json_object_get(r, "reason")));
        }
    }
    json_decref(list);
    return finish(&c, KAZI_OK, "config rollouts");
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommands[] = {
    {"log", cmd_log, "list versions: live, ever live, validated, tags"},
    {"show", cmd_show, "list a version's files, or print one (COMMIT:PATH)"},
    {"diff", cmd_diff, "unified diff between two versions"},
    {"tag", cmd_tag, "tag a version as a release (e.g. TZ-2026.1)"},
    {"import", cmd_import, "propose a folder's content as the next version on main"},
    {"plugins", cmd_plugins,
     "propose this Kazi's shipped plugins/ library in place of the one main pins"},
    {"validate", cmd_validate, "validate a version and record the result"},
    {"impact", cmd_impact, "preview who gains or loses eligibility under a version"},
    {"activate", cmd_activate, "make a validated version live (also: roll back)"},
    {"rollouts", cmd_rollouts, "list every activation: who, why, when"},
    {"check", kazi_cmd_config_check, "load a configuration folder and run its tests"},
};

int kazi_cmd_config(int argc, char **argv)
{
    if (argc < 3 || !strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) {
        FILE *f = argc < 3 ? stderr : stdout;
        fprintf(f, "usage: kazi config SUBCOMMAND --data DIR ...\n\nsubcommands:\n");
        for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
            fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
        return argc < 3 ? KAZI_EXIT_USAGE : KAZI_EXIT_OK;
    }
    /* git's habit: -m MESSAGE. */
    for (int i = 3; i < argc; i++)
        if (!strcmp(argv[i], "-m")) argv[i] = "--message";
    /* Validation runs the Lua checks as the server does; activation from the CLI proves
     * the commit loads (a running server swaps only on activations through its API). */
    kazi_plugins_register_config_hooks(0, NULL);
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (strcmp(argv[2], subcommands[i].name) != 0) continue;
        int rc = subcommands[i].run(argc, argv);
        kazi_lua_thread_exit();
        kazi_lua_shutdown();
        return rc;
    }
    fprintf(stderr, "kazi: unknown config subcommand '%s' (kazi config --help)\n", argv[2]);
    return KAZI_EXIT_USAGE;
}
