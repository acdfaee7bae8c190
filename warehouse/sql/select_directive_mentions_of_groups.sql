-- Input: staged_groups(group_key). Every citation of those groups: a group is resolved whole.
-- disseminated: a conference the same story reports disseminated the symbol (as
-- pipelines.resolution.mentions.mentions_of derives it from one extraction).
SELECT m.mention_id, m.article_id, m.symbol, m.doc_type, m.year, m.issued_on, m.issuer_code,
       m.issuer_stated, m.subject, m.locality, m.source_province, m.published_on, m.group_key,
       EXISTS (
           SELECT 1 FROM conference_mentions c
           WHERE c.article_id = m.article_id AND list_contains(c.directives, m.symbol)
       ) AS disseminated
FROM directive_mentions m
WHERE m.group_key IN (SELECT group_key FROM staged_groups);
