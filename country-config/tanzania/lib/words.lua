-- What a worker still needs, in English and Swahili, for district officers.
local W = {}
function W.course(id, en, sw)
  return { en = "complete the course: " .. en, sw = "kumaliza mafunzo: " .. sw, course = id }
end
function W.say(en, sw) return { en = en, sw = sw } end
return W
