-- Input: staged_directive_relation_mentions(article_id, from_mention_id, relation, to_mention_id)
-- A relation already stored is left as it is (as ON CONFLICT DO NOTHING did): the stored rows of
-- the staged citations are read by from_mention_id (index, migration 0019); an upsert on the
-- three-column key would join the whole table.
CREATE OR REPLACE TEMP TABLE stored_relations AS
SELECT from_mention_id, relation, to_mention_id FROM directive_relation_mentions
WHERE from_mention_id IN (SELECT from_mention_id FROM staged_directive_relation_mentions);
INSERT INTO directive_relation_mentions BY NAME
SELECT DISTINCT s.* FROM staged_directive_relation_mentions s
ANTI JOIN stored_relations t
    ON t.from_mention_id = s.from_mention_id AND t.relation = s.relation
   AND t.to_mention_id = s.to_mention_id;
DROP TABLE stored_relations;
