-- Citations not yet resolved (new, re-extracted, moved, or in a group that changed); group_key
-- NULL: never resolved (a new citation), else the group it was last resolved in.
SELECT mention_id, article_id, symbol, doc_type, year, issued_on, issuer_code, issuer_stated,
       subject, locality, source_province, published_on, group_key,
       coalesce(disseminated, false) AS disseminated
FROM directive_mentions
-- `unresolved` is TRUE exactly while link_method is NULL (migration 0019): an index lookup.
WHERE unresolved = true;
