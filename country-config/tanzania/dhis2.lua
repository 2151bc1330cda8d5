-- What Kazi sends to the national DHIS2 (docs/interoperability.md, "DHIS2"): the
-- workforce figures of each district council for a month, as the data set
-- "Social welfare workforce (monthly)". Data elements and category option combos are
-- named by their DHIS2 codes (id_scheme = "code"); district councils by their Kazi
-- org-unit codes, which the ministry's DHIS2 also carries as codes, except where `map`
-- names another. `kazi export dhis2 --period 202611` shows the document.
kazi.dhis2 {
  data_set = "SW_WORKFORCE_MONTHLY",
  id_scheme = "code",
  org_units = {
    levels = { "district" },
    id_scheme = "code",
    -- Kazi code → DHIS2 code, where they differ.
    map = { ["TZ-01-01"] = "TZ_DSM_ILALA_MC" },
  },
  values = {
    -- Social welfare workers in post, by cadre and sex (category combo "Sex").
    { figure = "headcount", cadre = "psw", sex = "female", data_element = "SW_HC_PSW", category_option_combo = "FEMALE" },
    { figure = "headcount", cadre = "psw", sex = "male", data_element = "SW_HC_PSW", category_option_combo = "MALE" },
    { figure = "headcount", cadre = "swa", sex = "female", data_element = "SW_HC_SWA", category_option_combo = "FEMALE" },
    { figure = "headcount", cadre = "swa", sex = "male", data_element = "SW_HC_SWA", category_option_combo = "MALE" },
    { figure = "headcount", cadre = "swo", sex = "female", data_element = "SW_HC_SWO", category_option_combo = "FEMALE" },
    { figure = "headcount", cadre = "swo", sex = "male", data_element = "SW_HC_SWO", category_option_combo = "MALE" },
    -- Approved and vacant posts of social welfare officers (no disaggregation).
    { figure = "positions_approved", cadre = "swo", data_element = "SW_POSTS_SWO_APPROVED" },
    { figure = "positions_vacant", cadre = "swo", data_element = "SW_POSTS_SWO_VACANT" },
    -- Certified para social workers, and those with a current supervisor.
    { figure = "certified", cadre = "psw", data_element = "SW_PSW_CERTIFIED" },
    { figure = "supervised", cadre = "psw", data_element = "SW_PSW_SUPERVISED" },
    { figure = "supervision_sessions", data_element = "SW_SUPERVISION_SESSIONS" },
    -- The month's activity returns.
    { figure = "activity", activity = "children-identified", data_element = "SW_MVC_IDENTIFIED" },
    { figure = "activity", activity = "home-visits", data_element = "SW_HOME_VISITS" },
    { figure = "activity", activity = "referrals-made", data_element = "SW_REFERRALS_MADE" },
    { figure = "activity", activity = "referrals-completed", data_element = "SW_REFERRALS_COMPLETED" },
    -- Indicators of the indicator pack (docs/plugins.md, "Indicators"): the report run for
    -- the month at the district level; `value` is its numerator, value or denominator.
    -- Posts left in the month (ind-exits, a count), and by sex (category combo "Sex").
    { indicator = "ind-exits", value = "numerator", data_element = "SW_POSTS_LEFT" },
    { indicator = "ind-exits", breakdown = "sex", group = "female", data_element = "SW_POSTS_LEFT_SEX", category_option_combo = "FEMALE" },
    { indicator = "ind-exits", breakdown = "sex", group = "male", data_element = "SW_POSTS_LEFT_SEX", category_option_combo = "MALE" },
  },
}
