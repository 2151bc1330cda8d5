/*
 * i18n — which language Kazi speaks and with which words: the languages of the live
 * configuration (kazi.country{languages}), the choice of one for a request or a command,
 * Kazi's own message translations (built-in Swahili, core/i18n/sw.json, and the
 * configuration's kazi.translation{messages}) and the UI strings a configuration ships
 * (kazi.translation{ui}), with how complete each language is.
 * Owns: the translator util/error calls for every message (installed by
 * kazi_i18n_install), the built-in catalogues (embedded at build time), the fallback
 * order requested language → the configuration's first language → English.
 * Uses: lua/runtime (the active generation's catalogue), util/error, util/lang, util/json.
 * Thread-safety: every function may be called from any thread; each call pins the
 * generation active when it starts. The built-in catalogues are parsed once.
 */
#ifndef KAZI_DOMAIN_I18N_H
#define KAZI_DOMAIN_I18N_H

#include <stddef.h>

#include "lua/runtime.h"
#include "util/json.h"

/* Install the message translator into util/error. Idempotent. */
void kazi_i18n_install(void);

/*
 * The language of a request: `query` (?lang=, may be NULL or "") wins and must be one
 * the live configuration declares, else KAZI_EINVALID naming the field "lang"; then the
 * first entry of `accept` (an Accept-Language header, may be NULL) by q-value whose
 * language (or its primary tag: "ny-MW" → "ny") is declared; else the configuration's
 * default language: the first of kazi.country{languages}. Writes the code into out
 * (at least KAZI_LANG_MAX bytes). KAZI_OK or KAZI_EINVALID.
 */
int kazi_i18n_negotiate(char *out, size_t size, const char *query, const char *accept);

/* The language a command speaks when none was asked for: the configuration's default
 * (as above); "en" when no configuration is active. Into out (KAZI_LANG_MAX bytes). */
void kazi_i18n_default(char *out, size_t size);

/* The default language of generation g (as above; "en" when g is NULL): lent for g's
 * lifetime. For code that already holds a generation pinned. */
const char *kazi_i18n_default_of(const kazi_lua_gen *g);

/*
 * The live configuration's languages, in its order, as a new object
 * {"languages":[{"code","name"}...],"default":code}. A language's name is its
 * kazi.translation's `name`, else Kazi's own ("English", "Kiswahili"), else its code.
 * Without an active configuration: en and sw. KAZI_ERROR when memory runs out.
 */
int kazi_i18n_languages(json_t **out);

/*
 * One declared language's translation as a new object {"language","ui":{...},
 * "complete":{"ui":{"have","of"},"messages":{"have","of"}}}: ui is what the
 * configuration's kazi.translation gives (empty for en/sw unless it overrides them).
 * KAZI_ENOTFOUND (field "code") for a language the configuration does not declare.
 */
int kazi_i18n_translation(json_t **out, const char *code);

/*
 * How complete each language of a catalogue (kazi_lua_gen_catalogue) is, as a new array
 * of {"language","name","ui":{"have","of"},"messages":{"have","of"},"fallback"} (fallback:
 * the configuration's default language, where a missing string is looked up next). UI strings count
 * against the English UI keys Kazi ships (web/src/strings/en); messages against Kazi's
 * message catalogue (the msgids of core/i18n/sw.json). English is complete by
 * definition; Swahili counts what Kazi ships plus the configuration's additions.
 */
int kazi_i18n_completeness(json_t **out, const json_t *catalogue);

/*
 * Validation's check of a catalogue's translations: append to `problems` a
 * {"file","line","message"} for every kazi.translation{messages} key that is not in
 * Kazi's message catalogue; returns how many. Not a load error: a live configuration
 * whose key a newer Kazi reworded still serves (the key is never looked up), and the
 * next validation names it. (Placeholders and languages are checked at load: lua/api.c.)
 */
int kazi_i18n_check(json_t *problems, const json_t *catalogue);

/*
 * Kazi's own words that are not a message (a field's label "End date", the list joiner
 * "or", a missing item "hold a current %s post") are msgids of the same catalogue, so a
 * configuration translates them with kazi.translation{messages} like any message.
 * kazi_i18n_text: the words of `msgid` in the current language (fallbacks as for
 * messages: the configuration's default language, then the msgid itself) into buf.
 * kazi_i18n_format_in: printf format `fmt` (a msgid) rendered in language `lang` ("" or
 * NULL: none asked, so the default language) with its arguments, as kazi_error_set
 * renders a message. Both return buf.
 */
const char *kazi_i18n_text(char *buf, size_t size, const char *msgid);
const char *kazi_i18n_format_in(char *buf, size_t size, const char *lang, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* 1 when `msgid` is in Kazi's message catalogue (a message a configuration may translate). */
int kazi_i18n_is_msgid(const char *msgid);

#endif
