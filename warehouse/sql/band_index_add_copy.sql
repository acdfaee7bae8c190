-- SQLite: a copy's URL gets its integer id (kept if already indexed).
INSERT OR IGNORE INTO copies (url) VALUES (?);
