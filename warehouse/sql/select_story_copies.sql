-- Every copy of the given stories, with what story assignment needs (signature included):
-- the stored part of a batch's story plan (flows/dedupe.py plan_stories). Literal list, as in
-- select_story_seeds.sql, so the article_id index answers it.
SELECT url, source_id, published_at, published_on, content_hash, minhash, article_id
FROM article_copies
WHERE article_id IN ({article_ids});
