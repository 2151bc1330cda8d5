-- How complete each declared language of a validated version is (domain/i18n's
-- completeness: {language, name, ui {have, of}, messages {have, of}, fallback}), kept
-- with the validation record as a JSON array; NULL for records made before, read as [].
ALTER TABLE config_validations ADD COLUMN languages TEXT;
