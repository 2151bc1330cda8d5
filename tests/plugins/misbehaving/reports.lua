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
-- Recursion through C functions (pcall, a gsub callback, an __index function): Lua stops
-- each at its limit of nested C calls (about 200), and a server thread's stack must hold
-- that many levels: this answers the depth each reached.
kazi.report { id = "cdeep", title = "C deep", columns = { "via", "depth" }, run = function()
  local function p(n) local ok, d = pcall(p, n + 1) if ok then return d end return n end
  local function g(n)
    local ok, d = pcall(string.gsub, "a", "a", function() return tostring(g(n + 1)) end)
    if ok then return tonumber(d) end return n
  end
  local t = setmetatable({}, { __index = function(t, k) local ok, d = pcall(function() return t[k + 1] end)
    if ok then return d end return k end })
  return { { via = "pcall", depth = p(0) }, { via = "gsub", depth = g(0) }, { via = "__index", depth = t[0] } }
end }
