-- Staffing norms (workforce planning, docs/plugins.md "Staffing norms and planning"):
-- the need for each cadre per org unit. A norm counts per org-unit level (`per`) or
-- per population (`per_population`, a group of kazi.population_group).
kazi.norm {
  cadre = "psw", per = "village", count = 1,
  description = { en = "One para social worker in every village", sw = "Mhudumu mmoja wa ustawi wa jamii kila kijiji" },
}

kazi.norm {
  cadre = "swa", per_population = { group = "children", size = 2000 }, count = 1,
  description = { en = "One social welfare assistant per 2,000 children", sw = "Msaidizi mmoja wa ustawi wa jamii kwa kila watoto 2,000" },
}
