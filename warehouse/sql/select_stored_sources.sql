-- Every registered source, as reprocess needs them to attribute archived pages.
SELECT source_id, name, base_url, organization, family, priority, province
FROM sources
ORDER BY source_id;
