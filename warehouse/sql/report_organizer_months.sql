-- Conferences per organiser per month for the $top busiest organisers. The organiser is the
-- resolved organisation's canonical name where there is one, else the name as reported.
WITH held AS (
    SELECT
        coalesce(o.name, c.organizer) AS organizer,
        date_trunc('month', c.held_on)::DATE AS month
    FROM conferences c
    LEFT JOIN organizations o USING (organization_id)
    WHERE c.held_on IS NOT NULL AND coalesce(o.name, c.organizer) IS NOT NULL
),
busiest AS (
    SELECT organizer, count(*) AS conferences
    FROM held
    GROUP BY organizer
    ORDER BY conferences DESC, organizer
    LIMIT $top
)
SELECT organizer, month, count(*) AS conferences
FROM held
JOIN busiest USING (organizer)
GROUP BY ALL
ORDER BY organizer, month
