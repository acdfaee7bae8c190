-- The conferences that disseminated each of the given documents (conference_directives), newest
-- first, for the report's directive cards.
SELECT
    cd.directive_id,
    c.name,
    c.held_on,
    coalesce(o.name, c.organizer) AS organizer,
    c.reports
FROM conference_directives cd
JOIN conferences c USING (conference_id)
LEFT JOIN organizations o USING (organization_id)
WHERE list_contains($directive_ids, cd.directive_id)
ORDER BY cd.directive_id, c.held_on DESC NULLS LAST, c.name
