-- SQLite: the indexed copies with any of the given body hashes ({params}: one `?` per hash).
SELECT c.url
FROM copy_hashes h
JOIN copies c ON c.copy_id = h.copy_id
WHERE h.content_hash IN ({params});
