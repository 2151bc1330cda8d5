/* Report SQL checked when a configuration is validated: the SQL literals of Lua text
 * (short and long strings, joined with `..`, comments skipped) compiled against the
 * schema through the report authorizer, each problem with its file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/reportcheck.h"
#include "fixture.h"
#include "util/error.h"

static json_t *check(const char *lua, int expect)
{
    json_t *errors = json_array();
    int n = kazi_reportcheck_text(errors, "r.lua", lua, strlen(lua));
    if (n != expect) {
        char *s = json_dumps(errors, JSON_COMPACT);
        fail_msg("%d problems, expected %d: %s", n, expect, s);
    }
    return errors;
}

static void problem(const json_t *errors, size_t i, int line, const char *words)
{
    const json_t *e = json_array_get(errors, i);
    assert_string_equal(json_string_value(json_object_get(e, "file")), "r.lua");
    assert_int_equal(json_integer_value(json_object_get(e, "line")), line);
    const char *m = json_string_value(json_object_get(e, "message"));
    if (!strstr(m, words)) fail_msg("'%s' does not say '%s'", m, words);
}

static void test_reportcheck__unpublished_tables_are_refused_with_their_line(void **state)
{
    (void)state;
    json_t *e =
        check("kazi.report {\n"
              "  id = 'x', title = 'x',\n"
              "  run = function(p, q)\n"
              "    local a = q(\"SELECT cadre FROM report_positions\")\n"
              "    local b = q('SELECT cadre, count(id) AS n FROM position GROUP BY cadre')\n"
              "    return q([[\n"
              "      SELECT given_name FROM person]])\n"
              "  end,\n"
              "}\n",
              2);
    problem(e, 0, 5, "'position' is not allowed");
    problem(e, 1, 6, "'person' is not allowed");
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(e, 0), "message")),
                           "r.lua:5: report SQL: "));
    json_decref(e);
}

static void test_reportcheck__joined_literals_are_one_query(void **state)
{
    (void)state;
    /* complete once joined: a typo of a column is found too */
    json_t *e = check("local x = \"SELECT cadre, count(position_id) AS n \" ..\n"
                      "  -- a comment between the parts\n"
                      "  'FROM report_positions ' .. [==[GROUP BY cadrr]==]\n",
                      1);
    problem(e, 0, 1, "no such column: cadrr");
    json_decref(e);
    /* completed at run time: only what the authorizer refuses counts */
    json_decref(check("local x = 'SELECT ' .. col .. ' FROM report_people'\n"
                      "local y = \"SELECT count(person_id) AS n FROM report_people WHERE \" .. w\n"
                      "local z = 'SELECT cadre FROM assignment WHERE ' .. w\n",
                      0));
    json_decref(check("local z = 'SELECT id FROM assignment ' .. where\n", 1));
}

static void test_reportcheck__comments_and_other_strings_are_not_sql(void **state)
{
    (void)state;
    json_t *e = check("-- SELECT * FROM position\n"
                      "--[[ SELECT * FROM person\n"
                      "     ]]\n"
                      "local t = { title = 'Select the best', note = \"with care\" }\n"
                      "local s = 'it''s \\'SELECT\\' time'\n"
                      "local ok = \"WITH w AS (SELECT sex FROM report_people) SELECT sex FROM w\"\n"
                      "local bad = \"\\z\n"
                      "     SELECT value FROM person_identifier\"\n",
                      1);
    problem(e, 0, 7, "'person_identifier' is not allowed");
    json_decref(e);
}

static void test_reportcheck__a_folder_is_checked_file_by_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/kazi-test-reportcheck-XXXXXX";
    assert_int_equal(kt_tmpdir(dir), 0);
    kt_sh("mkdir -p %s/lib && printf 'local a = \"SELECT id FROM app_user\"\\n' > %s/lib/m.lua && "
          "printf 'x = 1\\n\\nlocal b = \"SELECT n FROM report_nothing\"\\n' > %s/b.lua && "
          "printf 'SELECT * FROM position\\n' > %s/notes.txt",
          dir, dir, dir, dir);
    kazi_config_source *src;
    assert_int_equal(kazi_config_source_dir(&src, dir), KAZI_OK);
    json_t *errors = json_array();
    assert_int_equal(kazi_reportcheck_source(errors, src), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "file")),
                        "b.lua");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 0), "line")), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 1), "file")),
                        "lib/m.lua");
    json_decref(errors);
    kazi_config_source_free(src);
    assert_int_equal(kt_rmtree(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reportcheck__unpublished_tables_are_refused_with_their_line),
        cmocka_unit_test(test_reportcheck__joined_literals_are_one_query),
        cmocka_unit_test(test_reportcheck__comments_and_other_strings_are_not_sql),
        cmocka_unit_test(test_reportcheck__a_folder_is_checked_file_by_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
