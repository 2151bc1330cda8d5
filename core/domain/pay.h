/*
 * pay — payments, stipends, allowances, materials and reimbursements (principle 16),
 * and the minimum a worker's monthly pay is held against: the configuration's kazi.pay
 * for their cadre and engagement (issue 15, point 6).
 * Owns: the payment rules (a month, an amount, a purpose for materials and
 * reimbursements, a known funder), the minimum lookup shared by the recording of a
 * payment and the pay figure (kazi_pay_minima feeds both), and the below-minimum flag.
 * Uses: store/support, store/figures (the lookup's SQL), domain/support (reach,
 * storing), lua/runtime (kazi.pay of the active configuration).
 * Thread-safety: reentrant; each call uses the connection passed in.
 */
#ifndef KAZI_DOMAIN_PAY_H
#define KAZI_DOMAIN_PAY_H

#include <stdint.h>

#include "domain/registry.h"
#include "store/db.h"
#include "util/json.h"

/*
 * Record {person_id, kind: payment|stipend|allowance|materials|reimbursement, period
 * YYYY-MM, amount 0..10^12, currency, purpose? (required for materials and
 * reimbursement), funder_id?, paid_on?} (table "payment"). Audited. *out is the record
 * with `below_minimum` (true when the worker's payments, stipends and allowances of
 * that month in the minimum's currency, this one included, are below the monthly
 * minimum of their cadre and engagement) and `minimum` ({amount, currency, period:
 * "month"}, or null when no kazi.pay applies or the kind is not pay).
 */
int kazi_pay_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in);

/* A worker's payments, newest month first, each with its below_minimum and minimum. */
int kazi_pay_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id);

/*
 * The monthly equivalent of kazi.pay declaration `pay` of catalogue `cat` (a year / 12,
 * a week * 52 / 12, a day * 22, an hour * 176), rounded as the country writes its
 * currency: to kazi.country{currency_decimals} decimals, whole units when it declares
 * none. < 0 when its period has no monthly equivalent ("session").
 */
double kazi_pay_monthly(const json_t *cat, const json_t *pay);

/*
 * The kazi.pay declarations of catalogue `cat` (NULL: none) as the minimum table the
 * store looks up: JSON text of [{cadre, engagement (null: any), monthly, currency}],
 * one row per engagement a declaration names, amounts as kazi_pay_monthly's ("session"
 * amounts have no monthly equivalent and are left out). New string; free() it.
 */
char *kazi_pay_minima(const json_t *cat);

#endif
