-- Input: staged_captures with the columns of captures. Captures are facts: never updated.
INSERT INTO captures BY NAME
SELECT *
FROM staged_captures
QUALIFY row_number() OVER (PARTITION BY capture_id) = 1
ON CONFLICT (capture_id) DO NOTHING;
