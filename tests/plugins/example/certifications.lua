-- Step 2: a certification rule. It reads the dossier and says what is missing.
local D = require "dossier"

kazi.certification {
  id = "case-worker-certificate",
  name = { en = "Certified community case worker" },
  course = "case-work-basics",
  cadre = "case-worker",
  valid_years = 2,
  rule = function(d)
    local gap = D.gap()
    gap:need(D.completed(d, "case-work-basics"), "complete the course Case work basics")
    gap:need(D.supervised_hours(d) >= 20,
             ("20 hours of supervised practice (has %s)"):format(D.number(D.supervised_hours(d))))
    return gap:result()
  end,
}
