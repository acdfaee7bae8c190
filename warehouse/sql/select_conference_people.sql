-- Input: staged_conferences(conference_id). The resolved people of those conferences' reports,
-- with their role, position as written and the report's bridge point.
SELECT cm.conference_id, pm.person_id, pm.role, pm.position, pm.organization, pm.seen_on, pm.source_province,
       cm.bridge_point, pm.mention_id
FROM person_mentions pm
JOIN conference_mentions cm ON cm.mention_id = pm.conference_mention_id
WHERE cm.conference_id IN (SELECT conference_id FROM staged_conferences)
  AND pm.person_id IS NOT NULL;
