-- Tanzania: the country this configuration describes.
-- The seed programme (Institute of Social Work, 2007-2016) trained para social
-- workers at village level under ward social welfare assistants.
kazi.country {
  id = "tanzania",
  name = { en = "Tanzania", sw = "Tanzania" },
  languages = { "en", "sw" },
  currency = "TZS",
  -- Phones typed in the local form (0757 108 306) are stored as +255757108306.
  calling_code = "255",
  -- The org-unit hierarchy, top to bottom.
  levels = {
    { id = "country",  name = { en = "Country",  sw = "Nchi" } },
    { id = "region",   name = { en = "Region",   sw = "Mkoa" } },
    { id = "district", name = { en = "District council", sw = "Halmashauri" } },
    { id = "ward",     name = { en = "Ward",     sw = "Kata" } },
    { id = "village",  name = { en = "Village",  sw = "Kijiji" } },
  },
  -- The FHIR registry API (/fhir/, docs/interoperability.md): where Kazi's own code
  -- systems live, the URI of each identifier type, and each cadre's ISCO-08 unit group
  -- (3412 social work associate professionals, 2635 social work and counselling
  -- professionals).
  fhir = {
    system_base = "https://hrhis.dsw.go.tz/fhir",
    identifier_systems = { national_id = "https://nida.go.tz/nin" },
    isco08 = { psw = "3412", ["psw-supervisor"] = "3412", swa = "3412", swo = "2635",
               pcdw = "3412", acyc = "3412" },
  },
}

-- How strictly validation applies the minimum standards of plugins/ (principle 5):
-- "error" refuses a version whose para professional job descriptions leave out one of
-- the nine core functions; "warning" reports the gap (file and line) but lets the
-- version be activated.
kazi.standards {
  ["para-professional-functions"] = "error",
}
