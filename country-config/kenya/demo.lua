-- The names `kazi demo-data` gives the people, organisations and places of a synthetic
-- Kenya (docs/plugins.md, "Demo names"): Christian and Kenyan given names, family names
-- of Kikuyu, Luo, Luhya, Kalenjin, Kamba, Kisii and coastal families, place names
-- composed of syllables such as Ki-ri-nya-ga or Nya-ma-ri-ni. Illustrative, not
-- official; demo data only: nothing here is read by the register.
kazi.demo {
  given_names = {
    female = {
      "Wanjiru", "Akinyi", "Njeri", "Atieno", "Wambui", "Chebet", "Nyambura", "Auma",
      "Mumbua", "Kerubo", "Nafula", "Jepkemoi", "Wairimu", "Achieng", "Mwende", "Moraa",
      "Faith", "Mercy", "Purity", "Caroline", "Beatrice", "Lucy", "Ruth", "Eunice",
      "Margaret", "Nancy", "Winnie", "Esther", "Fatuma", "Mwanajuma",
    },
    male = {
      "Kamau", "Otieno", "Kipchoge", "Mwangi", "Ochieng", "Kiprono", "Mutua", "Wafula",
      "Omondi", "Njoroge", "Kibet", "Musyoka", "Nyaga", "Onyango", "Barasa", "Kiptoo",
      "Dennis", "Brian", "Kevin", "Collins", "Samuel", "Geoffrey", "Stephen", "Wycliffe",
      "Vincent", "Moses", "Evans", "Hillary", "Abdi", "Swaleh",
    },
  },
  family_names = {
    "Kamau", "Mwangi", "Njoroge", "Kariuki", "Wanjiku", "Gitau", "Muriuki", "Ndungu",
    "Otieno", "Odhiambo", "Ochieng", "Onyango", "Owino", "Okoth", "Awuor", "Adhiambo",
    "Wekesa", "Wafula", "Barasa", "Simiyu", "Wanyama", "Makokha", "Shikuku", "Juma",
    "Kiprotich", "Cheruiyot", "Kipkemboi", "Rotich", "Langat", "Koech", "Kirui", "Chepkoech",
    "Mutua", "Musyoka", "Mutuku", "Kilonzo", "Nzioka", "Mwikali", "Ndunda", "Muthoka",
    "Nyamweya", "Mogaka", "Onsongo", "Ombati", "Nyakundi", "Kombo", "Mwinyi", "Bakari",
  },
  organisations = {
    national = "Department of Children's Services",
    ngo = {
      "Tunza Watoto Trust", "Imarisha Family Support", "Pamoja Community Care",
      "Mwangaza Children's Network", "Uzima Home-Based Care", "Tumaini Youth Initiative",
      "Sauti ya Watoto", "Jitegemee Orphans Programme",
    },
    faith_based = { "Caritas", "Anglican Development Services", "Presbyterian Woman's Guild", "Muslim Relief Committee" },
    private = { "Afya Njema Ltd", "Jamii Care Partners Ltd", "Huduma Bora Services Ltd" },
  },
  places = {
    first = { "Ki", "Nya", "Ma", "Ka", "Mu", "Ol", "Ke", "Lo", "Na", "Ru", "Ga", "Ti", "Bu", "Chu" },
    middle = { "ri", "ka", "ngo", "la", "si", "tu", "ru", "bi", "me", "ku", "sa", "nya" },
    last = { "ni", "ru", "ga", "ri", "to", "wa", "mu", "ya", "ndo", "ti", "ka", "e", "le", "ngo", "bu" },
  },
  reimbursement_purposes = {
    "Transport to the sub-county meeting", "Lunch and transport, training day",
    "Transport for home visits", "Airtime for case follow-up",
  },
  -- What supervision sessions cover.
  supervision_topics = {
    "Case conferencing", "Joint home visit", "Case records and registers",
    "Referral follow-up", "Psychosocial support and self-care",
  },
  -- Who funds a post: a government employer's, the National Government; the others', one of these.
  funders = {
    government = "National Government",
    others = { "Development partner", "Own resources" },
  },
  -- Recognition of prior learning: what was recognised, the evidence, who approved it.
  prior_learning = {
    what = {
      "Years as a Volunteer Children's Officer before the programme",
      "Service as a community health volunteer",
    },
    evidence = { "Letters from the chief and assistant chief", "Letter from the Area Advisory Council" },
    approved_by = { "Sub-County Children's Officer" },
  },
  revocation_reasons = {
    "Gross misconduct: misuse of programme funds", "Desertion of duty",
  },
  support_note = "Synthetic demo record",
}
