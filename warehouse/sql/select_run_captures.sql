-- URLs one run captured, with whether an article page was extracted from them.
-- Parameters: run_id. Bounded by the run: its captures by the captures.run_id index (migration
-- 0018), their copies by article_copies.capture_id and article_copies.url (its key).
WITH run AS MATERIALIZED (
    SELECT capture_id, url, status, error FROM captures WHERE run_id = $run_id
),
by_capture AS (
    SELECT capture_id FROM article_copies WHERE capture_id IN (SELECT capture_id FROM run)
),
by_url AS (
    SELECT url FROM article_copies WHERE url IN (SELECT url FROM run)
)
SELECT k.url, k.status, k.error,
       (k.capture_id IN (SELECT capture_id FROM by_capture)
        OR k.url IN (SELECT url FROM by_url)) AS is_article
FROM run k;
