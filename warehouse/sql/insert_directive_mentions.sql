-- Input: staged_directive_mentions(article_id, directive_id, sentence)
INSERT INTO directive_mentions BY NAME
SELECT * FROM staged_directive_mentions
QUALIFY row_number() OVER (PARTITION BY article_id, directive_id) = 1
ON CONFLICT DO NOTHING;
