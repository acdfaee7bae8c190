-- Input: staged_conferences with the columns of conferences; the first report fills gaps.
INSERT INTO conferences BY NAME
SELECT * FROM staged_conferences
QUALIFY row_number() OVER (PARTITION BY conference_id ORDER BY name) = 1
ON CONFLICT (conference_id) DO UPDATE SET
    kind     = coalesce(conferences.kind, excluded.kind),
    period   = coalesce(conferences.period, excluded.period),
    format   = coalesce(conferences.format, excluded.format),
    location = coalesce(conferences.location, excluded.location);
