-- The indicator pack (issue 16): the workforce indicators every country gets, each a
-- kazi.report with an `indicator` field (unit and definition) and the standard
-- parameters and rows of docs/plugins.md, "Indicators". A configuration replaces one
-- by declaring a report of the same id, and adds its own with the same engine:
--   local I = require "indicators"
--   kazi.report(I.indicator { id = "...", ... })
-- Parameters of the SQL: see plugins/lib/indicators.lua (?1 depth ... ?9 year).
local I = require "indicators"

local function t(en, sw, fr) return { en = en, sw = sw, fr = fr } end
local function def(num, den, period) return { numerator = num, denominator = den, period = period } end

-- the breakdown of a row of people (a: report_assignments, which carries the worker's
-- sex, age group and status: no second look-up of each worker through report_people)
local G = "CASE ?3 WHEN 'cadre' THEN a.cadre WHEN 'sex' THEN coalesce(a.sex, 'unknown') " ..
          "WHEN 'age_group' THEN a.age_group ELSE '' END"
local LOSS = "('resignation', 'retirement', 'death', 'dismissal')"
local HELD = "a.start_date <= ?6 AND (a.end_date IS NULL OR a.end_date > ?6)"
local AT_END = t("Workers holding a post on the last day of the period (today for the current period)",
                 "Wahudumu wenye nafasi siku ya mwisho ya kipindi",
                 "Travailleurs en poste le dernier jour de la période (aujourd'hui pour la période en cours)")
-- the denominator of a count
local NONE = t("None: a count", "Hakuna", "Aucun : un décompte")

-- Each worker's spells of service (report_service_spells, migration 0022: the union of
-- their posts, per cadre and '' for any post, kept by triggers): one row a worker (and
-- cadre, for the breakdown cadre) answers "holding a post on D" without grouping their
-- posts. %s: the numerator, the denominator (NULL for a count), more WHERE.
local S_GRP = "CASE ?3 WHEN 'cadre' THEN s.cadre WHEN 'sex' THEN coalesce(s.sex, 'unknown') " ..
              "WHEN 'age_group' THEN s.age_group ELSE '' END"
-- Summed per residence path (a village) first, then per unit of the level: the unit of
-- each village is found once, not once a worker (LIMIT -1 keeps SQLite from moving the
-- unit's test into the pass over the spells).
local SPELLS = "SELECT " .. I.unit("v.path") .. " AS upath, v.grp AS grp, sum(v.num) AS numerator, " ..
  "sum(v.den) AS denominator FROM (" ..
  "SELECT s.residence_path AS path, " .. S_GRP .. " AS grp, %s AS num, %s AS den FROM report_service_spells s " ..
  -- the spells of any post, or of each cadre for the breakdown cadre (a range of the key)
  "WHERE s.cadre BETWEEN iif(?3 = 'cadre', char(1), '') AND iif(?3 = 'cadre', char(1114111), '') " ..
  "AND s.start_date <= ?6 AND %s GROUP BY path, grp LIMIT -1) v " ..
  "WHERE " .. I.within("v.path") .. " GROUP BY upath, grp"
local S_HELD = "(s.end_date IS NULL OR s.end_date > ?6)"

-- Workers holding a post on ?6, by where they live.
local HEADCOUNT = "SELECT " .. I.unit("a.residence_path") .. " AS upath, " .. G .. " AS grp, " ..
  "count(DISTINCT a.person_id) AS numerator, NULL AS denominator " ..
  "FROM report_assignments a " ..
  "WHERE " .. HELD .. " AND " .. I.within("a.residence_path") .. " GROUP BY upath, grp"

kazi.report(I.indicator {
  id = "ind-headcount", unit = "count",
  names = "ind-headcount-names",
  title = t("Headcount", "Idadi ya wahudumu", "Effectif"),
  description = t("Workers holding a post, by where they live.",
                  "Wahudumu wenye nafasi, kwa mahali wanapoishi.",
                  "Travailleurs en poste, selon leur lieu de résidence."),
  definition = def(AT_END, NONE, t("The last day of the period", "Siku ya mwisho ya kipindi", "Le dernier jour de la période")),
  sql = HEADCOUNT,
})

kazi.report(I.indicator {
  id = "ind-density", unit = "per 10,000 population", scale = 10000, population = "total",
  names = "ind-headcount-names",
  title = t("Workforce density per 10,000 population", "Wahudumu kwa kila watu 10,000",
            "Densité du personnel pour 10 000 habitants"),
  description = t("Workers holding a post per 10,000 people living in the org unit.",
                  "Wahudumu wenye nafasi kwa kila watu 10,000 wanaoishi katika eneo.",
                  "Travailleurs en poste pour 10 000 habitants de l'unité administrative."),
  definition = def(AT_END, t("Total population of the org unit (its own figure, else the sum below it) for the period's last year",
                             "Idadi ya watu wote ya mwaka wa mwisho wa kipindi",
                             "Population totale de l'unité administrative (son propre chiffre, sinon la somme des unités qu'elle contient) pour la dernière année de la période"),
                   t("The last day of the period; population of its year", "Siku ya mwisho ya kipindi",
                     "Le dernier jour de la période ; population de son année")),
  sql = HEADCOUNT,
})

kazi.report(I.indicator {
  id = "ind-density-children", unit = "per 100,000 children", scale = 100000, population = "children",
  names = "ind-headcount-names",
  title = t("Workforce density per 100,000 children", "Wahudumu kwa kila watoto 100,000",
            "Densité du personnel pour 100 000 enfants"),
  description = t("Workers holding a post per 100,000 children under 18 living in the org unit.",
                  "Wahudumu wenye nafasi kwa kila watoto 100,000 chini ya miaka 18 wanaoishi katika eneo.",
                  "Travailleurs en poste pour 100 000 enfants de moins de 18 ans vivant dans l'unité administrative."),
  definition = def(AT_END, t("Children under 18 of the org unit for the period's last year", "Watoto chini ya miaka 18",
                             "Enfants de moins de 18 ans de l'unité administrative pour la dernière année de la période"),
                   t("The last day of the period; population of its year", "Siku ya mwisho ya kipindi",
                     "Le dernier jour de la période ; population de son année")),
  sql = HEADCOUNT,
})

kazi.report(I.indicator {
  id = "ind-active-share", unit = "%", scale = 100, breakdowns = { "none", "sex", "age_group" },
  names = "ind-active-share-names", names_of = "gap",
  title = t("Active share of registered workers", "Sehemu ya wahudumu walio hai kazini",
            "Part des travailleurs enregistrés en activité"),
  description = t("Registered workers whose status is active.",
                  "Wahudumu waliosajiliwa walio hai kazini.",
                  "Travailleurs enregistrés dont le statut est actif."),
  definition = def(t("Registered workers whose status is active now", "Wahudumu walio hai kazini",
                     "Travailleurs enregistrés dont le statut est actif aujourd'hui"),
                   t("Workers registered by the last day of the period (merged records left out)", "Wahudumu waliosajiliwa",
                     "Travailleurs enregistrés au dernier jour de la période (fiches fusionnées exclues)"),
                   t("Status today; registered by the period's last day", "Hali ya leo",
                     "Statut d'aujourd'hui ; enregistrés au dernier jour de la période")),
  sql = "SELECT " .. I.unit("p.org_path") .. " AS upath, " ..
        "CASE ?3 WHEN 'sex' THEN coalesce(p.sex, 'unknown') WHEN 'age_group' THEN p.age_group ELSE '' END AS grp, " ..
        "sum(p.status = 'active') AS numerator, count(p.person_id) AS denominator " ..
        "FROM report_people p WHERE p.registered_date <= ?6 AND " .. I.within("p.org_path") .. " GROUP BY upath, grp",
})

kazi.report(I.indicator {
  id = "ind-distribution", unit = "%", scale = 100, additive = false,
  names = "ind-headcount-names",
  title = t("Age, sex and cadre distribution", "Mgawanyo kwa umri, jinsia na kada", "Répartition par âge, sexe et cadre"),
  description = t("The share of each group (breakdown sex, age_group or cadre) among the workers holding a post.",
                  "Sehemu ya kila kundi (mgawanyo sex, age_group au cadre) kati ya wahudumu wenye nafasi.",
                  "La part de chaque groupe (ventilation sex, age_group ou cadre) parmi les travailleurs en poste."),
  definition = def(t("Workers of the group holding a post", "Wahudumu wa kundi", "Travailleurs du groupe en poste"), AT_END,
                   t("The last day of the period", "Siku ya mwisho ya kipindi", "Le dernier jour de la période")),
  sql = "SELECT upath, grp, numerator, sum(numerator) OVER (PARTITION BY upath) AS denominator FROM (" ..
        SPELLS:format("count(*)", "NULL", S_HELD) .. ")",
})

-- The rates: the numerator over the workers holding a post on the first day (held the
-- day before it: start_date < ?5 <= end_date), both summed per unit and group.
local AT_START_SUM = "sum(s.start_date < ?5 AND (s.end_date IS NULL OR s.end_date >= ?5))"
local function rate(num_sql)
  return "SELECT upath, grp, sum(numerator) AS numerator, sum(denominator) AS denominator FROM (" ..
    num_sql .. " UNION ALL " .. SPELLS:format("0", AT_START_SUM, "1") .. ") GROUP BY upath, grp"
end
-- entered: their first post (in the cadre, with that breakdown) started in the period:
-- the spell that starts at first_start (one pass for both figures)
local ENTERED = SPELLS:format("sum(s.start_date = s.first_start AND s.first_start >= ?5)", AT_START_SUM, "1")
-- lost / promoted: a post ended in the period for that reason (a worker once however
-- many): the period's ended assignments (one pass of the assignments, as ind-exits; an
-- index by end date read them slower at 1,000,000: a random read of each)
local function ended(reasons)
  return "SELECT " .. I.unit("a.residence_path") .. " AS upath, " .. G .. " AS grp, " ..
    "count(DISTINCT a.person_id) AS numerator, 0 AS denominator FROM report_assignments a " ..
    "WHERE a.end_date BETWEEN ?5 AND ?6 AND a.end_reason IN " .. reasons .. " AND a.start_date <= ?6 AND " ..
    I.within("a.residence_path") .. " GROUP BY upath, grp"
end
local LOST = ended(LOSS)
local PROMOTED = ended("('promotion')")
local AT_START = t("Workers holding a post on the first day of the period", "Wahudumu wenye nafasi siku ya kwanza ya kipindi",
                   "Travailleurs en poste le premier jour de la période")
local PERIOD = t("The period", "Kipindi", "La période")

kazi.report(I.indicator {
  id = "ind-entry-rate", unit = "%", scale = 100,
  title = t("Entry rate", "Kiwango cha kuingia", "Taux d'entrée"),
  description = t("Workers whose first post (in the cadre, with that breakdown) started in the period, per 100 holding a post at its start.",
                  "Wahudumu ambao nafasi yao ya kwanza (katika kada, kwa mgawanyo huo) ilianza katika kipindi, kwa kila 100 wenye nafasi mwanzoni mwake.",
                  "Travailleurs dont le premier poste (dans le cadre, avec cette ventilation) a commencé pendant la période, pour 100 travailleurs en poste à son début."),
  definition = def(t("Workers whose first post started in the period", "Wahudumu walioanza nafasi yao ya kwanza",
                     "Travailleurs dont le premier poste a commencé pendant la période"), AT_START, PERIOD),
  sql = ENTERED,
})

kazi.report(I.indicator {
  id = "ind-exit-rate", unit = "%", scale = 100,
  title = t("Exit rate (losses)", "Kiwango cha kuondoka", "Taux de départ (pertes)"),
  description = t("Workers who left a post in the period by resignation, retirement, death or dismissal (not promotion or transfer), per 100 holding a post at its start.",
                  "Wahudumu walioacha nafasi katika kipindi kwa kujiuzulu, kustaafu, kifo au kufukuzwa (si kupandishwa wala uhamisho), kwa kila 100 wenye nafasi mwanzoni mwake.",
                  "Travailleurs ayant quitté un poste pendant la période par démission, départ à la retraite, décès ou licenciement (hors promotion ou mutation), pour 100 travailleurs en poste à son début."),
  definition = def(t("Workers with a post ended in the period for resignation, retirement, death or dismissal", "Walioondoka",
                     "Travailleurs dont un poste a pris fin pendant la période par démission, départ à la retraite, décès ou licenciement"), AT_START, PERIOD),
  sql = rate(LOST),
})

kazi.report(I.indicator {
  id = "ind-promotion-rate", unit = "%", scale = 100,
  title = t("Promotion rate", "Kiwango cha kupandishwa", "Taux de promotion"),
  description = t("Workers who left a post in the period by promotion (counted apart from losses), per 100 holding a post at its start.",
                  "Wahudumu walioacha nafasi katika kipindi kwa kupandishwa (wanahesabiwa mbali na walioondoka), kwa kila 100 wenye nafasi mwanzoni mwake.",
                  "Travailleurs ayant quitté un poste pendant la période par promotion (comptés à part des pertes), pour 100 travailleurs en poste à son début."),
  definition = def(t("Workers with a post ended in the period by promotion", "Waliopandishwa",
                     "Travailleurs dont un poste a pris fin pendant la période par promotion"), AT_START, PERIOD),
  sql = rate(PROMOTED),
})

kazi.report(I.indicator {
  id = "ind-exits", unit = "count", breakdowns = { "none", "reason", "cadre", "sex", "age_group" },
  names = "ind-exits-names",
  title = t("Posts left, by reason", "Nafasi zilizoachwa kwa sababu", "Postes quittés, par motif"),
  description = t("Assignments that ended in the period; breakdown reason gives promotion, transfer and each loss apart.",
                  "Nafasi zilizoisha katika kipindi; mgawanyo reason unatenganisha kupandishwa, uhamisho na kila aina ya kuondoka.",
                  "Affectations ayant pris fin pendant la période ; la ventilation reason distingue la promotion, la mutation et chaque type de perte."),
  definition = def(t("Assignments ended in the period", "Nafasi zilizoisha", "Affectations ayant pris fin pendant la période"),
                   NONE, PERIOD),
  sql = "SELECT " .. I.unit("a.residence_path") .. " AS upath, " ..
        "CASE ?3 WHEN 'reason' THEN a.end_reason WHEN 'cadre' THEN a.cadre WHEN 'sex' THEN coalesce(a.sex, 'unknown') " ..
        "WHEN 'age_group' THEN a.age_group ELSE '' END AS grp, count(a.assignment_id) AS numerator, NULL AS denominator " ..
        "FROM report_assignments a " ..
        "WHERE a.end_date BETWEEN ?5 AND ?6 AND " .. I.within("a.residence_path") .. " GROUP BY upath, grp",
})

kazi.report(I.indicator {
  id = "ind-length-of-service", unit = "years", scale = 1,
  title = t("Mean length of service", "Wastani wa muda wa huduma", "Ancienneté moyenne"),
  description = t("Years from a worker's first post (in the cadre, with that breakdown) to the period's last day, averaged over the workers holding a post then.",
                  "Miaka tangu nafasi ya kwanza ya mhudumu (katika kada, kwa mgawanyo huo) hadi siku ya mwisho ya kipindi, wastani wa wahudumu wenye nafasi wakati huo.",
                  "Années écoulées entre le premier poste d'un travailleur (dans le cadre, avec cette ventilation) et le dernier jour de la période, en moyenne sur les travailleurs alors en poste."),
  definition = def(t("Sum of the years since each worker's first post (days / 365.25)", "Jumla ya miaka ya huduma",
                     "Somme des années écoulées depuis le premier poste de chaque travailleur (jours / 365,25)"), AT_END,
                   t("The last day of the period", "Siku ya mwisho ya kipindi", "Le dernier jour de la période")),
  sql = SPELLS:format("sum((julianday(?6) - julianday(s.first_start)) / 365.25)", "count(*)", S_HELD),
})

kazi.report(I.indicator {
  id = "ind-home-area", unit = "%", scale = 100,
  title = t("Serving in their home area", "Wanaohudumu eneo lao", "En poste dans leur localité de résidence"),
  description = t("Workers whose post lies in the org unit (of the level grouped by) they live in.",
                  "Wahudumu ambao nafasi yao iko katika eneo (la ngazi iliyochaguliwa) wanamoishi.",
                  "Travailleurs dont le poste se trouve dans l'unité administrative (du niveau de regroupement) où ils résident."),
  definition = def(t("Workers holding a post in the org unit of the level they live in", "Wanaohudumu eneo lao",
                     "Travailleurs en poste dans l'unité administrative du niveau où ils résident"), AT_END,
                   t("The last day of the period", "Siku ya mwisho ya kipindi", "Le dernier jour de la période")),
  sql = "SELECT " .. I.unit("a.residence_path") .. " AS upath, " .. G .. " AS grp, " ..
        "count(DISTINCT CASE WHEN kazi_path_at(a.post_path, ?1) = kazi_path_at(a.residence_path, ?1) THEN a.person_id END) AS numerator, " ..
        "count(DISTINCT a.person_id) AS denominator " ..
        "FROM report_assignments a " ..
        "WHERE " .. HELD .. " AND " .. I.within("a.residence_path") .. " GROUP BY upath, grp",
})

local TODAY = t("Today", "Leo", "Aujourd'hui")
kazi.report(I.indicator {
  id = "ind-vacancy-rate", unit = "%", scale = 100, breakdowns = { "none", "cadre" },
  title = t("Vacancy rate of approved posts", "Kiwango cha nafasi wazi", "Taux de vacance des postes approuvés"),
  description = t("Approved posts no one holds, by where the post is.",
                  "Nafasi zilizoidhinishwa zisizo na mtu, kwa mahali nafasi ilipo.",
                  "Postes approuvés non pourvus, selon le lieu du poste."),
  definition = def(t("Approved posts no one holds today", "Nafasi zilizoidhinishwa zilizo wazi",
                     "Postes approuvés non pourvus aujourd'hui"),
                   t("Approved posts", "Nafasi zilizoidhinishwa", "Postes approuvés"), TODAY),
  sql = "SELECT " .. I.unit("s.org_path") .. " AS upath, CASE ?3 WHEN 'cadre' THEN s.cadre ELSE '' END AS grp, " ..
        "sum(s.vacant) AS numerator, count(s.position_id) AS denominator FROM report_positions s " ..
        "WHERE s.approved = 1 AND " .. I.within("s.org_path") .. " GROUP BY upath, grp",
})

kazi.report(I.indicator {
  id = "ind-vacancy-days", unit = "days", scale = 1, breakdowns = { "none", "cadre" },
  title = t("Mean time a post stays vacant", "Wastani wa siku nafasi ikiwa wazi", "Durée moyenne de vacance d'un poste"),
  description = t("Days since each vacant approved post was last held (or created), averaged.",
                  "Siku tangu kila nafasi wazi iliyoidhinishwa ilipokuwa na mtu mara ya mwisho (au ilipoundwa), kwa wastani.",
                  "Jours écoulés depuis que chaque poste approuvé vacant a été occupé pour la dernière fois (ou créé), en moyenne."),
  definition = def(t("Sum of the days each vacant approved post has been vacant, to today", "Jumla ya siku",
                     "Somme des jours de vacance de chaque poste approuvé vacant, jusqu'à aujourd'hui"),
                   t("Vacant approved posts", "Nafasi wazi zilizoidhinishwa", "Postes approuvés vacants"), TODAY),
  sql = "SELECT " .. I.unit("s.org_path") .. " AS upath, CASE ?3 WHEN 'cadre' THEN s.cadre ELSE '' END AS grp, " ..
        "sum(julianday(?7) - julianday(s.vacant_since)) AS numerator, count(s.position_id) AS denominator " ..
        "FROM report_positions s WHERE s.approved = 1 AND s.vacant = 1 AND " .. I.within("s.org_path") ..
        " GROUP BY upath, grp",
})

-- Workers holding a post on ?6, each with whether they hold a valid certificate, an
-- expired one only, or none, from their summary (report_person_summaries, 0021): one
-- row a worker, the day applied here. best: 2 for a valid certificate (the latest
-- expiry, '9999-12-31' for none, on or after today), 1 for expired ones only, 0 for
-- none (revoked left out). Held on ?6: a current post started by then, or, for the few
-- whose ended posts end after ?6, their posts looked up. By cadre, each worker under
-- every cadre of the posts they held (their assignments, the summary for the rest).
local SG = "CASE ?3 WHEN 'sex' THEN coalesce(w.sex, 'unknown') WHEN 'age_group' THEN w.age_group ELSE '' END"
local BEST = "CASE WHEN w.cert_until >= ?7 THEN 2 WHEN w.certs > 0 THEN 1 ELSE 0 END"
-- (CASE, not OR: a NULL date must not make SQLite look the posts up anyway)
local HELD_W = "CASE WHEN w.post_start <= ?6 THEN 1 WHEN w.ended_until > ?6 THEN EXISTS (SELECT b.assignment_id " ..
  "FROM report_assignments b WHERE b.person_id = w.person_id AND b.start_date <= ?6 AND " ..
  "(b.end_date IS NULL OR b.end_date > ?6)) ELSE 0 END"
local CERTS = "SELECT upath, grp, sum(%s) AS numerator, count(person_id) AS denominator FROM (" ..
  "SELECT w.person_id, " .. I.unit("w.org_path") .. " AS upath, " .. SG .. " AS grp, " .. BEST .. " AS best " ..
  "FROM report_person_summaries w WHERE ?3 <> 'cadre' AND " .. HELD_W .. " AND " .. I.within("w.org_path") ..
  " UNION ALL SELECT DISTINCT a.person_id, " .. I.unit("a.residence_path") .. ", a.cadre, " .. BEST ..
  " FROM report_assignments a JOIN report_person_summaries w ON w.person_id = a.person_id " ..
  "WHERE ?3 = 'cadre' AND " .. HELD .. " AND " .. I.within("a.residence_path") .. ") GROUP BY upath, grp"
local CERT_TODAY = t("Certificates as they stand today; workers on the period's last day", "Vyeti vya leo",
                     "Certificats tels qu'ils sont aujourd'hui ; travailleurs au dernier jour de la période")
kazi.report(I.indicator {
  id = "ind-certified", unit = "%", scale = 100,
  title = t("Certification coverage: valid", "Wenye cheti halali", "Couverture de la certification : certificat valide"),
  description = t("Workers holding a post with a valid certificate.",
                  "Wahudumu wenye nafasi walio na cheti halali.",
                  "Travailleurs en poste titulaires d'un certificat valide."),
  definition = def(t("Workers with a valid (not expired, not revoked) certificate", "Wenye cheti halali",
                     "Travailleurs titulaires d'un certificat valide (ni expiré, ni révoqué)"), AT_END, CERT_TODAY),
  sql = CERTS:format("best >= 2"),
})
kazi.report(I.indicator {
  id = "ind-certificate-expired", unit = "%", scale = 100,
  names = "ind-certificate-expired-names",
  title = t("Certification coverage: expired only", "Wenye cheti kilichokwisha tu",
            "Couverture de la certification : certificat expiré seulement"),
  description = t("Workers holding a post whose certificates have all expired.",
                  "Wahudumu wenye nafasi ambao vyeti vyao vyote vimekwisha.",
                  "Travailleurs en poste dont tous les certificats ont expiré."),
  definition = def(t("Workers with an expired certificate and no valid one", "Wenye cheti kilichokwisha",
                     "Travailleurs ayant un certificat expiré et aucun certificat valide"), AT_END, CERT_TODAY),
  sql = CERTS:format("best = 1"),
})
kazi.report(I.indicator {
  id = "ind-never-certified", unit = "%", scale = 100,
  names = "ind-never-certified-names",
  title = t("Certification coverage: never certified", "Wasio na cheti", "Couverture de la certification : jamais certifiés"),
  description = t("Workers holding a post who never held a certificate (revoked ones left out).",
                  "Wahudumu wenye nafasi ambao hawajawahi kuwa na cheti (vilivyofutwa haviingii).",
                  "Travailleurs en poste n'ayant jamais détenu de certificat (certificats révoqués exclus)."),
  definition = def(t("Workers with no valid or expired certificate", "Wasio na cheti",
                     "Travailleurs sans certificat valide ni expiré"), AT_END, CERT_TODAY),
  sql = CERTS:format("best = 0"),
})

-- The latest certificate of each chain (none renews it), not revoked, with an expiry.
local REFRESH = "SELECT " .. I.unit("c.org_path") .. " AS upath, " ..
  "CASE ?3 WHEN 'certification' THEN c.certification WHEN 'sex' THEN coalesce(p.sex, 'unknown') " ..
  "WHEN 'age_group' THEN p.age_group ELSE '' END AS grp, sum(%s) AS numerator, count(c.certificate_id) AS denominator " ..
  "FROM report_certificates c JOIN report_people p ON p.person_id = c.person_id " ..
  "WHERE c.status <> 'revoked' AND c.expires_date IS NOT NULL AND c.certificate_id NOT IN " ..
  "(SELECT r.renews_id FROM report_certificates r WHERE r.renews_id IS NOT NULL) AND " .. I.within("c.org_path") ..
  " GROUP BY upath, grp"
local LATEST = t("Latest certificates with an expiry date (not renewed, not revoked)", "Vyeti vya mwisho vyenye tarehe ya kuisha",
                 "Derniers certificats ayant une date d'expiration (non renouvelés, non révoqués)")
local RB = { "none", "certification", "sex", "age_group" }
kazi.report(I.indicator {
  id = "ind-refresher-due", unit = "%", scale = 100, breakdowns = RB,
  title = t("Refresher due", "Mafunzo rejea yanakaribia", "Recyclage à prévoir"),
  description = t("Certificates expiring within the next 90 days.",
                  "Vyeti vinavyoisha ndani ya siku 90 zijazo.",
                  "Certificats expirant dans les 90 prochains jours."),
  definition = def(t("Latest certificates expiring from today to 90 days on", "Vinavyoisha ndani ya siku 90",
                     "Derniers certificats expirant entre aujourd'hui et les 90 jours à venir"), LATEST, TODAY),
  sql = REFRESH:format("c.expires_date BETWEEN ?7 AND date(?7, '+90 days')"),
})
kazi.report(I.indicator {
  id = "ind-refresher-overdue", unit = "%", scale = 100, breakdowns = RB,
  names = "ind-refresher-overdue-names",
  title = t("Refresher overdue", "Mafunzo rejea yamechelewa", "Recyclage en retard"),
  description = t("Certificates expired within the last year (lapsed longer ago: ind-certificate-lapsed).",
                  "Vyeti vilivyoisha ndani ya mwaka uliopita (vilivyoisha zamani zaidi: ind-certificate-lapsed).",
                  "Certificats expirés au cours de la dernière année (expirés depuis plus longtemps : ind-certificate-lapsed)."),
  definition = def(t("Latest certificates expired within the last 365 days", "Vilivyoisha ndani ya mwaka",
                     "Derniers certificats expirés au cours des 365 derniers jours"), LATEST, TODAY),
  sql = REFRESH:format("c.expires_date < ?7 AND c.expires_date >= date(?7, '-365 days')"),
})
kazi.report(I.indicator {
  id = "ind-certificate-lapsed", unit = "%", scale = 100, breakdowns = RB,
  title = t("Certificates lapsed over a year ago", "Vyeti vilivyoisha zamani", "Certificats expirés depuis plus d'un an"),
  description = t("Certificates expired more than a year ago, apart from the overdue refreshers.",
                  "Vyeti vilivyoisha zaidi ya mwaka mmoja uliopita, mbali na mafunzo rejea yaliyochelewa.",
                  "Certificats expirés depuis plus d'un an, hors recyclages en retard."),
  definition = def(t("Latest certificates expired more than 365 days ago", "Vilivyoisha zaidi ya mwaka",
                     "Derniers certificats expirés depuis plus de 365 jours"), LATEST, TODAY),
  sql = REFRESH:format("c.expires_date < date(?7, '-365 days')"),
})

-- The training funnel of the cohort: enrolments in events starting in the period.
local FUNNEL = "SELECT " .. I.unit("e.org_path") .. " AS upath, " ..
  "CASE ?3 WHEN 'course' THEN e.course WHEN 'sex' THEN coalesce(p.sex, 'unknown') WHEN 'age_group' THEN p.age_group ELSE '' END AS grp, " ..
  "%s FROM report_enrolments e JOIN report_people p ON p.person_id = e.person_id " ..
  "WHERE e.start_date BETWEEN ?5 AND ?6 AND " .. I.within("e.org_path") .. " GROUP BY upath, grp"
local FB = { "none", "course", "sex", "age_group" }
local COHORT = t("The cohort: training events starting in the period (by the trainee's residence)",
                 "Kundi la mafunzo yaliyoanza katika kipindi",
                 "La cohorte : sessions de formation commençant pendant la période (selon la résidence du stagiaire)")
local CERTIFIED = "EXISTS (SELECT c.certificate_id FROM report_certificates c WHERE c.person_id = e.person_id AND c.issued_date >= e.start_date)"
local PLACED = "EXISTS (SELECT b.assignment_id FROM report_assignments b WHERE b.person_id = e.person_id AND (b.end_date IS NULL OR b.end_date >= e.start_date))"
kazi.report(I.indicator {
  id = "ind-training-enrolled", unit = "count", breakdowns = FB,
  title = t("Training funnel: enrolled", "Waliojiandikisha mafunzoni", "Parcours de formation : inscrits"),
  description = t("Enrolments in the cohort's events.",
                  "Usajili katika mafunzo ya kundi.",
                  "Inscriptions aux sessions de la cohorte."),
  definition = def(t("Enrolments in events starting in the period", "Waliojiandikisha",
                     "Inscriptions aux sessions commençant pendant la période"), NONE, COHORT),
  sql = FUNNEL:format("count(e.enrolment_id) AS numerator, NULL AS denominator"),
})
kazi.report(I.indicator {
  id = "ind-training-passed", unit = "%", scale = 100, breakdowns = FB,
  title = t("Training funnel: passed", "Waliofaulu", "Parcours de formation : admis"),
  description = t("Enrolments of the cohort that passed.",
                  "Usajili wa kundi uliofaulu.",
                  "Inscriptions de la cohorte ayant abouti à une réussite."),
  definition = def(t("Enrolments passed", "Waliofaulu", "Inscriptions réussies"),
                   t("Enrolments of the cohort", "Waliojiandikisha", "Inscriptions de la cohorte"), COHORT),
  sql = FUNNEL:format("sum(e.passed = 1) AS numerator, count(e.enrolment_id) AS denominator"),
})
kazi.report(I.indicator {
  id = "ind-training-certified", unit = "%", scale = 100, breakdowns = FB,
  title = t("Training funnel: certified", "Waliothibitishwa", "Parcours de formation : certifiés"),
  description = t("Passed enrolments whose trainee holds a certificate issued on or after the event's start.",
                  "Waliofaulu wenye cheti kilichotolewa tangu mafunzo yalipoanza.",
                  "Inscriptions réussies dont le stagiaire détient un certificat délivré à partir du début de la session."),
  definition = def(t("Passed enrolments with a certificate issued since the event started", "Wenye cheti baada ya mafunzo",
                     "Inscriptions réussies avec un certificat délivré depuis le début de la session"),
                   t("Passed enrolments of the cohort", "Waliofaulu", "Inscriptions réussies de la cohorte"), COHORT),
  sql = FUNNEL:format("sum(e.passed = 1 AND " .. CERTIFIED .. ") AS numerator, sum(e.passed = 1) AS denominator"),
})
kazi.report(I.indicator {
  id = "ind-training-placed", unit = "%", scale = 100, breakdowns = FB,
  title = t("Training funnel: placed", "Waliopangiwa nafasi", "Parcours de formation : affectés"),
  description = t("Passed enrolments whose trainee held a post on or after the event's start.",
                  "Waliofaulu waliokuwa na nafasi tangu mafunzo yalipoanza.",
                  "Inscriptions réussies dont le stagiaire a occupé un poste à partir du début de la session."),
  definition = def(t("Passed enrolments whose trainee holds or held a post since the event started",
                     "Wenye nafasi baada ya mafunzo",
                     "Inscriptions réussies dont le stagiaire occupe ou a occupé un poste depuis le début de la session"),
                   t("Passed enrolments of the cohort", "Waliofaulu", "Inscriptions réussies de la cohorte"), COHORT),
  sql = FUNNEL:format("sum(e.passed = 1 AND " .. PLACED .. ") AS numerator, sum(e.passed = 1) AS denominator"),
})

-- Active workers in a post now, with their sex and age (a: report_assignments): counted
-- once each (count DISTINCT), by where they live.
local W = "FROM report_assignments a " ..
          "WHERE a.end_date IS NULL AND a.person_status = 'active' AND " .. I.within("a.residence_path")
local WU = I.unit("a.residence_path")
local ACTIVE_NOW = t("Active workers holding a post today", "Wahudumu hai wenye nafasi leo",
                     "Travailleurs actifs en poste aujourd'hui")
-- The same workers from their summary (report_person_summaries, 0021), one row each:
-- `%s` counted as the numerator; by cadre, each worker under every cadre of their
-- current posts (their assignments joined to the summary).
local COVERED = "SELECT " .. I.unit("w.org_path") .. " AS upath, " .. SG .. " AS grp, sum(%s) AS numerator, " ..
  "count(w.person_id) AS denominator FROM report_person_summaries w WHERE ?3 <> 'cadre' AND " ..
  "w.cadres IS NOT NULL AND w.status = 'active' AND " .. I.within("w.org_path") .. " GROUP BY upath, grp " ..
  "UNION ALL SELECT " .. WU .. " AS upath, a.cadre AS grp, count(DISTINCT CASE WHEN %s THEN a.person_id END), " ..
  "count(DISTINCT a.person_id) FROM report_assignments a JOIN report_person_summaries w ON w.person_id = a.person_id " ..
  "WHERE ?3 = 'cadre' AND a.end_date IS NULL AND a.person_status = 'active' AND " .. I.within("a.residence_path") ..
  " GROUP BY upath, grp"
kazi.report(I.indicator {
  id = "ind-supervision-coverage", unit = "%", scale = 100,
  names = "ind-supervision-coverage-names", names_of = "gap",
  title = t("Supervision coverage", "Wanaosimamiwa", "Couverture de la supervision formative"),
  description = t("Active workers in a post with a current supervisor.",
                  "Wahudumu hai wenye nafasi walio na msimamizi kwa sasa.",
                  "Travailleurs actifs en poste ayant un superviseur en cours."),
  definition = def(t("Active workers in a post with at least one current supervisor", "Wenye msimamizi",
                     "Travailleurs actifs en poste ayant au moins un superviseur en cours"), ACTIVE_NOW, TODAY),
 
  sql = COVERED:format("w.supervisors > 0", "w.supervisors > 0"),
})
kazi.report(I.indicator {
  id = "ind-workers-per-supervisor", unit = "workers per supervisor", scale = 1, breakdowns = { "none" }, additive = false,
  title = t("Workers per supervisor (actual supervision)", "Wahudumu kwa msimamizi (usimamizi halisi)",
            "Travailleurs par superviseur (encadrement effectif)"),
  description = t("Definition 1, actual: supervised workers per person supervising them, from the current supervision assignments.",
                  "Maana ya 1, halisi: wahudumu wanaosimamiwa kwa kila mtu anayewasimamia, kutoka kwa usimamizi uliopo sasa.",
                  "Définition 1, effective : travailleurs supervisés par personne qui les supervise, d'après les affectations de supervision en cours."),
  definition = def(t("Workers with a current supervision assignment", "Wanaosimamiwa",
                     "Travailleurs ayant une affectation de supervision en cours"),
                   t("Distinct people currently supervising them", "Wasimamizi",
                     "Personnes distinctes qui les supervisent actuellement"), TODAY),
  -- the supervised from their summaries, the supervisors from their current links per
  -- village and supervisor (report_supervisor_places, 0021)
  sql = "SELECT upath, '' AS grp, sum(n) AS numerator, sum(d) AS denominator FROM (" ..
        "SELECT " .. I.unit("w.org_path") .. " AS upath, count(w.person_id) AS n, 0 AS d " ..
        "FROM report_person_summaries w WHERE w.supervisors > 0 AND " .. I.within("w.org_path") .. " GROUP BY upath " ..
        "UNION ALL SELECT " .. I.unit("l.org_path") .. " AS upath, 0 AS n, count(DISTINCT l.supervisor_person_id) AS d " ..
        "FROM report_supervisor_places l WHERE " .. I.within("l.org_path") .. " GROUP BY upath) GROUP BY upath",
})
kazi.report(I.indicator {
  id = "ind-workers-per-supervisor-post", unit = "workers per supervisor", scale = 1, breakdowns = { "none" },
  title = t("Workers per supervisor (supervising cadres)", "Wahudumu kwa msimamizi (kada za usimamizi)",
            "Travailleurs par superviseur (cadres d'encadrement)"),
  description = t("Definition 2, by cadre: active workers in a post of a cadre that must be supervised (kazi.supervision) per active worker in a post of a cadre that may supervise.",
                  "Maana ya 2, kwa kada: wahudumu hai wenye nafasi ya kada inayopaswa kusimamiwa (kazi.supervision) kwa kila mhudumu hai mwenye nafasi ya kada inayoweza kusimamia.",
                  "Définition 2, par cadre : travailleurs actifs en poste dans un cadre qui doit être supervisé (kazi.supervision) par travailleur actif en poste dans un cadre habilité à superviser."),
  definition = def(t("Active workers in a post of a supervised cadre", "Wa kada zinazosimamiwa",
                     "Travailleurs actifs en poste dans un cadre supervisé"),
                   t("Active workers in a post of a cadre named as supervisors", "Wa kada za wasimamizi",
                     "Travailleurs actifs en poste dans un cadre désigné comme superviseur"), TODAY),
  extra = function()
    local supervised, supervisors = {}, {}
    for _, s in ipairs(kazi.catalogue("supervision")) do
      supervised[#supervised + 1] = s.cadre
      for _, c in ipairs(s.supervisors or {}) do supervisors[#supervisors + 1] = c end
    end
    return "," .. table.concat(supervised, ",") .. ",", "," .. table.concat(supervisors, ",") .. ","
  end,
 
  -- the workers counted per unit and set of current cadres (report_person_summaries,
  -- 0021), each set taken apart once to see whether it holds a cadre of either list
  sql = "WITH RECURSIVE g AS (SELECT " .. I.unit("w.org_path") .. " AS upath, w.cadres AS cadres, " ..
        "count(w.person_id) AS n FROM report_person_summaries w WHERE w.cadres IS NOT NULL AND " ..
        "w.status = 'active' AND " .. I.within("w.org_path") .. " GROUP BY upath, cadres), " ..
        "part(cadres, rest, cadre) AS (SELECT cadres, substr(cadres, 2), NULL FROM (SELECT DISTINCT cadres FROM g) " ..
        "UNION ALL SELECT cadres, substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1) " ..
        "FROM part WHERE instr(rest, ',') > 0), " ..
        "k AS (SELECT cadres, max(instr(?10, ',' || cadre || ',') > 0) AS sup, " ..
        "max(instr(?11, ',' || cadre || ',') > 0) AS sor FROM part WHERE cadre IS NOT NULL GROUP BY cadres) " ..
        "SELECT g.upath AS upath, '' AS grp, sum(CASE WHEN k.sup THEN g.n ELSE 0 END) AS numerator, " ..
        "sum(CASE WHEN k.sor THEN g.n ELSE 0 END) AS denominator FROM g JOIN k ON k.cadres = g.cadres GROUP BY g.upath",
})
local SUPPORTED = "CASE WHEN w.last_support BETWEEN ?5 AND ?6 THEN 1 WHEN w.last_support > ?6 THEN EXISTS (SELECT s.person_id " ..
  "FROM report_support_activities s WHERE s.person_id = w.person_id AND s.activity_date BETWEEN ?5 AND ?6) ELSE 0 END"
kazi.report(I.indicator {
  id = "ind-support-coverage", unit = "%", scale = 100,
  names = "ind-support-coverage-names", names_of = "gap",
  title = t("Support coverage", "Waliopata msaada", "Couverture du soutien"),
  description = t("Active workers in a post with a support activity (debriefing, peer support, counselling, wellness) in the period.",
                  "Wahudumu hai wenye nafasi waliopata msaada (mazungumzo baada ya tukio, msaada wa wenzao, ushauri nasaha, ustawi) katika kipindi.",
                  "Travailleurs actifs en poste ayant bénéficié d'une activité de soutien (débriefing, soutien par les pairs, accompagnement psychologique, bien-être) pendant la période."),
  definition = def(t("Active workers in a post with a support activity in the period", "Waliopata msaada",
                     "Travailleurs actifs en poste ayant bénéficié d'une activité de soutien pendant la période"), ACTIVE_NOW, PERIOD),
 
  -- a support activity in the period: the latest one in it, or, for those whose latest
  -- one is after the period, their activities looked up
  sql = COVERED:format(SUPPORTED, SUPPORTED),
})
kazi.report(I.indicator {
  id = "ind-pay-minimum", unit = "%", scale = 100, breakdowns = { "none", "sex", "age_group" },
  names = "ind-pay-below-minimum-names", names_of = "gap",
  title = t("Pay-minimum compliance", "Malipo yanayofikia kiwango cha chini", "Respect de la rémunération minimale"),
  description = t("Payments of the period checked against the cadre's minimum that were at or above it. The names behind: report ind-pay-below-minimum-names (reports.personal).",
                  "Malipo ya kipindi yaliyolinganishwa na kiwango cha chini cha kada na kukifikia au kukizidi. Majina husika: ripoti ind-pay-below-minimum-names (reports.personal).",
                  "Paiements de la période contrôlés par rapport au minimum du cadre et qui l'atteignaient ou le dépassaient. Les noms correspondants : rapport ind-pay-below-minimum-names (reports.personal)."),
  definition = def(t("Payments at or above the minimum", "Malipo yaliyofikia kiwango",
                     "Paiements égaux ou supérieurs au minimum"),
                   t("Payments of the period checked against a minimum", "Malipo yaliyokaguliwa",
                     "Paiements de la période contrôlés par rapport à un minimum"),
                   t("Payment periods (months) within the period", "Miezi ya kipindi",
                     "Périodes de paie (mois) comprises dans la période")),
  sql = "SELECT " .. I.unit("m.org_path") .. " AS upath, " ..
        "CASE ?3 WHEN 'sex' THEN coalesce(p.sex, 'unknown') WHEN 'age_group' THEN p.age_group ELSE '' END AS grp, " ..
        "sum(m.below_minimum = 0) AS numerator, count(m.below_minimum) AS denominator " ..
        "FROM report_payments m JOIN report_people p ON p.person_id = m.person_id " ..
        "WHERE m.period BETWEEN substr(?5, 1, 7) AND substr(?6, 1, 7) AND " .. I.within("m.org_path") .. " GROUP BY upath, grp",
})
kazi.report(I.indicator {
  id = "ind-return-completeness", unit = "%", scale = 100, breakdowns = { "none" },
  names = "ind-return-completeness-names", names_of = "gap",
  title = t("Monthly-return completeness", "Ukamilifu wa taarifa za mwezi", "Complétude des rapports mensuels"),
  description = t("Monthly returns received against those expected: one a month from each active worker in a post.",
                  "Taarifa za mwezi zilizopokelewa dhidi ya zilizotarajiwa: moja kwa mwezi kutoka kwa kila mhudumu hai mwenye nafasi.",
                  "Rapports mensuels reçus par rapport aux rapports attendus : un par mois de chaque travailleur actif en poste."),
  definition = def(t("Returns received: distinct worker and month with a return in the period", "Taarifa zilizopokelewa",
                     "Rapports reçus : couples travailleur et mois distincts ayant un rapport pendant la période"),
                   t("Returns expected: active workers in a post today times the months of the period up to today",
                     "Taarifa zilizotarajiwa",
                     "Rapports attendus : travailleurs actifs en poste aujourd'hui multipliés par les mois de la période jusqu'à aujourd'hui"),
                   t("The months of the period up to today", "Miezi ya kipindi", "Les mois de la période jusqu'à aujourd'hui")),
  sql = "SELECT upath, grp, sum(n) AS numerator, sum(d) AS denominator FROM (" ..
        "SELECT " .. WU .. " AS upath, '' AS grp, 0 AS n, count(DISTINCT a.person_id) * ?8 AS d " .. W .. " GROUP BY upath " ..
        "UNION ALL SELECT " .. I.unit("r.org_path") .. " AS upath, '' AS grp, sum(r.workers) AS n, 0 AS d " ..
        "FROM report_return_months r WHERE r.period BETWEEN substr(?5, 1, 7) AND substr(?6, 1, 7) AND " ..
        I.within("r.org_path") .. " GROUP BY upath) GROUP BY upath, grp",
})
kazi.report(I.indicator {
  id = "ind-activity-totals", unit = "count", breakdowns = { "none", "activity" },
  title = t("Activity totals per function", "Jumla ya shughuli", "Totaux des activités par fonction"),
  description = t("What the monthly returns of the period count, per activity (breakdown activity).",
                  "Idadi zinazohesabiwa na taarifa za mwezi za kipindi, kwa shughuli (mgawanyo activity).",
                  "Ce que comptent les rapports mensuels de la période, par activité (ventilation activity)."),
  definition = def(t("Sum of the counts of the monthly returns of the period", "Jumla ya idadi",
                     "Somme des chiffres des rapports mensuels de la période"), NONE,
                   t("The months of the period", "Miezi ya kipindi", "Les mois de la période")),
  sql = "SELECT " .. I.unit("r.org_path") .. " AS upath, CASE ?3 WHEN 'activity' THEN r.activity ELSE '' END AS grp, " ..
        "sum(r.total) AS numerator, NULL AS denominator FROM report_activity_months r " ..
        "WHERE r.period BETWEEN substr(?5, 1, 7) AND substr(?6, 1, 7) AND " .. I.within("r.org_path") .. " GROUP BY upath, grp",
})
