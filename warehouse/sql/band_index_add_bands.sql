-- SQLite: one (band, bucket) of a copy (its id from band_index_copy_ids.sql).
INSERT OR IGNORE INTO copy_bands (band, bucket, copy_id) VALUES (?, ?, ?);
