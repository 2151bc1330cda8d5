kazi.field { id = "langue", applies_to = "person", type = "choice",
  label = { fr = "Langue parlée à la maison", en = "Home language" },
  options = { { id = "ha", label = { fr = "Haoussa", en = "Hausa" } }, { id = "dje", label = { fr = "Zarma", en = "Zarma" } },
              { id = "fr", label = { fr = "Français", en = "French" } } } }
