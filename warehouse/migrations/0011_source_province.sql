-- 0011: a site's province (sites.Source.province) is stored with the site. Mentions carry it
-- (the locality of a local document, the place of a placeless "Tỉnh ủy"), and a reprocess that
-- rebuilds from the archive alone reads the sources back from here: without it, a reprocessed
-- warehouse resolved local documents and people differently from the one the crawls built.
-- Existing rows get it at their source's next load (upsert_sources.sql fills a missing one).

ALTER TABLE sources ADD COLUMN province VARCHAR;
COMMENT ON COLUMN sources.province IS 'Province the site publishes in (sites.Source.province); NULL for a national site.';
