-- The $top documents cited by the most stories, with what a card shows about each. Counted per
-- story (a story citing a document twice counts once), then joined to one row per document.
WITH citing AS (
    SELECT
        m.directive_id,
        count(DISTINCT m.article_id) AS stories,
        min(a.published_on) AS first_cited,
        max(a.published_on) AS last_cited
    FROM directive_mentions m
    JOIN articles a USING (article_id)
    WHERE m.directive_id IS NOT NULL
    GROUP BY m.directive_id
),
citing_sites AS (
    SELECT m.directive_id, count(DISTINCT c.source_id) AS sites
    FROM (SELECT DISTINCT directive_id, article_id FROM directive_mentions) m
    JOIN article_copies c USING (article_id)
    WHERE m.directive_id IS NOT NULL
    GROUP BY m.directive_id
)
SELECT
    d.directive_id,
    d.symbol,
    d.doc_type,
    coalesce(d.issuer_name, d.issuer_code) AS issuer,
    d.issued_on,
    d.subject,
    citing.stories,
    coalesce(citing_sites.sites, 0) AS sites,
    citing.first_cited,
    citing.last_cited
FROM directives d
JOIN citing USING (directive_id)
LEFT JOIN citing_sites USING (directive_id)
ORDER BY citing.stories DESC, d.symbol, d.directive_id
LIMIT $top
