kazi.group { id = "community-care", name = { en = "Community care", ny = "Chisamaliro cha m'mudzi" } }
kazi.group { id = "social-welfare", name = { en = "Social welfare", ny = "Zachitukuko" } }

kazi.cadre {
  id = "ccv", abbreviation = "CCV",
  name = { en = "Community care volunteer", ny = "Wodzipereka wosamalira anthu" },
  group = "community-care", level = 1, para = true,
  works_at = "village",                 -- an org-unit level of kazi.country
}

kazi.cadre {
  id = "cpw", abbreviation = "CPW",
  name = { en = "Child protection worker", ny = "Woteteza ana" },
  group = "social-welfare", level = 2,
  works_at = "ta",
}

kazi.cadre {
  id = "swo", abbreviation = "SWO",
  name = { en = "Social welfare officer", ny = "Mkulu wa zachitukuko" },
  group = "social-welfare", level = 3,
  works_at = "district",
}

-- A para professional's job lists the nine functions of the minimum standard.
kazi.job {
  cadre = "ccv",
  purpose = { en = "Care for vulnerable children and families in the volunteer's own village",
              ny = "Kusamalira ana ndi mabanja ovutika m'mudzi mwake" },
  functions = {
    { standard = "identify", text = "Identify vulnerable children and families" },
    { standard = "relate",   text = "Build a relationship with each household" },
    { standard = "assess",   text = "Assess strengths and needs" },
    { standard = "plan",     text = "Write a care plan with the family" },
    { standard = "support",  text = "Give psychosocial support" },
    { standard = "link",     text = "Link the family to services and follow up" },
    { standard = "ongoing",  text = "Visit regularly and solve problems with the family" },
    { standard = "document", text = "Keep the household register" },
    { standard = "refer",    text = "Refer to the child protection worker when needed" },
  },
  minimum_qualifications = { "standard-8", "lives in the village served" },   -- a list
  supervision = { by = "cpw", frequency = "monthly" },
}

kazi.pay { cadre = "ccv", level = 1, engagement = "stipend",  amount = 15000,  currency = "MWK", period = "month" }
kazi.pay { cadre = "cpw", level = 2, engagement = "salaried", amount = 85000,  currency = "MWK", period = "month" }
kazi.pay { cadre = "swo", level = 3, engagement = "salaried", amount = 250000, currency = "MWK", period = "month" }

kazi.supervision {
  cadre = "ccv", supervisors = { "cpw", "swo" }, max_ratio = 25, session_every_days = 31,
}
