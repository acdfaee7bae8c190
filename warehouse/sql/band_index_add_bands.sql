-- SQLite: one (band, bucket) of a copy given by URL (inserted into `copies` just before).
INSERT OR IGNORE INTO copy_bands (band, bucket, copy_id)
SELECT ?, ?, copy_id FROM copies WHERE url = ?;
