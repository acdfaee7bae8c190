-- Input: staged_names(name_key). The distinct organisations (with the site's province) every
-- mention of those names gives: one DISTINCT over the name_key index range, a few rows a name.
SELECT DISTINCT name_key, organization, source_province FROM person_mentions
WHERE name_key IN (SELECT name_key FROM staged_names);
