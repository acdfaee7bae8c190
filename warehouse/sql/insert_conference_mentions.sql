-- Input: staged_conference_mentions with the columns of conference_mentions (links NULL).
-- A story's mentions were deleted first (replace_article_entities.sql); a reload of the same
-- batch rewrites the same rows and leaves them unresolved for the next resolve.
INSERT OR REPLACE INTO conference_mentions BY NAME
SELECT * FROM staged_conference_mentions
QUALIFY row_number() OVER (PARTITION BY mention_id) = 1;
