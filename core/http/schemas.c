#include "http/schemas.h"
#include "util/error.h"

#include <pthread.h>
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
     "report\"},\"errors\":{\"type\":\"array\",\"description\":\"when a record has several fi"
     "eld errors, all of them (the first is also code/field/message)\",\"items\":{\"type\":\"ob"
     "ject\",\"required\":[\"message\"],\"additionalProperties\":false,\"properties\":{\"fie"
     "ld\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}}}}}}}}",
     NULL, 0},
    {"Health", JSON,
     "{\"type\":\"object\",\"required\":[\"status\",\"database\",\"version\"],\"properties\":{"
     "\"status\":{\"type\":\"string\",\"enum\":[\"ok\",\"degraded\",\"unavailable\"]},"
     "\"database\":{\"type\":\"string\",\"description\":\"ok,"
     " or why the database does not answer\"},\"version\":{\"type\":\"string\"},\"reason\":{"
     "\"type\":\"string\",\"enum\":[\"storage_full\"]},\"message\":{\"type\":\"string\"},"
     "\"schema_version\":{\"type\":\"integer\"}},\"additionalProperties\":false}",
     NULL, 503},
    {"Languages", JSON,
     "{\"type\":\"object\",\"description\":\"the live configuration's languages in its order "
     "(kazi.country{languages}) and the one used when a request asks for none\","
     "\"required\":[\"languages\",\"default\"],\"properties\":{\"languages\":{\"type\":"
     "\"array\",\"items\":{\"type\":\"object\",\"required\":[\"code\",\"name\"],"
     "\"properties\":{\"code\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"}},"
     "\"additionalProperties\":false}},\"default\":{\"type\":\"string\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"Translation", JSON,
     "{\"type\":\"object\",\"description\":\"a declared language: the UI strings its "
     "kazi.translation gives (by key), and how many of Kazi's English UI strings and "
     "translatable messages it covers (missing ones fall back to the default language, "
     "then English)\",\"required\":[\"language\",\"ui\",\"complete\"],\"properties\":{"
     "\"language\":{\"type\":\"string\"},\"ui\":{\"type\":\"object\","
     "\"additionalProperties\":{\"type\":\"string\"}},\"complete\":{\"type\":\"object\","
     "\"required\":[\"ui\",\"messages\"],\"additionalProperties\":false,\"properties\":{"
     "\"ui\":{\"$ref\":\"#/components/schemas/Completeness\"},\"messages\":{\"$ref\":"
     "\"#/components/schemas/Completeness\"}}}},\"additionalProperties\":false}",
     NULL, 0},
    {"Completeness", JSON,
     "{\"type\":\"object\",\"required\":[\"have\",\"of\"],\"properties\":{\"have\":{"
     "\"type\":\"integer\"},\"of\":{\"type\":\"integer\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"LanguageCompleteness", JSON,
     "{\"type\":\"object\",\"description\":\"how complete one declared language of a "
     "configuration is; what it lacks falls back to the fallback language, then English\","
     "\"required\":[\"language\",\"name\",\"ui\",\"messages\",\"fallback\"],\"properties\":{"
     "\"language\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"ui\":{"
     "\"$ref\":\"#/components/schemas/Completeness\"},\"messages\":{"
     "\"$ref\":\"#/components/schemas/Completeness\"},\"fallback\":{\"type\":\"string\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"Metrics", "text/plain; version=0.0.4; charset=utf-8", STR, NULL, 0},
    {"OpenApi", JSON, "{\"type\":\"object\",\"required\":[\"openapi\",\"info\",\"paths\"]}", NULL,
     0},
    {"Csv", CSV, STR, NULL, 0},
    {"ConfigFile", "text/plain; charset=utf-8", STR, "application/octet-stream", 0},
    {"Login", JSON,
     "{\"type\":\"object\",\"required\":[\"username\",\"password\"],\"properties\":{"
     "\"username\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64},\"password\":{"
     "\"type\":\"string\",\"minLength\":1},\"totp\":{\"type\":\"string\",\"maxLength\":16},"
     "\"recovery_code\":{\"type\":\"string\",\"maxLength\":32}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"Session", JSON,
     "{\"type\":\"object\","
     "\"description\":\"the signed-in principal: user (absent for an API token), role,"
     " permissions, scope, CSRF token\",\"required\":[\"kind\",\"name\",\"roles\",\"permissions\","
     "\"scope\",\"mfa_pending\",\"csrf_token\",\"idle_timeout_s\",\"absolute_timeout_s\"],"
     "\"properties\":{\"kind\":{\"type\":\"string\",\"enum\":[\"user\",\"token\"]},\"name\":{"
     "\"type\":\"string\"},\"roles\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
     "\"permissions\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"scope\":{"
     "\"type\":\"object\",\"required\":[\"id\",\"code\",\"name\",\"depth\",\"level\","
     "\"parent_id\"],\"properties\":{\"id\":{\"type\":\"integer\"},\"code\":{\"type\":\"string\"},"
     "\"name\":{\"type\":\"string\"},\"depth\":{\"type\":\"integer\"},\"level\":{"
     "\"type\":\"string\"},\"parent_id\":{\"type\":\"integer\",\"nullable\":true}},"
     "\"additionalProperties\":false,"
     "\"description\":\"the org unit the caller is scoped to; null: national\",\"nullable\":true},"
     "\"mfa_pending\":{\"type\":\"boolean\"},\"csrf_token\":{\"type\":\"string\","
     "\"description\":\"send it as X-CSRF-Token on writes; null for an API token\","
     "\"nullable\":true},\"idle_timeout_s\":{\"type\":\"integer\"},\"absolute_timeout_s\":{"
     "\"type\":\"integer\"},\"user\":{\"$ref\":\"#/components/schemas/User\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"PasswordChange", JSON,
     "{\"type\":\"object\",\"required\":[\"current_password\",\"new_password\"],"
     "\"properties\":{\"current_password\":{\"type\":\"string\"},\"new_password\":{\"type\":"
     "\"string\"}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"TotpSecret", JSON,
     "{\"type\":\"object\",\"required\":[\"secret\",\"otpauth_uri\",\"digits\",\"period\"],"
     "\"properties\":{\"secret\":{\"type\":\"string\"},\"otpauth_uri\":{\"type\":\"string\"},"
     "\"digits\":{\"type\":\"integer\"},\"period\":{\"type\":\"integer\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"TotpCode", JSON,
     "{\"type\":\"object\",\"required\":[\"code\"],\"properties\":{\"code\":{\"type\":"
     "\"string\",\"maxLength\":16}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"TotpEnabled", JSON,
     "{\"type\":\"object\",\"required\":[\"totp_enabled\",\"recovery_codes\"],\"properties\":{"
     "\"totp_enabled\":{\"type\":\"boolean\"},\"recovery_codes\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"string\"}}},\"additionalProperties\":false}",
     NULL, 0},
    {"Roles", JSON,
     "{\"type\":\"object\",\"required\":[\"roles\"],\"properties\":{\"roles\":{\"type\":\"array\","
     "\"items\":{\"type\":\"object\",\"required\":[\"role\",\"description\",\"scope\","
     "\"permissions\"],\"properties\":{\"role\":{\"type\":\"string\"},\"description\":{"
     "\"type\":\"string\"},\"scope\":{\"type\":\"string\",\"enum\":[\"national\",\"required\","
     "\"optional\"]},\"permissions\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
     "\"description\":\"a permission, or * for all\"}}},\"additionalProperties\":false}}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"TokenRequest", JSON,
     "{\"type\":\"object\",\"required\":[\"name\",\"role\",\"expires_in_days\"],"
     "\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":100},\"role\":{\"type\":"
     "\"string\",\"maxLength\":32},\"expires_in_days\":{\"type\":\"integer\",\"minimum\":1,"
     "\"maximum\":730},\"scope_org_unit_id\":{\"type\":\"integer\",\"minimum\":1}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"Token", JSON,
     "{\"type\":\"object\",\"description\":\"an API token: name, role, scope,"
     " expiry (never its secret)\",\"required\":[\"id\",\"name\",\"prefix\",\"role\","
     "\"expires_at\",\"created_at\",\"scope_org_unit_id\",\"revoked_at\",\"last_used_at\"],"
     "\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"prefix\":{"
     "\"type\":\"string\",\"description\":\"the first characters of the secret,"
     " to recognise it\"},\"role\":{\"type\":\"string\"},\"expires_at\":{\"type\":\"integer\","
     "\"description\":\"ms since the epoch\"},\"created_at\":{\"type\":\"integer\"},"
     "\"scope_org_unit_id\":{\"type\":\"integer\",\"nullable\":true},\"revoked_at\":{"
     "\"type\":\"integer\",\"nullable\":true},\"last_used_at\":{\"type\":\"integer\","
     "\"nullable\":true}},\"additionalProperties\":false}",
     NULL, 0},
    {"NewToken", JSON,
     "{\"type\":\"object\","
     "\"description\":\"a new API token: the secret (token) is shown this once\",\"required\":["
     "\"id\",\"name\",\"prefix\",\"role\",\"expires_at\",\"created_at\",\"scope_org_unit_id\","
     "\"revoked_at\",\"last_used_at\",\"token\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
     "\"name\":{\"type\":\"string\"},\"prefix\":{\"type\":\"string\","
     "\"description\":\"the first characters of the secret, to recognise it\"},\"role\":{"
     "\"type\":\"string\"},\"expires_at\":{\"type\":\"integer\","
     "\"description\":\"ms since the epoch\"},\"created_at\":{\"type\":\"integer\"},"
     "\"scope_org_unit_id\":{\"type\":\"integer\",\"nullable\":true},\"revoked_at\":{"
     "\"type\":\"integer\",\"nullable\":true},\"last_used_at\":{\"type\":\"integer\","
     "\"nullable\":true},\"token\":{\"type\":\"string\",\"description\":\"the secret,"
     " shown this once\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"PasswordSet", JSON,
     "{\"type\":\"object\",\"required\":[\"password\"],\"properties\":{\"password\":{"
     "\"type\":\"string\"}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"UserPerson", JSON, OBJ("person_id, or null to unlink"), NULL, 0},
    {"OrgUnitImport", JSON,
     "{\"type\":\"object\",\"required\":[\"created\"],\"properties\":{\"created\":{"
     "\"type\":\"integer\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"OrgUnitChange", JSON,
     "{\"type\":\"object\","
     "\"description\":\"a new code or name (the place in the hierarchy does not change here)\","
     "\"properties\":{\"code\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64},\"name\":{"
     "\"type\":\"string\",\"minLength\":1,\"maxLength\":200}},\"additionalProperties\":false}",
     NULL, 0},
    {"AuditRow", JSON,
     "{\"type\":\"object\",\"description\":\"an audit row: who did what to which record, when\","
     "\"required\":[\"id\",\"at\",\"actor\",\"action\",\"entity_type\",\"entity_id\","
     "\"actor_user_id\",\"before\",\"after\",\"request_id\",\"client_addr\",\"config_version\","
     "\"prev_hash\",\"hash\"],\"properties\":{\"id\":{\"type\":\"integer\"},\"at\":{"
     "\"type\":\"integer\",\"description\":\"ms since the epoch\"},\"actor\":{"
     "\"type\":\"string\"},\"action\":{\"type\":\"string\"},\"entity_type\":{\"type\":\"string\"},"
     "\"entity_id\":{\"type\":\"string\",\"nullable\":true},\"actor_user_id\":{"
     "\"type\":\"integer\",\"nullable\":true},\"before\":{"
     "\"description\":\"the record before the action (any JSON), or null\"},\"after\":{"
     "\"description\":\"the record after the action (any JSON), or null\"},\"request_id\":{"
     "\"type\":\"string\",\"nullable\":true},\"client_addr\":{\"type\":\"string\","
     "\"nullable\":true},\"config_version\":{\"type\":\"string\",\"nullable\":true},"
     "\"prev_hash\":{\"type\":\"string\"},\"hash\":{\"type\":\"string\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"PersonChange", JSON,
     "{\"type\":\"object\",\"description\":\"one change to a record, from the audit trail\","
     "\"required\":[\"id\",\"changed_at\",\"actor\",\"action\"],\"properties\":{\"id\":{"
     "\"type\":\"integer\"},\"changed_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
     "\"actor\":{\"type\":\"string\"},\"action\":{\"type\":\"string\"},\"entity_id\":{"
     "\"type\":\"string\",\"nullable\":true},\"before\":{"
     "\"description\":\"the record before the change (any JSON), or null\"},\"after\":{"
     "\"description\":\"the record after the change (any JSON), or null\"},\"request_id\":{"
     "\"type\":\"string\",\"nullable\":true}},\"additionalProperties\":false}",
     NULL, 0},
    {"AuditVerify", JSON,
     "{\"type\":\"object\",\"description\":\"the audit hash chain's check\",\"required\":[\"ok\","
     "\"rows\",\"head\"],\"properties\":{\"ok\":{\"type\":\"boolean\"},\"rows\":{"
     "\"type\":\"integer\"},\"head\":{\"type\":\"string\"},\"bad_row\":{\"type\":\"integer\"},"
     "\"problem\":{\"type\":\"string\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"PopulationFigures", JSON,
     "{\"type\":\"object\",\"description\":\"an org unit's population figures by year and group, "
     "each its own or summed from below, or said to be missing\",\"required\":[\"org_unit_id\","
     "\"year\",\"groups\",\"figures\"],\"properties\":{\"org_unit_id\":{\"type\":\"integer\"},"
     "\"year\":{\"type\":\"integer\",\"nullable\":true},\"groups\":{\"type\":\"array\","
     "\"description\":\"the declared population groups\",\"items\":{\"type\":\"string\"}},"
     "\"figures\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/population\"}}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"PopulationImport", JSON,
     "{\"type\":\"object\",\"required\":[\"figures\",\"rows\"],\"properties\":{\"figures\":{"
     "\"type\":\"integer\",\"description\":\"figures written\"},\"rows\":{\"type\":"
     "\"integer\",\"description\":\"data rows read\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"Planning", JSON,
     "{\"type\":\"object\",\"description\":\"need, supply and shortfall per org unit and cadre"
     " from the staffing norms, and the projection of supply and need per scenario\",\"require"
     "d\":[\"level\",\"year\",\"as_of\",\"window_years\",\"years\",\"units\",\"totals\",\"proj"
     "ections\"],\"properties\":{\"level\":{\"type\":\"string\"},\"year\":{\"type\":\"integer\""
     "},\"as_of\":{\"type\":\"string\"},\"window_years\":{\"type\":\"integer\"},\"years\":{\"t"
     "ype\":\"integer\"},\"units\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"requir"
     "ed\":[\"org_unit_id\",\"org_unit_code\",\"org_unit_name\",\"cadre\",\"need\",\"supply\","
     "\"shortfall\",\"population_year\",\"missing\"],\"properties\":{\"org_unit_id\":{\"type\""
     ":\"integer\"},\"org_unit_code\":{\"type\":\"string\"},\"org_unit_name\":{\"type\":\"stri"
     "ng\"},\"cadre\":{\"type\":\"string\"},\"need\":{\"type\":\"integer\",\"nullable\":true,\""
     "description\":\"null: a population figure the norm needs is missing\"},\"supply\":{\"typ"
     "e\":\"integer\"},\"shortfall\":{\"type\":\"integer\",\"nullable\":true,\"description\":\""
     "need - supply (negative: above the norm)\"},\"population_year\":{\"type\":\"integer\",\""
     "nullable\":true,\"description\":\"the year of the latest population figure used\"},\"mis"
     "sing\":{\"type\":\"array\",\"description\":\"the population groups without a figure\",\""
     "items\":{\"type\":\"string\"}}},\"additionalProperties\":false}},\"totals\":{\"type\":\""
     "array\",\"items\":{\"type\":\"object\",\"required\":[\"cadre\",\"need\",\"supply\",\"sho"
     "rtfall\",\"units_missing_population\"],\"properties\":{\"cadre\":{\"type\":\"string\"},\""
     "need\":{\"type\":\"integer\"},\"supply\":{\"type\":\"integer\"},\"shortfall\":{\"type\":"
     "\"integer\"},\"units_missing_population\":{\"type\":\"integer\"}},\"additionalProperties"
     "\":false}},\"projections\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required"
     "\":[\"cadre\",\"supply\",\"need\",\"observed\",\"assumptions\",\"scenarios\"],\"properti"
     "es\":{\"cadre\":{\"type\":\"string\"},\"supply\":{\"type\":\"integer\"},\"need\":{\"type"
     "\":\"integer\"},\"observed\":{\"type\":\"object\",\"description\":\"the flows counted in"
     " the register over the window\",\"required\":[\"courses\",\"certifications\",\"enrolled\""
     ",\"passed\",\"certified\",\"placed\",\"exits\",\"supply\",\"intake_per_year\",\"pass_rat"
     "e\",\"certify_rate\",\"place_rate\",\"exit_rate\"],\"properties\":{\"courses\":{\"type\""
     ":\"array\",\"items\":{\"type\":\"string\"}},\"certifications\":{\"type\":\"array\",\"ite"
     "ms\":{\"type\":\"string\"}},\"enrolled\":{\"type\":\"integer\"},\"passed\":{\"type\":\"i"
     "nteger\"},\"certified\":{\"type\":\"integer\"},\"placed\":{\"type\":\"integer\"},\"exits"
     "\":{\"type\":\"integer\"},\"supply\":{\"type\":\"integer\"},\"intake_per_year\":{\"type\""
     ":\"number\"},\"pass_rate\":{\"type\":\"number\"},\"certify_rate\":{\"type\":\"number\"},"
     "\"place_rate\":{\"type\":\"number\"},\"exit_rate\":{\"type\":\"number\"}},\"additionalPr"
     "operties\":false},\"assumptions\":{\"type\":\"object\",\"description\":\"the values the "
     "baseline used\",\"required\":[\"intake_per_year\",\"pass_rate\",\"certify_rate\",\"place"
     "_rate\",\"exit_rate\",\"population_growth\",\"overridden\"],\"properties\":{\"intake_per"
     "_year\":{\"type\":\"number\"},\"pass_rate\":{\"type\":\"number\"},\"certify_rate\":{\"ty"
     "pe\":\"number\"},\"place_rate\":{\"type\":\"number\"},\"exit_rate\":{\"type\":\"number\""
     "},\"population_growth\":{\"type\":\"number\"},\"overridden\":{\"type\":\"array\",\"descr"
     "iption\":\"the assumptions the request gave\",\"items\":{\"type\":\"string\"}}},\"additi"
     "onalProperties\":false},\"scenarios\":{\"type\":\"array\",\"items\":{\"type\":\"object\""
     ",\"required\":[\"id\",\"extra_intake_per_year\",\"exit_rate\",\"population_growth\",\"no"
     "rm_scale\",\"years\"],\"properties\":{\"id\":{\"type\":\"string\",\"enum\":[\"baseline\""
     ",\"extra_intake\"]},\"extra_intake_per_year\":{\"type\":\"number\"},\"exit_rate\":{\"typ"
     "e\":\"number\"},\"population_growth\":{\"type\":\"number\"},\"norm_scale\":{\"type\":\"n"
     "umber\"},\"years\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"ye"
     "ar\",\"graduates\",\"exits\",\"supply\",\"need\",\"shortfall\"],\"properties\":{\"year\""
     ":{\"type\":\"integer\"},\"graduates\":{\"type\":\"number\"},\"exits\":{\"type\":\"number"
     "\"},\"supply\":{\"type\":\"number\"},\"need\":{\"type\":\"integer\",\"nullable\":true,\""
     "description\":\"the need of the year from its projected population\"},\"shortfall\":{\"t"
     "ype\":\"number\",\"nullable\":true}},\"additionalProperties\":false}}},\"additionalPrope"
     "rties\":false}}},\"additionalProperties\":false}}},\"additionalProperties\":false}",
     NULL, 0},
    {"GeoJson", JSON,
     "{\"type\":\"object\",\"description\":\"a GeoJSON FeatureCollection: each feature's "
     "properties.code names the org unit, its geometry a Polygon or MultiPolygon\","
     "\"required\":[\"type\",\"features\"],\"properties\":{\"type\":{\"type\":\"string\","
     "\"enum\":[\"FeatureCollection\"]},\"features\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"object\"}}}}",
     NULL, 0},
    {"Boundaries", JSON,
     "{\"type\":\"object\",\"description\":\"org-unit boundaries as a GeoJSON "
     "FeatureCollection (RFC 7946); every geometry is stored as a MultiPolygon\",\"required\":["
     "\"type\",\"level\",\"features\"],\"properties\":{\"type\":{\"type\":\"string\","
     "\"enum\":[\"FeatureCollection\"]},\"level\":{\"type\":\"string\"},\"features\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"type\","
     "\"geometry\",\"properties\"],\"properties\":{\"type\":{\"type\":\"string\","
     "\"enum\":[\"Feature\"]},\"geometry\":{\"type\":\"object\",\"required\":["
     "\"type\",\"coordinates\"],\"properties\":{\"type\":{\"type\":\"string\","
     "\"enum\":[\"MultiPolygon\"]},\"coordinates\":{\"type\":\"array\",\"description\":"
     "\"polygons, each rings, each [longitude, latitude] positions\",\"items\":{\"type\":"
     "\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"array\","
     "\"minItems\":2,\"maxItems\":2,\"items\":{\"type\":\"number\"}}}}}},"
     "\"additionalProperties\":false},\"properties\":{\"type\":\"object\",\"required\":["
     "\"org_unit_id\",\"code\",\"name\"],\"properties\":{\"org_unit_id\":{\"type\":"
     "\"integer\"},\"code\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"}},"
     "\"additionalProperties\":false}},\"additionalProperties\":false}}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"BoundaryImport", JSON,
     "{\"type\":\"object\",\"required\":[\"stored\",\"simplified\"],\"properties\":{\"stored\":"
     "{\"type\":\"integer\",\"description\":\"boundaries stored\"},\"simplified\":{\"type\":"
     "\"integer\",\"description\":\"of them, thinned to the size limit\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
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
     "vision\",\"activities\"],\"properties\":{\"country\":{\"type\":\"object\"},\"dhis2\":"
     "{\"type\":\"object\"},\"demo\":{\"type\":\"object\",\"description\":\"kazi.demo: the names "
     "the demo generator gives and the texts it writes into records\",\"properties\":{"
     "\"given_names\":{\"type\":\"object\",\"properties\":{\"female\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"male\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"string\"}}}},\"family_names\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"
     ",\"organisations\":{\"type\":\"object\",\"properties\":{\"national\":{\"type\":\"string\"},"
     "\"ngo\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"faith_based\":{\"type\":"
     "\"array\",\"items\":{\"type\":\"string\"}},\"private\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"string\"}}}},\"places\":{\"type\":\"object\",\"properties\":{\"first\":{\"type\":"
     "\"array\",\"items\":{\"type\":\"string\"}},\"middle\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"string\"}},\"last\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}},"
     "\"reimbursement_purposes\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
     "\"supervision_topics\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"funders\":{"
     "\"type\":\"object\",\"properties\":{\"government\":{\"type\":\"string\"},\"others\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"string\"}}}},\"prior_learning\":{\"type\":"
     "\"object\",\"properties\":{\"what\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
     "\"evidence\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"approved_by\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"string\"}}}},\"revocation_reasons\":{\"type\":"
     "\"array\",\"items\":{\"type\":\"string\"}},\"support_note\":{\"type\":\"string\"},"
     "\"source\":{\"type\":\"string\"}},\"additionalProperties\":false},\"warnings\":"
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
     "un_id\":{\"type\":\"integer\"},\"labels\":{\"type\":\"object\",\"description\":\"the titl"
     "es the report declares for its columns, by column id: a string or names per language\"}}}",
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
     "\"type\":\"string\"},\"home_levels\":{\"type\":\"object\",\"description\":\"retention: "
     "the level ids of the home ward and district\",\"additionalProperties\":false,"
     "\"properties\":{\"ward\":{\"type\":\"string\"},\"district\":{\"type\":\"string\"}}},"
     "\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
     "\"required\":[\"org_unit\"],\"properties\":{\"org_unit\":{\"type\":\"object\","
     "\"required\":[\"id\",\"code\",\"name\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
     "\"code\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"}}}}}},\"total\":{\"type\":"
     "\"object\"}}}",
     NULL, 0},
    {"Report", JSON, OBJ("a computed report (eligibility, impact, candidates, ...)"), NULL, 0},
    {"Enrolments", JSON,
     "{\"type\":\"object\",\"required\":[\"items\",\"home_levels\"],\"additionalProperties\""
     ":false,\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/"
     "schemas/enrolment\"}},\"home_levels\":{\"type\":\"object\",\"description\":\"the "
     "level ids travelled (outside the home district) and outside_ward are counted by\","
     "\"additionalProperties\":false,\"properties\":{\"ward\":{\"type\":\"string\"},"
     "\"district\":{\"type\":\"string\"}}}}}",
     NULL, 0},
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
     "\"line\":{\"type\":\"integer\"},\"message\":{\"type\":\"string\"}},"
     "\"additionalProperties\":false}",
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
     "\"additionalProperties\":{\"type\":\"string\",\"nullable\":true}}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigCommit", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"author\"],\"properties\":{\"commit\":{"
     "\"type\":\"string\"},\"author\":{\"type\":\"string\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigTag", JSON,
     "{\"type\":\"object\",\"required\":[\"name\",\"commit\"],\"properties\":{\"name\":{"
     "\"type\":\"string\",\"maxLength\":100},\"commit\":{\"type\":\"string\"},\"message\":{"
     "\"type\":\"string\"}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigActivate", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"expected_live\",\"reason\"],"
     "\"properties\":{\"commit\":{\"type\":\"string\"},\"expected_live\":{\"type\":"
     "\"string\"},\"reason\":{\"type\":\"string\",\"maxLength\":1000}}"
     ",\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigProblem", JSON,
     "{\"type\":\"object\",\"required\":[\"message\"],\"properties\":{\"file\":{"
     "\"type\":\"string\"},\"line\":{\"type\":\"integer\"},\"message\":{\"type\":\"string\"},"
     "\"standard\":{\"type\":\"string\",\"nullable\":true},\"severity\":{\"type\":\"string\","
     "\"enum\":[\"error\",\"warning\"]},\"person_id\":{\"type\":\"integer\","
     "\"description\":\"a worker a rule failed on when validation ran it\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigVersions", JSON,
     "{\"type\":\"object\",\"description\":\"configuration versions, newest first\",\"required\":["
     "\"versions\"],\"properties\":{\"versions\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"object\",\"required\":[\"commit\",\"parents\",\"author\",\"date\",\"message\","
     "\"tags\",\"live\",\"ever_live\",\"validation\"],\"properties\":{\"commit\":{"
     "\"type\":\"string\"},\"parents\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
     "\"author\":{\"type\":\"object\",\"required\":[\"name\",\"email\"],\"properties\":{\"name\":{"
     "\"type\":\"string\"},\"email\":{\"type\":\"string\"}},\"additionalProperties\":false},"
     "\"date\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},\"tags\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"live\":{\"type\":\"boolean\"},"
     "\"ever_live\":{\"type\":\"boolean\"},\"validation\":{\"type\":\"object\","
     "\"description\":\"the latest validation, or null\",\"required\":[\"ok\",\"errors\","
     "\"warnings\",\"checks\",\"validated_at\",\"validated_by\",\"languages\"],"
     "\"properties\":{\"languages\":{\"type\":\"array\",\"description\":\"how complete each "
     "declared language is ([] for a validation recorded before this was kept)\",\"items\":{"
     "\"$ref\":\"#/components/schemas/LanguageCompleteness\"}},\"ok\":{"
     "\"type\":\"boolean\"},\"errors\":{\"type\":\"array\",\"items\":{"
     "\"$ref\":\"#/components/schemas/ConfigProblem\"}},\"warnings\":{\"type\":\"array\","
     "\"items\":{\"$ref\":\"#/components/schemas/ConfigProblem\"}},\"checks\":{"
     "\"type\":\"string\",\"description\":\"the checks that ran\"},\"validated_at\":{"
     "\"type\":\"string\"},\"validated_by\":{\"type\":\"string\"}},\"additionalProperties\":false,"
     "\"nullable\":true}},\"additionalProperties\":false}}},\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigFiles", JSON,
     "{\"type\":\"object\",\"required\":[\"commit\",\"files\"],\"properties\":{\"commit\":{"
     "\"type\":\"string\"},\"files\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
     "\"required\":[\"path\",\"size\",\"kind\"],\"properties\":{\"path\":{\"type\":\"string\"},"
     "\"size\":{\"type\":\"integer\"},\"kind\":{\"type\":\"string\",\"enum\":[\"file\","
     "\"executable\",\"symlink\",\"dir\",\"submodule\",\"other\"]}},"
     "\"additionalProperties\":false}}},\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigValidation", JSON,
     "{\"type\":\"object\",\"description\":\"a version's validation: errors fail it,"
     " warnings do not\",\"required\":[\"commit\",\"ok\",\"errors\",\"warnings\",\"checks\","
     "\"validated_at\",\"validated_by\",\"languages\"],\"properties\":{\"languages\":{"
     "\"type\":\"array\",\"description\":\"how complete each declared language is ([] for a "
     "validation recorded before this was kept)\",\"items\":{"
     "\"$ref\":\"#/components/schemas/LanguageCompleteness\"}},"
     "\"commit\":{\"type\":\"string\"},\"ok\":{"
     "\"type\":\"boolean\"},\"errors\":{\"type\":\"array\",\"items\":{"
     "\"$ref\":\"#/components/schemas/ConfigProblem\"}},\"warnings\":{\"type\":\"array\","
     "\"items\":{\"$ref\":\"#/components/schemas/ConfigProblem\"}},\"checks\":{"
     "\"type\":\"string\",\"description\":\"the checks that ran\"},\"validated_at\":{"
     "\"type\":\"string\"},\"validated_by\":{\"type\":\"string\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"RuleImpact", JSON,
     "{\"type\":\"object\",\"required\":[\"id\",\"status\",\"gain\",\"lose\",\"gain_sample\","
     "\"lose_sample\",\"errors\",\"live_errors\",\"error_sample\"],\"properties\":{\"id\":{"
     "\"type\":\"string\"},\"status\":{\"type\":\"string\",\"enum\":[\"added\",\"removed\","
     "\"kept\"]},\"gain\":{\"type\":\"integer\"},\"lose\":{\"type\":\"integer\"},\"gain_sample\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"person_id\",\"name\"],"
     "\"properties\":{\"person_id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}},"
     "\"additionalProperties\":false}},\"lose_sample\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"object\",\"required\":[\"person_id\",\"name\"],\"properties\":{\"person_id\":{"
     "\"type\":\"integer\"},\"name\":{\"type\":\"string\"}},\"additionalProperties\":false}},"
     "\"errors\":{\"type\":\"integer\"},\"live_errors\":{\"type\":\"integer\"},\"error_sample\":{"
     "\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"person_id\",\"name\","
     "\"version\",\"message\"],\"properties\":{\"person_id\":{\"type\":\"integer\"},\"name\":{"
     "\"type\":\"string\"},\"version\":{\"type\":\"string\",\"enum\":[\"live\",\"candidate\"]},"
     "\"file\":{\"type\":\"string\"},\"line\":{\"type\":\"integer\"},\"message\":{"
     "\"type\":\"string\"}},\"additionalProperties\":false}},\"name\":{\"anyOf\":[{"
     "\"type\":\"string\"},{\"type\":\"object\",\"description\":\"text per language code\","
     "\"additionalProperties\":{\"type\":\"string\"}}]}},\"additionalProperties\":false,"
     "\"description\":\"one rule's decisions under the live and the candidate version\"}",
     NULL, 0},
    {"ConfigImpact", JSON,
     "{\"type\":\"object\","
     "\"description\":\"what activating the candidate would change for the stored workers\","
     "\"required\":[\"live\",\"candidate\",\"workers\",\"certifications\",\"moves\","
     "\"fields_now_required\"],\"properties\":{\"live\":{\"type\":\"string\"},\"candidate\":{"
     "\"type\":\"string\"},\"workers\":{\"type\":\"integer\"},\"certifications\":{"
     "\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/RuleImpact\"}},\"moves\":{"
     "\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/RuleImpact\"}},"
     "\"fields_now_required\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":["
     "\"id\",\"applies_to\",\"invalid_records\"],\"properties\":{\"id\":{\"type\":\"string\"},"
     "\"applies_to\":{\"type\":\"string\"},\"label\":{\"anyOf\":[{\"type\":\"string\"},{"
     "\"type\":\"object\",\"description\":\"text per language code\",\"additionalProperties\":{"
     "\"type\":\"string\"}}]},\"invalid_records\":{\"type\":\"integer\","
     "\"description\":\"stored records without a value; null when not stored here\","
     "\"nullable\":true}},\"additionalProperties\":false}}},\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigDiff", JSON,
     "{\"type\":\"object\",\"required\":[\"from\",\"to\",\"files\"],\"properties\":{\"from\":{"
     "\"type\":\"string\"},\"to\":{\"type\":\"string\"},\"files\":{\"type\":\"array\",\"items\":{"
     "\"type\":\"object\",\"required\":[\"path\",\"status\",\"binary\"],\"properties\":{\"path\":{"
     "\"type\":\"string\"},\"old_path\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"},"
     "\"binary\":{\"type\":\"boolean\"},\"patch\":{\"type\":\"string\","
     "\"description\":\"unified diff\"}},\"additionalProperties\":false}}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigTagged", JSON,
     "{\"type\":\"object\",\"required\":[\"name\",\"commit\",\"tagger\",\"message\"],"
     "\"properties\":{\"name\":{\"type\":\"string\"},\"commit\":{\"type\":\"string\"},\"tagger\":{"
     "\"type\":\"string\"},\"message\":{\"type\":\"string\"}},\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigRollout", JSON,
     "{\"type\":\"object\",\"description\":\"one activation: from, to, who, why, when\","
     "\"required\":[\"id\",\"from\",\"to\",\"activated_by\",\"reason\",\"activated_at\","
     "\"request_id\"],\"properties\":{\"id\":{\"type\":\"integer\"},\"from\":{\"type\":\"string\","
     "\"nullable\":true},\"to\":{\"type\":\"string\"},\"activated_by\":{\"type\":\"string\"},"
     "\"reason\":{\"type\":\"string\"},\"activated_at\":{\"type\":\"string\"},\"request_id\":{"
     "\"type\":\"string\",\"nullable\":true}},\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigRollouts", JSON,
     "{\"type\":\"object\",\"description\":\"activations, newest first\",\"required\":["
     "\"rollouts\"],\"properties\":{\"rollouts\":{\"type\":\"array\",\"items\":{"
     "\"$ref\":\"#/components/schemas/ConfigRollout\"}}},\"additionalProperties\":false}",
     NULL, 0},
    {"ConfigLive", JSON,
     "{\"type\":\"object\",\"required\":[\"live\",\"serving\",\"checks\"],\"properties\":{"
     "\"live\":{\"type\":\"string\"},\"serving\":{\"type\":\"string\"},\"checks\":{"
     "\"type\":\"string\",\"description\":\"the checks validation runs\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    /* Records that have no field table in domain/schema yet (they move there when they do). */
    {"Organisation", JSON,
     "{\"type\":\"object\",\"description\":\"an organisation (employer, funder, partner)\","
     "\"required\":[\"id\",\"code\",\"name\",\"kind\",\"org_unit_id\"],\"properties\":{\"id\":{"
     "\"type\":\"integer\"},\"code\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"
     "\"kind\":{\"type\":\"string\"},\"org_unit_id\":{\"type\":\"integer\"}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"User", JSON,
     "{\"type\":\"object\",\"description\":\"a user account (never its password)\",\"required\":["
     "\"id\",\"username\",\"display_name\",\"role\",\"disabled\",\"totp_enabled\","
     "\"scope_org_unit_id\"],\"properties\":{\"id\":{\"type\":\"integer\"},\"username\":{"
     "\"type\":\"string\"},\"display_name\":{\"type\":\"string\"},\"role\":{\"type\":\"string\"},"
     "\"disabled\":{\"type\":\"boolean\"},\"totp_enabled\":{\"type\":\"boolean\"},"
     "\"scope_org_unit_id\":{\"type\":\"integer\",\"nullable\":true}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"OrganisationCreate", JSON,
     "{\"type\":\"object\",\"required\":[\"code\",\"name\",\"kind\",\"org_unit_id\"],"
     "\"properties\":{\"code\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64},\"name\":{"
     "\"type\":\"string\",\"minLength\":1,\"maxLength\":200},\"kind\":{\"type\":\"string\","
     "\"minLength\":1,\"maxLength\":15},\"org_unit_id\":{\"type\":\"integer\",\"minimum\":1}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"OrganisationChange", JSON,
     "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"minLength\":1,"
     "\"maxLength\":64},\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200},"
     "\"kind\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":15},\"org_unit_id\":{"
     "\"type\":\"integer\",\"minimum\":1}},\"additionalProperties\":false}",
     NULL, 0},
    {"UserCreate", JSON,
     "{\"type\":\"object\",\"required\":[\"username\",\"password\",\"role\"],\"properties\":{"
     "\"username\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64},\"password\":{"
     "\"type\":\"string\",\"minLength\":1},\"role\":{\"type\":\"string\",\"minLength\":1,"
     "\"maxLength\":32},\"display_name\":{\"type\":\"string\",\"maxLength\":200},"
     "\"scope_org_unit_id\":{\"type\":\"integer\",\"minimum\":1,\"nullable\":true}},"
     "\"additionalProperties\":false}",
     NULL, 0},
    {"UserChange", JSON,
     "{\"type\":\"object\",\"properties\":{\"display_name\":{\"type\":\"string\","
     "\"maxLength\":200},\"role\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":32},"
     "\"scope_org_unit_id\":{\"type\":\"integer\",\"minimum\":1,\"nullable\":true},\"disabled\":{"
     "\"type\":\"boolean\"}},\"additionalProperties\":false}",
     NULL, 0},
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

/* Each row's schema parsed, built once: the strict ones are checked on every body. */
#define ROWS (sizeof table / sizeof table[0] - 1)
static json_t *parsed[ROWS];
static pthread_once_t parse_once = PTHREAD_ONCE_INIT;

static void parse_all(void)
{
    for (size_t i = 0; i < ROWS; i++)
        if (kazi_json_parse(&parsed[i], table[i].schema, strlen(table[i].schema)) < 0)
            parsed[i] = NULL; /* a typo in the table: api.openapi finds it too */
}

int kazi_http_schema_known(const char *name, const json_t *body)
{
    const kazi_http_schema *s = kazi_http_schema_find(name);
    if (!s || !json_is_object(body)) return KAZI_OK;
    pthread_once(&parse_once, parse_all);
    const json_t *schema = parsed[s - table];
    if (!json_is_false(json_object_get(schema, "additionalProperties"))) return KAZI_OK;
    const json_t *props = json_object_get(schema, "properties");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        if (!json_object_get(props, key))
            return kazi_error_set(KAZI_EINVALID, key, "unknown field '%.60s'", key);
    }
    return KAZI_OK;
}
