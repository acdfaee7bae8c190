-- 0001: raw layer (crawl runs, captures pointing into the WARC archive) and the first core tables.

CREATE TABLE sources (
    source_id     VARCHAR PRIMARY KEY,          -- stable slug, e.g. 'haiphong-pbgdpl' or a host name
    name          VARCHAR NOT NULL,             -- display name as the site calls itself
    base_url      VARCHAR NOT NULL,             -- scheme://host[:port] every page of the site starts with
    organization  VARCHAR,                      -- body that runs the site (cơ quan chủ quản)
    family        VARCHAR,                      -- CMS / template family, drives boilerplate rules
    priority      INTEGER NOT NULL DEFAULT 100  -- lower wins when two copies of a story tie on date
);
COMMENT ON TABLE sources IS 'Core: one row per archived web site.';
COMMENT ON COLUMN sources.source_id IS 'Stable slug of the site (registry name, or host[:port] for ad-hoc crawls).';
COMMENT ON COLUMN sources.name IS 'Display name as the site calls itself.';
COMMENT ON COLUMN sources.base_url IS 'Prefix every URL of the site starts with; used to attribute captures to the site.';
COMMENT ON COLUMN sources.organization IS 'Body that runs the site (cơ quan chủ quản).';
COMMENT ON COLUMN sources.family IS 'CMS / template family; selects boilerplate rules.';
COMMENT ON COLUMN sources.priority IS 'Authority rank for picking the canonical copy of a story: organising bodies low, aggregators high.';

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
COMMENT ON COLUMN crawl_runs.run_id IS 'UTC start time plus a random suffix; also names the WARC files and capture manifest.';
COMMENT ON COLUMN crawl_runs.started_at IS 'When the run was registered.';
COMMENT ON COLUMN crawl_runs.finished_at IS 'When the run completed or failed; NULL while running or if the process died.';
COMMENT ON COLUMN crawl_runs.start_urls IS 'Start URLs handed to the crawler.';
COMMENT ON COLUMN crawl_runs.status IS 'running | completed | failed.';
COMMENT ON COLUMN crawl_runs.pages_fetched IS 'Responses archived (any HTTP status).';
COMMENT ON COLUMN crawl_runs.fetch_errors IS 'Fetches that failed or returned HTTP >= 400.';
COMMENT ON COLUMN crawl_runs.articles_seen IS 'Article pages extracted in this run.';
COMMENT ON COLUMN crawl_runs.articles_new IS 'Stories (articles rows) this run added.';
COMMENT ON COLUMN crawl_runs.message IS 'Failure reason when status = failed.';

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
COMMENT ON COLUMN captures.capture_id IS 'sha1 of run_id, URL and fetch time: stable across reloads of the same manifest.';
COMMENT ON COLUMN captures.run_id IS 'Run that made the fetch.';
COMMENT ON COLUMN captures.source_id IS 'Site the URL belongs to (longest base_url prefix); NULL for off-registry URLs.';
COMMENT ON COLUMN captures.url IS 'Requested URL, canonicalised by the crawler.';
COMMENT ON COLUMN captures.status IS 'HTTP status; NULL when no response was received.';
COMMENT ON COLUMN captures.content_type IS 'Content-Type header of the response.';
COMMENT ON COLUMN captures.content_length IS 'Bytes of the body as received.';
COMMENT ON COLUMN captures.payload_digest IS 'WARC-Payload-Digest (sha1, base32).';
COMMENT ON COLUMN captures.warc_file IS 'WARC file name inside the archive directory.';
COMMENT ON COLUMN captures.warc_offset IS 'Seek here in warc_file and read one record with warcio to get the exact bytes received.';
COMMENT ON COLUMN captures.warc_length IS 'Length of the gzip member holding the response record.';
COMMENT ON COLUMN captures.fetched_at IS 'When the response (or failure) happened, UTC.';
COMMENT ON COLUMN captures.error IS 'Why the fetch failed or was refused (robots.txt disallowed, timeout ...); NULL on success.';

CREATE TABLE articles (
    article_id     VARCHAR PRIMARY KEY,         -- story id: md5 of the URL of the copy that founded it
    url            VARCHAR NOT NULL,            -- canonical copy: earliest published, ties by source priority
    -- No REFERENCES here on purpose: DuckDB rewrites an update of an indexed (foreign-key) column
    -- as delete + insert, which a story row referenced by its copies cannot survive. The copy
    -- this is taken from carries the enforced key (article_copies.source_id).
    source_id      VARCHAR NOT NULL,
    title          VARCHAR,
    body           VARCHAR NOT NULL,
    published_on   DATE,
    published_at   TIMESTAMP,                   -- UTC
    author         VARCHAR,
    content_hash   VARCHAR NOT NULL,
    copies         INTEGER NOT NULL,            -- number of article_copies rows of the story
    first_run_id   VARCHAR NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE articles IS 'Core: one row per story, however many sites published it; its fields are those of the canonical copy.';
COMMENT ON COLUMN articles.article_id IS 'Stable story id: md5 of the canonical URL of the first copy seen.';
COMMENT ON COLUMN articles.url IS 'URL of the canonical copy (earliest publication; ties broken by sources.priority).';
COMMENT ON COLUMN articles.source_id IS 'Site of the canonical copy.';
COMMENT ON COLUMN articles.title IS 'Title of the canonical copy.';
COMMENT ON COLUMN articles.body IS 'Main text of the canonical copy: NFC, boilerplate removed, paragraphs split by newlines.';
COMMENT ON COLUMN articles.published_on IS 'Publication date of the canonical copy.';
COMMENT ON COLUMN articles.published_at IS 'Publication time (UTC) when the page gives one.';
COMMENT ON COLUMN articles.author IS 'Byline of the canonical copy.';
COMMENT ON COLUMN articles.content_hash IS 'sha256 of the normalised body of the canonical copy.';
COMMENT ON COLUMN articles.copies IS 'How many pages (article_copies) carry this story.';
COMMENT ON COLUMN articles.first_run_id IS 'Run that first stored the story.';
COMMENT ON COLUMN articles.updated_at IS 'Last time the canonical copy or copy count changed.';

CREATE TABLE article_copies (
    url            VARCHAR PRIMARY KEY,         -- canonical URL of the page (courlan/w3lib)
    article_id     VARCHAR NOT NULL REFERENCES articles (article_id),
    source_id      VARCHAR NOT NULL REFERENCES sources (source_id),
    title          VARCHAR,
    body           VARCHAR NOT NULL,
    published_on   DATE,
    published_at   TIMESTAMP,
    author         VARCHAR,
    content_hash   VARCHAR NOT NULL,
    similarity     DOUBLE NOT NULL,             -- estimated Jaccard to the story's canonical copy
    minhash        BLOB NOT NULL,               -- MinHash signature of the body's word shingles
    capture_id     VARCHAR NOT NULL REFERENCES captures (capture_id),
    first_run_id   VARCHAR NOT NULL,
    extracted_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE article_copies IS 'Core: one row per article page (URL); copies of one story share article_id.';
COMMENT ON COLUMN article_copies.url IS 'Canonical page URL: tracking parameters, www., trailing slashes and session ids removed.';
COMMENT ON COLUMN article_copies.article_id IS 'Story the page carries.';
COMMENT ON COLUMN article_copies.source_id IS 'Site of the page.';
COMMENT ON COLUMN article_copies.title IS 'Title as this page gives it (republished copies often retitle).';
COMMENT ON COLUMN article_copies.body IS 'Main text of this page.';
COMMENT ON COLUMN article_copies.published_on IS 'Publication date this page gives.';
COMMENT ON COLUMN article_copies.published_at IS 'Publication time (UTC) this page gives.';
COMMENT ON COLUMN article_copies.author IS 'Byline on this page.';
COMMENT ON COLUMN article_copies.content_hash IS 'sha256 of the normalised body: equal hashes are exact duplicates.';
COMMENT ON COLUMN article_copies.similarity IS 'Estimated Jaccard similarity (MinHash) of this body to the canonical copy; 1 for the canonical copy.';
COMMENT ON COLUMN article_copies.minhash IS 'MinHash signature (uint64 array) used for near-duplicate detection with LSH.';
COMMENT ON COLUMN article_copies.capture_id IS 'Capture the current text was extracted from: the WARC record behind the row.';
COMMENT ON COLUMN article_copies.first_run_id IS 'Run that first stored the page.';
COMMENT ON COLUMN article_copies.extracted_at IS 'When the current text was extracted.';
