-- Input: staged_new_articles with the columns of articles: stories first seen in this batch,
-- filled from their canonical copy. Existing stories are refreshed by refresh_articles.sql.
INSERT INTO articles BY NAME
SELECT * FROM staged_new_articles
QUALIFY row_number() OVER (PARTITION BY article_id) = 1
ON CONFLICT (article_id) DO NOTHING;
