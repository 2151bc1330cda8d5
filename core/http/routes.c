#include "http/routes.h"
#include "http/caller.h"

extern const kazi_route kazi_routes_ops[];
extern const kazi_route kazi_routes_testing[];
extern const kazi_route kazi_routes_registry[];
extern const kazi_route kazi_routes_registry_testing[];

/* Adding a resource: declare its table above and list it here. */
static const kazi_route *const tables[] = {
    kazi_routes_ops,
    kazi_routes_registry,
    NULL,
};

static const kazi_route *const tables_with_testing[] = {
    kazi_routes_ops,
    kazi_routes_testing,
    kazi_routes_registry,
    kazi_routes_registry_testing,
    NULL,
};

int kazi_routes_install(int with_test_routes)
{
    /* Until the access layer is merged, test servers authenticate registry tests with a
     * test-only principal header (http/caller.c); the access layer's hook replaces it. */
    if (with_test_routes) kazi_http_caller_install_test_auth();
    return kazi_router_build(with_test_routes ? tables_with_testing : tables);
}
