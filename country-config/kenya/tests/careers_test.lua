-- Every certification and move rule: a passing dossier, and for each requirement a
-- dossier missing only that one, which the rule must name (issue 7, point 6).
local function dossier(o)
  local courses, credentials = {}, {}
  for _, id in ipairs(o.courses or {}) do courses[#courses + 1] = { id = id, completed = "2023-01-01" } end
  for _, c in ipairs(o.credentials or {}) do
    credentials[#credentials + 1] = type(c) == "string" and { id = c, kind = "certificate", expires = "2030-01-01" } or c
  end
  return {
    as_of = "2026-03-01",
    person = { birth_date = o.birth or "1990-01-01", education = o.education or "secondary" },
    assignments = o.assignments or {}, courses = courses, credentials = credentials,
  }
end

local function with(base, change)
  local o = {}
  for k, v in pairs(base) do o[k] = v end
  for k, v in pairs(change) do o[k] = v end
  return o
end

local function names(m)
  local out = {}
  for _, x in ipairs(m or {}) do out[#out + 1] = type(x) == "table" and x.en or x end
  return table.concat(out, " | ")
end

local function in_cadre(cadre, from) return { { cadre = cadre, from = from } } end

local cases = {
  { "certification", "vco-accreditation", { courses = { "vco-induction" }, credentials = { "good-conduct" } }, {
      { { birth = "2008-01-01" }, "21 years" },
      { { courses = {} }, "VCO induction" },
      { { credentials = {} }, "good conduct" } } },
  { "certification", "cpa-certificate", { courses = { "cp-certificate" } }, {
      { { birth = "2008-01-01" }, "21 years" },
      { { courses = {} }, "480 hours of recognised prior learning (has 0)" } } },
  { "certification", "sda-certificate", { courses = { "sd-certificate" } }, {
      { { courses = {} }, "certificate in social development" },
      { { education = "primary" }, "secondary education" } } },
  { "move", "vco->cpa", { credentials = { "vco-accreditation" }, assignments = in_cadre("vco", "2023-01-01"), courses = { "cp-certificate" } }, {
      { { credentials = {} }, "VCO accreditation" },
      { { assignments = in_cadre("vco", "2025-12-01") }, "one year as a VCO" },
      { { courses = {} }, "certificate in child protection" } } },
  { "move", "cpa->co", { education = "degree" }, {
      { { education = "diploma" }, "degree in social work" } } },
  { "move", "co->sco", { education = "degree", assignments = in_cadre("co", "2018-01-01") }, {
      { { assignments = in_cadre("co", "2024-01-01") }, "five years as a children's officer" },
      { { education = "diploma" }, "degree in social work" } } },
  { "move", "cpa->sda", { courses = { "sd-bridging" } }, { { { courses = {} }, "bridging course" } } },
  { "move", "sda->cpa", { courses = { "sd-bridging" } }, { { { courses = {} }, "bridging course" } } },
  { "move", "vco->sdv", { assignments = in_cadre("vco", "2025-01-01"), courses = { "volunteer-bridging" } }, {
      { { assignments = in_cadre("vco", "2026-02-01") }, "six months" },
      { { courses = {} }, "bridging course between the volunteer tracks" } } },
  { "move", "sdv->vco", { assignments = in_cadre("sdv", "2025-01-01"), courses = { "volunteer-bridging" } }, {
      { { assignments = in_cadre("sdv", "2026-02-01") }, "six months" },
      { { courses = {} }, "bridging course between the volunteer tracks" } } },
}

for _, c in ipairs(cases) do
  local kind, id, pass, missing = c[1], c[2], c[3], c[4]
  kazi.test(kind .. " " .. id .. " passes with everything in the dossier", function(t)
    local run = kind == "move" and t.move or t.certification
    local ok, m = run(id, dossier(pass))
    t.eq(ok, true, names(m))
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

kazi.test("recognised prior learning stands in for the child protection course", function(t)
  local prior = { id = "prior-learning", kind = "prior_learning", hours = 480 }
  t.eq(t.certification("cpa-certificate", dossier({ credentials = { prior } })), true)
end)

kazi.test("four grades, three lateral moves with bridging, three renewable certificates", function(t)
  local up, lateral = {}, 0
  for _, m in ipairs(kazi.catalogue("moves")) do
    if m.kind == "vertical" then up[m.from] = m.to end
    if m.kind == "lateral" and m.bridging and #m.bridging > 0 then lateral = lateral + 1 end
  end
  local steps, at = 1, "vco"
  while up[at] do steps, at = steps + 1, up[at] end
  t.eq(steps, 4, "vco -> cpa -> co -> sco")
  assert(lateral >= 3, "lateral moves: " .. lateral)
  local renewable = 0
  for _, c in ipairs(kazi.catalogue("certifications")) do
    if c.valid_years and c.refresher then renewable = renewable + 1 end
  end
  assert(renewable >= 3, "renewable certifications: " .. renewable)
end)

kazi.test("prior learning hours are fractions: 12.5 approved hours are named as such", function(t)
  local prior = { id = "prior-learning", kind = "prior_learning", hours = 12.5 }
  local ok, missing = t.certification("cpa-certificate", dossier({ credentials = { prior } }))
  t.eq(ok, false)
  t.has(missing, "(has 12.5)")
end)
