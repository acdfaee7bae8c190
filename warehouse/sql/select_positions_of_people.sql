-- Input: staged_people(person_id). The dated positions of those people (positions.person_id is
-- indexed, migration 0012).
SELECT position_id, person_id, title, organization_id, first_seen, last_seen
FROM positions
WHERE person_id IN (SELECT person_id FROM staged_people);
