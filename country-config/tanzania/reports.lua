-- Reports of the Tanzanian configuration. `q` reads published views only
-- (report_*), filtered by the caller's org-unit scope.

-- The career ladder with the minimum pay of every rung, in both languages.
kazi.report {
  id = "tz-career-ladder",
  title = { en = "Career ladder and minimum pay", sw = "Ngazi za kazi na malipo ya chini" },
  description = { en = "Every cadre, its group and level, where it works and its minimum pay (principles 8 and 16)." },
  params = { { id = "lang", type = "text", default = "en", label = { en = "Language", sw = "Lugha" } } },
  columns = { "level", "cadre", "name", "group", "works_at", "minimum_pay", "currency", "period" },
  run = function(p)
    local lang = p.lang == "sw" and "sw" or "en"
    local pay = {}
    for _, m in ipairs(kazi.catalogue("pay")) do pay[m.cadre] = m end
    local rows = {}
    for _, c in ipairs(kazi.catalogue("cadres")) do
      local m = pay[c.id] or {}
      rows[#rows + 1] = { level = c.level, cadre = c.id, name = c.name[lang], group = c.group,
                          works_at = c.works_at, minimum_pay = m.amount, currency = m.currency,
                          period = m.period }
    end
    table.sort(rows, function(a, b) return a.level < b.level or (a.level == b.level and a.cadre < b.cadre) end)
    return rows
  end,
}

-- Training catalogue: hours and learning outcomes per course (principle 10).
kazi.report {
  id = "tz-curricula",
  title = { en = "Curricula: hours and learning outcomes", sw = "Mitaala: saa na matokeo ya kujifunza" },
  columns = { "course", "version", "hours", "outcomes", "bridging", "method" },
  run = function()
    local rows = {}
    for _, c in ipairs(kazi.catalogue("courses")) do
      rows[#rows + 1] = { course = c.id, version = c.version, hours = c.hours, outcomes = #c.outcomes,
                          bridging = c.bridging == true, method = c.method }
    end
    return rows
  end,
}

-- Installation summary through the published view (SQL), with the country's name.
kazi.report {
  id = "tz-installation",
  title = { en = "Installation", sw = "Usanidi" },
  columns = { "country", "name_sw", "created_at" },
  run = function(p, q)
    local rows = q("SELECT country, created_at FROM report_installation WHERE country = ?", "tanzania")
    local out = {}
    for _, r in ipairs(rows) do
      out[#out + 1] = { country = r.country, name_sw = kazi.catalogue("country").name.sw, created_at = r.created_at }
    end
    return out
  end,
}
