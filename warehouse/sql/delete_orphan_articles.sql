-- Stories left without copies after a merge (run after the load transaction commits).
DELETE FROM articles WHERE article_id NOT IN (SELECT DISTINCT article_id FROM article_copies);
