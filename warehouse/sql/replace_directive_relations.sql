-- Input: staged_articles(article_id): stories whose citations were re-resolved. Their stated
-- relations are rewritten between the documents the citations now resolve to (an unresolved
-- citation states no relation between documents). The stories' relations and the citations
-- they name are read by index (article_id, then mention_id), each lookup on its own: the
-- conditions apply to the small temp tables.
DELETE FROM directive_relations WHERE article_id IN (SELECT article_id FROM staged_articles);
CREATE OR REPLACE TEMP TABLE stated_relations AS
SELECT article_id, from_mention_id, relation, to_mention_id FROM directive_relation_mentions
WHERE article_id IN (SELECT article_id FROM staged_articles);
CREATE OR REPLACE TEMP TABLE related_citations AS
SELECT mention_id, directive_id FROM directive_mentions
WHERE mention_id IN (
    SELECT from_mention_id FROM stated_relations UNION SELECT to_mention_id FROM stated_relations
);
-- A plain INSERT: the stories' rows were deleted above and the rows are DISTINCT, so none
-- conflicts (INSERT OR REPLACE / ON CONFLICT is a join against the whole of directive_relations).
INSERT INTO directive_relations BY NAME
SELECT DISTINCT f.directive_id AS from_directive_id, r.relation, t.directive_id AS to_directive_id,
       r.article_id
FROM stated_relations r
JOIN related_citations f ON f.mention_id = r.from_mention_id
JOIN related_citations t ON t.mention_id = r.to_mention_id
WHERE f.directive_id IS NOT NULL AND t.directive_id IS NOT NULL;
DROP TABLE stated_relations;
DROP TABLE related_citations;
