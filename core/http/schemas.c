#include "http/schemas.h"

#include <string.h>

#define JSON      "application/json"
#define CSV       "text/csv; charset=utf-8"
#define OBJ(desc) "{\"type\":\"object\",\"description\":\"" desc "\"}"
#define STR       "{\"type\":\"string\"}"
#define LIST(key, desc)                                                                            \
    "{\"type\":\"object\",\"description\":\"" desc "\",\"required\":[\"" key "\"],"                \
    "\"properties\":{\"" key "\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"

/* One row per body that is not an entity. Keep them as strict as the handler is. */
static const kazi_http_schema table[] = {
    {"Error", JSON,
     "{\"type\":\"object\",\"required\":[\"error\"],\"properties\":{\"error\":{\"type\":"
     "\"object\",\"required\":[\"code\",\"message\"],\"additionalProperties\":false,"
     "\"properties\":{\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
     "\"field\":{\"type\":\"string\"},\"line\":{\"type\":\"integer\"},\"column\":{\"type\":"
     "\"integer\"},\"rows\":{\"type\":\"array\",\"description\":\"a CSV import's row-numbered "
     "report\"}}}}}",
     NULL},
    {"Health", JSON,
     "{\"type\":\"object\",\"required\":[\"status\"],\"properties\":{\"status\":{\"type\":"
     "\"string\",\"enum\":[\"ok\",\"degraded\",\"unavailable\"]},\"database\":{\"type\":"
     "\"string\"},\"version\":{\"type\":\"string\"}}}",
     NULL},
    {"Metrics", "text/plain; version=0.0.4; charset=utf-8", STR, NULL},
    {"OpenApi", JSON, "{\"type\":\"object\",\"required\":[\"openapi\",\"info\",\"paths\"]}", NULL},
    {"Csv", CSV, STR, NULL},
    {"ConfigFile", "text/plain; charset=utf-8", STR, "application/octet-stream"},
    {"Login", JSON,
     "{\"type\":\"object\",\"required\":[\"username\",\"password\"],\"properties\":{"
     "\"username\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64},\"password\":{"
     "\"type\":\"string\",\"minLength\":1},\"totp\":{\"type\":\"string\",\"maxLength\":16},"
     "\"recovery_code\":{\"type\":\"string\",\"maxLength\":32}}}",
     NULL},
    {"Session", JSON,
     "{\"type\":\"object\",\"description\":\"the signed-in principal: user, role, permissions, "
     "scope, CSRF token (null for an API token)\",\"properties\":{\"csrf_token\":{\"type\":"
     "\"string\",\"nullable\":true},\"idle_timeout_s\":{\"type\":\"integer\"},"
     "\"absolute_timeout_s\":{\"type\":\"integer\"},\"permissions\":"
     "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}",
     NULL},
    {"PasswordChange", JSON,
     "{\"type\":\"object\",\"required\":[\"current_password\",\"new_password\"],"
     "\"properties\":{\"current_password\":{\"type\":\"string\"},\"new_password\":{\"type\":"
     "\"string\"}}}",
     NULL},
    {"TotpSecret", JSON,
     "{\"type\":\"object\",\"required\":[\"secret\",\"otpauth_uri\"],\"properties\":{\"secret\":"
     "{\"type\":\"string\"},\"otpauth_uri\":{\"type\":\"string\"},\"digits\":{\"type\":"
     "\"integer\"},\"period\":{\"type\":\"integer\"}}}",
     NULL},
    {"TotpCode", JSON,
     "{\"type\":\"object\",\"required\":[\"code\"],\"properties\":{\"code\":{\"type\":"
     "\"string\",\"maxLength\":16}}}",
     NULL},
    {"TotpEnabled", JSON,
     "{\"type\":\"object\",\"required\":[\"totp_enabled\",\"recovery_codes\"],\"properties\":{"
     "\"totp_enabled\":{\"type\":\"boolean\"},\"recovery_codes\":{\"type\":\"array\",\"items\":"
     "{\"type\":\"string\"}}}}",
     NULL},
    {"Roles", JSON, "{\"type\":\"object\",\"required\":[\"roles\"]}", NULL},
    {"TokenRequest", JSON,
     "{\"type\":\"object\",\"required\":[\"name\",\"role\",\"expires_in_days\"],"
     "\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":100},\"role\":{\"type\":"
     "\"string\",\"maxLength\":32},\"expires_in_days\":{\"type\":\"integer\",\"minimum\":1,"
     "\"maximum\":730},\"scope_org_unit_id\":{\"type\":\"integer\",\"minimum\":1}}}",
     NULL},
    {"Token", JSON,
     "{\"type\":\"object\",\"description\":\"a new API token: the secret (token) is shown "
     "this once\",\"required\":[\"token\"],\"properties\":{\"token\":{\"type\":"
     "\"string\"}}}",
     NULL},
    {"Tokens", JSON, LIST("tokens", "API tokens, never their secrets"), NULL},
    {"Users", JSON, LIST("users", "user accounts"), NULL},
    {"PasswordSet", JSON,
     "{\"type\":\"object\",\"required\":[\"password\"],\"properties\":{\"password\":{"
     "\"type\":\"string\"}}}",
     NULL},
    {"UserPerson", JSON, OBJ("person_id, or null to unlink"), NULL},
    {"OrgUnits", JSON, LIST("org_units", "org units"), NULL},
    {"OrgUnitImport", JSON,
     "{\"type\":\"object\",\"required\":[\"created\"],\"properties\":{\"created\":{\"type\":"
     "\"integer\"}}}",
     NULL},
    {"Organisations", JSON, LIST("organisations", "organisations"), NULL},
    {"AuditRow", JSON, OBJ("an audit row: who did what to which record, when"), NULL},
    {"AuditVerify", JSON, OBJ("the audit hash chain's check"), NULL},
    {"Reason", JSON, OBJ("the reason, and the fields the action takes"), NULL},
    {"Action", JSON, OBJ("what the action takes (see the summary)"), NULL},
    {"Result", JSON, OBJ("the action's result"), NULL},
    {"Catalogue", JSON, OBJ("declarations of the active configuration"), NULL},
    {"Reports", JSON, LIST("reports", "the declared reports"), NULL},
    {"ReportParams", JSON, OBJ("the report's parameters"), NULL},
    {"ReportResult", JSON, OBJ("the report's columns and rows"), CSV},
    {"ReportRuns", JSON, LIST("runs", "report runs"), NULL},
    {"ImportJob", JSON,
     "{\"description\":\"an import job's progress (202, GET), or with ?wait=1 the finished "
     "import (200)\",\"anyOf\":[{\"type\":\"object\",\"required\":[\"id\",\"kind\",\"status\","
     "\"done\",\"total\",\"partial\"],\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{"
     "\"type\":\"string\",\"enum\":[\"people\",\"positions\",\"assignments\"]},\"status\":{"
     "\"type\":\"string\",\"enum\":[\"running\",\"done\",\"failed\"]},\"done\":{\"type\":"
     "\"integer\"},\"total\":{\"type\":\"integer\"},\"partial\":{\"type\":\"boolean\"},"
     "\"result\":{\"type\":\"object\"},\"rejects_url\":{\"type\":\"string\"}}},{\"$ref\":"
     "\"#/components/schemas/ImportResult\"}]}",
     NULL},
    {"ImportResult", JSON,
     "{\"type\":\"object\",\"required\":[\"rows\",\"created\",\"existing\",\"rejected\","
     "\"errors\"],\"properties\":{\"rows\":{\"type\":\"integer\"},\"created\":{\"type\":"
     "\"integer\"},\"existing\":{\"type\":\"integer\"},\"rejected\":{\"type\":\"integer\"},"
     "\"errors\":{\"type\":\"array\"},\"rejects_csv\":{\"type\":\"string\"}}}",
     NULL},
    {"Export", JSON, "{\"type\":\"array\",\"items\":{\"type\":\"object\"}}", CSV},
    {"Figures", JSON, OBJ("figures per org unit"), NULL},
    {"Report", JSON, OBJ("a computed report (eligibility, impact, candidates, ...)"), NULL},
    {"ConfigProposal", JSON,
     "{\"type\":\"object\",\"required\":[\"message\",\"files\"],\"properties\":{\"message\":{"
     "\"type\":\"string\"},\"parent\":{\"type\":\"string\"},\"files\":{\"type\":\"object\","
     "\"description\":\"each path to its new text, or to null to delete it\","
     "\"additionalProperties\":{\"type\":\"string\",\"nullable\":true}}}}",
     NULL},
    {"ConfigCommit", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"author\"],\"properties\":{\"commit\":{"
     "\"type\":\"string\"},\"author\":{\"type\":\"string\"}}}",
     NULL},
    {"ConfigTag", JSON,
     "{\"type\":\"object\",\"required\":[\"name\",\"commit\"],\"properties\":{\"name\":{"
     "\"type\":\"string\",\"maxLength\":100},\"commit\":{\"type\":\"string\"},\"message\":{"
     "\"type\":\"string\"}}}",
     NULL},
    {"ConfigActivate", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"expected_live\",\"reason\"],"
     "\"properties\":{\"commit\":{\"type\":\"string\"},\"expected_live\":{\"type\":"
     "\"string\"},\"reason\":{\"type\":\"string\",\"maxLength\":1000}}}",
     NULL},
    {"ConfigVersions", JSON, LIST("versions", "configuration versions, newest first"), NULL},
    {"ConfigFiles", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"files\"],\"properties\":{\"commit\":{"
     "\"type\":\"string\"},\"files\":{\"type\":\"array\"}}}",
     NULL},
    {"ConfigRollouts", JSON, LIST("rollouts", "activations, newest first"), NULL},
    {"ConfigLive", JSON,
     "{\"type\":\"object\",\"required\":[\"live\",\"serving\"],\"properties\":{\"live\":{"
     "\"type\":\"string\"},\"serving\":{\"type\":\"string\"}}}",
     NULL},
    {"Test", JSON, OBJ("test-only"), NULL},
    {0},
};

const kazi_http_schema *kazi_http_schema_find(const char *name)
{
    for (const kazi_http_schema *s = table; s->name; s++)
        if (!strcmp(s->name, name)) return s;
    return NULL;
}

const kazi_http_schema *kazi_http_schema_at(int i)
{
    return i >= 0 && (size_t)i < sizeof table / sizeof table[0] - 1 ? &table[i] : NULL;
}
