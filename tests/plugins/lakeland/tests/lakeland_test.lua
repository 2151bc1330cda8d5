local ready = {
  as_of = "2026-03-01",
  person = { education = "standard-8" },
  courses = { { id = "ccv-induction", completed = "2025-01-10" } },
  supervised_hours = 10.5,
}
local new = { as_of = "2026-03-01", courses = {}, supervised_hours = 1.5 }

kazi.test("a trained, supervised volunteer can be certified", function(t)
  local ok, missing = t.certification("ccv-certificate", ready)
  t.eq(ok, true)
  t.eq(#missing, 0)
end)

kazi.test("a new volunteer is told what is missing, in Chichewa too", function(t)
  local ok, missing = t.certification("ccv-certificate", new)
  t.eq(ok, false)
  t.has(missing, "Community care induction")
  t.has(missing, "maphunziro oyamba")     -- the ny words of the same item
  t.has(missing, "(ali ndi 1.5)")
end)

kazi.test("education ranks the country's own levels", function(t)
  local with = { person = { education = "diploma" }, courses = { { id = "cpw-course", completed = "2025-06-01" } } }
  local without = { person = { education = "standard-8" }, courses = { { id = "cpw-course", completed = "2025-06-01" } } }
  t.eq(t.certification("cpw-certificate", with), true)
  local ok, missing = t.certification("cpw-certificate", without)
  t.eq(ok, false)
  t.has(missing, "MSCE")
end)

kazi.test("a volunteer without two years cannot move up", function(t)
  local ok, missing = t.move("ccv->cpw", ready)
  t.eq(ok, false)
  t.has(missing, "zaka ziwiri")
end)

kazi.test("a labelled option is accepted by its id", function(t)
  t.eq(t.hook("person.validate", { fields = { home_language = "ny" } }), true)
  local ok, field = t.hook("person.validate", { fields = { home_language = "Chichewa" } })
  t.eq(ok, false)
  t.eq(field, "fields.home_language")
end)

kazi.test("workers by cadre names each cadre", function(t)
  local rows, columns = t.report("lakeland-workers-by-cadre", {},
    { { cadre = "ccv", workers = 12 }, { cadre = "cpw", workers = 3 } })
  t.eq(#rows, 2)
  t.eq(rows[1].name, "Community care volunteer")
  t.eq(rows[2].workers, 3)
  t.eq(columns[3], "workers")
  local one = t.report("lakeland-workers-by-cadre", { cadre = "cpw" },
    { report_service = { { cadre = "ccv", workers = 12 }, { cadre = "cpw", workers = 3 } } })
  t.eq(#one, 1)
  t.eq(one[1].name, "Child protection worker")
end)
