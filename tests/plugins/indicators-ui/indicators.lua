-- Two small indicators of the indicator contract (docs/plugins.md, "Indicators"), for
-- the indicators screen's browser test (tests/e2e/indicators.test.mjs): the test
-- proposes this file on top of the live configuration. Both read the population
-- roll-up, so their answers are the imported figures.
local function rows_by_unit(q, p, make)
  local level = p.level or "district"
  local year = tonumber(string.sub(p.period or kazi.today(), 1, 4))
  local units = q("SELECT id, code, name FROM report_org_units WHERE level_id = ? ORDER BY name", level)
  local figures = q("SELECT org_unit_id, population_group, count FROM report_population_rollup " ..
                    "WHERE level_id = ? AND year = ?", level, year)
  local by = {}
  for _, f in ipairs(figures) do
    by[f.org_unit_id] = by[f.org_unit_id] or {}
    by[f.org_unit_id][f.population_group] = f.count
  end
  local out, num, den = {}, 0, 0
  for _, u in ipairs(units) do
    local n, d = make(by[u.id] or {})
    if n then
      out[#out + 1] = { org_unit_id = u.id, org_unit_code = u.code, org_unit_name = u.name, group = "",
                        numerator = n, denominator = d, value = d and (d > 0 and math.floor(1000 * n / d + 0.5) / 10 or nil) or n }
      num = num + n
      den = den + (d or 0)
    end
  end
  out[#out + 1] = { org_unit_name = "Total", group = "", numerator = num, denominator = den > 0 and den or nil,
                    value = den > 0 and math.floor(1000 * num / den + 0.5) / 10 or num }
  return out
end

local PARAMS = {
  { id = "level", type = "level", label = { en = "Org-unit level to group by" } },
  { id = "org_unit", type = "text", label = { en = "Within org unit (code or id)" } },
  { id = "period", type = "period", label = { en = "Period" } },
  { id = "breakdown", type = "text", default = "none", options = { "none" } },
}
local COLUMNS = { "org_unit_id", "org_unit_code", "org_unit_name", "group", "numerator", "denominator", "value" }

kazi.report {
  id = "ui-children-share", title = { en = "Children's share of the population", sw = "Sehemu ya watoto" },
  indicator = { unit = "%", definition = {
    numerator = { en = "Children under 18 living in the area", sw = "Watoto chini ya miaka 18" },
    denominator = { en = "Everyone living in the area", sw = "Watu wote" },
    period = { en = "The population figures of the period's year", sw = "Mwaka wa kipindi" } } },
  params = PARAMS, columns = COLUMNS,
  run = function(p, q)
    return rows_by_unit(q, p, function(f) if f.children and f.total then return f.children, f.total end end)
  end,
}

kazi.report {
  id = "ui-population", title = { en = "People living in the area", sw = "Watu wanaoishi eneo" },
  indicator = { unit = "people", definition = {
    numerator = { en = "Everyone living in the area", sw = "Watu wote" },
    denominator = { en = "None: a count", sw = "Hakuna" },
    period = { en = "The population figures of the period's year", sw = "Mwaka wa kipindi" } } },
  params = PARAMS, columns = COLUMNS,
  run = function(p, q)
    return rows_by_unit(q, p, function(f) if f.total then return f.total, nil end end)
  end,
}
