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
    {"PopulationImport", JSON,
     "{\"type\":\"object\",\"required\":[\"figures\",\"rows\"],\"properties\":{\"figures\":{"
     "\"type\":\"integer\",\"description\":\"figures written\"},\"rows\":{\"type\":"
     "\"integer\",\"description\":\"data rows read\"}}}",
     NULL, 0},
    {"AuditRow", JSON, OBJ("an audit row: who did what to which record, when"), NULL, 0},
    {"AuditVerify", JSON, OBJ("the audit hash chain's check"), NULL, 0},
    {"Reason", JSON, OBJ("the reason, and the fields the action takes"), NULL, 0},
    {"Action", JSON, OBJ("what the action takes (see the summary)"), NULL, 0},
    {"Result", JSON, OBJ("the action's result"), NULL, 0},
    /* The catalogue and reports: a declaration's "name" or "title" is a text or one per
     * language, so it has no type. */
    {"Catalogue", JSON,
     "{\"type\":\"object\",\"description\":\"declarations of the active configuration, each ki"
     "nd a list (the country an object), with the configuration's id and generation\",\"requir"
     "ed\":[\"source\",\"generation\",\"groups\",\"cadres\",\"jobs\",\"fields\",\"courses\",\""
     "certifications\",\"moves\",\"pay\",\"reports\",\"standards\",\"hooks\",\"tests\",\"super"
     "vision\",\"activities\"],\"properties\":{\"country\":{\"type\":\"object\"},\"warnings\":"
     "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"message\"],\"properti"
     "es\":{\"file\":{\"type\":\"string\"},\"line\":{\"type\":\"integer\"},\"message\":{\"type"
     "\":\"string\"},\"standard\":{\"type\":\"string\"},\"severity\":{\"type\":\"string\"}}}},"
     "\"source\":{\"type\":\"string\"},\"generation\":{\"type\":\"integer\"},\"groups\":{\"typ"
     "e\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}},\"cadres\":{\"t"
     "ype\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}},\"jobs\":{\"t"
     "ype\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}},\"fields\":{\""
     "type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}},\"courses\":"
     "{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}},\"certifi"
     "cations\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}}"
     ",\"moves\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}"
     "},\"pay\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\"}}"
     ",\"reports\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declaration\""
     "}},\"standards\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declarat"
     "ion\"}},\"hooks\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declara"
     "tion\"}},\"tests\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Declar"
     "ation\"}},\"supervision\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas"
     "/Declaration\"}},\"activities\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/s"
     "chemas/Declaration\"}}},\"additionalProperties\":{\"type\":\"array\",\"items\":{\"$ref\""
     ":\"#/components/schemas/Declaration\"}}}",
     NULL, 0},
    {"Declaration", JSON,
     "{\"type\":\"object\",\"description\":\"one declaration: its fields as the configuration "
     "gives them, and where (file:line)\",\"required\":[\"source\"],\"properties\":{\"id\":{\""
     "type\":\"string\"},\"source\":{\"type\":\"string\"}}}",
     NULL, 0},
    {"CatalogueKind", JSON,
     "{\"type\":\"object\",\"description\":\"one kind of declaration: a list (the country: an "
     "object)\",\"additionalProperties\":false,\"required\":[\"kind\",\"items\",\"source\",\"g"
     "eneration\"],\"properties\":{\"kind\":{\"type\":\"string\"},\"items\":{},\"source\":{\"t"
     "ype\":\"string\"},\"generation\":{\"type\":\"integer\"}}}",
     NULL, 0},
    {"Reports", JSON,
     "{\"type\":\"object\",\"description\":\"the declared reports\",\"additionalProperties\":f"
     "alse,\"required\":[\"reports\"],\"properties\":{\"reports\":{\"type\":\"array\",\"items\""
     ":{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"}"
     ",\"title\":{},\"columns\":{\"type\":\"array\"},\"params\":{}}}}}}",
     NULL, 0},
    {"ReportParams", JSON,
     "{\"type\":\"object\",\"description\":\"the report's parameters (as its declaration names"
     " them)\",\"additionalProperties\":false,\"properties\":{\"params\":{\"type\":\"object\"}"
     "}}",
     NULL, 0},
    {"ReportResult", JSON,
     "{\"type\":\"object\",\"description\":\"the report's columns and rows, and the run record"
     "ed\",\"additionalProperties\":false,\"required\":[\"report\",\"columns\",\"rows\",\"sour"
     "ce\",\"generation\",\"config_commit\",\"run_id\"],\"properties\":{\"report\":{\"type\":\""
     "string\"},\"title\":{},\"columns\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
     "\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},\"source\":{\"type\":\"str"
     "ing\"},\"generation\":{\"type\":\"integer\"},\"config_commit\":{\"type\":\"string\"},\"r"
     "un_id\":{\"type\":\"integer\"}}}",
     CSV, 0},
    {"Lattice", JSON,
     "{\"type\":\"object\",\"description\":\"the career lattice as a graph: cadres and their m"
     "oves\",\"additionalProperties\":false,\"required\":[\"nodes\",\"edges\",\"config_id\"],\""
     "properties\":{\"nodes\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalP"
     "roperties\":false,\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"},\"n"
     "ame\":{},\"group\":{\"type\":\"string\",\"nullable\":true},\"level\":{\"type\":\"integer"
     "\",\"nullable\":true}}}},\"edges\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\""
     "additionalProperties\":false,\"required\":[\"id\",\"from\",\"to\",\"kind\"],\"properties"
     "\":{\"id\":{\"type\":\"string\"},\"from\":{\"type\":\"string\"},\"to\":{\"type\":\"strin"
     "g\"},\"kind\":{\"type\":\"string\",\"enum\":[\"vertical\",\"lateral\"]},\"bridging\":{}}"
     "}},\"config_id\":{\"type\":\"string\"}}}",
     NULL, 0},
    {"Replacements", JSON,
     "{\"type\":\"object\",\"description\":\"posts left by a move that still await a trained r"
     "eplacement\",\"additionalProperties\":false,\"required\":[\"items\"],\"properties\":{\"i"
     "tems\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":false"
     ",\"required\":[\"position_id\",\"since_date\",\"title\",\"cadre\",\"org_unit_id\"],\"pro"
     "perties\":{\"position_id\":{\"type\":\"integer\"},\"since_date\":{\"type\":\"string\",\""
     "format\":\"date\"},\"career_move_id\":{\"type\":\"integer\",\"nullable\":true},\"title\""
     ":{\"type\":\"string\"},\"cadre\":{\"type\":\"string\"},\"level\":{\"type\":\"string\",\""
     "nullable\":true},\"org_unit_id\":{\"type\":\"integer\"},\"promoted_person_id\":{\"type\""
     ":\"integer\",\"nullable\":true},\"move\":{\"type\":\"string\",\"nullable\":true}}}}}}",
     NULL, 0},
    {"ReportRuns", JSON,
     "{\"type\":\"object\",\"description\":\"report runs the caller may see, newest first\","
     "\"required\":[\"runs\"],\"additionalProperties\":false,\"properties\":{\"runs\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":false,"
     "\"required\":[\"id\",\"report_id\",\"params\",\"run_by\",\"config_commit\",\"format\","
     "\"via\",\"row_count\",\"run_at\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
     "\"report_id\":{\"type\":\"string\"},\"params\":{\"type\":\"object\"},\"run_by\":{"
     "\"type\":\"string\"},\"user_id\":{\"type\":\"integer\",\"nullable\":true},"
     "\"scope_path\":{\"type\":\"string\"},\"config_commit\":{\"type\":\"string\"},"
     "\"format\":{\"type\":\"string\",\"enum\":[\"json\",\"csv\"]},\"via\":{\"type\":"
     "\"string\",\"enum\":[\"api\",\"cli\"]},\"row_count\":{\"type\":\"integer\"},"
     "\"request_id\":{\"type\":\"string\",\"nullable\":true},\"run_at\":{\"type\":"
     "\"string\",\"format\":\"date-time\"}}}}}}",
     NULL, 0},
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
    {"SupervisionSessions", JSON,
     "{\"type\":\"object\",\"required\":[\"items\",\"supervised_minutes\"],\"additionalProperties\""
     ":false,\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/"
     "schemas/supervision_session\"}},\"supervised_minutes\":{\"type\":\"integer\"},\"since\":{"
     "\"type\":\"string\",\"format\":\"date\",\"nullable\":true}}}",
     NULL, 0},
    /* Training and careers (the records' own schemas come from domain/schema_training.c).
     * A declaration's "name" is a text or one per language, so it has no type. */
    {"Eligibility", JSON,
     "{\"type\":\"object\",\"description\":\"every declared certification's rule on the "
     "person's dossier\",\"additionalProperties\":false,\"required\":[\"person_id\",\"as_of\","
     "\"config_id\",\"items\"],\"properties\":{\"person_id\":{\"type\":\"integer\"},\"as_of\":"
     "{\"type\":\"string\",\"format\":\"date\"},\"config_id\":{\"type\":\"string\"},\"items\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":false,"
     "\"required\":[\"certification\",\"eligible\",\"missing\",\"config_id\"],\"properties\":{"
     "\"certification\":{\"type\":\"string\"},\"name\":{},\"eligible\":{\"type\":"
     "\"boolean\"},\"missing\":{\"type\":\"array\"},\"config_id\":{\"type\":\"string\"},"
     "\"error\":{\"$ref\":\"#/components/schemas/RuleError\"}}}}}}",
     NULL, 0},
    {"RuleError", JSON,
     "{\"type\":\"object\",\"description\":\"a rule that failed for this person: where and "
     "why\",\"required\":[\"message\"],\"properties\":{\"file\":{\"type\":\"string\"},"
     "\"line\":{\"type\":\"integer\"},\"message\":{\"type\":\"string\"}}}",
     NULL, 0},
    {"CareerOptions", JSON,
     "{\"type\":\"object\",\"description\":\"the moves a person may make now, and what is "
     "missing for the others\",\"additionalProperties\":false,\"required\":[\"person_id\","
     "\"current\",\"config_id\",\"eligible\",\"others\"],\"properties\":{\"person_id\":{"
     "\"type\":\"integer\"},\"current\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
     "\"config_id\":{\"type\":\"string\"},\"eligible\":{\"type\":\"array\",\"items\":{\"$ref\":"
     "\"#/components/schemas/CareerOption\"}},\"others\":{\"type\":\"array\",\"items\":{"
     "\"$ref\":\"#/components/schemas/CareerOption\"}}}}",
     NULL, 0},
    {"CareerOption", JSON,
     "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"move\",\"to\","
     "\"kind\"],\"properties\":{\"move\":{\"type\":\"string\"},\"to\":{\"type\":\"string\"},"
     "\"kind\":{\"type\":\"string\",\"enum\":[\"vertical\",\"lateral\"]},\"bridging\":{},"
     "\"description\":{},\"missing\":{\"type\":\"array\"},\"error\":{\"$ref\":"
     "\"#/components/schemas/RuleError\"}}}",
     NULL, 0},
    {"Candidates", JSON,
     "{\"type\":\"object\",\"description\":\"holders of the move's from-cadre in the org unit, "
     "eligible first\",\"additionalProperties\":false,\"required\":[\"move\",\"from\",\"to\","
     "\"config_id\",\"evaluated\",\"items\"],\"properties\":{\"move\":{\"type\":\"string\"},"
     "\"from\":{\"type\":\"string\"},\"to\":{\"type\":\"string\"},\"config_id\":{\"type\":"
     "\"string\"},\"evaluated\":{\"type\":\"integer\"},\"items\":{\"type\":\"array\",\"items\":"
     "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"person_id\","
     "\"given_name\",\"family_name\",\"eligible\",\"missing\"],\"properties\":{\"person_id\":{"
     "\"type\":\"integer\"},\"given_name\":{\"type\":\"string\"},\"family_name\":{\"type\":"
     "\"string\"},\"eligible\":{\"type\":\"boolean\"},\"missing\":{\"type\":\"array\"},"
     "\"error\":{\"$ref\":\"#/components/schemas/RuleError\"}}}}}}",
     NULL, 0},
    {"MoveRecorded", JSON,
     "{\"type\":\"object\",\"description\":\"the move, the assignment it ended and the one it "
     "started, and the post now awaiting a trained replacement\",\"additionalProperties\":false,"
     "\"required\":[\"career_move\",\"ended\",\"started\",\"replacement\"],\"properties\":{"
     "\"career_move\":{\"$ref\":\"#/components/schemas/career_move\"},\"ended\":{\"$ref\":"
     "\"#/components/schemas/assignment\"},\"started\":{\"$ref\":\"#/components/schemas/"
     "assignment\"},\"replacement\":{\"type\":\"object\","
     "\"additionalProperties\":false,\"required\":[\"position_id\",\"since_date\","
     "\"replacement_must_be_trained\"],\"properties\":{\"position_id\":{\"type\":\"integer\"},"
     "\"since_date\":{\"type\":\"string\",\"format\":\"date\"},\"career_move_id\":{\"type\":"
     "\"integer\",\"nullable\":true},\"replacement_must_be_trained\":{\"type\":\"boolean\"}}}}}",
     NULL, 0},
    {"CertificatesDue", JSON,
     "{\"type\":\"object\",\"description\":\"certificates expiring, or holders due a "
     "refresher, from today until the date\",\"additionalProperties\":false,\"required\":["
     "\"from\",\"until\",\"items\"],\"properties\":{\"from\":{\"type\":\"string\",\"format\":"
     "\"date\"},\"until\":{\"type\":\"string\",\"format\":\"date\"},\"items\":{\"type\":"
     "\"array\",\"items\":{\"$ref\":\"#/components/schemas/certificate\"}}}}",
     NULL, 0},
    {"CertificateCheck", JSON,
     "{\"type\":\"object\",\"description\":\"the public answer for a certificate number\","
     "\"additionalProperties\":false,\"required\":[\"number\",\"valid\",\"status\",\"holder\"],"
     "\"properties\":{\"number\":{\"type\":\"string\"},\"certification\":{\"type\":"
     "\"string\"},\"issued_date\":{\"type\":\"string\",\"format\":\"date\"},"
     "\"valid\":{\"type\":\"boolean\"},\"status\":{\"type\":\"string\",\"enum\":[\"valid\","
     "\"expired\",\"revoked\"]},\"holder\":"
     "{\"type\":\"string\"},\"valid_until\":{\"type\":\"string\",\"format\":\"date\","
     "\"nullable\":true}}}",
     NULL, 0},
    {"Dashboard", JSON,
     "{\"type\":\"object\",\"description\":\"the dashboard's figures for the caller's "
     "area; a part the caller may not read is absent\",\"required\":[\"org_unit\","
     "\"period\",\"names\"],\"properties\":{\"org_unit\":{\"type\":\"integer\"},"
     "\"period\":{\"type\":\"string\"},\"names\":{\"type\":\"object\",\"description\":"
     "\"cadres and certifications as [{id, "
     "name}]\"},\"people\":{\"type\":\"object\",\"required\":[\"active\","
     "\"by_cadre\",\"by_unit\"],\"properties\":{\"active\":{\"type\":\"integer\"},"
     "\"by_cadre\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}},"
     "\"by_unit\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":["
     "\"org_unit\",\"people\"],\"properties\":{\"org_unit\":{\"type\":\"object\"},"
     "\"people\":{\"type\":\"integer\"}}}}}},\"vacant\":{\"type\":\"object\","
     "\"required\":[\"total\",\"by_cadre\"],\"properties\":{\"total\":{\"type\":"
     "\"integer\"},\"by_cadre\":{\"type\":\"object\",\"additionalProperties\":{"
     "\"type\":\"integer\"}}}},\"expiring\":{\"type\":\"object\",\"required\":["
     "\"days\",\"total\",\"by_certification\"],\"properties\":{\"days\":{\"type\":"
     "\"integer\"},\"total\":{\"type\":\"integer\"},\"by_certification\":{\"type\":"
     "\"object\",\"additionalProperties\":{\"type\":\"integer\"}}}},\"supervision\":{"
     "\"type\":\"object\"},\"pay\":{\"type\":\"object\"}}}",
     NULL, 0},
    {"FigurePeople", JSON,
     "{\"type\":\"object\",\"description\":\"the workers behind a figure, with why each "
     "is counted\",\"required\":[\"figure\",\"org_unit\",\"total\",\"items\"],"
     "\"properties\":{\"figure\":{\"type\":\"string\",\"enum\":[\"without_supervisor\","
     "\"no_recent_session\",\"without_support\",\"below_minimum\","
     "\"volunteers_without_reimbursement\"]},\"period\":{\"type\":\"string\",\"nullable\":true},"
     "\"org_unit\":{\"type\":\"integer\",\"description\":\"0: everywhere\"},\"total\":"
     "{\"type\":\"integer\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":"
     "\"object\",\"required\":[\"person_id\",\"given_name\",\"family_name\","
     "\"org_unit_id\",\"org_unit_name\"],\"properties\":{\"person_id\":{\"type\":"
     "\"integer\"},\"given_name\":{\"type\":\"string\"},\"family_name\":{\"type\":"
     "\"string\"},\"org_unit_id\":{\"type\":\"integer\"},\"org_unit_name\":{\"type\":"
     "\"string\"},\"last_session\":{\"type\":\"string\",\"nullable\":true},\"last_support\":"
     "{\"type\":\"string\",\"nullable\":true},\"since\":{\"type\":\"string\",\"nullable\":"
     "true},\"paid\":{\"type\":\"number\"},\"minimum\":{\"type\":\"number\"},"
     "\"currency\":{\"type\":\"string\",\"nullable\":true},\"funder\":{\"type\":"
     "\"string\",\"nullable\":true},\"funder_name\":{\"type\":\"string\",\"nullable\":"
     "true},\"engagement\":{\"type\":\"string\",\"nullable\":"
     "true}}}}}}",
     NULL, 0},
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
