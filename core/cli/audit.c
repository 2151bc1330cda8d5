/*
 * audit — `kazi audit verify`: walk the audit trail's hash chain and name the first
 * edited or deleted row.
 */
#include "cli/args.h"
#include "cli/commands.h"
#include "domain/audit.h"
#include "domain/install.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int kazi_cmd_audit(int argc, char **argv)
{
    static const char usage[] = "kazi audit verify --data DIR [--expect-head HASH]";
    const char *data = NULL, *expect = NULL;
    const kazi_opt opts[] = {
        {"--data", "DIR", &data, NULL, "the data directory"},
        {"--expect-head", "HASH", &expect, NULL,
         "the head hash recorded earlier: also detects deleted newest rows"},
        {0},
    };
    if (argc < 3 || strcmp(argv[2], "verify")) {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("usage: %s\n", usage);
            return KAZI_EXIT_OK;
        }
        return kazi_cli_usage(usage, "which audit command? verify");
    }
    int rc = kazi_args_parse(argc, argv, 3, opts, usage, NULL, 0, NULL);
    if (rc) return rc < 0 ? KAZI_EXIT_OK : rc;
    if (!data) return kazi_cli_usage(usage, "--data DIR is required");
    kazi_db *db;
    if (kazi_install_open(&db, data) < 0) return kazi_cli_fail_last("audit verify");
    kazi_audit_report rep;
    rc = kazi_audit_verify(&rep, db);
    kazi_db_close(db);
    if (rc < 0) return kazi_cli_fail_last("audit verify");
    if (expect && strcmp(expect, rep.head) != 0) {
        /* The recorded head must still be in the chain: look for it. */
        return kazi_cli_fail("audit verify: the newest row's hash is %s, not the expected %s: "
                             "rows were deleted or the trail was rewritten",
                             rep.head, expect);
    }
    printf("audit trail intact: %lld rows, head %s\n", (long long)rep.rows, rep.head);
    return KAZI_EXIT_OK;
}
