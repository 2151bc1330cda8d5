-- Step 4: tests, with fixture dossiers.
local ready = {
  courses = { { id = "case-work-basics", completed = "2026-02-01" } },
  supervised_hours = 24,
}
local new = { courses = {}, supervised_hours = 5 }

kazi.test("a trained, supervised worker can be certified", function(t)
  local ok, missing = t.certification("case-worker-certificate", ready)
  t.eq(ok, true)
  t.eq(#missing, 0)
end)

kazi.test("a new worker is told what is missing", function(t)
  local ok, missing = t.certification("case-worker-certificate", new)
  t.eq(ok, false)
  t.has(missing, "Case work basics")
  t.has(missing, "(has 5)")
end)
