-- The names `kazi demo-data` gives the people, organisations and places of a synthetic
-- Tanzania (docs/plugins.md, "Demo names"): Swahili and Christian given names, family
-- names from across the country, place names composed of Swahili syllables
-- (Ki-bo-ndo, Mwa-ka-le-li). Demo data only: nothing here is read by the register.
kazi.demo {
  given_names = {
    female = {
      "Amina", "Asha", "Aisha", "Rehema", "Neema", "Zawadi", "Halima", "Mwanaisha",
      "Upendo", "Furaha", "Tumaini", "Imani", "Rose", "Grace", "Esther", "Mary",
      "Agnes", "Joyce", "Happiness", "Elizabeth", "Salma", "Zuhura", "Mwajuma", "Saida",
      "Mariam", "Pendo", "Witness", "Veronica", "Anna", "Catherine", "Sophia", "Subira",
      "Tatu", "Mwanahawa", "Zainabu", "Faraja", "Baraka", "Msafiri", "Hadija", "Rukia",
    },
    male = {
      "Juma", "Hamisi", "Baraka", "Emmanuel", "John", "Joseph", "Daudi", "Musa",
      "Ibrahimu", "Hassani", "Salum", "Rashidi", "Athumani", "Omari", "Said", "Ally",
      "Mohamedi", "Peter", "Paulo", "Yohana", "Elia", "Godfrey", "Frank", "Godlisten",
      "Erasto", "Shabani", "Mussa", "Abdallah", "Bakari", "Hemedi", "Kassimu", "Selemani",
      "Amosi", "Daniel", "Samweli", "Jumanne", "Mashaka", "Faustine", "Nassoro", "Zuberi",
    },
  },
  family_names = {
    "Mushi", "Kimaro", "Mollel", "Lyimo", "Swai", "Massawe", "Mrema",
    "Temba", "Shirima", "Nyerere", "Mwakyusa", "Mwakalinga", "Mwasumbi", "Kweka",
    "Urassa", "Minja", "Lema", "Mbwambo", "Kisanga", "Mfinanga", "Mwita",
    "Chacha", "Marwa", "Magesa", "Masanja", "Shija", "Mabula", "Kulwa",
    "Dotto", "Nkya", "Mnyampala", "Mhina", "Kombo", "Hamadi", "Juma",
    "Ali", "Mohamed", "Makame", "Haji", "Khamis", "Ngowi", "Sanga",
    "Mligo", "Kihwele", "Mbilinyi", "Haule", "Komba", "Ndunguru", "Kapinga",
    "Mapunda", "Nchimbi", "Mwamba", "Sichone", "Mwansasu", "Kalinga", "Mgaya",
    "Luoga", "Kaduma", "Msigwa", "Njau", "Laizer", "Sumari", "Kivuyo",
    "Mwampashi", "Kilawe", "Chande", "Mkude",
  },
  organisations = {
    national = "Department of Social Welfare",
    ngo = {
      "Kiota Children's Trust", "Tumaini Community Care", "Huruma Family Support",
      "Mtoto Kwanza Initiative", "Jali Watoto Network", "Upendo Home-Based Care",
      "Faraja Orphans Programme", "Sauti ya Jamii",
    },
    faith_based = { "Caritas", "Lutheran Diakonia", "Anglican Mothers' Union", "Islamic Relief Committee" },
    private = { "Afya Bora Ltd", "Jamii Health Partners Ltd", "Msaada Services Ltd" },
  },
  places = {
    first = { "Ki", "Ma", "Mwa", "Nya", "Ka", "Mbe", "Ngu", "Lu", "Mku", "Chi", "Bu", "Ilo", "Ru", "Sha", "Msa" },
    middle = { "ba", "ko", "nga", "la", "se", "mbo", "ti", "nyi", "ru", "ha", "ngo", "ku", "ma", "we", "zi" },
    last = { "ni", "ndo", "le", "ri", "mba", "ge", "wa", "ra", "ke", "nza", "sa", "ta", "lo", "ngwe", "mu" },
  },
  -- What volunteers are reimbursed for (a payment of kind "reimbursement" needs a purpose).
  reimbursement_purposes = {
    "Transport to the ward meeting", "Nauli na chakula: mafunzo ya siku moja",
    "Transport for home visits", "Lunch allowance, case conference",
  },
  -- What supervision sessions cover (written in Kiswahili, as a district keeps them).
  supervision_topics = {
    "Mapitio ya mashauri", "Kuambatana katika ziara za nyumbani", "Utunzaji wa kumbukumbu",
    "Ufuatiliaji wa rufaa", "Msongo wa mawazo na kujitunza",
  },
  -- Who funds a post: a government employer's (the department, the councils), the
  -- government; the others', development partners or their own funds.
  funders = {
    government = "Serikali",
    others = { "Wadau wa maendeleo", "Fedha za shirika" },
  },
  -- Credit for prior learning: what was recognised, the evidence, who approved it.
  prior_learning = {
    what = {
      "Uzoefu wa kazi za ustawi wa jamii kijijini kabla ya programu",
      "Mjumbe wa Kamati ya Ulinzi wa Wanawake na Watoto ya kijiji",
    },
    evidence = { "Barua za viongozi wa kijiji", "Barua ya Mtendaji wa Kata" },
    approved_by = { "Afisa Ustawi wa Jamii wa Wilaya" },
  },
  revocation_reasons = {
    "Utovu wa nidhamu: matumizi mabaya ya fedha za programu", "Utoro kazini",
  },
  support_note = "Kumbukumbu ya mfano (data ya majaribio)",
}
