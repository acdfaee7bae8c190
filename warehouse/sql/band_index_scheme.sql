-- SQLite: the banding the index was built with and how many copies it holds.
SELECT bands, band_rows, indexed FROM band_scheme;
