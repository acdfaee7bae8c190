-- Input: staged_canonical(article_id, url, updated_at): the canonical copy of each touched story.
-- The story row takes the canonical copy's fields and the copy count; unchanged rows stay as they are.
UPDATE articles SET
    url          = c.url,
    source_id    = c.source_id,
    title        = c.title,
    body         = c.body,
    published_on = c.published_on,
    published_at = c.published_at,
    date_source  = c.date_source,
    author       = c.author,
    content_hash = c.content_hash,
    copies       = n.copies,
    updated_at   = s.updated_at
FROM staged_canonical s
JOIN article_copies c ON c.url = s.url
JOIN (
    -- the touched stories' copies only (article_copies.article_id index, migration 0018)
    SELECT article_id, count(*)::INTEGER AS copies FROM article_copies
    WHERE article_id IN (SELECT article_id FROM staged_canonical)
    GROUP BY article_id
) n
  ON n.article_id = s.article_id
WHERE articles.article_id = s.article_id
  AND (articles.url <> c.url OR articles.content_hash <> c.content_hash
       OR articles.copies <> n.copies OR articles.title IS DISTINCT FROM c.title
       OR articles.published_on IS DISTINCT FROM c.published_on
       OR articles.published_at IS DISTINCT FROM c.published_at
       OR articles.date_source IS DISTINCT FROM c.date_source
       OR articles.author IS DISTINCT FROM c.author);
