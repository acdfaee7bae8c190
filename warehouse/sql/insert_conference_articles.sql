-- Input: staged_conference_articles(conference_id, article_id)
INSERT INTO conference_articles BY NAME
SELECT DISTINCT * FROM staged_conference_articles
ON CONFLICT DO NOTHING;
