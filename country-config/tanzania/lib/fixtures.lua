-- Fixture dossiers for the configuration's tests: typical workers of the
-- Tanzanian programme, as the registry will hand them to rules.
local F = {}

F.new_psw = {
  as_of = "2026-01-15",
  person = { given_name = "Neema", family_name = "Mushi", sex = "F", birth_date = "1996-04-02", education = "primary" },
  fields = { nida = "19960402-12345-00001-22", languages = { "sw" } },
  assignments = { { cadre = "psw", org_unit = "/1/4/27/310/", from = "2025-06-01", engagement = "volunteer" } },
  courses = { { id = "psw-level-1", version = "2012", completed = "2025-05-20", hours = 120 } },
  credentials = {},
  supervised_hours = 12,
  residence = { village = "Kijiji cha Mwembeni", org_unit = "/1/4/27/310/" },
}

F.experienced_psw = {
  as_of = "2026-01-15",
  person = { given_name = "Juma", family_name = "Hassan", sex = "M", birth_date = "1988-11-30", education = "secondary" },
  fields = { languages = { "sw", "en" } },
  assignments = { { cadre = "psw", org_unit = "/1/4/27/311/", from = "2019-02-01", engagement = "volunteer" } },
  courses = {
    { id = "psw-level-1", version = "2012", completed = "2019-01-20" },
    { id = "psw-level-2", version = "2013", completed = "2019-08-10" },
    { id = "psw-supervisor-course", version = "2013", completed = "2024-09-01" },
  },
  credentials = { { id = "psw-certificate", kind = "certificate", issued = "2024-10-01", expires = "2027-10-01" } },
  supervised_hours = 160,
  residence = { village = "Kijiji cha Majengo", org_unit = "/1/4/27/311/" },
}

F.supervisor_at_swa_school = {
  as_of = "2026-01-15",
  person = { given_name = "Rehema", family_name = "Kweka", sex = "F", birth_date = "1985-01-09", education = "secondary" },
  fields = { languages = { "sw", "en", "chagga" } },
  assignments = {
    { cadre = "psw", from = "2012-03-01", to = "2016-06-30" },
    { cadre = "psw-supervisor", from = "2016-07-01" },
  },
  courses = { { id = "psw-level-1", completed = "2012-02-01" }, { id = "swa-certificate", version = "2012", completed = "2025-11-30" } },
  credentials = {},
  supervised_hours = 300,
}

F.pcdw_one_year = {
  as_of = "2026-01-15",
  person = { given_name = "Baraka", family_name = "Mollel", sex = "M", birth_date = "1999-07-21", education = "primary" },
  assignments = { { cadre = "pcdw", from = "2024-01-01" } },
  courses = { { id = "pcdw-basic", completed = "2023-12-01" } },
  credentials = {},
  supervised_hours = 50,
}

return F
