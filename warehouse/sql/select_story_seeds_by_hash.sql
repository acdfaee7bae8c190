-- Stories of the stored copies with any of these body hashes (exact duplicates), through
-- article_copies_content_hash (migration 0016). Literal list, never empty, as in
-- select_story_seeds_by_url.sql.
SELECT DISTINCT article_id FROM article_copies WHERE content_hash IN ({keys});
