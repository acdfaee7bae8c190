-- SQLite: copies newly indexed (stale ones are counted until a rebuild drops them).
UPDATE band_scheme SET indexed = indexed + ?;
