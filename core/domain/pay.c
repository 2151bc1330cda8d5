#include "domain/pay.h"
#include "domain/support.h"
#include "lua/runtime.h"
#include "store/figures.h"
#include "store/registry.h"
#include "store/support.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The largest amount one payment may record. */
#define AMOUNT_MAX 1e12

/* Working days and hours in a month, for minimums declared per day or per hour. */
#define DAYS_PER_MONTH  22
#define HOURS_PER_MONTH 176

double kazi_pay_monthly(const json_t *cat, const json_t *pay)
{
    const char *p = json_string_value(json_object_get(pay, "period"));
    double a = json_number_value(json_object_get(pay, "amount"));
    if (!p) return -1;
    if (!strcmp(p, "year"))
        a /= 12;
    else if (!strcmp(p, "week"))
        a = a * 52 / 12;
    else if (!strcmp(p, "day"))
        a *= DAYS_PER_MONTH;
    else if (!strcmp(p, "hour"))
        a *= HOURS_PER_MONTH;
    else if (strcmp(p, "month"))
        return -1;
    /* as the country writes its currency: 20000 a week is 86667 a month in XOF */
    const json_t *d = json_object_get(json_object_get(cat, "country"), "currency_decimals");
    double scale = pow(10, d ? json_number_value(d) : 0);
    return round(a * scale) / scale;
}

char *kazi_pay_minima(const json_t *cat)
{
    json_t *rows = json_array();
    size_t i, k;
    json_t *p, *e;
    json_array_foreach(json_object_get(cat, "pay"), i, p)
    {
        double m = kazi_pay_monthly(cat, p);
        if (m < 0) continue;
        const json_t *eng = json_object_get(p, "engagement");
        json_t *one = json_is_array(eng) ? NULL : json_pack("[O]", eng ? eng : json_null());
        json_array_foreach(one ? one : eng, k, e)
        {
            json_array_append_new(rows,
                                  json_pack("{s:O,s:O,s:f,s:O}", "cadre",
                                            json_object_get(p, "cadre"), "engagement", e, "monthly",
                                            m, "currency", json_object_get(p, "currency")));
        }
        json_decref(one);
    }
    char *text = json_dumps(rows, JSON_COMPACT);
    json_decref(rows);
    return text;
}

/* Is `kind` pay a minimum counts (not materials or a reimbursement)? */
static int is_pay(const char *kind)
{
    return !strcmp(kind, "payment") || !strcmp(kind, "stipend") || !strcmp(kind, "allowance");
}

/* Set below_minimum, minimum_amount, minimum_currency and minimum of payment `row`
 * (a kazi_support_complete_fn: it runs in the transaction that stores the payment). */
static int flag_minimum(json_t *row, kazi_db *db)
{
    int64_t person = json_integer_value(json_object_get(row, "person_id"));
    const char *period = json_string_value(json_object_get(row, "period"));
    const char *currency = json_string_value(json_object_get(row, "currency"));
    double amount = json_number_value(json_object_get(row, "amount"));
    json_t *min = NULL;
    int rc = KAZI_OK;
    if (is_pay(json_string_value(json_object_get(row, "kind")))) {
        kazi_lua_gen *g = kazi_lua_current();
        char *minima = kazi_pay_minima(g ? kazi_lua_gen_catalogue(g) : NULL);
        kazi_lua_gen_unref(g);
        rc = kazi_store_pay_minimum(&min, db, minima, person);
        free(minima);
        if (rc < 0) return rc;
    }
    int below = 0;
    if (min) {
        const char *mcur = json_string_value(json_object_get(min, "currency"));
        double floor = json_number_value(json_object_get(min, "monthly")), sofar = 0;
        if ((rc = kazi_store_pay_month(&sofar, db, person, period, mcur ? mcur : "")) < 0) {
            json_decref(min);
            return rc;
        }
        if (mcur && !strcmp(mcur, currency)) sofar += amount;
        below = sofar < floor;
        json_object_set_new(row, "minimum_amount", json_real(floor));
        json_object_set_new(row, "minimum_currency", json_string(mcur ? mcur : ""));
        json_object_set_new(row, "minimum",
                            json_pack("{s:f,s:s,s:s}", "amount", floor, "currency",
                                      mcur ? mcur : "", "period", "month"));
        json_decref(min);
    } else {
        json_object_set_new(row, "minimum", json_null());
    }
    json_object_set_new(row, "below_minimum", json_boolean(below));
    return KAZI_OK;
}

int kazi_pay_create(json_t **out, kazi_db *db, const kazi_caller *c, const json_t *in)
{
    int rc = kazi_support_check("payment", in);
    if (rc < 0) return rc;
    int64_t person = json_integer_value(json_object_get(in, "person_id"));
    int64_t funder = json_integer_value(json_object_get(in, "funder_id"));
    const char *kind = json_string_value(json_object_get(in, "kind"));
    const char *period = json_string_value(json_object_get(in, "period"));
    const char *currency = json_string_value(json_object_get(in, "currency"));
    const json_t *amount = json_object_get(in, "amount");
    const json_t *purpose = json_object_get(in, "purpose");
    const json_t *paid_on = json_object_get(in, "paid_on");
    if (!kazi_support_is_period(period))
        return kazi_error_set(KAZI_EINVALID, "period", "The period must be a month (YYYY-MM)");
    if (json_number_value(amount) > AMOUNT_MAX)
        return kazi_error_set(KAZI_EINVALID, "amount",
                              "The amount must be a number from 0 to 1000000000000");
    if ((!strcmp(kind, "materials") || !strcmp(kind, "reimbursement")) &&
        !json_string_length(purpose))
        return kazi_error_set(KAZI_EINVALID, "purpose", "The purpose is required for %s", kind);
    if (funder && kazi_store_organisation_exists(db, funder) != KAZI_OK)
        return kazi_error_set(KAZI_EINVALID, "funder_id", "There is no such funding organisation");
    if ((rc = kazi_support_body_person(db, c, person, "person_id")) < 0) return rc;
    json_t *row = json_pack("{s:I,s:s,s:s,s:O,s:s,s:O,s:O}", "person_id", (json_int_t)person,
                            "kind", kind, "period", period, "amount", amount, "currency", currency,
                            "purpose", json_string_length(purpose) ? purpose : json_null(),
                            "paid_on", json_string_length(paid_on) ? paid_on : json_null());
    json_object_set_new(row, "funder_id", funder ? json_integer(funder) : json_null());
    return kazi_support_store(out, db, c, row, flag_minimum, kazi_store_payment_insert, "payment",
                              "payment");
}

int kazi_pay_list(json_t **out, kazi_db *db, const kazi_caller *c, int64_t person_id)
{
    int rc = kazi_support_person_visible(db, c, person_id);
    if (rc < 0 || (rc = kazi_store_payment_list(out, db, person_id)) < 0) return rc;
    kazi_support_output("payment", *out);
    return KAZI_OK;
}
