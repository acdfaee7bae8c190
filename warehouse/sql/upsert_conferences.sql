-- Input: staged_conferences with the columns of conferences.
-- Reports of one conference may disagree on its kind, period, format or location ('trực tuyến'
-- in one, 'trực tiếp kết hợp trực tuyến' in another). Each column keeps the most informative
-- value seen: the longest, ties broken by text order. That is a maximum, so the row does not
-- depend on the order reports are loaded in (a recovered run loads after later runs) and a
-- reload changes nothing. NULLs never replace a value.
INSERT INTO conferences BY NAME
SELECT
    conference_id,
    min(name) AS name,
    max(CASE WHEN kind IS NOT NULL THEN {'n': length(kind), 'v': kind} END).v AS kind,
    max(CASE WHEN period IS NOT NULL THEN {'n': length(period), 'v': period} END).v AS period,
    min(held_on) AS held_on,
    min(organizer) AS organizer,
    min(organization_id) AS organization_id,
    max(CASE WHEN format IS NOT NULL THEN {'n': length(format), 'v': format} END).v AS format,
    max(CASE WHEN location IS NOT NULL THEN {'n': length(location), 'v': location} END).v AS location
FROM staged_conferences
GROUP BY conference_id
ON CONFLICT (conference_id) DO UPDATE SET
    kind = greatest(
        CASE WHEN conferences.kind IS NOT NULL THEN {'n': length(conferences.kind), 'v': conferences.kind} END,
        CASE WHEN excluded.kind IS NOT NULL THEN {'n': length(excluded.kind), 'v': excluded.kind} END
    ).v,
    period = greatest(
        CASE WHEN conferences.period IS NOT NULL THEN {'n': length(conferences.period), 'v': conferences.period} END,
        CASE WHEN excluded.period IS NOT NULL THEN {'n': length(excluded.period), 'v': excluded.period} END
    ).v,
    format = greatest(
        CASE WHEN conferences.format IS NOT NULL THEN {'n': length(conferences.format), 'v': conferences.format} END,
        CASE WHEN excluded.format IS NOT NULL THEN {'n': length(excluded.format), 'v': excluded.format} END
    ).v,
    location = greatest(
        CASE WHEN conferences.location IS NOT NULL THEN {'n': length(conferences.location), 'v': conferences.location} END,
        CASE WHEN excluded.location IS NOT NULL THEN {'n': length(excluded.location), 'v': excluded.location} END
    ).v;
