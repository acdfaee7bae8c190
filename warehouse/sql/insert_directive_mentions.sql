-- Input: staged_directive_mentions with the columns of directive_mentions (links NULL): one row
-- per citation.
INSERT OR REPLACE INTO directive_mentions BY NAME
SELECT * FROM staged_directive_mentions
QUALIFY row_number() OVER (PARTITION BY mention_id) = 1;
