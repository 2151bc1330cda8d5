-- Kenya: everyone is supervised by the children's officer; VCOs may also be
-- shadowed by a child protection assistant of the same ward (a rule).
kazi.supervision {
  cadre = "vco", max_ratio = 30, session_every_days = 30, support_every_days = 90,
  rule = function(worker, supervisor)
    for _, c in ipairs(supervisor.cadres) do
      if c == "co" or c == "cpa" then return true end
    end
    return false, "a volunteer children's officer is supervised by the children's officer or a child protection assistant"
  end,
}
kazi.supervision { cadre = "cpa", supervisors = { "co" }, max_ratio = 12, session_every_days = 14, support_every_days = 90 }
kazi.supervision { cadre = "sda", supervisors = { "co" }, max_ratio = 12, session_every_days = 30, support_every_days = 90 }

kazi.activity { id = "children-in-need", name = { en = "Children in need of care and protection identified", sw = "Watoto wanaohitaji ulinzi waliotambuliwa" } }
kazi.activity { id = "court-cases", name = { en = "Court cases supported", sw = "Kesi za mahakama zilizosaidiwa" } }
kazi.activity { id = "placements", name = { en = "Alternative care placements", sw = "Uwekaji katika malezi mbadala" } }

kazi.report {
  id = "ke-activity-totals",
  title = { en = "Activity returns by month" },
  columns = { "period", "activity", "total" },
  run = function(p, q)
    return q("SELECT period, activity, sum(count) AS total FROM report_activity_returns GROUP BY period, activity ORDER BY period, activity")
  end,
}
