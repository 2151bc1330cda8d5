-- Helpers for rule functions over a worker's dossier (see docs/plugins.md).
--   local D = require "dossier"
--   local gap = D.gap()
--   gap:need(D.completed(d, "psw-level-1"), { en = "...", sw = "...", fr = "..." })
--   return gap:result()
-- A dossier is read-only; every helper only reads it.
local M = {}

-- "YYYY-MM-DD" → seconds (noon UTC; only differences matter), nil for anything else.
-- Counted from the calendar, not through os.time: rules call it for every date they
-- compare (ages, years of service), and the C library's conversion (time zone and all)
-- was a tenth of an impact preview. A month or day out of range carries over as
-- os.time's does ("2021-02-30" is 2021-03-02, "2021-13-01" is 2022-01-01).
local byte = string.byte
local function stamp(date)
  if type(date) ~= "string" or #date ~= 10 then return nil end
  local y1, y2, y3, y4, h1, m1, m2, h2, d1, d2 = byte(date, 1, 10)
  if h1 ~= 45 or h2 ~= 45 then return nil end -- "-"
  y1, y2, y3, y4 = y1 - 48, y2 - 48, y3 - 48, y4 - 48
  m1, m2, d1, d2 = m1 - 48, m2 - 48, d1 - 48, d2 - 48
  if y1 < 0 or y1 > 9 or y2 < 0 or y2 > 9 or y3 < 0 or y3 > 9 or y4 < 0 or y4 > 9
    or m1 < 0 or m1 > 9 or m2 < 0 or m2 > 9 or d1 < 0 or d1 > 9 or d2 < 0 or d2 > 9 then
    return nil
  end
  local y, m = y1 * 1000 + y2 * 100 + y3 * 10 + y4, m1 * 10 + m2 - 1 -- month from 0
  y, m = y + m // 12, m % 12
  -- days since 1970-01-01 of the month's first day (a year counted from March, so
  -- February's length only matters at the year's end)
  if m < 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * ((m + 10) % 12) + 2) // 5
  local days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
  return (days + d1 * 10 + d2 - 1) * 86400 + 43200
end
M.stamp = stamp

-- The date the decision is made for: the dossier's as_of, else today.
function M.today(d)
  return (d and d.as_of) or kazi.today()
end

-- Whole years between two dates (b defaults to the decision date).
function M.years_between(a, b)
  local sa, sb = stamp(a), stamp(b)
  if not sa or not sb then return 0 end
  return (sb - sa) / (365.25 * 24 * 3600)
end

function M.age(d)
  return M.years_between(d.person and d.person.birth_date, M.today(d))
end

-- The course record if the worker completed course `id` (optionally a version).
function M.completed(d, id, version)
  for _, c in ipairs(d.courses or {}) do
    if c.id == id and c.completed and (not version or c.version == version) then return c end
  end
  return nil
end

-- The credential record if the worker holds credential `id`, valid on the decision date.
function M.holds(d, id)
  local today = M.today(d)
  for _, c in ipairs(d.credentials or {}) do
    if c.id == id and (not c.expires or c.expires >= today) then return c end
  end
  return nil
end

-- Years the worker served in `cadre` (all assignments, open ones up to the decision date).
function M.years_in(d, cadre)
  local total, today = 0, M.today(d)
  for _, a in ipairs(d.assignments or {}) do
    if a.cadre == cadre then total = total + M.years_between(a.from, a.to or today) end
  end
  return total
end

-- The worker's current cadre (an open assignment), or nil.
function M.cadre(d)
  for _, a in ipairs(d.assignments or {}) do
    if not a.to then return a.cadre end
  end
  return nil
end

-- Supervised hours count sessions in minutes: a 90-minute session is 1.5 hours.
function M.supervised_hours(d)
  return tonumber(d.supervised_hours) or 0
end

-- A number for words: whole numbers without decimals ("40"), others cut (never rounded
-- up past a threshold) to two decimals ("1.5", "39.99"). Hours are fractions, and
-- ("%d"):format(1.5) is an error: write ("has %s"):format(D.number(hours)).
function M.number(x)
  x = tonumber(x) or 0
  if x == math.floor(x) and math.abs(x) < 2^53 then return ("%d"):format(x) end
  local cut = math.floor(x * 100) / 100
  return (("%.2f"):format(cut):gsub("0+$", ""):gsub("%.$", ""))
end

-- Education levels, lowest first, for a country that declares none of its own
-- (kazi.country{ education = { "none", "primary", ... } }, lowest first).
M.education_order = { "none", "primary", "secondary", "certificate", "diploma", "degree", "masters" }

-- The country's education levels, lowest first (ids).
function M.education_levels()
  local country = kazi.catalogue().country
  local declared = country and country.education
  if not declared or #declared == 0 then return M.education_order end
  local ids = {}
  for i, l in ipairs(declared) do ids[i] = type(l) == "string" and l or l.id end
  return ids
end

function M.education_at_least(d, level)
  local rank = {}
  for i, l in ipairs(M.education_levels()) do rank[l] = i end
  local has = rank[d.person and d.person.education or "none"] or 0
  return has >= (rank[level] or math.huge)
end

-- Hours of recognised prior learning and experience (principle 8): approved
-- credit recorded without an equivalent course (credentials of kind
-- "prior_learning") and credited courses (courses with source "prior_learning").
function M.prior_hours(d)
  local total = 0
  for _, c in ipairs(d.credentials or {}) do
    if c.kind == "prior_learning" then total = total + (tonumber(c.hours) or 0) end
  end
  for _, c in ipairs(d.courses or {}) do
    if c.source == "prior_learning" then total = total + (tonumber(c.hours) or 0) end
  end
  return total
end

-- A gap collects what is missing; result() returns ok, missing.
local Gap = {}
Gap.__index = Gap
function Gap:need(condition, words)
  if not condition then self.missing[#self.missing + 1] = words end
  return self
end
function Gap:result()
  return #self.missing == 0, self.missing
end
function M.gap()
  return setmetatable({ missing = {} }, Gap)
end

return M
