-- Input: staged_articles(article_id): stories whose citations were re-resolved. Their stated
-- relations are rewritten between the documents the citations now resolve to (an unresolved
-- citation states no relation between documents).
DELETE FROM directive_relations WHERE article_id IN (SELECT article_id FROM staged_articles);
INSERT OR REPLACE INTO directive_relations BY NAME
SELECT DISTINCT f.directive_id AS from_directive_id, r.relation, t.directive_id AS to_directive_id,
       r.article_id
FROM directive_relation_mentions r
JOIN directive_mentions f ON f.mention_id = r.from_mention_id
JOIN directive_mentions t ON t.mention_id = r.to_mention_id
WHERE r.article_id IN (SELECT article_id FROM staged_articles)
  AND f.directive_id IS NOT NULL AND t.directive_id IS NOT NULL;
