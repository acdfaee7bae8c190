-- Parameters: query, limit. Best BM25 matches first.
SELECT a.article_id, a.title, a.published_on, s.name AS site, a.url, score
FROM (
    SELECT *, fts_main_articles.match_bm25(article_id, $query) AS score FROM articles
) a
JOIN sources s USING (source_id)
WHERE score IS NOT NULL
ORDER BY score DESC
LIMIT $limit;
