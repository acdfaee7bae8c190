-- The republication matrix: for each ordered pair of different sites, the stories both carry
-- (a story with copies on several sites counts once per pair of them).
WITH carried AS (
    SELECT DISTINCT c.article_id, s.name AS site
    FROM article_copies c
    JOIN sources s USING (source_id)
)
SELECT a.site AS site, b.site AS also_on, count(*) AS stories
FROM carried a
JOIN carried b ON a.article_id = b.article_id AND a.site <> b.site
GROUP BY ALL
ORDER BY site, also_on
