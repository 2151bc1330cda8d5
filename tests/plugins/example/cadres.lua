-- Step 1: a cadre (and the group it belongs to).
kazi.group { id = "case-work", name = { en = "Case work", sw = "Usimamizi wa mashauri" } }

kazi.cadre {
  id = "case-worker",
  name = { en = "Community case worker", sw = "Mhudumu wa mashauri wa jamii" },
  group = "case-work",
  level = 1,
  works_at = "district",
}

kazi.course {
  id = "case-work-basics", version = "2026.1", hours = 40,
  method = "adult, participatory",
  name = { en = "Case work basics" },
  outcomes = { "Open and close a case", "Write a service plan with the family" },
}

kazi.pay { cadre = "case-worker", level = 1, amount = 150, currency = "XEX", period = "month" }
