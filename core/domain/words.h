/*
 * words — the names a message shows its user, in the current language (util/lang).
 * Owns: picking one text of a per-language value ({en=..., sw=...}), the names of declared
 * things (cadres, courses, certifications, levels ...), a person's name, lists of names
 * joined with the language's "or", and the resolved "text" of a rule's missing items.
 * Uses: util/lang, util/json, lua/runtime (the active generation's catalogue), domain/i18n
 * (Kazi's own words in the current language).
 * Thread-safety: reads only the calling thread's language and a pinned generation; any
 * thread may call every function.
 */
#ifndef KAZI_DOMAIN_WORDS_H
#define KAZI_DOMAIN_WORDS_H

#include <stddef.h>

#include "util/json.h"

/*
 * One text of a per-language value `texts` (a string, or an object of language -> string)
 * in language `lang` ("" or NULL: the current language): that language, then the active
 * configuration's first language, then English, then any language's. Lent from `texts`;
 * NULL when it holds no text.
 */
const char *kazi_words_pick_in(const json_t *texts, const char *lang);
const char *kazi_words_pick(const json_t *texts);

/*
 * The name of the declared `id` of `kind` ("cadres", "courses", "certifications",
 * "moves", "groups", and the country's "levels", "education", "identifiers") in `lang` ("" or NULL:
 * the current language), with the fallbacks of kazi_words_pick_in, copied into buf (truncated to
 * size). An undeclared id (or no active configuration) gives the id itself. Returns buf.
 */
const char *kazi_words_name_in(char *buf, size_t size, const char *kind, const char *id,
                               const char *lang);
const char *kazi_words_name(char *buf, size_t size, const char *kind, const char *id);

/* kazi_words_name from the catalogue `cat` (kazi_lua_gen_catalogue's shape) instead of the
 * active generation's: for checks that are handed a catalogue. */
const char *kazi_words_cat_name(char *buf, size_t size, const json_t *cat, const char *kind,
                                const char *id);

/*
 * The names of the ids in `ids` (a JSON array of strings) of `kind` (from `cat`, or the
 * active generation's catalogue when NULL), joined as a list of alternatives in the current
 * language: "A", "A or B", "A, B or C" ("au" in Swahili; "or" is a msgid of domain/i18n, so a
 * configuration's kazi.translation{messages} gives its language's word). An empty list gives "".
 * Returns buf.
 */
const char *kazi_words_or(char *buf, size_t size, const json_t *cat, const char *kind,
                          const json_t *ids);

/* "Given Family" of a person record (the API's shape, given_name/family_name), copied into
 * buf; "this person" when both are missing. Returns buf. */
const char *kazi_words_person(char *buf, size_t size, const json_t *person);

/*
 * Give each object item of `missing` (a rule's missing items, per-language objects or
 * strings) a "text" member: its words in the current language (kazi_words_pick). Strings
 * and items without any text are left as they are. Safe on NULL.
 */
void kazi_words_missing(json_t *missing);

/*
 * A field's label in plain words in the current language, for a message: Kazi's own fields
 * ("end_date" -> "End date", "Tarehe ya mwisho" in Swahili: the English label is a msgid
 * of domain/i18n, so kazi.translation{messages} translates it), a custom field by its declared
 * label ("custom.home_language" -> "Home language"), an identifier column by its type's
 * declared name; any other name spelled out ("shoe_size" -> "Shoe size"). Returns buf.
 */
const char *kazi_words_field(char *buf, size_t size, const char *field);

/*
 * A missing item of Kazi's own, as a new object {key: id, <lang>: text, ...}: for each
 * language of the live configuration and English, printf format `fmt` (a msgid of
 * domain/i18n: "hold a current %s post") rendered in that language with the name of `id`
 * of `kind` in that language and then `extra` ("" when NULL) as its arguments. A language
 * without a translation reads the configuration's default language's words, then English.
 */
json_t *kazi_words_item(const char *key, const char *kind, const char *id, const char *fmt,
                        const char *extra) __attribute__((format(printf, 4, 0)));

/* The live configuration's currency (kazi.country{currency}) into buf, "USD" when none is
 * declared or no configuration is active. Returns buf. */
const char *kazi_words_currency(char *buf, size_t size);

/* The words of a rule's missing items (per-language objects or strings) in the current
 * language, joined by "; ", copied into buf ("" for none). Returns buf. */
const char *kazi_words_missing_join(char *buf, size_t size, const json_t *missing);

#endif
