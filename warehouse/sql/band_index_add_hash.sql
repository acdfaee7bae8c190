-- SQLite: a copy's body hash (a copy extracted again with another text keeps its old one too).
INSERT OR IGNORE INTO copy_hashes (content_hash, copy_id) VALUES (?, ?);
