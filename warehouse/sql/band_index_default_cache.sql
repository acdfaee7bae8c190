-- SQLite: back to the default page cache (2 MB) once a rebuild is done.
PRAGMA cache_size = -2000;
