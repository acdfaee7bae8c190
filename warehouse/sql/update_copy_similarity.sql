-- Input: staged_copy_similarity(url, similarity): similarity of every copy of a touched story to
-- its (possibly new) canonical copy.
UPDATE article_copies SET similarity = s.similarity
FROM staged_copy_similarity s
WHERE article_copies.url = s.url AND article_copies.similarity IS DISTINCT FROM s.similarity;
