-- Input: staged_positions(position_id, person_id, title, organization_id)
INSERT INTO positions BY NAME
SELECT * FROM staged_positions
QUALIFY row_number() OVER (PARTITION BY position_id) = 1
ON CONFLICT DO NOTHING;
