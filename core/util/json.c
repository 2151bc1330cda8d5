#include "util/json.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int kazi_json_parse(json_t **out, const char *buf, size_t len)
{
    json_error_t err;
    json_t *v = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    if (!v) {
        kazi_error_set_slug(KAZI_EMALFORMED, "malformed_json", NULL,
                            "malformed JSON at line %d column %d: %s", err.line, err.column,
                            err.text);
        kazi_error_set_position(err.line, err.column);
        return KAZI_EMALFORMED;
    }
    *out = v;
    return KAZI_OK;
}

int kazi_json_parse_object(json_t **out, const char *buf, size_t len)
{
    json_t *v;
    int rc = kazi_json_parse(&v, buf, len);
    if (rc < 0) return rc;
    if (!json_is_object(v)) {
        json_decref(v);
        return kazi_error_set_slug(KAZI_EMALFORMED, "malformed_json", NULL,
                                   "expected a JSON object");
    }
    *out = v;
    return KAZI_OK;
}

static int absent(const json_t *v, const char *field, int required)
{
    if (v && !json_is_null(v)) return 0;
    if (required) return kazi_error_set(KAZI_EINVALID, field, "%s is required", field);
    return KAZI_ENOTFOUND;
}

int kazi_json_string(const char **out, const json_t *obj, const char *field, int required,
                     size_t max_len)
{
    const json_t *v = json_object_get(obj, field);
    int rc = absent(v, field, required);
    if (rc) return rc;
    if (!json_is_string(v))
        return kazi_error_set(KAZI_EINVALID, field, "%s must be a string", field);
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (strlen(s) != n)
        return kazi_error_set(KAZI_EINVALID, field, "%s must not contain NUL characters", field);
    if (required && n == 0)
        return kazi_error_set(KAZI_EINVALID, field, "%s must not be empty", field);
    if (n > max_len)
        return kazi_error_set(KAZI_EINVALID, field, "%s is longer than %zu characters", field,
                              max_len);
    *out = s;
    return KAZI_OK;
}

int kazi_json_int(int64_t *out, const json_t *obj, const char *field, int required, int64_t min,
                  int64_t max)
{
    const json_t *v = json_object_get(obj, field);
    int rc = absent(v, field, required);
    if (rc) return rc;
    if (!json_is_integer(v))
        return kazi_error_set(KAZI_EINVALID, field, "%s must be a whole number", field);
    int64_t n = (int64_t)json_integer_value(v);
    if (n < min || n > max)
        return kazi_error_set(KAZI_EINVALID, field, "%s must be between %lld and %lld", field,
                              (long long)min, (long long)max);
    *out = n;
    return KAZI_OK;
}

int kazi_json_bool(int *out, const json_t *obj, const char *field, int required)
{
    const json_t *v = json_object_get(obj, field);
    int rc = absent(v, field, required);
    if (rc) return rc;
    if (!json_is_boolean(v))
        return kazi_error_set(KAZI_EINVALID, field, "%s must be true or false", field);
    *out = json_is_true(v);
    return KAZI_OK;
}

char *kazi_json_dump(const json_t *value)
{
    return json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
}
