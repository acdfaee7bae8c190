-- Input: staged_groups(group_key). The stored documents of those groups (an index lookup on
-- directives.group_key per group, migration 0012): what a new citation is resolved against.
SELECT directive_id, group_key, symbol, doc_type, number, year, term, locality, issuer_code,
       issuer_name, issuer_source, issued_on, subject, mentions
FROM directives
WHERE group_key IN (SELECT group_key FROM staged_groups);
