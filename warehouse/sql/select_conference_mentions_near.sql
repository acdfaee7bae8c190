-- Parameters: $first, $last, $longest (= $first - MAX_SPAN_DAYS), $preview_lead (days).
-- Stored reports whose days (event_day .. held_until; an undated preview's event_day and the
-- $preview_lead days after it) meet [$first, $last]: the candidates of new reports. One range
-- filter on event_day (a multi-day event is looked for from $longest): DuckDB prunes row
-- groups by their event_day zone maps (its ART indexes serve equality, not ranges); about
-- 30-100 ms on 200k stored reports with days in random order, less when they arrive by date.
SELECT mention_id, article_id, source_id, source_province, published_on, name, kind, period,
       held_on, held_until, organizer, format, location, bridge_point, nationwide, status,
       directives, chairs, speakers, place, figures, story_minhash, event_day,
       conference_id
FROM conference_mentions
WHERE event_day BETWEEN $longest AND $last
  AND greatest(
        event_day,
        coalesce(held_until, event_day),
        CASE WHEN held_on IS NULL AND status = 'planned'
             THEN event_day + to_days(CAST($preview_lead AS INTEGER)) END
      ) >= $first;
