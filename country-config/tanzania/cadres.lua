-- Cadres and the career ladder of the Tanzanian programme (Institute of Social
-- Work with AIHA, 2007-2016): para social worker (village) → PSW supervisor →
-- social welfare assistant (ward, one-year certificate, from 2012) → social
-- welfare officer (district council).
kazi.cadre {
  id = "psw", abbreviation = "PSW", para = true,
  name = { en = "Para social worker", sw = "Mhudumu wa ustawi wa jamii wa kijiji" },
  group = "para-social-work", level = 1, works_at = "village", track = "social-welfare",
  description = { en = "A trained community volunteer who identifies and supports most vulnerable children and their families in the village." },
}
kazi.cadre {
  id = "psw-supervisor", abbreviation = "PSW-S", para = true,
  name = { en = "Para social worker supervisor", sw = "Msimamizi wa wahudumu wa ustawi wa jamii" },
  group = "para-social-work", level = 2, works_at = "village", track = "social-welfare",
  description = { en = "An experienced PSW who supervises and mentors the PSWs of several villages." },
}
kazi.cadre {
  id = "swa", abbreviation = "SWA",
  name = { en = "Social welfare assistant", sw = "Msaidizi wa ustawi wa jamii" },
  group = "professional-social-work", level = 3, works_at = "ward", track = "social-welfare",
  description = { en = "Holds the one-year Social Welfare Assistant certificate; works at ward level and supervises para social workers." },
}
kazi.cadre {
  id = "swo", abbreviation = "SWO",
  name = { en = "Social welfare officer", sw = "Afisa ustawi wa jamii" },
  group = "professional-social-work", level = 4, works_at = "district", track = "social-welfare",
  description = { en = "Council officer responsible for social welfare services in a district; supervises SWAs." },
}
kazi.cadre {
  id = "pcdw", abbreviation = "PCDW", para = true,
  name = { en = "Para community development worker", sw = "Mhudumu wa maendeleo ya jamii wa kijiji" },
  group = "para-community-development", level = 1, works_at = "village", track = "community-development",
}
kazi.cadre {
  id = "acyc", abbreviation = "ACYC", para = true,
  name = { en = "Auxiliary child and youth care worker", sw = "Mhudumu msaidizi wa malezi ya watoto na vijana" },
  group = "child-youth-care", level = 1, works_at = "village", track = "child-youth-care",
}
