-- SQLite: forget every copy and start over with the banding given as parameters (bands, rows),
-- in the index format {index_format} (warehouse/bands.py INDEX_FORMAT).
PRAGMA user_version = {index_format};
DELETE FROM copy_bands;
DELETE FROM copy_hashes;
DELETE FROM copies;
DELETE FROM band_scheme;
INSERT INTO band_scheme (singleton, bands, band_rows, indexed) VALUES (1, ?, ?, 0);
