-- Courses (principle 10: standard curricula as stepping stones, ending in
-- certificates; principle 13: adult, participatory, problem-solving learning;
-- principle 14: indigenous knowledge). Hours are contact hours.
local adult = "adult, participatory and problem-solving; uses local examples and indigenous knowledge"

kazi.course {
  id = "psw-level-1", version = "2012", hours = 120, method = adult, group = "para-social-work", level = 1,
  provider = "Institute of Social Work",
  name = { en = "Para Social Worker Level 1", sw = "Mafunzo ya Mhudumu wa Ustawi wa Jamii Ngazi ya 1" },
  outcomes = {
    "Identify most vulnerable children and households using the national MVC criteria",
    "Assess strengths and needs of a child and household",
    "Give psychosocial first aid and supportive counselling",
    "Record services on the MVC forms",
  },
}
kazi.course {
  id = "psw-level-2", version = "2013", hours = 80, method = adult, group = "para-social-work", level = 1,
  prerequisites = { "psw-level-1" }, provider = "Institute of Social Work",
  name = { en = "Para Social Worker Level 2 (practicum)", sw = "Mafunzo ya Mhudumu wa Ustawi wa Jamii Ngazi ya 2" },
  outcomes = { "Develop and follow up service plans", "Link households to services and follow up", "Work within the limits of own training and refer" },
}
kazi.course {
  id = "psw-refresher", version = "2015", hours = 24, method = adult, group = "para-social-work",
  name = { en = "Para social worker refresher", sw = "Mafunzo rejea ya wahudumu wa ustawi wa jamii" },
  outcomes = { "Update child protection procedures", "Share practice problems and solutions with peers" },
}
kazi.course {
  id = "psw-supervisor-course", version = "2013", hours = 40, method = adult, group = "para-social-work", level = 2,
  prerequisites = { "psw-level-1" },
  name = { en = "Supportive supervision for PSW supervisors", sw = "Usimamizi saidizi kwa wasimamizi wa wahudumu" },
  outcomes = { "Run group supervision sessions", "Mentor new PSWs by shadowing", "Check the quality of MVC records", "Recognise stress and burnout and organise debriefing" },
}
kazi.course {
  id = "swa-certificate", version = "2012", hours = 1200, method = adult, group = "professional-social-work", level = 3,
  provider = "Institute of Social Work",
  name = { en = "Certificate in Social Welfare (one year)", sw = "Cheti cha Ustawi wa Jamii (mwaka mmoja)" },
  outcomes = { "Manage cases of vulnerable children in the ward", "Supervise para professionals", "Apply the Law of the Child Act procedures", "Write ward social welfare reports" },
}
kazi.course {
  id = "pcdw-basic", version = "2014", hours = 100, method = adult, group = "para-community-development", level = 1,
  name = { en = "Para community development basic training", sw = "Mafunzo ya msingi ya maendeleo ya jamii" },
  outcomes = { "Mobilise community stakeholders", "Start and support savings groups", "Identify vulnerable households in the community" },
}
kazi.course {
  id = "acyc-basic", version = "2014", hours = 100, method = adult, group = "child-youth-care", level = 1,
  name = { en = "Auxiliary child and youth care basic training", sw = "Mafunzo ya msingi ya malezi ya watoto na vijana" },
  outcomes = { "Work in the life space of a child", "Use positive discipline", "Plan daily activities with children and youth" },
}
-- Bridging courses for lateral moves (principle 9: the lattice).
kazi.course {
  id = "bridge-to-community-development", version = "2015", hours = 32, method = adult, bridging = true,
  group = "para-community-development",
  name = { en = "Bridging: from para social work or child care to community development", sw = "Daraja: kwenda maendeleo ya jamii" },
  outcomes = { "Mobilise community stakeholders", "Support savings groups" },
}
kazi.course {
  id = "bridge-to-child-youth-care", version = "2015", hours = 32, method = adult, bridging = true,
  group = "child-youth-care",
  name = { en = "Bridging: to child and youth care", sw = "Daraja: kwenda malezi ya watoto na vijana" },
  outcomes = { "Work in the life space of a child", "Use positive discipline" },
}
kazi.course {
  id = "bridge-to-para-social-work", version = "2015", hours = 40, method = adult, bridging = true,
  group = "para-social-work",
  name = { en = "Bridging: to para social work", sw = "Daraja: kwenda ustawi wa jamii" },
  outcomes = { "Assess strengths and needs with the MVC tools", "Record services on the MVC forms" },
}
-- Refresher courses (principle 11): renewing a certificate needs its refresher.
kazi.course {
  id = "pcdw-refresher", version = "2016", hours = 24, method = adult, group = "para-community-development",
  name = { en = "Para community development refresher", sw = "Mafunzo rejea ya maendeleo ya jamii" },
  outcomes = { "Update savings group practice", "Share community mobilisation experience with peers" },
}
kazi.course {
  id = "acyc-refresher", version = "2016", hours = 16, method = adult, group = "child-youth-care",
  name = { en = "Child and youth care refresher", sw = "Mafunzo rejea ya malezi ya watoto na vijana" },
  outcomes = { "Update child safeguarding practice", "Reflect on daily life-space work with peers" },
}
