-- The names contract (docs/plugins.md, "Indicators"): an indicator's `names` is a
-- report the configuration declares, taking the indicator's period and org unit (and
-- its breakdown, with every option the indicator offers, when it takes one), listing
-- person id, name and org unit first. It runs with every configuration too.
kazi.test("indicator names: every indicator's names report is declared and takes its parameters", function(t)
  local reports = {}
  for _, r in ipairs(kazi.catalogue("reports")) do reports[r.id] = r end
  local function ids(list)
    local out = {}
    for _, x in ipairs(list or {}) do out[#out + 1] = type(x) == "string" and x or x.id end
    return out
  end
  local function param(r, id)
    for _, p in ipairs(r.params or {}) do if p.id == id then return p end end
  end
  for _, r in ipairs(kazi.catalogue("reports")) do
    local names = r.indicator and r.indicator.names
    if names then
      local n = reports[names]
      t.eq(n ~= nil, true, r.id .. " names a declared report: " .. names)
      if n then
        t.eq(n.indicator, nil, names .. " is not itself an indicator")
        t.eq(param(n, "period") ~= nil and param(n, "org_unit") ~= nil, true, names .. " takes period and org_unit")
        local cols = ids(n.columns)
        t.eq(table.concat(cols, ",", 1, 3), "person_id,name,org_unit_name", names .. " lists person id, name, org unit")
        local b = param(n, "breakdown")
        if b then
          t.eq(param(n, "group") ~= nil, true, names .. " takes the group with the breakdown")
          local offered = {}
          for _, o in ipairs(b.options or {}) do offered[o] = true end
          for _, o in ipairs((param(r, "breakdown") or {}).options or {}) do
            t.eq(offered[o], true, names .. " splits by " .. o .. " like " .. r.id)
          end
        end
      end
      t.eq(r.indicator.names_of == nil or r.indicator.names_of == "gap", true, r.id .. ": names_of is \"gap\" or absent")
    end
  end
  -- (how many name their workers is the configuration's choice: a replaced indicator
  -- may have none; api.indicator_names checks the pack's list)
end)

kazi.test("indicator names: the workers behind a figure, from the published views", function(t)
  -- one list answers every query: the org unit's lookup (path) and the names
  local fixture = { { path = "/1/2/", person_id = 7, name = "Amina Mushi", org_unit_name = "North", cadre = "psw",
                      last_supervised_until = "2026-01-31" } }
  local rows = t.report("ind-supervision-coverage-names", { period = "2026", org_unit = "U2" }, fixture)
  t.eq(#rows, 1)
  t.eq(rows[1].name, "Amina Mushi")
  t.eq(rows[1].last_supervised_until, "2026-01-31")
end)
