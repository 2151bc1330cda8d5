local volunteer = {
  as_of = "2026-03-01",
  person = { birth_date = "2006-01-01", education = "secondary" },
  courses = { { id = "vco-induction", completed = "2025-10-01" } },
  credentials = { { id = "good-conduct", expires = "2026-01-31" } },
}

kazi.test("VCO accreditation needs age 21 and a valid good conduct certificate", function(t)
  local ok, missing = t.certification("vco-accreditation", volunteer)
  t.eq(ok, false)
  t.eq(#missing, 2)
  t.has(missing, "21 years")
  t.has(missing, "good conduct")
end)

kazi.test("volunteers are paid by the day in shillings of Kenya", function(t)
  local found = false
  for _, p in ipairs(kazi.catalogue("pay")) do
    t.eq(p.currency, "KES")
    if p.cadre == "vco" then found = p.period == "day" end
  end
  t.eq(found, true)
end)

kazi.test("a national ID is required", function(t)
  local ok, field = t.hook("person.validate", { person = {}, fields = {} })
  t.eq(ok, false)
  t.eq(field, "fields.national_id")
  t.eq(t.hook("person.validate", { person = {}, fields = { national_id = "12345678" } }), true)
end)

kazi.test("a VCO may be supervised by a CPA but not by another VCO", function(t)
  t.eq(t.supervision("vco", { cadre = "vco" }, { cadres = { "cpa" } }), true)
  local ok, reason = t.supervision("vco", { cadre = "vco" }, { cadres = { "vco" } })
  t.eq(ok, false)
  assert(reason:find("children's officer", 1, true), reason)
  local ok2, why = t.supervision("cpa", { cadre = "cpa" }, { cadres = { "sda" } })
  t.eq(ok2, false)
  assert(why:find("Children's officer", 1, true), why)
end)
