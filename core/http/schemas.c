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
     NULL, 0},
    {"Health", JSON,
     "{\"type\":\"object\",\"required\":[\"status\"],\"properties\":{\"status\":{\"type\":"
     "\"string\",\"enum\":[\"ok\",\"degraded\",\"unavailable\"]},\"database\":{\"type\":"
     "\"string\"},\"version\":{\"type\":\"string\"},\"reason\":{\"type\":\"string\"},"
     "\"message\":{\"type\":\"string\"},\"schema_version\":{\"type\":\"integer\"}}}",
     NULL, 503},
    {"Metrics", "text/plain; version=0.0.4; charset=utf-8", STR, NULL, 0},
    {"OpenApi", JSON, "{\"type\":\"object\",\"required\":[\"openapi\",\"info\",\"paths\"]}", NULL,
     0},
    {"Csv", CSV, STR, NULL, 0},
    {"ConfigFile", "text/plain; charset=utf-8", STR, "application/octet-stream", 0},
    {"Login", JSON,
     "{\"type\":\"object\",\"required\":[\"username\",\"password\"],\"properties\":{"
     "\"username\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64},\"password\":{"
     "\"type\":\"string\",\"minLength\":1},\"totp\":{\"type\":\"string\",\"maxLength\":16},"
     "\"recovery_code\":{\"type\":\"string\",\"maxLength\":32}}}",
     NULL, 0},
    {"Session", JSON,
     "{\"type\":\"object\",\"description\":\"the signed-in principal: user, role, permissions, "
     "scope, CSRF token (null for an API token)\",\"properties\":{\"csrf_token\":{\"type\":"
     "\"string\",\"nullable\":true},\"idle_timeout_s\":{\"type\":\"integer\"},"
     "\"absolute_timeout_s\":{\"type\":\"integer\"},\"permissions\":"
     "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}",
     NULL, 0},
    {"PasswordChange", JSON,
     "{\"type\":\"object\",\"required\":[\"current_password\",\"new_password\"],"
     "\"properties\":{\"current_password\":{\"type\":\"string\"},\"new_password\":{\"type\":"
     "\"string\"}}}",
     NULL, 0},
    {"TotpSecret", JSON,
     "{\"type\":\"object\",\"required\":[\"secret\",\"otpauth_uri\"],\"properties\":{\"secret\":"
     "{\"type\":\"string\"},\"otpauth_uri\":{\"type\":\"string\"},\"digits\":{\"type\":"
     "\"integer\"},\"period\":{\"type\":\"integer\"}}}",
     NULL, 0},
    {"TotpCode", JSON,
     "{\"type\":\"object\",\"required\":[\"code\"],\"properties\":{\"code\":{\"type\":"
     "\"string\",\"maxLength\":16}}}",
     NULL, 0},
    {"TotpEnabled", JSON,
     "{\"type\":\"object\",\"required\":[\"totp_enabled\",\"recovery_codes\"],\"properties\":{"
     "\"totp_enabled\":{\"type\":\"boolean\"},\"recovery_codes\":{\"type\":\"array\",\"items\":"
     "{\"type\":\"string\"}}}}",
     NULL, 0},
    {"Roles", JSON, "{\"type\":\"object\",\"required\":[\"roles\"]}", NULL, 0},
    {"TokenRequest", JSON,
     "{\"type\":\"object\",\"required\":[\"name\",\"role\",\"expires_in_days\"],"
     "\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":100},\"role\":{\"type\":"
     "\"string\",\"maxLength\":32},\"expires_in_days\":{\"type\":\"integer\",\"minimum\":1,"
     "\"maximum\":730},\"scope_org_unit_id\":{\"type\":\"integer\",\"minimum\":1}}}",
     NULL, 0},
    {"Token", JSON, OBJ("an API token: name, role, scope, expiry (never its secret)"), NULL, 0},
    {"NewToken", JSON,
     "{\"type\":\"object\",\"description\":\"a new API token: the secret (token) is shown "
     "this once\",\"required\":[\"token\"],\"properties\":{\"token\":{\"type\":"
     "\"string\"}}}",
     NULL, 0},
    {"PasswordSet", JSON,
     "{\"type\":\"object\",\"required\":[\"password\"],\"properties\":{\"password\":{"
     "\"type\":\"string\"}}}",
     NULL, 0},
    {"UserPerson", JSON, OBJ("person_id, or null to unlink"), NULL, 0},
    {"OrgUnitImport", JSON,
     "{\"type\":\"object\",\"required\":[\"created\"],\"properties\":{\"created\":{\"type\":"
     "\"integer\"}}}",
     NULL, 0},
    {"AuditRow", JSON, OBJ("an audit row: who did what to which record, when"), NULL, 0},
    {"AuditVerify", JSON, OBJ("the audit hash chain's check"), NULL, 0},
    {"Reason", JSON, OBJ("the reason, and the fields the action takes"), NULL, 0},
    {"Action", JSON, OBJ("what the action takes (see the summary)"), NULL, 0},
    {"Result", JSON, OBJ("the action's result"), NULL, 0},
    {"Catalogue", JSON, OBJ("declarations of the active configuration"), NULL, 0},
    {"Reports", JSON, LIST("reports", "the declared reports"), NULL, 0},
    {"ReportParams", JSON, OBJ("the report's parameters"), NULL, 0},
    {"ReportResult", JSON, OBJ("the report's columns and rows"), CSV, 0},
    {"ReportRuns", JSON, LIST("runs", "report runs"), NULL, 0},
    {"ImportJobs", JSON, LIST("imports", "the caller's import jobs, newest first"), NULL, 0},
    {"ImportJob", JSON,
     "{\"description\":\"an import job's progress (202, GET), or with ?wait=1 the finished "
     "import (200)\",\"anyOf\":[{\"type\":\"object\",\"required\":[\"id\",\"kind\",\"status\","
     "\"done\",\"total\",\"partial\"],\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{"
     "\"type\":\"string\",\"enum\":[\"people\",\"positions\",\"assignments\"]},\"status\":{"
     "\"type\":\"string\",\"enum\":[\"running\",\"done\",\"failed\"]},\"done\":{\"type\":"
     "\"integer\"},\"total\":{\"type\":\"integer\"},\"partial\":{\"type\":\"boolean\"},"
     "\"result\":{\"type\":\"object\"},\"rejects_url\":{\"type\":\"string\"}}},{\"$ref\":"
     "\"#/components/schemas/ImportResult\"}]}",
     NULL, 0},
    {"ImportResult", JSON,
     "{\"type\":\"object\",\"required\":[\"rows\",\"created\",\"existing\",\"rejected\","
     "\"errors\"],\"properties\":{\"rows\":{\"type\":\"integer\"},\"created\":{\"type\":"
     "\"integer\"},\"existing\":{\"type\":\"integer\"},\"rejected\":{\"type\":\"integer\"},"
     "\"errors\":{\"type\":\"array\"},\"rejects_csv\":{\"type\":\"string\"}}}",
     NULL, 0},
    {"Export", JSON, "{\"type\":\"array\",\"items\":{\"type\":\"object\"}}", CSV, 0},
    {"Dhis2DataValueSet", JSON,
     "{\"type\":\"object\",\"description\":\"a DHIS2 dataValueSets document (or, with "
     "format=adx, an ADX XML document)\",\"required\":[\"dataSet\",\"period\",\"dataValues\"],"
     "\"properties\":{\"dataSet\":{\"type\":\"string\"},\"period\":{\"type\":\"string\"},"
     "\"idScheme\":{\"type\":\"string\"},\"orgUnitIdScheme\":{\"type\":\"string\"},"
     "\"attributeOptionCombo\":{\"type\":\"string\"},\"dataValues\":{\"type\":\"array\","
     "\"items\":{\"type\":\"object\",\"required\":[\"dataElement\",\"period\",\"orgUnit\","
     "\"value\"],\"properties\":{\"dataElement\":{\"type\":\"string\"},\"period\":{\"type\":"
     "\"string\"},\"orgUnit\":{\"type\":\"string\"},\"categoryOptionCombo\":{\"type\":"
     "\"string\"},\"value\":{\"type\":\"string\"}}}}}}",
     "application/adx+xml", 0},
    {"Figures", JSON,
     "{\"type\":\"object\",\"description\":\"one row per child unit of the org unit (or of "
     "the caller's scope) and the total\",\"required\":[\"figures\",\"rows\",\"total\"],"
     "\"properties\":{\"figures\":{\"type\":\"string\",\"enum\":[\"supervision\",\"pay\","
     "\"support\",\"activity\",\"retention\"]},\"period\":{\"type\":\"string\",\"nullable\":true},"
     "\"to\":{"
     "\"type\":\"string\"},\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
     "\"required\":[\"org_unit\"],\"properties\":{\"org_unit\":{\"type\":\"object\","
     "\"required\":[\"id\",\"code\",\"name\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
     "\"code\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"}}}}}},\"total\":{\"type\":"
     "\"object\"}}}",
     NULL, 0},
    {"Report", JSON, OBJ("a computed report (eligibility, impact, candidates, ...)"), NULL, 0},
    {"ConfigProposal", JSON,
     "{\"type\":\"object\",\"required\":[\"message\",\"files\"],\"properties\":{\"message\":{"
     "\"type\":\"string\"},\"parent\":{\"type\":\"string\"},\"files\":{\"type\":\"object\","
     "\"description\":\"each path to its new text, or to null to delete it\","
     "\"additionalProperties\":{\"type\":\"string\",\"nullable\":true}}}}",
     NULL, 0},
    {"ConfigCommit", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"author\"],\"properties\":{\"commit\":{"
     "\"type\":\"string\"},\"author\":{\"type\":\"string\"}}}",
     NULL, 0},
    {"ConfigTag", JSON,
     "{\"type\":\"object\",\"required\":[\"name\",\"commit\"],\"properties\":{\"name\":{"
     "\"type\":\"string\",\"maxLength\":100},\"commit\":{\"type\":\"string\"},\"message\":{"
     "\"type\":\"string\"}}}",
     NULL, 0},
    {"ConfigActivate", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"expected_live\",\"reason\"],"
     "\"properties\":{\"commit\":{\"type\":\"string\"},\"expected_live\":{\"type\":"
     "\"string\"},\"reason\":{\"type\":\"string\",\"maxLength\":1000}}}",
     NULL, 0},
    {"ConfigVersions", JSON, LIST("versions", "configuration versions, newest first"), NULL, 0},
    {"ConfigFiles", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"files\"],\"properties\":{\"commit\":{"
     "\"type\":\"string\"},\"files\":{\"type\":\"array\"}}}",
     NULL, 0},
    {"ConfigRollouts", JSON, LIST("rollouts", "activations, newest first"), NULL, 0},
    {"ConfigLive", JSON,
     "{\"type\":\"object\",\"required\":[\"live\",\"serving\"],\"properties\":{\"live\":{"
     "\"type\":\"string\"},\"serving\":{\"type\":\"string\"}}}",
     NULL, 0},
    /* Records that have no field table in domain/schema yet (they move there when they do). */
    {"Organisation", JSON, OBJ("an organisation (employer, funder, partner)"), NULL, 0},
    {"User", JSON, OBJ("a user account (never its password)"), NULL, 0},
    {"Enrolment", JSON, OBJ("a trainee's enrolment: attendance, result, travel"), NULL, 0},
    {"PriorLearning", JSON, OBJ("recognised prior learning or experience"), NULL, 0},
    {"Certificate", JSON, OBJ("a certificate: number, holder, validity"), NULL, 0},
    {"Move", JSON, OBJ("a promotion or lateral move"), NULL, 0},
    {"Supervision", JSON, OBJ("a supervisor assigned to a worker"), NULL, 0},
    {"SupervisionSession", JSON, OBJ("a supervision session"), NULL, 0},
    {"Payment", JSON, OBJ("a payment, stipend, allowance or reimbursement"), NULL, 0},
    {"SupportActivity", JSON, OBJ("a support or wellness activity"), NULL, 0},
    {"ActivityReturn", JSON, OBJ("a worker's monthly counts by activity type"), NULL, 0},
    {"Test", JSON, OBJ("test-only"), NULL, 0},
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
