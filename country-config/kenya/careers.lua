-- Kenya's ladder and lattice (issue 7): four grades in children's services
-- (VCO → CPA → CO → SCO), a volunteer track in social development, lateral moves
-- with bridging courses, certificates that expire and renew with a refresher, and
-- recognised prior learning towards the CPA certificate.
local D = require "dossier"

kazi.cadre { id = "sdv", abbreviation = "SDV", para = true, group = "social-development", level = "grade-1",
  works_at = "location", track = "volunteer",
  name = { en = "Social development volunteer", sw = "Mjitolea wa maendeleo ya kijamii" } }
kazi.cadre { id = "sco", abbreviation = "SCO", group = "child-protection", level = "grade-4",
  works_at = "county", track = "national",
  name = { en = "Senior children's officer", sw = "Afisa mkuu wa watoto" } }

kazi.job { cadre = "sdv", purpose = { en = "Mobilise community groups in the location with the social development assistant." },
  functions = { "identify", "relate", "assess", "plan", "support", "link", "ongoing", "document", "refer" },
  minimum_qualifications = { "KCSE certificate" }, supervision = { by = "sda", frequency = "monthly" } }
kazi.job { cadre = "sco", purpose = { en = "Lead children's services in the county and supervise children's officers." },
  functions = { "county child protection planning", "supervision of children's officers" },
  minimum_qualifications = { "Degree in social work or social sciences", "Five years as a children's officer" } }

kazi.course { id = "cp-refresher", version = "2024", hours = 16, method = "participatory workshop",
  name = { en = "Child protection refresher" }, outcomes = { "Changes in the Children Act", "Case review with peers" } }
kazi.course { id = "sd-certificate", version = "2022", hours = 360, method = "blended, with field placement",
  name = { en = "Certificate in social development" }, outcomes = { "Social protection programmes", "Community group facilitation" } }
kazi.course { id = "sd-refresher", version = "2024", hours = 16, method = "participatory workshop",
  name = { en = "Social development refresher" }, outcomes = { "New social protection programmes" } }
kazi.course { id = "volunteer-bridging", version = "2024", hours = 16, bridging = true, method = "participatory",
  name = { en = "Bridging between the volunteer tracks" }, outcomes = { "Children's services and social development basics" } }

kazi.certification { id = "cpa-certificate", course = "cp-certificate", cadre = "cpa", valid_years = 5,
  refresher = { course = "cp-refresher", every_years = 2 },
  name = { en = "Child protection assistant certificate" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= 21, "be at least 21 years old")
    -- Recognised prior learning: 480 approved hours stand in for the course.
    gap:need(D.completed(d, "cp-certificate") or D.prior_hours(d) >= 480,
             ("the certificate in child protection or 480 hours of recognised prior learning (has %s)"):format(D.number(D.prior_hours(d))))
    return gap:result()
  end }

kazi.certification { id = "sda-certificate", course = "sd-certificate", cadre = "sda", valid_years = 5,
  refresher = { course = "sd-refresher", every_years = 2 },
  name = { en = "Social development assistant certificate" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.completed(d, "sd-certificate") or D.completed(d, "sd-bridging"), "the certificate in social development (or the bridging course)")
    gap:need(D.education_at_least(d, "secondary"), "secondary education (KCSE)")
    return gap:result()
  end }

kazi.move { from = "co", to = "sco", kind = "vertical",
  requires = function(d)
    local gap = D.gap()
    gap:need(D.years_in(d, "co") >= 5, "five years as a children's officer")
    gap:need(D.education_at_least(d, "degree"), "a degree in social work or social sciences")
    return gap:result()
  end }

local function volunteer_bridge(from, to)
  kazi.move { from = from, to = to, kind = "lateral", bridging = { "volunteer-bridging" },
    requires = function(d)
      local gap = D.gap()
      gap:need(D.years_in(d, from) >= 0.5, "six months in the current volunteer role")
      gap:need(D.completed(d, "volunteer-bridging"), "the bridging course between the volunteer tracks")
      return gap:result()
    end }
end
volunteer_bridge("vco", "sdv")
volunteer_bridge("sdv", "vco")

kazi.pay { cadre = "sdv", engagement = "volunteer", amount = 500, currency = "KES", period = "day" }
kazi.pay { cadre = "sco", level = "grade-4", engagement = "salaried", amount = 110000, currency = "KES", period = "month" }
