-- Per site per month: pages published there and the stories they carry (one row per page, so
-- no join fans out: every page counts once, in the month of its own publication date).
SELECT
    s.name AS site,
    date_trunc('month', c.published_on)::DATE AS month,
    count(*) AS pages,
    count(DISTINCT c.article_id) AS stories
FROM article_copies c
JOIN sources s USING (source_id)
WHERE c.published_on IS NOT NULL
GROUP BY ALL
ORDER BY month, site
