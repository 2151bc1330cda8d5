-- Lakeland: a country made for Kazi's tests, written only from docs/plugins.md
-- ("A new country, step by step"). It is neither Tanzania nor Kenya and works in
-- English and Chichewa (ny), a language Kazi does not ship.
kazi.country {
  id = "lakeland",
  name = { en = "Republic of Lakeland", ny = "Dziko la Nyanja" },
  languages = { "en", "ny" },
  currency = "MWK",
  timezone = "Africa/Blantyre",
  calling_code = "265",
  levels = {                                   -- the org-unit hierarchy, top first
    { id = "country",  name = { en = "Country",  ny = "Dziko" } },
    { id = "region",   name = { en = "Region",   ny = "Chigawo" } },
    { id = "district", name = { en = "District", ny = "Boma" } },
    { id = "ta",       name = { en = "Traditional authority", ny = "Mfumu yaikulu" } },
    { id = "village",  name = { en = "Village",  ny = "Mudzi" } },
  },
  -- the country's own education levels, lowest first (D.education_at_least ranks these)
  education = {
    { id = "none",        name = { en = "None",                 ny = "Palibe" } },
    { id = "standard-8",  name = { en = "Primary (Standard 8)", ny = "Sitandade 8" } },
    { id = "msce",        name = { en = "MSCE",                 ny = "MSCE" } },
    { id = "certificate", name = { en = "Certificate",          ny = "Satifiketi" } },
    { id = "diploma",     name = { en = "Diploma",              ny = "Dipuloma" } },
    { id = "degree",      name = { en = "Degree",               ny = "Digiri" } },
  },
  -- the identifier types a person may carry
  identifiers = {
    { id = "national_id",      name = { en = "National ID",      ny = "Chiphaso cha dziko" } },
    { id = "volunteer_number", name = { en = "Volunteer number", ny = "Nambala ya odzipereka" } },
  },
}

kazi.standards { ["para-professional-functions"] = "error" }
