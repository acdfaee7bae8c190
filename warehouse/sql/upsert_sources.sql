-- Input: staged_sources(source_id, name, base_url, organization, family, priority, province)
-- The first configuration of a source is kept; a province it lacked (warehouses older than
-- migration 0010) is filled in.
INSERT INTO sources BY NAME
SELECT source_id, name, base_url, organization, family, priority, province
FROM staged_sources
QUALIFY row_number() OVER (PARTITION BY source_id) = 1
ON CONFLICT (source_id) DO UPDATE SET province = coalesce(sources.province, excluded.province);
