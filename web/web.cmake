# The web UI: `npm run build` (Vite) into ${CMAKE_BINARY_DIR}/web, the directory
# `kazi serve` serves by default. Hashed files land in assets/, with a .br and a .gz
# sibling of every js/css/html file for the server's precompressed serving.
# Included by the top-level CMakeLists.txt when web/package.json exists.
find_program(NPM npm REQUIRED)

set(KAZI_WEB_SRC ${CMAKE_SOURCE_DIR}/web)
set(KAZI_WEB_OUT ${CMAKE_BINARY_DIR}/web)
file(GLOB_RECURSE KAZI_WEB_INPUTS CONFIGURE_DEPENDS
  ${KAZI_WEB_SRC}/src/* ${KAZI_WEB_SRC}/public/*)
list(APPEND KAZI_WEB_INPUTS ${KAZI_WEB_SRC}/index.html ${KAZI_WEB_SRC}/vite.config.js
  ${KAZI_WEB_SRC}/package.json ${KAZI_WEB_SRC}/package-lock.json)

set(KAZI_WEB_STAMP ${CMAKE_BINARY_DIR}/web-build.stamp)
add_custom_command(OUTPUT ${KAZI_WEB_STAMP} ${KAZI_WEB_OUT}/index.html
  # node_modules comes from scripts/setup (npm ci); install it here if a developer
  # skipped that or the lockfile changed since (a merge added a package), with the
  # same stamp scripts/setup keeps, so a plain cmake build still works.
  COMMAND sh -c "cmp -s package-lock.json node_modules/.kazi-lock || { ${NPM} ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.kazi-lock; }"
  COMMAND ${CMAKE_COMMAND} -E env KAZI_WEB_OUT=${KAZI_WEB_OUT} ${NPM} run --silent build -- --logLevel warn
  COMMAND ${CMAKE_COMMAND} -E touch ${KAZI_WEB_STAMP}
  WORKING_DIRECTORY ${KAZI_WEB_SRC}
  DEPENDS ${KAZI_WEB_INPUTS}
  COMMENT "Building the web UI into ${KAZI_WEB_OUT}"
  VERBATIM)
add_custom_target(web ALL DEPENDS ${KAZI_WEB_STAMP})
