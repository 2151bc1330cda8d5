-- The population groups every country carries figures for (issue 16): org units
-- hold a figure per group and year (`kazi import population FILE`). A configuration
-- adds its own with kazi.population_group{ id = "youth", name = { en = "Youth 15-24" } }.
kazi.population_group {
  id = "total",
  name = { en = "Total population", sw = "Idadi ya watu wote", fr = "Population totale" },
  description = { en = "Everyone living in the org unit.", sw = "Watu wote wanaoishi katika eneo.",
                  fr = "Toutes les personnes qui vivent dans l'unité administrative." },
}

kazi.population_group {
  id = "children",
  name = { en = "Children under 18", sw = "Watoto chini ya miaka 18", fr = "Enfants de moins de 18 ans" },
  description = { en = "People under 18 years of age.", sw = "Watu walio chini ya umri wa miaka 18.",
                  fr = "Personnes âgées de moins de 18 ans." },
}
