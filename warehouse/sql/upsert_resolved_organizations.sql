-- Input: staged_organizations and staged_organization_aliases with the columns of organizations
-- and organization_aliases. A row depends only on its key, never on arrival order: the
-- smallest name wins for an organisation; for an alias, a curated entry wins over a spelling
-- seen in a mention, then the smallest alias.
-- Written, and checked by resolve's sweep (delete_orphan_entities.sql) like every organisation
-- a resolve touches: one no conference or position refers to is removed.
INSERT INTO orphan_candidates
SELECT 'organization', organization_id FROM staged_organizations;
INSERT INTO organizations BY NAME
SELECT * FROM staged_organizations
QUALIFY row_number() OVER (PARTITION BY organization_id ORDER BY name) = 1
ON CONFLICT (organization_id) DO UPDATE SET name = least(organizations.name, excluded.name);

INSERT INTO organization_aliases BY NAME
SELECT * FROM staged_organization_aliases
QUALIFY row_number() OVER (
    PARTITION BY alias_key, organization_id
    ORDER BY source, alias, valid_from NULLS LAST, valid_until NULLS LAST, note NULLS LAST
) = 1
ON CONFLICT (alias_key, organization_id) DO UPDATE SET
    alias = CASE WHEN (excluded.source, excluded.alias) < (organization_aliases.source, organization_aliases.alias)
                 THEN excluded.alias ELSE organization_aliases.alias END,
    valid_from = CASE WHEN (excluded.source, excluded.alias) < (organization_aliases.source, organization_aliases.alias)
                      THEN excluded.valid_from ELSE organization_aliases.valid_from END,
    valid_until = CASE WHEN (excluded.source, excluded.alias) < (organization_aliases.source, organization_aliases.alias)
                       THEN excluded.valid_until ELSE organization_aliases.valid_until END,
    note = CASE WHEN (excluded.source, excluded.alias) < (organization_aliases.source, organization_aliases.alias)
                THEN excluded.note ELSE organization_aliases.note END,
    source = CASE WHEN (excluded.source, excluded.alias) < (organization_aliases.source, organization_aliases.alias)
                  THEN excluded.source ELSE organization_aliases.source END;
