-- Validation before writes: a hook returns true, or false, field, message; the
-- API answers 422 naming the field and nothing is written.
kazi.hook("person.validate", function(r)
  local p = r.person or {}
  if p.birth_date and p.birth_date > kazi.today() then
    return false, "birth_date", "the date of birth is in the future"
  end
  if p.cadre and (p.cadre == "psw" or p.cadre == "pcdw" or p.cadre == "acyc") and not (r.residence and r.residence.village) then
    return false, "residence.village",
      "para professionals serve the village where they live (principle 12): give the village of residence"
  end
  return true
end)

kazi.hook("position.validate", function(r)
  if r.cadre == "swa" and r.level and r.level ~= "ward" then
    return false, "level", "social welfare assistant posts are at ward level"
  end
  return true
end)
