/*
 * i18n_embed — the JSON files the build embeds for domain/i18n (core/i18n/embed.cmake):
 * Kazi's own message translations (core/i18n/<lang>.json, named "i18n/<lang>") and the
 * web UI's strings (web/src/strings/<lang>/<area>.json, named "<lang>/<area>").
 * Owns: nothing (generated tables). Uses: nothing.
 * Thread-safety: constant data.
 */
#ifndef KAZI_DOMAIN_I18N_EMBED_H
#define KAZI_DOMAIN_I18N_EMBED_H

struct kazi_i18n_file {
    const char *name; /* "<folder>/<file name without .json>" */
    const char *text; /* the file's JSON text */
};

/* Both end with {0, 0}. */
extern const struct kazi_i18n_file kazi_i18n_messages[];
extern const struct kazi_i18n_file kazi_i18n_ui[];

#endif
