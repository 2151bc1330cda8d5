-- Active workers per cadre, from the published view report_service.
kazi.report {
  id = "lakeland-workers-by-cadre",
  title = { en = "Workers by cadre", ny = "Ogwira ntchito malinga ndi udindo" },
  params = { { id = "cadre", type = "text", default = "" } },
  columns = { "cadre", "name", "workers" },
  run = function(p, q)
    local rows = q("SELECT cadre, count(person_id) AS workers FROM report_service "
                   .. "WHERE end_date IS NULL GROUP BY cadre ORDER BY cadre")
    local names = {}
    for _, c in ipairs(kazi.catalogue("cadres")) do names[c.id] = c.name.en end
    local out = {}
    for _, r in ipairs(rows) do
      if p.cadre == "" or p.cadre == r.cadre then
        out[#out + 1] = { cadre = r.cadre, name = names[r.cadre] or r.cadre, workers = r.workers }
      end
    end
    return out
  end,
}
