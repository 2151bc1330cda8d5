local D = require "dossier"

-- Accreditation (not "certification" by a course alone): a police certificate of
-- good conduct, valid on the day, and age 21.
kazi.certification { id = "vco-accreditation", course = "vco-induction", cadre = "vco", valid_years = 2,
  refresher = { course = "vco-induction", every_years = 2 },
  name = { en = "VCO accreditation" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= 21, "be at least 21 years old")
    gap:need(D.completed(d, "vco-induction"), "attend the VCO induction")
    gap:need(D.holds(d, "good-conduct"), "a valid certificate of good conduct from the police")
    return gap:result()
  end }

kazi.move { from = "vco", to = "cpa", kind = "vertical",
  requires = function(d)
    local gap = D.gap()
    gap:need(D.holds(d, "vco-accreditation"), "current VCO accreditation")
    gap:need(D.years_in(d, "vco") >= 1, "one year as a VCO")
    gap:need(D.completed(d, "cp-certificate"), "the certificate in child protection")
    return gap:result()
  end }
kazi.move { from = "cpa", to = "co", kind = "vertical",
  requires = function(d)
    return D.education_at_least(d, "degree"), { "a degree in social work or social sciences" }
  end }
kazi.move { from = "cpa", to = "sda", kind = "lateral", bridging = { "sd-bridging" },
  requires = function(d) return D.completed(d, "sd-bridging") ~= nil, { "the bridging course" } end }
kazi.move { from = "sda", to = "cpa", kind = "lateral", bridging = { "sd-bridging" },
  requires = function(d) return D.completed(d, "sd-bridging") ~= nil, { "the bridging course" } end }

-- Volunteers are paid by the day of service; staff by the month.
kazi.pay { cadre = "vco", engagement = "volunteer", amount = 500, currency = "KES", period = "day" }
kazi.pay { cadre = "cpa", level = "grade-2", engagement = "salaried", amount = 38000, currency = "KES", period = "month" }
kazi.pay { cadre = "sda", level = "grade-2", engagement = "salaried", amount = 38000, currency = "KES", period = "month" }
kazi.pay { cadre = "co", level = "grade-3", engagement = "salaried", amount = 72000, currency = "KES", period = "month" }

kazi.field { id = "national_id", applies_to = "person", type = "text", required = true,
  label = { en = "National ID number", sw = "Nambari ya kitambulisho" }, pattern = "^%d%d%d%d%d%d%d%d?$" }
kazi.field { id = "kra_pin", applies_to = "person", type = "text",
  label = { en = "KRA PIN" }, pattern = "^[AP]%d%d%d%d%d%d%d%d%d%u$" }
kazi.field { id = "county_funded", applies_to = "position", type = "boolean", label = { en = "Funded by the county" } }

kazi.report { id = "ke-daily-allowances", title = { en = "Volunteer daily allowances" },
  columns = { "cadre", "amount", "currency", "period" },
  run = function()
    local out = {}
    for _, p in ipairs(kazi.catalogue("pay")) do
      if p.period == "day" then out[#out + 1] = { cadre = p.cadre, amount = p.amount, currency = p.currency, period = p.period } end
    end
    return out
  end }
