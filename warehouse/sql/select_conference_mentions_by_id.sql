-- Input: staged_ids(mention_id). Those reports, with the conference they were linked to.
SELECT mention_id, article_id, source_id, source_province, published_on, name, kind, period,
       held_on, held_until, organizer, format, location, bridge_point, nationwide, status,
       directives, chairs, speakers, place, figures, story_minhash, event_day,
       conference_id
FROM conference_mentions
WHERE mention_id IN (SELECT mention_id FROM staged_ids);
