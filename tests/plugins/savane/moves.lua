local D = require "dossier"
local function say(fr, en) return { fr = fr, en = en } end

kazi.move { from = "relais", to = "animateur", kind = "lateral", bridging = { "passerelle" },
  requires = function(d)
    local gap = D.gap()
    gap:need(D.years_in(d, "relais") >= 1, say("un an comme relais", "one year as a relay"))
    gap:need(D.completed(d, "passerelle"), say("la Passerelle relais-animateur", "the relay-facilitator bridge"))
    return gap:result()
  end }
kazi.move { from = "animateur", to = "relais", kind = "lateral", bridging = { "passerelle" },
  requires = function(d)
    local gap = D.gap()
    gap:need(D.completed(d, "passerelle"), say("la Passerelle relais-animateur", "the relay-facilitator bridge"))
    return gap:result()
  end }
kazi.move { from = "relais", to = "tsc", kind = "vertical",
  requires = function(d)
    local gap = D.gap()
    gap:need(D.years_in(d, "relais") >= 3, say("trois ans comme relais", "three years as a relay"))
    gap:need(D.completed(d, "dipl-ts"), say("le Diplôme d'État de travailleur social", "the State diploma in social work"))
    return gap:result()
  end }
kazi.move { from = "tsc", to = "inspecteur", kind = "vertical",
  requires = function(d)
    local gap = D.gap()
    gap:need(D.years_in(d, "tsc") >= 5, say("cinq ans comme travailleur social", "five years as a social worker"))
    gap:need(D.education_at_least(d, "licence"), say("une licence", "a bachelor's degree"))
    return gap:result()
  end }
