-- Kenya (illustrative): a second, deliberately different configuration, so that
-- nothing Tanzanian is assumed by the core. Cadre names, levels, currency, rules
-- and pay periods differ from country-config/tanzania. Figures are examples, not
-- official rates.
kazi.country {
  id = "kenya",
  name = { en = "Kenya", sw = "Kenya" },
  languages = { "en", "sw" },
  currency = "KES",
  calling_code = "254",
  levels = {
    { id = "country",    name = { en = "Country",    sw = "Nchi" } },
    { id = "county",     name = { en = "County",     sw = "Kaunti" } },
    { id = "sub-county", name = { en = "Sub-county", sw = "Kaunti ndogo" } },
    { id = "ward",       name = { en = "Ward",       sw = "Wadi" } },
    { id = "location",   name = { en = "Location",   sw = "Lokesheni" } },
  },
}

-- Minimum standards (principle 5): Kenya phases in its revised job descriptions, so a
-- para professional job that leaves out a core function is reported as a warning by
-- `kazi config validate` and does not block activation.
kazi.standards {
  ["para-professional-functions"] = "warning",
}
