-- SQLite: 256 MB of page cache while a rebuild bulk-inserts (random B-tree inserts stay in memory).
PRAGMA cache_size = -262144;
