kazi.course {
  id = "ccv-induction", version = "2024.1", hours = 60, group = "community-care",
  method = "adult, participatory",
  name = { en = "Community care induction", ny = "Maphunziro oyamba a chisamaliro" },
  outcomes = { "Identify a vulnerable household", "Write a care plan with a family" },
}
kazi.course {
  id = "ccv-refresher", version = "2024.1", hours = 16, group = "community-care",
  name = { en = "Community care refresher", ny = "Maphunziro obwereza" },
  outcomes = { "Update case management practice" },
}
kazi.course {
  id = "cpw-course", version = "2023.2", hours = 240, group = "social-welfare", bridging = true,
  prerequisites = { "ccv-induction" },
  name = { en = "Child protection course", ny = "Maphunziro oteteza ana" },
  outcomes = { "Manage a child protection case", "Supervise community care volunteers" },
}
