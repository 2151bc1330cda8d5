-- Every certification and move rule of the ladder and lattice: one dossier that
-- passes, and for each requirement a dossier missing only that one, which the rule
-- must name (issue 7, point 6). `kazi config check` runs these.
local function course_list(ids)
  local out = {}
  for _, id in ipairs(ids or {}) do out[#out + 1] = { id = id, completed = "2020-01-01" } end
  return out
end

local function credential_list(items)
  local out = {}
  for _, c in ipairs(items or {}) do
    if type(c) == "string" then c = { id = c, kind = "certificate", issued = "2024-01-01", expires = "2030-01-01" } end
    out[#out + 1] = c
  end
  return out
end

local function dossier(o)
  return {
    as_of = "2026-01-15",
    person = { birth_date = o.birth or "1990-01-01", education = o.education or "secondary" },
    assignments = o.assignments or {},
    courses = course_list(o.courses),
    credentials = credential_list(o.credentials),
    supervised_hours = o.hours or 0,
  }
end

local function with(base, change)
  local o = {}
  for k, v in pairs(base) do o[k] = v end
  for k, v in pairs(change) do o[k] = v end
  return o
end

local function names(missing)
  local out = {}
  for _, m in ipairs(missing or {}) do out[#out + 1] = type(m) == "table" and m.en or m end
  return table.concat(out, " | ")
end

local function in_cadre(cadre, from) return { { cadre = cadre, from = from } } end

local cases = {
  { "certification", "psw-certificate", { courses = { "psw-level-1", "psw-level-2" }, hours = 40 }, {
      { { birth = "2010-01-01" }, "at least 18 years" },
      { { courses = { "psw-level-2" } }, "Level 1" },
      { { courses = { "psw-level-1" } }, "Level 2" },
      { { hours = 39 }, "40 hours of supervised practice (has 39)" } } },
  { "certification", "psw-supervisor-certificate", { credentials = { "psw-certificate" }, courses = { "psw-supervisor-course" } }, {
      { { credentials = {} }, "valid para social worker certificate" },
      { { courses = {} }, "Supportive supervision" } } },
  { "certification", "swa-certificate", { courses = { "swa-certificate" } }, {
      { { courses = {} }, "Certificate in Social Welfare" },
      { { education = "primary" }, "secondary education" } } },
  { "certification", "pcdw-certificate", { courses = { "pcdw-basic" } }, {
      { { birth = "2010-01-01" }, "at least 18 years" },
      { { courses = {} }, "community development basic" } } },
  { "certification", "acyc-certificate", { courses = { "acyc-basic" }, hours = 40 }, {
      { { birth = "2010-01-01" }, "at least 18 years" },
      { { courses = {} }, "child and youth care basic" },
      { { hours = 10 }, "40 hours of supervised practice" } } },
  { "move", "psw->psw-supervisor", { credentials = { "psw-certificate" }, assignments = in_cadre("psw", "2020-01-01"), courses = { "psw-supervisor-course" } }, {
      { { credentials = {} }, "valid para social worker certificate" },
      { { assignments = in_cadre("psw", "2025-06-01") }, "two years of service as a PSW" },
      { { courses = {} }, "Supportive supervision" } } },
  { "move", "psw-supervisor->swa", { courses = { "swa-certificate" } }, {
      { { courses = {} }, "Certificate in Social Welfare" },
      { { education = "primary" }, "400 hours of recognised prior learning (has 0)" } } },
  { "move", "swa->swo", { education = "diploma", assignments = in_cadre("swa", "2020-01-01") }, {
      { { education = "secondary" }, "diploma or degree" },
      { { assignments = in_cadre("swa", "2025-01-01") }, "three years of service" } } },
}

local bridges = {
  { "psw", "pcdw", "bridge-to-community-development", "Bridging to community development" },
  { "psw", "acyc", "bridge-to-child-youth-care", "Bridging to child and youth care" },
  { "pcdw", "psw", "bridge-to-para-social-work", "Bridging to para social work" },
  { "pcdw", "acyc", "bridge-to-child-youth-care", "Bridging to child and youth care" },
  { "acyc", "psw", "bridge-to-para-social-work", "Bridging to para social work" },
  { "acyc", "pcdw", "bridge-to-community-development", "Bridging to community development" },
}
for _, b in ipairs(bridges) do
  cases[#cases + 1] = { "move", b[1] .. "->" .. b[2], { assignments = in_cadre(b[1], "2020-01-01"), courses = { b[3] } }, {
      { { assignments = in_cadre(b[1], "2025-12-01") }, "one year of service" },
      { { courses = {} }, b[4] } } }
end

for _, c in ipairs(cases) do
  local kind, id, pass, missing = c[1], c[2], c[3], c[4]
  kazi.test(kind .. " " .. id .. " passes with everything in the dossier", function(t)
    local run = kind == "move" and t.move or t.certification
    local ok, m = run(id, dossier(pass))
    t.eq(ok, true, names(m))
    t.eq(#(m or {}), 0, names(m))
  end)
  for _, miss in ipairs(missing) do
    kazi.test(kind .. " " .. id .. " names what is missing: " .. miss[2], function(t)
      local run = kind == "move" and t.move or t.certification
      local ok, m = run(id, dossier(with(pass, miss[1])))
      t.eq(ok, false)
      t.eq(#m, 1, names(m))
      assert(names(m):find(miss[2], 1, true), "expected '" .. miss[2] .. "' in: " .. names(m))
    end)
  end
end

kazi.test("recognised prior learning stands in for Form Four on the way to SWA", function(t)
  local prior = { id = "prior-learning", kind = "prior_learning", hours = 400, issued = "2025-01-01" }
  local ok, m = t.move("psw-supervisor->swa", dossier({ education = "primary", courses = { "swa-certificate" }, credentials = { prior } }))
  t.eq(ok, true, names(m))
end)

kazi.test("the bridging course also opens the PCDW certificate", function(t)
  t.eq(t.certification("pcdw-certificate", dossier({ courses = { "bridge-to-community-development" } })), true)
end)

kazi.test("the ladder has four levels and three certifications renew with a refresher", function(t)
  local up = {}
  for _, m in ipairs(kazi.catalogue("moves")) do if m.kind == "vertical" then up[m.from] = m.to end end
  local steps, at = 1, "psw"
  while up[at] do steps, at = steps + 1, up[at] end
  t.eq(steps, 4, "psw -> psw-supervisor -> swa -> swo")
  local refreshed = 0
  for _, c in ipairs(kazi.catalogue("certifications")) do
    if c.valid_years and c.refresher then refreshed = refreshed + 1 end
  end
  assert(refreshed >= 3, "certifications with expiry and refresher: " .. refreshed)
end)
