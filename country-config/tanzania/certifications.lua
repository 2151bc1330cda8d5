-- Certifications: when Kazi may issue a certificate, for how long, and what
-- renews it (principles 1, 10, 11). A rule gets a read-only dossier and returns
-- ok, missing.
local D = require "dossier"
local W = require "words"

kazi.certification {
  id = "psw-certificate", course = "psw-level-2", cadre = "psw", valid_years = 3,
  refresher = { course = "psw-refresher", every_years = 3 },
  issuer = "Department of Social Welfare with the Institute of Social Work",
  name = { en = "Certified para social worker", sw = "Cheti cha mhudumu wa ustawi wa jamii" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= 18, W.say("be at least 18 years old", "awe na umri wa miaka 18 au zaidi"))
    gap:need(D.completed(d, "psw-level-1"), W.course("psw-level-1", "Para Social Worker Level 1", "Ngazi ya 1"))
    gap:need(D.completed(d, "psw-level-2"), W.course("psw-level-2", "Para Social Worker Level 2 (practicum)", "Ngazi ya 2"))
    local hours = D.supervised_hours(d)
    gap:need(hours >= 40, W.say(("40 hours of supervised practice (has %s)"):format(D.number(hours)),
                                ("saa 40 za kazi chini ya usimamizi (ana %s)"):format(D.number(hours))))
    return gap:result()
  end,
}

kazi.certification {
  id = "psw-supervisor-certificate", course = "psw-supervisor-course", cadre = "psw-supervisor", valid_years = 3,
  refresher = { course = "psw-refresher", every_years = 3 },
  name = { en = "Certified PSW supervisor", sw = "Cheti cha msimamizi wa wahudumu" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.holds(d, "psw-certificate"), W.say("hold a valid para social worker certificate", "awe na cheti halali cha mhudumu"))
    gap:need(D.completed(d, "psw-supervisor-course"), W.course("psw-supervisor-course", "Supportive supervision for PSW supervisors", "Usimamizi saidizi"))
    return gap:result()
  end,
}

kazi.certification {
  id = "swa-certificate", course = "swa-certificate", cadre = "swa",
  name = { en = "Certificate in Social Welfare", sw = "Cheti cha Ustawi wa Jamii" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.completed(d, "swa-certificate"), W.course("swa-certificate", "Certificate in Social Welfare (one year)", "Cheti cha Ustawi wa Jamii"))
    gap:need(D.education_at_least(d, "secondary"), W.say("secondary education (Form Four)", "elimu ya sekondari (kidato cha nne)"))
    return gap:result()
  end,
}

kazi.certification {
  id = "pcdw-certificate", course = "pcdw-basic", cadre = "pcdw", valid_years = 3,
  refresher = { course = "pcdw-refresher", every_years = 3 },
  name = { en = "Certified para community development worker", sw = "Cheti cha mhudumu wa maendeleo ya jamii" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= 18, W.say("be at least 18 years old", "awe na umri wa miaka 18 au zaidi"))
    gap:need(D.completed(d, "pcdw-basic") or D.completed(d, "bridge-to-community-development"),
             W.course("pcdw-basic", "Para community development basic training (or the bridging course)", "Mafunzo ya msingi ya maendeleo ya jamii"))
    return gap:result()
  end,
}

kazi.certification {
  id = "acyc-certificate", course = "acyc-basic", cadre = "acyc", valid_years = 3,
  refresher = { course = "acyc-refresher", every_years = 2 },
  name = { en = "Certified auxiliary child and youth care worker", sw = "Cheti cha mhudumu msaidizi wa malezi ya watoto" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= 18, W.say("be at least 18 years old", "awe na umri wa miaka 18 au zaidi"))
    gap:need(D.completed(d, "acyc-basic") or D.completed(d, "bridge-to-child-youth-care"),
             W.course("acyc-basic", "Auxiliary child and youth care basic training (or the bridging course)", "Mafunzo ya msingi ya malezi"))
    gap:need(D.supervised_hours(d) >= 40, W.say("40 hours of supervised practice", "saa 40 za kazi chini ya usimamizi"))
    return gap:result()
  end,
}
