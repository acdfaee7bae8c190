-- Input: staged_directives with the columns of directives. Facts only fill gaps: a later mention
-- that gives the issue date or subject completes the row; nothing known is overwritten.
INSERT INTO directives BY NAME
SELECT
    directive_id,
    any_value(symbol) AS symbol,
    any_value(doc_type) AS doc_type,
    any_value(number) AS number,
    max(year) AS year,
    any_value(issuer_code) AS issuer_code,
    any_value(issuer_name) AS issuer_name,
    min(issued_on) AS issued_on,
    arg_max(subject, length(subject)) AS subject
FROM staged_directives
GROUP BY directive_id
ON CONFLICT (directive_id) DO UPDATE SET
    doc_type    = coalesce(directives.doc_type, excluded.doc_type),
    year        = coalesce(directives.year, excluded.year),
    issuer_name = coalesce(directives.issuer_name, excluded.issuer_name),
    issued_on   = coalesce(directives.issued_on, excluded.issued_on),
    subject     = coalesce(directives.subject, excluded.subject);
