-- Les noms que `kazi demo-data` donne aux personnes, organisations et lieux d'une Savane
-- fictive (docs/plugins.md, "Demo names"): prénoms et noms de famille d'Afrique de
-- l'Ouest, organisations nommées en français, lieux composés de syllabes
-- (Ti-la-bé-ri, Do-sso). Données de démonstration seulement.
kazi.demo {
  given_names = {
    female = {
      "Aïssata", "Fatoumata", "Mariama", "Hadiza", "Aminata", "Rakiatou", "Ramatou",
      "Zeinabou", "Balkissa", "Salamatou", "Haoua", "Kadidiatou", "Hawa", "Safiatou",
      "Nafissa", "Awa", "Djénéba", "Oumou", "Binta", "Marie-Claire", "Chantal",
      "Brigitte", "Odile", "Bernadette", "Aïcha", "Fati",
    },
    male = {
      "Moussa", "Issoufou", "Abdoulaye", "Ibrahim", "Amadou", "Oumarou", "Seydou",
      "Boubacar", "Hamidou", "Souleymane", "Mahamadou", "Idrissa", "Issa", "Salifou",
      "Adamou", "Harouna", "Yacouba", "Ousmane", "Djibril", "Mamadou", "Jean-Baptiste",
      "Pierre", "Théodore", "Lassina", "Aboubacar", "Sani",
    },
  },
  family_names = {
    "Maïga", "Traoré", "Diallo", "Coulibaly", "Ouédraogo", "Sawadogo", "Kaboré", "Touré",
    "Cissé", "Keïta", "Sanogo", "Konaté", "Diarra", "Camara", "Sidibé", "Bâ",
    "Sow", "Barry", "Zongo", "Compaoré", "Garba", "Hama", "Souley", "Mahamane",
    "Issaka", "Abdou", "Moumouni", "Boureima", "Dicko", "Tamboura", "Ouattara", "Konaré",
  },
  organisations = {
    national = "Direction de l'Action sociale",
    ngo = {
      "Association Enfance et Avenir", "Réseau Solidarité Familles",
      "Terre des Enfants de Savane", "Association Main dans la Main",
      "Centre d'Écoute et d'Entraide", "Fondation Espoir du Sahel",
      "Collectif Femmes et Familles", "Association Jeunesse et Protection",
    },
    faith_based = { "Caritas Savane", "Diaconie de l'Église évangélique", "Association islamique d'entraide", "Œuvres des Sœurs de la Charité" },
    private = { "Santé Plus SARL", "Cabinet Social Conseil SARL", "Entraide Services SARL" },
  },
  places = {
    first = { "Ti", "Do", "Ga", "Ko", "Ba", "Sa", "Ni", "Ta", "Zi", "Dio", "Ou", "Fa", "Bou", "Té", "Gou" },
    middle = { "la", "ga", "di", "ro", "ko", "ni", "sso", "lé", "na", "ra", "ri", "ma" },
    last = { "ré", "go", "dou", "lé", "bé", "kou", "ga", "do", "né", "si", "mey", "ri", "ra", "sso" },
  },
  reimbursement_purposes = {
    "Transport pour la réunion communale", "Repas et transport, journée de formation",
    "Transport pour les visites à domicile", "Frais de communication pour le suivi des cas",
  },
  -- Ce que les séances de supervision abordent.
  supervision_topics = {
    "Revue des cas", "Accompagnement en visite à domicile", "Tenue des registres",
    "Suivi des orientations", "Gestion du stress et soin de soi",
  },
  -- Qui finance un poste : ceux des employeurs publics, l'État ; les autres, un des suivants.
  funders = {
    government = "État",
    others = { "Partenaire technique et financier", "Fonds propres" },
  },
  -- Les acquis de l'expérience validés : ce qui est reconnu, la preuve, qui l'a validé.
  prior_learning = {
    what = {
      "Années d'animation communautaire avant le programme",
      "Expérience de relais de santé communautaire",
    },
    evidence = { "Attestations des chefs de village", "Lettre du maire de la commune" },
    approved_by = { "Chef du service départemental de l'action sociale" },
  },
  revocation_reasons = {
    "Faute grave : détournement des fonds du programme", "Abandon de poste",
  },
  support_note = "Historique de démonstration",
}
