-- Custom fields for people and positions (validated before every write).
local D = require "dossier"

-- The National Identification Authority number: YYYYMMDD-NNNNN-NNNNN-NN, the
-- first part being the date of birth.
kazi.field {
  id = "nida", applies_to = "person", type = "text",
  label = { en = "NIDA number", sw = "Namba ya NIDA" },
  help = { en = "National ID number, 20 digits: YYYYMMDD-NNNNN-NNNNN-NN" },
  pattern = "^%d%d%d%d%d%d%d%d%-%d%d%d%d%d%-%d%d%d%d%d%-%d%d$",
  validate = function(value, record)
    local y, m, day = value:match("^(%d%d%d%d)(%d%d)(%d%d)")
    if not D.stamp(y .. "-" .. m .. "-" .. day) or tonumber(m) > 12 or tonumber(day) > 31 then
      return false, "must begin with a date of birth (YYYYMMDD)"
    end
    local birth = record.person and record.person.birth_date
    if birth and birth:gsub("-", "") ~= value:sub(1, 8) then
      return false, "does not match the date of birth"
    end
    return true
  end,
}

kazi.field {
  id = "languages", applies_to = "person", type = "multichoice",
  label = { en = "Languages spoken", sw = "Lugha anazozungumza" },
  options = { "sw", "en", "suk", "hay", "nyamwezi", "chagga", "makonde", "maasai", "other" },
}

kazi.field {
  id = "village_council_letter", applies_to = "person", type = "boolean",
  label = { en = "Recommended by the village council", sw = "Amependekezwa na halmashauri ya kijiji" },
}

kazi.field {
  id = "phone", applies_to = "person", type = "text",
  label = { en = "Mobile phone", sw = "Simu ya mkononi" },
  pattern = "^%+255%d%d%d%d%d%d%d%d%d$",
  help = { en = "+255 followed by 9 digits" },
}

kazi.field {
  id = "funder_type", applies_to = "position", type = "choice",
  label = { en = "Kind of funder", sw = "Aina ya mfadhili" },
  options = { "government", "council", "ngo", "faith-based", "private", "donor" },
}
