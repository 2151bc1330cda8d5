/* The languages of the installation and a language's words (docs/plugins.md,
 * "Languages"): public, because the sign-in page needs them before anyone signs in;
 * cacheable with an ETag. */
#include "domain/i18n.h"
#include "http/router.h"
#include "util/error.h"

static int languages_list(kazi_req *req, kazi_resp *resp)
{
    json_t *doc;
    int rc = kazi_i18n_languages(&doc);
    if (rc < 0) return rc;
    return kazi_reply_json_etag(resp, req, doc);
}

static int translation_get(kazi_req *req, kazi_resp *resp)
{
    json_t *doc;
    int rc = kazi_i18n_translation(&doc, kazi_req_param(req, "code"));
    if (rc < 0) return rc;
    return kazi_reply_json_etag(resp, req, doc);
}

const kazi_route kazi_routes_languages[] = {
    {"GET", "/api/v1/languages", languages_list, KAZI_PERM_PUBLIC,
     "The installation's languages, in the configuration's order, and the default",
     .reply = "Languages", .status_also = 304},
    {"GET", "/api/v1/translations/{code}", translation_get, KAZI_PERM_PUBLIC,
     "A declared language's UI strings from the configuration and how complete it is",
     .reply = "Translation", .status_also = 304},
    KAZI_ROUTES_END,
};
