-- SQLite: the (band, bucket) pairs a batch asks about, in a temp table the probe joins on.
CREATE TEMP TABLE IF NOT EXISTS probe (band INTEGER NOT NULL, bucket INTEGER NOT NULL);
DELETE FROM temp.probe;
