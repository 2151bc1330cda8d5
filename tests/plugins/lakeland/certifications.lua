local D = require "dossier"

kazi.certification {
  id = "ccv-certificate",
  name = { en = "Certified community care volunteer", ny = "Wodzipereka wovomerezeka" },
  course = "ccv-induction", cadre = "ccv", valid_years = 2,
  refresher = { course = "ccv-refresher", every_years = 2 },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.completed(d, "ccv-induction"),
             { en = "complete the course Community care induction",
               ny = "malizani maphunziro oyamba a chisamaliro" })
    local hours = D.supervised_hours(d)
    gap:need(hours >= 10,
             { en = ("10 hours of supervised practice (has %s)"):format(D.number(hours)),
               ny = ("maola 10 oyang'aniridwa (ali ndi %s)"):format(D.number(hours)) })
    return gap:result()
  end,
}

kazi.certification {
  id = "cpw-certificate",
  name = { en = "Certified child protection worker", ny = "Woteteza ana wovomerezeka" },
  course = "cpw-course", cadre = "cpw", valid_years = 5,
  rule = function(d)
    local gap = D.gap()
    gap:need(D.completed(d, "cpw-course"),
             { en = "complete the Child protection course", ny = "malizani maphunziro oteteza ana" })
    gap:need(D.education_at_least(d, "msce"),
             { en = "MSCE or higher", ny = "MSCE kapena kuposerapo" })
    return gap:result()
  end,
}
