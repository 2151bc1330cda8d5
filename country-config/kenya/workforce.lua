-- Two groups only, numbered grades, and a volunteer track paid by the day.
kazi.group { id = "child-protection", name = { en = "Children's services", sw = "Huduma za watoto" } }
kazi.group { id = "social-development", name = { en = "Social development", sw = "Maendeleo ya kijamii" } }

kazi.cadre { id = "vco", abbreviation = "VCO", para = true, group = "child-protection", level = "grade-1",
  works_at = "location", track = "volunteer",
  name = { en = "Volunteer children's officer", sw = "Afisa wa watoto wa kujitolea" } }
kazi.cadre { id = "cpa", abbreviation = "CPA", para = true, group = "child-protection", level = "grade-2",
  works_at = "ward", track = "county",
  name = { en = "Child protection assistant", sw = "Msaidizi wa ulinzi wa watoto" } }
kazi.cadre { id = "sda", abbreviation = "SDA", para = true, group = "social-development", level = "grade-2",
  works_at = "ward", track = "county",
  name = { en = "Social development assistant", sw = "Msaidizi wa maendeleo ya kijamii" } }
kazi.cadre { id = "co", abbreviation = "CO", group = "child-protection", level = "grade-3",
  works_at = "sub-county", track = "national",
  name = { en = "Children's officer", sw = "Afisa wa watoto" } }

local function nine(focus)
  local ids = { "identify", "relate", "assess", "plan", "support", "link", "ongoing", "document", "refer" }
  local out = {}
  for _, id in ipairs(ids) do out[#out + 1] = { standard = id, text = focus .. ": " .. id } end
  return out
end

kazi.job { cadre = "vco", purpose = { en = "Support the children's officer in the location: identify children in need of care and protection and follow them up." },
  functions = nine("children in the location"), minimum_qualifications = { "KCSE certificate", "Certificate of good conduct" },
  supervision = { by = "co", frequency = "monthly" } }
kazi.job { cadre = "cpa", purpose = { en = "Manage child protection cases in the ward under the children's officer." },
  functions = nine("child protection cases"), minimum_qualifications = { "Certificate in child protection" },
  supervision = { by = "co", frequency = "fortnightly" } }
kazi.job { cadre = "sda", purpose = { en = "Organise community groups and social protection programmes in the ward." },
  functions = nine("community groups"), minimum_qualifications = { "Certificate in social development" },
  supervision = { by = "co", frequency = "monthly" } }
kazi.job { cadre = "co", purpose = { en = "Statutory children's services for the sub-county." },
  functions = { "statutory child protection", "supervision of VCOs and CPAs" },
  minimum_qualifications = { "Degree in social work or social sciences" } }

kazi.course { id = "vco-induction", version = "2023", hours = 24, method = "participatory workshop",
  name = { en = "VCO induction", sw = "Mafunzo ya awali ya VCO" },
  outcomes = { "Children Act 2022 basics", "Identify and refer children in need of care and protection" } }
kazi.course { id = "cp-certificate", version = "2022", hours = 480, method = "blended, with field placement",
  name = { en = "Certificate in child protection", sw = "Cheti cha ulinzi wa watoto" },
  outcomes = { "Case management", "Court procedures for children", "Alternative family care" } }
kazi.course { id = "sd-bridging", version = "2024", hours = 60, bridging = true, method = "participatory",
  name = { en = "Bridging: child protection ↔ social development" },
  outcomes = { "Social protection programmes", "Community group facilitation" } }
