-- SQLite: the index format the file was built in (0 for a file older than formats).
PRAGMA user_version;
