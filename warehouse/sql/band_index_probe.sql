-- SQLite: the copies sharing a bucket with any probed (band, bucket); each probe is one B-tree
-- seek on copy_bands' primary key.
SELECT DISTINCT c.url
FROM temp.probe p
JOIN copy_bands b ON b.band = p.band AND b.bucket = p.bucket
JOIN copies c ON c.copy_id = b.copy_id;
