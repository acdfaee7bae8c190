-- SQLite (BandIndex.checkpoint): sync the WAL and copy its pages into the index file, then sync
-- that and empty the WAL. The first result row is (busy, pages in the WAL, pages copied).
PRAGMA wal_checkpoint(PASSIVE);
PRAGMA wal_checkpoint(TRUNCATE);
