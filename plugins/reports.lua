-- The standard report pack: reports every country gets.
kazi.report {
  id = "installation",
  title = { en = "This installation", sw = "Usanidi huu", fr = "Cette installation" },
  description = { en = "Country and creation date of this Kazi installation.",
                  sw = "Nchi na tarehe ya kuanzishwa kwa usanidi huu wa Kazi.",
                  fr = "Pays et date de création de cette installation de Kazi." },
  columns = { "country", "created_at", "configuration" },
  run = function(p, q)
    local rows = q("SELECT country, created_at FROM report_installation")
    local out = {}
    for _, r in ipairs(rows) do
      out[#out + 1] = { country = r.country, created_at = r.created_at,
                        configuration = kazi.catalogue("country").id }
    end
    return out
  end,
}

kazi.report {
  id = "minimum-pay",
  title = { en = "Minimum remuneration by cadre", sw = "Malipo ya chini kwa kada", fr = "Rémunération minimale par cadre" },
  description = { en = "The minimum pay the configuration sets for each cadre and level (principle 16).",
                  sw = "Malipo ya chini yaliyowekwa na usanidi kwa kila kada na ngazi (kanuni ya 16).",
                  fr = "La rémunération minimale fixée par la configuration pour chaque cadre et niveau (principe 16)." },
  columns = { "cadre", "level", "engagement", "amount", "currency", "period" },
  run = function(p)
    local out = {}
    for _, pay in ipairs(kazi.catalogue("pay")) do
      -- A minimum for several engagements ({ "stipend", "salaried" }) is one text.
      local engagement = pay.engagement
      if type(engagement) ~= "string" and engagement ~= nil then
        local list = {}
        for _, e in ipairs(engagement) do list[#list + 1] = e end
        engagement = table.concat(list, ", ")
      end
      out[#out + 1] = { cadre = pay.cadre, level = pay.level, engagement = engagement,
                        amount = pay.amount, currency = pay.currency, period = pay.period }
    end
    return out
  end,
}

kazi.report {
  id = "org-units",
  title = { en = "Org units in my area", sw = "Maeneo ya kiutawala katika eneo langu",
            fr = "Unités administratives de ma zone" },
  description = { en = "The org units the caller may see (the whole country, or their subtree), by level.",
                  sw = "Maeneo ya kiutawala anayoweza kuona mtumiaji (nchi nzima, au maeneo yaliyo chini yake), kwa ngazi.",
                  fr = "Les unités administratives que l'utilisateur peut voir (tout le pays, ou sa zone), par niveau." },
  params = { { id = "level", type = "text", label = { en = "Only this level", sw = "Ngazi hii tu", fr = "Ce niveau seulement" } } },
  columns = { "code", "name", "level", "depth" },
  run = function(p, q)
    local rows
    if p.level then
      rows = q("SELECT code, name, level_id AS level, depth FROM report_org_units WHERE level_id = ? ORDER BY path", p.level)
    else
      rows = q("SELECT code, name, level_id AS level, depth FROM report_org_units ORDER BY path")
    end
    return rows
  end,
}
