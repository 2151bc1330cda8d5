/*
 * lang — the language the current piece of work speaks to its user.
 * Owns: the per-thread current language code ("en", "sw", "ny" ...).
 * Uses: nothing but libc.
 * Thread-safety: each thread has its own current language. The HTTP layer sets it for a
 * request (from ?lang= or Accept-Language, limited to the configuration's languages) and
 * resets it when the request ends; the CLI sets it once. Code that words a message for a
 * user (errors, refusals, report labels) reads it; nothing else should.
 */
#ifndef KAZI_UTIL_LANG_H
#define KAZI_UTIL_LANG_H

#include <stddef.h>

/* Longest language code kept ("en", "sw", "pt-BR", "sw-KE"): BCP 47 primary tag plus
 * one subtag is enough for a ministry's menu. */
enum { KAZI_LANG_MAX = 16 };

/* 1 when `code` is a plain language code Kazi accepts: 2–3 lowercase letters, optionally
 * "-" and 2–8 letters or digits (e.g. "en", "ny", "pt-BR"); else 0. */
int kazi_lang_valid(const char *code);

/* Set this thread's current language; NULL or an invalid code resets it to "" (no
 * choice made: wording falls back to the configuration's first language, then English). */
void kazi_lang_set(const char *code);

/* This thread's current language, "" when none was chosen. Never NULL. */
const char *kazi_lang_current(void);

#endif
