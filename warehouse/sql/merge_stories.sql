-- Input: staged_story_merges(old_article_id, new_article_id): a new copy bridged two stories.
-- Copies and mentions move to the surviving story (mention ids stay: they only name the row);
-- the moved mentions are marked unresolved so the next resolve re-links them under their new
-- story. The emptied story row is deleted by delete_orphan_articles.sql after commit (DuckDB
-- checks foreign keys against committed state).
UPDATE article_copies SET article_id = m.new_article_id
FROM staged_story_merges m WHERE article_copies.article_id = m.old_article_id;

UPDATE conference_mentions SET article_id = m.new_article_id, link_method = NULL
FROM staged_story_merges m WHERE conference_mentions.article_id = m.old_article_id;

UPDATE person_mentions SET article_id = m.new_article_id, link_method = NULL
FROM staged_story_merges m WHERE person_mentions.article_id = m.old_article_id;

UPDATE directive_mentions SET article_id = m.new_article_id, link_method = NULL
FROM staged_story_merges m WHERE directive_mentions.article_id = m.old_article_id;

UPDATE directive_relation_mentions SET article_id = m.new_article_id
FROM staged_story_merges m WHERE directive_relation_mentions.article_id = m.old_article_id;
