-- 0001: raw layer (crawl runs, captures pointing into the WARC archive) and the first core tables.

CREATE TABLE sources (
    source_id     VARCHAR PRIMARY KEY,          -- stable slug, e.g. 'haiphong-pbgdpl' or a host name
    name          VARCHAR NOT NULL,             -- display name as the site calls itself
    base_url      VARCHAR NOT NULL,             -- scheme://host[:port] every page of the site starts with
    organization  VARCHAR,                      -- body that runs the site (cơ quan chủ quản)
    family        VARCHAR                       -- CMS / template family, drives boilerplate rules
);
COMMENT ON TABLE sources IS 'One row per archived web site.';
COMMENT ON COLUMN sources.base_url IS 'Prefix every URL of the site starts with; used to attribute captures to the site.';

CREATE TABLE crawl_runs (
    run_id         VARCHAR PRIMARY KEY,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ,
    start_urls     VARCHAR[] NOT NULL,
    status         VARCHAR NOT NULL,            -- running | completed | failed
    pages_fetched  INTEGER,
    fetch_errors   INTEGER,
    articles_seen  INTEGER,
    articles_new   INTEGER,
    message        VARCHAR
);
COMMENT ON TABLE crawl_runs IS 'Run log: one row per pipeline run (crawl, extract, load). Grows on every run.';

CREATE TABLE captures (
    capture_id      VARCHAR PRIMARY KEY,        -- sha1 of run_id, url and fetch time: stable across reloads
    run_id          VARCHAR NOT NULL REFERENCES crawl_runs (run_id),
    source_id       VARCHAR REFERENCES sources (source_id),
    url             VARCHAR NOT NULL,
    status          INTEGER,                    -- HTTP status; NULL when nothing was received
    content_type    VARCHAR,
    content_length  BIGINT,
    payload_digest  VARCHAR,                    -- WARC-Payload-Digest (sha1, base32)
    warc_file       VARCHAR,                    -- file name inside the archive directory
    warc_offset     BIGINT,                     -- byte offset of the response record's gzip member
    warc_length     BIGINT,
    fetched_at      TIMESTAMPTZ NOT NULL,
    error           VARCHAR                     -- why the fetch failed or was refused (robots.txt, timeout...)
);
COMMENT ON TABLE captures IS 'Raw layer: one row per fetch attempt, pointing into the WARC archive. Grows when pages are re-checked.';
COMMENT ON COLUMN captures.warc_offset IS 'Seek here in warc_file and read one record with warcio to get the exact bytes received.';

CREATE TABLE articles (
    url            VARCHAR PRIMARY KEY,         -- canonical URL of the article page
    source_id      VARCHAR NOT NULL REFERENCES sources (source_id),
    title          VARCHAR,
    body           VARCHAR NOT NULL,            -- main text, NFC, boilerplate removed, paragraphs split by \n
    published_on   DATE,
    published_at   TIMESTAMP,
    author         VARCHAR,
    content_hash   VARCHAR NOT NULL,            -- sha256 of the normalised body
    capture_id     VARCHAR NOT NULL REFERENCES captures (capture_id),  -- capture the current text came from
    first_run_id   VARCHAR NOT NULL,
    extracted_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE articles IS 'Core: one row per article page (URL). Re-crawling an unchanged page changes nothing here.';
COMMENT ON COLUMN articles.content_hash IS 'sha256 of the normalised body; a changed hash on re-crawl updates the row.';
