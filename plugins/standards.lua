-- Minimum functional standards shared by every country (guiding principle 5:
-- "definitions and job descriptions may vary between countries ... all should
-- meet some minimum functional definitions and standards").
--
-- The nine functions come from "What are para professional social service
-- workers?" (Global Social Service Workforce Alliance). Kazi refuses to load a
-- configuration in which the job description of a para professional cadre
-- (kazi.cadre{ para = true }) leaves one of them out: list each function's id
-- in the job's `functions`, e.g. { standard = "assess", text = "..." }.
kazi.standard {
  id = "para-professional-functions",
  name = { en = "Minimum functions of social service para professionals",
           sw = "Kazi za msingi za wahudumu wasaidizi wa huduma za jamii",
           fr = "Fonctions minimales des travailleurs sociaux para-professionnels" },
  applies_to = "para",
  source = "What are Para Professional Social Service Workers? (GSSWA)",
  functions = {
    { id = "identify",  text = "Identify vulnerable people at risk, especially vulnerable children, families and people infected or affected by HIV/AIDS" },
    { id = "relate",    text = "Establish a relationship with those in need of service" },
    { id = "assess",    text = "Assess strengths and needs" },
    { id = "plan",      text = "Develop service plans" },
    { id = "support",   text = "Provide supportive counselling or psychosocial support, especially in times of crisis" },
    { id = "link",      text = "Link clients to services and follow up through case management" },
    { id = "ongoing",   text = "Provide ongoing support and problem solving" },
    { id = "document",  text = "Document service needs and service provision" },
    { id = "refer",     text = "Serve according to their abilities and training, obtaining consultation, assistance or referral as needed" },
  },
}
