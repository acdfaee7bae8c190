-- Input: staged_scored(mention_id): reports just scored; staged_conference_edges with the
-- columns of conference_edges: their accepted pairs. A scored report's old pairs are replaced.
DELETE FROM conference_edges
WHERE left_mention_id IN (SELECT mention_id FROM staged_scored)
   OR right_mention_id IN (SELECT mention_id FROM staged_scored);
INSERT OR REPLACE INTO conference_edges BY NAME
SELECT * FROM staged_conference_edges;
