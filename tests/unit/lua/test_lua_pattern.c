/* Kazi's own pattern matcher (core/lua/pattern.c, which counts its steps) answers
 * exactly as Lua's string library does: every case below runs once in a plain Lua
 * state with the real string functions and once as a plugin rule in the sandbox, and
 * the two transcripts must be identical, line by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "fixture.h"
#include "lua/runtime.h"
#include "util/error.h"
#include "util/log.h"

/* One chunk, run in both worlds: returns true, { transcript }. Each case is
 * { function name, arguments... }; the transcript line is the case number and every
 * result (strings with non-printable bytes escaped), or the error message. */
static const char cases_lua[] =
    "local upper = function(s) return s:upper() end\n"
    "local join = function(...) local t = table.pack(...) local o = {}\n"
    "  for i = 1, t.n do o[i] = tostring(t[i]) end return '<' .. table.concat(o, ',') .. '>' end\n"
    "local cases = {\n"
    /* find: plain and patterned, init, anchors */
    "  {'find', 'hello world', 'o w'}, {'find', 'hello world', 'o', 6}, {'find', 'hello', 'l+'},\n"
    "  {'find', 'hello', '.-l'}, {'find', 'hello', '^h'}, {'find', 'hello', '^e'},\n"
    "  {'find', 'hello', 'o$'}, {'find', 'hello$', 'o$', 1, true}, {'find', 'a.b', '.'},\n"
    "  {'find', 'a.b', '.', 1, true}, {'find', 'hello', '', 10}, {'find', 'hello', '', 6},\n"
    "  {'find', 'hello', '', -2}, {'find', 'hello', 'l', -2}, {'find', 'hello', 'xyz'},\n"
    "  {'find', 'hello', 'l', -100}, {'find', 'hello', 'l', 0}, {'find', '', ''},\n"
    "  {'find', '', 'a*'}, {'find', 'a+b', '+', 1, true}, {'find', 'a+b', 'a+b'},\n"
    "  {'find', '  key = value ', '(%w+)%s*=%s*(%w+)'}, {'find', 'hello', '()ll()'},\n"
    "  {'find', 'THE (quick) fox', '%((%a+)%)'}, {'find', 'f(a(b)c)d', '%b()'},\n"
    "  {'find', 'THE (quick) fox', '%f[%a]%a+', 5}, {'find', 'hello', '[^%s]+'},\n"
    "  {'find', 'x=]', '[]]'}, {'find', 'a-b', '[a-]+'}, {'find', 'a^b', '[%^b]+'},\n"
    "  {'find', 'abc123', '%d+'}, {'find', 'abc123', '%D+'}, {'find', 'a\\0b', '\\0'},\n"
    "  {'find', 'a\\0b', '%z'}, {'find', 'a\\0b', '[\\0]'}, {'find', 'a.b', '%.'},\n"
    "  {'find', 'hello', 'l', 4, true}, {'find', 'hello', 'lo', 5, true},\n"
    /* match: classes, sets, quantifiers, captures, back-references, frontier, balance */
    "  {'match', '2024-01-15', '(%d+)-(%d+)-(%d+)'}, {'match', 'hello', '(h)(e)(l)'},\n"
    "  {'match', 'hello', '()'}, {'match', 'key=val', '(%w+)=(%w*)'},\n"
    "  {'match', 'abcabc', '(abc)%1'}, {'match', 'abab', '(ab)%1$'}, {'match', 'xyzzy', '(z+)'},\n"
    "  {'match', '  trim  ', '^%s*(.-)%s*$'}, {'match', '[[nested]]', '%[(%b[])%]'},\n"
    "  {'match', 'THE (quick) fox', '%f[%l]%a+'}, {'match', 'hello', 'h?ello'},\n"
    "  {'match', 'ello', 'h?ello'}, {'match', 'aaa', 'a-b'}, {'match', 'aaab', 'a-b'},\n"
    "  {'match', 'aaa', '^a*$'}, {'match', 'caf\\195\\169', '[\\128-\\255]+'},\n"
    "  {'match', 'a.b.c', '^(.-)%.(.*)$'}, {'match', 'hello', '(l)(l)', 1},\n"
    "  {'match', 'hello', '((l)(l))'}, {'match', '12ab', '%x+'}, {'match', 'A1_b', '[%w_]+'},\n"
    "  {'match', 'hello', '[a-f]'}, {'match', 'hello', '[^a-f]+'}, {'match', 'x', '[%a-z]'},\n"
    "  {'match', '-', '[a-]'}, {'match', 'hello', '%u'}, {'match', 'Hello', '%u%l+'},\n"
    "  {'match', '\\tx', '%c'}, {'match', 'a,b', '%p'}, {'match', 'hello world', '%s'},\n"
    "  {'match', 'hello', '%g+'}, {'match', 'THE END', '%f[%w]%w+$'}, {'match', 'hello', 'o', "
    "-1},\n"
    "  {'match', 'hello', 'h', -100}, {'match', 'hello', 'h', 0}, {'match', 'hello', 'x', 10},\n"
    "  {'match', 'hello', '', 10}, {'match', 'hello', '()', 6}, {'match', 'aaa', 'a+?'},\n"
    "  {'match', 'x', 'x?x?x'}, {'match', 'ab', '^(a?)(b?)$'}, {'match', '(a(b)c)', '%b()'},\n"
    "  {'match', '((', '%b()'}, {'match', 'a]b', '[]a]+'}, {'match', 'a^', '[^^]+'},\n"
    "  {'match', 'word1 word2', '%f[%S]%S+', 2}, {'match', 'x', '%f[x]x%f[%z]'},\n"
    "  {'match', 'x y', '%f[%z]'}, {'match', 'ABC', '%U+'}, {'match', 'ab12', '%A+'},\n"
    "  {'match', 'a b', '%S+%s%S+'}, {'match', 'a%b', 'a%%b'}, {'match', 'x$y', 'x$y'},\n"
    "  {'match', 'x', '$'}, {'match', '^x', '^^x'}, {'match', 'aXb', 'a(.)b'},\n"
    "  {'match', 'hello', '(h)(.-)(o)'}, {'match', 'hello', '.-$'}, {'match', 'a.b', '[.]'},\n"
    /* gmatch */
    "  {'gmatch', 'one two  three', '%a+'}, {'gmatch', 'k1=v1, k2=v2', '(%w+)=(%w+)'},\n"
    "  {'gmatch', 'abc', ''}, {'gmatch', 'abc', 'x*'}, {'gmatch', 'hello', '()l'},\n"
    "  {'gmatch', 'hello', 'l', 4}, {'gmatch', 'a,b,,c', '([^,]*)'}, {'gmatch', '^a^a', '^a'},\n"
    "  {'gmatch', 'hello', '.', -2}, {'gmatch', '', ''}, {'gmatch', 'aaa', 'a-'},\n"
    /* gsub: string, table and function replacements, %0-%9, limits, anchors */
    "  {'gsub', 'hello world', 'o', '0'}, {'gsub', 'hello world', '(o)', '[%1]'},\n"
    "  {'gsub', 'hello world', '%w+', '%0 %0'}, {'gsub', 'hello world', '(%w+) (%w+)', '%2 %1'},\n"
    "  {'gsub', 'hello', '', '-'}, {'gsub', 'abc', 'x*', '-'}, {'gsub', 'hello world', 'o', '0', "
    "1},\n"
    "  {'gsub', 'hello', 'l', 'L', 0}, {'gsub', 'hello', '^h', 'H'}, {'gsub', 'hello', '^l', "
    "'L'},\n"
    "  {'gsub', 'hello world', '%w+', { hello = 'HI' }},\n"
    "  {'gsub', 'hello world', '(%w+)', { hello = false, world = 'W' }},\n"
    "  {'gsub', 'hello world', '%w+', upper}, {'gsub', 'abc', '%w', string.byte},\n"
    "  {'gsub', 'a=1, b=2', '(%w+)=(%w+)', function(k, v) return v .. '=' .. k end},\n"
    "  {'gsub', 'abc', '()', '%1'}, {'gsub', 'abc', '%w', '%%'},\n"
    "  {'gsub', 'hello', 'l+', function() return nil end}, {'gsub', '$1.50', '%$(%d)', 'USD%1'},\n"
    "  {'gsub', 'x', 'x', '%0%0%0'}, {'gsub', 'hello', '(l)(l)', '%2%1'}, {'gsub', 'abc', 'b', "
    "42},\n"
    "  {'gsub', 'f(a)(b)', '%b()', ''}, {'gsub', 'THE (quick) fox', '%f[%a]%a+', 'W'},\n"
    "  {'gsub', 'a b c', '%s*', '_'}, {'gsub', 'hello world', '(o)', '%0%1'},\n"
    "  {'gsub', 'hello', '(h)()', join}, {'gsub', 'abc', '', join}, {'gsub', 'abc', '.', { a = 1 "
    "}},\n"
    "  {'gsub', 'abc', 'b', '%1'}, {'gsub', 'hello', 'l', 'L', -1}, {'gsub', 'hello', 'l', 'L', "
    "1.0},\n"
    "  {'gsub', 'one two', '(%w+)', '<%1>', 1}, {'gsub', '', '', 'x'}, {'gsub', 'aaa', 'a-', "
    "'-'},\n"
    "  {'gsub', 'hello world', '%f[%w]%w', upper},\n"
    /* string.rep is Kazi's own too (built by doubling) */
    "  {'rep', 'ab', 3, ','}, {'rep', '', 5}, {'rep', 'x', 0}, {'rep', 'x', -1}, {'rep', 'ab', 1, "
    "'--'},\n"
    "  {'rep', '', 3, ','}, {'rep', 'abc', 7}, {'rep', 'a', 5, ''}, {'rep', 'xy', 2.0},\n"
    "  {'rep', 'x', 2.5}, {'rep', 'x', 1 << 62, 'y'},\n"
    /* errors: the same messages */
    "  {'find', 'a', '%'}, {'find', 'a', '[a'}, {'find', 'a', '[a%'}, {'find', 'a', '(a'},\n"
    "  {'find', 'a', 'a)'}, {'match', 'a', '%1'}, {'match', 'aa', '(a)%2'}, {'gsub', 'abc', 'a', "
    "'%2'},\n"
    "  {'gsub', 'abc', 'a', '%x'}, {'gsub', 'abc', 'a', '%'}, {'find', 'a', '%b'}, {'find', 'a', "
    "'%ba'},\n"
    "  {'find', 'a', '%fa'}, {'gsub', 'abc', 'a', { a = true }}, {'gsub', 'abc', 'a', { a = {} "
    "}},\n"
    "  {'find', ('a'):rep(40), ('(a)'):rep(33)}, {'match', 'x', ('x?'):rep(250)},\n"
    "  {'match', ('a'):rep(300), ('a?'):rep(150) .. ('a'):rep(150)}, {'match', 'a', '(()'},\n"
    "}\n"
    /* and 3,000 random patterns over a small alphabet (a fixed generator, so both
     * worlds see the same cases) */
    "local seed = 12345\n"
    "local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n + 1 "
    "end\n"
    "local pieces = { 'a', 'b', '.', '%a', '%d', '[ab]', '[^a]', '*', '+', '-', '?', '(', ')', "
    "'(a)', '(.-)',\n"
    "  '()', '%1', '^', '$', '%b()', '%f[a]', '%f[%W]', 'a*', 'b-', '[%d]+', '%s', ' ' }\n"
    "local letters = { 'a', 'b', '1', ' ', '(', ')', 'ab', 'ba' }\n"
    "local fns = { 'find', 'match', 'gmatch', 'gsub' }\n"
    "for i = 1, 3000 do\n"
    "  local p, s = {}, {}\n"
    "  for k = 1, rnd(5) do p[k] = pieces[rnd(#pieces)] end\n"
    "  for k = 1, rnd(16) - 1 do s[k] = letters[rnd(#letters)] end\n"
    "  local f = fns[rnd(4)]\n"
    "  local c = { f, table.concat(s), table.concat(p) }\n"
    "  if f == 'gsub' then c[4] = ({ '<%0>', '%1', join, { a = 'A' } })[rnd(4)] end\n"
    "  if f ~= 'gsub' and rnd(3) == 1 then c[4] = rnd(10) - 5 end\n"
    "  cases[#cases + 1] = c\n"
    "end\n"
    "local function show(v)\n"
    "  if type(v) == 'string' then\n"
    "    return '\"' .. v:gsub('[^ -~]', function(c) return '\\\\' .. c:byte() end) .. '\"'\n"
    "  end\n"
    "  if math.type(v) == 'integer' then return 'i' .. tostring(v) end\n"
    "  return tostring(v)\n"
    "end\n"
    "local out = {}\n"
    "for i, c in ipairs(cases) do\n"
    "  local fn = string[c[1]]\n"
    "  local r\n"
    "  if c[1] == 'gmatch' then\n"
    "    r = table.pack(pcall(function()\n"
    "      local all = {}\n"
    "      for a, b in fn(table.unpack(c, 2)) do\n"
    "        all[#all + 1] = show(a) .. (b ~= nil and ('/' .. show(b)) or '')\n"
    "      end\n"
    "      return table.concat(all, ' ')\n"
    "    end))\n"
    "  else\n"
    "    r = table.pack(pcall(fn, table.unpack(c, 2)))\n"
    "  end\n"
    "  local line = { tostring(i), c[1] }\n"
    /* (the sandbox hides package.loaded, where Lua finds a function's name for
     * "bad argument" messages: names are left out of the comparison) */
    "  if not r[1] then line[#line + 1] = 'error: ' ..\n"
    "    tostring(r[2]):gsub('^.-:%d+: ', ''):gsub(\"to '[^']*'\", 'to ?')\n"
    "  else for k = 2, r.n do line[#line + 1] = (c[1] == 'gmatch' and r[k] or show(r[k])) end end\n"
    "  out[#out + 1] = table.concat(line, ' ')\n"
    "end\n"
    "return true, { table.concat(out, '\\n') }\n";

/* The transcript from Lua's own string library. */
static char *reference(void)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_loadbuffer(L, cases_lua, sizeof cases_lua - 1, "=cases") != LUA_OK ||
        lua_pcall(L, 0, 2, 0) != LUA_OK)
        fail_msg("reference run failed: %s", lua_tostring(L, -1));
    lua_rawgeti(L, -1, 1);
    char *t = strdup(lua_tostring(L, -1));
    lua_close(L);
    return t;
}

/* The transcript from a plugin rule in the sandbox (Kazi's matcher). */
static char *sandboxed(void)
{
    static const char rule[] =
        "kazi.certification { id = 'probe', name = 'probe',\n"
        "  rule = function(d) return load(d.code, '=cases', 't', _ENV)() end }\n";
    const char *paths[] = {"probe.lua"}, *texts[] = {rule};
    kazi_lua_gen *g = kt_lua_gen("c", 1, paths, texts, NULL);
    assert_non_null(g);
    json_t *d = json_pack("{s:s}", "code", cases_lua), *out = NULL;
    int rc = kazi_lua_rule(&out, g, "certification", "probe", d);
    if (rc < 0) fail_msg("sandboxed run failed: %s", kazi_error_last()->message);
    char *t = strdup(json_string_value(json_array_get(json_object_get(out, "missing"), 0)));
    json_decref(out);
    json_decref(d);
    kt_lua_release(g);
    return t;
}

static void test_pattern__same_answers_as_lua(void **state)
{
    (void)state;
    char *want = reference(), *got = sandboxed();
    int lines = 0, bad = 0;
    char *ws, *gs;
    char *w = strtok_r(want, "\n", &ws), *g = strtok_r(got, "\n", &gs);
    for (; w || g; w = strtok_r(NULL, "\n", &ws), g = strtok_r(NULL, "\n", &gs)) {
        lines++;
        if (!w || !g || strcmp(w, g) != 0) {
            print_error("lua:  %s\nkazi: %s\n", w ? w : "(none)", g ? g : "(none)");
            bad++;
        }
    }
    free(want);
    free(got);
    if (bad) fail_msg("%d of %d cases differ from Lua's string library", bad, lines);
    assert_true(lines > 3150);
}

/* A few answers written out, so a change in both worlds would still be seen. */
static void test_pattern__known_answers(void **state)
{
    (void)state;
    char *t = reference();
    assert_non_null(strstr(t, "\n22 find i3 i13 \"key\" \"value\"\n"));
    assert_non_null(strstr(t, "\n23 find i3 i4 i3 i5\n"));
    assert_non_null(strstr(t, "gsub \"world hello\" i1\n"));
    assert_non_null(strstr(t, "error: malformed pattern (ends with '%')"));
    /* the random cases are mostly answers, not errors */
    int errors = 0, nils = 0, lines = 0;
    for (char *c = t; c; c = strchr(c + 1, '\n'))
        lines++;
    for (char *c = t; (c = strstr(c, "error: ")); c++)
        errors++;
    for (char *c = t; (c = strstr(c, " nil\n")); c++)
        nils++;
    print_message("%d cases: %d errors, %d without a match\n", lines, errors, nils);
    assert_true(errors < lines / 3 && nils < lines / 2 + lines / 10);
    free(t);
}

int main(void)
{
    kazi_log_set_level(KAZI_LOG_ERROR + 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pattern__same_answers_as_lua),
        cmocka_unit_test(test_pattern__known_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
