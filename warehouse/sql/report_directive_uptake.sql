-- Uptake of the $top most-cited documents: per document per month, the stories citing it
-- (dated by the story's publication), so a line shows when the press took a document up.
WITH top_directives AS (
    SELECT directive_id, count(DISTINCT article_id) AS stories
    FROM directive_mentions
    WHERE directive_id IS NOT NULL
    GROUP BY directive_id
    ORDER BY stories DESC, directive_id
    LIMIT $top
),
citing AS (
    SELECT DISTINCT m.directive_id, m.article_id, a.published_on
    FROM directive_mentions m
    JOIN top_directives USING (directive_id)
    JOIN articles a USING (article_id)
    WHERE a.published_on IS NOT NULL
)
SELECT
    d.symbol,
    date_trunc('month', citing.published_on)::DATE AS month,
    count(*) AS stories
FROM citing
JOIN directives d USING (directive_id)
GROUP BY ALL
ORDER BY month, d.symbol
