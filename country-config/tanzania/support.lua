-- Supervision, support and activity returns (principles 7, 17 and 18).
-- A para social worker is supervised by a certified PSW supervisor, a social
-- welfare assistant or an officer; the others by the rung above them.
local W = require "words"
kazi.supervision {
  cadre = "psw", supervisors = { "psw-supervisor", "swa", "swo" },
  max_ratio = 25, session_every_days = 90, support_every_days = 180,
  description = { en = "PSW supervisors hold monthly sessions; at least one every quarter." },
}
kazi.supervision {
  cadre = "psw-supervisor", supervisors = { "swa", "swo" },
  max_ratio = 15, session_every_days = 90, support_every_days = 180,
}
kazi.supervision {
  cadre = "pcdw", supervisors = { "swa", "swo" }, max_ratio = 25, session_every_days = 90,
  support_every_days = 180,
}
-- Child and youth care workers: by an officer, or by a social welfare assistant who
-- works in the same district (a rule, with its reason).
kazi.supervision {
  cadre = "acyc", max_ratio = 20, session_every_days = 60, support_every_days = 180,
  rule = function(worker, supervisor)
    for _, c in ipairs(supervisor.cadres) do
      if c == "swo" or c == "swa" then return true end
    end
    -- the reason in every declared language: a list of one item per language
    return false, { W.say("a child and youth care worker must be supervised by a social welfare assistant or officer",
                          "mhudumu msaidizi wa malezi ya watoto na vijana lazima asimamiwe na msaidizi wa ustawi wa jamii au afisa ustawi wa jamii") }
  end,
}
kazi.supervision { cadre = "swa", supervisors = { "swo" }, max_ratio = 10, session_every_days = 180 }

kazi.activity { id = "children-identified", name = { en = "Vulnerable children identified", sw = "Watoto walio katika mazingira hatarishi waliotambuliwa" } }
kazi.activity { id = "home-visits", name = { en = "Home visits", sw = "Ziara za nyumbani" } }
kazi.activity { id = "referrals-made", name = { en = "Referrals made", sw = "Rufaa zilizotolewa" } }
kazi.activity { id = "referrals-completed", name = { en = "Referrals completed", sw = "Rufaa zilizokamilika" } }

-- Published figures as reports (scoped to the caller by the views).
kazi.report {
  id = "tz-activity-totals",
  title = { en = "Activity returns by month", sw = "Taarifa za shughuli kwa mwezi" },
  params = { { id = "period", type = "text", default = "", label = { en = "Month (YYYY-MM)", sw = "Mwezi" } } },
  columns = { "period", "activity", "total", "workers" },
  run = function(p, q)
    local rows = q("SELECT period, activity, sum(count) AS total, count(DISTINCT person_id) AS workers " ..
                   "FROM report_activity_returns WHERE (? = '' OR period = ?) GROUP BY period, activity " ..
                   "ORDER BY period, activity", p.period, p.period)
    return rows
  end,
}
kazi.report {
  id = "tz-supervision-coverage",
  title = { en = "Supervision coverage by cadre", sw = "Usimamizi kwa kada" },
  columns = {
    { id = "cadre", label = { en = "Cadre", sw = "Kada" } },
    { id = "workers", label = { en = "Workers", sw = "Wafanyakazi" } },
    { id = "without_supervisor", label = { en = "Without a supervisor", sw = "Bila msimamizi" } },
    { id = "no_session_90_days", label = { en = "No supervision session in 90 days", sw = "Bila kikao cha usimamizi siku 90" } },
  },
  run = function(p, q)
    local since = kazi.today()
    local y, m, d = since:match("(%d+)-(%d+)-(%d+)")
    local t = os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d) }) - 90 * 86400
    since = os.date("!%Y-%m-%d", t)
    return q("SELECT cadre, count(person_id) AS workers, " ..
             "sum(CASE WHEN current_supervisors = 0 THEN 1 ELSE 0 END) AS without_supervisor, " ..
             "sum(CASE WHEN last_session_date IS NULL OR last_session_date < ? THEN 1 ELSE 0 END) AS no_session_90_days " ..
             "FROM report_supervision_workers GROUP BY cadre ORDER BY cadre", since)
  end,
}
