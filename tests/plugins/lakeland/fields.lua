-- A choice written with labels per language: the value stored is the id.
kazi.field {
  id = "home_language", applies_to = "person", type = "choice",
  label = { en = "Home language", ny = "Chilankhulo cha kunyumba" },
  options = {
    { id = "ny",  label = { en = "Chichewa",  ny = "Chichewa" } },
    { id = "tum", label = { en = "Tumbuka",   ny = "Chitumbuka" } },
    { id = "yao", label = { en = "Yao",       ny = "Chiyao" } },
    { id = "en",  label = { en = "English",   ny = "Chingerezi" } },
  },
}

kazi.hook("person.validate", function(r)
  local p = r.person or {}
  if p.birth_date and p.birth_date > kazi.today() then
    return false, "birth_date", "the date of birth is in the future"
  end
  return true
end)

kazi.hook("position.validate", function(r)
  if r.cadre == "cpw" and r.level and r.level ~= "ta" then
    return false, "level", "child protection worker posts are at traditional authority level"
  end
  return true
end)
