-- SQLite: one probed (band, bucket).
INSERT INTO temp.probe (band, bucket) VALUES (?, ?);
