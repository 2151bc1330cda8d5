-- The FHIR registry API (issue 17): searches by last change and `_history` feeds read
-- the register newest change first, one index range per resource type.
CREATE INDEX person_updated ON person(updated_at, id);
CREATE INDEX assignment_updated ON assignment(updated_at, id);
CREATE INDEX org_unit_updated ON org_unit(updated_at, id);
CREATE INDEX organisation_updated ON organisation(updated_at, id);

-- A Practitioner carries its qualifications (certificates): issuing or revoking one is
-- a new version of the person, so a mirror reading `_history?_since=` sees it.
CREATE TRIGGER certificate_touches_person AFTER INSERT ON certificate BEGIN
    UPDATE person SET updated_at = max(updated_at, NEW.updated_at) WHERE id = NEW.person_id;
END;
CREATE TRIGGER certificate_change_touches_person AFTER UPDATE ON certificate BEGIN
    UPDATE person SET updated_at = max(updated_at, NEW.updated_at) WHERE id = NEW.person_id;
END;

-- A PractitionerRole carries its post's place, employer and cadre: moving a post is a
-- new version of every assignment to it.
CREATE TRIGGER position_change_touches_roles
AFTER UPDATE OF org_unit_id, organisation_id, cadre ON position BEGIN
    UPDATE assignment SET updated_at = max(updated_at, NEW.updated_at)
    WHERE position_id = NEW.id;
END;
