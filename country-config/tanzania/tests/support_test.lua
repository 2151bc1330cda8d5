-- Supervision rules and activity types of the Tanzanian configuration.
kazi.test("a PSW supervisor may supervise a PSW", function(t)
  local ok = t.supervision("psw", { cadre = "psw" }, { cadres = { "psw-supervisor" } })
  t.eq(ok, true)
end)

kazi.test("another PSW may not supervise a PSW, and the reason says who may", function(t)
  local ok, reason = t.supervision("psw", { cadre = "psw" }, { cadres = { "psw" } })
  t.eq(ok, false)
  assert(reason:find("Para social worker supervisor", 1, true), reason)
end)

kazi.test("a child and youth care worker needs an SWA or officer (rule)", function(t)
  t.eq(t.supervision("acyc", { cadre = "acyc" }, { cadres = { "swo" } }), true)
  local ok, reason = t.supervision("acyc", { cadre = "acyc" }, { cadres = { "psw-supervisor" } })
  t.eq(ok, false)
  t.has(reason, "social welfare assistant or officer")
  t.has(reason, "msaidizi wa ustawi wa jamii")
end)

kazi.test("activity types are declared in both languages", function(t)
  local n = 0
  for _, a in ipairs(kazi.catalogue("activities")) do
    n = n + 1
    assert(a.name.sw, a.id .. " has a Swahili name")
  end
  t.eq(n, 4)
end)
