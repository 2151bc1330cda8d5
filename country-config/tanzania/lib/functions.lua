-- The nine minimum functions (plugins/standards.lua) in the words of the
-- Tanzanian job descriptions, with the local emphasis of each group.
local M = {}

local base = {
  identify = { en = "Identify most vulnerable children (MVC), families and people infected or affected by HIV/AIDS in the village, with the village MVC committee",
               sw = "Kutambua watoto walio katika mazingira hatarishi, familia na watu walioathirika na VVU/UKIMWI kijijini" },
  relate   = { en = "Establish a trusting relationship with the child and the household", sw = "Kujenga uhusiano wa kuaminiana na mtoto na kaya" },
  assess   = { en = "Assess the strengths and needs of the child and household", sw = "Kutathmini uwezo na mahitaji ya mtoto na kaya" },
  plan     = { en = "Develop a service plan with the household", sw = "Kuandaa mpango wa huduma pamoja na kaya" },
  support  = { en = "Give supportive counselling and psychosocial support, especially in crisis", sw = "Kutoa ushauri nasaha na msaada wa kisaikolojia, hasa wakati wa dharura" },
  link     = { en = "Link the household to health, education, legal and economic services and follow up (case management)", sw = "Kuunganisha kaya na huduma na kufuatilia" },
  ongoing  = { en = "Provide ongoing support and problem solving through home visits", sw = "Kutoa msaada endelevu na kutatua matatizo kupitia ziara za nyumbani" },
  document = { en = "Record needs and services on the MVC forms and report monthly to the ward", sw = "Kuandika mahitaji na huduma na kutoa taarifa kila mwezi kwa kata" },
  refer    = { en = "Act within own training; consult the supervisor and refer to the SWA or SWO when needed", sw = "Kufanya kazi ndani ya mafunzo; kushauriana na msimamizi na kupeleka rufaa inapohitajika" },
}
local order = { "identify", "relate", "assess", "plan", "support", "link", "ongoing", "document", "refer" }

-- The nine functions as job-description entries, with `extra` words per function.
function M.nine(extra)
  local out = {}
  for _, id in ipairs(order) do
    local text = base[id]
    if extra and extra[id] then text = { en = text.en .. "; " .. extra[id], sw = text.sw } end
    out[#out + 1] = { standard = id, text = text }
  end
  return out
end

return M
