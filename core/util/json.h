/*
 * json — parsing and validated field access over jansson.
 * Owns: the translation of jansson errors into Kazi errors (line/column, field).
 * Uses: jansson, whose json_t is Kazi's JSON value type in every layer above
 * (see docs/architecture.md, "JSON values"): only this module and the files that
 * build JSON documents include <jansson.h>, through this header.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_UTIL_JSON_H
#define KAZI_UTIL_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The deepest nesting of arrays and objects accepted in JSON text from outside (request
 * bodies, CLI arguments). The parser recurses once per level and a CivetWeb worker has a
 * small stack, so deeper text is refused before parsing; no Kazi document nests deeper
 * than a handful of levels. docs/security.md, "Hostile requests".
 */
#define KAZI_JSON_MAX_DEPTH 64

/* Parse `len` bytes as one JSON document. On failure returns KAZI_EMALFORMED with
 * slug "malformed_json" and the line and column in the last error, or slug
 * "json_too_deep" when arrays and objects nest deeper than KAZI_JSON_MAX_DEPTH (checked
 * without recursion, before parsing). *out is a new reference the caller releases with
 * json_decref. */
int kazi_json_parse(json_t **out, const char *buf, size_t len);

/* Parse and require a JSON object (KAZI_EMALFORMED "expected a JSON object" otherwise). */
int kazi_json_parse_object(json_t **out, const char *buf, size_t len);

/*
 * Validated getters. Each returns KAZI_OK and sets *out, KAZI_ENOTFOUND when the
 * field is absent or null and `required` is 0 (out untouched), or KAZI_EINVALID
 * naming `field` when it is absent but required, of the wrong type, or out of
 * bounds. Strings are lent from `obj` (valid while obj lives).
 */
int kazi_json_string(const char **out, const json_t *obj, const char *field, int required,
                     size_t max_len);
int kazi_json_int(int64_t *out, const json_t *obj, const char *field, int required, int64_t min,
                  int64_t max);
int kazi_json_bool(int *out, const json_t *obj, const char *field, int required);

/* The first object of `array` whose "id" is the string `id`, lent from the array; NULL
 * when none is (or `array` is not an array). The look-up of a declaration by its id. */
json_t *kazi_json_find_id(const json_t *array, const char *id);

/* Compact serialisation; caller frees with free(). NULL on allocation failure. */
char *kazi_json_dump(const json_t *value);

/*
 * Parse JSON text the server wrote itself (a stored JSON column) when it is of the plain
 * kind most are — objects, arrays, ASCII strings without escapes, whole numbers that fit
 * 64 bits, true, false, null, at most 32 deep — without jansson's reader: a new value,
 * the same json_loads(JSON_DECODE_ANY) gives. NULL for anything else (escapes, non-ASCII,
 * fractions, bad text): the caller then uses json_loads.
 */
json_t *kazi_json_parse_plain(const char *text, size_t len);

#endif
