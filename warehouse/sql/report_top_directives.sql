-- The $top documents cited by the most stories, with what a card shows about each: the analyst
-- view v_directive_citations (one row per document; stories and sites counted distinct, and
-- reconciled with the base tables by tests/test_analyst_views.py), ordered and cut.
SELECT
    directive_id,
    symbol,
    doc_type,
    coalesce(issuer_name, issuer_code) AS issuer,
    issued_on,
    subject,
    articles AS stories,
    sites,
    first_cited,
    last_cited
FROM v_directive_citations
ORDER BY stories DESC, symbol, directive_id
LIMIT $top
