#include "util/json.h"
#include "util/error.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The deepest nesting of arrays and objects in `len` bytes of JSON text, counted without
 * recursion (jansson's parser recurses once per level, and a CivetWeb worker's stack is
 * ~100 KiB: a few hundred levels end the process). Brackets inside strings do not count;
 * a backslash escapes the next character. Stops counting once `limit` is exceeded.
 * Malformed text is left to the parser: this only bounds how deep it will recurse.
 */
static size_t nesting_depth(const char *buf, size_t len, size_t limit)
{
    size_t depth = 0, deepest = 0;
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) deepest = depth;
            if (deepest > limit) break;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return deepest;
}

int kazi_json_parse(json_t **out, const char *buf, size_t len)
{
    json_error_t err;
    if (nesting_depth(buf, len, KAZI_JSON_MAX_DEPTH) > KAZI_JSON_MAX_DEPTH)
        return kazi_error_set_slug(KAZI_EMALFORMED, "json_too_deep", NULL,
                                   "JSON nesting deeper than %d levels (arrays and objects "
                                   "within one another) is refused",
                                   KAZI_JSON_MAX_DEPTH);
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

json_t *kazi_json_find_id(const json_t *array, const char *id)
{
    size_t i;
    json_t *e;
    json_array_foreach(array, i, e)
    {
        const char *x = json_string_value(json_object_get(e, "id"));
        if (x && id && !strcmp(x, id)) return e;
    }
    return NULL;
}

/* This thread's dump buffer: grown as replies need, kept for the next one (up to
 * DUMP_KEEP bytes), so a page of a search is dumped without jansson's doubling buffer. */
#define DUMP_KEEP (1024 * 1024)
typedef struct dump_buf {
    char *data;
    size_t len, cap;
} dump_buf;

static _Thread_local dump_buf dump;
static pthread_key_t dump_key; /* its destructor frees a thread's buffer when it ends */
static pthread_once_t dump_once = PTHREAD_ONCE_INIT;

static void dump_free(void *data)
{
    free(data);
}

static void dump_key_make(void)
{
    pthread_key_create(&dump_key, dump_free);
}

static int dump_add(const char *chunk, size_t n, void *ctx)
{
    dump_buf *b = ctx;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) return -1;
        b->data = grown;
        b->cap = cap;
        pthread_once(&dump_once, dump_key_make);
        pthread_setspecific(dump_key, grown);
    }
    memcpy(b->data + b->len, chunk, n);
    b->len += n;
    return 0;
}

char *kazi_json_dump(const json_t *value)
{
    /* Into this thread's buffer first, then one allocation of the exact size. */
    dump.len = 0;
    char *out = NULL;
    if (json_dump_callback(value, dump_add, &dump, JSON_COMPACT | JSON_ENCODE_ANY) == 0 &&
        (out = malloc(dump.len + 1))) {
        memcpy(out, dump.data, dump.len);
        out[dump.len] = '\0';
    }
    if (dump.cap > DUMP_KEEP) { /* one huge reply does not pin its buffer to the thread */
        free(dump.data);
        dump = (dump_buf){0};
        pthread_setspecific(dump_key, NULL);
    }
    return out;
}

/* ---- kazi_json_parse_plain: a reader for the plain subset ------------------------------ */

typedef struct plain {
    const char *p, *end;
    int depth;
} plain;

static void plain_space(plain *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
        r->p++;
}

static int plain_word(plain *r, const char *w, size_t n)
{
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n)) return 0;
    r->p += n;
    return 1;
}

/* A string's bytes (after the opening quote): NULL unless plain ASCII without escapes. */
static json_t *plain_string(plain *r)
{
    const char *s = ++r->p;
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20 || c >= 0x80 || c == '\\') return NULL;
        r->p++;
    }
    if (r->p == r->end) return NULL;
    return json_stringn_nocheck(s, (size_t)(r->p++ - s));
}

static json_t *plain_value(plain *r);

static json_t *plain_number(plain *r)
{
    int neg = *r->p == '-';
    if (neg) r->p++;
    const char *digits = r->p;
    uint64_t v = 0;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
        if (v > (UINT64_MAX - 9) / 10) return NULL;
        v = v * 10 + (uint64_t)(*r->p++ - '0');
    }
    size_t n = (size_t)(r->p - digits);
    if (!n || (n > 1 && *digits == '0')) return NULL;
    if (r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E')) return NULL;
    if (v > (uint64_t)INT64_MAX + (uint64_t)neg) return NULL;
    return json_integer(neg ? (json_int_t)(0 - v) : (json_int_t)v);
}

static json_t *plain_container(plain *r, int object)
{
    if (++r->depth > 32) return NULL;
    json_t *c = object ? json_object() : json_array();
    r->p++;
    plain_space(r);
    if (r->p < r->end && *r->p == (object ? '}' : ']')) {
        r->p++;
        r->depth--;
        return c;
    }
    for (;;) {
        json_t *key = NULL;
        if (object) {
            plain_space(r);
            if (r->p >= r->end || *r->p != '"' || !(key = plain_string(r))) break;
            plain_space(r);
            if (r->p >= r->end || *r->p++ != ':') {
                json_decref(key);
                break;
            }
        }
        json_t *v = plain_value(r);
        if (!v) {
            json_decref(key);
            break;
        }
        if (object) {
            json_object_set_new_nocheck(c, json_string_value(key), v);
            json_decref(key);
        } else {
            json_array_append_new(c, v);
        }
        plain_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == (object ? '}' : ']')) {
            r->p++;
            r->depth--;
            return c;
        }
        break;
    }
    json_decref(c);
    return NULL;
}

static json_t *plain_value(plain *r)
{
    plain_space(r);
    if (r->p >= r->end) return NULL;
    switch (*r->p) {
    case '{':
        return plain_container(r, 1);
    case '[':
        return plain_container(r, 0);
    case '"':
        return plain_string(r);
    case 't':
        return plain_word(r, "true", 4) ? json_true() : NULL;
    case 'f':
        return plain_word(r, "false", 5) ? json_false() : NULL;
    case 'n':
        return plain_word(r, "null", 4) ? json_null() : NULL;
    default:
        return (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) ? plain_number(r) : NULL;
    }
}

json_t *kazi_json_parse_plain(const char *text, size_t len)
{
    plain r = {text, text + len, 0};
    json_t *v = plain_value(&r);
    plain_space(&r);
    if (v && r.p != r.end) { /* something after the value */
        json_decref(v);
        return NULL;
    }
    return v;
}
