/* domain/certificate through its field tables (domain/schema_training.c): the issue and
 * revoke bodies follow the one rule of each field kind (text length in characters, a
 * date that exists and is not in the future), a field the table does not know is
 * refused by name instead of ignored, and a certificate leaves the server as the
 * table's allow-list (never the holder's org path). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/certificate.h"
#include "domain/registry.h"
#include "domain/schema.h"
#include "fixture.h"
#include "lua/runtime.h"
#include "store/db.h"
#include "util/error.h"

static char dir[] = "/tmp/kazi-test-certificate-XXXXXX";
static kazi_db *db;
static int64_t village, amina;
static kazi_lua_gen *gen;
static const kazi_caller national = {.name = "unit-test", .personal_data = 1};

static const char config[] = "kazi.certification { id = 'basic', name = 'Basic', valid_years = 3, "
                             "rule = function(d) return true end }\n";

static int setup(void **state)
{
    (void)state;
    if (kt_db_create(&db, dir) < 0 || kt_db_places(db, &village, NULL) < 0) return -1;
    gen = kt_lua_gen1("certificate.lua", config, NULL);
    kazi_lua_activate(gen);
    json_t *in = json_pack("{s:s,s:s,s:I}", "given_name", "Amina", "family_name", "Mushi",
                           "residence_org_unit_id", (json_int_t)village),
           *out;
    if (kazi_registry_person_create(&out, db, &national, in) < 0) return -1;
    amina = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kazi_lua_activate(NULL);
    kt_lua_release(gen);
    return kt_db_destroy(db, dir);
}

static void only_declared(const json_t *record)
{
    const kazi_schema *s = kazi_schema_of("certificate");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)record, k, v)
    {
        const kazi_field *f = kazi_schema_field(s, k);
        if (!f || !(f->flags & KAZI_FIELD_OUTPUT)) fail_msg("undeclared output '%s'", k);
    }
}

static void refused(int rc, const char *field)
{
    assert_int_equal(rc, KAZI_EINVALID);
    assert_string_equal(kazi_error_last()->field, field);
}

static void test_certificate__issue_body_follows_the_field_rules(void **state)
{
    (void)state;
    json_t *out = NULL,
           *in = json_pack("{s:s,s:s}", "certification", "basic", "issued_date", "2025-02-29");
    refused(kazi_certificate_issue(&out, db, &national, amina, in, 0), "issued_date");
    json_object_set_new(in, "issued_date", json_string("2999-01-01")); /* not yet */
    refused(kazi_certificate_issue(&out, db, &national, amina, in, 0), "issued_date");
    json_object_set_new(in, "issued_date", json_string("2025-03-01"));
    json_object_set_new(in, "signed_by", json_string("DSWO")); /* not a field: not ignored */
    refused(kazi_certificate_issue(&out, db, &national, amina, in, 0), "signed_by");
    json_object_del(in, "signed_by");
    char note[2002];
    memset(note, 'x', 2001);
    note[2001] = 0;
    json_object_set_new(in, "evidence", json_string(note)); /* 2001 characters: too long */
    refused(kazi_certificate_issue(&out, db, &national, amina, in, 0), "evidence");
    json_object_set_new(in, "evidence", json_integer(1));
    refused(kazi_certificate_issue(&out, db, &national, amina, in, 0), "evidence");
    json_object_set_new(in, "evidence", json_string("Practicum report\nseen by the DSWO"));
    assert_int_equal(kazi_certificate_list(&out, db, &national, amina), KAZI_OK);
    assert_int_equal(json_array_size(out), 0); /* nothing issued by the refused attempts */
    json_decref(out);

    assert_int_equal(kazi_certificate_issue(&out, db, &national, amina, in, 0), KAZI_OK);
    only_declared(out);
    assert_null(json_object_get(out, "org_path"));
    assert_string_equal(json_string_value(json_object_get(out, "issued_date")), "2025-03-01");
    assert_string_equal(json_string_value(json_object_get(out, "expires_date")), "2028-03-01");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out, "evidence"), "note")),
        "Practicum report\nseen by the DSWO");
    json_decref(out);
    json_decref(in);
    assert_int_equal(kazi_certificate_list(&out, db, &national, amina), KAZI_OK);
    assert_int_equal(json_array_size(out), 1);
    only_declared(json_array_get(out, 0));
    json_decref(out);
}

static void test_certificate__revoke_refuses_what_it_would_drop(void **state)
{
    (void)state;
    json_t *out = NULL, *in = json_pack("{s:s}", "certification", "basic");
    assert_int_equal(kazi_certificate_issue(&out, db, &national, amina, in, 0), KAZI_OK);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    json_decref(in);
    /* a date the revocation does not take is refused, not silently replaced by today */
    in = json_pack("{s:s,s:s}", "reason", "Issued in error", "revoked_date", "2025-01-01");
    refused(kazi_certificate_revoke(&out, db, &national, id, in), "revoked_date");
    json_decref(in);
    in = json_pack("{s:s}", "reason", "");
    refused(kazi_certificate_revoke(&out, db, &national, id, in), "reason");
    json_decref(in);
    in = json_pack("{s:s}", "reason", "Issued\x02 in error");
    refused(kazi_certificate_revoke(&out, db, &national, id, in), "reason");
    json_decref(in);
    in = json_pack("{s:s}", "reason", "Issued on the wrong practicum report");
    assert_int_equal(kazi_certificate_revoke(&out, db, &national, id, in), KAZI_OK);
    only_declared(out);
    assert_null(json_object_get(out, "org_path"));
    assert_string_equal(json_string_value(json_object_get(out, "status")), "revoked");
    assert_string_equal(json_string_value(json_object_get(out, "revoked_reason")),
                        "Issued on the wrong practicum report");
    json_decref(out);
    json_decref(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_certificate__issue_body_follows_the_field_rules),
        cmocka_unit_test(test_certificate__revoke_refuses_what_it_would_drop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
