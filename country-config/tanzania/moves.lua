-- The career lattice (principles 8, 9, 11): vertical moves up the ladder and
-- lateral moves across the three para professional groups with bridging courses.
local D = require "dossier"
local W = require "words"

-- Vertical: the ladder PSW → PSW supervisor → SWA (ward) → SWO (district).
kazi.move {
  from = "psw", to = "psw-supervisor", kind = "vertical",
  description = { en = "An experienced certified PSW becomes a supervisor of PSWs." },
  requires = function(d)
    local gap = D.gap()
    gap:need(D.holds(d, "psw-certificate"), W.say("hold a valid para social worker certificate", "awe na cheti halali cha mhudumu"))
    local years = D.years_in(d, "psw")
    gap:need(years >= 2, W.say(("two years of service as a PSW (has %.1f)"):format(years),
                               ("miaka miwili ya huduma kama mhudumu (ana %.1f)"):format(years)))
    gap:need(D.completed(d, "psw-supervisor-course"), W.course("psw-supervisor-course", "Supportive supervision for PSW supervisors", "Usimamizi saidizi"))
    return gap:result()
  end,
}

kazi.move {
  from = "psw-supervisor", to = "swa", kind = "vertical",
  description = { en = "Credit for prior PSW training and experience counts towards the one-year SWA certificate (principle 8)." },
  requires = function(d)
    local gap = D.gap()
    gap:need(D.holds(d, "swa-certificate") or D.completed(d, "swa-certificate"),
             W.course("swa-certificate", "Certificate in Social Welfare (one year)", "Cheti cha Ustawi wa Jamii"))
    -- Recognised prior learning (principle 8): 400 approved hours of prior training
    -- or experience stand in for Form Four.
    gap:need(D.education_at_least(d, "secondary") or D.prior_hours(d) >= 400,
             W.say(("secondary education (Form Four) or 400 hours of recognised prior learning (has %s)"):format(D.number(D.prior_hours(d))),
                   ("elimu ya sekondari (kidato cha nne) au saa 400 za mafunzo ya awali yaliyotambuliwa (ana %s)"):format(D.number(D.prior_hours(d)))))
    return gap:result()
  end,
}

kazi.move {
  from = "swa", to = "swo", kind = "vertical",
  requires = function(d)
    local gap = D.gap()
    gap:need(D.education_at_least(d, "diploma"), W.say("a diploma or degree in social work", "stashahada au shahada ya ustawi wa jamii"))
    gap:need(D.years_in(d, "swa") >= 3, W.say("three years of service as a social welfare assistant", "miaka mitatu kama msaidizi wa ustawi wa jamii"))
    return gap:result()
  end,
}

-- Lateral: across the groups, each with its bridging course.
local function lateral(from, to, course, en, sw)
  kazi.move {
    from = from, to = to, kind = "lateral", bridging = { course },
    requires = function(d)
      local gap = D.gap()
      gap:need(D.years_in(d, from) >= 1, W.say("one year of service in the current role", "mwaka mmoja wa huduma katika kazi ya sasa"))
      gap:need(D.completed(d, course), W.course(course, en, sw))
      return gap:result()
    end,
  }
end

lateral("psw", "pcdw", "bridge-to-community-development", "Bridging to community development", "Daraja: maendeleo ya jamii")
lateral("psw", "acyc", "bridge-to-child-youth-care", "Bridging to child and youth care", "Daraja: malezi ya watoto na vijana")
lateral("pcdw", "psw", "bridge-to-para-social-work", "Bridging to para social work", "Daraja: ustawi wa jamii")
lateral("pcdw", "acyc", "bridge-to-child-youth-care", "Bridging to child and youth care", "Daraja: malezi ya watoto na vijana")
lateral("acyc", "psw", "bridge-to-para-social-work", "Bridging to para social work", "Daraja: ustawi wa jamii")
lateral("acyc", "pcdw", "bridge-to-community-development", "Bridging to community development", "Daraja: maendeleo ya jamii")
