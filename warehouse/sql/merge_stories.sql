-- Input: staged_story_merges(old_article_id, new_article_id): a new copy bridged two stories.
-- Copies and entity links move to the surviving story; the emptied story row is deleted by
-- delete_orphan_articles.sql after commit (DuckDB checks foreign keys against committed state).
UPDATE article_copies SET article_id = m.new_article_id
FROM staged_story_merges m WHERE article_copies.article_id = m.old_article_id;

INSERT INTO directive_mentions BY NAME
SELECT m.new_article_id AS article_id, d.directive_id, d.sentence
FROM directive_mentions d JOIN staged_story_merges m ON d.article_id = m.old_article_id
ON CONFLICT DO NOTHING;
DELETE FROM directive_mentions WHERE article_id IN (SELECT old_article_id FROM staged_story_merges);

INSERT INTO directive_relations BY NAME
SELECT r.from_directive_id, r.relation, r.to_directive_id, m.new_article_id AS article_id
FROM directive_relations r JOIN staged_story_merges m ON r.article_id = m.old_article_id
ON CONFLICT DO NOTHING;
DELETE FROM directive_relations WHERE article_id IN (SELECT old_article_id FROM staged_story_merges);

INSERT INTO conference_articles BY NAME
SELECT c.conference_id, m.new_article_id AS article_id
FROM conference_articles c JOIN staged_story_merges m ON c.article_id = m.old_article_id
ON CONFLICT DO NOTHING;
DELETE FROM conference_articles WHERE article_id IN (SELECT old_article_id FROM staged_story_merges);
