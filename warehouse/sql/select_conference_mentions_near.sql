-- Parameters: $first, $last. Stored reports whose event day falls in [$first, $last]: the
-- candidates of new reports (a range over the event_day index, never a scan of the archive).
SELECT mention_id, article_id, source_id, source_province, published_on, name, kind, period,
       held_on, held_until, organizer, format, location, bridge_point, nationwide, status,
       directives, chairs, speakers, event_day, conference_id
FROM conference_mentions
WHERE event_day BETWEEN $first AND $last;
