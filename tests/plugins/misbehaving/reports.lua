-- Reports that misbehave on purpose (tests/api/plugins.test.mjs): each must fail
-- only its own call, naming this file and the line.
kazi.report { id = "loop", title = "Loop", run = function() while true do end end }
kazi.report { id = "hog", title = "Hog", run = function()
  local t = {} for i = 1, 1e12 do t[i] = ("x"):rep(100) .. i end end }
kazi.report { id = "deep", title = "Deep", run = function()
  local function f() return 1 + f() end return f() end }
kazi.report { id = "boom", title = "Boom", run = function() error("no data for this report") end }
kazi.report { id = "fine", title = "Fine", columns = { "country" },
  run = function(p, q) return q("SELECT country FROM report_installation") end }
