-- Uptake of the given documents (the report's most-cited ones): per document per month, the
-- stories citing it (dated by the story's publication), so a line shows when the press took a
-- document up. Per document, not per symbol: one symbol can name two documents.
WITH citing AS (
    SELECT DISTINCT m.directive_id, m.article_id, a.published_on
    FROM directive_mentions m
    JOIN articles a USING (article_id)
    WHERE list_contains($directive_ids, m.directive_id) AND a.published_on IS NOT NULL
)
SELECT
    directive_id,
    date_trunc('month', published_on)::DATE AS month,
    count(*) AS stories
FROM citing
GROUP BY ALL
ORDER BY month, directive_id
