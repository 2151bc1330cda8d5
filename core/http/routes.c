#include "http/routes.h"

extern const kazi_route kazi_routes_ops[];
extern const kazi_route kazi_routes_testing[];
extern const kazi_route kazi_routes_auth[];
extern const kazi_route kazi_routes_users[];
extern const kazi_route kazi_routes_tokens[];
extern const kazi_route kazi_routes_orgunits[];
extern const kazi_route kazi_routes_organisations[];
extern const kazi_route kazi_routes_audit[];
extern const kazi_route kazi_routes_catalogue[];
extern const kazi_route kazi_routes_registry[];
extern const kazi_route kazi_routes_imports[];
extern const kazi_route kazi_routes_exports[];
extern const kazi_route kazi_routes_training[];
extern const kazi_route kazi_routes_support[];
extern const kazi_route kazi_routes_config[];
extern const kazi_route kazi_routes_fhir[];
extern const kazi_route kazi_routes_population[];
extern const kazi_route kazi_routes_dhis2[];
extern const kazi_route kazi_routes_planning[];
extern const kazi_route kazi_routes_boundaries[];
extern const kazi_route kazi_routes_languages[];

/* Adding a resource: declare its table above and list it here. */
static const kazi_route *const tables[] = {
    kazi_routes_ops,        kazi_routes_auth,      kazi_routes_users,
    kazi_routes_tokens,     kazi_routes_orgunits,  kazi_routes_organisations,
    kazi_routes_audit,      kazi_routes_catalogue, kazi_routes_registry,
    kazi_routes_imports,    kazi_routes_exports,   kazi_routes_training,
    kazi_routes_support,    kazi_routes_config,    kazi_routes_fhir,
    kazi_routes_population, kazi_routes_dhis2,     kazi_routes_planning,
    kazi_routes_boundaries, kazi_routes_languages, NULL,
};

int kazi_routes_install(int with_test_routes)
{
    /* The same tables, plus the test-only one when asked for. */
    enum { N = sizeof tables / sizeof tables[0] };
    const kazi_route *list[N + 1];
    size_t n = 0;
    for (size_t i = 0; tables[i]; i++)
        list[n++] = tables[i];
    if (with_test_routes) list[n++] = kazi_routes_testing;
    list[n] = NULL;
    return kazi_router_build(list);
}
