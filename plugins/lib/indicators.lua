-- The indicator engine (docs/plugins.md, "Indicators"): `I.indicator{}` turns an
-- indicator's SQL into a kazi.report with the standard parameters (level, org_unit,
-- period, breakdown) and the standard rows (one per org unit of the level and group,
-- then the totals). plugins/indicators.lua declares the pack with it; a configuration
-- may declare its own indicators the same way (local I = require "indicators").
--
-- An indicator's `sql` answers `upath, grp, numerator, denominator` rows, grouped by
-- upath and grp, with these numbered parameters:
--   ?1 the depth of the level grouped by     ?2 1 for the totals (upath is then '')
--   ?3 the breakdown ("none", "cadre", ...)  ?4 the path of the subtree ('/1/' ...)
--   ?5 the period's first day                ?6 the period's last day, or today if sooner
--   ?7 today                                 ?8 the months of the period up to ?6
--   ?9 the period's last year (population figures)
local I = {}

local BREAKDOWNS = { "none", "cadre", "sex", "age_group" }
I.BREAKDOWNS = BREAKDOWNS

-- SQL pieces: the unit a row counts for, and the rows inside the level and subtree.
function I.unit(col) return "CASE WHEN ?2 THEN '' ELSE kazi_path_at(" .. col .. ", ?1) END" end
function I.within(col)
  return "kazi_path_at(" .. col .. ", ?1) IS NOT NULL AND substr(" .. col .. ", 1, length(?4)) = ?4"
end

local function days_in(y, m)
  local d = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
  if m == 2 and (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) then return 29 end
  return d[m]
end

-- "2026", "2024..2026" or "2026-01..2026-06" (checked before run) → first day, last
-- day, first month index, last month index, last year.
function I.period(text)
  local y1, m1, y2, m2 = text:match("^(%d%d%d%d)%-(%d%d)%.%.(%d%d%d%d)%-(%d%d)$")
  if not y1 then
    y1, y2 = text:match("^(%d%d%d%d)%.%.(%d%d%d%d)$")
    if not y1 then y1 = text:match("^(%d%d%d%d)$"); y2 = y1 end
    m1, m2 = 1, 12
  end
  y1, m1, y2, m2 = tonumber(y1), tonumber(m1), tonumber(y2), tonumber(m2)
  return string.format("%04d-%02d-01", y1, m1),
         string.format("%04d-%02d-%02d", y2, m2, days_in(y2, m2)), y1 * 12 + m1 - 1, y2 * 12 + m2 - 1, y2
end

local function round(x) return math.floor(x * 100 + 0.5) / 100 end

local function den_of(spec, den)
  if spec.unit == "count" then return nil end
  return den
end

local function value_of(spec, num, den)
  if spec.unit == "count" then return num end
  if den == nil or den == 0 or num == nil then return nil end
  return round(num * (spec.scale or 1) / den)
end

-- The country's levels, top first (none while a configuration has no country yet).
local function levels()
  local country = kazi.catalogue().country
  return country and country.levels or {}
end

local function level_depth(id)
  for i, l in ipairs(levels()) do
    if (l.id or l) == id then return i - 1 end
  end
  return nil
end

local function run(spec, p, q)
  local today = kazi.today()
  local from, to, mfrom, mto, year = I.period(p.period or today:sub(1, 4))
  local asof = to < today and to or today
  local months = math.max(0, math.min(mto, tonumber(today:sub(1, 4)) * 12 + tonumber(today:sub(6, 7)) - 1) - mfrom + 1)
  local root
  if p.org_unit then
    root = q("SELECT path, depth FROM report_org_units WHERE code = ?1 OR CAST(id AS TEXT) = ?1", p.org_unit)[1]
  else
    root = q("SELECT path, depth FROM report_org_units ORDER BY depth, path LIMIT 1")[1]
  end
  local out = {}
  local function total_row(grp, num, den, note)
    out[#out + 1] = { org_unit_id = nil, org_unit_code = nil, org_unit_name = "Total", group = grp,
                      numerator = num, denominator = den_of(spec, den),
                      value = value_of(spec, num, den), note = note }
  end
  if not root then
    total_row("", 0, nil, nil)
    return out
  end
  local depth = p.level and level_depth(p.level) or root.depth + 1
  local deepest = #levels() - 1
  if deepest >= 0 and depth > deepest then depth = deepest end
  if depth < root.depth then depth = root.depth end
  local breakdown = p.breakdown or "none"
  local args = { depth, 0, breakdown, root.path, from, asof, today, months, year }
  if spec.extra then args[10], args[11] = spec.extra() end
  local n = 0
  for k in spec.sql:gmatch("%?(%d+)") do n = math.max(n, tonumber(k)) end
  local function facts(total)
    args[2] = total
    return q(spec.sql, table.unpack(args, 1, n))
  end
  local units = q("SELECT id, code, name, path FROM report_org_units " ..
                  "WHERE depth = ?1 AND substr(path, 1, length(?2)) = ?2 ORDER BY name, code",
                  depth, root.path)
  local by, groups, seen = {}, {}, {}
  for _, r in ipairs(facts(0)) do
    local g = r.grp == nil and "" or tostring(r.grp)
    by[r.upath .. "\31" .. g] = r
    if not seen[g] then seen[g] = true; groups[#groups + 1] = g end
  end
  table.sort(groups)
  if #groups == 0 then groups = { "" } end
  -- the population each unit's figure rests on (density)
  local pop = {}
  if spec.population then
    for _, r in ipairs(q("SELECT path, count FROM report_population_rollup " ..
                         "WHERE depth = ?1 AND year = ?2 AND population_group = ?3", depth, year, spec.population)) do
      pop[r.path] = r.count
    end
  end
  local missing = ("no %s population figure for %d"):format(spec.population or "", year)
  local sums = {}
  for _, u in ipairs(units) do
    for _, g in ipairs(groups) do
      local r = by[u.path .. "\31" .. g] or {}
      local num = r.numerator or 0
      local den = r.denominator
      local note
      if spec.population then
        den = pop[u.path]
        if den == nil then note = missing end
      elseif den == nil and spec.unit ~= "count" then
        den = 0
      end
      out[#out + 1] = { org_unit_id = u.id, org_unit_code = u.code, org_unit_name = u.name, group = g,
                        numerator = num, denominator = den_of(spec, den),
                        value = value_of(spec, num, den), note = note }
      local s = sums[g] or { num = 0, den = 0 }
      s.num = s.num + num
      if den == nil then s.missing = spec.population ~= nil else s.den = s.den + den end
      sums[g] = s
    end
  end
  if spec.additive == false then
    local tot = {}
    for _, r in ipairs(facts(1)) do tot[r.grp == nil and "" or tostring(r.grp)] = r end
    for _, g in ipairs(groups) do
      local r, s = tot[g] or {}, sums[g] or { den = 0 }
      if not spec.population then
        total_row(g, r.numerator or 0, r.denominator or 0, nil)
      elseif s.missing then
        total_row(g, r.numerator or 0, nil, "some units have no population figure for " .. year)
      else
        total_row(g, r.numerator or 0, s.den, nil)
      end
    end
  else
    for _, g in ipairs(groups) do
      local s = sums[g] or { num = 0, den = 0 }
      if s.missing then
        total_row(g, s.num, nil, "some units have no population figure for " .. year)
      else
        total_row(g, s.num, s.den, nil)
      end
    end
  end
  return out
end

I.COLUMNS = { "org_unit_id", "org_unit_code", "org_unit_name", "group", "numerator", "denominator",
              "value", "note" }

-- The kazi.report declaration of an indicator (kazi.report(I.indicator{...}), so that
-- the report's source is the declaring file): id, title, description, unit, scale (value = numerator *
-- scale / denominator), definition {numerator, denominator, period}, sql, and
-- optionally breakdowns (the options beside "none"), population (a population group:
-- the denominator is its figure for the period's last year) and additive = false
-- (the totals are counted again over the whole subtree, not summed: a supervisor
-- counted in two units is one supervisor). Summing is exact when each counted thing
-- lies in one unit: a person by their residence, a post by its unit.
function I.indicator(spec)
  local options = spec.breakdowns or BREAKDOWNS
  return {
    id = spec.id,
    title = spec.title,
    description = spec.description,
    indicator = { unit = spec.unit_label or spec.unit, definition = spec.definition,
                  names = spec.names, names_of = spec.names_of }, -- the names behind: plugins/indicator_names.lua
    params = {
      { id = "level", type = "level", label = { en = "Org-unit level to group by", sw = "Ngazi", fr = "Niveau de regroupement" } },
      { id = "org_unit", type = "text", label = { en = "Within org unit (code or id)", sw = "Ndani ya eneo",
                                                      fr = "Dans l'unité administrative (code ou identifiant)" } },
      { id = "period", type = "period", label = { en = "Period (2026, 2026-01..2026-06)", sw = "Kipindi",
                                                     fr = "Période (2026, 2026-01..2026-06)" } },
      { id = "breakdown", type = "text", default = "none", options = options,
        label = { en = "Breakdown", sw = "Mgawanyo", fr = "Ventilation" } },
    },
    columns = I.COLUMNS,
    run = function(p, q) return run(spec, p, q) end,
  }
end

return I
