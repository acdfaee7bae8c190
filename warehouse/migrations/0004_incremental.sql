-- 0004: incremental and resumable crawls. Captures keep the HTTP validators and sitemap lastmod
-- the next run's conditional GETs and skip decisions need, and say whether the WARC holds the
-- payload (response record) or only points at an earlier copy of it (revisit record).

ALTER TABLE captures ADD COLUMN etag VARCHAR;
ALTER TABLE captures ADD COLUMN last_modified VARCHAR;
ALTER TABLE captures ADD COLUMN sitemap_lastmod VARCHAR;
ALTER TABLE captures ADD COLUMN record_type VARCHAR;

COMMENT ON COLUMN captures.etag IS 'ETag response header; sent back as If-None-Match when the URL is re-checked.';
COMMENT ON COLUMN captures.last_modified IS 'Last-Modified response header (HTTP-date); sent back as If-Modified-Since when the URL is re-checked.';
COMMENT ON COLUMN captures.sitemap_lastmod IS 'lastmod of the sitemap entry that led to this fetch, as written there; a different lastmod later makes the page be fetched again.';
COMMENT ON COLUMN captures.record_type IS 'WARC record at warc_offset: response (payload stored) or revisit (a 304, or a 200 whose payload digest equals the copy already archived; the payload is the earlier capture''s). NULL for failed fetches and captures older than migration 0004.';
COMMENT ON COLUMN crawl_runs.status IS 'running | completed | failed | interrupted (the crawl died; its captures were recovered by a later run, see message).';
COMMENT ON COLUMN crawl_runs.message IS 'Failure reason when status = failed; recovery note when status = interrupted.';
