-- Input: staged_names(name_key). Every mention of those names: a name is resolved whole.
SELECT pm.mention_id, pm.article_id, pm.name, pm.position, pm.organization, pm.seen_on, pm.source_province,
       pm.person_id AS old_person_id, cm.conference_id
FROM person_mentions pm
LEFT JOIN conference_mentions cm ON cm.mention_id = pm.conference_mention_id
WHERE pm.name_key IN (SELECT name_key FROM staged_names);
