local ready = { person = { birth_date = "1990-01-01" },
  courses = { { id = "relais-base", completed = "2025-02-01" } }, supervised_hours = 31 }
kazi.test("a trained, supervised relay is certified", function(t)
  local ok, missing = t.certification("cert-relais", ready)
  t.eq(ok, true)
  t.eq(#missing, 0)
end)
kazi.test("a new relay is told what is missing", function(t)
  local ok, missing = t.certification("cert-relais", { person = { birth_date = "1990-01-01" }, courses = {}, supervised_hours = 2 })
  t.eq(ok, false)
  t.has(missing, "Formation de base")
end)
