#include "domain/dossier.h"

#include <stdlib.h>
#include <string.h>

#include "domain/registry.h"
#include "store/support.h"
#include "store/training.h"
#include "util/error.h"

typedef struct {
    int64_t id;
    size_t index;
} slot;

static int slot_cmp(const void *a, const void *b)
{
    int64_t x = ((const slot *)a)->id, y = ((const slot *)b)->id;
    return x < y ? -1 : x > y;
}

/* The first of the (sorted) slots that belong to person ID, or NULL. */
static const slot *first_slot(const slot *slots, size_t n, int64_t id)
{
    slot probe = {id, 0};
    const slot *s = bsearch(&probe, slots, n, sizeof *slots, slot_cmp);
    if (!s) return NULL;
    while (s > slots && s[-1].id == id)
        s--;
    return s;
}

/* Append `row` (without person_id and null values: absent to rules, not a JSON null)
 * to list `key` of every dossier of its person. */
static void distribute(json_t **out, const slot *slots, size_t n, json_t *rows, const char *key)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        int64_t id = json_integer_value(json_object_get(row, "person_id"));
        const slot *s = first_slot(slots, n, id);
        if (!s) continue;
        json_object_del(row, "person_id");
        const char *k;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(row, tmp, k, v) if (json_is_null(v)) json_object_del(row, k);
        for (; s < slots + n && s->id == id; s++)
            json_array_append(json_object_get(out[s->index], key), row);
    }
}

int kazi_dossier_build_many(json_t **out, kazi_db *db, const int64_t *ids, size_t n,
                            const char *as_of)
{
    char today[16];
    json_t *idlist = json_array(), *rows = NULL;
    slot *slots = calloc(n ? n : 1, sizeof *slots);
    char *idtext = NULL;
    int rc = KAZI_OK;
    if (!slots || !idlist) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if (!as_of) {
        kazi_registry_today(today, sizeof today);
        as_of = today;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = NULL;
        slots[i].id = ids[i];
        slots[i].index = i;
    }
    qsort(slots, n, sizeof *slots, slot_cmp);
    /* Each person once in the query, however often the caller lists them. */
    for (size_t i = 0; i < n; i++)
        if (!i || slots[i].id != slots[i - 1].id)
            json_array_append_new(idlist, json_integer(slots[i].id));
    if (!(idtext = kazi_json_dump(idlist))) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if ((rc = kazi_store_dossier_people(&rows, db, idtext)) < 0) goto done;
    size_t i;
    json_t *p;
    json_array_foreach(rows, i, p)
    {
        int64_t pid = json_integer_value(json_object_get(p, "person_id"));
        const slot *s = first_slot(slots, n, pid);
        for (; s && s < slots + n && s->id == pid; s++) {
            json_t *d = json_object();
            json_object_set_new(d, "as_of", json_string(as_of));
            json_object_set_new(d, "person_id", json_integer(pid));
            json_t *person = json_object();
            static const char *const keys[] = {"given_name", "family_name", "other_names", "sex",
                                               "birth_date", "education",   "status",      NULL};
            for (int k = 0; keys[k]; k++) {
                json_t *v = json_object_get(p, keys[k]);
                if (v && !json_is_null(v)) json_object_set(person, keys[k], v);
            }
            json_object_set_new(d, "person", person);
            json_t *custom = json_object_get(p, "custom");
            json_object_set_new(d, "fields",
                                json_is_object(custom) ? json_deep_copy(custom) : json_object());
            json_object_set_new(d, "residence",
                                json_pack("{s:O,s:O}", "org_unit_id",
                                          json_object_get(p, "residence_org_unit_id"), "org_unit",
                                          json_object_get(p, "org_path")));
            json_object_set_new(d, "assignments", json_array());
            json_object_set_new(d, "courses", json_array());
            json_object_set_new(d, "credentials", json_array());
            out[s->index] = d;
        }
    }
    json_decref(rows);
    rows = NULL;
    for (i = 0; i < n; i++)
        if (!out[i]) {
            rc = kazi_error_set(KAZI_ENOTFOUND, "id", "no such person (%lld)", (long long)ids[i]);
            goto done;
        }
    if ((rc = kazi_store_dossier_assignments(&rows, db, idtext)) < 0) goto done;
    distribute(out, slots, n, rows, "assignments");
    json_decref(rows);
    if ((rc = kazi_store_dossier_courses(&rows, db, idtext)) < 0) goto done;
    distribute(out, slots, n, rows, "courses");
    json_decref(rows);
    if ((rc = kazi_store_dossier_credentials(&rows, db, idtext)) < 0) goto done;
    distribute(out, slots, n, rows, "credentials");
    json_decref(rows);
    rows = NULL;
    /* Supervised hours: the supervision sessions' minutes up to as_of, one query for the
     * whole batch. */
    for (i = 0; i < n; i++)
        json_object_set_new(out[i], "supervised_hours", json_real(0));
    if ((rc = kazi_store_supervised_minutes_of(&rows, db, idtext, NULL, as_of)) < 0) goto done;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        int64_t id = json_integer_value(json_object_get(row, "person_id"));
        const slot *s = first_slot(slots, n, id);
        if (!s) continue;
        double hours = (double)json_integer_value(json_object_get(row, "minutes")) / 60.0;
        for (; s < slots + n && s->id == id; s++)
            json_object_set_new(out[s->index], "supervised_hours", json_real(hours));
    }
done:
    if (rc < 0)
        for (i = 0; i < n; i++) {
            json_decref(out[i]);
            out[i] = NULL;
        }
    json_decref(rows);
    json_decref(idlist);
    free(idtext);
    free(slots);
    return rc;
}

int kazi_dossier_records(kazi_record **out, kazi_db *db, const int64_t *ids, size_t n,
                         const char *as_of)
{
    json_t **js = calloc(n ? n : 1, sizeof *js);
    int rc = js ? KAZI_OK : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if (rc == KAZI_OK) rc = kazi_dossier_build_many(js, db, ids, n, as_of);
    for (size_t i = 0; rc == KAZI_OK && i < n; i++)
        rc = kazi_record_from_json(&out[i], js[i]);
    for (size_t i = 0; js && i < n; i++) {
        json_decref(js[i]);
        if (rc < 0) {
            kazi_record_free(out[i]);
            out[i] = NULL;
        }
    }
    free(js);
    return rc;
}

int kazi_dossier_build(json_t **out, kazi_db *db, int64_t id, const char *as_of)
{
    return kazi_dossier_build_many(out, db, &id, 1, as_of);
}
