#include "domain/i18n.h"
#include "domain/i18n_embed.h"
#include "lua/runtime.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/lang.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the built-in catalogues, parsed once ------------------------------------------ */

static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static json_t *builtin_messages; /* {"sw": {msgid: template}, ...} */
static json_t *builtin_ui;       /* {"en": {key: text}, "sw": {...}}: all areas merged */

/* The folder/name of an embedded file split: "i18n/sw" → lang "sw"; "en/people" → "en". */
static void load_builtin(void)
{
    builtin_messages = json_object();
    builtin_ui = json_object();
    for (const struct kazi_i18n_file *f = kazi_i18n_messages; f->name; f++) {
        const char *slash = strchr(f->name, '/');
        json_t *doc = json_loads(f->text, 0, NULL);
        if (json_is_object(doc) && slash) json_object_set(builtin_messages, slash + 1, doc);
        json_decref(doc);
    }
    for (const struct kazi_i18n_file *f = kazi_i18n_ui; f->name; f++) {
        const char *slash = strchr(f->name, '/');
        json_t *doc = json_loads(f->text, 0, NULL);
        if (json_is_object(doc) && slash && slash - f->name < KAZI_LANG_MAX) {
            char lang[KAZI_LANG_MAX];
            snprintf(lang, sizeof lang, "%.*s", (int)(slash - f->name), f->name);
            json_t *all = json_object_get(builtin_ui, lang);
            if (!all) json_object_set_new(builtin_ui, lang, all = json_object());
            json_object_update(all, doc);
        }
        json_decref(doc);
    }
}

static const json_t *builtin(json_t **root, const char *lang)
{
    pthread_once(&builtin_once, load_builtin);
    return json_object_get(*root, lang);
}

/* Kazi's message catalogue: the msgids Kazi ships a translation for (core/i18n/sw.json). */
static const json_t *message_catalogue(void)
{
    return builtin(&builtin_messages, "sw");
}

int kazi_i18n_is_msgid(const char *msgid)
{
    return msgid && json_object_get(message_catalogue(), msgid) != NULL;
}

static const char *builtin_name(const char *code)
{
    if (!strcmp(code, "en")) return "English";
    if (!strcmp(code, "sw")) return "Kiswahili";
    return NULL;
}

/* ---- the configuration's languages ------------------------------------------------- */

static const json_t *declared_languages(const kazi_lua_gen *g)
{
    return json_object_get(json_object_get(kazi_lua_gen_catalogue(g), "country"), "languages");
}

static int is_declared(const kazi_lua_gen *g, const char *code)
{
    if (!g) return !strcmp(code, "en") || !strcmp(code, "sw");
    size_t i;
    json_t *l;
    json_array_foreach(declared_languages(g), i, l)
    {
        if (json_is_string(l) && !strcmp(json_string_value(l), code)) return 1;
    }
    return 0;
}

/* A catalogue's default language: its first language (the i18n contract: the API's,
 * the CLI's and the fallback's); "en" without a catalogue or languages. Lent. */
static const char *default_in(const json_t *cat)
{
    const char *first = json_string_value(
        json_array_get(json_object_get(json_object_get(cat, "country"), "languages"), 0));
    return first && kazi_lang_valid(first) ? first : "en";
}

static const char *default_of(const kazi_lua_gen *g)
{
    return g ? default_in(kazi_lua_gen_catalogue(g)) : "en";
}

const char *kazi_i18n_default_of(const kazi_lua_gen *g)
{
    return default_of(g);
}

void kazi_i18n_default(char *out, size_t size)
{
    kazi_lua_gen *g = kazi_lua_current();
    snprintf(out, size, "%s", default_of(g));
    kazi_lua_gen_unref(g);
}

/* The configuration's kazi.translation of `code`, or NULL. */
static const json_t *translation_of(const kazi_lua_gen *g, const char *code)
{
    return g ? kazi_lua_gen_find(g, "translations", code) : NULL;
}

/* One language of an Accept-Language list: the tag (lowercased primary, as written after)
 * into tag, its q-value (1000 = 1.0) into *q; returns where the next entry starts. */
static const char *accept_entry(const char *s, char *tag, size_t size, int *q)
{
    while (*s == ' ' || *s == '\t' || *s == ',')
        s++;
    size_t n = 0;
    while (*s && *s != ';' && *s != ',' && *s != ' ' && *s != '\t') {
        if (n + 1 < size) tag[n++] = *s;
        s++;
    }
    tag[n] = '\0';
    *q = 1000;
    while (*s && *s != ',') {
        if (*s == ';') {
            s++;
            while (*s == ' ')
                s++;
            if ((s[0] == 'q' || s[0] == 'Q') && s[1] == '=') {
                s += 2;
                int v = 0, digits = 0;
                if (*s == '0' || *s == '1') v = (*s++ - '0') * 1000;
                if (*s == '.')
                    for (s++, digits = 100; *s >= '0' && *s <= '9'; s++, digits /= 10)
                        v += (*s - '0') * digits;
                *q = v > 1000 ? 1000 : v;
                continue;
            }
        }
        if (*s && *s != ',') s++;
    }
    return s;
}

/* A tag as Kazi spells it: "ny", "pt-BR". The primary tag lowercased. */
static void normalise_tag(char *tag)
{
    for (char *c = tag; *c && *c != '-'; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
}

/* The declared language an Accept-Language tag names: itself, or its primary tag. */
static int accept_match(const kazi_lua_gen *g, char *tag)
{
    normalise_tag(tag);
    if (kazi_lang_valid(tag) && is_declared(g, tag)) return 1;
    char *dash = strchr(tag, '-');
    if (!dash) return 0;
    *dash = '\0';
    return kazi_lang_valid(tag) && is_declared(g, tag);
}

int kazi_i18n_negotiate(char *out, size_t size, const char *query, const char *accept)
{
    kazi_lua_gen *g = kazi_lua_current();
    int rc = KAZI_OK;
    if (query && *query) {
        if (!kazi_lang_valid(query) || !is_declared(g, query))
            rc = kazi_error_set(KAZI_EINVALID, "lang",
                                "the language %.16s is not one of this installation's languages",
                                query);
        else
            kazi_str_copy(out, size, query);
        goto done;
    }
    int best_q = 0;
    char best[KAZI_LANG_MAX] = "";
    for (const char *s = accept; s && *s;) {
        char tag[64];
        int q;
        s = accept_entry(s, tag, sizeof tag, &q);
        if (q > best_q && tag[0] && accept_match(g, tag)) {
            best_q = q;
            kazi_str_copy(best, sizeof best, tag);
        }
    }
    kazi_str_copy(out, size, best[0] ? best : default_of(g));
done:
    kazi_lua_gen_unref(g);
    return rc;
}

/* ---- the translator ------------------------------------------------------------------ */

/* The template of `msgid` in `code`: the configuration's, else Kazi's built-in. */
static const char *template_in(const kazi_lua_gen *g, const char *code, const char *msgid)
{
    const char *t = json_string_value(
        json_object_get(json_object_get(translation_of(g, code), "messages"), msgid));
    if (t) return t;
    return json_string_value(json_object_get(builtin(&builtin_messages, code), msgid));
}

/* The template of `msgid` in language `want` ("": none asked) along the fallback chain
 * into buf: 1, or 0 when English (the msgid itself) is what speaks. */
static int translate_in(char *buf, size_t size, const char *want, const char *msgid)
{
    /* Only catalogue messages have translations (kazi.translation's keys are checked
     * against it at load): every other message costs one hash look-up, no lock. */
    if (!kazi_i18n_is_msgid(msgid)) return 0;
    kazi_lua_gen *g = kazi_lua_current();
    const char *chain[3] = {want, default_of(g), "en"};
    int found = 0;
    for (int i = 0; i < 3 && !found; i++) {
        if (!chain[i][0] || (i && !strcmp(chain[i], chain[i - 1]))) continue;
        const char *t = template_in(g, chain[i], msgid);
        if (t) {
            snprintf(buf, size, "%s", t);
            found = 1;
        } else if (!strcmp(chain[i], "en"))
            break; /* English is the msgid itself */
    }
    kazi_lua_gen_unref(g);
    return found;
}

static int translate(char *buf, size_t size, const char *msgid)
{
    return translate_in(buf, size, kazi_lang_current(), msgid);
}

const char *kazi_i18n_text(char *buf, size_t size, const char *msgid)
{
    if (!size) return buf;
    if (!translate_in(buf, size, kazi_lang_current(), msgid))
        snprintf(buf, size, "%s", msgid ? msgid : "");
    return buf;
}

const char *kazi_i18n_format_in(char *buf, size_t size, const char *lang, const char *fmt, ...)
{
    if (!size) return buf;
    char tmpl[KAZI_ERROR_TEMPLATE_MAX];
    va_list ap;
    va_start(ap, fmt);
    if (translate_in(tmpl, sizeof tmpl, lang ? lang : "", fmt))
        kazi_error_render(buf, size, fmt, tmpl, ap);
    else
        vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return buf;
}

void kazi_i18n_install(void)
{
    pthread_once(&builtin_once, load_builtin);
    kazi_error_set_translator(translate);
}

int kazi_i18n_check(json_t *problems, const json_t *catalogue)
{
    int n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(catalogue, "translations"), i, e)
    {
        const char *src = json_string_value(json_object_get(e, "source"));
        const char *colon = src ? strrchr(src, ':') : NULL;
        const char *msgid;
        json_t *t;
        json_object_foreach(json_object_get(e, "messages"), msgid, t)
        {
            (void)t;
            if (kazi_i18n_is_msgid(msgid)) continue;
            char msg[800];
            snprintf(msg, sizeof msg,
                     "%s: kazi.translation: messages[\"%.300s\"]: not one of Kazi's messages "
                     "(they are listed in core/i18n/sw.json)",
                     src ? src : "?", msgid);
            json_t *p = json_pack("{s:s%,s:i,s:s}", "file", src ? src : "",
                                  colon ? (size_t)(colon - src) : strlen(src ? src : ""), "line",
                                  colon ? atoi(colon + 1) : 0, "message", msg);
            json_array_append_new(problems, p);
            n++;
        }
    }
    return n;
}

/* ---- languages, translations, completeness ---------------------------------------- */

static const char *name_of(const kazi_lua_gen *g, const json_t *cat, const char *code)
{
    const json_t *t = g ? translation_of(g, code) : NULL;
    if (!t && cat) {
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(cat, "translations"), i, e)
        {
            if (!strcmp(json_string_value(json_object_get(e, "language")) ?: "", code)) t = e;
        }
    }
    const char *n = json_string_value(json_object_get(t, "name"));
    if (n) return n;
    n = builtin_name(code);
    return n ? n : code;
}

int kazi_i18n_languages(json_t **out)
{
    kazi_lua_gen *g = kazi_lua_current();
    json_t *list = json_array();
    static const char *const builtin_codes[] = {"en", "sw", NULL};
    if (g) {
        size_t i;
        json_t *l;
        json_array_foreach(declared_languages(g), i, l)
        {
            const char *code = json_string_value(l);
            if (code && kazi_lang_valid(code))
                json_array_append_new(
                    list, json_pack("{s:s,s:s}", "code", code, "name", name_of(g, NULL, code)));
        }
    } else
        for (const char *const *c = builtin_codes; *c; c++)
            json_array_append_new(list,
                                  json_pack("{s:s,s:s}", "code", *c, "name", builtin_name(*c)));
    *out = json_pack("{s:o,s:s}", "languages", list, "default", default_of(g));
    kazi_lua_gen_unref(g);
    return *out ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
}

/* How many keys of `have` (an object, or NULL) are keys of `of`, plus those of `base`
 * (Kazi's own, also counted when not overridden). */
static size_t count_keys(const json_t *of, const json_t *have, const json_t *base)
{
    size_t n = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)of, k, v)
    {
        (void)v;
        if (json_object_get(have, k) || json_object_get(base, k)) n++;
    }
    return n;
}

/* {"ui":{have,of},"messages":{have,of}} of language `code` with translation t (or NULL). */
static json_t *complete(const char *code, const json_t *t)
{
    const json_t *ui_of = builtin(&builtin_ui, "en"), *msg_of = message_catalogue();
    size_t ui_n = json_object_size(ui_of), msg_n = json_object_size(msg_of);
    size_t ui_have = ui_n, msg_have = msg_n;
    if (strcmp(code, "en") != 0) {
        ui_have = count_keys(ui_of, json_object_get(t, "ui"), builtin(&builtin_ui, code));
        msg_have =
            count_keys(msg_of, json_object_get(t, "messages"), builtin(&builtin_messages, code));
    }
    return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "ui", "have", (json_int_t)ui_have, "of",
                     (json_int_t)ui_n, "messages", "have", (json_int_t)msg_have, "of",
                     (json_int_t)msg_n);
}

int kazi_i18n_translation(json_t **out, const char *code)
{
    kazi_lua_gen *g = kazi_lua_current();
    int rc = KAZI_OK;
    *out = NULL;
    if (!code || !kazi_lang_valid(code) || !is_declared(g, code)) {
        rc = kazi_error_set(KAZI_ENOTFOUND, "code",
                            "the language %.16s is not one of this installation's languages",
                            code ? code : "");
        goto done;
    }
    const json_t *t = translation_of(g, code);
    json_t *ui = json_object_get(t, "ui");
    *out = json_pack("{s:s,s:o,s:o}", "language", code, "ui",
                     json_is_object(ui) ? json_deep_copy(ui) : json_object(), "complete",
                     complete(code, t));
    if (!*out) rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
done:
    kazi_lua_gen_unref(g);
    return rc;
}

int kazi_i18n_completeness(json_t **out, const json_t *catalogue)
{
    *out = json_array();
    const json_t *langs = json_object_get(json_object_get(catalogue, "country"), "languages");
    size_t i;
    json_t *l;
    json_array_foreach(langs, i, l)
    {
        const char *code = json_string_value(l);
        if (!code) continue;
        const json_t *t = NULL;
        size_t j;
        json_t *e;
        json_array_foreach(json_object_get(catalogue, "translations"), j, e)
        {
            if (!strcmp(json_string_value(json_object_get(e, "language")) ?: "", code)) t = e;
        }
        json_t *c = complete(code, t);
        json_object_set_new(c, "language", json_string(code));
        json_object_set_new(c, "name", json_string(name_of(NULL, catalogue, code)));
        json_object_set_new(c, "fallback", json_string(default_in(catalogue)));
        json_array_append_new(*out, c);
    }
    return KAZI_OK;
}
