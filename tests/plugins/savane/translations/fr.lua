-- A start of French: what is missing falls back to English.
kazi.translation {
  language = "fr",
  name = "Français",
  ui = {
    ["nav.dashboard"] = "Tableau de bord",
    ["nav.people"] = "Personnes",
    ["nav.reports"] = "Rapports",
    ["nav.indicators"] = "Indicateurs",
    ["signin.title"] = "Se connecter à Kazi",
    ["signin.username"] = "Nom d'utilisateur",
    ["signin.password"] = "Mot de passe",
    ["signin.submit"] = "Se connecter",
  },
  messages = {
    ["%s is required"] = "{1} est obligatoire",
  },
}
