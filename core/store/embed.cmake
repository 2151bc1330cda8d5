# Turn core/store/migrations/NNNN_name.sql into a C table of strings.
# Invoked as: cmake -DOUT=file.c -DDIR=migrations -P embed.cmake
include("${CMAKE_CURRENT_LIST_DIR}/../cstring.cmake")
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
set(n 0)
foreach(f IN LISTS files)
  math(EXPR n "${n} + 1")
  get_filename_component(name "${f}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" num "${name}")
  math(EXPR num "${num} + 0")
  if(NOT num EQUAL n)
    message(FATAL_ERROR "migration ${name}: expected number ${n}; migrations must be consecutive")
  endif()
  file(READ "${f}" sql)
  kazi_c_string(sql "${sql}")
  string(APPEND body "  {\"${name}\",\n    \"${sql}\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "/* Generated from core/store/migrations; do not edit. */\n"
  "struct kazi_migration { const char *name; const char *sql; };\n"
  "const struct kazi_migration kazi_migrations[] = {\n${body}  {0, 0}\n};\n"
  "const int kazi_migrations_count = ${n};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
