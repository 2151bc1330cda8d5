/*
 * catalogue_lua — the registry's catalogue (domain/catalogue.h) answered by the
 * active Lua generation: cadres, org-unit levels and custom fields as the country's
 * configuration declares them, and its `person.validate` / `position.validate` hooks.
 * Owns: the translation between the registry's view (custom values under "custom",
 * field types string/enum/multienum/...) and the Lua runtime's (values under
 * "fields", types text/choice/multichoice/...).
 * Uses: lua/runtime, domain/catalogue.
 * Thread-safety: every callback pins the generation active when it is called, so a
 * configuration activated meanwhile never changes a request half-way.
 */
#ifndef KAZI_DOMAIN_CATALOGUE_LUA_H
#define KAZI_DOMAIN_CATALOGUE_LUA_H

/* Register the Lua-backed catalogue with the registry (idempotent). While no
 * generation is active, each callback answers as the built-in default does. */
void kazi_catalogue_lua_install(void);

#endif
