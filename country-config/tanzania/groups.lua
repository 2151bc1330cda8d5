-- The groups of social service workers (seed: "Types of social service para
-- professionals": three para professional groups, names may vary by location),
-- plus the professional social work track they grow into.
kazi.group {
  id = "para-social-work",
  name = { en = "Para social work", sw = "Ustawi wa jamii (wahudumu wasaidizi)" },
  description = { en = "Work at systems level: identify vulnerable children and families, assess needs and strengths, plan services and coordinate them." },
}
kazi.group {
  id = "para-community-development",
  name = { en = "Para community development", sw = "Maendeleo ya jamii (wahudumu wasaidizi)" },
  description = { en = "Work at community level: economic empowerment and engaging community stakeholders on behalf of vulnerable groups." },
}
kazi.group {
  id = "child-youth-care",
  name = { en = "Para / auxiliary child and youth care", sw = "Malezi ya watoto na vijana (wahudumu wasaidizi)" },
  description = { en = "Work in the life space of individual children and families, enriching it and solving problems in their situation." },
}
kazi.group {
  id = "professional-social-work",
  name = { en = "Professional social work", sw = "Ustawi wa jamii (kitaaluma)" },
  description = { en = "Certificate, diploma and degree holders employed by councils; they supervise para professionals." },
}
