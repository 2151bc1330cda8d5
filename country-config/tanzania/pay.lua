-- Minimum remuneration per cadre and engagement (principle 16), in Tanzanian
-- shillings. Illustrative figures for the demonstration, not official rates:
-- a ministry replaces them with its scheme of service. A minimum names the
-- engagements it holds for (one, or a list); one without an engagement holds for
-- every engagement the cadre has no other minimum for.
kazi.pay { cadre = "psw", level = 1, engagement = { "volunteer", "stipend" }, amount = 30000, currency = "TZS", period = "month",
           note = { en = "Monthly stipend for transport and materials", sw = "Posho ya kila mwezi kwa usafiri na vifaa" } }
kazi.pay { cadre = "psw-supervisor", level = 2, engagement = { "volunteer", "stipend" }, amount = 60000, currency = "TZS", period = "month" }
kazi.pay { cadre = "pcdw", level = 1, engagement = { "volunteer", "stipend" }, amount = 30000, currency = "TZS", period = "month" }
kazi.pay { cadre = "acyc", level = 1, engagement = { "volunteer", "stipend" }, amount = 40000, currency = "TZS", period = "month" }
kazi.pay { cadre = "swa", level = 3, amount = 420000, currency = "TZS", period = "month" }
kazi.pay { cadre = "swo", level = 4, amount = 780000, currency = "TZS", period = "month" }
