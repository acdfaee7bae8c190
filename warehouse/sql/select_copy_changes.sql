-- Input: staged_article_copies (before the load). Per source: how many of the batch's article pages
-- are new URLs, stored URLs whose text changed, and stored URLs whose text is unchanged; `retitled`
-- counts the unchanged ones whose title alone changed (the search index covers titles too).
-- Bounded by the batch: the stored rows are looked up by article_copies.url (its key).
WITH staged AS (
    SELECT url, source_id, content_hash, title
    FROM staged_article_copies
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY extracted_at DESC, capture_id) = 1
),
stored AS (
    SELECT url, content_hash, title FROM article_copies
    WHERE url IN (SELECT url FROM staged)
)
SELECT
    s.source_id,
    count(*) FILTER (WHERE c.url IS NULL)                                   AS new,
    count(*) FILTER (WHERE c.url IS NOT NULL AND c.content_hash <> s.content_hash) AS changed,
    count(*) FILTER (WHERE c.content_hash = s.content_hash)                 AS unchanged,
    count(*) FILTER (WHERE c.content_hash = s.content_hash AND c.title IS DISTINCT FROM s.title)
                                                                            AS retitled
FROM staged s
LEFT JOIN stored c USING (url)
GROUP BY s.source_id
ORDER BY s.source_id;
