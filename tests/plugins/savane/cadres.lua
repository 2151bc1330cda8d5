-- Two groups, four cadres, a lattice with a lateral move; levels are letters.
kazi.group { id = "action-sociale", name = { fr = "Action sociale", en = "Social action" } }
kazi.group { id = "protection-enfance", name = { fr = "Protection de l'enfance", en = "Child protection" } }

kazi.cadre { id = "relais", abbreviation = "RC", para = true, group = "action-sociale", level = "C",
  works_at = "commune", track = "communautaire",
  name = { fr = "Relais communautaire", en = "Community relay" } }
kazi.cadre { id = "animateur", abbreviation = "APE", para = true, group = "protection-enfance", level = "C",
  works_at = "commune",
  name = { fr = "Animateur de protection de l'enfance", en = "Child protection facilitator" } }
kazi.cadre { id = "tsc", abbreviation = "TSC", group = "action-sociale", level = "B",
  works_at = "commune",
  name = { fr = "Travailleur social de commune", en = "Commune social worker" } }
kazi.cadre { id = "inspecteur", abbreviation = "IAS", group = "action-sociale", level = "A",
  works_at = "departement",
  name = { fr = "Inspecteur de l'action sociale", en = "Social action inspector" } }

local nine = { "identify", "relate", "assess", "plan", "support", "link", "ongoing", "document", "refer" }
kazi.job { cadre = "relais", purpose = { fr = "Accompagner les familles vulnérables de sa commune", en = "Support vulnerable families in the commune" },
  functions = nine, minimum_qualifications = { "cepe", "réside dans la commune" },
  supervision = { by = "tsc", frequency = "mensuelle" } }
-- The facilitator's revised job lacks "plan": a warning in Savane, not an error.
kazi.job { cadre = "animateur", purpose = { fr = "Repérer et orienter les enfants en danger", en = "Find and refer children at risk" },
  functions = { "identify", "relate", "assess", "support", "link", "ongoing", "document", "refer" },
  minimum_qualifications = { "bepc" }, supervision = { by = "tsc", frequency = "bimensuelle" } }

-- Minimum pay in CFA francs: relays by the day, facilitators by the week.
kazi.pay { cadre = "relais", level = "C", engagement = "stipend", amount = 2500, currency = "XOF", period = "day" }
kazi.pay { cadre = "relais", level = "C", engagement = "volunteer", amount = 0, currency = "XOF", period = "month" }
kazi.pay { cadre = "animateur", level = "C", engagement = { "stipend", "salaried" }, amount = 20000, currency = "XOF", period = "week" }
kazi.pay { cadre = "tsc", level = "B", engagement = "salaried", amount = 180000, currency = "XOF", period = "month" }
kazi.pay { cadre = "inspecteur", level = "A", amount = 4200000, currency = "XOF", period = "year" }

-- Supervision: tight ratios.
kazi.supervision { cadre = "relais", supervisors = { "tsc" }, max_ratio = 8, session_every_days = 14, support_every_days = 60 }
kazi.supervision { cadre = "animateur", supervisors = { "tsc", "inspecteur" }, max_ratio = 6, session_every_days = 21 }
kazi.supervision { cadre = "tsc", supervisors = { "inspecteur" }, max_ratio = 15, session_every_days = 45 }

kazi.activity { id = "visites", name = { fr = "Visites à domicile", en = "Home visits" } }
kazi.activity { id = "orientations", name = { fr = "Orientations", en = "Referrals" } }

kazi.norm { cadre = "relais", per = "commune", count = 4,
  description = { fr = "Quatre relais par commune", en = "Four relays in every commune" } }
kazi.norm { cadre = "tsc", per_population = { group = "children", size = 5000 }, count = 1,
  description = { fr = "Un travailleur social pour 5 000 enfants", en = "One social worker per 5,000 children" } }
