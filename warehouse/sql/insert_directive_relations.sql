-- Input: staged_directive_relations(from_directive_id, relation, to_directive_id, article_id)
INSERT INTO directive_relations BY NAME
SELECT DISTINCT * FROM staged_directive_relations
ON CONFLICT DO NOTHING;
