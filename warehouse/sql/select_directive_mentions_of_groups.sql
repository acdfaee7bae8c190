-- Input: staged_groups(group_key). Every citation of those groups: a group is resolved whole.
SELECT mention_id, article_id, symbol, doc_type, year, issued_on, issuer_code, issuer_stated,
       subject, locality, source_province, published_on, group_key
FROM directive_mentions
WHERE group_key IN (SELECT group_key FROM staged_groups);
