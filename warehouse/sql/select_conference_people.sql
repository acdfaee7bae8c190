-- Input: staged_conferences(conference_id). The people of those conferences' reports, with
-- their role, position as written and the report's bridge point; person_id NULL for a mention
-- not resolved to a person (the caller drops those: a second condition in the scan would turn
-- the index lookup into a scan). The reports by conference_mentions.conference_id, their people
-- by person_mentions.conference_mention_id (indexes, migration 0018).
WITH cm AS (
    SELECT mention_id, conference_id, bridge_point FROM conference_mentions
    WHERE conference_id IN (SELECT conference_id FROM staged_conferences)
)
SELECT cm.conference_id, pm.person_id, pm.role, pm.position, pm.organization, pm.seen_on, pm.source_province,
       cm.bridge_point, pm.mention_id
FROM person_mentions pm
JOIN cm ON cm.mention_id = pm.conference_mention_id;
