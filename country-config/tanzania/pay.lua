-- Minimum remuneration per cadre and level (principle 16), in Tanzanian
-- shillings. Illustrative figures for the demonstration, not official rates:
-- a ministry replaces them with its scheme of service.
kazi.pay { cadre = "psw", level = 1, engagement = "volunteer", amount = 30000, currency = "TZS", period = "month",
           note = { en = "Monthly stipend for transport and materials", sw = "Posho ya kila mwezi kwa usafiri na vifaa" } }
kazi.pay { cadre = "psw-supervisor", level = 2, engagement = "stipend", amount = 60000, currency = "TZS", period = "month" }
kazi.pay { cadre = "pcdw", level = 1, engagement = "volunteer", amount = 30000, currency = "TZS", period = "month" }
kazi.pay { cadre = "acyc", level = 1, engagement = "stipend", amount = 40000, currency = "TZS", period = "month" }
kazi.pay { cadre = "swa", level = 3, engagement = "salaried", amount = 420000, currency = "TZS", period = "month" }
kazi.pay { cadre = "swo", level = 4, engagement = "salaried", amount = 780000, currency = "TZS", period = "month" }
