-- The configuration's own tests: `kazi config check country-config/tanzania`
-- runs them, and so does validation before a version goes live.
local F = require "fixtures"

local function has(list, words)
  for _, m in ipairs(list) do
    local en = type(m) == "table" and m.en or m
    if en:find(words, 1, true) then return true end
  end
  return false
end

kazi.test("a new PSW is told exactly what the certificate still needs", function(t)
  local ok, missing = t.certification("psw-certificate", F.new_psw)
  t.eq(ok, false)
  t.eq(#missing, 2, "level 2 and supervised hours")
  assert(has(missing, "Level 2"), "names the level 2 course")
  assert(has(missing, "40 hours of supervised practice (has 12)"), "names the hours with the count")
  t.eq(missing[1].sw ~= nil, true, "missing items carry Swahili too")
end)

kazi.test("an experienced PSW can move up to PSW supervisor", function(t)
  local ok, missing = t.move("psw->psw-supervisor", F.experienced_psw)
  t.eq(ok, true)
  t.eq(#missing, 0)
end)

kazi.test("a new PSW cannot yet become a supervisor", function(t)
  local ok, missing = t.move("psw->psw-supervisor", F.new_psw)
  t.eq(ok, false)
  assert(has(missing, "valid para social worker certificate"))
  assert(has(missing, "two years of service as a PSW"))
end)

kazi.test("the one-year SWA certificate opens the ward level", function(t)
  local ok = t.move("psw-supervisor->swa", F.supervisor_at_swa_school)
  t.eq(ok, true)
  local ok2, missing = t.move("psw-supervisor->swa", F.new_psw)
  t.eq(ok2, false)
  assert(has(missing, "Certificate in Social Welfare"))
  assert(has(missing, "secondary education"))
end)

kazi.test("lateral moves need one year and the bridging course", function(t)
  local ok, missing = t.move("pcdw->psw", F.pcdw_one_year)
  t.eq(ok, false)
  t.eq(#missing, 1)
  assert(has(missing, "Bridging to para social work"))
end)

kazi.test("every para cadre can move laterally to the two other groups", function(t)
  local lateral = {}
  for _, m in ipairs(kazi.catalogue("moves")) do
    if m.kind == "lateral" then lateral[m.from] = (lateral[m.from] or 0) + 1 end
  end
  for _, c in ipairs({ "psw", "pcdw", "acyc" }) do t.eq(lateral[c], 2, c) end
end)

kazi.test("NIDA numbers are checked against the date of birth", function(t)
  local person = { person = { birth_date = "1996-04-02" }, fields = { languages = { "sw" }, nida = "19960402-12345-00001-22" } }
  t.eq(t.hook("person.validate", person), true)
  person.fields.nida = "19970402-12345-00001-22"
  local ok, field, message = t.hook("person.validate", person)
  t.eq(ok, false)
  t.eq(field, "fields.nida")
  assert(message:find("date of birth"), message)
  person.fields.nida = "1996-0402"
  ok, field = t.hook("person.validate", person)
  t.eq(field, "fields.nida")
end)

kazi.test("languages spoken come from the list", function(t)
  local ok, field = t.hook("person.validate", { person = {}, fields = { languages = { "klingon" } } })
  t.eq(ok, false)
  t.eq(field, "fields.languages")
  ok = t.hook("person.validate", { person = {}, fields = { languages = { "sw", "maasai" } } })
  t.eq(ok, true)
end)

kazi.test("para professionals must give their village of residence", function(t)
  local ok, field = t.hook("person.validate", { person = { cadre = "psw" }, fields = { languages = { "sw" } } })
  t.eq(ok, false)
  t.eq(field, "residence.village")
end)

kazi.test("every cadre has a minimum pay in shillings", function(t)
  local pay = {}
  for _, p in ipairs(kazi.catalogue("pay")) do pay[p.cadre] = p end
  for _, c in ipairs(kazi.catalogue("cadres")) do
    assert(pay[c.id], "no minimum pay for " .. c.id)
    t.eq(pay[c.id].currency, "TZS")
  end
end)

kazi.test("supervised hours are fractions: a 90-minute session is 1.5 hours", function(t)
  local d = {}
  for k, v in pairs(F.new_psw) do d[k] = v end
  d.supervised_hours = 1.5
  local ok, missing = t.certification("psw-certificate", d)
  t.eq(ok, false)
  assert(has(missing, "40 hours of supervised practice (has 1.5)"), "names the fractional hours")
  d.credentials = { { id = "prior-learning", kind = "prior_learning", hours = 12.5 } }
  d.person = { education = "primary", birth_date = "1990-01-01" }
  local _, why = t.move("psw-supervisor->swa", d)
  assert(has(why, "(has 12.5)"), "prior learning hours are fractions too")
end)
