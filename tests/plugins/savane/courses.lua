local D = require "dossier"

local function say(fr, en) return { fr = fr, en = en } end

kazi.course { id = "relais-base", version = "2020", hours = 60, group = "action-sociale", method = "participative",
  name = { fr = "Formation de base des relais", en = "Relay basic training" }, outcomes = { "Visite à domicile", "Orientation" } }
kazi.course { id = "ape-module", version = "2021", hours = 90, group = "protection-enfance", method = "participative",
  name = { fr = "Module protection de l'enfance", en = "Child protection module" }, outcomes = { "Repérage", "Signalement" } }
kazi.course { id = "passerelle", version = "2022", hours = 24, bridging = true, method = "participative",
  name = { fr = "Passerelle relais-animateur", en = "Relay-facilitator bridge" }, outcomes = { "Bases de l'autre filière" } }
kazi.course { id = "recyclage", version = "2023", hours = 12, method = "atelier",
  name = { fr = "Recyclage annuel", en = "Annual refresher" }, outcomes = { "Mise à jour" } }
kazi.course { id = "dipl-ts", version = "2019", hours = 1200, method = "école",
  name = { fr = "Diplôme d'État de travailleur social", en = "State diploma in social work" }, outcomes = { "Travail social" } }

-- Certified for 1 year only, with an annual refresher; 30 supervised hours, age 18.
kazi.certification { id = "cert-relais", course = "relais-base", cadre = "relais", valid_years = 1,
  refresher = { course = "recyclage", every_years = 1 },
  name = say("Attestation de relais communautaire", "Community relay attestation"),
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= 18, say("avoir au moins 18 ans", "be at least 18 years old"))
    gap:need(D.completed(d, "relais-base"), say("suivre la Formation de base des relais", "complete the Relay basic training"))
    gap:need(D.supervised_hours(d) >= 30, say(("30 heures de pratique supervisée (a %s)"):format(D.number(D.supervised_hours(d))),
                                               ("30 hours of supervised practice (has %s)"):format(D.number(D.supervised_hours(d)))))
    return gap:result()
  end }

kazi.certification { id = "cert-ape", course = "ape-module", cadre = "animateur", valid_years = 3,
  name = say("Certificat d'animateur de protection", "Child protection facilitator certificate"),
  rule = function(d)
    local gap = D.gap()
    gap:need(D.completed(d, "ape-module") or D.prior_hours(d) >= 200,
             say("le Module protection de l'enfance ou 200 heures d'acquis", "the Child protection module or 200 hours of prior learning"))
    gap:need(D.education_at_least(d, "bepc"), say("le BEPC", "the lower secondary certificate (BEPC)"))
    return gap:result()
  end }
