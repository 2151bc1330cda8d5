-- The shared reports of plugins/reports.lua, with every configuration.
kazi.test("minimum pay: one row per minimum, a list of engagements as one text", function(t)
  local rows = t.report("minimum-pay", {}, {})
  local pay = kazi.catalogue("pay")
  t.eq(#rows, #pay, "a row per kazi.pay")
  for i, p in ipairs(pay) do
    local want = p.engagement
    if type(want) ~= "string" and want ~= nil then want = table.concat(want, ", ") end
    t.eq(rows[i].engagement, want, "engagement of " .. p.cadre)
    t.eq(rows[i].currency, p.currency, "currency of " .. p.cadre)
  end
end)
