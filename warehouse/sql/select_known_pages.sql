-- Parameters: sources (the run's source ids). The frontier of their incremental crawl: every URL
-- of theirs fetched before, with what the crawler needs to skip it (article pages), re-check it
-- conditionally (validators) and replay a 304 from the archive (the last full response). One row
-- per URL. Bounded by the sources: their captures are read by the captures.source_id index
-- (migration 0018) and every window runs over those rows only; the article pages among them are
-- looked up by article_copies.capture_id and article_copies.url (its key). A URL no source
-- covers (source_id NULL) is in no run's frontier: the crawl fetches it again, unconditionally.
WITH mine AS MATERIALIZED (
    SELECT capture_id, url, status, error, fetched_at, etag, last_modified, payload_digest,
           warc_file, warc_offset, record_type, sitemap_lastmod
    FROM captures
    WHERE source_id = ANY($sources)
),
latest AS (
    SELECT url, status, error, fetched_at
    FROM mine
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, capture_id) = 1
),
ok AS (
    SELECT url, fetched_at, etag, last_modified
    FROM mine
    WHERE status IN (200, 304) AND error IS NULL
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, capture_id) = 1
),
full_copy AS (
    SELECT url, payload_digest, warc_file, warc_offset
    FROM mine
    WHERE status = 200 AND error IS NULL AND warc_file IS NOT NULL
      AND coalesce(record_type, 'response') = 'response'
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, capture_id) = 1
),
lastmod AS (
    SELECT url, arg_max(sitemap_lastmod, fetched_at) AS sitemap_lastmod
    FROM mine
    WHERE sitemap_lastmod IS NOT NULL
    GROUP BY url
),
-- A URL is an article page when a copy was extracted from one of its captures, or a copy has
-- it as its canonical URL.
article_pages AS (
    SELECT k.url FROM mine k
    WHERE k.capture_id IN (
        SELECT capture_id FROM article_copies
        WHERE capture_id IN (SELECT capture_id FROM mine)
    )
    UNION
    SELECT url FROM article_copies WHERE url IN (SELECT url FROM mine)
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
LEFT JOIN article_pages p USING (url)
ORDER BY l.url;
