-- Every stored copy's URL and MinHash signature: the near-duplicate index's rebuild (streamed).
SELECT url, minhash FROM article_copies;
