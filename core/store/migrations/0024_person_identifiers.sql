-- A person's identifiers kept on the person row (issue 19): `identifiers` is the JSON
-- array person by id and a search page answer — [{"type":..,"value":..}, ...] ordered
-- by type, then value, `[]` without any — so reading a person is one row read, not the
-- row and a second look-up of person_identifier_person. Reserved number 0027 (the lead
-- renumbers at merge).
--
-- The triggers edit the stored array itself (json_each over the person's own column),
-- never person_identifier, so they stay exact and cheap while a bulk load has dropped
-- person_identifier's non-unique indexes (kazi_store_person_indexes_drop).
-- tests/unit/store/test_person_identifiers.c recounts the column from scratch after
-- every kind of write.
-- Declared without a type (no affinity: the JSON text is stored as written): declared
-- TEXT, the column changed SQLite's choice of index for a name prefix in the search
-- (person_dup_birth instead of person_name; tests/unit/domain/test_registry.c asserts
-- the plans).
ALTER TABLE person ADD COLUMN identifiers NOT NULL DEFAULT '[]';

UPDATE person SET identifiers = (
    SELECT json_group_array(json_object('type', type, 'value', value))
    FROM (SELECT type, value FROM person_identifier WHERE person_id = person.id
          ORDER BY type, value))
WHERE id IN (SELECT person_id FROM person_identifier);

CREATE TRIGGER person_identifiers_insert AFTER INSERT ON person_identifier BEGIN
    UPDATE person SET identifiers = (
        SELECT json_group_array(json(x)) FROM (
            SELECT x FROM (SELECT value AS x FROM json_each(person.identifiers)
                           UNION ALL
                           SELECT json_object('type', NEW.type, 'value', NEW.value))
            ORDER BY json_extract(x, '$.type'), json_extract(x, '$.value')))
    WHERE id = NEW.person_id;
END;

CREATE TRIGGER person_identifiers_delete AFTER DELETE ON person_identifier BEGIN
    UPDATE person SET identifiers = (
        SELECT json_group_array(json(value)) FROM json_each(person.identifiers)
        WHERE NOT (json_extract(value, '$.type') = OLD.type
                   AND json_extract(value, '$.value') = OLD.value))
    WHERE id = OLD.person_id;
END;

-- A move to another person (a merge), or a changed type or value: out of the old
-- holder's array, into the new holder's, in order.
CREATE TRIGGER person_identifiers_update AFTER UPDATE OF type, value, person_id
ON person_identifier BEGIN
    UPDATE person SET identifiers = (
        SELECT json_group_array(json(value)) FROM json_each(person.identifiers)
        WHERE NOT (json_extract(value, '$.type') = OLD.type
                   AND json_extract(value, '$.value') = OLD.value))
    WHERE id = OLD.person_id;
    UPDATE person SET identifiers = (
        SELECT json_group_array(json(x)) FROM (
            SELECT x FROM (SELECT value AS x FROM json_each(person.identifiers)
                           UNION ALL
                           SELECT json_object('type', NEW.type, 'value', NEW.value))
            ORDER BY json_extract(x, '$.type'), json_extract(x, '$.value')))
    WHERE id = NEW.person_id;
END;
