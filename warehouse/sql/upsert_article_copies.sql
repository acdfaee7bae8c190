-- Input: staged_article_copies with the columns of article_copies. One row per page URL; an
-- existing row is rewritten only when its text, title, dates (or how they were found), author
-- or story changed (re-crawls of an unchanged page change nothing).
-- A page moving to another story may leave its old story without copies: that story goes to
-- delete_orphan_articles.sql, which runs after commit (found by the url key).
INSERT INTO orphan_candidates
SELECT 'story', c.article_id FROM article_copies c
JOIN staged_article_copies s ON c.url = s.url AND c.article_id <> s.article_id;
INSERT INTO article_copies BY NAME
SELECT * FROM staged_article_copies
QUALIFY row_number() OVER (PARTITION BY url ORDER BY extracted_at DESC, capture_id) = 1
ON CONFLICT (url) DO UPDATE SET
    article_id   = excluded.article_id,
    source_id    = excluded.source_id,
    title        = excluded.title,
    body         = excluded.body,
    published_on = excluded.published_on,
    published_at = excluded.published_at,
    date_source  = excluded.date_source,
    author       = excluded.author,
    content_hash = excluded.content_hash,
    similarity   = excluded.similarity,
    minhash      = excluded.minhash,
    capture_id   = excluded.capture_id,
    extracted_at = excluded.extracted_at
WHERE article_copies.content_hash <> excluded.content_hash
   OR article_copies.article_id <> excluded.article_id
   OR article_copies.title IS DISTINCT FROM excluded.title
   OR article_copies.published_on IS DISTINCT FROM excluded.published_on
   OR article_copies.published_at IS DISTINCT FROM excluded.published_at
   OR article_copies.date_source IS DISTINCT FROM excluded.date_source
   OR article_copies.author IS DISTINCT FROM excluded.author;
