-- People mentions not yet resolved (new, re-extracted, moved, or of a name that changed), with
-- the person they were linked to (old_person_id) and their report's conference. `unresolved` is
-- TRUE exactly while link_method is NULL (migration 0019): an index lookup, in a subquery of its
-- own (written as one WHERE on the join, DuckDB scans person_mentions instead).
SELECT pm.mention_id, pm.article_id, pm.name, pm.name_key, pm.position, pm.organization,
       pm.seen_on, pm.source_province, pm.person_id AS old_person_id, cm.conference_id
FROM (SELECT * FROM person_mentions WHERE unresolved = true) pm
LEFT JOIN conference_mentions cm ON cm.mention_id = pm.conference_mention_id;
