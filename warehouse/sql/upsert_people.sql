-- Input: staged_people(person_id, name, name_key)
INSERT INTO people BY NAME
SELECT * FROM staged_people
QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY name) = 1
ON CONFLICT DO NOTHING;
