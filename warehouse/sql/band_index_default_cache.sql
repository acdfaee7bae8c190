-- SQLite: back to the index's usual page cache (8 MB, see band_index_schema.sql) after a rebuild.
PRAGMA cache_size = -8192;
