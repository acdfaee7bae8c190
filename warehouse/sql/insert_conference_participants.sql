-- Input: staged_conference_participants(conference_id, person_id, role, position_id, position)
INSERT INTO conference_participants BY NAME
SELECT * FROM staged_conference_participants
QUALIFY row_number() OVER (PARTITION BY conference_id, person_id, role ORDER BY position NULLS LAST) = 1
ON CONFLICT DO NOTHING;
