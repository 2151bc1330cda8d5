#include "domain/dossier.h"

#include <string.h>

#include "domain/registry.h"
#include "store/registry.h"
#include "store/training.h"
#include "util/error.h"

static int default_hours(double *out, kazi_db *db, int64_t person_id, const char *as_of)
{
    (void)as_of;
    return kazi_store_supervised_hours(out, db, person_id);
}

static kazi_supervised_hours_fn hours_fn = default_hours;

void kazi_dossier_set_supervised_hours(kazi_supervised_hours_fn fn)
{
    hours_fn = fn ? fn : default_hours;
}

static void copy_key(json_t *to, const json_t *from, const char *key)
{
    json_t *v = json_object_get(from, key);
    if (v && !json_is_null(v)) json_object_set(to, key, v);
}

int kazi_dossier_build(json_t **out, kazi_db *db, int64_t id, const char *as_of)
{
    json_t *p = NULL, *d = NULL, *x = NULL;
    char today[16];
    int rc = kazi_store_person_get(&p, db, id);
    if (rc < 0) return rc == KAZI_ENOTFOUND ? kazi_error_set(rc, "id", "no such person") : rc;
    if (!as_of) {
        kazi_registry_today(today, sizeof today);
        as_of = today;
    }
    d = json_object();
    json_object_set_new(d, "as_of", json_string(as_of));
    json_object_set_new(d, "person_id", json_integer(id));
    json_t *person = json_object();
    static const char *const keys[] = {"given_name", "family_name", "other_names", "sex",
                                       "birth_date", "education",   "status",      NULL};
    for (int i = 0; keys[i]; i++)
        copy_key(person, p, keys[i]);
    json_object_set_new(d, "person", person);
    json_t *custom = json_object_get(p, "custom");
    json_object_set_new(d, "fields", json_is_object(custom) ? json_deep_copy(custom)
                                                            : json_object());
    json_object_set_new(d, "residence",
                        json_pack("{s:O,s:O}", "org_unit_id",
                                  json_object_get(p, "residence_org_unit_id"), "org_unit",
                                  json_object_get(p, "org_path")));
    if ((rc = kazi_store_person_assignments_dossier(&x, db, id)) < 0) goto done;
    json_object_set_new(d, "assignments", x);
    if ((rc = kazi_store_person_courses(&x, db, id)) < 0) goto done;
    json_object_set_new(d, "courses", x);
    if ((rc = kazi_store_person_credentials(&x, db, id)) < 0) goto done;
    json_object_set_new(d, "credentials", x);
    double hours = 0;
    if ((rc = hours_fn(&hours, db, id, as_of)) < 0) goto done;
    json_object_set_new(d, "supervised_hours", json_real(hours));
    /* Null values in JSON rows mean "absent" to rules (nil), not a JSON null. */
    size_t i;
    json_t *row;
    static const char *const lists[] = {"assignments", "courses", "credentials", NULL};
    for (int l = 0; lists[l]; l++)
        json_array_foreach(json_object_get(d, lists[l]), i, row)
        {
            const char *k;
            json_t *v;
            void *tmp;
            json_object_foreach_safe(row, tmp, k, v) if (json_is_null(v)) json_object_del(row, k);
        }
    *out = d;
    d = NULL;
done:
    json_decref(p);
    json_decref(d);
    return rc;
}
