-- Input: staged_people(person_id). The dated positions of those people.
SELECT position_id, person_id, title, organization_id
FROM positions
WHERE person_id IN (SELECT person_id FROM staged_people);
