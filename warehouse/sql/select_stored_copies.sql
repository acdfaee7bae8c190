-- Every stored page with what story assignment needs (its MinHash signature included).
SELECT c.url, c.source_id, c.published_at, c.published_on, c.content_hash, c.minhash,
       c.article_id
FROM article_copies c;
