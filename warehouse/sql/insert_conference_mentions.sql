-- Input: staged_conference_mentions with the columns of conference_mentions (links NULL).
-- A story's mentions were deleted first (replace_article_entities.sql); a reload of the same
-- batch rewrites the same rows and leaves them unresolved for the next resolve.
-- A stored row of the same mention id is deleted first (its link goes to the orphan sweep)
-- rather than replaced: INSERT OR REPLACE keeps the stored value of an indexed column (DuckDB
-- 1.4), and `unresolved` (migration 0019) must follow link_method.
INSERT INTO orphan_candidates
SELECT 'conference', conference_id FROM conference_mentions
WHERE mention_id IN (SELECT mention_id FROM staged_conference_mentions);
DELETE FROM conference_mentions WHERE mention_id IN (SELECT mention_id FROM staged_conference_mentions);
INSERT INTO conference_mentions BY NAME
SELECT * REPLACE (CASE WHEN link_method IS NULL THEN true END AS unresolved)
FROM staged_conference_mentions
QUALIFY row_number() OVER (PARTITION BY mention_id) = 1;
