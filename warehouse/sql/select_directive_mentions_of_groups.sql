-- Input: staged_groups(group_key). Every citation of those groups: a group is resolved whole
-- (an index lookup on group_key per group). disseminated is stored by the load (migration 0012).
SELECT m.mention_id, m.article_id, m.symbol, m.doc_type, m.year, m.issued_on, m.issuer_code,
       m.issuer_stated, m.subject, m.locality, m.source_province, m.published_on, m.group_key,
       coalesce(m.disseminated, false) AS disseminated
FROM directive_mentions m
WHERE m.group_key IN (SELECT group_key FROM staged_groups);
