#include "domain/dossier.h"

#include <stdlib.h>
#include <string.h>

#include "domain/registry.h"
#include "store/support.h"
#include "store/training.h"
#include "util/buf.h"
#include "util/error.h"

/* Dossiers are written straight from the rows of five queries per batch (people, their
 * assignments, courses, credentials and supervised minutes) into compact records: no
 * JSON is built on the way, so a batch allocates a few growing buffers, not a value per
 * cell. */

/* A cell kept from a row: its text copied into the batch's text buffer (at `at`). */
typedef struct {
    int col; /* its column: the name is the table's */
    int type;
    int64_t i;
    double d;
    size_t at, len;
} cell;

/* The rows of one query: cells of row k are cells[row[k] .. row[k+1]); the columns'
 * names are copied (at name_at[c] in the batch's text) from the first row. */
typedef struct {
    size_t name_at[32], name_len[32];
    int ncols;
    cell *cells;
    size_t ncells, ccap;
    size_t *row; /* nrows + 1 entries */
    int64_t *person;
    size_t nrows, rcap;
} table;

typedef struct {
    table t[4];          /* people, assignments, courses, credentials */
    kazi_buf text;       /* every kept text, each followed by a NUL */
    int64_t *minutes_of; /* person id, minutes pairs */
    size_t nminutes, mcap;
    int failed;
} batch;

/* Keep `len` bytes of text and a NUL after them; their offset in the batch's text. */
static size_t keep_text(batch *b, const char *s, size_t len)
{
    size_t at = b->text.len;
    if (kazi_buf_append(&b->text, s, len) < 0 || kazi_buf_append(&b->text, "", 1) < 0) {
        b->failed = 1;
        return 0;
    }
    return at;
}

typedef struct {
    batch *b;
    table *t;
} sink;

/* A row visitor: keep the row (its first cell is the person's id). */
static int keep_row(void *ctx, const kazi_cell *cells, int n)
{
    sink *s = ctx;
    batch *b = s->b;
    table *t = s->t;
    if (n < 1 || cells[0].type != KAZI_CELL_INTEGER) return KAZI_OK;
    if (t->nrows + 2 > t->rcap) {
        size_t cap = t->rcap ? t->rcap * 2 : 256;
        size_t *row = realloc(t->row, cap * sizeof *row);
        if (row) t->row = row;
        int64_t *person = row ? realloc(t->person, cap * sizeof *person) : NULL;
        if (!row || !person) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        t->person = person;
        t->rcap = cap;
    }
    if (t->ncells + (size_t)n > t->ccap) {
        size_t cap = t->ccap ? t->ccap * 2 : 1024;
        while (cap < t->ncells + (size_t)n)
            cap *= 2;
        cell *c = realloc(t->cells, cap * sizeof *c);
        if (!c) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        t->cells = c;
        t->ccap = cap;
    }
    if (!t->ncols) {
        for (int k = 0; k < n; k++) {
            t->name_len[k] = strlen(cells[k].name);
            t->name_at[k] = keep_text(b, cells[k].name, t->name_len[k]);
        }
        t->ncols = n;
    }
    t->person[t->nrows] = cells[0].i;
    t->row[t->nrows] = t->ncells;
    for (int k = 1; k < n && k < t->ncols; k++) {
        cell *c = &t->cells[t->ncells++];
        c->col = k;
        c->type = cells[k].type;
        c->i = cells[k].i;
        c->d = cells[k].d;
        c->at = c->len = 0;
        if (c->type == KAZI_CELL_TEXT) {
            c->at = keep_text(b, cells[k].text, cells[k].len);
            c->len = cells[k].len;
        }
    }
    t->row[++t->nrows] = t->ncells;
    return b->failed ? kazi_error_set(KAZI_ERROR, NULL, "out of memory") : KAZI_OK;
}

static int keep_minutes(void *ctx, const kazi_cell *cells, int n)
{
    batch *b = ctx;
    if (n < 2 || cells[0].type != KAZI_CELL_INTEGER) return KAZI_OK;
    if (b->nminutes + 2 > b->mcap) {
        size_t cap = b->mcap ? b->mcap * 2 : 256;
        int64_t *m = realloc(b->minutes_of, cap * sizeof *m);
        if (!m) return kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        b->minutes_of = m;
        b->mcap = cap;
    }
    b->minutes_of[b->nminutes++] = cells[0].i;
    b->minutes_of[b->nminutes++] = cells[1].type == KAZI_CELL_INTEGER ? cells[1].i
                                   : cells[1].type == KAZI_CELL_REAL  ? (int64_t)cells[1].d
                                                                      : 0;
    return KAZI_OK;
}

static void batch_free(batch *b)
{
    for (int k = 0; k < 4; k++) {
        free(b->t[k].cells);
        free(b->t[k].row);
        free(b->t[k].person);
    }
    free(b->text.data);
    free(b->minutes_of);
}

/* The rows of person id in t (rows of one person are adjacent, by person): [*first, end). */
static size_t rows_of(const table *t, int64_t id, size_t *first)
{
    size_t lo = 0, hi = t->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->person[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < t->nrows && t->person[end] == id)
        end++;
    *first = lo;
    return end;
}

static const cell *cell_named(const batch *b, const table *t, size_t row, const char *name)
{
    for (size_t c = t->row[row]; c < t->row[row + 1]; c++)
        if (!strcmp(b->text.data + t->name_at[t->cells[c].col], name)) return &t->cells[c];
    return NULL;
}

static void put_cell(kazi_record_writer *w, uint32_t at, const batch *b, const cell *c)
{
    switch (c->type) {
    case KAZI_CELL_INTEGER:
        kazi_record_put_integer(w, at, c->i);
        return;
    case KAZI_CELL_REAL:
        kazi_record_put_real(w, at, c->d);
        return;
    case KAZI_CELL_TEXT:
        kazi_record_put_string(w, at, b->text.data + c->at, c->len);
        return;
    default:
        return; /* a reserved node is null */
    }
}

/* A list of the rows [first, end) of t, each an object of its non-null cells. */
static void put_rows(kazi_record_writer *w, uint32_t at, const batch *b, const table *t,
                     size_t first, size_t end)
{
    uint32_t item = kazi_record_put_container(w, at, KAZI_RN_ARRAY, (uint32_t)(end - first));
    for (size_t r = first; r < end && !w->failed; r++, item++) {
        uint32_t n = 0;
        for (size_t c = t->row[r]; c < t->row[r + 1]; c++)
            n += t->cells[c].type != KAZI_CELL_NULL;
        uint32_t m = kazi_record_put_container(w, item, KAZI_RN_OBJECT, n);
        for (size_t c = t->row[r]; c < t->row[r + 1] && !w->failed; c++) {
            const cell *x = &t->cells[c];
            if (x->type == KAZI_CELL_NULL) continue;
            kazi_record_put_key(w, m, b->text.data + t->name_at[x->col], t->name_len[x->col]);
            put_cell(w, m++, b, x);
        }
    }
}

static void put_key(kazi_record_writer *w, uint32_t at, const char *key)
{
    kazi_record_put_key(w, at, key, strlen(key));
}

/* The dossier of the person in row p of the people table. */
static int write_dossier(kazi_record **out, kazi_record_writer *w, const batch *b, size_t p,
                         const char *as_of)
{
    const table *people = &b->t[0];
    int64_t id = people->person[p];
    uint32_t root = kazi_record_reserve(w, 1);
    uint32_t m = kazi_record_put_container(w, root, KAZI_RN_OBJECT, 9);
    put_key(w, m, "as_of");
    kazi_record_put_string(w, m++, as_of, strlen(as_of));
    put_key(w, m, "person_id");
    kazi_record_put_integer(w, m++, id);
    /* person: the fields that have a value */
    static const char *const keys[] = {"given_name", "family_name", "other_names", "sex",
                                       "birth_date", "education",   "status",      NULL};
    const cell *pc[8];
    uint32_t np = 0;
    for (int k = 0; keys[k]; k++) {
        const cell *c = cell_named(b, people, p, keys[k]);
        pc[k] = c && c->type != KAZI_CELL_NULL ? c : NULL;
        np += pc[k] != NULL;
    }
    put_key(w, m, "person");
    uint32_t f = kazi_record_put_container(w, m++, KAZI_RN_OBJECT, np);
    for (int k = 0; keys[k]; k++) {
        if (!pc[k]) continue;
        put_key(w, f, keys[k]);
        put_cell(w, f++, b, pc[k]);
    }
    /* fields: the custom fields (a JSON object's text) */
    put_key(w, m, "fields");
    const cell *custom = cell_named(b, people, p, "custom");
    json_t *fields = custom && custom->type == KAZI_CELL_TEXT
                         ? json_loadb(b->text.data + custom->at, custom->len, JSON_DECODE_ANY, NULL)
                         : NULL;
    if (json_is_object(fields))
        kazi_record_put_json(w, m++, fields);
    else
        kazi_record_put_container(w, m++, KAZI_RN_OBJECT, 0);
    json_decref(fields);
    put_key(w, m, "residence");
    uint32_t r = kazi_record_put_container(w, m++, KAZI_RN_OBJECT, 2);
    put_key(w, r, "org_unit_id");
    const cell *c = cell_named(b, people, p, "residence_org_unit_id");
    if (c) put_cell(w, r, b, c);
    r++;
    put_key(w, r, "org_unit");
    if ((c = cell_named(b, people, p, "org_path"))) put_cell(w, r, b, c);
    static const char *const lists[] = {"assignments", "courses", "credentials"};
    for (int k = 0; k < 3; k++) {
        size_t first, end = rows_of(&b->t[k + 1], id, &first);
        put_key(w, m, lists[k]);
        put_rows(w, m++, b, &b->t[k + 1], first, end);
    }
    /* supervised hours: the sessions' minutes up to as_of */
    int64_t minutes = 0;
    size_t lo = 0, hi = b->nminutes / 2; /* by person id */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->minutes_of[2 * mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < b->nminutes / 2 && b->minutes_of[2 * lo] == id) minutes = b->minutes_of[2 * lo + 1];
    put_key(w, m, "supervised_hours");
    kazi_record_put_real(w, m, (double)minutes / 60.0);
    return kazi_record_finish(out, w);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int kazi_dossier_records(kazi_record **out, kazi_db *db, const int64_t *ids, size_t n,
                         const char *as_of)
{
    char today[16];
    batch b = {0};
    kazi_record_writer w = {0};
    int64_t *sorted = malloc((n ? n : 1) * sizeof *sorted);
    char *idtext = malloc(n * 21 + 3);
    int rc = KAZI_OK;
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if (!sorted || !idtext) {
        rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
        goto done;
    }
    if (!as_of) {
        kazi_registry_today(today, sizeof today);
        as_of = today;
    }
    /* each person once in the query, however often the caller lists them */
    memcpy(sorted, ids, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_id);
    size_t len = 0;
    idtext[len++] = '[';
    for (size_t i = 0; i < n; i++)
        if (!i || sorted[i] != sorted[i - 1])
            len +=
                (size_t)sprintf(idtext + len, "%s%lld", len > 1 ? "," : "", (long long)sorted[i]);
    idtext[len++] = ']';
    idtext[len] = '\0';
    sink s[4];
    for (int k = 0; k < 4; k++)
        s[k] = (sink){&b, &b.t[k]};
    if ((rc = kazi_store_dossier_people(db, idtext, keep_row, &s[0])) < 0 ||
        (rc = kazi_store_dossier_assignments(db, idtext, keep_row, &s[1])) < 0 ||
        (rc = kazi_store_dossier_courses(db, idtext, keep_row, &s[2])) < 0 ||
        (rc = kazi_store_dossier_credentials(db, idtext, keep_row, &s[3])) < 0 ||
        (rc = kazi_store_supervised_minutes_of(db, idtext, NULL, as_of, keep_minutes, &b)) < 0)
        goto done;
    /* people come in the order of the id list (sorted) as SQLite joins it; should a plan
     * ever answer otherwise, each person is looked for in turn */
    table *people = &b.t[0];
    int by_id = 1;
    for (size_t k = 1; k < people->nrows; k++)
        if (people->person[k] <= people->person[k - 1]) by_id = 0;
    for (size_t i = 0; i < n && rc == KAZI_OK; i++) {
        size_t p = people->nrows, first;
        if (by_id) {
            if (rows_of(people, ids[i], &first) > first) p = first;
        } else {
            for (size_t k = 0; k < people->nrows; k++)
                if (people->person[k] == ids[i]) {
                    p = k;
                    break;
                }
        }
        if (p == people->nrows) {
            rc = kazi_error_set(KAZI_ENOTFOUND, "id", "no such person (%lld)", (long long)ids[i]);
            break;
        }
        rc = write_dossier(&out[i], &w, &b, p, as_of);
    }
done:
    if (rc < 0)
        for (size_t i = 0; i < n; i++) {
            kazi_record_free(out[i]);
            out[i] = NULL;
        }
    kazi_record_writer_free(&w);
    batch_free(&b);
    free(sorted);
    free(idtext);
    return rc;
}

int kazi_dossier_build_many(json_t **out, kazi_db *db, const int64_t *ids, size_t n,
                            const char *as_of)
{
    kazi_record **recs = calloc(n ? n : 1, sizeof *recs);
    int rc = recs ? kazi_dossier_records(recs, db, ids, n, as_of)
                  : kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        out[i] = rc == KAZI_OK ? kazi_record_to_json(recs[i], 0) : NULL;
        if (rc == KAZI_OK && !out[i]) rc = kazi_error_set(KAZI_ERROR, NULL, "out of memory");
    }
    if (rc < 0)
        for (size_t i = 0; i < n; i++) {
            json_decref(out[i]);
            out[i] = NULL;
        }
    for (size_t i = 0; recs && i < n; i++)
        kazi_record_free(recs[i]);
    free(recs);
    return rc;
}

int kazi_dossier_build(json_t **out, kazi_db *db, int64_t id, const char *as_of)
{
    return kazi_dossier_build_many(out, db, &id, 1, as_of);
}
