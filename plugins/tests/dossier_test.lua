-- Tests of the shared helpers; they run with every configuration too.
local D = require "dossier"

local d = {
  as_of = "2026-01-01",
  person = { birth_date = "2000-06-15", education = "secondary" },
  courses = { { id = "c1", version = "2", completed = "2020-01-01" }, { id = "c2" } },
  credentials = { { id = "old", expires = "2025-01-01" }, { id = "new", expires = "2027-01-01" } },
  assignments = { { cadre = "a", from = "2020-01-01", to = "2022-01-01" }, { cadre = "b", from = "2022-01-01" } },
  supervised_hours = 30,
}

kazi.test("dossier helpers read courses, credentials and years", function(t)
  -- a country with its own education levels ranks those (test below), not these
  local own = kazi.catalogue().country and kazi.catalogue().country.education
  t.eq(D.completed(d, "c1") ~= nil, true, "c1 completed")
  t.eq(D.completed(d, "c1", "3"), nil, "wrong version")
  t.eq(D.completed(d, "c2"), nil, "c2 has no completion date")
  t.eq(D.holds(d, "old"), nil, "expired credential")
  t.eq(D.holds(d, "new") ~= nil, true, "valid credential")
  t.eq(math.floor(D.years_in(d, "a")), 2)
  t.eq(math.floor(D.years_in(d, "b")), 4)
  t.eq(D.cadre(d), "b")
  t.eq(math.floor(D.age(d)), 25)
  if not own then
    t.eq(D.education_at_least(d, "primary"), true)
    t.eq(D.education_at_least(d, "diploma"), false)
  end
end)

kazi.test("education ranks the country's levels, lowest first", function(t)
  local levels = D.education_levels()      -- the country's own, or the default order
  local lowest, highest = levels[1], levels[#levels]
  t.eq(D.education_at_least({ person = { education = highest } }, lowest), true)
  t.eq(D.education_at_least({ person = { education = highest } }, highest), true)
  if #levels > 1 then
    t.eq(D.education_at_least({ person = { education = lowest } }, highest), false)
  end
  t.eq(D.education_at_least({ person = { education = "unheard-of" } }, highest), false)
end)

kazi.test("a gap lists what is missing", function(t)
  local ok, missing = D.gap():need(true, "a"):need(false, "b"):need(false, "c"):result()
  t.eq(ok, false)
  t.eq(#missing, 2)
  t.eq(missing[1], "b")
end)

kazi.test("prior learning hours add credited courses and approved experience", function(t)
  local pl = {
    courses = { { id = "c1", completed = "2020-01-01", source = "prior_learning", hours = 100 }, { id = "c2", completed = "2021-01-01", hours = 50 } },
    credentials = { { id = "prior-learning", kind = "prior_learning", hours = 250 }, { id = "x", kind = "certificate" } },
  }
  t.eq(D.prior_hours(pl), 350)
  t.eq(D.prior_hours({}), 0)
end)

kazi.test("numbers for words: hours are fractions (a 90-minute session is 1.5 hours)", function(t)
  t.eq(D.number(40), "40")
  t.eq(D.number(40.0), "40")
  t.eq(D.number(1.5), "1.5")
  t.eq(D.number(39.999), "39.99", "cut, never rounded up past a threshold")
  t.eq(D.number(0.25), "0.25")
  t.eq(D.number(nil), "0")
end)

kazi.test("dates count from the calendar: out-of-range months and days carry over", function(t)
  t.eq(D.stamp("1970-01-01"), 12 * 3600, "noon of the epoch's first day")
  t.eq(D.stamp("2000-03-01") - D.stamp("2000-02-28"), 2 * 86400, "2000 is a leap year")
  t.eq(D.stamp("1900-03-01") - D.stamp("1900-02-28"), 86400, "1900 is not")
  t.eq(D.stamp("2021-02-30"), D.stamp("2021-03-02"))
  t.eq(D.stamp("2021-13-01"), D.stamp("2022-01-01"))
  t.eq(D.stamp("2021-00-10"), D.stamp("2020-12-10"))
  t.eq(D.stamp("2021-01-00"), D.stamp("2020-12-31"))
  for _, bad in ipairs { "2021-1-01", "2021/01/01", "2021-01-01T00", "21-01-01", "abcd-ef-gh", "", 20210101 } do
    t.eq(D.stamp(bad), nil, tostring(bad))
  end
  t.eq(math.floor(D.years_between("2000-02-29", "2018-02-28")), 17)
  t.eq(math.floor(D.years_between("2000-02-29", "2018-03-01")), 18)
end)
