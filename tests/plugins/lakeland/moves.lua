local D = require "dossier"

kazi.move {
  from = "ccv", to = "cpw", kind = "vertical", bridging = { "cpw-course" },
  description = { en = "An experienced volunteer becomes a child protection worker",
                  ny = "Wodzipereka wodziwa ntchito akukhala woteteza ana" },
  requires = function(d)
    local gap = D.gap()
    gap:need(D.holds(d, "ccv-certificate"),
             { en = "hold a current Certified community care volunteer certificate",
               ny = "khalani ndi satifiketi ya wodzipereka" })
    gap:need(D.years_in(d, "ccv") >= 2,
             { en = "two years as a community care volunteer",
               ny = "zaka ziwiri ngati wodzipereka" })
    gap:need(D.education_at_least(d, "msce"), { en = "MSCE or higher", ny = "MSCE kapena kuposerapo" })
    return gap:result()
  end,
}
