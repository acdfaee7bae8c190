-- SQLite (not DuckDB): the persistent near-duplicate index beside the warehouse, see
-- warehouse/bands.py and docs/warehouse.md "Near-duplicate index". One row per LSH bucket of
-- each stored copy's MinHash signature; a new page's candidates are the copies sharing a bucket.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
-- A run's buckets stay in the WAL until its load syncs them into the file (BandIndex.checkpoint,
-- before the warehouse commits), so story assignment writes ~1,500 pages sequentially instead of
-- also copying them back at random and syncing; the limit only bounds the WAL when no load follows.
PRAGMA wal_autocheckpoint = 16384;
-- 8 MB of page cache: the pages a batch's probes read are still cached when the same batch's
-- buckets are inserted next to them (the default 2 MB holds ~500 of a batch's ~1,500).
PRAGMA cache_size = -8192;
CREATE TABLE IF NOT EXISTS band_scheme (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    bands      INTEGER NOT NULL,    -- LSH bands (pipelines.dedupe.lsh_bands)
    band_rows  INTEGER NOT NULL,    -- MinHash slots per band
    indexed    INTEGER NOT NULL     -- copies indexed so far (stale ones included)
);
CREATE TABLE IF NOT EXISTS copies (
    copy_id  INTEGER PRIMARY KEY,
    url      TEXT NOT NULL UNIQUE   -- article_copies.url in the warehouse
);
CREATE TABLE IF NOT EXISTS copy_hashes (
    content_hash  TEXT NOT NULL,    -- article_copies.content_hash: a batch's exact duplicates
    copy_id       INTEGER NOT NULL,
    PRIMARY KEY (content_hash, copy_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS copy_bands (
    band     INTEGER NOT NULL,
    bucket   INTEGER NOT NULL,      -- pipelines.dedupe.band_keys: hash of the band's values
    copy_id  INTEGER NOT NULL,
    PRIMARY KEY (band, bucket, copy_id)
) WITHOUT ROWID;
