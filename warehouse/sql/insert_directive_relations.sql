-- Input: staged_directive_relations(source_id, relation, target_id, article_url)
INSERT INTO directive_relations BY NAME
SELECT DISTINCT * FROM staged_directive_relations
ON CONFLICT DO NOTHING;
