/*
 * dhis2_figures — the providers of the figures Kazi sends to DHIS2: for each figure of
 * the vocabulary (lua/dhis2.h), the function that counts it, grouped by org-unit path
 * and dimensions. The indicator pack adds its counts here as more rows.
 * Owns: the provider table (indexed by kazi_dhis2_figure_id).
 * Uses: store/dhis2.
 * Thread-safety: reentrant.
 */
#ifndef KAZI_DOMAIN_DHIS2_FIGURES_H
#define KAZI_DOMAIN_DHIS2_FIGURES_H

#include "lua/dhis2.h"
#include "store/dhis2.h"

/* Count `figure` over span `s`, handing each group to fn. KAZI_ERROR when the figure
 * has no provider (a bug: a vocabulary row without its provider), else the store's. */
int kazi_dhis2_figure_count(kazi_db *db, int figure, const kazi_dhis2_span *s,
                            kazi_dhis2_count_fn fn, void *ctx);

/* 1 if every figure of the vocabulary has a provider (a unit test holds this). */
int kazi_dhis2_figures_complete(void);

#endif
