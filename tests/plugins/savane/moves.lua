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
-- The State diploma is the course of the vertical move (a bridging course of it).
kazi.move { from = "relais", to = "tsc", kind = "vertical", bridging = { "dipl-ts" },
  requires = function(d)
    local gap = D.gap()
    gap:need(D.years_in(d, "relais") >= 3, say("trois ans comme relais", "three years as a relay"))
    gap:need(D.completed(d, "dipl-ts"), say("le Diplôme d'État de travailleur social", "the State diploma in social work"))
    return gap:result()
  end }
kazi.move { from = "tsc", to = "inspecteur", kind = "vertical",
  requires = function(d)
    local gap = D.gap()
    gap:need(D.years_in(d, "tsc") >= 2, say("deux ans comme travailleur social", "two years as a social worker"))
    gap:need(D.education_at_least(d, "bac"), say("le baccalauréat", "the baccalaureate"))
    return gap:result()
  end }
