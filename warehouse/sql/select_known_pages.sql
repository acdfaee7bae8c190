-- The frontier of an incremental crawl: every URL fetched before, with what the crawler needs to
-- skip it (article pages), re-check it conditionally (validators) and replay a 304 from the
-- archive (the last full response). One row per URL.
WITH latest AS (
    SELECT url, status, error, fetched_at
    FROM captures
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, capture_id) = 1
),
ok AS (
    SELECT url, fetched_at, etag, last_modified
    FROM captures
    WHERE status IN (200, 304) AND error IS NULL
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, capture_id) = 1
),
full_copy AS (
    SELECT url, payload_digest, warc_file, warc_offset
    FROM captures
    WHERE status = 200 AND error IS NULL AND warc_file IS NOT NULL
      AND coalesce(record_type, 'response') = 'response'
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, capture_id) = 1
),
lastmod AS (
    SELECT url, arg_max(sitemap_lastmod, fetched_at) AS sitemap_lastmod
    FROM captures
    WHERE sitemap_lastmod IS NOT NULL
    GROUP BY url
),
article_pages AS (
    SELECT k.url FROM article_copies a JOIN captures k USING (capture_id)
    UNION
    SELECT url FROM article_copies
)
SELECT
    l.url,
    (l.status IN (200, 304) AND l.error IS NULL AND f.url IS NOT NULL) AS ok,
    o.fetched_at,
    o.etag,
    o.last_modified,
    f.payload_digest,
    f.warc_file,
    f.warc_offset,
    (p.url IS NOT NULL) AS is_article,
    m.sitemap_lastmod
FROM latest l
LEFT JOIN ok o USING (url)
LEFT JOIN full_copy f USING (url)
LEFT JOIN lastmod m USING (url)
LEFT JOIN (SELECT DISTINCT url FROM article_pages) p USING (url)
ORDER BY l.url;
