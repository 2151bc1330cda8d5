/*
 * dhis2_figures — one provider per figure of lua/dhis2.h's vocabulary.
 */
#include "domain/dhis2_figures.h"
#include "util/error.h"

typedef int (*provider)(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn, void *ctx);

static int approved(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn, void *ctx)
{
    return kazi_store_dhis2_positions(db, s, 0, fn, ctx);
}

static int vacant(kazi_db *db, const kazi_dhis2_span *s, kazi_dhis2_count_fn fn, void *ctx)
{
    return kazi_store_dhis2_positions(db, s, 1, fn, ctx);
}

static const provider providers[KAZI_DHIS2_NFIGURES] = {
    [KAZI_DHIS2_HEADCOUNT] = kazi_store_dhis2_headcount,
    [KAZI_DHIS2_POSITIONS_APPROVED] = approved,
    [KAZI_DHIS2_POSITIONS_VACANT] = vacant,
    [KAZI_DHIS2_CERTIFIED] = kazi_store_dhis2_certified,
    [KAZI_DHIS2_SUPERVISED] = kazi_store_dhis2_supervised,
    [KAZI_DHIS2_SUPERVISION_SESSIONS] = kazi_store_dhis2_sessions,
    [KAZI_DHIS2_ACTIVITY] = kazi_store_dhis2_activity,
};

int kazi_dhis2_figure_count(kazi_db *db, int figure, const kazi_dhis2_span *s,
                            kazi_dhis2_count_fn fn, void *ctx)
{
    if (figure < 0 || figure >= KAZI_DHIS2_NFIGURES || !providers[figure])
        return kazi_error_set(KAZI_ERROR, NULL, "no provider for DHIS2 figure %d", figure);
    return providers[figure](db, s, fn, ctx);
}

int kazi_dhis2_figures_complete(void)
{
    for (int i = 0; i < KAZI_DHIS2_NFIGURES; i++)
        if (!providers[i] || !kazi_dhis2_figures[i].name) return 0;
    return 1;
}
