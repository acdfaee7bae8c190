-- Input: staged_names(name_key). Every mention of those names: a name is resolved whole. The
-- mentions by person_mentions.name_key (index), then their reports by key.
WITH pm AS MATERIALIZED (
    SELECT mention_id, article_id, name, position, organization, seen_on, source_province,
           person_id, conference_mention_id
    FROM person_mentions
    WHERE name_key IN (SELECT name_key FROM staged_names)
),
cm AS (
    SELECT mention_id, conference_id FROM conference_mentions
    WHERE mention_id IN (SELECT conference_mention_id FROM pm)
)
SELECT pm.mention_id, pm.article_id, pm.name, pm.position, pm.organization, pm.seen_on, pm.source_province,
       pm.person_id AS old_person_id, cm.conference_id
FROM pm
LEFT JOIN cm ON cm.mention_id = pm.conference_mention_id;
