-- Input: staged_directive_mentions with the columns of directive_mentions (links NULL): one row
-- per citation.
-- A stored row of the same mention id is deleted first (its link goes to the orphan sweep)
-- rather than replaced: INSERT OR REPLACE keeps the stored value of an indexed column (DuckDB
-- 1.4), and `unresolved` (migration 0019) must follow link_method.
INSERT INTO orphan_candidates
SELECT 'directive', directive_id FROM directive_mentions
WHERE mention_id IN (SELECT mention_id FROM staged_directive_mentions);
DELETE FROM directive_mentions WHERE mention_id IN (SELECT mention_id FROM staged_directive_mentions);
INSERT INTO directive_mentions BY NAME
SELECT * REPLACE (CASE WHEN link_method IS NULL THEN true END AS unresolved)
FROM staged_directive_mentions
QUALIFY row_number() OVER (PARTITION BY mention_id) = 1;
