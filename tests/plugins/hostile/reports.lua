-- Hostile reports (tests/api/plugins_guard.test.mjs, tests/drills/hostile_plugins_guard):
-- each must fail only its own call with a clean error, within the time limit, while
-- the server goes on serving everyone else.

-- Error values whose metamethods loop or fail: formatting them must run no plugin code.
local function throw(mt) error(setmetatable({}, mt)) end
kazi.report { id = "err_index", title = "x", run = function()
  throw { __index = function() while true do end end } end }
kazi.report { id = "err_index_fails", title = "x", run = function()
  throw { __index = function() error("index fails") end } end }
kazi.report { id = "err_tostring", title = "x", run = function()
  throw { __tostring = function() error("tostring fails") end, __name = "evil" } end }
kazi.report { id = "err_eq_len", title = "x", run = function()
  throw { __eq = function() while true do end end, __len = function() while true do end end,
          __concat = function() while true do end end } end }
kazi.report { id = "err_close", title = "x", run = function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  error("boom") end }

-- Results that loop or explode when converted to JSON.
kazi.report { id = "cycle", title = "x", run = function()
  local row = {} row.self = row return { row } end }
kazi.report { id = "dag", title = "x", run = function()
  local t = {} for i = 1, 40 do t = { t, t } end return { { t = t } } end }

-- Work inside C functions, where the instruction count hook never runs.
kazi.report { id = "pattern", title = "x", run = function()
  return { { found = string.find(("a"):rep(40), ("a*"):rep(20) .. "b") } } end }
kazi.report { id = "gsub", title = "x", run = function()
  local s = ("ab"):rep(500000) while true do s:gsub("a", "c") end end }
kazi.report { id = "rep", title = "x", run = function()
  local e = ("").rep("", 1 << 62) while true do local s = ("x"):rep(4000000) end end }
-- Refused by the allocator at once, before the count hook ever runs: still names the file.
kazi.report { id = "huge", title = "x", run = function()
  local s = ("x"):rep(1 << 40) end }
kazi.report { id = "concat", title = "x", run = function()
  local t = {} for i = 1, 1000000 do t[i] = "" end while true do table.concat(t) end end }
kazi.report { id = "sort", title = "x", run = function()
  local t = {} for i = 1, 200000 do t[i] = i end
  table.sort(t, function(a, b) for k = 1, 100 do end return a > b end) end }
kazi.report { id = "move", title = "x", run = function()
  table.move({}, 1, 1 << 50, 1, {}) end }

kazi.report { id = "fine", title = "Fine", columns = { "country" },
  run = function(p, q) return q("SELECT country FROM report_installation") end }
