-- Savane: a fictional country made to differ from Tanzania in every way the
-- configuration allows. French first (the default language), then English; three
-- org-unit levels whose ids are not Tanzania's (no "country", "region" or "village");
-- paid in CFA francs (XOF), partly by the day; cadre levels that are letters.
kazi.country {
  id = "savane",
  name = { fr = "République de Savane", en = "Republic of Savane" },
  languages = { "fr", "en" },
  currency = "XOF",
  timezone = "Africa/Niamey",
  calling_code = "227",
  programme_start = 2015,
  levels = {                                   -- top first
    { id = "nation",      name = { fr = "Nation",      en = "Nation" } },
    { id = "departement", name = { fr = "Département", en = "Department" } },
    { id = "commune",     name = { fr = "Commune",     en = "Commune" } },
  },
  education = {
    { id = "aucun",    name = { fr = "Aucun",               en = "None" } },
    { id = "cepe",     name = { fr = "CEPE (primaire)",     en = "Primary school certificate" } },
    { id = "bepc",     name = { fr = "BEPC",                en = "Lower secondary certificate" } },
    { id = "bac",      name = { fr = "Baccalauréat",        en = "Baccalaureate" } },
    { id = "licence",  name = { fr = "Licence",             en = "Bachelor's degree" } },
    { id = "master",   name = { fr = "Master",              en = "Master's degree" } },
  },
  identifiers = {
    { id = "nin", name = { fr = "Numéro d'identification nationale", en = "National identification number" } },
  },
}

kazi.standards { ["para-professional-functions"] = "warning" }
