-- Job descriptions (principle 4). Para professional jobs carry the nine minimum
-- functions (principle 5), checked when the configuration loads.
local F = require "functions"

kazi.job {
  cadre = "psw",
  title = { en = "Para social worker", sw = "Mhudumu wa ustawi wa jamii wa kijiji" },
  purpose = { en = "Identify and support most vulnerable children and their families in the village where the PSW lives, under the supervision of a PSW supervisor and the ward social welfare assistant.",
              sw = "Kutambua na kusaidia watoto walio katika mazingira hatarishi na familia zao katika kijiji anachoishi." },
  functions = F.nine(),
  competencies = { "strengths-based assessment", "child protection basics", "psychosocial first aid",
                   "HIV/AIDS and its effects on households", "record keeping on MVC forms", "ethics and confidentiality" },
  minimum_qualifications = { "Lives in the village served", "Reads and writes Kiswahili",
                             "Completed PSW Level 1 training (3 weeks)", "Recommended by the village council" },
  supervision = { by = "psw-supervisor", frequency = "monthly", mode = "group supervision and shadowing" },
}

kazi.job {
  cadre = "psw-supervisor",
  title = { en = "Para social worker supervisor", sw = "Msimamizi wa wahudumu wa ustawi wa jamii" },
  purpose = { en = "Supervise, mentor and support the para social workers of a cluster of villages and keep providing services as a PSW." },
  functions = F.nine({ document = "compile the monthly reports of the PSWs supervised",
                       refer = "organise debriefing and peer support for PSWs (principle 18)" }),
  duties = { "Hold monthly group supervision with 10 to 15 PSWs", "Shadow new PSWs on home visits",
             "Check MVC forms for completeness", "Identify PSWs ready for refresher training" },
  competencies = { "supportive supervision", "mentoring and shadowing", "data quality checking" },
  minimum_qualifications = { "Certified para social worker", "At least two years as a PSW", "PSW supervisor course" },
  supervision = { by = "swa", frequency = "monthly" },
}

kazi.job {
  cadre = "pcdw",
  title = { en = "Para community development worker", sw = "Mhudumu wa maendeleo ya jamii wa kijiji" },
  purpose = { en = "Mobilise the community and its stakeholders for vulnerable children and households, with a focus on economic empowerment." },
  functions = F.nine({ link = "especially savings groups and income generating activities",
                       identify = "with community leaders and stakeholders" }),
  competencies = { "community mobilisation", "village savings and loans groups", "participatory planning" },
  minimum_qualifications = { "Lives in the village served", "Completed para community development training" },
  supervision = { by = "swa", frequency = "monthly" },
}

kazi.job {
  cadre = "acyc",
  title = { en = "Auxiliary child and youth care worker", sw = "Mhudumu msaidizi wa malezi ya watoto na vijana" },
  purpose = { en = "Work in the daily life space of individual children and youth and their families, enriching it and solving problems as they arise." },
  functions = F.nine({ ongoing = "daily life-space work with the child", support = "in the child's own setting" }),
  competencies = { "life-space intervention", "child development", "positive discipline", "play and activity programming" },
  minimum_qualifications = { "Completed auxiliary child and youth care training" },
  supervision = { by = "swa", frequency = "fortnightly" },
}

kazi.job {
  cadre = "swa",
  title = { en = "Social welfare assistant", sw = "Msaidizi wa ustawi wa jamii" },
  purpose = { en = "Deliver and coordinate social welfare services in the ward and supervise its para professionals." },
  functions = { "case management of complex cases", "supervision of PSWs, PCDWs and ACYC workers",
                "ward social welfare reporting", "referral to the district social welfare officer" },
  competencies = { "case management", "supervision", "child protection procedures", "report writing" },
  minimum_qualifications = { "Certificate in Social Welfare (one year, Institute of Social Work)", "Secondary education (Form Four)" },
  supervision = { by = "swo", frequency = "monthly" },
}

kazi.job {
  cadre = "swo",
  title = { en = "Social welfare officer", sw = "Afisa ustawi wa jamii" },
  purpose = { en = "Lead social welfare services of the district council, supervise SWAs and plan the social service workforce of the district." },
  functions = { "district social welfare planning", "statutory child protection", "supervision of SWAs", "workforce data for the council" },
  minimum_qualifications = { "Diploma or degree in social work" },
  supervision = { by = "regional social welfare officer", frequency = "quarterly" },
}
