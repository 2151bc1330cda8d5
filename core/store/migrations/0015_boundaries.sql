-- Org-unit boundaries for the coverage map (issue 16 point 5): one GeoJSON geometry
-- (Polygon or MultiPolygon, coordinates already checked and simplified by
-- domain/boundaries.c) per org unit, imported keyed by the unit's code.
CREATE TABLE org_unit_boundary (
    org_unit_id INTEGER PRIMARY KEY REFERENCES org_unit(id),
    geometry    TEXT NOT NULL,
    points      INTEGER NOT NULL CHECK (points >= 0),
    updated_at  INTEGER NOT NULL
);
