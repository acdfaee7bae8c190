-- Input: staged_conferences(conference_id). Each organiser spelling their reports give, with
-- the report's event day (an alias is valid at a date).
SELECT DISTINCT organizer, event_day, source_province
FROM conference_mentions
WHERE conference_id IN (SELECT conference_id FROM staged_conferences) AND organizer IS NOT NULL;
