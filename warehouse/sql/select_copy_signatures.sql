-- Every stored copy's URL, MinHash signature and body hash: the near-duplicate index's rebuild
-- (streamed).
SELECT url, minhash, content_hash FROM article_copies;
