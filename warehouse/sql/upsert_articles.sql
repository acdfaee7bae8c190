-- Input: staged_articles with the columns of articles. One row per URL: the newest capture wins
-- within the batch; an existing row is only rewritten when its text really changed.
INSERT INTO articles BY NAME
SELECT *
FROM staged_articles
QUALIFY row_number() OVER (PARTITION BY url ORDER BY extracted_at DESC, capture_id) = 1
ON CONFLICT (url) DO UPDATE SET
    title        = excluded.title,
    body         = excluded.body,
    published_on = excluded.published_on,
    published_at = excluded.published_at,
    author       = excluded.author,
    content_hash = excluded.content_hash,
    capture_id   = excluded.capture_id,
    extracted_at = excluded.extracted_at
WHERE articles.content_hash <> excluded.content_hash;
