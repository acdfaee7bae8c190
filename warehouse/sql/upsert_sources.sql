-- Input: staged_sources(source_id, name, base_url, organization, family, priority)
INSERT INTO sources BY NAME
SELECT source_id, name, base_url, organization, family, priority
FROM staged_sources
QUALIFY row_number() OVER (PARTITION BY source_id) = 1
ON CONFLICT (source_id) DO NOTHING;
