-- SQLite: forget every copy and start over with the banding given as parameters (bands, rows).
DELETE FROM copy_bands;
DELETE FROM copies;
DELETE FROM band_scheme;
INSERT INTO band_scheme (singleton, bands, band_rows, indexed) VALUES (1, ?, ?, 0);
