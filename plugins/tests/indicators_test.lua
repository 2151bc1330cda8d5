-- The indicator engine's arithmetic (plugins/lib/indicators.lua), on fixture rows: one
-- row per unit and group, a value only where the denominator is known and not 0, the
-- totals summed. They run with every configuration too.
kazi.test("indicators: value null when the denominator is 0 or missing, totals summed", function(t)
  local fixture = {
    report_org_units = {
      { id = 1, code = "C", name = "Country", path = "/1/", depth = 0 },
      { id = 2, code = "U2", name = "North", path = "/1/2/", depth = 1 },
      { id = 3, code = "U3", name = "South", path = "/1/3/", depth = 1 },
    },
    report_positions = {
      { upath = "/1/2/", grp = "", numerator = 1, denominator = 4 },
      { upath = "/1/3/", grp = "", numerator = 0, denominator = 0 },
    },
  }
  local rows = t.report("ind-vacancy-rate", { period = "2026" }, fixture)
  -- the country row is listed too: the fixture answers every query of report_org_units
  local by = {}
  for _, r in ipairs(rows) do by[r.org_unit_name] = r end
  t.eq(by.North.value, 25, "1 of 4 posts vacant: 25 %")
  t.eq(by.South.value, nil, "no approved posts: no value, never 0")
  t.eq(by.Total.numerator, 1)
  t.eq(by.Total.denominator, 4)
  t.eq(by.Total.value, 25)
  t.eq(rows[#rows].org_unit_name, "Total", "the totals come last")
end)

kazi.test("indicators: a density without a population figure says so", function(t)
  local fixture = {
    report_org_units = {
      { id = 1, code = "C", name = "Country", path = "/1/", depth = 0 },
      { id = 2, code = "U2", name = "North", path = "/1/2/", depth = 1 },
    },
    report_assignments = { { upath = "/1/2/", grp = "", numerator = 3 } },
    report_population_rollup = { { path = "/1/2/", count = 6000 } },
  }
  local by = {}
  for _, r in ipairs(t.report("ind-density", { period = "2026" }, fixture)) do by[r.org_unit_name] = r end
  t.eq(by.North.value, 5, "3 workers per 6,000 people: 5 per 10,000")
  t.eq(by.Country.value, nil)
  t.eq(by.Country.note, "no total population figure for 2026")
end)
