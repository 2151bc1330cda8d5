-- The worked example of docs/plugins.md: a small configuration a ministry
-- developer writes from scratch. `kazi config check tests/plugins/example` runs it.
kazi.country {
  id = "example",
  name = { en = "Example Republic", sw = "Jamhuri ya Mfano" },
  languages = { "en", "sw" },
  currency = "XEX",
  levels = {
    { id = "country",  name = { en = "Country",  sw = "Nchi" } },
    { id = "district", name = { en = "District", sw = "Wilaya" } },
  },
}
