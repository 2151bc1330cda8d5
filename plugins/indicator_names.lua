-- The names behind the indicator pack's figures (issue 18 point 2; docs/plugins.md,
-- "Indicators", "The names behind a figure"). An indicator whose declaration says
-- `names = "<report id>"` has a personal report of that id: run with the indicator's
-- org_unit, period and (where it has one) breakdown and group, it lists the workers
-- behind the figure's numerator — or, with `names_of = "gap"`, behind what the
-- numerator lacks of the denominator — one row each, with the person id, the name,
-- the org unit they live in and the reason column(s). They read report_personal_people:
-- reports.personal only (403 for the analyst).
local I = require "indicators"

local function t(en, sw, fr) return { en = en, sw = sw, fr = fr } end
local function col(id, en, sw, fr) return { id = id, label = t(en, sw, fr) } end

local WHO = { col("person_id", "Person id", "Namba ya mhudumu", "Identifiant de la personne"),
              col("name", "Name", "Jina", "Nom"), col("org_unit_name", "Lives in", "Anaishi", "Réside à") }

-- The parameters of the SQL of a names report:
--   ?1 the subtree's path ('' for all)     ?2 the breakdown ("none", "cadre", ...)
--   ?3 the group (the breakdown's value)    ?4 the period's first day
--   ?5 its last day, or today if sooner     ?6 today
--   ?7 its months up to ?5                  ?8 its first month, ?9 its last (YYYY-MM)
local NAME = "n.person_id, trim(coalesce(n.given_name, '') || ' ' || coalesce(n.family_name, '')) AS name, " ..
             "u.name AS org_unit_name"
local function personal(id_col)
  return " JOIN report_personal_people n ON n.person_id = " .. id_col ..
         " JOIN report_org_units u ON u.id = n.org_unit_id "
end
local function within(path_col) return "substr(" .. path_col .. ", 1, length(?1)) = ?1" end
local ORDER = " ORDER BY n.family_name, n.given_name, n.person_id"
-- the group of a row of people (a: report_assignments, p: report_people)
local G = "(CASE ?2 WHEN 'cadre' THEN a.cadre WHEN 'sex' THEN coalesce(p.sex, 'unknown') " ..
          "WHEN 'age_group' THEN p.age_group ELSE '' END) = ?3"
local HELD = "a.start_date <= ?5 AND (a.end_date IS NULL OR a.end_date > ?5)"
local POSTS = "FROM report_assignments a JOIN report_people p ON p.person_id = a.person_id" .. personal("a.person_id")

local function run_names(sql)
  local n = 0 -- the highest parameter the SQL takes
  for k in sql:gmatch("%?(%d+)") do n = math.max(n, tonumber(k)) end
  return function(p, q)
    local today = kazi.today()
    local from, to, mfrom, mto = I.period(p.period)
    local asof = to < today and to or today
    local now = tonumber(today:sub(1, 4)) * 12 + tonumber(today:sub(6, 7)) - 1
    local months = math.max(0, math.min(mto, now) - mfrom + 1)
    local root = ""
    if p.org_unit then
      local u = q("SELECT path FROM report_org_units WHERE code = ?1 OR CAST(id AS TEXT) = ?1", p.org_unit)[1]
      if not u then return {} end -- outside the scope reads like unknown
      root = u.path
    end
    local args = { root, p.breakdown or "none", p.group or "", from, asof, today, months, from:sub(1, 7), asof:sub(1, 7) }
    return q(sql, table.unpack(args, 1, n))
  end
end

-- A names report: id, title, description, the reason columns, the breakdowns its
-- indicator takes, and its SQL (the parameters above).
local function names(spec)
  local columns = {}
  for _, c in ipairs(WHO) do columns[#columns + 1] = c end
  for _, c in ipairs(spec.reasons) do columns[#columns + 1] = c end
  local params = {
    { id = "org_unit", type = "text", label = t("Within org unit (code or id)", "Ndani ya eneo",
                                                "Dans l'unité administrative (code ou identifiant)") },
    -- required: validation runs reports with their defaults as a caller without
    -- reports.personal, and a report it cannot run is left out then
    { id = "period", type = "period", required = true, label = t("Period (2026, 2026-01..2026-06)", "Kipindi",
                                                                 "Période (2026, 2026-01..2026-06)") },
  }
  if spec.breakdowns then
    params[#params + 1] = { id = "breakdown", type = "text", default = "none", options = spec.breakdowns,
                            label = t("Breakdown", "Mgawanyo", "Ventilation") }
    params[#params + 1] = { id = "group", type = "text", label = t("Group (the breakdown's value)", "Kundi",
                                                                   "Groupe (la valeur de la ventilation)") }
  end
  return { id = spec.id, title = spec.title, description = spec.description, params = params,
           columns = columns, run = run_names(spec.sql) }
end

local CADRE = col("cadre", "Cadre", "Kada", "Cadre")
local SINCE = col("in_post_since", "In a post since", "Ana nafasi tangu", "En poste depuis")
local CERTIFICATION = col("certification", "Certification", "Cheti", "Certification")
local EXPIRED_ON = col("expired_on", "Expired on", "Kilikwisha tarehe", "Expiré le")

kazi.report(names {
  id = "ind-headcount-names", breakdowns = I.BREAKDOWNS,
  title = t("Holding a post: the workers", "Wenye nafasi: wahudumu", "En poste : les travailleurs"),
  description = t("The workers behind ind-headcount and the densities: holding a post on the period's last day (needs reports.personal).",
                  "Wahudumu wa ind-headcount na wa uwiano: wenye nafasi siku ya mwisho ya kipindi (inahitaji reports.personal).",
                  "Les travailleurs derrière ind-headcount et les densités : en poste le dernier jour de la période (nécessite reports.personal)."),
  reasons = { CADRE, SINCE },
  sql = "SELECT " .. NAME .. ", group_concat(DISTINCT a.cadre) AS cadre, min(a.start_date) AS in_post_since " .. POSTS ..
        "WHERE " .. HELD .. " AND " .. within("a.residence_path") .. " AND " .. G .. " GROUP BY n.person_id" .. ORDER,
})

kazi.report(names {
  id = "ind-active-share-names", breakdowns = { "none", "sex", "age_group" },
  title = t("Registered but not active: the workers", "Waliosajiliwa wasio hai kazini",
            "Enregistrés mais non actifs : les travailleurs"),
  description = t("The gap of ind-active-share: workers registered by the period's last day whose status is not active (needs reports.personal).",
                  "Pengo la ind-active-share: wahudumu waliosajiliwa kufikia siku ya mwisho ya kipindi wasio hai kazini (inahitaji reports.personal).",
                  "L'écart de ind-active-share : travailleurs enregistrés au dernier jour de la période dont le statut n'est pas actif (nécessite reports.personal)."),
  reasons = { col("status", "Status", "Hali", "Statut") },
  sql = "SELECT " .. NAME .. ", p.status FROM report_people p" .. personal("p.person_id") ..
        "WHERE p.registered_date <= ?5 AND p.status <> 'active' AND " .. within("p.org_path") ..
        " AND (CASE ?2 WHEN 'sex' THEN coalesce(p.sex, 'unknown') WHEN 'age_group' THEN p.age_group ELSE '' END) = ?3" .. ORDER,
})

kazi.report(names {
  id = "ind-certificate-expired-names", breakdowns = I.BREAKDOWNS,
  title = t("Certificate expired: the workers", "Cheti kimekwisha: wahudumu", "Certificat expiré : les travailleurs"),
  description = t("The workers behind ind-certificate-expired: holding a post, every certificate expired (needs reports.personal).",
                  "Wahudumu wa ind-certificate-expired: wenye nafasi, vyeti vyote vimekwisha (inahitaji reports.personal).",
                  "Les travailleurs derrière ind-certificate-expired : en poste, tous leurs certificats expirés (nécessite reports.personal)."),
  reasons = { CERTIFICATION, EXPIRED_ON },
  sql = "SELECT " .. NAME .. ", group_concat(DISTINCT c.certification) AS certification, max(c.expires_date) AS expired_on " ..
        POSTS .. "JOIN report_certificates c ON c.person_id = a.person_id AND c.status = 'expired' " ..
        "WHERE " .. HELD .. " AND " .. within("a.residence_path") .. " AND " .. G ..
        " AND NOT EXISTS (SELECT 1 FROM report_certificates v WHERE v.person_id = a.person_id AND v.status = 'valid')" ..
        " GROUP BY n.person_id" .. ORDER,
})

kazi.report(names {
  id = "ind-never-certified-names", breakdowns = I.BREAKDOWNS,
  title = t("Never certified: the workers", "Wasio na cheti: wahudumu", "Jamais certifiés : les travailleurs"),
  description = t("The workers behind ind-never-certified: holding a post, never a valid or expired certificate (needs reports.personal).",
                  "Wahudumu wa ind-never-certified: wenye nafasi, hawajawahi kuwa na cheti halali wala kilichokwisha (inahitaji reports.personal).",
                  "Les travailleurs derrière ind-never-certified : en poste, sans aucun certificat valide ni expiré (nécessite reports.personal)."),
  reasons = { CADRE, SINCE },
  sql = "SELECT " .. NAME .. ", group_concat(DISTINCT a.cadre) AS cadre, min(a.start_date) AS in_post_since " .. POSTS ..
        "WHERE " .. HELD .. " AND " .. within("a.residence_path") .. " AND " .. G ..
        " AND NOT EXISTS (SELECT 1 FROM report_certificates c WHERE c.person_id = a.person_id AND c.status <> 'revoked')" ..
        " GROUP BY n.person_id" .. ORDER,
})

kazi.report(names {
  id = "ind-refresher-overdue-names", breakdowns = { "none", "certification", "sex", "age_group" },
  title = t("Refresher overdue: the workers", "Mafunzo rejea yamechelewa: wahudumu", "Recyclage en retard : les travailleurs"),
  description = t("The certificates behind ind-refresher-overdue, with their holders: the latest of their chain, expired within the last 365 days (needs reports.personal).",
                  "Vyeti vya ind-refresher-overdue, pamoja na wamiliki wake: cha mwisho cha mfululizo wake, kilichoisha ndani ya siku 365 zilizopita (inahitaji reports.personal).",
                  "Les certificats derrière ind-refresher-overdue, avec leurs titulaires : le dernier de leur chaîne, expiré au cours des 365 derniers jours (nécessite reports.personal)."),
  reasons = { CERTIFICATION, EXPIRED_ON,
              col("days_overdue", "Days overdue", "Siku za kuchelewa", "Jours de retard") },
  sql = "SELECT " .. NAME .. ", c.certification, c.expires_date AS expired_on, " ..
        "CAST(julianday(?6) - julianday(c.expires_date) AS INTEGER) AS days_overdue " ..
        "FROM report_certificates c JOIN report_people p ON p.person_id = c.person_id" .. personal("c.person_id") ..
        "WHERE c.status <> 'revoked' AND c.expires_date < ?6 AND c.expires_date >= date(?6, '-365 days') " ..
        "AND c.certificate_id NOT IN (SELECT r.renews_id FROM report_certificates r WHERE r.renews_id IS NOT NULL) AND " ..
        within("c.org_path") .. " AND (CASE ?2 WHEN 'certification' THEN c.certification " ..
        "WHEN 'sex' THEN coalesce(p.sex, 'unknown') WHEN 'age_group' THEN p.age_group ELSE '' END) = ?3" ..
        " ORDER BY n.family_name, n.given_name, n.person_id, c.expires_date",
})

-- active workers in a post today, by where they live
local ACTIVE = "WHERE a.end_date IS NULL AND p.status = 'active' AND " .. within("a.residence_path")

kazi.report(names {
  id = "ind-supervision-coverage-names", breakdowns = I.BREAKDOWNS,
  title = t("Without a supervisor: the workers", "Wasio na msimamizi: wahudumu", "Sans superviseur : les travailleurs"),
  description = t("The gap of ind-supervision-coverage: active workers in a post with no current supervisor (needs reports.personal).",
                  "Pengo la ind-supervision-coverage: wahudumu hai wenye nafasi wasio na msimamizi kwa sasa (inahitaji reports.personal).",
                  "L'écart de ind-supervision-coverage : travailleurs actifs en poste sans superviseur en cours (nécessite reports.personal)."),
  reasons = { CADRE, col("last_supervised_until", "Last supervised until", "Alisimamiwa mara ya mwisho hadi",
                                                  "Dernière supervision jusqu'au") },
  sql = "SELECT " .. NAME .. ", group_concat(DISTINCT a.cadre) AS cadre, " ..
        "(SELECT max(s.end_date) FROM report_supervisions s WHERE s.person_id = a.person_id) AS last_supervised_until " ..
        POSTS .. ACTIVE .. " AND " .. G ..
        " AND NOT EXISTS (SELECT 1 FROM report_supervisions s WHERE s.person_id = a.person_id AND s.end_date IS NULL)" ..
        " GROUP BY n.person_id" .. ORDER,
})

kazi.report(names {
  id = "ind-support-coverage-names", breakdowns = I.BREAKDOWNS,
  title = t("No support in the period: the workers", "Wasiopata msaada: wahudumu",
            "Aucun soutien pendant la période : les travailleurs"),
  description = t("The gap of ind-support-coverage: active workers in a post with no support activity in the period (needs reports.personal).",
                  "Pengo la ind-support-coverage: wahudumu hai wenye nafasi wasiopata msaada katika kipindi (inahitaji reports.personal).",
                  "L'écart de ind-support-coverage : travailleurs actifs en poste sans activité de soutien pendant la période (nécessite reports.personal)."),
  reasons = { CADRE, col("last_support", "Last support activity", "Msaada wa mwisho", "Dernière activité de soutien") },
  sql = "SELECT " .. NAME .. ", group_concat(DISTINCT a.cadre) AS cadre, " ..
        "(SELECT max(s.activity_date) FROM report_support_activities s WHERE s.person_id = a.person_id " ..
        "AND s.activity_date <= ?5) AS last_support " .. POSTS .. ACTIVE .. " AND " .. G ..
        " AND NOT EXISTS (SELECT 1 FROM report_support_activities s WHERE s.person_id = a.person_id " ..
        "AND s.activity_date BETWEEN ?4 AND ?5) GROUP BY n.person_id" .. ORDER,
})

kazi.report(names {
  id = "ind-exits-names", breakdowns = { "none", "reason", "cadre", "sex", "age_group" },
  title = t("Posts left in the period: the workers", "Walioacha nafasi: wahudumu",
            "Postes quittés pendant la période : les travailleurs"),
  description = t("The assignments behind ind-exits, with the workers: ended in the period, one row each (needs reports.personal).",
                  "Nafasi za ind-exits, pamoja na wahudumu: zilizoisha katika kipindi, safu moja kila moja (inahitaji reports.personal).",
                  "Les affectations derrière ind-exits, avec les travailleurs : terminées pendant la période, une ligne chacune (nécessite reports.personal)."),
  reasons = { CADRE, col("end_date", "Left on", "Aliondoka tarehe", "Parti le"), col("end_reason", "Reason", "Sababu", "Motif") },
  sql = "SELECT " .. NAME .. ", a.cadre, a.end_date, a.end_reason " .. POSTS ..
        "WHERE a.end_date BETWEEN ?4 AND ?5 AND " .. within("a.residence_path") ..
        " AND (CASE ?2 WHEN 'reason' THEN a.end_reason WHEN 'cadre' THEN a.cadre WHEN 'sex' THEN coalesce(p.sex, 'unknown') " ..
        "WHEN 'age_group' THEN p.age_group ELSE '' END) = ?3" .. ORDER .. ", a.end_date",
})

kazi.report(names {
  id = "ind-return-completeness-names",
  title = t("Monthly returns not sent: the workers", "Taarifa za mwezi hazikutumwa: wahudumu",
            "Rapports mensuels non transmis : les travailleurs"),
  description = t("The gap of ind-return-completeness: active workers in a post and the months of the period (up to today) they sent no return for (needs reports.personal).",
                  "Pengo la ind-return-completeness: wahudumu hai wenye nafasi na miezi ya kipindi (hadi leo) ambayo hawakutuma taarifa (inahitaji reports.personal).",
                  "L'écart de ind-return-completeness : travailleurs actifs en poste et les mois de la période (jusqu'à aujourd'hui) pour lesquels ils n'ont transmis aucun rapport (nécessite reports.personal)."),
  reasons = { col("months_without_return", "Months without a return", "Miezi bila taarifa", "Mois sans rapport"),
              col("last_return", "Last return (month)", "Taarifa ya mwisho (mwezi)", "Dernier rapport (mois)") },
  sql = "SELECT person_id, name, org_unit_name, ?7 - sent AS months_without_return, last_return FROM (" ..
        "SELECT " .. NAME .. ", n.family_name, n.given_name, " ..
        "(SELECT count(DISTINCT r.period) FROM report_activity_returns r WHERE r.person_id = a.person_id " ..
        "AND r.period BETWEEN ?8 AND ?9) AS sent, " ..
        "(SELECT max(r.period) FROM report_activity_returns r WHERE r.person_id = a.person_id AND r.period <= ?9) AS last_return " ..
        POSTS .. ACTIVE .. " GROUP BY n.person_id) " ..
        "WHERE ?7 - sent > 0 ORDER BY family_name, given_name, person_id",
})

-- (in plugins/indicators.lua before issue 18: the same id, parameters and rows, with
-- the names and titles of the names contract)
kazi.report(names {
  id = "ind-pay-below-minimum-names", breakdowns = { "none", "sex", "age_group" },
  title = t("Paid below the minimum: the workers", "Waliolipwa chini ya kiwango",
            "Payés en dessous du minimum : les travailleurs"),
  description = t("The gap of ind-pay-minimum: payments of the period below the minimum, one row each, with the worker (needs reports.personal).",
                  "Pengo la ind-pay-minimum: malipo ya kipindi chini ya kiwango, safu moja kila moja, pamoja na mhudumu (inahitaji reports.personal).",
                  "L'écart de ind-pay-minimum : paiements de la période inférieurs au minimum, une ligne chacun, avec le travailleur (nécessite reports.personal)."),
  reasons = { col("period", "Month", "Mwezi", "Mois"), col("amount", "Paid", "Kilicholipwa", "Payé"),
              col("minimum_amount", "Minimum", "Kiwango cha chini", "Minimum"), col("currency", "Currency", "Sarafu", "Devise") },
  sql = "SELECT " .. NAME .. ", m.period, m.amount, m.minimum_amount, m.currency " ..
        "FROM report_payments m JOIN report_people p ON p.person_id = m.person_id" .. personal("m.person_id") ..
        "WHERE m.below_minimum = 1 AND m.period BETWEEN ?8 AND ?9 AND " .. within("m.org_path") ..
        " AND (CASE ?2 WHEN 'sex' THEN coalesce(p.sex, 'unknown') WHEN 'age_group' THEN p.age_group ELSE '' END) = ?3" ..
        ORDER .. ", m.period",
})
