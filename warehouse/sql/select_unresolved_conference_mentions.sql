-- Conference reports not yet resolved (new, re-extracted, moved, or next to a changed one).
SELECT mention_id, article_id, source_id, source_province, published_on, name, kind, period,
       held_on, held_until, organizer, format, location, bridge_point, nationwide, status,
       directives, chairs, speakers, place, figures, story_minhash, event_day,
       conference_id
FROM conference_mentions
-- `unresolved` is TRUE exactly while link_method is NULL (migration 0019): an index lookup.
WHERE unresolved = true;
