-- Input: staged_directive_relation_mentions(article_id, from_mention_id, relation, to_mention_id)
INSERT INTO directive_relation_mentions BY NAME
SELECT DISTINCT * FROM staged_directive_relation_mentions
ON CONFLICT DO NOTHING;
