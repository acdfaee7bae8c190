-- Input: staged_story_merges, after merge_stories.sql and drop_story_mentions.sql (warehouse/
-- tables.py `then`).
-- The keeper's mentions move to the survivor (a keeper that is the survivor stays put).
UPDATE conference_mentions SET article_id = m.new_article_id, link_method = NULL, unresolved = true
FROM staged_story_merges m WHERE conference_mentions.article_id = m.old_article_id;
UPDATE person_mentions SET article_id = m.new_article_id, link_method = NULL, unresolved = true
FROM staged_story_merges m WHERE person_mentions.article_id = m.old_article_id;
UPDATE directive_mentions SET article_id = m.new_article_id, link_method = NULL, unresolved = true
FROM staged_story_merges m WHERE directive_mentions.article_id = m.old_article_id;
UPDATE directive_relation_mentions SET article_id = m.new_article_id
FROM staged_story_merges m WHERE directive_relation_mentions.article_id = m.old_article_id;

-- The merged-away stories, for delete_orphan_articles.sql after commit; the relations they
-- stated now belong to the survivor (resolve's sweep drops the old story's).
INSERT INTO orphan_candidates
SELECT 'story', old_article_id FROM staged_story_merges
UNION ALL SELECT 'relations', old_article_id FROM staged_story_merges;

DROP TABLE merge_keepers;
