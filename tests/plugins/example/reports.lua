-- Step 3: a report. `p` holds the parameters, `q` runs read-only SQL on the
-- published views (report_*).
kazi.report {
  id = "example-overview",
  title = { en = "Overview", sw = "Muhtasari" },
  params = { { id = "note", type = "text", default = "" } },
  columns = { "country", "cadres", "note" },
  run = function(p, q)
    local rows = q("SELECT country FROM report_installation")
    return { { country = rows[1] and rows[1].country, cadres = #kazi.catalogue("cadres"), note = p.note } }
  end,
}
